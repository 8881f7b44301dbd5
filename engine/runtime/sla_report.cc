// Engine::SlaReport: open deadlines as of a date, counted on the district calendar, grouped per
// owner and per department. Reads the projections only and records nothing.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "runtime/engine_impl.h"
#include "runtime/record_views.h"
#include "runtime/school_days.h"

namespace equilens {
namespace {

constexpr int kMaxWithin = 200;  // school days: more than a school year

// Open initiatives of one lifecycle state the actor may see, whatever their number.
Result<std::vector<InitiativeRecord>> OpenInitiatives(Repository& repo, LifecycleState state,
                                                      const std::string& department) {
  InitiativeQuery query;
  query.lifecycle = LifecycleStateName(state);
  query.department = department;
  query.limit = 1000000;  // every one: the report is about all of them
  return repo.ListInitiatives(query);
}

SlaGroup& GroupFor(std::map<std::string, SlaGroup>& groups, const std::string& name, bool is_role) {
  SlaGroup& group = groups[name];
  group.name = name;
  group.is_role = is_role;
  return group;
}

std::vector<SlaGroup> Values(const std::map<std::string, SlaGroup>& groups) {
  std::vector<SlaGroup> values;
  for (const auto& [name, group] : groups) values.push_back(group);
  return values;
}

}  // namespace

Result<SlaReportView> Engine::SlaReport(const CommandOptions& options,
                                        const SlaReportRequest& request) {
  if (!request.as_of.empty() && !IsIsoDate(request.as_of)) {
    return InvalidInput("--as-of '" + request.as_of +
                        "' is not a date: write YYYY-MM-DD, e.g. 2027-01-15");
  }
  if (request.within < 0 || request.within > kMaxWithin) {
    return InvalidInput("--within " + std::to_string(request.within) + " is outside 0.." +
                        std::to_string(kMaxWithin) + " school days");
  }
  auto snapshot = ReadTransaction::Begin(*impl_->db);  // every figure from one moment
  if (!snapshot.ok()) return snapshot.status();
  auto scope = impl_->Read(options, Command::kSlaReport, "");
  if (!scope.ok()) return scope.status();
  auto calendar = impl_->definitions.Calendar(impl_->repo);
  if (!calendar.ok()) return calendar.status();
  const SchoolCalendar& days = **calendar;

  SlaReportView report;
  report.as_of = request.as_of.empty() ? TodayUtc() : request.as_of;
  report.within = request.within;
  report.calendars = days.Describe();
  report.as_of_not_counted = days.WhyNotCounted(*DayOf(report.as_of));
  const std::string department =
      scope->actor.role == "department_head" ? scope->actor.department : "";

  std::map<std::string, SlaGroup> by_owner, by_department;
  for (LifecycleState state :
       {LifecycleState::kInReview, LifecycleState::kMonitoring, LifecycleState::kOnHold}) {
    auto records = OpenInitiatives(impl_->repo, state, department);
    if (!records.ok()) return records.status();
    for (const InitiativeRecord& record : *records) {
      if (record.stage_due.empty()) continue;  // no deadline: nothing is late
      // A report-back counts while it is owed (due or sent back), not once submitted.
      if (state == LifecycleState::kMonitoring && record.report_status != "due" &&
          record.report_status != "returned") {
        continue;
      }
      auto workflow = impl_->definitions.Workflow(impl_->repo, record.workflow_sha256);
      if (!workflow.ok()) return workflow.status();
      SlaItem item;
      item.id = record.id;
      item.title = record.title;
      item.department = record.department;
      item.stage = record.stage;
      item.stage_title = StageTitle(**workflow, record.stage);
      item.owner_is_role = record.waiting_user.empty();
      item.owner = item.owner_is_role ? record.waiting_role : record.waiting_user;
      if (item.owner.empty()) {  // on hold keeps the owner the stage had; else a stage owner
        const Stage* stage = (*workflow)->FindStage(record.stage);
        item.owner =
            stage != nullptr && stage->owner != kSubmitter ? stage->owner : record.submitter;
        item.owner_is_role = stage != nullptr && stage->owner != kSubmitter;
      }
      item.due = record.stage_due;
      SlaGroup& owner = GroupFor(by_owner, item.owner, item.owner_is_role);
      SlaGroup& unit = GroupFor(by_department, item.department, false);
      if (state == LifecycleState::kOnHold) {
        ++owner.on_hold;
        ++unit.on_hold;
        report.on_hold.push_back(std::move(item));
      } else if (item.due < report.as_of) {
        item.school_days = days.SchoolDaysBetween(item.due, report.as_of);
        for (SlaGroup* group : {&owner, &unit}) {
          ++group->overdue;
          group->most_late = std::max(group->most_late, item.school_days);
        }
        report.overdue.push_back(std::move(item));
      } else {
        item.school_days = days.SchoolDaysBetween(report.as_of, item.due);
        if (item.school_days > request.within) continue;
        ++owner.due_soon;
        ++unit.due_soon;
        report.due_soon.push_back(std::move(item));
      }
    }
  }
  std::sort(report.overdue.begin(), report.overdue.end(), [](const SlaItem& a, const SlaItem& b) {
    if (a.school_days != b.school_days) return a.school_days > b.school_days;
    return a.due != b.due ? a.due < b.due : a.id < b.id;
  });
  std::sort(report.due_soon.begin(), report.due_soon.end(), [](const SlaItem& a, const SlaItem& b) {
    return a.due != b.due ? a.due < b.due : a.id < b.id;
  });
  std::sort(report.on_hold.begin(), report.on_hold.end(),
            [](const SlaItem& a, const SlaItem& b) { return a.id < b.id; });
  // Groups that only had items beyond the window have nothing to say.
  for (auto* groups : {&by_owner, &by_department}) {
    for (auto it = groups->begin(); it != groups->end();) {
      const SlaGroup& group = it->second;
      it = group.overdue + group.due_soon + group.on_hold == 0 ? groups->erase(it) : std::next(it);
    }
  }
  report.by_owner = Values(by_owner);
  report.by_department = Values(by_department);
  return report;
}

std::string ToJson(const SlaReportView& report) {
  using nlohmann::json;
  auto items = [](const std::vector<SlaItem>& list) {
    json out = json::array();
    for (const SlaItem& item : list) {
      out.push_back({{"id", item.id},
                     {"title", item.title},
                     {"department", item.department},
                     {"stage", item.stage},
                     {"stage_title", item.stage_title},
                     {"owner", item.owner},
                     {"owner_is_role", item.owner_is_role},
                     {"due", item.due},
                     {"school_days", item.school_days}});
    }
    return out;
  };
  auto groups = [](const std::vector<SlaGroup>& list) {
    json out = json::array();
    for (const SlaGroup& group : list) {
      out.push_back({{"name", group.name},
                     {"is_role", group.is_role},
                     {"overdue", group.overdue},
                     {"due_soon", group.due_soon},
                     {"on_hold", group.on_hold},
                     {"most_late", group.most_late}});
    }
    return out;
  };
  return json{{"as_of", report.as_of},
              {"within", report.within},
              {"calendars", report.calendars},
              {"as_of_not_counted", report.as_of_not_counted},
              {"overdue", items(report.overdue)},
              {"due_soon", items(report.due_soon)},
              {"on_hold", items(report.on_hold)},
              {"by_owner", groups(report.by_owner)},
              {"by_department", groups(report.by_department)}}
      .dump();
}

}  // namespace equilens
