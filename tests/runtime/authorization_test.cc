// The command policy table: deny by default, the ombuds never writes, department scope.
#include "runtime/authorization.h"

#include <doctest/doctest.h>

#include <set>

namespace equilens {
namespace {

UserRecord User(const std::string& role, const std::string& department = "") {
  return {"someone", role, department, "", true, "", "immediate"};
}

}  // namespace

TEST_CASE("authorization: every command has exactly one policy row") {
  std::set<Command> seen;
  std::set<std::string> names;
  for (const CommandPolicy& policy : CommandPolicies()) {
    CHECK(seen.insert(policy.command).second);
    CHECK(names.insert(policy.name).second);
    CHECK_FALSE(policy.roles.empty());
  }
  CHECK(seen.size() == static_cast<std::size_t>(Command::kDeliver) + 1);  // the last Command
}

TEST_CASE("authorization: the escalation pass is for admins and the lead, and writes") {
  const CommandPolicy& policy = PolicyFor(Command::kEscalate);
  CHECK(std::string(policy.name) == "escalate");
  CHECK(policy.writes);
  CHECK(AuthorizeCommand(Command::kEscalate, User("admin")).ok());
  CHECK(AuthorizeCommand(Command::kEscalate, User("cesj_lead")).ok());
  for (const char* role : {"department_head", "cesj_reviewer", "ombuds"}) {
    CHECK_MESSAGE(AuthorizeCommand(Command::kEscalate, User(role, "nutrition")).category() ==
                      ErrorCategory::kForbidden,
                  role);
  }
}

TEST_CASE("authorization: every role may read the sla report, which writes nothing") {
  const CommandPolicy& policy = PolicyFor(Command::kSlaReport);
  CHECK(std::string(policy.name) == "sla report");
  CHECK_FALSE(policy.writes);
  for (const char* role : {"department_head", "cesj_reviewer", "cesj_lead", "ombuds", "admin"}) {
    CHECK_MESSAGE(AuthorizeCommand(Command::kSlaReport, User(role, "nutrition")).ok(), role);
  }
}

TEST_CASE("authorization: a role not in a row is refused with the roles that may") {
  Status refused = AuthorizeCommand(Command::kUserAdd, User("cesj_lead"));
  CHECK(refused.category() == ErrorCategory::kForbidden);
  CHECK(refused.message().find("admin") != std::string::npos);
  CHECK(AuthorizeCommand(Command::kUserAdd, User("admin")).ok());
  CHECK(AuthorizeCommand(Command::kFile, User("cesj_reviewer")).category() ==
        ErrorCategory::kForbidden);
}

TEST_CASE("authorization: the ombuds is refused every write and allowed every audit read") {
  for (const CommandPolicy& policy : CommandPolicies()) {
    Status status = AuthorizeCommand(policy.command, User("ombuds"));
    if (policy.writes) {
      CHECK_MESSAGE(status.category() == ErrorCategory::kForbidden, policy.name);
    }
  }
  for (Command read : {Command::kShow, Command::kHistory, Command::kAuditVerify,
                       Command::kAuditHead, Command::kAuditExport}) {
    CHECK(AuthorizeCommand(read, User("ombuds")).ok());
  }
}

TEST_CASE("authorization: a disabled user is refused everything") {
  UserRecord disabled = User("admin");
  disabled.active = false;
  for (const CommandPolicy& policy : CommandPolicies()) {
    CHECK(AuthorizeCommand(policy.command, disabled).category() == ErrorCategory::kForbidden);
  }
}

TEST_CASE("authorization: department heads see only their department, in the same words") {
  InitiativeRecord initiative;
  initiative.id = "EQ-2026-0003";
  initiative.department = "nutrition";
  CHECK(AuthorizeScope(User("department_head", "nutrition"), initiative).ok());
  Status other = AuthorizeScope(User("department_head", "transportation"), initiative);
  CHECK(other.category() == ErrorCategory::kNotFound);
  CHECK(other.message() == InitiativeNotFound("EQ-2026-0003").message());
  CHECK(AuthorizeScope(User("cesj_reviewer"), initiative).ok());
  CHECK(AuthorizeScope(User("ombuds"), initiative).ok());
}

}  // namespace equilens
