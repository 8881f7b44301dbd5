// Deciding an `act`: which transition (route) or lifecycle event fires, whether the actor may
// fire it, and what events record it. Pure: reads the facts it is given, does no I/O.
//
// Order of checks, each refusal naming its rule: the event exists here -> the lifecycle state
// allows it (Boost.MSM; nothing moves on hold, nothing after an end) -> the first transition
// whose `when` holds -> the actor's role is in its `by` -> segregation of duties (the filer
// acts only where `submitter` is named; `distinct_from`) -> `requires` -> quorum.
// A route transition from the current stage wins over a lifecycle event of the same name.
#ifndef EQUILENS_RUNTIME_ROUTE_H_
#define EQUILENS_RUNTIME_ROUTE_H_

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "equilens/definition.h"
#include "equilens/status.h"
#include "runtime/content_binding.h"
#include "runtime/guard_eval.h"
#include "runtime/planned_event.h"
#include "runtime/school_days.h"
#include "store/records.h"

namespace equilens {

struct ActFacts {
  const WorkflowDefinition* workflow = nullptr;
  const InitiativeRecord* initiative = nullptr;
  const UserRecord* actor = nullptr;
  std::string now;  // the command's timestamp (ISO 8601 UTC), for due dates
  // The district calendar due dates count on; null = Monday to Friday.
  const SchoolCalendar* calendar = nullptr;
  // When the hold in force began (the `held` event's timestamp); "" when not on hold. A
  // resume moves the stage's due date later by the school days after this date up to and
  // including the resume's date.
  std::string held_at;
  GuardFacts guard_facts;
  // Required fields of `stage`'s form not yet answered ("section.field"); empty = complete.
  std::function<std::vector<std::string>(const std::string& stage)> missing_required;
  std::vector<std::string> unanswered_feedback;  // "item 2 (concern on data)", unanswered
  ContentParts content;  // the department's content now: what an approval is bound to
  // Who has acted (fired an event or voted) in `stage` of this initiative, ever.
  std::function<std::set<std::string>(const std::string& stage)> actors_in_stage;
  // Who has voted `event` at the current stage during its current visit.
  std::function<std::set<std::string>(const std::string& event)> votes;
};

struct ActDecision {
  std::vector<PlannedEvent> events;  // in order; at least one
  std::string message;               // "moved from feedback to signoff"
};

// Decides `event` with `note` by the actor. Refusals: not_found (no such action here),
// forbidden (role), refused_by_rule (lifecycle, segregation, requirement, quorum vote twice).
Result<ActDecision> DecideAct(const ActFacts& facts, const std::string& event,
                              const std::string& note);

// The events the actor could try now, each with what blocks it (the refusal's words), for
// `show`. Events the actor may never fire here (forbidden) are left out.
struct CandidateAction {
  std::string event;
  std::string kind;  // "route" or "lifecycle"
  std::string to;
  std::vector<std::string> blocked_by;
  bool needs_note = false;  // ready once a note says why (a form can ask for it with the button)
};
std::vector<CandidateAction> AvailableActions(const ActFacts& facts);

// May the actor work on the current stage's form (fill it)? The initiative must be in
// review (not on hold, not ended); the actor must be the stage's owner, and the same
// segregation rules as acting there apply. In monitoring, the form is the report-back's,
// for its owner while the report is due or sent back. refused_by_rule or forbidden.
Status CheckStageWork(const ActFacts& facts);

// The report-back after sign-off (workflow `report_back:`), decided while in monitoring:
// `submit` (its owner; the form complete), then `accept` (closes the initiative) or
// `send_back` (with a note) by its reviewers. nullopt when `event` is none of these or there
// is no report-back to decide (report_back.cc).
std::optional<Result<ActDecision>> DecideReportBack(const ActFacts& facts, const std::string& event,
                                                    const std::string& note);
const std::vector<std::string>& ReportBackEvents();  // submit, accept, send_back
// CheckStageWork's rule in monitoring: the report-back form, by its owner, while due or
// sent back.
Status CheckReportBackWork(const ActFacts& facts);

// The payload fields for entering `stage` (owner and due date), shared by every event that
// enters one: {"stage", "owner", "due"}. The due date is the stage's `sla` in school days
// after `now`'s date on `calendar` (null = Monday to Friday); "" when the stage has none.
nlohmann::json EnterStagePayload(const WorkflowDefinition& workflow, const std::string& stage,
                                 const std::string& now, const SchoolCalendar* calendar);

}  // namespace equilens

#endif  // EQUILENS_RUNTIME_ROUTE_H_
