// PermittedCommands: what Show lists as the commands the actor may run on an initiative now,
// from the policy table and each command's own check (command_checks.h), never a copy of them.
#include <algorithm>

#include "runtime/authorization.h"
#include "runtime/command_checks.h"
#include "runtime/engine_impl.h"
#include "runtime/input_checks.h"

namespace equilens {

std::vector<std::string> PermittedCommands(const InitiativeFacts& facts,
                                           const std::vector<TrackedActionRow>& tracked) {
  const InitiativeRecord& initiative = *facts.facts.initiative;
  const UserRecord& actor = *facts.facts.actor;
  auto allowed = [&](Command command) { return AuthorizeCommand(command, actor).ok(); };
  std::vector<std::string> permitted;
  if (allowed(Command::kFill) && CheckStageWork(facts.facts).ok()) permitted.push_back("fill");
  if (allowed(Command::kComment) && CheckNotEnded(initiative).ok()) {
    permitted.push_back("comment");
  }
  if (allowed(Command::kFeedbackAdd) && CheckFeedbackAdd(initiative, actor).ok()) {
    permitted.push_back("feedback add");
  }
  if (allowed(Command::kFeedbackAnswer) && !facts.feedback.empty() &&
      CheckFeedbackAnswer(initiative, actor).ok()) {
    permitted.push_back("feedback answer");
  }
  if (allowed(Command::kDataAttach) && CheckDataAttach(initiative, *facts.workflow, actor).ok()) {
    permitted.push_back("data");
  }
  if (allowed(Command::kActionStatus) && CheckActionsKept(initiative).ok() &&
      std::any_of(tracked.begin(), tracked.end(), [&](const TrackedActionRow& action) {
        return CheckActionKeeper(initiative, actor, action).ok();
      })) {
    permitted.push_back("mitigation status");
  }
  return permitted;
}

}  // namespace equilens
