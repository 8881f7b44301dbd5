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
// time (100,000 fsyncs): the district is created through the public API (Engine::Init with
// the shipped definitions, Engine::AddUser), then each initiative's history is appended in
// a few big transactions as exactly the events the commands record (kinds and payloads as
// runtime/*.cc plan them), through the same EventLog::Append and ApplyEvent the write path
// calls. So the events, their hashes and the projections are what the commands would leave.
// The benchmark prints; it never asserts a time.
#include <sqlite3.h>  // the raw baseline only: the engine's own SQL stays in engine/store
#include <stdlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "equilens/answers.h"
#include "equilens/definition.h"
#include "equilens/engine.h"
#include "equilens/lifecycle.h"
#include "runtime/route.h"
#include "runtime/school_days.h"
#include "store/database.h"
#include "store/event_log.h"
#include "store/projector.h"

namespace equilens {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kDepartments = 20;
constexpr int kHeadsPerDepartment = 2;
constexpr int kReviewers = 8;
constexpr int kLeads = 3;
constexpr int kEventsPerTransaction = 100000;  // seeding: one fsync per 100,000 events
constexpr int kWarmupCommands = 400;           // per kind of durable command, before timing
constexpr int kWarmupCalls = 20;               // per read measurement, before timing
constexpr int kTimedReadCalls = 300;
constexpr double kReadBudgetSeconds = 5;  // per kind of read: stop timing early past this
constexpr std::int64_t kMsPerDay = 86400000;
constexpr const char* kWorkflowId = "equity-impact-review";

// ------------------------------------------------------------------------------ plumbing

// A failed step of setting up or measuring: main reports it, after the temp folder is removed.
struct BenchFailure {
  std::string message;
};

[[noreturn]] void Fail(const std::string& what, const std::string& why) {
  throw BenchFailure{what + ": " + why};
}

void Check(const Status& status, const std::string& what) {
  if (!status.ok()) Fail(what, status.ToString());
}

template <typename T>
T Take(Result<T> result, const std::string& what) {
  if (!result.ok()) Fail(what, result.status().ToString());
  return std::move(*result);
}

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

// A temp folder, removed with everything in it when this goes out of scope.
class TempFolder {
 public:
  TempFolder() {
    path_ = (std::filesystem::temp_directory_path() / "equilens-engine-bench-XXXXXX").string();
    if (mkdtemp(path_.data()) == nullptr) Fail("mkdtemp", std::strerror(errno));
  }
  ~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  std::string File(const char* name) const { return path_ + "/" + name; }

 private:
  std::string path_;
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

// Milliseconds since the epoch as the event log writes time: "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string FormatUtc(std::int64_t epoch_ms) {
  const std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];  // 25 needed; room for any int the compiler imagines
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(epoch_ms % 1000));
  return buffer;
}

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// ----------------------------------------------------------------------------- the district

struct District {
  std::vector<std::string> departments;
  std::vector<std::vector<std::string>> heads;  // per department
  std::vector<std::string> reviewers;
  std::vector<std::string> leads;
  std::string admin = "ada";
  std::string ombuds = "olga";
};

District MakeDistrict() {
  static const char* const kNames[kDepartments] = {
      "transportation",  "nutrition",    "special-education", "athletics", "curriculum",
      "enrollment",      "facilities",   "family-engagement", "finance",   "health-services",
      "human-resources", "ell-services", "technology",        "safety",    "early-learning",
      "assessment",      "counseling",   "career-tech",       "arts",      "library-services"};
  District district;
  for (const char* name : kNames) {
    district.departments.push_back(name);
    std::vector<std::string>& heads = district.heads.emplace_back();
    for (int h = 1; h <= kHeadsPerDepartment; ++h) {
      heads.push_back("head" + std::to_string(h) + "." + name);
    }
  }
  for (int r = 1; r <= kReviewers; ++r) {
    district.reviewers.push_back("reviewer" + std::to_string(r));
  }
  for (int l = 1; l <= kLeads; ++l) district.leads.push_back("lead" + std::to_string(l));
  return district;
}

// Creates the database and its people through the public API, as `equilens init` and
// `equilens user add` would. Returns the workflow's stored definition row.
DefinitionInfo SetUpDistrict(const std::string& db_path, const District& district) {
  const std::string source = EQUILENS_SOURCE_DIR;
  InitOptions init{db_path, source + "/workflows", source + "/templates/forms", district.admin};
  Take(Engine::Init(init), "init");
  std::unique_ptr<Engine> engine = Take(Engine::Open(db_path), "open after init");
  const CommandOptions as_admin{district.admin, std::nullopt, ""};
  auto add = [&](const std::string& name, const char* role, const std::string& department) {
    Check(engine->AddUser(as_admin, {name, role, department, name, true}), "add user " + name);
  };
  for (std::size_t d = 0; d < district.departments.size(); ++d) {
    for (const std::string& head : district.heads[d]) {
      add(head, "department_head", district.departments[d]);
    }
  }
  for (const std::string& reviewer : district.reviewers) add(reviewer, "cesj_reviewer", "");
  for (const std::string& lead : district.leads) add(lead, "cesj_lead", "");
  add(district.ombuds, "ombuds", "");
  for (const DefinitionInfo& info : Take(engine->ListDefinitions(as_admin), "list definitions")) {
    if (info.kind == "workflow" && info.id == kWorkflowId) return info;
  }
  Fail("init", std::string("the shipped workflow ") + kWorkflowId + " was not loaded");
}

// ---------------------------------------------------------------------- answers to forms

// A plausible value for `field`, varied by `salt`: sentences for text, a choice, a record.
json FieldValue(const FormField& field, std::size_t salt) {
  static const char* const kSentences[] = {
      "Students who ride routes 14 and 22 would walk up to 0.6 miles farther to a stop.",
      "Attendance data for 2024-25 show a 3-point gap for English learners at Westside High.",
      "Families told us in two listening sessions that translated notices arrive too late.",
      "The change moves two counselors' hours from the morning block to after school."};
  static const char* const kPhrases[] = {"Westside High bus routes", "Grade 9 bell schedule",
                                         "Family liaison staffing"};
  switch (field.type) {
    case FieldType::kText:
      return kPhrases[salt % 3];
    case FieldType::kLongText:
      return kSentences[salt % 4];
    case FieldType::kChoice:
      return field.choices[salt % field.choices.size()];
    case FieldType::kMultiChoice:
      return field.choices.size() > 1 ? json::array({field.choices.front(), field.choices.back()})
                                      : json::array({field.choices.front()});
    case FieldType::kNumber:
      return std::min(field.max.value_or(1e9), field.min.value_or(0) + 3);
    case FieldType::kDate:
      return "2026-09-01";
    case FieldType::kBoolean:
      return salt % 2 == 0;
    case FieldType::kRecords: {
      json records = json::array();
      for (int r = 0; r < std::max(1, field.min_records); ++r) {
        json record = json::object();
        for (const FormField& sub : field.record_fields) {
          record[sub.name] = FieldValue(sub, salt + static_cast<std::size_t>(r));
        }
        records.push_back(std::move(record));
      }
      return records;
    }
  }
  return nullptr;
}

// Complete answers to every field of `form`, with `overrides` (field -> value) on top.
// Canonical JSON: nlohmann's objects keep keys sorted, as the engine's answers are.
json CompleteAnswers(const FormDefinition& form, const json& overrides, std::size_t salt) {
  json answers = json::object();
  for (const FormSection& section : form.sections) {
    for (const FormField& field : section.fields) answers[field.name] = FieldValue(field, salt++);
  }
  answers.update(overrides);
  if (!MissingRequired(form, answers.dump()).empty()) {
    Fail("answers", "the generated answers to " + form.id + " are incomplete");
  }
  return answers;
}

// ------------------------------------------------------------------ initiatives' histories

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

// The share of initiatives at each target, in percent: a district two years in, most work
// done, the rest spread over the route.
struct TargetShare {
  Target target;
  int percent;
};
constexpr TargetShare kTargetShares[] = {
    {Target::kDraft, 5},    {Target::kIntake, 4},     {Target::kAssessment, 8},
    {Target::kFeedback, 6}, {Target::kMitigation, 4}, {Target::kSignoff, 4},
    {Target::kHeld, 3},     {Target::kWithdrawn, 6},  {Target::kMonitoring, 25},
    {Target::kClosed, 30},  {Target::kRejected, 5}};

enum class Who : std::uint8_t { kSubmitter, kReviewer, kLead };

// One command in an initiative's history; it records one to three events.
enum class Op : std::uint8_t {
  kFile,      // initiative_filed
  kSubmit,    // submitted (draft -> the route's start)
  kReturn,    // returned (to draft)
  kMove,      // stage_advanced, then approved + monitoring_started or rejected at an end
  kFill,      // answers_saved
  kComment,   // comment_added
  kHold,      // held
  kWithdraw,  // withdrawn
  kClose,     // closed
};

// Kept small: there are about ten per initiative and they are sorted by time.
struct Step {
  std::int64_t at_ms;
  std::int32_t initiative;
  Op op;
  Who who;
  const char* event = "";  // kMove: the route event
  const char* from = "";   // kMove: the stage left
  const char* to = "";     // kMove: the stage entered; kFill: the stage whose form it is
};

enum class Risk : std::uint8_t { kLow, kMedium, kHigh };

struct Initiative {
  std::string id;
  int year = 0;
  int number = 0;
  int department = 0;
  std::string submitter;
  std::string reviewer;
  std::string lead;
  Risk risk = Risk::kLow;
  Target target = Target::kDraft;
  std::int64_t filed_ms = 0;
};

// Every stage name a history below uses; checked against the shipped workflow.
constexpr const char* kStagesUsed[] = {"intake",  "assessment", "feedback", "mitigation",
                                       "signoff", "approved",   "declined"};

// Plans one initiative's commands as a person would run them, with hours to days between.
class HistoryPlanner {
 public:
  HistoryPlanner(std::int32_t index, std::mt19937_64& random, std::vector<Step>& steps)
      : index_(index), random_(random), steps_(steps) {}

  void Plan(Target target, Risk risk) {
    Add(Op::kFile, Who::kSubmitter);
    if (target == Target::kDraft) {
      if (Chance(30)) {  // returned once from intake, and not yet resubmitted
        Add(Op::kSubmit, Who::kSubmitter);
        Add(Op::kReturn, Who::kReviewer);
      }
      return;
    }
    Add(Op::kSubmit, Who::kSubmitter);
    const bool held = target == Target::kHeld;
    const bool withdrawn = target == Target::kWithdrawn;
    // Held and withdrawn ones stop at a stage chosen here: intake, assessment or feedback.
    const int stop_at = held || withdrawn ? static_cast<int>(random_() % 3) : -1;
    if (target == Target::kIntake || stop_at == 0) return Stop(held, withdrawn);
    Move("accept", "intake", "assessment", Who::kReviewer);
    if (target == Target::kAssessment || stop_at == 1) {
      if (Chance(50)) Fill("assessment", Who::kSubmitter);  // a draft of the answers
      return Stop(held, withdrawn);
    }
    Fill("assessment", Who::kSubmitter);
    Move("submit", "assessment", "feedback", Who::kSubmitter);
    if (target == Target::kFeedback || stop_at == 2) return Stop(held, withdrawn);
    if (Chance(20)) {  // one round of changes requested
      Move("request_changes", "feedback", "assessment", Who::kReviewer);
      Fill("assessment", Who::kSubmitter);
      Move("submit", "assessment", "feedback", Who::kSubmitter);
    }
    // The workflow's guard: medium or high risk goes through a mitigation plan.
    const bool mitigate = risk != Risk::kLow;
    Move("accept", "feedback", mitigate ? "mitigation" : "signoff", Who::kReviewer);
    if (mitigate) {
      if (target == Target::kMitigation) return;
      Fill("mitigation", Who::kSubmitter);
      Move("submit", "mitigation", "signoff", Who::kSubmitter);
    }
    if (target == Target::kSignoff) return;
    Fill("signoff", Who::kLead);
    if (target == Target::kRejected) return Move("decline", "signoff", "declined", Who::kLead);
    Move("approve", "signoff", "approved", Who::kLead);
    if (target == Target::kClosed) Add(Op::kClose, Who::kLead);
  }

  // The plan's length in milliseconds, from filing to its last command.
  std::int64_t DurationMs() const { return clock_ms_; }

 private:
  bool Chance(int percent) { return static_cast<int>(random_() % 100) < percent; }

  void Add(Op op, Who who, const char* event = "", const char* from = "", const char* to = "") {
    if (op != Op::kFile) {
      clock_ms_ += 2 * 3600000 + static_cast<std::int64_t>(random_() % (5 * kMsPerDay));
    }
    steps_.push_back({clock_ms_, index_, op, who, event, from, to});
    // People comment along the way, about once in eight commands, until the review ends.
    const bool ended = op == Op::kWithdraw || op == Op::kClose || std::strcmp(to, "declined") == 0;
    if (!ended && Chance(12)) {
      clock_ms_ += 60000 + static_cast<std::int64_t>(random_() % kMsPerDay);
      steps_.push_back(
          {clock_ms_, index_, Op::kComment, Chance(50) ? Who::kReviewer : Who::kSubmitter});
    }
  }
  void Move(const char* event, const char* from, const char* to, Who who) {
    Add(Op::kMove, who, event, from, to);
  }
  void Fill(const char* stage, Who who) { Add(Op::kFill, who, "", "", stage); }
  void Stop(bool held, bool withdrawn) {
    if (held) Add(Op::kHold, Who::kLead);
    if (withdrawn) Add(Op::kWithdraw, Who::kSubmitter);
  }

  std::int32_t index_;
  std::mt19937_64& random_;
  std::vector<Step>& steps_;
  std::int64_t clock_ms_ = 0;  // relative to filing until the caller shifts the plan
};

// The answers every Fill records, made once: the same size for every initiative.
struct AnswerSet {
  json assessment_by_risk[3];  // indexed by Risk
  json mitigation;
  json signoff_approve;
  json signoff_stop;
};

AnswerSet MakeAnswers(const DefinitionSet& definitions) {
  auto form = [&](const char* id) -> const FormDefinition& {
    const FormDefinition* found = definitions.FindForm(id);
    if (found == nullptr) Fail("definitions", std::string("no shipped form ") + id);
    return *found;
  };
  AnswerSet set;
  const char* const kRiskLevels[] = {"low", "medium", "high"};
  for (std::size_t risk = 0; risk < 3; ++risk) {
    set.assessment_by_risk[risk] = CompleteAnswers(form("equity-impact-assessment"),
                                                   {{"risk_level", kRiskLevels[risk]}}, risk);
  }
  set.mitigation = CompleteAnswers(form("mitigation-plan"), json::object(), 0);
  set.signoff_approve = CompleteAnswers(form("sign-off"), {{"outcome", "adjust"}}, 0);
  set.signoff_stop = CompleteAnswers(form("sign-off"), {{"outcome", "stop"}}, 0);
  return set;
}

// Every seeded initiative, and what the measurements pick from.
struct Seeded {
  std::vector<Initiative> initiatives;
  std::vector<std::int32_t> in_review;  // in a review stage, not held: hold/resume targets
  std::int64_t events = 0;
  std::int64_t payload_bytes = 0;
  int transactions = 0;
};

bool IsFinished(Target target) {
  return target == Target::kMonitoring || target == Target::kClosed ||
         target == Target::kRejected || target == Target::kWithdrawn;
}

// Plans every initiative's history into `steps` (in time order, histories interleaved as in
// a live district) and numbers the initiatives by filing time within each year.
Seeded PlanDistrict(const District& district, int count, std::int64_t now_ms,
                    std::vector<Step>& steps) {
  std::mt19937_64 random(20261123);
  Seeded seeded;
  seeded.initiatives.resize(static_cast<std::size_t>(count));
  for (std::int32_t i = 0; i < count; ++i) {
    Initiative& initiative = seeded.initiatives[static_cast<std::size_t>(i)];
    int pick = static_cast<int>(random() % 100);
    for (const TargetShare& share : kTargetShares) {
      initiative.target = share.target;
      if ((pick -= share.percent) < 0) break;
    }
    initiative.department = static_cast<int>(random() % kDepartments);
    const auto& heads = district.heads[static_cast<std::size_t>(initiative.department)];
    initiative.submitter = heads[random() % heads.size()];
    initiative.reviewer = district.reviewers[random() % district.reviewers.size()];
    initiative.lead = district.leads[random() % district.leads.size()];
    const int risk_pick = static_cast<int>(random() % 100);
    initiative.risk = risk_pick < 50 ? Risk::kLow : risk_pick < 85 ? Risk::kMedium : Risk::kHigh;
    if (initiative.target == Target::kMitigation && initiative.risk == Risk::kLow) {
      initiative.risk = Risk::kMedium;  // only medium or high risk reaches mitigation
    }

    const std::size_t first = steps.size();
    HistoryPlanner planner(i, random, steps);
    planner.Plan(initiative.target, initiative.risk);
    // Open work had its last command in the past month; finished work up to two years ago.
    const std::int64_t window = (IsFinished(initiative.target) ? 700 : 30) * kMsPerDay;
    const std::int64_t last_ms = now_ms - 60000 - static_cast<std::int64_t>(random() % window);
    const std::int64_t shift = last_ms - planner.DurationMs();
    for (std::size_t s = first; s < steps.size(); ++s) steps[s].at_ms += shift;
    initiative.filed_ms = shift;
    if (!IsFinished(initiative.target) && initiative.target != Target::kHeld &&
        initiative.target != Target::kDraft) {
      seeded.in_review.push_back(i);
    }
  }

  // Numbers count up by filing time within each year, as NextInitiativeNumber hands them out.
  std::vector<Initiative*> by_filing;
  for (Initiative& initiative : seeded.initiatives) by_filing.push_back(&initiative);
  std::sort(by_filing.begin(), by_filing.end(),
            [](const Initiative* a, const Initiative* b) { return a->filed_ms < b->filed_ms; });
  std::map<int, int> last_number;  // year -> the highest number handed out
  for (Initiative* initiative : by_filing) {
    initiative->year = std::stoi(FormatUtc(initiative->filed_ms).substr(0, 4));
    initiative->number = ++last_number[initiative->year];
    char id[32];
    std::snprintf(id, sizeof id, "EQ-%04d-%04d", initiative->year, initiative->number);
    initiative->id = id;
  }
  std::stable_sort(steps.begin(), steps.end(),
                   [](const Step& a, const Step& b) { return a.at_ms < b.at_ms; });
  return seeded;
}

// Turns each planned command into the events the runtime records for it, with the payloads
// initiative_commands.cc and route.cc build, and appends them through EventLog::Append +
// ApplyEvent, as Engine::Impl::Record does.
class HistoryWriter {
 public:
  HistoryWriter(Database& database, const District& district, const WorkflowDefinition& workflow,
                const DefinitionInfo& stored, AnswerSet answers, Seeded& seeded)
      : database_(database),
        log_(database),
        district_(district),
        workflow_(workflow),
        stored_(stored),
        answers_(std::move(answers)),
        seeded_(seeded) {}

  // Appends every step's events, committing every kEventsPerTransaction events or so.
  void Write(const std::vector<Step>& steps) {
    std::optional<WriteTransaction> transaction;
    int in_transaction = 0;
    for (const Step& step : steps) {
      if (!transaction) {
        transaction.emplace(Take(WriteTransaction::Begin(database_), "begin"));
        ++seeded_.transactions;
      }
      in_transaction += Record(step);
      if (in_transaction >= kEventsPerTransaction) {
        Check(transaction->Commit(), "commit");
        transaction.reset();
        in_transaction = 0;
      }
    }
    if (transaction) Check(transaction->Commit(), "commit");
  }

 private:
  static const char* RoleOf(Who who) {
    switch (who) {
      case Who::kSubmitter:
        return "department_head";
      case Who::kReviewer:
        return "cesj_reviewer";
      case Who::kLead:
        return "cesj_lead";
    }
    return "";
  }

  // The lifecycle state payloads carry, by its stable name.
  static json State(LifecycleState state) { return LifecycleStateName(state); }

  // Appends the one to three events of `step`; returns how many.
  int Record(const Step& step) {
    const Initiative& initiative = seeded_.initiatives[static_cast<std::size_t>(step.initiative)];
    const std::string at = FormatUtc(step.at_ms);
    const std::string& actor = step.who == Who::kSubmitter  ? initiative.submitter
                               : step.who == Who::kReviewer ? initiative.reviewer
                                                            : initiative.lead;
    int appended = 0;
    auto append = [&](const char* kind, const json& payload) {
      StoredEvent stored =
          Take(log_.Append({initiative.id, at, actor, RoleOf(step.who), kind, payload.dump()}),
               "append");
      Check(ApplyEvent(database_, stored), std::string("apply ") + kind);
      seeded_.payload_bytes += static_cast<std::int64_t>(stored.payload.size());
      ++appended;
    };
    switch (step.op) {
      case Op::kFile:
        append(
            "initiative_filed",
            {{"id", initiative.id},
             {"year", initiative.year},
             {"number", initiative.number},
             {"title", kTitles[static_cast<std::size_t>(initiative.number) % 4]},
             {"summary", kSummary},
             {"department", district_.departments[static_cast<std::size_t>(initiative.department)]},
             {"submitter", initiative.submitter},
             {"workflow_id", stored_.id},
             {"workflow_version", stored_.version},
             {"workflow_sha256", stored_.sha256},
             {"lifecycle", State(LifecycleState::kDraft)}});
        break;
      case Op::kSubmit: {
        json payload = {{"note", ""}, {"lifecycle", State(LifecycleState::kInReview)}};
        payload.update(EnterStagePayload(workflow_, workflow_.start, at));
        append("submitted", payload);
        break;
      }
      case Op::kReturn:
        append("returned", {{"note", "Name a contact person, then submit again."},
                            {"lifecycle", State(LifecycleState::kDraft)}});
        break;
      case Op::kMove:
        RecordMove(step, at, append);
        break;
      case Op::kFill:
        append("answers_saved", {{"stage", step.to},
                                 {"form", workflow_.FindStage(step.to)->form},
                                 {"answers", AnswersFor(step, initiative)},
                                 {"complete", true}});
        break;
      case Op::kComment:
        append("comment_added", {{"text", kCommentText}});
        break;
      case Op::kHold:
        append("held", {{"note", "Waiting for the board's budget decision."},
                        {"lifecycle", State(LifecycleState::kOnHold)}});
        break;
      case Op::kWithdraw:
        append("withdrawn", {{"note", "The department dropped the proposal."},
                             {"lifecycle", State(LifecycleState::kWithdrawn)}});
        break;
      case Op::kClose:
        append("closed",
               {{"note", "Report-back accepted."}, {"lifecycle", State(LifecycleState::kClosed)}});
        break;
    }
    seeded_.events += appended;
    return appended;
  }

  // stage_advanced, then what reaching an end stage fires with it (route.cc, FollowRouteEnd).
  template <typename Append>
  void RecordMove(const Step& step, const std::string& at, const Append& append) {
    const std::string event = step.event;
    const bool needs_note = event == "request_changes" || event == "decline";
    json moved = EnterStagePayload(workflow_, step.to, at);
    moved["event"] = event;
    moved["from"] = step.from;
    moved["note"] = needs_note ? "Say how families will hear about the change." : "";
    moved["lifecycle"] = State(LifecycleState::kInReview);
    append("stage_advanced", moved);
    const Stage* target = workflow_.FindStage(step.to);
    if (target->end == StageEnd::kApprove) {
      append("approved", {{"stage", target->id}, {"lifecycle", State(LifecycleState::kApproved)}});
      if (const std::optional<ReportBack>& report = workflow_.report_back) {
        append("monitoring_started",
               {{"owner", report->owner},
                {"lifecycle", State(LifecycleState::kMonitoring)},
                {"report_due", AddSchoolDays(at, report->after_school_days)}});
      }
    } else if (target->end == StageEnd::kReject) {
      append(
          "rejected",
          {{"stage", target->id}, {"note", ""}, {"lifecycle", State(LifecycleState::kRejected)}});
    }
  }

  const json& AnswersFor(const Step& step, const Initiative& initiative) const {
    const std::string stage = step.to;
    if (stage == "assessment") {
      return answers_.assessment_by_risk[static_cast<std::size_t>(initiative.risk)];
    }
    if (stage == "mitigation") return answers_.mitigation;
    return initiative.target == Target::kRejected ? answers_.signoff_stop
                                                  : answers_.signoff_approve;
  }

  static constexpr const char* kTitles[] = {
      "Consolidate afternoon bus routes at Westside High", "Move the grade 9 bell schedule",
      "Reassign family liaison positions", "Close two summer meal sites"};
  static constexpr const char* kSummary =
      "Change how the service is delivered next school year; the department expects savings "
      "and needs to know which students and families would carry the cost.";
  static constexpr const char* kCommentText =
      "Shared the 2024-25 attendance data by school and subgroup; see the folder linked in "
      "section 4 of the assessment.";

  Database& database_;
  EventLog log_;
  const District& district_;
  const WorkflowDefinition& workflow_;
  const DefinitionInfo& stored_;
  AnswerSet answers_;
  Seeded& seeded_;
};

// Builds the seeded district at `db_path` (created by SetUpDistrict), then checkpoints the
// WAL into the database file.
Seeded SeedHistories(const std::string& db_path, const District& district,
                     const DefinitionInfo& stored, int initiatives) {
  const std::string source = EQUILENS_SOURCE_DIR;
  std::vector<Diagnostic> errors;
  const DefinitionSet definitions =
      LoadDefinitionDirs(source + "/templates/forms", source + "/workflows", errors);
  const WorkflowDefinition* workflow = definitions.FindWorkflow(kWorkflowId);
  if (!errors.empty() || workflow == nullptr || workflow->sha256 != stored.sha256) {
    Fail("definitions", "the shipped workflow does not load as Engine::Init stored it");
  }
  for (const char* stage : kStagesUsed) {
    if (workflow->FindStage(stage) == nullptr) {
      Fail("definitions", std::string("the shipped workflow has no stage ") + stage);
    }
  }

  std::vector<Step> steps;
  Seeded seeded = PlanDistrict(district, initiatives, NowMs(), steps);
  std::unique_ptr<Database> database =
      Take(Database::Open(db_path, OpenMode::kMustExist), "open to seed");
  // A 1 GB page cache for this setup connection only, so the big transactions do not spill
  // and re-read pages (SQLite's default is 2 MB). It changes how fast the rows are written,
  // not which rows.
  Check(database->Exec("PRAGMA cache_size = -1000000"), "cache size");
  HistoryWriter writer(*database, district, *workflow, stored, MakeAnswers(definitions), seeded);
  writer.Write(steps);
  Check(database->Exec("PRAGMA wal_checkpoint(TRUNCATE)"), "checkpoint");
  return seeded;
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
      kinds->act.Time(
          [&] { Take(engine->Act(lead, held, event, ""), std::string(event) + " " + held); });
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
       [&] { inbox_items += Take(engine->Inbox(reviewer()), "inbox").size(); }},
      {"Engine::Inbox as department_head",
       [&] {
         inbox_items += Take(engine->Inbox(head_of(static_cast<int>(random() % kDepartments))),
                             "inbox as head")
                            .size();
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
  TempFolder folder;
  const std::string db_path = folder.File("district.db");
  const District district = MakeDistrict();

  const Stopwatch setup;
  const DefinitionInfo workflow = SetUpDistrict(db_path, district);
  const double setup_seconds = setup.WallSeconds();
  const Stopwatch seeding;
  const Seeded seeded = SeedHistories(db_path, district, workflow, initiatives);
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
  } catch (const equilens::BenchFailure& failure) {
    std::fprintf(stderr, "engine_bench: %s\n", failure.message.c_str());
    return 1;
  }
}
