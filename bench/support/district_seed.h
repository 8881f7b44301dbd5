// A district of initiatives in every stage, seeded fast for benchmarks (bench/ only).
//
// The district (users by role over 20 departments) is created through the public API
// (Engine::Init with the shipped definitions, Engine::AddUser). Each initiative's history is
// then appended in a few big transactions as exactly the events the commands record (kinds
// and payloads as runtime/*.cc plan them), through the same EventLog::Append and ApplyEvent
// the write path calls, instead of one durable command (one fsync) per step. So the events,
// their hashes and the projections are what the commands would leave. About 15 KB of disk
// and 10 events per initiative; 100,000 initiatives take about a minute on 2 cores.
//
// Everything is deterministic but the clock: the same count plans the same histories, shifted
// to end before NowMs(). Failures throw BenchFailure: a benchmark's main reports it and exits.
#ifndef EQUILENS_BENCH_SUPPORT_DISTRICT_SEED_H_
#define EQUILENS_BENCH_SUPPORT_DISTRICT_SEED_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "equilens/engine.h"
#include "equilens/status.h"

namespace equilens::bench {

constexpr int kDepartments = 20;
constexpr int kHeadsPerDepartment = 2;
constexpr int kReviewers = 8;
constexpr int kLeads = 3;
constexpr const char* kWorkflowId = "equity-impact-review";

// ------------------------------------------------------------------------------ plumbing

// A failed step of setting up or measuring: a benchmark's main catches and reports it.
struct BenchFailure {
  std::string message;
};

[[noreturn]] void Fail(const std::string& what, const std::string& why);

inline void Check(const Status& status, const std::string& what) {
  if (!status.ok()) Fail(what, status.ToString());
}

template <typename T>
T Take(Result<T> result, const std::string& what) {
  if (!result.ok()) Fail(what, result.status().ToString());
  return std::move(*result);
}

// A new folder under the system's temp folder, "PREFIX-XXXXXX", removed with everything in it
// when this goes out of scope.
class TempFolder {
 public:
  explicit TempFolder(const std::string& prefix);
  ~TempFolder();
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  std::string File(const char* name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Milliseconds since the epoch as the event log writes time: "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string FormatUtc(std::int64_t epoch_ms);
std::int64_t NowMs();

// ----------------------------------------------------------------------------- the district

struct District {
  std::vector<std::string> departments;
  std::vector<std::vector<std::string>> heads;  // per department, kHeadsPerDepartment each
  std::vector<std::string> reviewers;           // cesj_reviewer
  std::vector<std::string> leads;               // cesj_lead
  std::string admin = "ada";
  std::string ombuds = "olga";
};

District MakeDistrict();

// Creates the database at `db_path` (which must not exist) and its people through the public
// API, as `equilens init` and `equilens user add` would. Returns the workflow's stored
// definition row.
DefinitionInfo SetUpDistrict(const std::string& db_path, const District& district);

// --------------------------------------------------------------------------- initiatives

// Where an initiative's history stops; kHeld and kWithdrawn stop at a random review stage.
enum class Target {
  kDraft,
  kIntake,
  kAssessment,
  kFeedback,
  kMitigation,
  kSignoff,
  kHeld,
  kWithdrawn,
  kMonitoring,
  kClosed,
  kRejected
};

enum class Risk : std::uint8_t { kLow, kMedium, kHigh };

struct Initiative {
  std::string id;  // "EQ-2026-0001": numbered by filing time within each year
  int year = 0;
  int number = 0;
  int department = 0;  // index into District::departments
  std::string submitter;
  std::string reviewer;
  std::string lead;
  Risk risk = Risk::kLow;
  Target target = Target::kDraft;
  std::int64_t filed_ms = 0;  // epoch milliseconds
};

// Every seeded initiative, and what measurements pick from.
struct Seeded {
  std::vector<Initiative> initiatives;
  std::vector<std::int32_t> in_review;  // in a review stage, not held: comment/hold targets
  std::int64_t events = 0;
  std::int64_t payload_bytes = 0;
  int transactions = 0;
};

// Appends `initiatives` histories to the district at `db_path` (set up by SetUpDistrict with
// `stored` its workflow), then checkpoints the WAL into the database file.
Seeded SeedHistories(const std::string& db_path, const District& district,
                     const DefinitionInfo& stored, int initiatives);

}  // namespace equilens::bench

#endif  // EQUILENS_BENCH_SUPPORT_DISTRICT_SEED_H_
