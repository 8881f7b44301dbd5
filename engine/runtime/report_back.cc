// The report-back after sign-off (GARE step 6): the department reports results against its
// success measures; the workflow's reviewers accept it (which closes the initiative) or send
// it back. Decided while the initiative is in monitoring; recorded as report_submitted,
// report_returned, report_accepted (+ closed).
#include <algorithm>

#include "equilens/lifecycle.h"
#include "runtime/act_rules.h"
#include "runtime/route.h"

namespace equilens {

const std::vector<std::string>& ReportBackEvents() {
  static const std::vector<std::string> kEvents = {"submit", "accept", "send_back"};
  return kEvents;
}

namespace {

std::string StatusWords(const std::string& report_status) {
  if (report_status == "due") return "due and not yet submitted";
  if (report_status == "submitted") return "submitted and awaiting review";
  if (report_status == "returned") return "sent back to the department";
  if (report_status == "accepted") return "accepted";
  return "not scheduled";
}

PlannedEvent ReportEvent(const char* kind, const std::string& event, const std::string& status,
                         const std::string& owner, const std::string& note) {
  return {kind,
          {{"event", event},
           {"stage", kReportBackStage},
           {"report_status", status},
           {"owner", owner},
           {"note", note}}};
}

}  // namespace

Status CheckReportBackWork(const ActFacts& facts) {
  const InitiativeRecord& initiative = *facts.initiative;
  const auto& report = facts.workflow->report_back;
  if (!report || report->form.empty()) {
    return RefusedByRule(initiative.id +
                         " is monitoring and its workflow asks for no report-back " + "form " +
                         Where(facts, ""));
  }
  if (initiative.report_status != "due" && initiative.report_status != "returned") {
    return RefusedByRule("the report-back on " + initiative.id + " is " +
                         StatusWords(initiative.report_status) + "; it can be changed only " +
                         "while due or sent back " + Where(facts, kReportBackStage));
  }
  if (!ActorIn(facts, {report->owner})) {
    return Forbidden("the report-back is written by " + report->owner + "; " + facts.actor->name +
                     " is " + facts.actor->role + " " + Where(facts, kReportBackStage));
  }
  return Status::Ok();
}

std::optional<Result<ActDecision>> DecideReportBack(const ActFacts& facts, const std::string& event,
                                                    const std::string& note) {
  const InitiativeRecord& initiative = *facts.initiative;
  const auto& report = facts.workflow->report_back;
  if (initiative.lifecycle != LifecycleState::kMonitoring || !report) return std::nullopt;
  const bool is_report_event = std::find(ReportBackEvents().begin(), ReportBackEvents().end(),
                                         event) != ReportBackEvents().end();
  if (!is_report_event) return std::nullopt;

  const std::string where = Where(facts, kReportBackStage);
  ActDecision decision;
  if (event == "submit") {
    if (Status status = CheckReportBackWork(facts); !status.ok())
      return Result<ActDecision>(status);
    std::vector<std::string> missing = facts.missing_required
                                           ? facts.missing_required(kReportBackStage)
                                           : std::vector<std::string>{};
    if (!missing.empty()) {
      return Result<ActDecision>(RefusedByRule("cannot 'submit' the report-back yet: the " +
                                               report->form +
                                               " form is incomplete; still "
                                               "needed: " +
                                               Join(missing) + " " + where));
    }
    // The reviewers' inbox: the first reviewer role (the workflow lists who may accept).
    decision.events.push_back(
        ReportEvent("report_submitted", event, "submitted", report->reviewers.front(), note));
    decision.message = "report-back submitted; waiting on " + Join(report->reviewers);
    return Result<ActDecision>(std::move(decision));
  }

  // accept, send_back: the reviewers decide on a submitted report.
  if (!ActorIn(facts, report->reviewers)) {
    return Result<ActDecision>(Forbidden("'" + event + "' on a report-back is for " +
                                         Join(report->reviewers) + "; " + facts.actor->name +
                                         " is " + facts.actor->role + " " + where));
  }
  if (IsSubmitter(facts)) {
    return Result<ActDecision>(RefusedByRule("you filed " + initiative.id + ", so you cannot '" +
                                             event + "' its report-back " + where));
  }
  if (initiative.report_status != "submitted") {
    return Result<ActDecision>(RefusedByRule("the report-back on " + initiative.id + " is " +
                                             StatusWords(initiative.report_status) +
                                             ": there is nothing to " + event + " " + where));
  }
  if (event == "send_back") {
    if (note.empty()) {
      return Result<ActDecision>(
          RefusedByRule("'send_back' needs a note saying what the report is missing " + where));
    }
    decision.events.push_back(
        ReportEvent("report_returned", event, "returned", report->owner, note));
    decision.message = "report-back sent back to " + report->owner;
    return Result<ActDecision>(std::move(decision));
  }
  Lifecycle machine(initiative.lifecycle);
  auto closed = machine.Fire(LifecycleEvent::kClose);
  if (!closed.ok()) return Result<ActDecision>(closed.status());
  decision.events.push_back(ReportEvent("report_accepted", event, "accepted", "", note));
  decision.events.push_back(
      {"closed", {{"note", "report-back accepted"}, {"lifecycle", LifecycleStateName(*closed)}}});
  decision.message = "report-back accepted; now closed";
  return Result<ActDecision>(std::move(decision));
}

}  // namespace equilens
