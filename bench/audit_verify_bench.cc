// How fast `audit verify` walks the hash chain: EventLog::Verify over a 1,000,000-event log
// (goal: 800,000 events/s or more), beside what bounds it in the same process: a plain scan
// of the same rows, the scan plus the canonical encoding, and SHA-256 alone.
//
// Usage: audit_verify_bench [EVENTS [KEEP_DB]]
//   EVENTS   default 1000000; the database needs about 400 bytes of disk per event
//   KEEP_DB  a database file to build once and reuse (a busy machine: measure when it is
//            quiet); without it the database goes in a temp folder, removed afterwards
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <system_error>
#include <thread>

#include "equilens/sha256.h"
#include "store/database.h"
#include "store/event_chain.h"
#include "store/event_log.h"
#include "store/schema.h"

namespace equilens {
namespace {

constexpr int kEventsPerTransaction = 100000;  // big transactions: one fsync each
constexpr int kVerifyRuns = 3;

// Wall time, and the CPU time of the whole process (every thread) in the same span. On a
// shared machine the wall time suffers from other work; the CPU time shows what ours cost.
struct Timing {
  double wall = 0;  // seconds
  double cpu = 0;   // seconds, summed over threads
};

Timing Measure(const std::function<void()>& work) {
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  work();
  Timing timing;
  timing.cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  timing.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return timing;
}

void Die(const Status& status, const char* what) {
  if (status.ok()) return;
  std::fprintf(stderr, "audit_verify_bench: %s: %s\n", what, status.ToString().c_str());
  std::exit(1);
}

// A deterministic, realistic event n: JSON payloads of 150-300 bytes, like the runtime's.
class EventMaker {
 public:
  NewEvent Make(std::int64_t n) {
    static const char* const kKinds[] = {"comment_added",    "answers_saved", "stage_advanced",
                                         "initiative_filed", "vote_cast",     "held"};
    static const char* const kActors[] = {"alice.nguyen", "bob.okafor", "carmen.diaz",
                                          "dmitri.ivanov", "esi.mensah"};
    static const char* const kRoles[] = {"department_head", "cesj_reviewer", "cesj_lead"};
    static const char* const kWords[] = {
        "ELL students", "bus routes",      "attendance",     "SWD",
        "free lunch",   "bell schedule",   "grade 9 cohort", "mitigation",
        "survey data",  "community input", "risk ratio",     "four-fifths rule"};
    NewEvent event;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "EQ-2026-%04d", static_cast<int>(random_() % 2000 + 1));
    event.initiative = random_() % 20 == 0 ? "" : buffer;
    const std::int64_t ms = 1767225600000LL + n * 997;  // 2026-01-01 on, ~1 s apart
    const std::int64_t s = ms / 1000;
    std::snprintf(buffer, sizeof buffer, "2026-%02d-%02dT%02d:%02d:%02d.%03dZ",
                  static_cast<int>(1 + s / 2419200 % 12), static_cast<int>(1 + s / 86400 % 28),
                  static_cast<int>(s / 3600 % 24), static_cast<int>(s / 60 % 60),
                  static_cast<int>(s % 60), static_cast<int>(ms % 1000));
    event.at = buffer;
    event.actor = kActors[random_() % 5];
    event.role = kRoles[random_() % 3];
    event.kind = kKinds[random_() % 6];
    const std::size_t target = 150 + random_() % 151;  // bytes of payload
    std::string note;
    while (note.size() + 110 < target) {
      if (!note.empty()) note += ", ";
      note += kWords[random_() % 12];
    }
    std::snprintf(buffer, sizeof buffer, "%016" PRIx64, static_cast<std::uint64_t>(random_()));
    event.payload = "{\"stage\":\"feedback\",\"visit\":" + std::to_string(n % 7 + 1) +
                    ",\"note\":\"" + note + "\",\"request_id\":\"" + buffer +
                    "\",\"fields\":{\"risk_level\":\"medium\"}}";
    return event;
  }

 private:
  std::mt19937_64 random_{20260401};
};

constexpr char kSelectAll[] =
    "SELECT seq, initiative, at, actor, role, kind, payload, hash FROM events ORDER BY seq";

struct ScanTotals {
  std::int64_t rows = 0;
  std::int64_t payload_bytes = 0;
  std::int64_t message_bytes = 0;  // what Verify hashes: 32 + the canonical encoding
  unsigned checksum = 0;           // of the hashes, so they are not optimized away
};

enum class Work {
  kRead,    // step and touch every column
  kEncode,  // also build each link's message: everything Verify does but the hash
  kHash,    // also hash it: the whole walk on this one thread (what Verify spreads out)
};

// Steps through every row with the statement Verify uses, doing `work` for each.
ScanTotals Scan(Database& database, Work work) {
  ScanTotals totals;
  Result<Statement> rows = database.Prepare(kSelectAll);
  Die(rows.status(), "prepare the scan");
  std::string scratch;
  while (true) {
    Result<StepResult> step = rows->Step();
    Die(step.status(), "scan");
    if (*step == StepResult::kDone) break;
    const EventFields fields{rows->ColumnInt64(0), rows->ColumnText(1), rows->ColumnText(2),
                             rows->ColumnText(3),  rows->ColumnText(4), rows->ColumnText(5),
                             rows->ColumnText(6)};
    const std::string_view hash = rows->ColumnBlob(7);
    ++totals.rows;
    totals.payload_bytes += static_cast<std::int64_t>(fields.payload.size());
    if (work == Work::kHash) {
      // Chained onto this row's own hash rather than the one before: the same bytes and the
      // same cost as checking the link, which is all this measures.
      Sha256Digest previous;
      std::copy(hash.begin(), hash.end(), previous.begin());
      totals.checksum ^= ChainHash(previous, fields, &scratch)[0];
      totals.message_bytes += static_cast<std::int64_t>(scratch.size());
    } else if (work == Work::kEncode) {
      scratch.assign(hash.data(), hash.size());
      AppendCanonicalEncoding(fields, &scratch);
      totals.message_bytes += static_cast<std::int64_t>(scratch.size());
    } else {
      totals.message_bytes += static_cast<std::int64_t>(
          hash.size() + fields.initiative.size() + fields.at.size() + fields.actor.size() +
          fields.role.size() + fields.kind.size() + fields.payload.size());
    }
  }
  return totals;
}

void PrintRate(const char* label, const Timing& timing, std::int64_t items, const char* unit,
               std::int64_t bytes) {
  std::printf("%-58s %7.3f s %9.0f %s/s %6.1f MB/s | cpu %7.3f s %9.0f %s/cpu-s\n", label,
              timing.wall, static_cast<double>(items) / timing.wall, unit,
              static_cast<double>(bytes) / timing.wall / 1e6, timing.cpu,
              static_cast<double>(items) / timing.cpu, unit);
}

// Appends `events` events to `database` through EventLog::Append, as the runtime writes; returns
// the time it took.
Timing Build(Database& database, std::int64_t events) {
  EventLog log(database);
  EventMaker maker;
  const Timing timing = Measure([&] {
    for (std::int64_t done = 0; done < events;) {
      Result<WriteTransaction> transaction = WriteTransaction::Begin(database);
      Die(transaction.status(), "begin");
      for (int i = 0; i < kEventsPerTransaction && done < events; ++i, ++done) {
        Die(log.Append(maker.Make(done + 1)).status(), "append");
      }
      Die(transaction->Commit(), "commit");
    }
  });
  Die(database.Exec("PRAGMA wal_checkpoint(TRUNCATE)"), "checkpoint");  // all in the db file
  return timing;
}

// `keep`: a database file to reuse (built there first if missing), so repeated runs on a busy
// machine can skip the build; empty: a temp folder, removed afterwards.
int Run(std::int64_t events, const std::string& keep) {
  std::string folder;
  if (keep.empty()) {
    folder = (std::filesystem::temp_directory_path() / "equilens-verify-bench-XXXXXX").string();
    if (mkdtemp(folder.data()) == nullptr) {
      std::perror("mkdtemp");
      return 1;
    }
  }
  const std::string path = keep.empty() ? folder + "/bench.db" : keep;
  struct RemoveFolder {
    std::string folder;
    ~RemoveFolder() {
      std::error_code ignored;
      if (!folder.empty()) std::filesystem::remove_all(folder, ignored);
    }
  } remove_folder{folder};

  std::error_code missing;
  const bool build = !std::filesystem::exists(path, missing);
  Result<std::unique_ptr<Database>> opened = Database::Open(path, OpenMode::kCreateIfMissing);
  Die(opened.status(), "open");
  Database& database = **opened;
  Die(Migrate(database), "migrate");
  EventLog log(database);
  const Timing build_timing = build ? Build(database, events) : Timing{};
  Result<ChainHead> head = log.Head();
  Die(head.status(), "head");
  events = head->seq;
  std::error_code error;
  const auto file_bytes = std::filesystem::file_size(path, error);

  // Warm the OS page cache so every figure below reads the same way.
  const ScanTotals warm = Scan(database, Work::kRead);
  ScanTotals encoded;
  encoded = Scan(database, Work::kEncode);
  const double mean_message =
      static_cast<double>(encoded.message_bytes) / static_cast<double>(encoded.rows);

  std::printf("audit_verify_bench: %" PRId64
              " events, %.1f MB database, mean payload %.0f "
              "bytes, mean hashed message %.0f bytes (32-byte link + canonical encoding)\n",
              warm.rows, static_cast<double>(file_bytes) / 1e6,
              static_cast<double>(warm.payload_bytes) / static_cast<double>(warm.rows),
              mean_message);
  if (build) {
    PrintRate("build: EventLog::Append, 100,000 per transaction", build_timing, events, "events",
              0);
  }

  ScanTotals scanned;
  const Timing scan = Measure([&] { scanned = Scan(database, Work::kRead); });
  PrintRate("baseline: SQLite scan, same SELECT, every column", scan, scanned.rows, "rows",
            scanned.message_bytes);
  const Timing encode = Measure([&] { encoded = Scan(database, Work::kEncode); });
  PrintRate("baseline: scan + canonical encoding (no hash)", encode, encoded.rows, "rows",
            encoded.message_bytes);

  // SHA-256 alone, over messages of the mean size, as many as there are events.
  std::string message(static_cast<std::size_t>(std::lround(mean_message)), 'x');
  volatile std::uint8_t sink = 0;  // keeps the hashing from being optimized away
  const Timing sha = Measure([&] {
    for (std::int64_t i = 0; i < events; ++i) {
      message[static_cast<std::size_t>(i % 32)] = static_cast<char>(i);
      sink = sink ^ Sha256(message)[0];
    }
  });
  char label[96];
  std::snprintf(label, sizeof label, "baseline: SHA-256 alone (libsodium), %zu-byte messages",
                message.size());
  PrintRate(label, sha, events, "hashes", static_cast<std::int64_t>(message.size()) * events);

  ScanTotals walked;
  const Timing sequential = Measure([&] { walked = Scan(database, Work::kHash); });
  sink = sink ^ static_cast<std::uint8_t>(walked.checksum);
  PrintRate("reference: the same walk on one thread (scan+encode+hash)", sequential, walked.rows,
            "events", walked.message_bytes);

  double best = 0;  // wall seconds
  for (int run = 1; run <= kVerifyRuns; ++run) {
    std::optional<Result<VerifyReport>> report;
    const Timing timing = Measure([&] { report = log.Verify(std::nullopt); });
    Die(report->status(), "verify");
    if (!(*report)->intact || (*report)->events_checked != events) {
      std::fprintf(stderr, "audit_verify_bench: the chain did not verify: %s\n",
                   (*report)->problem.c_str());
      return 1;
    }
    std::snprintf(label, sizeof label, "EventLog::Verify, run %d (%u cores)", run,
                  std::thread::hardware_concurrency());
    PrintRate(label, timing, events, "events", encoded.message_bytes);
    if (best == 0 || timing.wall < best) best = timing.wall;
  }
  const double rate = static_cast<double>(events) / best;
  // The split uses CPU times, which other work on the machine does not inflate.
  std::printf(
      "EventLog::Verify best: %.0f events/s, goal 800000 %s. One thread spends %.0f%% of a walk "
      "reading, %.0f%% encoding, %.0f%% hashing (CPU time, from the baselines)\n",
      rate, rate >= 800000 ? "met" : "NOT met", 100 * scan.cpu / sequential.cpu,
      100 * (encode.cpu - scan.cpu) / sequential.cpu, 100 * sha.cpu / sequential.cpu);
  return 0;
}

}  // namespace
}  // namespace equilens

int main(int argc, char** argv) {
  std::int64_t events = 1000000;
  if (argc > 1) events = std::strtoll(argv[1], nullptr, 10);
  if (events <= 0 || argc > 3) {
    std::fprintf(stderr, "usage: audit_verify_bench [EVENTS [KEEP_DB]]\n");
    return 2;
  }
  return equilens::Run(events, argc > 2 ? argv[2] : "");
}
