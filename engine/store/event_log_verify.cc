// EventLog::Verify: walking the whole hash chain and naming the first event that fails.
//
// Built for speed (the goal is 800,000+ events/s; see bench/audit_verify_bench.cc): one
// prepared statement streams the table in rowid order, fields are read as views into
// SQLite's row buffer and encoded straight into reused batches, and helper threads hash the
// links (store/link_checker.h) while this thread reads on, so the walk does not allocate
// once warm and SHA-256, most of the cost, runs on every core.
#include <cctype>
#include <charconv>
#include <cstring>
#include <utility>

#include "store/database.h"
#include "store/event_chain.h"
#include "store/event_log.h"
#include "store/link_checker.h"

namespace equilens {
namespace {

// A head recorded earlier, as the ombuds office gives it back.
struct ExpectedHead {
  std::optional<std::int64_t> seq;  // when they kept the number too
  Sha256Digest hash{};
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "ab12..." (64 hex), "200 ab12..." or "200:ab12...", blanks around allowed.
Result<ExpectedHead> ParseExpectedHead(const std::string& text) {
  const Status malformed = InvalidInput(
      "the expected head '" + text +
      "' is not a head: give the 64 hex characters `equilens audit head` prints, optionally "
      "after its event number (\"200 ab12...\")");
  std::string_view rest = text;
  const auto trim = [&rest] {
    while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) {
      rest.remove_prefix(1);
    }
    while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.back()))) {
      rest.remove_suffix(1);
    }
  };
  trim();
  ExpectedHead expected;
  if (rest.size() > 64) {
    std::int64_t seq = 0;
    const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), seq);
    if (error != std::errc() || seq < 0) return malformed;
    rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
    // A separator is required: "5abc..." must not read as event 5 and a 63-digit hash.
    const std::size_t before = rest.size();
    if (!rest.empty() && rest.front() == ':') rest.remove_prefix(1);
    trim();
    if (rest.size() == before) return malformed;
    expected.seq = seq;
  }
  if (rest.size() != 64) return malformed;
  for (std::size_t i = 0; i < expected.hash.size(); ++i) {
    const int high = HexValue(rest[2 * i]);
    const int low = HexValue(rest[2 * i + 1]);
    if (high < 0 || low < 0) return malformed;
    expected.hash[i] = static_cast<std::uint8_t>(high << 4 | low);
  }
  return expected;
}

std::string Missing(std::int64_t first, std::int64_t last) {
  if (first == last) return "event " + std::to_string(first) + " is missing";
  return "events " + std::to_string(first) + " to " + std::to_string(last) + " are missing";
}

// The report for a chain whose links all verified, checked against `expected` (if any).
// `hash_at_expected_seq` is the hash of the event numbered expected->seq, when there is one;
// `expected_found` says whether the expected hash appeared (at that number, if given).
void CheckExpectedHead(const std::optional<ExpectedHead>& expected, bool expected_found,
                       const std::optional<Sha256Digest>& hash_at_expected_seq,
                       VerifyReport* report) {
  if (!expected || expected_found) return;
  const std::string end =
      "event " + std::to_string(report->head.seq) + " with hash " + ToHex(report->head.hash);
  const std::string recorded = ToHex(expected->hash);
  if (!expected->seq) {
    report->problem = "the chain ends at " + end + ", but the recorded head hash " + recorded +
                      " is not in it; events were removed from the end or the chain was "
                      "rewritten (give the head's event number too, as `equilens audit head` "
                      "prints it, to tell which)";
    return;
  }
  const std::int64_t seq = *expected->seq;
  const std::string recorded_head =
      "the recorded head was event " + std::to_string(seq) + " with hash " + recorded;
  if (seq > report->head.seq) {
    report->first_bad_seq = report->head.seq + 1;
    report->problem = "the chain ends at " + end + ", but " + recorded_head + "; events after " +
                      std::to_string(report->head.seq) + " were removed or the chain was rewritten";
    return;
  }
  // The number exists but carries another hash: every event up to it may have been forged
  // and re-hashed; nothing in the file says where the rewrite began.
  report->first_bad_seq = seq;
  report->problem = "event " + std::to_string(seq) + " has hash " +
                    (hash_at_expected_seq ? ToHex(*hash_at_expected_seq) : std::string("(none)")) +
                    ", but " + recorded_head + "; the chain was rewritten at or before event " +
                    std::to_string(seq);
}

}  // namespace

Result<VerifyReport> EventLog::Verify(const std::optional<std::string>& expect_head) {
  std::optional<ExpectedHead> expected;
  if (expect_head) {
    Result<ExpectedHead> parsed = ParseExpectedHead(*expect_head);
    if (!parsed.ok()) return parsed.status();
    expected = *parsed;
  }

  Result<ReadTransaction> snapshot = ReadTransaction::Begin(database_);
  if (!snapshot.ok()) return snapshot.status();
  Result<Statement> rows = database_.Prepare(
      "SELECT seq, initiative, at, actor, role, kind, payload, hash FROM events ORDER BY seq");
  if (!rows.ok()) return rows.status();

  // This thread reads rows and checks their numbering; helpers check the hash links.
  LinkChecker links(LinkChecker::DefaultThreads());
  LinkBatch* batch = links.Acquire();
  VerifyReport report;                  // report.head: the last event read (stored hash)
  std::optional<std::int64_t> bad_seq;  // a fault in numbering or hash size
  // The genesis itself is a valid recorded head (recorded before the first event).
  bool expected_found =
      expected && expected->hash == kGenesisHash && expected->seq.value_or(0) == 0;
  std::optional<Sha256Digest> hash_at_expected_seq;
  if (expected && expected->seq == 0) hash_at_expected_seq = kGenesisHash;
  while (true) {
    Result<StepResult> step = rows->Step();
    if (!step.ok()) return step.status();  // ~LinkChecker abandons the helpers' work
    if (*step == StepResult::kDone) break;

    const std::int64_t seq = rows->ColumnInt64(0);
    const std::int64_t want = report.head.seq + 1;
    if (seq != want) {
      if (report.head.seq == 0 && seq < 1) {
        bad_seq = seq;
        report.problem = "the log starts at event " + std::to_string(seq) +
                         ", but events are numbered from 1: the record was renumbered";
      } else if (report.head.seq == 0) {
        bad_seq = 1;
        report.problem = Missing(1, seq - 1) + ": the log starts at event " + std::to_string(seq);
      } else {
        bad_seq = want;
        report.problem = Missing(want, seq - 1) + ": the sequence jumps from " +
                         std::to_string(report.head.seq) + " to " + std::to_string(seq);
      }
      break;
    }
    const std::string_view stored = rows->ColumnBlob(7);
    if (stored.size() != kGenesisHash.size()) {
      bad_seq = seq;
      report.problem = "event " + std::to_string(seq) + "'s hash is " +
                       std::to_string(stored.size()) + " bytes, not 32: the record was altered";
      break;
    }
    batch->Add(report.head.hash,
               {seq, rows->ColumnText(1), rows->ColumnText(2), rows->ColumnText(3),
                rows->ColumnText(4), rows->ColumnText(5), rows->ColumnText(6)},
               stored);
    report.head.seq = seq;
    std::memcpy(report.head.hash.data(), stored.data(), stored.size());

    if (expected && !expected_found) {
      if (!expected->seq) {
        expected_found = report.head.hash == expected->hash;
      } else if (seq == *expected->seq) {
        hash_at_expected_seq = report.head.hash;
        expected_found = report.head.hash == expected->hash;
      }
    }
    if (batch->full()) {
      links.Submit(std::exchange(batch, nullptr));
      if (links.failed()) break;  // the rest cannot hold the first fault
      batch = links.Acquire();
    }
  }
  if (batch != nullptr) links.Submit(batch);  // the last, partly filled batch

  // A broken link always comes before a numbering fault: only rows before that were added.
  if (const std::optional<BrokenLink> broken = links.Finish()) {
    report.first_bad_seq = broken->seq;
    report.problem = "event " + std::to_string(broken->seq) +
                     " does not match its hash: it or an earlier event was altered";
    report.head = {broken->seq - 1, broken->previous_hash};
  } else if (bad_seq) {
    report.first_bad_seq = bad_seq;
  } else {
    CheckExpectedHead(expected, expected_found, hash_at_expected_seq, &report);
  }
  report.events_checked = report.head.seq;  // numbered 1..head without gaps
  report.intact = report.problem.empty();
  return report;
}

}  // namespace equilens
