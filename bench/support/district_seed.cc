// Seeding a district for benchmarks: the users through the public API, then every
// initiative's history as the events its commands would record, appended through
// EventLog::Append + ApplyEvent in a few big transactions. See district_seed.h.
#include "support/district_seed.h"

#include <stdlib.h>  // mkdtemp

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
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

namespace equilens::bench {

using nlohmann::json;

[[noreturn]] void Fail(const std::string& what, const std::string& why) {
  throw BenchFailure{what + ": " + why};
}

TempFolder::TempFolder(const std::string& prefix) {
  path_ = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (mkdtemp(path_.data()) == nullptr) Fail("mkdtemp", std::strerror(errno));
}

TempFolder::~TempFolder() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
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

DefinitionInfo SetUpDistrict(const std::string& db_path, const District& district) {
  const std::string source = EQUILENS_SOURCE_DIR;
  InitOptions init;
  init.db_path = db_path;
  init.workflows_dir = source + "/workflows";
  init.forms_dir = source + "/templates/forms";
  init.admin = district.admin;
  Take(Engine::Init(init), "init");
  std::unique_ptr<Engine> engine = Take(Engine::Open(db_path), "open after init");
  const CommandOptions as_admin{district.admin, std::nullopt, ""};
  auto add = [&](const std::string& name, const char* role, const std::string& department) {
    Check(engine->AddUser(as_admin, {name, role, department, name, true, "", "immediate"}),
          "add user " + name);
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

namespace {

constexpr int kEventsPerTransaction = 100000;  // seeding: one fsync per 100,000 events
constexpr std::int64_t kMsPerDay = 86400000;

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
        // Due dates on Monday-to-Friday (no calendar): the seeded dates span years no
        // shipped calendar covers, and no figure depends on them.
        payload.update(EnterStagePayload(workflow_, workflow_.start, at, nullptr));
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
    json moved = EnterStagePayload(workflow_, step.to, at, nullptr);
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

}  // namespace

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

}  // namespace equilens::bench
