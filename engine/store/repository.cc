// Repository: the runtime's reads of the projections.
#include "store/repository.h"

#include "store/sql.h"

namespace equilens {
namespace {

constexpr const char* kInitiativeColumns =
    "id, title, summary, department, submitter, workflow_id, workflow_version, workflow_sha256, "
    "lifecycle, stage, version, stage_visit, filed_at, updated_at, stage_entered_at, stage_due, "
    "waiting_role, waiting_user, report_status";

InitiativeRecord ReadInitiative(const SqlRow& row) {
  InitiativeRecord r;
  r.id = row.Text(0);
  r.title = row.Text(1);
  r.summary = row.Text(2);
  r.department = row.Text(3);
  r.submitter = row.Text(4);
  r.workflow_id = row.Text(5);
  r.workflow_version = static_cast<int>(row.Int(6));
  r.workflow_sha256 = row.Text(7);
  r.lifecycle = ParseLifecycleState(row.Text(8)).value_or(LifecycleState::kDraft);
  r.stage = row.Text(9);
  r.version = row.Int(10);
  r.stage_visit = row.Int(11);
  r.filed_at = row.Text(12);
  r.updated_at = row.Text(13);
  r.stage_entered_at = row.Text(14);
  r.stage_due = row.Text(15);
  r.waiting_role = row.Text(16);
  r.waiting_user = row.Text(17);
  r.report_status = row.Text(18);
  return r;
}

constexpr const char* kDefinitionColumns =
    "sha256, kind, id, version, title, source_name, text, loaded_at, loaded_by";

DefinitionRow ReadDefinition(const SqlRow& row) {
  return {row.Text(0), row.Text(1), row.Text(2), static_cast<int>(row.Int(3)),
          row.Text(4), row.Text(5), row.Text(6), row.Text(7),
          row.Text(8)};
}

UserRecord ReadUser(const SqlRow& row) {
  return {row.Text(0),     row.Text(1), row.Text(2), row.Text(3),
          row.Int(4) != 0, row.Text(5), row.Text(6)};
}

FeedbackRow ReadFeedback(const SqlRow& row) {
  return {row.Int(0),  row.Int(1),  row.Text(2), row.Text(3), row.Text(4), row.Text(5),
          row.Text(6), row.Text(7), row.Text(8), row.Text(9), row.Text(10)};
}

ApprovalRow ReadApproval(const SqlRow& row) {
  return {row.Int(0),  row.Text(1), row.Text(2), row.Text(3), row.Text(4),
          row.Text(5), row.Text(6), row.Int(7),  row.Text(8), row.Text(9)};
}

constexpr const char* kTrackedActionColumns =
    "initiative, number, risk, groups, action, owner, due, resources, success_measure, status, "
    "status_reason, updated_at, updated_by";

TrackedActionRow ReadTrackedAction(const SqlRow& row) {
  return {row.Text(0),  row.Int(1),   row.Text(2), row.Text(3), row.Text(4),
          row.Text(5),  row.Text(6),  row.Text(7), row.Text(8), row.Text(9),
          row.Text(10), row.Text(11), row.Text(12)};
}

}  // namespace

Result<std::optional<UserRecord>> Repository::FindUser(const std::string& name) {
  return QueryOne<UserRecord>(
      db_,
      "SELECT name, role, department, display, active, email, notify FROM users WHERE name = ?1",
      {name}, ReadUser);
}

Result<std::vector<UserRecord>> Repository::ListUsers() {
  return QueryAll<UserRecord>(
      db_, "SELECT name, role, department, display, active, email, notify FROM users ORDER BY name",
      {}, ReadUser);
}

Result<std::vector<UserRecord>> Repository::ActiveUsersWithRole(const std::string& role) {
  return QueryAll<UserRecord>(db_,
                              "SELECT name, role, department, display, active, email, notify "
                              "FROM users WHERE role = ?1 AND active = 1 ORDER BY name",
                              {role}, ReadUser);
}

Result<std::optional<InitiativeRecord>> Repository::FindInitiative(const std::string& id) {
  return QueryOne<InitiativeRecord>(
      db_, std::string("SELECT ") + kInitiativeColumns + " FROM initiatives WHERE id = ?1", {id},
      ReadInitiative);
}

Result<int> Repository::NextInitiativeNumber(int year) {
  auto highest = QueryOne<std::int64_t>(
      db_, "SELECT COALESCE(MAX(number), 0) FROM initiatives WHERE year = ?1", {std::int64_t{year}},
      [](const SqlRow& row) { return row.Int(0); });
  if (!highest.ok()) return highest.status();
  return static_cast<int>(highest->value_or(0) + 1);
}

Result<std::vector<DefinitionRow>> Repository::Definitions() {
  return QueryAll<DefinitionRow>(
      db_, std::string("SELECT ") + kDefinitionColumns + " FROM definitions ORDER BY loaded_seq",
      {}, ReadDefinition);
}

Result<std::optional<DefinitionRow>> Repository::DefinitionBySha(const std::string& sha256) {
  return QueryOne<DefinitionRow>(
      db_, std::string("SELECT ") + kDefinitionColumns + " FROM definitions WHERE sha256 = ?1",
      {sha256}, ReadDefinition);
}

Result<std::optional<DefinitionRow>> Repository::LatestDefinition(const std::string& kind,
                                                                  const std::string& id) {
  return QueryOne<DefinitionRow>(db_,
                                 std::string("SELECT ") + kDefinitionColumns +
                                     " FROM definitions WHERE kind = ?1 AND id = ?2 "
                                     "ORDER BY version DESC LIMIT 1",
                                 {kind, id}, ReadDefinition);
}

Result<std::optional<DefinitionRow>> Repository::DefinitionByVersion(const std::string& kind,
                                                                     const std::string& id,
                                                                     int version) {
  return QueryOne<DefinitionRow>(db_,
                                 std::string("SELECT ") + kDefinitionColumns +
                                     " FROM definitions WHERE kind = ?1 AND id = ?2 AND "
                                     "version = ?3",
                                 {kind, id, std::int64_t{version}}, ReadDefinition);
}

Result<std::map<std::string, std::string>> Repository::FormBindings(
    const std::string& workflow_sha256) {
  std::map<std::string, std::string> bindings;
  Status status =
      SqlQuery(db_, "SELECT form_id, form_sha256 FROM workflow_forms WHERE workflow_sha256 = ?1",
               {workflow_sha256}, [&](const SqlRow& row) {
                 bindings[row.Text(0)] = row.Text(1);
                 return Status::Ok();
               });
  if (!status.ok()) return status;
  return bindings;
}

Result<std::vector<AnswersRow>> Repository::Answers(const std::string& initiative) {
  return QueryAll<AnswersRow>(
      db_, "SELECT stage, form_id, answers FROM answers WHERE initiative = ?1 ORDER BY stage",
      {initiative}, [](const SqlRow& row) {
        return AnswersRow{row.Text(0), row.Text(1), row.Text(2)};
      });
}

Result<std::vector<CommentRow>> Repository::Comments(const std::string& initiative) {
  return QueryAll<CommentRow>(
      db_, "SELECT seq, at, actor, role, text FROM comments WHERE initiative = ?1 ORDER BY seq",
      {initiative}, [](const SqlRow& row) {
        return CommentRow{row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4)};
      });
}

Result<std::vector<StageActionRow>> Repository::StageActions(const std::string& initiative) {
  return QueryAll<StageActionRow>(
      db_,
      "SELECT stage, visit, actor, event, is_vote FROM stage_actions WHERE initiative = ?1 "
      "ORDER BY seq",
      {initiative}, [](const SqlRow& row) {
        return StageActionRow{row.Text(0), row.Int(1), row.Text(2), row.Text(3), row.Int(4) != 0};
      });
}

Result<std::vector<std::string>> Repository::StagePath(const std::string& initiative) {
  return QueryAll<std::string>(db_,
                               "SELECT stage FROM stage_entries WHERE initiative = ?1 ORDER BY seq",
                               {initiative}, [](const SqlRow& row) { return row.Text(0); });
}

Result<std::optional<std::string>> Repository::RequestSeen(const std::string& user,
                                                           const std::string& request_id) {
  return QueryOne<std::string>(
      db_, "SELECT initiative FROM requests WHERE actor = ?1 AND request_id = ?2",
      {user, request_id}, [](const SqlRow& row) { return row.Text(0); });
}

Result<std::optional<std::int64_t>> Repository::RequestSeq(const std::string& user,
                                                           const std::string& request_id) {
  return QueryOne<std::int64_t>(db_,
                                "SELECT seq FROM requests WHERE actor = ?1 AND request_id = ?2",
                                {user, request_id}, [](const SqlRow& row) { return row.Int(0); });
}

namespace {

// The initiatives waiting for ?1 (user name) in role ?2, department ?3 ('' = any): two
// index range scans (by waiting user, by waiting role). On hold and ended initiatives wait
// for nobody. The `<> ''` terms repeat the partial indexes' WHERE: with a bound parameter
// SQLite cannot prove `waiting_user = ?1` implies it, and without them it scans the whole
// table (100 ms instead of 2 ms at 100,000 initiatives).
std::string WaitingForSelect(const std::string& columns) {
  return "SELECT " + columns +
         " FROM initiatives WHERE waiting_user = ?1 AND waiting_user <> '' "
         "AND lifecycle <> 'on_hold' "
         "UNION ALL SELECT " +
         columns +
         " FROM initiatives WHERE waiting_role = ?2 AND waiting_role <> '' AND waiting_user = '' "
         "AND lifecycle <> 'on_hold' AND submitter <> ?1 AND (?3 = '' OR department = ?3)";
}

std::string WaitingDepartment(const UserRecord& user) {
  return user.role == "department_head" ? user.department : "";
}

}  // namespace

Result<std::vector<InitiativeRecord>> Repository::WaitingFor(const UserRecord& user,
                                                             std::int64_t offset, int limit) {
  return QueryAll<InitiativeRecord>(
      db_,
      WaitingForSelect(kInitiativeColumns) + " ORDER BY stage_entered_at, id LIMIT ?4 OFFSET ?5",
      {user.name, user.role, WaitingDepartment(user), std::int64_t{limit}, offset}, ReadInitiative);
}

Result<std::int64_t> Repository::CountWaitingFor(const UserRecord& user) {
  auto count = QueryOne<std::int64_t>(db_, "SELECT count(*) FROM (" + WaitingForSelect("id") + ")",
                                      {user.name, user.role, WaitingDepartment(user)},
                                      [](const SqlRow& row) { return row.Int(0); });
  if (!count.ok()) return count.status();
  return count->value_or(0);
}

Result<std::vector<InitiativeRecord>> Repository::ListInitiatives(const InitiativeQuery& query) {
  // instr(lower(...)) rather than LIKE: the text needs no escaping of % and _.
  return QueryAll<InitiativeRecord>(
      db_,
      std::string("SELECT ") + kInitiativeColumns +
          " FROM initiatives WHERE (?1 = '' OR department = ?1) AND (?2 = '' OR stage = ?2) "
          "AND (?3 = '' OR lifecycle = ?3) "
          "AND (?4 = '' OR instr(lower(id), lower(?4)) > 0 OR instr(lower(title), lower(?4)) > 0) "
          "ORDER BY updated_at DESC, id DESC LIMIT ?5",
      {query.department, query.stage, query.lifecycle, query.text, std::int64_t{query.limit}},
      ReadInitiative);
}

Result<std::vector<InitiativeCountRow>> Repository::CountInitiatives(const std::string& department,
                                                                     const std::string& today) {
  return QueryAll<InitiativeCountRow>(
      db_,
      "SELECT department, lifecycle, stage, workflow_sha256, COUNT(*), "
      "SUM(stage_due <> '' AND stage_due < ?2) FROM initiatives "
      "WHERE (?1 = '' OR department = ?1) GROUP BY department, lifecycle, stage, workflow_sha256 "
      "ORDER BY department, lifecycle, stage, workflow_sha256",
      {department, today}, [](const SqlRow& row) {
        return InitiativeCountRow{row.Text(0), row.Text(1), row.Text(2),
                                  row.Text(3), row.Int(4),  row.Int(5)};
      });
}

Result<std::vector<std::pair<std::string, EquityDataRow>>> Repository::FlaggedEquityData(
    const std::string& department) {
  using Flagged = std::pair<std::string, EquityDataRow>;
  return QueryAll<Flagged>(
      db_,
      "SELECT e.initiative, e.seq, e.at, e.actor, e.sources, e.record, e.summary "
      "FROM equity_data e JOIN initiatives i ON i.id = e.initiative "
      "WHERE (?1 = '' OR i.department = ?1) "
      "AND COALESCE(json_extract(e.summary, '$.flagged_groups'), 0) > 0 ORDER BY e.initiative",
      {department}, [](const SqlRow& row) {
        return Flagged{row.Text(0), EquityDataRow{row.Int(1), row.Text(2), row.Text(3), row.Text(4),
                                                  row.Text(5), row.Text(6)}};
      });
}

Result<std::vector<FeedbackRow>> Repository::Feedback(const std::string& initiative) {
  return QueryAll<FeedbackRow>(db_,
                               "SELECT number, seq, kind, section, author, at, text, disposition, "
                               "reason, answered_by, answered_at FROM feedback "
                               "WHERE initiative = ?1 ORDER BY number",
                               {initiative}, ReadFeedback);
}

Result<std::vector<ApprovalRow>> Repository::Approvals(const std::string& initiative) {
  return QueryAll<ApprovalRow>(db_,
                               "SELECT seq, stage, event, actor, at, content_sha256, parts, "
                               "voided_seq, voided_at, voided_because FROM approvals "
                               "WHERE initiative = ?1 ORDER BY seq",
                               {initiative}, ReadApproval);
}

Result<std::vector<TrackedActionRow>> Repository::TrackedActions(const std::string& initiative) {
  return QueryAll<TrackedActionRow>(db_,
                                    std::string("SELECT ") + kTrackedActionColumns +
                                        " FROM tracked_actions WHERE initiative = ?1 "
                                        "ORDER BY number",
                                    {initiative}, ReadTrackedAction);
}

Result<std::vector<TrackedActionRow>> Repository::OverdueActions(const std::string& as_of) {
  return QueryAll<TrackedActionRow>(
      db_,
      std::string("SELECT ") + kTrackedActionColumns +
          " FROM tracked_actions WHERE status IN ('planned', 'in_progress') AND due < ?1 "
          "AND initiative IN (SELECT id FROM initiatives "
          "WHERE lifecycle IN ('approved', 'monitoring')) ORDER BY due, initiative, number",
      {as_of}, ReadTrackedAction);
}

Result<std::vector<TrackedActionRow>> Repository::OverdueActionsFor(const std::string& user,
                                                                    const std::string& as_of) {
  return QueryAll<TrackedActionRow>(
      db_,
      "SELECT t.initiative, t.number, t.risk, t.groups, t.action, t.owner, t.due, t.resources, "
      "t.success_measure, t.status, t.status_reason, t.updated_at, t.updated_by "
      "FROM tracked_actions t JOIN initiatives i ON i.id = t.initiative "
      "WHERE t.status IN ('planned', 'in_progress') AND t.due < ?2 "
      "AND i.lifecycle IN ('approved', 'monitoring') AND (t.owner = ?1 OR (i.submitter = ?1 "
      "AND NOT EXISTS (SELECT 1 FROM users u WHERE u.name = t.owner))) "
      "ORDER BY t.due, t.initiative, t.number",
      {user, as_of}, ReadTrackedAction);
}

Result<std::optional<EquityDataRow>> Repository::EquityData(const std::string& initiative) {
  return QueryOne<EquityDataRow>(
      db_, "SELECT seq, at, actor, sources, record, summary FROM equity_data WHERE initiative = ?1",
      {initiative}, [](const SqlRow& row) {
        return EquityDataRow{row.Int(0),  row.Text(1), row.Text(2),
                             row.Text(3), row.Text(4), row.Text(5)};
      });
}

}  // namespace equilens
