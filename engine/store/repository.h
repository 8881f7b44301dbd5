// Reading projections: every SELECT the runtime needs, in one place (engine-internal).
//
// Reads run on the caller's connection, inside its transaction when one is open, so a
// command decides on exactly what it will write against.
#ifndef EQUILENS_STORE_REPOSITORY_H_
#define EQUILENS_STORE_REPOSITORY_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "equilens/status.h"
#include "store/database.h"
#include "store/records.h"

namespace equilens {

// What a listing asks for; an empty string matches anything.
struct InitiativeQuery {
  std::string department;
  std::string stage;
  std::string lifecycle;  // as LifecycleStateName spells it
  std::string text;       // found in the id or title, ASCII letters in any case
  int limit = 200;
};

// Initiatives of one department (or all), lifecycle, stage and workflow: the dashboard's
// counts.
struct InitiativeCountRow {
  std::string department;
  std::string lifecycle;
  std::string stage;
  std::string workflow_sha256;
  std::int64_t count = 0;
  std::int64_t overdue = 0;  // of them, with a stage due date before the day asked about
};

class Repository {
 public:
  explicit Repository(Database& db) : db_(db) {}

  Result<std::optional<UserRecord>> FindUser(const std::string& name);
  Result<std::vector<UserRecord>> ListUsers();
  // The active users holding `role`, by name (whom a notification to a role reaches).
  Result<std::vector<UserRecord>> ActiveUsersWithRole(const std::string& role);

  Result<std::optional<InitiativeRecord>> FindInitiative(const std::string& id);
  // 1 + the highest number filed in `year` (EQ-<year>-<number>).
  Result<int> NextInitiativeNumber(int year);

  // Every loaded definition, in load order.
  Result<std::vector<DefinitionRow>> Definitions();
  Result<std::optional<DefinitionRow>> DefinitionBySha(const std::string& sha256);
  // The newest loaded version of a workflow or form.
  Result<std::optional<DefinitionRow>> LatestDefinition(const std::string& kind,
                                                        const std::string& id);
  Result<std::optional<DefinitionRow>> DefinitionByVersion(const std::string& kind,
                                                           const std::string& id, int version);
  // form id -> form sha256 that a workflow version was validated against.
  Result<std::map<std::string, std::string>> FormBindings(const std::string& workflow_sha256);

  Result<std::vector<AnswersRow>> Answers(const std::string& initiative);
  Result<std::vector<CommentRow>> Comments(const std::string& initiative);
  // Every action taken in a stage of this initiative (events fired, votes, answers saved),
  // in order: what segregation of duties and quorum decide on.
  Result<std::vector<StageActionRow>> StageActions(const std::string& initiative);
  Result<std::vector<std::string>> StagePath(const std::string& initiative);
  // Whether `user` already sent `request_id`; the initiative it acted on when so.
  Result<std::optional<std::string>> RequestSeen(const std::string& user,
                                                 const std::string& request_id);
  // The first event a request id recorded (to answer a repeat with what it did).
  Result<std::optional<std::int64_t>> RequestSeq(const std::string& user,
                                                 const std::string& request_id);
  // Initiatives waiting for this person: named as waiting_user, or waiting on their role
  // (department heads: only their department). Oldest stage entry first.
  Result<std::vector<InitiativeRecord>> WaitingFor(const UserRecord& user, std::int64_t offset,
                                                   int limit);
  // How many initiatives WaitingFor would list with no limit.
  Result<std::int64_t> CountWaitingFor(const UserRecord& user);

  // Initiatives matching `query`, most recently updated first (the web listings).
  Result<std::vector<InitiativeRecord>> ListInitiatives(const InitiativeQuery& query);
  // Initiatives counted by department, lifecycle, stage and workflow, of `department` ('' =
  // all), `overdue` as of `today` (YYYY-MM-DD).
  Result<std::vector<InitiativeCountRow>> CountInitiatives(const std::string& department,
                                                           const std::string& today);
  // The latest equity data of each initiative of `department` ('' = all) whose summary flags
  // at least one group, by initiative id: (initiative, data).
  Result<std::vector<std::pair<std::string, EquityDataRow>>> FlaggedEquityData(
      const std::string& department);

  // Feedback items, by number; approvals, by sequence; tracked actions, by number.
  Result<std::vector<FeedbackRow>> Feedback(const std::string& initiative);
  Result<std::vector<ApprovalRow>> Approvals(const std::string& initiative);
  Result<std::vector<TrackedActionRow>> TrackedActions(const std::string& initiative);
  // Actions still planned or in progress whose due date is before `as_of` (YYYY-MM-DD), on
  // initiatives signed off (approved or monitoring), across the district; by due date.
  Result<std::vector<TrackedActionRow>> OverdueActions(const std::string& as_of);
  // The overdue actions in `user`'s inbox: those naming them as owner, and those whose owner
  // is no user of equilens on initiatives they filed (the department stays accountable).
  Result<std::optional<EquityDataRow>> EquityData(const std::string& initiative);
  Result<std::vector<TrackedActionRow>> OverdueActionsFor(const std::string& user,
                                                          const std::string& as_of);

 private:
  Database& db_;
};

}  // namespace equilens

#endif  // EQUILENS_STORE_REPOSITORY_H_
