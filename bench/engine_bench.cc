// What the engine costs at district scale, through its public command interface:
//
//   1. durable commands per second (Engine::Comment and Engine::Act, each one BEGIN IMMEDIATE
//      ... COMMIT with synchronous=FULL on a real file) beside a raw-SQLite baseline run in
//      the same process with the same pragmas: one INSERT + one UPDATE per transaction
//      (goal: the engine at 80% or more of the baseline's rate);
//   2. Engine::Show and Engine::Inbox latency on a database of 100,000 initiatives over 20
//      departments in every stage (goal: under 5 ms);
//   3. the full Engine::Verify (hash chain + replay of every projection + comparison) on that
//      database, in events per second. The chain walk alone is audit_verify_bench's figure.
//
// Usage: engine_bench [INITIATIVES [COMMANDS]]   (defaults 100000 initiatives and 2000 durable
// commands of each kind; everything lives in a temp folder, removed afterwards; about 15 KB
// of disk per initiative). At the defaults it runs about 3 minutes on 2 cores: seeding and
// the full verify each push about 1,000,000 events through the projector.
//
// Wall-clock figures on a shared machine include waiting for a core; the CPU columns (process
// CPU time per call) show what a call costs when the scheduler does not hold it back.
//
// Setting up is not measured and does not file 100,000 initiatives one durable command at a
// time (100,000 fsyncs): support/district_seed.h creates the district through the public API,
// then appends each initiative's history in a few big transactions as exactly the events the
// commands record, through the same EventLog::Append and ApplyEvent the write path calls.
// The benchmark prints; it never asserts a time.
#include <sqlite3.h>  // the raw baseline only: the engine's own SQL stays in engine/store
#include <stdlib.h>   // atoi

#include <algorithm>
#include <array>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "equilens/engine.h"
#include "store/database.h"
#include "store/event_log.h"
#include "support/district_seed.h"

namespace equilens {
namespace {

using bench::Check;
using bench::District;
using bench::Fail;
using bench::FormatUtc;
using bench::Initiative;
using bench::kDepartments;
using bench::kHeadsPerDepartment;
using bench::kLeads;
using bench::kReviewers;
using bench::NowMs;
using bench::Seeded;
using bench::Take;
using bench::TempFolder;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kWarmupCommands = 400;  // per kind of durable command, before timing
constexpr int kWarmupCalls = 20;      // per read measurement, before timing
constexpr int kTimedReadCalls = 300;
constexpr double kReadBudgetSeconds = 5;  // per kind of read: stop timing early past this

// ------------------------------------------------------------------------------ plumbing

// CPU time of the whole process (all threads), in microseconds.
double ProcessCpuMicros() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e6 + static_cast<double>(now.tv_nsec) / 1e3;
}

// Wall-clock and CPU time since construction. On a shared machine the CPU time is what the
// work costs when the scheduler does not hold it back; the wall time includes waiting for
// the disk (fsync) and for a core.
class Stopwatch {
 public:
  double WallSeconds() const {
    return std::chrono::duration<double>(Clock::now() - wall_start_).count();
  }
  double CpuSeconds() const { return (ProcessCpuMicros() - cpu_start_) / 1e6; }

 private:
  Clock::time_point wall_start_ = Clock::now();
  double cpu_start_ = ProcessCpuMicros();
};

// A set of measurements, for percentiles and the mean.
class Samples {
 public:
  void Add(double value) {
    values_.push_back(value);
    sorted_ = false;
  }
  std::size_t count() const { return values_.size(); }
  double Sum() const {
    double sum = 0;
    for (double value : values_) sum += value;
    return sum;
  }
  double Mean() const { return Sum() / static_cast<double>(values_.size()); }
  // Nearest rank, 0 < p <= 100.
  double Percentile(double p) {
    if (!sorted_) std::sort(values_.begin(), values_.end());
    sorted_ = true;
    const auto rank =
        static_cast<std::size_t>(std::ceil(p / 100 * static_cast<double>(values_.size())));
    return values_[std::min(std::max<std::size_t>(rank, 1), values_.size()) - 1];
  }

 private:
  std::vector<double> values_;
  bool sorted_ = false;
};

// Per-call latencies of one kind of call, in microseconds.
struct Latencies {
  Samples wall;
  Samples cpu;

  // Runs `call` once and records how long it took.
  void Time(const std::function<void()>& call) {
    const Stopwatch stopwatch;
    call();
    wall.Add(stopwatch.WallSeconds() * 1e6);
    cpu.Add(stopwatch.CpuSeconds() * 1e6);
  }
  // Calls per second of wall-clock time, back to back.
  double Rate() const { return static_cast<double>(wall.count()) / (wall.Sum() / 1e6); }
};

// Bytes of the database file and its WAL.
double MegabytesOnDisk(const std::string& path) {
  std::error_code error;
  std::uintmax_t bytes = 0;
  for (const std::string& file : {path, path + "-wal"}) {
    const std::uintmax_t size = std::filesystem::file_size(file, error);
    if (!error) bytes += size;
  }
  return static_cast<double>(bytes) / 1e6;
}

// ---------------------------------------------------------------- [1] durable commands

// The baseline: raw SQLite with the engine's pragmas, one INSERT of an event-sized row and
// one UPDATE of another table's row per BEGIN IMMEDIATE ... COMMIT, statements prepared once.
// It is what any durable write costs on this disk; the engine can only add to it.
class RawSqliteBaseline {
 public:
  explicit RawSqliteBaseline(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
      Fail("baseline open", sqlite3_errmsg(db_));
    }
    sqlite3_busy_timeout(db_, 5000);  // Database::Open's timeout, in milliseconds
    Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
    // Rows shaped like an event and an initiative; no secondary index, so this is the least
    // a durable INSERT + UPDATE can cost.
    Exec(
        "CREATE TABLE log (seq INTEGER PRIMARY KEY, subject TEXT NOT NULL, at TEXT NOT NULL, "
        "actor TEXT NOT NULL, role TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, "
        "hash BLOB NOT NULL);"
        "CREATE TABLE items (id TEXT PRIMARY KEY, version INTEGER NOT NULL, "
        "updated_at TEXT NOT NULL);"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
        "INSERT INTO items SELECT printf('EQ-2026-%04d', i), 1, '' FROM n;");
    Prepare(
        "INSERT INTO log (subject, at, actor, role, kind, payload, hash) "
        "VALUES (?1, ?2, 'reviewer1', 'cesj_reviewer', 'comment_added', ?3, ?4)",
        &insert_);
    Prepare("UPDATE items SET version = version + 1, updated_at = ?2 WHERE id = ?1", &update_);
  }
  ~RawSqliteBaseline() {
    sqlite3_finalize(insert_);
    sqlite3_finalize(update_);
    sqlite3_close_v2(db_);
  }
  RawSqliteBaseline(const RawSqliteBaseline&) = delete;
  RawSqliteBaseline& operator=(const RawSqliteBaseline&) = delete;

  // One durable transaction touching item `item` (0-999) with a payload of `payload`.
  void Command(int item, const std::string& payload) {
    char id[32];
    std::snprintf(id, sizeof id, "EQ-2026-%04d", item + 1);
    const std::string at = FormatUtc(NowMs());
    const std::array<unsigned char, 32> hash{};
    Exec("BEGIN IMMEDIATE");
    sqlite3_bind_text(insert_, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert_, 2, at.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert_, 3, payload.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(insert_, 4, hash.data(), static_cast<int>(hash.size()), SQLITE_TRANSIENT);
    Run(insert_);
    sqlite3_bind_text(update_, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(update_, 2, at.c_str(), -1, SQLITE_TRANSIENT);
    Run(update_);
    Exec("COMMIT");
  }

 private:
  void Exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
      Fail("baseline", sqlite3_errmsg(db_));
    }
  }
  void Prepare(const char* sql, sqlite3_stmt** statement) {
    if (sqlite3_prepare_v2(db_, sql, -1, statement, nullptr) != SQLITE_OK) {
      Fail("baseline prepare", sqlite3_errmsg(db_));
    }
  }
  void Run(sqlite3_stmt* statement) {
    if (sqlite3_step(statement) != SQLITE_DONE) Fail("baseline step", sqlite3_errmsg(db_));
    sqlite3_reset(statement);
  }

  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* update_ = nullptr;
};

void PrintWriteRow(const char* label, Latencies& latencies, double baseline_rate) {
  std::printf("  %-40s %8.0f %8.0f %8.0f %8.0f", label, latencies.Rate(),
              latencies.wall.Percentile(50), latencies.wall.Percentile(99), latencies.cpu.Mean());
  if (baseline_rate > 0) {
    const double ratio = latencies.Rate() / baseline_rate;
    std::printf("   %5.1f%%  goal 80%%: %s", 100 * ratio, ratio >= 0.8 ? "met" : "NOT met");
  }
  std::printf("\n");
}

// Engine::Comment (as a reviewer) and Engine::Act hold/resume (as a lead) on initiatives in
// review, and the raw baseline: `commands` of each.
void MeasureDurableCommands(const std::string& db_path, const std::string& baseline_path,
                            const District& district, const Seeded& seeded, int commands) {
  std::unique_ptr<Engine> engine = Take(Engine::Open(db_path), "open for writes");
  RawSqliteBaseline baseline(baseline_path);
  std::mt19937_64 random(42);
  const std::string comment =
      "Checked the stop list against the ELL family addresses; two stops need a translated "
      "notice before the board meets.";
  const std::string baseline_payload = json({{"text", comment}}).dump();
  auto in_review = [&]() -> const Initiative& {
    return seeded.initiatives[static_cast<std::size_t>(
        seeded.in_review[random() % seeded.in_review.size()])];
  };

  // The three kinds take turns, one command each: fsync times on a shared virtual disk drift
  // several-fold within a minute, and taking turns makes every kind see the same drift.
  // Untimed turns first, so both WAL files have grown past the 1000-page auto-checkpoint and
  // are being reused, as they are on a server that has been running a while.
  struct Kinds {
    Latencies raw, comment, act;
  };
  Kinds warmup, timed;
  const int per_kind = std::max(2, commands / 2 * 2);  // even: every hold has its resume
  CommandOptions lead;
  std::string held;
  for (const auto& [kinds, turns] : {std::pair(&warmup, kWarmupCommands), {&timed, per_kind}}) {
    for (int i = 0; i < turns; ++i) {
      const int item = static_cast<int>(random() % 1000);
      kinds->raw.Time([&] { baseline.Command(item, baseline_payload); });

      const CommandOptions reviewer{district.reviewers[random() % district.reviewers.size()],
                                    std::nullopt, ""};
      const std::string& commented = in_review().id;
      kinds->comment.Time(
          [&] { Check(engine->Comment(reviewer, commented, comment), "comment on " + commented); });

      if (i % 2 == 0) {
        lead = {district.leads[random() % district.leads.size()], std::nullopt, ""};
        held = in_review().id;
      }
      const char* event = i % 2 == 0 ? "hold" : "resume";
      // A hold is recorded with its reason (route.cc refuses one without a note).
      const char* note = i % 2 == 0 ? "Waiting for the board's budget decision." : "";
      kinds->act.Time(
          [&] { Take(engine->Act(lead, held, event, note), std::string(event) + " " + held); });
    }
  }

  std::printf(
      "\n[1] Durable commands: one BEGIN IMMEDIATE ... COMMIT each, WAL, "
      "synchronous=FULL, on a file in %s\n",
      std::filesystem::temp_directory_path().c_str());
  std::printf(
      "    %d of each kind timed after %d untimed, taking turns; the engine writes into "
      "the seeded database; CPU = process CPU time per command\n",
      per_kind, kWarmupCommands);
  std::printf("  %-40s %8s %8s %8s %8s   %s\n", "", "cmds/s", "p50 us", "p99 us", "CPU us",
              "engine/baseline");
  PrintWriteRow("raw SQLite baseline: INSERT + UPDATE", timed.raw, 0);
  PrintWriteRow("Engine::Comment (cesj_reviewer)", timed.comment, timed.raw.Rate());
  PrintWriteRow("Engine::Act hold / resume (cesj_lead)", timed.act, timed.raw.Rate());
}

// ---------------------------------------------------------------------------- [2] reads

// `extra` is printed after the verdict on the goal; a single call gets no verdict.
void PrintReadRow(const char* label, Latencies& latencies, const char* extra = "") {
  const double p99_ms = latencies.wall.Percentile(99) / 1000;
  const char* verdict = latencies.wall.count() < 2 ? "-" : p99_ms < 5 ? "met" : "NOT met";
  std::printf("  %-50s %7.3f %7.3f %7.3f %7.3f %7.3f  %-7s %s\n", label,
              latencies.wall.Percentile(50) / 1000, p99_ms, latencies.wall.Mean() / 1000,
              latencies.cpu.Percentile(50) / 1000, latencies.cpu.Percentile(99) / 1000, verdict,
              extra);
}

// Show and Inbox on a freshly opened Engine: kWarmupCalls untimed calls, then
// kTimedReadCalls timed ones (fewer if they take over kReadBudgetSeconds), per kind of call.
void MeasureReads(const std::string& db_path, const District& district, const Seeded& seeded) {
  std::mt19937_64 random(7);
  auto any_initiative = [&]() -> const Initiative& {
    return seeded.initiatives[random() % seeded.initiatives.size()];
  };
  auto reviewer = [&]() -> CommandOptions {
    return {district.reviewers[random() % district.reviewers.size()], std::nullopt, ""};
  };
  auto head_of = [&](int department) -> CommandOptions {
    const auto& heads = district.heads[static_cast<std::size_t>(department)];
    return {heads[random() % heads.size()], std::nullopt, ""};
  };

  std::unique_ptr<Engine> engine = Take(Engine::Open(db_path), "open for reads");
  // The connection's statement and page caches and the definition cache start empty; the
  // operating system's file cache is warm from seeding.
  Latencies first;
  first.Time([&] { Take(engine->Show(reviewer(), any_initiative().id), "first show"); });

  std::size_t inbox_items = 0;  // summed over the timed calls of the current measurement
  struct ReadCall {
    const char* label;
    std::function<void()> call;
  };
  const ReadCall calls[] = {
      {"Engine::Show as cesj_reviewer, random initiative",
       [&] { Take(engine->Show(reviewer(), any_initiative().id), "show"); }},
      {"Engine::Show as its department's head",
       [&] {
         const Initiative& initiative = any_initiative();
         Take(engine->Show(head_of(initiative.department), initiative.id), "show as head");
       }},
      {"Engine::Inbox as cesj_reviewer (district queue)",
       [&] { inbox_items += Take(engine->Inbox(reviewer()), "inbox").items.size(); }},
      {"Engine::Inbox as department_head",
       [&] {
         inbox_items += Take(engine->Inbox(head_of(static_cast<int>(random() % kDepartments))),
                             "inbox as head")
                            .items.size();
       }},
  };

  std::printf(
      "\n[2] Reads through the public API on a freshly opened Engine: %d warm-up "
      "calls, then %d timed (or as many as fit in %.0f s), each\n",
      kWarmupCalls, kTimedReadCalls, kReadBudgetSeconds);
  std::printf("  %-50s %7s %7s %7s %7s %7s  %s\n", "", "p50 ms", "p99 ms", "mean ms", "CPU p50",
              "CPU p99", "goal: p99 < 5 ms");
  PrintReadRow("first call after Engine::Open (Show; empty caches)", first);
  for (const ReadCall& read : calls) {
    for (int i = 0; i < kWarmupCalls; ++i) read.call();
    inbox_items = 0;
    Latencies latencies;
    const Stopwatch budget;
    while (static_cast<int>(latencies.wall.count()) < kTimedReadCalls &&
           budget.WallSeconds() < kReadBudgetSeconds) {
      latencies.Time(read.call);
    }
    const double calls_timed = static_cast<double>(latencies.wall.count());
    char extra[80];
    std::snprintf(extra, sizeof extra, "%.0f calls", calls_timed);
    if (inbox_items > 0) {
      std::snprintf(extra, sizeof extra, "%.0f calls, %.0f items per inbox", calls_timed,
                    static_cast<double>(inbox_items) / calls_timed);
    }
    PrintReadRow(read.label, latencies, extra);
  }
}

// --------------------------------------------------------------------------- [3] verify

void MeasureVerify(const std::string& db_path, const District& district) {
  std::unique_ptr<Engine> engine = Take(Engine::Open(db_path), "open for verify");
  const Stopwatch full;
  const VerifyOutcome outcome =
      Take(engine->Verify({district.ombuds, std::nullopt, ""}, std::nullopt), "verify");
  const double seconds = full.WallSeconds();
  const double cpu_seconds = full.CpuSeconds();
  if (!outcome.intact) Fail("verify", outcome.problem);

  // The chain walk alone on the same log, to split the figure (audit_verify_bench measures
  // it on a 1,000,000-event log).
  std::unique_ptr<Database> database =
      Take(Database::Open(db_path, OpenMode::kMustExist), "open for the chain walk");
  const Stopwatch chain_only;
  const VerifyReport chain = Take(EventLog(*database).Verify(std::nullopt), "chain walk");
  const double chain_seconds = chain_only.WallSeconds();

  const double events = static_cast<double>(outcome.events_checked);
  std::printf(
      "\n[3] Engine::Verify, full verify including replay (chain + replay of every "
      "projection + comparison)\n");
  std::printf("  %" PRId64 " events in %.2f s (CPU %.2f s, all threads): %.0f events/s (intact)\n",
              outcome.events_checked, seconds, cpu_seconds, events / seconds);
  std::printf("  of which the chain walk alone (EventLog::Verify, %" PRId64
              " events): %.2f s, %.0f events/s;\n  replay + comparison: %.2f s\n",
              chain.events_checked, chain_seconds,
              static_cast<double>(chain.events_checked) / chain_seconds, seconds - chain_seconds);
}

int Run(int initiatives, int commands) {
  TempFolder folder("equilens-engine-bench");
  const std::string db_path = folder.File("district.db");
  const District district = bench::MakeDistrict();

  const Stopwatch setup;
  const DefinitionInfo workflow = bench::SetUpDistrict(db_path, district);
  const double setup_seconds = setup.WallSeconds();
  const Stopwatch seeding;
  const Seeded seeded = bench::SeedHistories(db_path, district, workflow, initiatives);
  const double seed_seconds = seeding.WallSeconds();
  const double seed_cpu_seconds = seeding.CpuSeconds();

  std::printf("engine_bench: %d initiatives over %d departments, %zu users; %" PRId64
              " events of history (mean payload %.0f bytes); database file %.1f MB\n",
              initiatives, kDepartments,
              district.departments.size() * kHeadsPerDepartment + kReviewers + kLeads + 2,
              seeded.events,
              static_cast<double>(seeded.payload_bytes) / static_cast<double>(seeded.events),
              MegabytesOnDisk(db_path));
  std::printf(
      "setup (not measured): init + users through the API %.1f s; histories appended as "
      "events in %d transactions, %.1f s (CPU %.1f s)\n",
      setup_seconds, seeded.transactions, seed_seconds, seed_cpu_seconds);

  MeasureDurableCommands(db_path, folder.File("baseline.db"), district, seeded, commands);
  MeasureReads(db_path, district, seeded);
  MeasureVerify(db_path, district);
  return 0;
}

}  // namespace
}  // namespace equilens

int main(int argc, char** argv) {
  const int initiatives = argc > 1 ? std::atoi(argv[1]) : 100000;
  const int commands = argc > 2 ? std::atoi(argv[2]) : 2000;
  if (argc > 3 || initiatives <= 0 || commands <= 0) {
    std::fprintf(stderr, "usage: engine_bench [INITIATIVES [COMMANDS]]\n");
    return 2;
  }
  try {
    return equilens::Run(initiatives, commands);
  } catch (const equilens::bench::BenchFailure& failure) {
    std::fprintf(stderr, "engine_bench: %s\n", failure.message.c_str());
    return 1;
  }
}
