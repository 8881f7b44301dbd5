// Engine::ListInitiatives and Dashboard: the web pages' listings, over exactly the
// initiatives the actor may see (a department head: their own department; every other
// reader: the district). Only reads.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "common/did_you_mean.h"
#include "runtime/engine_impl.h"
#include "runtime/input_checks.h"
#include "runtime/record_views.h"
#include "runtime/school_days.h"
#include "runtime/stage_stays.h"

namespace equilens {
namespace {

using nlohmann::json;

constexpr int kMaxListed = 5000;  // one page of a listing; more is an export

const std::vector<LifecycleState>& AllLifecycleStates() {
  static const std::vector<LifecycleState> kStates = {
      LifecycleState::kDraft,    LifecycleState::kInReview,   LifecycleState::kOnHold,
      LifecycleState::kApproved, LifecycleState::kMonitoring, LifecycleState::kClosed,
      LifecycleState::kRejected, LifecycleState::kWithdrawn};
  return kStates;
}

// The one department a listing is confined to: a department head's own; "" = every one.
std::string ScopeDepartment(const UserRecord& actor) {
  return actor.role == "department_head" ? actor.department : "";
}

bool IsOpen(LifecycleState state) {
  return state == LifecycleState::kInReview || state == LifecycleState::kOnHold;
}

// "in_review" -> "in review", for a chart's label.
std::string Readable(const std::string& name) {
  std::string label = name;
  std::replace(label.begin(), label.end(), '_', ' ');
  return label;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  const double median =
      values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
  return std::round(median * 10.0) / 10.0;  // to a tenth of a day
}

// Stages as charts order them: by their place in the first workflow that has them.
class StageOrder {
 public:
  void Note(const WorkflowDefinition& workflow, const std::string& stage) {
    if (ranks_.count(stage)) return;
    std::size_t rank = workflow.stages.size();  // the report-back, after every stage
    for (std::size_t i = 0; i < workflow.stages.size(); ++i) {
      if (workflow.stages[i].id == stage) rank = i;
    }
    ranks_[stage] = {rank, StageTitle(workflow, stage)};
  }
  const std::string& Title(const std::string& stage) const { return ranks_.at(stage).second; }
  bool Before(const std::string& a, const std::string& b) const {
    return std::make_pair(ranks_.at(a).first, a) < std::make_pair(ranks_.at(b).first, b);
  }

 private:
  std::map<std::string, std::pair<std::size_t, std::string>> ranks_;  // stage -> (rank, title)
};

}  // namespace

Result<std::vector<InitiativeSummary>> Engine::ListInitiatives(const CommandOptions& options,
                                                               const InitiativeFilter& filter) {
  if (filter.limit < 1 || filter.limit > kMaxListed) {
    return InvalidInput("a listing shows 1 to " + std::to_string(kMaxListed) +
                        " initiatives, not " + std::to_string(filter.limit));
  }
  if (!filter.lifecycle.empty() && !ParseLifecycleState(filter.lifecycle)) {
    std::vector<std::string> names;
    for (LifecycleState state : AllLifecycleStates()) names.push_back(LifecycleStateName(state));
    return InvalidInput("lifecycle '" + filter.lifecycle + "' is not one of " + JoinNames(names) +
                        DidYouMean(filter.lifecycle, names));
  }
  if (Status s = CheckText("the search text", filter.text, kMaxTitleBytes, false); !s.ok()) {
    return s;
  }
  auto scope = impl_->Read(options, Command::kInitiativeList, "");
  if (!scope.ok()) return scope.status();
  InitiativeQuery query{filter.department, filter.stage, filter.lifecycle, filter.text,
                        filter.limit};
  if (const std::string own = ScopeDepartment(scope->actor); !own.empty()) {
    if (!filter.department.empty() && filter.department != own) {
      return std::vector<InitiativeSummary>{};  // another department's: nothing to see
    }
    query.department = own;
  }
  auto records = impl_->repo.ListInitiatives(query);
  if (!records.ok()) return records.status();
  const std::string today = TodayUtc();
  std::vector<InitiativeSummary> summaries;
  for (const InitiativeRecord& record : *records) {
    auto workflow = impl_->definitions.Workflow(impl_->repo, record.workflow_sha256);
    if (!workflow.ok()) return workflow.status();
    InitiativeSummary summary;
    summary.id = record.id;
    summary.title = record.title;
    summary.department = record.department;
    summary.submitter = record.submitter;
    summary.workflow_id = record.workflow_id;
    summary.lifecycle = record.lifecycle;
    summary.stage = record.stage;
    summary.stage_title = StageTitle(**workflow, record.stage);
    summary.stage_entered_at =
        record.stage_entered_at.empty() ? record.filed_at : record.stage_entered_at;
    summary.stage_due = record.stage_due;
    summary.overdue = !record.stage_due.empty() && record.stage_due < today;
    if (!IsEndState(record.lifecycle)) {
      summary.days_in_stage = CalendarDaysBetween(summary.stage_entered_at, today);
    }
    summary.updated_at = record.updated_at;
    summaries.push_back(std::move(summary));
  }
  return summaries;
}

Result<DashboardView> Engine::Dashboard(const CommandOptions& options) {
  auto scope = impl_->Read(options, Command::kDashboard, "");
  if (!scope.ok()) return scope.status();
  auto snapshot = ReadTransaction::Begin(*impl_->db);  // every figure from one moment
  if (!snapshot.ok()) return snapshot.status();
  const std::string department = ScopeDepartment(scope->actor);
  const std::string today = TodayUtc();
  DashboardView view;
  StageOrder stages;

  // Counts, from the projection.
  auto counts = impl_->repo.CountInitiatives(department, today);
  if (!counts.ok()) return counts.status();
  std::map<std::string, std::int64_t> by_stage, by_department, by_lifecycle;
  for (const InitiativeCountRow& row : *counts) {
    by_department[row.department] += row.count;
    by_lifecycle[row.lifecycle] += row.count;
    view.overdue_stages += row.overdue;
    const std::optional<LifecycleState> state = ParseLifecycleState(row.lifecycle);
    if (state && IsOpen(*state) && !row.stage.empty()) {
      auto workflow = impl_->definitions.Workflow(impl_->repo, row.workflow_sha256);
      if (!workflow.ok()) return workflow.status();
      stages.Note(**workflow, row.stage);
      by_stage[row.stage] += row.count;
    }
  }
  for (const auto& [stage, count] : by_stage) {
    view.by_stage.push_back({stage, stages.Title(stage), count});
  }
  std::sort(view.by_stage.begin(), view.by_stage.end(),
            [&](const auto& a, const auto& b) { return stages.Before(a.key, b.key); });
  for (const auto& [name, count] : by_department) view.by_department.push_back({name, name, count});
  for (LifecycleState state : AllLifecycleStates()) {
    const std::string name = LifecycleStateName(state);
    view.by_lifecycle.push_back({name, Readable(name), by_lifecycle[name]});
  }

  // Time in each stage, from the event log (the audit report's own computation).
  struct Tracked {
    std::shared_ptr<const WorkflowDefinition> workflow;
    StageStays stays;
  };
  std::map<std::string, Tracked> initiatives;  // visible ones, by id
  Status walked = impl_->log.ForEach(1, [&](const StoredEvent& event) -> Status {
    if (event.initiative.empty()) return Status::Ok();
    const json payload = json::parse(event.payload, nullptr, false);
    if (event.kind == "initiative_filed") {
      if (!department.empty() && payload.value("department", std::string()) != department) {
        return Status::Ok();
      }
      auto workflow =
          impl_->definitions.Workflow(impl_->repo, payload.value("workflow_sha256", std::string()));
      if (!workflow.ok()) return workflow.status();
      initiatives.emplace(event.initiative, Tracked{*workflow, StageStays(workflow->get())});
      return Status::Ok();
    }
    auto tracked = initiatives.find(event.initiative);
    if (tracked != initiatives.end()) tracked->second.stays.Observe(event, payload);
    return Status::Ok();
  });
  if (!walked.ok()) return walked;
  std::map<std::string, std::vector<double>> days;  // stage -> each completed stay's length
  for (const auto& [id, tracked] : initiatives) {
    for (const StageStay& stay : tracked.stays.stays()) {
      if (stay.left_at.empty()) continue;  // still there: not a completed stay
      stages.Note(*tracked.workflow, stay.stage);
      days[stay.stage].push_back(DaysBetween(stay.entered_at, stay.left_at));
    }
  }
  for (const auto& [stage, lengths] : days) {
    view.stage_times.push_back(
        {stage, stages.Title(stage), Median(lengths), static_cast<std::int64_t>(lengths.size())});
  }
  std::sort(view.stage_times.begin(), view.stage_times.end(),
            [&](const auto& a, const auto& b) { return stages.Before(a.stage, b.stage); });

  // Tracked actions past due, as `mitigation overdue` lists them for this actor.
  auto overdue = OverdueActions(options, today);
  if (!overdue.ok()) return overdue.status();
  view.overdue_actions = static_cast<std::int64_t>(overdue->size());

  // Equity data that flags a group.
  auto flagged = impl_->repo.FlaggedEquityData(department);
  if (!flagged.ok()) return flagged.status();
  for (const auto& [id, data] : *flagged) {
    auto initiative = impl_->repo.FindInitiative(id);
    if (!initiative.ok()) return initiative.status();
    auto metrics = MetricsViewOf(id, data);
    if (!metrics.ok()) return metrics.status();
    if (!initiative->has_value()) continue;
    DashboardView::Flagged entry;
    entry.id = id;
    entry.title = (*initiative)->title;
    entry.department = (*initiative)->department;
    auto max_ratio = metrics->summary.find("max_risk_ratio");
    entry.max_risk_ratio = max_ratio == metrics->summary.end() ? 0 : max_ratio->second;
    std::vector<std::string> groups;
    for (const MetricRowView& row : metrics->rows) {
      if (row.flagged && std::find(groups.begin(), groups.end(), row.group) == groups.end()) {
        groups.push_back(row.group);
      }
    }
    entry.groups = JoinNames(groups);
    view.flagged.push_back(std::move(entry));
  }
  return view;
}

}  // namespace equilens
