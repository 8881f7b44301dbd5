// DecideAct and AvailableActions: the rules of `act`, in the order route.h lists them.
#include "runtime/route.h"

#include <algorithm>

#include "equilens/lifecycle.h"
#include "runtime/act_rules.h"
#include "runtime/school_days.h"

namespace equilens {
namespace {

bool Names(const std::vector<std::string>& roles, const char* role) {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

std::optional<LifecycleEvent> LifecycleEventFor(const std::string& event) {
  if (event == "advance" || event == "approve" || event == "start_monitoring") {
    return std::nullopt;  // internal: fired by the route, never by a person
  }
  return ParseLifecycleEvent(event);
}

const SchoolCalendar& CalendarOf(const ActFacts& facts) {
  static const SchoolCalendar kWeekdays;
  return facts.calendar != nullptr ? *facts.calendar : kWeekdays;
}

// The clock stopped while on hold: the stage's due date moves later by the school days after
// the hold's date up to and including today's (held and resumed on one day: none). Recorded
// in the `resumed` payload, so the projection only copies `due`.
nlohmann::json ResumeClock(const ActFacts& facts) {
  const SchoolCalendar& calendar = CalendarOf(facts);
  const std::string& due = facts.initiative->stage_due;
  const int held = facts.held_at.empty() ? 0 : calendar.SchoolDaysBetween(facts.held_at, facts.now);
  std::string moved = due;
  if (!due.empty() && held > 0) moved = calendar.AddSchoolDays(due, held);
  return {{"held_since", facts.held_at},
          {"held_school_days", held},
          {"due_before", due},
          {"due", moved}};
}

// The past-tense event kind a lifecycle event is recorded as.
const char* RecordedKind(LifecycleEvent event) {
  switch (event) {
    case LifecycleEvent::kSubmit:
      return "submitted";
    case LifecycleEvent::kHold:
      return "held";
    case LifecycleEvent::kResume:
      return "resumed";
    case LifecycleEvent::kReturn:
      return "returned";
    case LifecycleEvent::kWithdraw:
      return "withdrawn";
    case LifecycleEvent::kReject:
      return "rejected";
    case LifecycleEvent::kClose:
      return "closed";
    case LifecycleEvent::kAdvance:
      return "stage_advanced";
    case LifecycleEvent::kApprove:
      return "approved";
    case LifecycleEvent::kStartMonitoring:
      return "monitoring_started";
  }
  return "unknown";
}

// Segregation of duties for doing `what` in `stage_id` as one of `by`: the filer acts only
// where `by` names `submitter`; nobody acts where the stage's `distinct_from` excludes them.
Status CheckSegregation(const ActFacts& facts, const std::string& stage_id,
                        const std::vector<std::string>& by, const std::string& what) {
  const std::string& id = facts.initiative->id;
  if (IsSubmitter(facts) && !Names(by, kSubmitter)) {
    return RefusedByRule("you filed " + id + ", so you cannot " + what +
                         ": that needs someone other than the person who filed it " +
                         Where(facts, stage_id));
  }
  const Stage* stage = facts.workflow->FindStage(stage_id);
  if (stage == nullptr) return Status::Ok();  // the report_back pseudo-stage: no distinct_from
  for (const std::string& excluded : stage->distinct_from) {
    if (excluded == kSubmitter) {
      if (IsSubmitter(facts)) {
        return RefusedByRule("stage " + stage->id +
                             " needs someone other than the person who "
                             "filed " +
                             id + " " + Where(facts, stage->id));
      }
      continue;
    }
    if (facts.actors_in_stage && facts.actors_in_stage(excluded).count(facts.actor->name)) {
      return RefusedByRule("stage " + stage->id + " needs someone other than whoever acted in " +
                           "stage " + excluded + ", and " + facts.actor->name + " did " +
                           Where(facts, stage->id));
    }
  }
  return Status::Ok();
}

// The unmet `requires` of `transition`, in words.
std::vector<std::string> UnmetRequirements(const ActFacts& facts, const Transition& transition,
                                           const std::string& note) {
  std::vector<std::string> unmet;
  for (Requirement requirement : transition.requires) {
    switch (requirement) {
      case Requirement::kFormComplete: {
        std::vector<std::string> missing = facts.missing_required
                                               ? facts.missing_required(transition.from)
                                               : std::vector<std::string>{};
        if (!missing.empty()) {
          unmet.push_back("the " + transition.from +
                          " form is incomplete; still needed: " + Join(missing));
        }
        break;
      }
      case Requirement::kComment:
        if (note.empty()) unmet.push_back("'" + transition.event + "' needs a note saying why");
        break;
      case Requirement::kFeedbackAnswered:
        if (!facts.unanswered_feedback.empty()) {
          unmet.push_back("every feedback item needs an answer first; unanswered: " +
                          Join(facts.unanswered_feedback));
        }
        break;
    }
  }
  return unmet;
}

// An approving event binds the content it saw; before the department has written anything
// (an intake accept) there is nothing to bind, and it is not recorded as an approval.
bool BindsContent(const ActFacts& facts, const std::string& event) {
  return IsApprovalEvent(*facts.workflow, event) && HasContent(facts.content);
}

// The route part of an advance: picks the transition, checks who and what, and plans events.
Status DecideRouteMove(const ActFacts& facts, const std::string& event, const std::string& note,
                       ActDecision& decision) {
  const std::string& stage_id = facts.initiative->stage;
  const Transition* chosen = nullptr;
  for (const Transition* transition : facts.workflow->TransitionsFrom(stage_id, event)) {
    if (!transition->when || EvaluateGuard(*transition->when, facts.guard_facts)) {
      chosen = transition;
      break;
    }
  }
  if (chosen == nullptr) {
    std::vector<std::string> unmet;
    for (const Transition* transition : facts.workflow->TransitionsFrom(stage_id, event)) {
      unmet.push_back("to " + transition->to + " only when " + DescribeGuard(*transition->when));
    }
    return RefusedByRule("'" + event + "' cannot fire at stage " + stage_id +
                         ": no condition holds (" + Join(unmet, "; ") + ") " +
                         Where(facts, stage_id));
  }
  if (!ActorIn(facts, chosen->by)) {
    return Forbidden("'" + event + "' at stage " + stage_id + " is for " + Join(chosen->by) + "; " +
                     facts.actor->name + " is " + facts.actor->role + " " + Where(facts, stage_id));
  }
  if (Status status = CheckSegregation(facts, chosen->from, chosen->by, "'" + event + "' it");
      !status.ok()) {
    return status;
  }
  if (std::vector<std::string> unmet = UnmetRequirements(facts, *chosen, note); !unmet.empty()) {
    return RefusedByRule("cannot '" + event + "' yet: " + Join(unmet, "; ") + " " +
                         Where(facts, stage_id));
  }

  const Stage* stage = facts.workflow->FindStage(stage_id);
  auto quorum = stage->quorum.find(event);
  if (quorum != stage->quorum.end()) {
    std::set<std::string> voters = facts.votes ? facts.votes(event) : std::set<std::string>{};
    if (voters.count(facts.actor->name)) {
      return RefusedByRule(facts.actor->name + " has already voted to '" + event + "'; " +
                           std::to_string(quorum->second - static_cast<int>(voters.size())) +
                           " more needed from other people " + Where(facts, stage_id));
    }
    if (static_cast<int>(voters.size()) + 1 < quorum->second) {
      const int votes = static_cast<int>(voters.size()) + 1;
      nlohmann::json vote = {{"event", event}, {"stage", stage_id},
                             {"votes", votes}, {"needed", quorum->second},
                             {"note", note},   {"lifecycle", "in_review"}};
      if (BindsContent(facts, event)) vote["approval"] = ApprovalPayload(facts.content);
      decision.events.push_back({"vote_recorded", std::move(vote)});
      decision.message = "vote recorded: " + event + " " + std::to_string(votes) + " of " +
                         std::to_string(quorum->second);
      return Status::Ok();
    }
  }

  nlohmann::json payload =
      EnterStagePayload(*facts.workflow, chosen->to, facts.now, facts.calendar);
  payload["event"] = event;
  payload["from"] = stage_id;
  payload["note"] = note;
  payload["lifecycle"] = "in_review";
  // An approval is bound to the content it saw (content_binding.h).
  if (BindsContent(facts, event)) payload["approval"] = ApprovalPayload(facts.content);
  decision.events.push_back({"stage_advanced", std::move(payload)});
  decision.message = "moved from " + stage_id + " to " + chosen->to;
  return Status::Ok();
}

// A field value as one line: lists joined with ", ", other scalars as written.
std::string OneLine(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::vector<std::string> items;
    for (const nlohmann::json& item : value) items.push_back(OneLine(item));
    return Join(items);
  }
  return value.is_null() ? std::string() : value.dump();
}

// Sign-off adopts the plan: the records of each stage's `tracks_actions` field become
// tracked actions (`actions_adopted`), numbered in the plan's order. nullopt when none.
std::optional<PlannedEvent> AdoptTrackedActions(const ActFacts& facts) {
  nlohmann::json actions = nlohmann::json::array();
  for (const Stage& stage : facts.workflow->stages) {
    if (stage.tracks_actions.empty() || !facts.guard_facts.answers) continue;
    const nlohmann::json* answers = facts.guard_facts.answers(stage.id);
    if (answers == nullptr || !answers->contains(stage.tracks_actions)) continue;
    for (const nlohmann::json& record : (*answers)[stage.tracks_actions]) {
      if (!record.is_object()) continue;
      auto field = [&](const char* name) {
        return record.contains(name) ? OneLine(record[name]) : std::string();
      };
      actions.push_back({{"number", static_cast<std::int64_t>(actions.size()) + 1},
                         {"stage", stage.id},
                         {"risk", field("risk")},
                         {"groups", field("groups")},
                         {"action", field("action")},
                         {"owner", field("owner")},
                         {"due", field("due")},
                         {"resources", field("resources")},
                         {"success_measure", field("success_measure")}});
    }
  }
  if (actions.empty()) return std::nullopt;
  return PlannedEvent{"actions_adopted", {{"actions", std::move(actions)}}};
}

// After a move into an end stage, the lifecycle follows: approve (and monitoring when a
// report-back is scheduled) or reject.
Status FollowRouteEnd(const ActFacts& facts, Lifecycle& machine, ActDecision& decision) {
  const PlannedEvent& moved = decision.events.back();
  if (moved.kind != "stage_advanced") return Status::Ok();
  const Stage* target = facts.workflow->FindStage(moved.payload["stage"].get<std::string>());
  if (target->end == StageEnd::kApprove) {
    auto approved = machine.Fire(LifecycleEvent::kApprove);
    if (!approved.ok()) return approved.status();
    decision.events.push_back(
        {"approved", {{"stage", target->id}, {"lifecycle", LifecycleStateName(*approved)}}});
    decision.message += "; approved";
    if (std::optional<PlannedEvent> adopted = AdoptTrackedActions(facts)) {
      decision.message += "; " + std::to_string(adopted->payload["actions"].size()) +
                          " mitigation action(s) now tracked";
      decision.events.push_back(std::move(*adopted));
    }
    if (const auto& report = facts.workflow->report_back) {
      auto monitoring = machine.Fire(LifecycleEvent::kStartMonitoring);
      if (!monitoring.ok()) return monitoring.status();
      const std::string report_due =
          CalendarOf(facts).AddSchoolDays(facts.now, report->after_school_days);
      decision.events.push_back({"monitoring_started",
                                 {{"owner", report->owner},
                                  {"stage", kReportBackStage},
                                  {"lifecycle", LifecycleStateName(*monitoring)},
                                  {"report_due", report_due}}});
      decision.message +=
          "; report-back due " + decision.events.back().payload["report_due"].get<std::string>();
    }
  } else if (target->end == StageEnd::kReject) {
    auto rejected = machine.Fire(LifecycleEvent::kReject);
    if (!rejected.ok()) return rejected.status();
    decision.events.push_back(
        {"rejected",
         {{"stage", target->id}, {"note", ""}, {"lifecycle", LifecycleStateName(*rejected)}}});
    decision.message += "; rejected";
  }
  return Status::Ok();
}

Result<ActDecision> DecideLifecycle(const ActFacts& facts, LifecycleEvent event,
                                    const std::string& name, const std::string& note) {
  Lifecycle machine(facts.initiative->lifecycle);
  auto roles = facts.workflow->lifecycle.find(name);
  const std::vector<std::string> allowed =
      roles == facts.workflow->lifecycle.end() ? std::vector<std::string>{} : roles->second;
  if (!ActorIn(facts, allowed)) {
    return Forbidden("'" + name + "' is for " + (allowed.empty() ? "nobody" : Join(allowed)) +
                     " in this workflow; " + facts.actor->name + " is " + facts.actor->role + " " +
                     Where(facts, ""));
  }
  // Acting on the current stage from outside the route (reject, return, hold) is still acting
  // in it: its segregation rules apply, so a lifecycle event cannot bypass a stage's
  // `distinct_from`. The filer acting as filer (withdraw) is the exception the roles name.
  const bool as_filer = IsSubmitter(facts) && Names(allowed, kSubmitter);
  if (!facts.initiative->stage.empty() && !as_filer) {
    if (Status status =
            CheckSegregation(facts, facts.initiative->stage, allowed, "'" + name + "' it");
        !status.ok()) {
      return status;
    }
  }
  auto fired = machine.Fire(event);
  if (!fired.ok()) return fired.status();
  // Stopping or pausing someone's review is recorded with its reason.
  const bool needs_reason = event == LifecycleEvent::kReject || event == LifecycleEvent::kReturn ||
                            event == LifecycleEvent::kHold;
  if (needs_reason && note.empty()) {
    return RefusedByRule("'" + name +
                         "' needs a note saying why; the record shows it to the "
                         "department " +
                         Where(facts, facts.initiative->stage));
  }
  ActDecision decision;
  nlohmann::json payload = {{"note", note}, {"lifecycle", LifecycleStateName(*fired)}};
  if (event == LifecycleEvent::kSubmit) {
    payload.update(
        EnterStagePayload(*facts.workflow, facts.workflow->start, facts.now, facts.calendar));
  }
  if (event == LifecycleEvent::kResume) payload.update(ResumeClock(facts));
  decision.events.push_back({RecordedKind(event), std::move(payload)});
  decision.message = std::string(RecordedKind(event)) + "; now " + LifecycleStateName(*fired);
  return decision;
}

}  // namespace

Status CheckStageWork(const ActFacts& facts) {
  const InitiativeRecord& initiative = *facts.initiative;
  if (initiative.lifecycle == LifecycleState::kMonitoring) return CheckReportBackWork(facts);
  if (initiative.lifecycle != LifecycleState::kInReview || initiative.stage.empty()) {
    return RefusedByRule(initiative.id + " is " + LifecycleStateName(initiative.lifecycle) +
                         (initiative.lifecycle == LifecycleState::kOnHold
                              ? ": nothing changes until it is resumed"
                              : ": only a stage in review has a form to fill"));
  }
  const Stage* stage = facts.workflow->FindStage(initiative.stage);
  if (stage == nullptr || stage->form.empty()) {
    return RefusedByRule("stage " + initiative.stage + " has no form to fill " +
                         Where(facts, initiative.stage));
  }
  if (!ActorIn(facts, {stage->owner})) {
    return Forbidden("the " + stage->id + " form is filled by " + stage->owner + "; " +
                     facts.actor->name + " is " + facts.actor->role + " " +
                     Where(facts, stage->id));
  }
  return CheckSegregation(facts, stage->id, {stage->owner}, "fill its " + stage->id + " form");
}

nlohmann::json EnterStagePayload(const WorkflowDefinition& workflow, const std::string& stage,
                                 const std::string& now, const SchoolCalendar* calendar) {
  const Stage* entered = workflow.FindStage(stage);
  const SchoolCalendar weekdays;
  const SchoolCalendar& days = calendar != nullptr ? *calendar : weekdays;
  return {{"stage", stage},
          {"owner", entered == nullptr ? "" : entered->owner},
          {"due", entered == nullptr ? "" : days.AddSchoolDays(now, entered->sla_school_days)}};
}

Result<ActDecision> DecideAct(const ActFacts& facts, const std::string& event,
                              const std::string& note) {
  const InitiativeRecord& initiative = *facts.initiative;
  const bool route_event = !initiative.stage.empty() &&
                           !facts.workflow->TransitionsFrom(initiative.stage, event).empty();
  if (route_event) {
    Lifecycle machine(initiative.lifecycle);
    ActDecision decision;
    auto fired = machine.Fire(LifecycleEvent::kAdvance,
                              [&] { return DecideRouteMove(facts, event, note, decision); });
    if (!fired.ok()) return fired.status();
    if (Status status = FollowRouteEnd(facts, machine, decision); !status.ok()) return status;
    return decision;
  }
  if (std::optional<Result<ActDecision>> report = DecideReportBack(facts, event, note)) {
    return std::move(*report);
  }
  if (std::optional<LifecycleEvent> lifecycle_event = LifecycleEventFor(event)) {
    return DecideLifecycle(facts, *lifecycle_event, event, note);
  }
  std::vector<std::string> here;
  for (const CandidateAction& action : AvailableActions(facts)) here.push_back(action.event);
  return NotFound("there is no action '" + event + "' on " + initiative.id + " now" +
                  (here.empty() ? std::string(" (nothing is available to you)")
                                : "; available to you: " + Join(here)));
}

std::vector<CandidateAction> AvailableActions(const ActFacts& facts) {
  std::vector<CandidateAction> actions;
  std::set<std::string> seen;
  auto consider = [&](const std::string& event, const char* kind) {
    if (!seen.insert(event).second) return;
    Result<ActDecision> decision = DecideAct(facts, event, /*note=*/"");
    CandidateAction action{event, kind, "", {}};
    if (!decision.ok() && decision.status().category() == ErrorCategory::kRefusedByRule) {
      // Refused only for want of a note? Then it is ready once the actor writes one.
      Result<ActDecision> with_note = DecideAct(facts, event, /*note=*/"(a note)");
      if (with_note.ok()) {
        decision = std::move(with_note);
        action.needs_note = true;
      }
    }
    if (decision.ok()) {
      const PlannedEvent& last = decision->events.back();
      action.to = last.payload.value("to", last.payload.value("stage", std::string()));
    } else if (decision.status().category() == ErrorCategory::kRefusedByRule) {
      action.blocked_by.push_back(decision.status().message());
    } else {
      return;  // forbidden or not here: not the actor's to take
    }
    actions.push_back(std::move(action));
  };
  if (!facts.initiative->stage.empty()) {
    for (const Transition& transition : facts.workflow->transitions) {
      if (transition.from == facts.initiative->stage) consider(transition.event, "route");
    }
  }
  if (facts.initiative->lifecycle == LifecycleState::kMonitoring) {
    for (const std::string& event : ReportBackEvents()) consider(event, "report_back");
  }
  Lifecycle machine(facts.initiative->lifecycle);
  for (const std::string& name : LifecycleEventNames()) {
    std::optional<LifecycleEvent> event = ParseLifecycleEvent(name);
    if (event && machine.Accepts(*event)) consider(name, "lifecycle");
  }
  return actions;
}

}  // namespace equilens
