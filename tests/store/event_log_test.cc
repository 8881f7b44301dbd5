// The event log: the canonical encoding, appending a chain, reading it back, verifying an
// intact chain against recorded heads, and the triggers that keep it append-only.
#include "store/event_log.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/event_chain.h"
#include "store/schema.h"
#include "store/store_test_support.h"

namespace equilens {
namespace {

NewEvent SampleEvent(int n) {
  return {n % 3 == 0 ? "" : "EQ-2026-000" + std::to_string(n % 3),
          "2026-03-0" + std::to_string(1 + n % 9) + "T10:00:00.000Z",
          "alice",
          "department_head",
          "note_added",
          R"({"n":)" + std::to_string(n) + R"(,"text":"line one\nline two: ü"})"};
}

// Appends `count` sample events numbered from `first`, in one transaction.
void AppendSamples(Database& database, int first, int count) {
  Result<WriteTransaction> transaction = WriteTransaction::Begin(database);
  REQUIRE_MESSAGE(transaction.ok(), transaction.status().ToString());
  EventLog log(database);
  for (int n = first; n < first + count; ++n) {
    Result<StoredEvent> stored = log.Append(SampleEvent(n));
    REQUIRE_MESSAGE(stored.ok(), stored.status().ToString());
  }
  REQUIRE(transaction->Commit().ok());
}

VerifyReport VerifyOrDie(EventLog& log, const std::optional<std::string>& expect = std::nullopt) {
  Result<VerifyReport> report = log.Verify(expect);
  REQUIRE_MESSAGE(report.ok(), report.status().ToString());
  return *report;
}

}  // namespace

TEST_CASE("the canonical encoding v1 is tag, then each field as newline, length, colon, bytes") {
  const EventFields event{57,
                          "EQ-2026-0001",
                          "2026-03-01T10:00:00.000Z",
                          "alice",
                          "department_head",
                          "initiative_filed",
                          "{\"a\":\"x\\ny\"}"};
  std::string encoded;
  AppendCanonicalEncoding(event, &encoded);
  CHECK(encoded ==
        "equilens.event.v1"
        "\n2:57"
        "\n12:EQ-2026-0001"
        "\n24:2026-03-01T10:00:00.000Z"
        "\n5:alice"
        "\n15:department_head"
        "\n16:initiative_filed"
        "\n12:{\"a\":\"x\\ny\"}");

  SUBCASE("empty fields and bytes that look like the framing stay unambiguous") {
    std::string a;
    std::string b;
    AppendCanonicalEncoding({1, "", "t", "x\n1:y", "r", "k", "{}"}, &a);
    AppendCanonicalEncoding({1, "", "t", "x", "y", "r", "k"}, &b);
    CHECK(a != b);
    CHECK(a == "equilens.event.v1\n1:1\n0:\n1:t\n5:x\n1:y\n1:r\n1:k\n2:{}");
  }

  SUBCASE("the link hash is SHA-256 of the previous hash's raw bytes, then the encoding") {
    std::string scratch = "leftovers from last time";
    const Sha256Digest first = ChainHash(kGenesisHash, event, &scratch);
    CHECK(first == Sha256(std::string(32, '\0') + encoded));
    const Sha256Digest second = ChainHash(first, event, &scratch);
    CHECK(second == Sha256(std::string(first.begin(), first.end()) + encoded));
  }
}

TEST_CASE("an empty log has head 0 and verifies") {
  TempDir dir;
  auto database = OpenMigrated(dir.File("equilens.db"));
  EventLog log(*database);
  Result<ChainHead> head = log.Head();
  REQUIRE(head.ok());
  CHECK(head->seq == 0);
  CHECK(head->hash == kGenesisHash);
  VerifyReport report = VerifyOrDie(log);
  CHECK(report.intact);
  CHECK(report.events_checked == 0);
  CHECK(report.problem.empty());
  CHECK(VerifyOrDie(log, "0 " + std::string(64, '0')).intact);
}

TEST_CASE("Append numbers events from 1 and chains each hash onto the one before") {
  TempDir dir;
  auto database = OpenMigrated(dir.File("equilens.db"));
  EventLog log(*database);
  std::vector<StoredEvent> stored;
  {
    Result<WriteTransaction> transaction = WriteTransaction::Begin(*database);
    REQUIRE(transaction.ok());
    for (int n = 1; n <= 3; ++n) {
      Result<StoredEvent> event = log.Append(SampleEvent(n));
      REQUIRE_MESSAGE(event.ok(), event.status().ToString());
      stored.push_back(*event);
    }
    REQUIRE(transaction->Commit().ok());
  }
  std::string scratch;
  Sha256Digest previous = kGenesisHash;
  for (int n = 1; n <= 3; ++n) {
    const StoredEvent& event = stored[n - 1];
    const NewEvent sample = SampleEvent(n);
    CHECK(event.seq == n);
    CHECK(event.initiative == sample.initiative);
    CHECK(event.payload == sample.payload);
    CHECK(event.hash == ChainHash(previous,
                                  {event.seq, sample.initiative, sample.at, sample.actor,
                                   sample.role, sample.kind, sample.payload},
                                  &scratch));
    previous = event.hash;
  }
  Result<ChainHead> head = log.Head();
  REQUIRE(head.ok());
  CHECK(head->seq == 3);
  CHECK(head->hash == stored.back().hash);

  SUBCASE("what is read back is what was appended") {
    std::vector<StoredEvent> seen;
    Status status = log.ForEach(2, [&](const StoredEvent& event) {
      seen.push_back(event);
      return Status::Ok();
    });
    REQUIRE(status.ok());
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].seq == 2);
    CHECK(seen[1].hash == stored[2].hash);
    CHECK(seen[1].at == stored[2].at);
    CHECK(seen[1].actor == "alice");
    CHECK(seen[1].role == "department_head");
    CHECK(seen[1].kind == "note_added");
  }
}

TEST_CASE("a rolled-back append leaves no trace and its number is used again") {
  TempDir dir;
  auto database = OpenMigrated(dir.File("equilens.db"));
  AppendSamples(*database, 1, 2);
  EventLog log(*database);
  {
    Result<WriteTransaction> transaction = WriteTransaction::Begin(*database);
    REQUIRE(transaction.ok());
    Result<StoredEvent> event = log.Append(SampleEvent(99));
    REQUIRE(event.ok());
    CHECK(event->seq == 3);
  }  // the command failed: rolled back
  CHECK(log.Head()->seq == 2);
  AppendSamples(*database, 3, 1);
  CHECK(log.Head()->seq == 3);
  CHECK(VerifyOrDie(log).intact);
}

TEST_CASE("two connections appending in turn extend one chain") {
  TempDir dir;
  auto first = OpenMigrated(dir.File("equilens.db"));
  auto second = OpenMigrated(dir.File("equilens.db"));
  for (int round = 0; round < 3; ++round) {
    AppendSamples(*first, 10 * round, 2);
    AppendSamples(*second, 10 * round + 5, 2);  // reads the head the other one wrote
  }
  EventLog log(*first);
  VerifyReport report = VerifyOrDie(log);
  CHECK_MESSAGE(report.intact, report.problem);
  CHECK(report.events_checked == 12);
  CHECK(report.head.seq == 12);
}

#ifdef NDEBUG  // a debug build asserts instead: appending outside a transaction is a bug
TEST_CASE("Append outside a write transaction is refused") {
  TempDir dir;
  auto database = OpenMigrated(dir.File("equilens.db"));
  EventLog log(*database);
  Result<StoredEvent> event = log.Append(SampleEvent(1));
  REQUIRE_FALSE(event.ok());
  CHECK(event.status().category() == ErrorCategory::kInternal);
  CHECK(event.status().message().find("no write transaction is open") != std::string::npos);
  CHECK(log.Head()->seq == 0);
}
#endif

TEST_CASE("ForEach stops at the first Status its visitor returns") {
  TempDir dir;
  auto database = OpenMigrated(dir.File("equilens.db"));
  AppendSamples(*database, 1, 5);
  EventLog log(*database);
  int visited = 0;
  Status status = log.ForEach(1, [&](const StoredEvent& event) {
    ++visited;
    if (event.seq == 3) return Conflict("stop at 3");
    return Status::Ok();
  });
  CHECK(status.category() == ErrorCategory::kConflict);
  CHECK(status.message() == "stop at 3");
  CHECK(visited == 3);
  CHECK_FALSE(database->in_transaction());  // its snapshot ended too
}

TEST_CASE("ForInitiative returns one initiative's events in order") {
  TempDir dir;
  auto database = OpenMigrated(dir.File("equilens.db"));
  AppendSamples(*database, 1, 9);  // initiative = n % 3: 1 -> 0001, 2 -> 0002, 0 -> system
  EventLog log(*database);
  Result<std::vector<StoredEvent>> events = log.ForInitiative("EQ-2026-0002");
  REQUIRE(events.ok());
  REQUIRE(events->size() == 3);
  CHECK((*events)[0].seq == 2);
  CHECK((*events)[1].seq == 5);
  CHECK((*events)[2].seq == 8);
  Result<std::vector<StoredEvent>> system = log.ForInitiative("");
  REQUIRE(system.ok());
  CHECK(system->size() == 3);
  Result<std::vector<StoredEvent>> none = log.ForInitiative("EQ-1999-0001");
  REQUIRE(none.ok());
  CHECK(none->empty());
}

TEST_CASE("Verify passes an intact chain and any head recorded along it") {
  TempDir dir;
  auto database = OpenMigrated(dir.File("equilens.db"));
  AppendSamples(*database, 1, 40);
  EventLog log(*database);
  const ChainHead earlier = *log.Head();
  AppendSamples(*database, 41, 10);  // legitimate events since the ombuds recorded `earlier`
  const ChainHead now = *log.Head();

  VerifyReport report = VerifyOrDie(log);
  CHECK(report.intact);
  CHECK(report.events_checked == 50);
  CHECK_FALSE(report.first_bad_seq.has_value());
  CHECK(report.problem.empty());
  CHECK(report.head.seq == 50);
  CHECK(report.head.hash == now.hash);

  CHECK(VerifyOrDie(log, ToHex(now.hash)).intact);
  CHECK(VerifyOrDie(log, "50 " + ToHex(now.hash)).intact);
  CHECK(VerifyOrDie(log, "50:" + ToHex(now.hash)).intact);
  CHECK(VerifyOrDie(log, "  40 " + ToHex(earlier.hash) + "\n").intact);
  CHECK(VerifyOrDie(log, ToHex(earlier.hash)).intact);

  SUBCASE("a recorded head in capitals is the same head") {
    std::string upper = ToHex(now.hash);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(VerifyOrDie(log, upper).intact);
  }
  SUBCASE("a malformed recorded head is invalid input") {
    for (const std::string& bad :
         {std::string("ab12"), ToHex(now.hash) + "0", "x " + ToHex(now.hash), std::string(64, 'g'),
          "-1 " + ToHex(now.hash)}) {
      Result<VerifyReport> result = log.Verify(bad);
      REQUIRE_FALSE(result.ok());
      CHECK(result.status().category() == ErrorCategory::kInvalidInput);
      CHECK(result.status().message().find("equilens audit head") != std::string::npos);
    }
  }
}

TEST_CASE("payloads are stored and hashed byte for byte") {
  TempDir dir;
  auto database = OpenMigrated(dir.File("equilens.db"));
  const std::string payload = std::string("{\"t\":\"tab\\t, newline\n, colon: \xC3\xBC, nul:") +
                              std::string(1, '\0') + "\"}";
  {
    Result<WriteTransaction> transaction = WriteTransaction::Begin(*database);
    REQUIRE(transaction.ok());
    EventLog log(*database);
    REQUIRE(
        log.Append({"EQ-2026-0001", "2026-01-01T00:00:00.000Z", "a", "admin", "k", payload}).ok());
    REQUIRE(transaction->Commit().ok());
  }
  EventLog log(*database);
  Result<std::vector<StoredEvent>> events = log.ForInitiative("EQ-2026-0001");
  REQUIRE(events.ok());
  REQUIRE(events->size() == 1);
  CHECK((*events)[0].payload == payload);
  CHECK(VerifyOrDie(log).intact);
}

TEST_CASE("the triggers refuse UPDATE and DELETE on events") {
  TempDir dir;
  auto database = OpenMigrated(dir.File("equilens.db"));
  AppendSamples(*database, 1, 3);

  Status update = database->Exec("UPDATE events SET payload = '{}' WHERE seq = 2");
  CHECK(update.category() == ErrorCategory::kInvalidInput);
  CHECK(update.message().find("events are append-only: a recorded event is never updated") !=
        std::string::npos);

  Result<Statement> remove = database->Prepare("DELETE FROM events WHERE seq >= ?1");
  REQUIRE(remove.ok());
  remove->BindInt64(1, 1);
  Status deleted = remove->Run();
  CHECK(deleted.category() == ErrorCategory::kInvalidInput);
  CHECK(deleted.message().find("events are append-only: a recorded event is never deleted") !=
        std::string::npos);

  EventLog log(*database);
  CHECK(log.Head()->seq == 3);
  CHECK(VerifyOrDie(log).intact);
}

}  // namespace equilens
