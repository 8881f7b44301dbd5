// Approvals bound to content: what the department's content is, how it is hashed, which
// approvals a change voids, and where the initiative goes then (workflow `approvals:`).
//
// The content is split into parts, each hashed on its own: "answers.<stage>" for every stage
// the filer owns that has a form, "feedback.<n>" for each answered feedback item, and
// "equity_data" for the attached outcome data and its computed measures ("none" until some
// is attached, so data attached after an approval voids it). An
// approval records every part it saw. A later change to one of those parts voids it; a part
// it never saw (the mitigation plan written after feedback accepted) does not.
#ifndef EQUILENS_RUNTIME_CONTENT_BINDING_H_
#define EQUILENS_RUNTIME_CONTENT_BINDING_H_

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "equilens/definition.h"
#include "runtime/planned_event.h"
#include "runtime/school_days.h"
#include "store/records.h"

namespace equilens {

using ContentParts = std::map<std::string, std::string>;  // part -> SHA-256 hex
inline constexpr const char* kNoContent = "none";         // a part that is empty so far

// The parts of an initiative's content now.
ContentParts CurrentContent(const WorkflowDefinition& workflow,
                            const std::map<std::string, nlohmann::json>& answers,
                            const std::vector<FeedbackRow>& feedback,
                            const std::optional<EquityDataRow>& equity_data);

// Whether the department has written anything yet (a part other than kNoContent).
bool HasContent(const ContentParts& parts);

// One hash over every part (hex), as shown beside an approval.
std::string ContentHash(const ContentParts& parts);

// What an approving event carries: {"content_sha256": ..., "parts": {...}}.
nlohmann::json ApprovalPayload(const ContentParts& parts);

// Whether firing `event` approves content in this workflow.
bool IsApprovalEvent(const WorkflowDefinition& workflow, const std::string& event);

// Where the content change happened, to decide whether the initiative goes back.
struct ContentEdit {
  const WorkflowDefinition* workflow = nullptr;
  const InitiativeRecord* initiative = nullptr;
  std::string actor;
  std::string what;  // "the answers to assessment", "the answer to feedback item 2"
  std::string now;
  const SchoolCalendar* calendar = nullptr;  // due dates on return; null = Monday to Friday
};

// The `approvals_voided` event a change from `approvals`' content to `after` needs, or
// nullopt when no approval in force saw a changed part. The event also moves the initiative
// to `approvals.return_to`, unless it is there already or the filer holds it at a stage with
// a transition straight to it (their next submit takes it there).
std::optional<PlannedEvent> PlanVoiding(const ContentEdit& edit,
                                        const std::vector<ApprovalRow>& approvals,
                                        const ContentParts& after);

// How a planned `approvals_voided` reads in an outcome: "accept by maria at feedback
// (event 12)" for each voided approval, and the stage returned to.
ContentChange SummarizeVoiding(const PlannedEvent& voiding,
                               const std::vector<ApprovalRow>& approvals);

}  // namespace equilens

#endif  // EQUILENS_RUNTIME_CONTENT_BINDING_H_
