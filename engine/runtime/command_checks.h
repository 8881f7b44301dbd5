// The rules a command checks after the policy table lets the actor attempt it, each in ONE
// function that the command itself and Show's `permitted` list both call, so a page offers
// exactly the controls that would work (engine-internal).
//
// Elsewhere: fill's rule is CheckStageWork (route.h), comment's CheckNotEnded
// (input_checks.h); `act` has its own list, AvailableActions (route.h).
#ifndef EQUILENS_RUNTIME_COMMAND_CHECKS_H_
#define EQUILENS_RUNTIME_COMMAND_CHECKS_H_

#include <string>
#include <vector>

#include "equilens/definition.h"
#include "equilens/status.h"
#include "store/records.h"

namespace equilens {

struct InitiativeFacts;  // engine_impl.h

// feedback add: while in review, by anyone but the filer (feedback_commands.cc).
Status CheckFeedbackAdd(const InitiativeRecord& initiative, const UserRecord& actor);
// feedback answer: while the review is open (in review, or returned to draft), by the filer.
Status CheckFeedbackAnswer(const InitiativeRecord& initiative, const UserRecord& actor);

// data: by the filer, while the department holds the initiative (a draft, or a stage the
// filer owns) (equity_commands.cc).
Status CheckDataAttach(const InitiativeRecord& initiative, const WorkflowDefinition& workflow,
                       const UserRecord& actor);

// mitigation status: after sign-off and until it closes (tracked_actions.cc) ...
Status CheckActionsKept(const InitiativeRecord& initiative);
// ... by the department's head or the action's owner.
Status CheckActionKeeper(const InitiativeRecord& initiative, const UserRecord& actor,
                         const TrackedActionRow& action);

// The commands, as the CLI names them ("fill", "comment", "feedback add", "feedback
// answer", "data", "mitigation status"), the actor of `facts` may run on its initiative now:
// the policy table allows the actor and the command's own check passes (for the commands
// that name an item, at least one item passes: an item to answer, an action to keep).
std::vector<std::string> PermittedCommands(const InitiativeFacts& facts,
                                           const std::vector<TrackedActionRow>& tracked);

}  // namespace equilens

#endif  // EQUILENS_RUNTIME_COMMAND_CHECKS_H_
