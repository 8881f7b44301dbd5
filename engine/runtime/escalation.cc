// Engine::Escalate: the escalation pass (docs/escalation.md). For each initiative in review
// whose current stage has an `escalation:` block, works out from its own events how many school
// days the current visit of the stage has waited (holds excluded) and which steps it has already
// recorded, and records the steps now due: each step once per visit, so a second pass records
// nothing. Decides as of a date; records events dated now.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "common/civil_date.h"
#include "runtime/engine_impl.h"
#include "runtime/school_days.h"

namespace equilens {
namespace {

using nlohmann::json;

constexpr const char* kReminded = "escalation_reminded";
constexpr const char* kNotified = "escalation_notified";
constexpr const char* kDeadlineNear = "deadline_near";
constexpr const char* kDeadlinePassed = "deadline_passed";

// A stage with a due date warns whoever it waits on this many school days before it (and on
// the day itself), once per visit; and once more the first school day after it, when late.
constexpr int kDeadlineNearSchoolDays = 2;

// What the log says about the current visit of the current stage, as of a date.
struct Visit {
  std::string entered_at;      // when the stage was entered (the entering event's time)
  int held_school_days = 0;    // school days on hold during it, up to the date
  bool on_hold_as_of = false;  // a hold in force on that date (resumed only later)
  std::set<std::string> done;  // steps recorded already: "remind", "notify"
};

std::string DateOf(const std::string& timestamp) { return timestamp.substr(0, 10); }

bool EntersStage(const StoredEvent& event, const json& payload) {
  return event.kind == "submitted" || event.kind == "stage_advanced" ||
         (event.kind == "approvals_voided" && !payload.value("stage", std::string()).empty());
}

Visit ReadVisit(const std::vector<StoredEvent>& events, const InitiativeRecord& record,
                const std::string& as_of) {
  Visit visit;
  std::string held_at;  // date of the hold in force, "" when none
  for (const StoredEvent& event : events) {
    const json payload = json::parse(event.payload, nullptr, false);
    if (!payload.is_object()) continue;
    if (EntersStage(event, payload)) {
      visit = Visit();
      visit.entered_at = event.at;
    } else if (event.kind == "held") {
      held_at = DateOf(event.at);
    } else if (event.kind == "resumed") {
      if (DateOf(event.at) <= as_of) {
        visit.held_school_days += payload.value("held_school_days", 0);
      } else if (!held_at.empty() && held_at <= as_of) {
        visit.on_hold_as_of = true;  // held on the date; the resume came later
      }
      held_at.clear();
    } else if (event.kind == kReminded || event.kind == kNotified || event.kind == kDeadlineNear ||
               event.kind == kDeadlinePassed) {
      if (payload.value("stage", std::string()) == record.stage &&
          payload.value("visit", std::int64_t{0}) == record.stage_visit) {
        visit.done.insert(payload.value("step", std::string()));
      }
    }
  }
  if (visit.entered_at.empty()) visit.entered_at = record.stage_entered_at;
  return visit;
}

std::string WaitingOn(const InitiativeRecord& record) {
  return record.waiting_user.empty() ? "any " + record.waiting_role : record.waiting_user;
}

bool IsPerson(const std::string& target) {
  return target.compare(0, std::string(kPersonPrefix).size(), kPersonPrefix) == 0;
}

// The steps of `record`'s current stage due as of `as_of` and not yet recorded. A step that
// names a person who cannot take it is left for a later pass, with why in `problems`.
Result<std::vector<PlannedEvent>> PlanSteps(Repository& repo, EventLog& log,
                                            const InitiativeRecord& record,
                                            const WorkflowDefinition& workflow,
                                            const SchoolCalendar& days, const std::string& as_of,
                                            std::vector<std::string>& problems) {
  std::vector<PlannedEvent> planned;
  const Stage* stage = workflow.FindStage(record.stage);
  if (record.lifecycle != LifecycleState::kInReview || stage == nullptr ||
      (!stage->escalation && record.stage_due.empty())) {
    return planned;
  }
  auto events = log.ForInitiative(record.id);
  if (!events.ok()) return events.status();
  const Visit visit = ReadVisit(*events, record, as_of);
  if (visit.on_hold_as_of) return planned;
  const int waited = days.SchoolDaysBetween(visit.entered_at, as_of) - visit.held_school_days;
  const std::string where = record.id + " " + record.stage + ": ";

  auto payload = [&](const char* step, int after) {
    return json{{"stage", record.stage},
                {"visit", record.stage_visit},
                {"step", step},
                {"after_school_days", after},
                {"school_days", waited},
                {"as_of", as_of},
                {"entered_at", visit.entered_at},
                {"waiting_user", record.waiting_user},
                {"waiting_role", record.waiting_role}};
  };
  // The due date: near (within kDeadlineNearSchoolDays), then passed. A pass that first runs
  // after the date records only that it passed.
  if (!record.stage_due.empty() && visit.done.count("overdue") == 0) {
    // Late from the first school day after the due date (a weekend after it is not yet).
    if (as_of > record.stage_due && days.SchoolDaysBetween(record.stage_due, as_of) >= 1) {
      json late = payload("overdue", 0);
      late["due"] = record.stage_due;
      late["days_late"] = days.SchoolDaysBetween(record.stage_due, as_of);
      planned.push_back({kDeadlinePassed, std::move(late)});
    } else if (visit.done.count("near") == 0 &&
               days.SchoolDaysBetween(as_of, record.stage_due) <= kDeadlineNearSchoolDays) {
      json near = payload("near", 0);
      near["due"] = record.stage_due;
      near["days_left"] = days.SchoolDaysBetween(as_of, record.stage_due);
      planned.push_back({kDeadlineNear, std::move(near)});
    }
  }
  if (!stage->escalation) return planned;
  const Escalation& escalation = *stage->escalation;
  if (escalation.remind_after_school_days > 0 && waited >= escalation.remind_after_school_days &&
      visit.done.count("remind") == 0) {
    planned.push_back({kReminded, payload("remind", escalation.remind_after_school_days)});
  }
  if (escalation.notify_after_school_days == 0 || waited < escalation.notify_after_school_days ||
      visit.done.count("notify") > 0) {
    return planned;
  }
  // A person named by `notify` or `reassign_to` must exist and be able to take it now.
  for (const std::string* target : {&escalation.notify, &escalation.reassign_to}) {
    if (!IsPerson(*target)) continue;
    const std::string name = target->substr(std::string(kPersonPrefix).size());
    auto user = repo.FindUser(name);
    if (!user.ok()) return user.status();
    const char* key = target == &escalation.notify ? "notify" : "reassign_to";
    if (!user->has_value() || !(*user)->active) {
      problems.push_back(where + "user " + name + " named by `" + key +
                         "` does not exist or is disabled; the notify step waits for a fix");
      return planned;
    }
    if (target == &escalation.reassign_to) {
      bool acts = false;
      for (const Transition& transition : workflow.transitions) {
        if (transition.from == record.stage && std::find(transition.by.begin(), transition.by.end(),
                                                         (*user)->role) != transition.by.end()) {
          acts = true;
        }
      }
      if (!acts) {
        problems.push_back(where + "user " + name + " named by `reassign_to` is " + (*user)->role +
                           ", who cannot act in " + record.stage +
                           "; the notify step waits for a fix");
        return planned;
      }
    }
  }
  json notify = payload("notify", escalation.notify_after_school_days);
  notify["notify"] = escalation.notify;
  notify["reassign_to"] = escalation.reassign_to;
  planned.push_back({kNotified, std::move(notify)});
  return planned;
}

EscalationDone DoneOf(const StoredEvent& event, const InitiativeRecord& before) {
  const json payload = json::parse(event.payload, nullptr, false);
  EscalationDone done;
  done.seq = event.seq;
  done.kind = event.kind;
  done.id = before.id;
  done.title = before.title;
  done.stage = payload.value("stage", std::string());
  done.school_days = payload.value("school_days", 0);
  done.owner = WaitingOn(before);
  done.notified = payload.value("notify", std::string());
  done.reassigned_to = payload.value("reassign_to", std::string());
  done.due = payload.value("due", std::string());
  done.days_past_or_left =
      payload.value(event.kind == kDeadlinePassed ? "days_late" : "days_left", 0);
  return done;
}

}  // namespace

Result<EscalateView> Engine::Escalate(const CommandOptions& options,
                                      const EscalateRequest& request) {
  if (!request.as_of.empty() && !IsIsoDate(request.as_of)) {
    return InvalidInput("--as-of '" + request.as_of +
                        "' is not a date: write YYYY-MM-DD, e.g. 2027-01-15");
  }
  // Who may run it is decided before anything is read, so a refusal never depends on the data.
  if (auto scope = impl_->Read(options, Command::kEscalate, ""); !scope.ok()) {
    return scope.status();
  }
  auto calendar = impl_->definitions.Calendar(impl_->repo);
  if (!calendar.ok()) return calendar.status();
  EscalateView view;
  view.as_of = request.as_of.empty() ? TodayUtc() : request.as_of;

  InitiativeQuery query;
  query.lifecycle = LifecycleStateName(LifecycleState::kInReview);
  query.limit = 1000000;  // every one: the pass is about all of them
  auto candidates = impl_->repo.ListInitiatives(query);
  if (!candidates.ok()) return candidates.status();
  std::sort(candidates->begin(), candidates->end(),
            [](const InitiativeRecord& a, const InitiativeRecord& b) { return a.id < b.id; });

  // Each initiative in its own write transaction, which decides again on what it reads: a pass
  // running at the same time, or a move since the listing, is seen, and nothing repeats.
  CommandOptions each = options;
  each.request_id.clear();
  each.expect_version.reset();
  for (const InitiativeRecord& candidate : *candidates) {
    auto workflow = impl_->definitions.Workflow(impl_->repo, candidate.workflow_sha256);
    if (!workflow.ok()) return workflow.status();
    const Stage* stage = (*workflow)->FindStage(candidate.stage);
    if (stage == nullptr || (!stage->escalation && candidate.stage_due.empty())) continue;
    std::vector<std::string> problems;
    std::optional<InitiativeRecord> before;
    auto written = impl_->Write(each, Command::kEscalate, candidate.id,
                                [&](const WriteScope& scope) -> Result<std::vector<PlannedEvent>> {
                                  before = scope.initiative;
                                  problems.clear();
                                  return PlanSteps(impl_->repo, impl_->log, *scope.initiative,
                                                   **workflow, **calendar, view.as_of, problems);
                                });
    if (!written.ok()) {
      // One initiative that cannot be escalated (its record busy past the timeout, say) does
      // not hold back the others; the next pass tries it again.
      view.problems.push_back(candidate.id + ": " + written.status().ToString() +
                              "; the next pass tries again");
      continue;
    }
    for (const StoredEvent& event : written->events) view.done.push_back(DoneOf(event, *before));
    view.problems.insert(view.problems.end(), problems.begin(), problems.end());
  }
  return view;
}

std::string ToJson(const EscalateView& view) {
  json done = json::array();
  for (const EscalationDone& step : view.done) {
    done.push_back({{"seq", step.seq},
                    {"kind", step.kind},
                    {"id", step.id},
                    {"title", step.title},
                    {"stage", step.stage},
                    {"school_days", step.school_days},
                    {"owner", step.owner},
                    {"notified", step.notified},
                    {"reassigned_to", step.reassigned_to},
                    {"due", step.due},
                    {"days_past_or_left", step.days_past_or_left}});
  }
  return json{{"as_of", view.as_of}, {"done", done}, {"problems", view.problems}}.dump();
}

}  // namespace equilens
