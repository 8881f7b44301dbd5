// Engine::TrackedActions, SetActionStatus and OverdueActions: the mitigation plan after
// sign-off. Sign-off adopts the plan's actions (route.cc, `actions_adopted`); from then on
// the department keeps each one's status, and overdue ones surface in inboxes and in the
// district-wide list.
#include <algorithm>
#include <map>

#include "runtime/command_checks.h"
#include "runtime/engine_impl.h"
#include "runtime/input_checks.h"
#include "runtime/record_views.h"
#include "runtime/school_days.h"

namespace equilens {
namespace {

const std::vector<std::string>& ActionStatuses() {
  static const std::vector<std::string> kStatuses = {"planned", "in_progress", "done", "dropped"};
  return kStatuses;
}

}  // namespace

Status CheckActionsKept(const InitiativeRecord& initiative) {
  if (initiative.lifecycle != LifecycleState::kApproved &&
      initiative.lifecycle != LifecycleState::kMonitoring) {
    return RefusedByRule(initiative.id + " is " + LifecycleStateName(initiative.lifecycle) +
                         ": action statuses are kept after sign-off and until it closes");
  }
  return Status::Ok();
}

Status CheckActionKeeper(const InitiativeRecord& initiative, const UserRecord& actor,
                         const TrackedActionRow& action) {
  // The department is accountable for its plan (scope has already kept other departments'
  // heads out); an owner named by user name may report on their own action.
  if (actor.role != "department_head" && actor.name != action.owner) {
    return Forbidden("action " + std::to_string(action.number) + " of " + initiative.id +
                     " is kept by its department or its owner (" + action.owner + "); " +
                     actor.name + " is " + actor.role);
  }
  return Status::Ok();
}

Result<std::vector<TrackedActionView>> Engine::TrackedActions(const CommandOptions& options,
                                                              const std::string& id) {
  auto scope = impl_->Read(options, Command::kActionList, id);
  if (!scope.ok()) return scope.status();
  auto rows = impl_->repo.TrackedActions(id);
  if (!rows.ok()) return rows.status();
  const std::string today = TodayUtc();
  std::vector<TrackedActionView> actions;
  for (const TrackedActionRow& row : *rows) {
    actions.push_back(ViewOf(row, today, scope->initiative->lifecycle));
  }
  return actions;
}

Result<TrackedActionView> Engine::SetActionStatus(const CommandOptions& options,
                                                  const std::string& id, std::int64_t number,
                                                  const std::string& status,
                                                  const std::string& reason) {
  if (std::find(ActionStatuses().begin(), ActionStatuses().end(), status) ==
      ActionStatuses().end()) {
    return InvalidInput("status '" + status +
                        "' is not one of planned, in_progress, done, dropped");
  }
  if (status == "dropped" && reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidInput("dropping an action needs a reason (--reason): the record shows why");
  }
  if (Status s = CheckText("the reason", reason, kMaxTextBytes, false); !s.ok()) return s;
  std::optional<TrackedActionRow> updated;
  auto written = impl_->Write(
      options, Command::kActionStatus, id,
      [&](const WriteScope& scope) -> Result<std::vector<PlannedEvent>> {
        const InitiativeRecord& initiative = *scope.initiative;
        if (Status s = CheckActionsKept(initiative); !s.ok()) return s;
        auto rows = impl_->repo.TrackedActions(id);
        if (!rows.ok()) return rows.status();
        auto row = std::find_if(rows->begin(), rows->end(),
                                [&](const TrackedActionRow& r) { return r.number == number; });
        if (row == rows->end()) {
          return NotFound(id + " has no tracked action " + std::to_string(number) + "; it has " +
                          std::to_string(rows->size()));
        }
        if (Status s = CheckActionKeeper(initiative, scope.actor, *row); !s.ok()) return s;
        updated = *row;
        updated->status = status;
        updated->status_reason = reason;
        updated->updated_at = scope.now;
        updated->updated_by = scope.actor.name;
        if (row->status == status && row->status_reason == reason) {
          return std::vector<PlannedEvent>{};  // unchanged
        }
        return std::vector<PlannedEvent>{
            {"action_status_set",
             {{"number", number}, {"status", status}, {"reason", reason}, {"was", row->status}}}};
      });
  if (!written.ok()) return written.status();
  if (written->repeated) {  // a repeat: the action as it stands
    auto rows = impl_->repo.TrackedActions(id);
    if (!rows.ok()) return rows.status();
    for (const TrackedActionRow& row : *rows) {
      if (row.number == number) updated = row;
    }
  }
  if (!updated) return NotFound(id + " has no tracked action " + std::to_string(number));
  const LifecycleState lifecycle =
      written->initiative ? written->initiative->lifecycle : LifecycleState::kMonitoring;
  return ViewOf(*updated, TodayUtc(), lifecycle);
}

Result<std::vector<TrackedActionView>> Engine::OverdueActions(const CommandOptions& options,
                                                              const std::string& as_of) {
  if (!as_of.empty() && !IsIsoDate(as_of)) {
    return InvalidInput("--as-of '" + as_of + "' is not a date (YYYY-MM-DD)");
  }
  auto scope = impl_->Read(options, Command::kActionsOverdue, "");
  if (!scope.ok()) return scope.status();
  const std::string day = as_of.empty() ? TodayUtc() : as_of;
  auto rows = impl_->repo.OverdueActions(day);
  if (!rows.ok()) return rows.status();
  std::map<std::string, std::optional<InitiativeRecord>> visible;  // by initiative id
  std::vector<TrackedActionView> actions;
  for (const TrackedActionRow& row : *rows) {
    auto known = visible.find(row.initiative);
    if (known == visible.end()) {
      auto initiative = impl_->repo.FindInitiative(row.initiative);
      if (!initiative.ok()) return initiative.status();
      std::optional<InitiativeRecord> seen;
      if (initiative->has_value() && AuthorizeScope(scope->actor, **initiative).ok()) {
        seen = std::move(**initiative);
      }
      known = visible.emplace(row.initiative, std::move(seen)).first;
    }
    if (known->second) actions.push_back(ViewOf(row, day, known->second->lifecycle));
  }
  return actions;
}

}  // namespace equilens
