// Who may run which command, and on which initiatives: deny by default.
//
// This table is the first gate every command passes. The workflow adds finer rules for
// `act` (the transition's `by`, `distinct_from`), checked in route.cc; the table here says
// who may attempt a command at all and enforces department scope.
#ifndef EQUILENS_RUNTIME_AUTHORIZATION_H_
#define EQUILENS_RUNTIME_AUTHORIZATION_H_

#include <string>
#include <vector>

#include "equilens/status.h"
#include "store/records.h"

namespace equilens {

enum class Command {
  kDefinitionLoad,
  kDefinitionList,
  kUserAdd,
  kUserUpdate,
  kUserList,
  kFile,
  kShow,
  kFill,
  kComment,
  kAct,
  kFeedbackAdd,
  kFeedbackAnswer,
  kFeedbackList,
  kActionList,
  kActionStatus,
  kActionsOverdue,
  kReport,
  kDataAttach,
  kMetrics,
  kAuditReport,
  kInbox,
  kHistory,
  kAuditVerify,
  kAuditHead,
  kAuditExport,
  kInitiativeList,  // listings for the web pages: scoped row by row, not by an id
  kDashboard,
  kEventSearch,
  kPasswordSet,  // anyone for themselves; an admin for anyone (the self rule: SetPassword)
  kInvite,
  kSlaReport,   // department heads: their department's rows only (filtered, not scoped by id)
  kEscalate,    // the escalation pass: records reminders and escalations on any initiative
  kMailChoice,  // anyone for themselves; an admin for anyone (the self rule: SetMailChoice)
  kOutboxList,  // the notification outbox: what was sent, what waits, what failed
  kOutboxRetry,
  kDeliver,  // the delivery worker: sends what the outbox holds
             // (keep last: tests/runtime/authorization_test.cc counts up to it)
};

struct CommandPolicy {
  Command command;
  const char* name;                // as the CLI spells it: "workflow load", "act"
  std::vector<std::string> roles;  // roles allowed to attempt it; nothing else is
  bool on_initiative;              // scoped: department heads see only their own department's
  bool writes;                     // changes the record (the ombuds never may)
};

// Every command's policy; a command missing here cannot run.
const std::vector<CommandPolicy>& CommandPolicies();
const CommandPolicy& PolicyFor(Command command);

// May `user` run `command` at all? forbidden, naming the roles that may; an inactive user is
// refused every command.
Status AuthorizeCommand(Command command, const UserRecord& user);

// The policy whose CLI name is `name` ("file", "audit search"); nullptr when none is.
const CommandPolicy* PolicyNamed(const std::string& name);

// The CLI names of every command AuthorizeCommand lets `user` attempt, in the table's order:
// what the pages may offer them (SessionInfo::may). Empty for an inactive user.
std::vector<std::string> CommandsFor(const UserRecord& user);

// May `user` see `initiative` (scope)? not_found, worded exactly as for an id that does not
// exist, so a department head cannot probe other departments' ids.
Status AuthorizeScope(const UserRecord& user, const InitiativeRecord& initiative);
Status InitiativeNotFound(const std::string& id);

}  // namespace equilens

#endif  // EQUILENS_RUNTIME_AUTHORIZATION_H_
