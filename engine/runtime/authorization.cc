// The command policy table and the department scope rule.
#include "runtime/authorization.h"

#include <algorithm>
#include <cassert>

namespace equilens {
namespace {

const std::vector<std::string> kEveryone = {"department_head", "cesj_reviewer", "cesj_lead",
                                            "ombuds", "admin"};
const std::vector<std::string> kReviewParticipants = {"department_head", "cesj_reviewer",
                                                      "cesj_lead"};
const std::vector<std::string> kThoughtPartners = {"cesj_reviewer", "cesj_lead"};
const std::vector<std::string> kCaseReaders = {"department_head", "cesj_reviewer", "cesj_lead",
                                               "ombuds"};

std::string JoinRoles(const std::vector<std::string>& roles) {
  std::string joined;
  for (const std::string& role : roles) joined += (joined.empty() ? "" : ", ") + role;
  return joined;
}

}  // namespace

const std::vector<CommandPolicy>& CommandPolicies() {
  // clang-format off
  static const std::vector<CommandPolicy> kPolicies = {
    // command                   name              roles                  scoped writes
    {Command::kDefinitionLoad, "workflow load",  {"admin"},                false, true},
    {Command::kDefinitionList, "workflow list",  kEveryone,                false, false},
    {Command::kUserAdd,        "user add",       {"admin"},                false, true},
    {Command::kUserUpdate,     "user set",       {"admin"},                false, true},
    {Command::kUserList,       "user list",      {"admin", "ombuds"},      false, false},
    {Command::kFile,           "file",           {"department_head"},      false, true},
    {Command::kShow,           "show",           kCaseReaders,             true,  false},
    {Command::kFill,           "fill",           kReviewParticipants,      true,  true},
    {Command::kComment,        "comment",        kReviewParticipants,      true,  true},
    {Command::kAct,            "act",            kReviewParticipants,      true,  true},
    {Command::kFeedbackAdd,    "feedback add",   kThoughtPartners,         true,  true},
    {Command::kFeedbackAnswer, "feedback answer", {"department_head"},     true,  true},
    {Command::kFeedbackList,   "feedback list",  kCaseReaders,             true,  false},
    {Command::kActionList,     "mitigation list", kCaseReaders,            true,  false},
    {Command::kActionStatus,   "mitigation status", kReviewParticipants,   true,  true},
    {Command::kActionsOverdue, "mitigation overdue", kCaseReaders,         false, false},
    {Command::kReport,         "report",         kCaseReaders,             true,  false},
    {Command::kDataAttach,     "data",           {"department_head"},      true,  true},
    {Command::kMetrics,        "metrics",        kCaseReaders,             true,  false},
    {Command::kAuditReport,    "audit report",   {"ombuds", "admin"},      false, false},
    {Command::kInbox,          "inbox",          kEveryone,                false, false},
    {Command::kHistory,        "history",        kCaseReaders,             true,  false},
    {Command::kAuditVerify,    "audit verify",   {"ombuds", "admin"},      false, false},
    {Command::kAuditHead,      "audit head",     {"ombuds", "admin"},      false, false},
    {Command::kAuditExport,    "audit export",   {"ombuds", "admin"},      false, false},
    {Command::kInitiativeList, "list",           kCaseReaders,             false, false},
    {Command::kDashboard,      "dashboard",      kCaseReaders,             false, false},
    {Command::kEventSearch,    "audit search",   {"ombuds", "admin"},      false, false},
    {Command::kPasswordSet,    "user passwd",    kEveryone,                false, true},
    {Command::kInvite,         "user invite",    {"admin"},                false, true},
    {Command::kSlaReport,      "sla report",     kEveryone,                false, false},
    {Command::kEscalate,       "escalate",       {"admin", "cesj_lead"},   false, true},
    {Command::kMailChoice,     "user mail",      kEveryone,                false, true},
    {Command::kOutboxList,     "outbox list",    {"admin"},                false, false},
    {Command::kOutboxRetry,    "outbox retry",   {"admin"},                false, true},
    {Command::kDeliver,        "deliver",        {"admin"},                false, true},
  };
  // clang-format on
  return kPolicies;
}

const CommandPolicy& PolicyFor(Command command) {
  for (const CommandPolicy& policy : CommandPolicies()) {
    if (policy.command == command) return policy;
  }
  assert(false && "every Command has a policy row");
  return CommandPolicies().front();
}

Status AuthorizeCommand(Command command, const UserRecord& user) {
  const CommandPolicy& policy = PolicyFor(command);
  if (!user.active) {
    return Forbidden("user '" + user.name + "' is disabled; an admin can re-enable them");
  }
  // The ombuds reads everything and changes nothing, whatever a table row might say.
  if (policy.writes && user.role == "ombuds") {
    return Forbidden("the ombuds office reads the record but never changes it ('" +
                     std::string(policy.name) + "' writes)");
  }
  if (std::find(policy.roles.begin(), policy.roles.end(), user.role) == policy.roles.end()) {
    return Forbidden("'" + std::string(policy.name) + "' is for " + JoinRoles(policy.roles) + "; " +
                     user.name + " is " + user.role);
  }
  return Status::Ok();
}

const CommandPolicy* PolicyNamed(const std::string& name) {
  for (const CommandPolicy& policy : CommandPolicies()) {
    if (name == policy.name) return &policy;
  }
  return nullptr;
}

std::vector<std::string> CommandsFor(const UserRecord& user) {
  std::vector<std::string> names;
  for (const CommandPolicy& policy : CommandPolicies()) {
    if (AuthorizeCommand(policy.command, user).ok()) names.push_back(policy.name);
  }
  return names;
}

Status InitiativeNotFound(const std::string& id) {
  return NotFound("no initiative " + id + " that you can see");
}

Status AuthorizeScope(const UserRecord& user, const InitiativeRecord& initiative) {
  if (user.role == "department_head" && user.department != initiative.department) {
    return InitiativeNotFound(initiative.id);
  }
  return Status::Ok();
}

}  // namespace equilens
