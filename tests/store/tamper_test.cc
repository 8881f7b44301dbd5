// Tampering with the event log the way someone holding the file could (the sqlite3 shell:
// drop the triggers, then edit rows), and Verify naming the first bad event each time.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "store/database.h"
#include "store/event_chain.h"
#include "store/event_log.h"
#include "store/schema.h"
#include "store/store_test_support.h"

namespace equilens {
namespace {

constexpr int kEvents = 200;

// A log of `events` events (200 unless told), the head an ombuds office recorded
// ("200 <hex>"), and a second connection with the triggers dropped: the attacker's shell.
class TamperedLog {
 public:
  explicit TamperedLog(int events = kEvents) {
    database_ = OpenMigrated(dir_.File("equilens.db"));
    log_ = std::make_unique<EventLog>(*database_);
    Result<WriteTransaction> transaction = WriteTransaction::Begin(*database_);
    REQUIRE(transaction.ok());
    for (int n = 1; n <= events; ++n) {
      REQUIRE(log_->Append({"EQ-2026-" + std::to_string(1000 + n % 7), "2026-04-01T09:00:00.000Z",
                            n % 2 ? "alice" : "bob", "cesj_reviewer", "comment_added",
                            R"({"text":"comment number )" + std::to_string(n) + R"("})"})
                  .ok());
    }
    REQUIRE(transaction->Commit().ok());
    const ChainHead head = *log_->Head();
    recorded_head_ = std::to_string(head.seq) + " " + ToHex(head.hash);
    recorded_hash_ = ToHex(head.hash);

    shell_ = OpenOrDie(dir_.File("equilens.db"), OpenMode::kMustExist);
    REQUIRE(shell_->Exec("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete").ok());
  }

  // Runs the attacker's SQL.
  void Tamper(const std::string& sql) {
    Status status = shell_->Exec(sql);
    REQUIRE_MESSAGE(status.ok(), status.ToString());
  }

  // Flips the lowest bit of the last byte of event `seq`'s hash. (SQLite 3.40 has no
  // unhex(), and || turns blobs into text, so this is done here rather than in SQL.)
  void FlipHashBit(std::int64_t seq) {
    Result<Statement> select = shell_->Prepare("SELECT hash FROM events WHERE seq = ?1");
    REQUIRE(select.ok());
    select->BindInt64(1, seq);
    REQUIRE(*select->Step() == StepResult::kRow);
    std::string hash(select->ColumnBlob(0));
    REQUIRE(hash.size() == 32);
    hash.back() = static_cast<char>(hash.back() ^ 1);
    Result<Statement> update = shell_->Prepare("UPDATE events SET hash = ?1 WHERE seq = ?2");
    REQUIRE(update.ok());
    update->BindBlob(1, hash.data(), hash.size());
    update->BindInt64(2, seq);
    REQUIRE(update->Run().ok());
  }

  // What an attacker who knows the algorithm does next: recompute every hash from `from_seq`
  // on, so each link verifies again.
  void Rehash(std::int64_t from_seq) {
    EventLog shell_log(*shell_);
    Sha256Digest previous = kGenesisHash;
    std::vector<StoredEvent> events;
    REQUIRE(shell_log
                .ForEach(1,
                         [&](const StoredEvent& event) {
                           events.push_back(event);
                           return Status::Ok();
                         })
                .ok());
    std::string scratch;
    for (const StoredEvent& event : events) {
      if (event.seq >= from_seq) {
        const Sha256Digest forged = ChainHash(previous,
                                              {event.seq, event.initiative, event.at, event.actor,
                                               event.role, event.kind, event.payload},
                                              &scratch);
        Result<Statement> update = shell_->Prepare("UPDATE events SET hash = ?1 WHERE seq = ?2");
        REQUIRE(update.ok());
        update->BindBlob(1, forged.data(), forged.size());
        update->BindInt64(2, event.seq);
        REQUIRE(update->Run().ok());
        previous = forged;
      } else {
        previous = event.hash;
      }
    }
  }

  VerifyReport Verify(const std::optional<std::string>& expect = std::nullopt) {
    Result<VerifyReport> report = log_->Verify(expect);
    REQUIRE_MESSAGE(report.ok(), report.status().ToString());
    return *report;
  }

  const std::string& recorded_head() const { return recorded_head_; }  // "200 <hex>"
  const std::string& recorded_hash() const { return recorded_hash_; }  // "<hex>"

 private:
  TempDir dir_;
  std::unique_ptr<Database> database_;
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<Database> shell_;
  std::string recorded_head_;
  std::string recorded_hash_;
};

void CheckBadAt(const VerifyReport& report, std::int64_t seq, const std::string& problem) {
  CHECK_FALSE(report.intact);
  REQUIRE(report.first_bad_seq.has_value());
  CHECK(*report.first_bad_seq == seq);
  CHECK(report.problem == problem);
  CHECK(report.events_checked == seq - 1);  // every event before it verified
  CHECK(report.head.seq == seq - 1);
}

}  // namespace

TEST_CASE("the untouched log verifies, with and without the recorded head") {
  TamperedLog log;
  CHECK(log.Verify().intact);
  CHECK(log.Verify(log.recorded_head()).intact);
  CHECK(log.Verify(log.recorded_hash()).intact);
}

TEST_CASE("tampering: one payload byte changed") {
  TamperedLog log;
  log.Tamper("UPDATE events SET payload = replace(payload, 'number', 'numbeR') WHERE seq = 57");
  CheckBadAt(log.Verify(), 57,
             "event 57 does not match its hash: it or an earlier event was altered");
  CheckBadAt(log.Verify(log.recorded_head()), 57,
             "event 57 does not match its hash: it or an earlier event was altered");
}

TEST_CASE("tampering: another field changed (actor, time, kind, initiative, role)") {
  const char* edits[] = {
      "UPDATE events SET actor = 'mallory' WHERE seq = 120",
      "UPDATE events SET at = '2026-04-01T09:00:00.001Z' WHERE seq = 120",
      "UPDATE events SET kind = 'comment_deleted' WHERE seq = 120",
      "UPDATE events SET initiative = 'EQ-2026-9999' WHERE seq = 120",
      "UPDATE events SET role = 'cesj_lead' WHERE seq = 120",
  };
  for (const char* edit : edits) {
    CAPTURE(edit);
    TamperedLog fresh;
    fresh.Tamper(edit);
    CheckBadAt(fresh.Verify(), 120,
               "event 120 does not match its hash: it or an earlier event was altered");
  }
}

TEST_CASE("tampering: one bit of a stored hash flipped") {
  TamperedLog log;
  log.FlipHashBit(57);
  CheckBadAt(log.Verify(), 57,
             "event 57 does not match its hash: it or an earlier event was altered");
}

TEST_CASE("tampering: a hash of the wrong size") {
  TamperedLog log;
  log.Tamper("UPDATE events SET hash = substr(hash, 1, 31) WHERE seq = 57");
  CheckBadAt(log.Verify(), 57, "event 57's hash is 31 bytes, not 32: the record was altered");
}

TEST_CASE("tampering: a row deleted") {
  TamperedLog log;
  log.Tamper("DELETE FROM events WHERE seq = 57");
  CheckBadAt(log.Verify(), 57, "event 57 is missing: the sequence jumps from 56 to 58");

  SUBCASE("several rows") {
    log.Tamper("DELETE FROM events WHERE seq BETWEEN 58 AND 60");
    CheckBadAt(log.Verify(), 57, "events 57 to 60 are missing: the sequence jumps from 56 to 61");
  }
}

TEST_CASE("tampering: the first rows deleted") {
  TamperedLog log;
  log.Tamper("DELETE FROM events WHERE seq <= 3");
  CheckBadAt(log.Verify(), 1, "events 1 to 3 are missing: the log starts at event 4");
}

TEST_CASE("tampering: two rows' payloads swapped") {
  TamperedLog log;
  log.Tamper(
      "UPDATE events SET payload = CASE seq "
      "  WHEN 30 THEN (SELECT payload FROM events WHERE seq = 90) "
      "  ELSE (SELECT payload FROM events WHERE seq = 30) END "
      "WHERE seq IN (30, 90)");
  CheckBadAt(log.Verify(), 30,
             "event 30 does not match its hash: it or an earlier event was altered");
}

TEST_CASE("tampering: a row deleted and the rest renumbered to close the gap") {
  TamperedLog log;
  log.Tamper("DELETE FROM events WHERE seq = 57");
  // Two steps, so no number is briefly taken twice.
  log.Tamper("UPDATE events SET seq = seq + 1000000 WHERE seq > 57");
  log.Tamper("UPDATE events SET seq = seq - 1000001 WHERE seq > 1000000");
  // The old event 58 now claims to be 57, but its hash covers the number 58.
  CheckBadAt(log.Verify(), 57,
             "event 57 does not match its hash: it or an earlier event was altered");
}

TEST_CASE("tampering: every row renumbered from 0") {
  TamperedLog log;
  log.Tamper("UPDATE events SET seq = seq - 1000001");
  log.Tamper("UPDATE events SET seq = seq + 1000000");
  VerifyReport report = log.Verify();
  CHECK_FALSE(report.intact);
  REQUIRE(report.first_bad_seq.has_value());
  CHECK(*report.first_bad_seq == 0);
  CHECK(report.problem ==
        "the log starts at event 0, but events are numbered from 1: the record was renumbered");
  CHECK(report.events_checked == 0);
}

TEST_CASE("tampering: the tail truncated is caught only against the recorded head") {
  TamperedLog log;
  log.Tamper("DELETE FROM events WHERE seq > 180");

  VerifyReport alone = log.Verify();
  CHECK(alone.intact);  // what remains is a valid chain: the walk alone cannot tell
  CHECK(alone.head.seq == 180);

  VerifyReport against_head = log.Verify(log.recorded_head());
  CHECK_FALSE(against_head.intact);
  REQUIRE(against_head.first_bad_seq.has_value());
  CHECK(*against_head.first_bad_seq == 181);
  CHECK(against_head.events_checked == 180);
  CHECK(against_head.problem == "the chain ends at event 180 with hash " + ToHex(alone.head.hash) +
                                    ", but the recorded head was event 200 with hash " +
                                    log.recorded_hash() +
                                    "; events after 180 were removed or the chain was rewritten");

  SUBCASE("a head recorded without its number still catches it, without placing it") {
    VerifyReport hash_only = log.Verify(log.recorded_hash());
    CHECK_FALSE(hash_only.intact);
    CHECK_FALSE(hash_only.first_bad_seq.has_value());
    CHECK(hash_only.problem.find("the chain ends at event 180 with hash " + ToHex(alone.head.hash) +
                                 ", but the recorded head hash " + log.recorded_hash() +
                                 " is not in it") == 0);
  }
}

TEST_CASE("tampering: a payload changed and the chain re-hashed is caught by the recorded head") {
  TamperedLog log;
  log.Tamper("UPDATE events SET payload = '{\"text\":\"nothing to see\"}' WHERE seq = 57");
  log.Rehash(57);

  VerifyReport alone = log.Verify();
  CHECK(alone.intact);  // every link verifies: only a head kept elsewhere can tell
  CHECK(alone.events_checked == kEvents);

  VerifyReport against_head = log.Verify(log.recorded_head());
  CHECK_FALSE(against_head.intact);
  REQUIRE(against_head.first_bad_seq.has_value());
  CHECK(*against_head.first_bad_seq == 200);  // the rewrite began at or before it
  CHECK(against_head.problem == "event 200 has hash " + ToHex(alone.head.hash) +
                                    ", but the recorded head was event 200 with hash " +
                                    log.recorded_hash() +
                                    "; the chain was rewritten at or before event 200");

  CHECK_FALSE(log.Verify(log.recorded_hash()).intact);
}

TEST_CASE("tampering: the tail truncated and forged events appended past the recorded head") {
  TamperedLog log;
  log.Tamper("DELETE FROM events WHERE seq > 150");
  log.Tamper(
      "INSERT INTO events (seq, initiative, at, actor, role, kind, payload, hash) "
      "SELECT seq + 100, initiative, at, actor, role, kind, payload, hash FROM events "
      "WHERE seq > 50");  // events 51..150 copied as 151..250
  log.Rehash(151);
  VerifyReport report = log.Verify(log.recorded_head());
  CHECK_FALSE(report.intact);
  REQUIRE(report.first_bad_seq.has_value());
  CHECK(*report.first_bad_seq == 200);
  CHECK(report.problem.find("the chain was rewritten at or before event 200") != std::string::npos);
}

// Verify hashes links in batches of LinkBatch::kCapacity (2048) on helper threads, which may
// finish in any order: the earliest fault must still be the one named.
TEST_CASE("tampering in several places across batches: the earliest is named") {
  constexpr int kMany = 5000;  // events: three batches

  SUBCASE("two payloads, the later one in an earlier-finishing batch") {
    TamperedLog log(kMany);
    log.Tamper("UPDATE events SET payload = '{}' WHERE seq IN (2100, 4500)");
    CheckBadAt(log.Verify(), 2100,
               "event 2100 does not match its hash: it or an earlier event was altered");
  }
  SUBCASE("the first and the last link of a batch") {
    TamperedLog log(kMany);
    log.FlipHashBit(4096);
    CheckBadAt(log.Verify(), 4096,
               "event 4096 does not match its hash: it or an earlier event was altered");
    log.FlipHashBit(2049);
    CheckBadAt(log.Verify(), 2049,
               "event 2049 does not match its hash: it or an earlier event was altered");
  }
  SUBCASE("a changed payload before a gap") {
    TamperedLog log(kMany);
    log.Tamper("UPDATE events SET payload = '{}' WHERE seq = 2500");
    log.Tamper("DELETE FROM events WHERE seq = 3000");
    CheckBadAt(log.Verify(), 2500,
               "event 2500 does not match its hash: it or an earlier event was altered");
  }
  SUBCASE("a gap before a changed payload") {
    TamperedLog log(kMany);
    log.Tamper("DELETE FROM events WHERE seq = 2000");
    log.Tamper("UPDATE events SET payload = '{}' WHERE seq = 4000");
    CheckBadAt(log.Verify(), 2000, "event 2000 is missing: the sequence jumps from 1999 to 2001");
  }
  SUBCASE("an intact long log, and its head") {
    TamperedLog log(kMany);
    VerifyReport report = log.Verify();
    CHECK(report.intact);
    CHECK(report.events_checked == kMany);
    CHECK(report.head.seq == kMany);
  }
}

}  // namespace equilens
