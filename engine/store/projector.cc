// ApplyEvent: each event kind and the projection rows it writes. Unknown kinds are an
// integrity error, so a log from a newer equilens is never half-understood.
#include "store/projector.h"

#include <map>
#include <nlohmann/json.hpp>

#include "store/sql.h"

namespace equilens {
namespace {

using nlohmann::json;

std::string Text(const json& payload, const char* key) {
  auto it = payload.find(key);
  return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t Int(const json& payload, const char* key) {
  auto it = payload.find(key);
  return it != payload.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

Status ApplyUser(Database& db, const StoredEvent& e, const json& p) {
  return SqlRun(db,
                "INSERT OR REPLACE INTO users (name, role, department, display, active, "
                "updated_seq, email, notify) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                {Text(p, "name"), Text(p, "role"), Text(p, "department"), Text(p, "display"),
                 std::int64_t{p.value("active", true) ? 1 : 0}, e.seq, Text(p, "email"),
                 p.value("notify", std::string("immediate"))});
}

Status ApplyDefinition(Database& db, const StoredEvent& e, const json& p) {
  Status status =
      SqlRun(db,
             "INSERT INTO definitions (sha256, kind, id, version, title, source_name, "
             "text, loaded_at, loaded_by, loaded_seq) "
             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
             {Text(p, "sha256"), Text(p, "kind"), Text(p, "id"), Int(p, "version"),
              Text(p, "title"), Text(p, "source_name"), Text(p, "text"), e.at, e.actor, e.seq});
  if (!status.ok() || !p.contains("forms")) return status;
  for (const auto& [form_id, form_sha] : p["forms"].items()) {
    status = SqlRun(db,
                    "INSERT INTO workflow_forms (workflow_sha256, form_id, form_sha256) "
                    "VALUES (?1, ?2, ?3)",
                    {Text(p, "sha256"), form_id, form_sha.get<std::string>()});
    if (!status.ok()) return status;
  }
  return status;
}

Status ApplyFiled(Database& db, const StoredEvent& e, const json& p) {
  return SqlRun(
      db,
      "INSERT INTO initiatives (id, year, number, title, summary, department, "
      "submitter, workflow_id, workflow_version, workflow_sha256, lifecycle, version, "
      "filed_at, updated_at, waiting_user) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12, ?12, ?7)",
      {Text(p, "id"), Int(p, "year"), Int(p, "number"), Text(p, "title"), Text(p, "summary"),
       Text(p, "department"), Text(p, "submitter"), Text(p, "workflow_id"),
       Int(p, "workflow_version"), Text(p, "workflow_sha256"), Text(p, "lifecycle"), e.at});
}

// Every later event on an initiative counts one version and may set its lifecycle.
Status Touch(Database& db, const StoredEvent& e, const json& p) {
  const std::string lifecycle = Text(p, "lifecycle");
  return SqlRun(db,
                "UPDATE initiatives SET version = version + 1, updated_at = ?2, "
                "lifecycle = CASE WHEN ?3 = '' THEN lifecycle ELSE ?3 END WHERE id = ?1",
                {e.initiative, e.at, lifecycle});
}

Status RecordStageAction(Database& db, const StoredEvent& e, const std::string& stage,
                         const std::string& event, bool is_vote) {
  return SqlRun(db,
                "INSERT INTO stage_actions (seq, initiative, stage, visit, actor, event, is_vote) "
                "SELECT ?1, id, ?3, stage_visit, ?4, ?5, ?6 FROM initiatives WHERE id = ?2",
                {e.seq, e.initiative, stage, e.actor, event, std::int64_t{is_vote ? 1 : 0}});
}

// Entering a stage: whose inbox it is in, when it is due, and the path so far.
Status EnterStage(Database& db, const StoredEvent& e, const json& p) {
  Status status = SqlRun(
      db,
      "UPDATE initiatives SET stage = ?2, stage_visit = stage_visit + 1, stage_entered_at = ?3, "
      "stage_due = ?4, "
      "waiting_user = CASE WHEN ?5 = 'submitter' THEN submitter ELSE '' END, "
      "waiting_role = CASE WHEN ?5 = 'submitter' THEN '' ELSE ?5 END WHERE id = ?1",
      {e.initiative, Text(p, "stage"), e.at, Text(p, "due"), Text(p, "owner")});
  if (!status.ok()) return status;
  return SqlRun(db,
                "INSERT INTO stage_entries (seq, initiative, stage, entered_at) "
                "VALUES (?1, ?2, ?3, ?4)",
                {e.seq, e.initiative, Text(p, "stage"), e.at});
}

// Whose inbox: the filer ("submitter") or a role.
Status SetWaiting(Database& db, const StoredEvent& e, const std::string& owner) {
  return SqlRun(db,
                "UPDATE initiatives SET "
                "waiting_user = CASE WHEN ?2 = 'submitter' THEN submitter ELSE '' END, "
                "waiting_role = CASE WHEN ?2 = 'submitter' THEN '' ELSE ?2 END WHERE id = ?1",
                {e.initiative, owner});
}

// A move or vote that approves carries the content it saw: {"approval": {"content_sha256",
// "parts"}}. Other moves carry no "approval" and write nothing here.
Status RecordApproval(Database& db, const StoredEvent& e, const json& p, const std::string& stage) {
  auto approval = p.find("approval");
  if (approval == p.end() || !approval->is_object()) return Status::Ok();
  return SqlRun(
      db,
      "INSERT INTO approvals (seq, initiative, stage, event, actor, at, content_sha256, "
      "parts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
      {e.seq, e.initiative, stage, Text(p, "event"), e.actor, e.at,
       Text(*approval, "content_sha256"), approval->value("parts", json::object()).dump()});
}

// Content an approval saw changed: those approvals are void, and the initiative may go back
// to the workflow's `approvals.return_to` (when the payload names a stage).
Status ApplyVoided(Database& db, const StoredEvent& e, const json& p) {
  for (const json& seq : p.value("voided", json::array())) {
    if (!seq.is_number_integer()) continue;
    Status status =
        SqlRun(db,
               "UPDATE approvals SET voided_seq = ?2, voided_at = ?3, "
               "voided_because = ?4 WHERE seq = ?1 AND initiative = ?5",
               {seq.get<std::int64_t>(), e.seq, e.at, Text(p, "because"), e.initiative});
    if (!status.ok()) return status;
  }
  return Text(p, "stage").empty() ? Status::Ok() : EnterStage(db, e, p);
}

// Sign-off adopts the plan: each action becomes a tracked row, planned.
Status ApplyActionsAdopted(Database& db, const StoredEvent& e, const json& p) {
  for (const json& action : p.value("actions", json::array())) {
    if (!action.is_object()) continue;
    Status status =
        SqlRun(db,
               "INSERT INTO tracked_actions (initiative, number, risk, groups, action, owner, due, "
               "resources, success_measure, status, updated_at, updated_by) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'planned', ?10, ?11)",
               {e.initiative, Int(action, "number"), Text(action, "risk"), Text(action, "groups"),
                Text(action, "action"), Text(action, "owner"), Text(action, "due"),
                Text(action, "resources"), Text(action, "success_measure"), e.at, e.actor});
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

// An escalation's notify step may reassign the stage: "user:NAME" puts it in that person's
// inbox; a role or "submitter" as on entering a stage. Nothing else changes (the due date
// stays; who may act is still the transition's `by`).
Status ApplyEscalationNotified(Database& db, const StoredEvent& e, const json& p) {
  const std::string target = Text(p, "reassign_to");
  const std::string person = "user:";
  if (target.empty()) return Status::Ok();
  if (target.compare(0, person.size(), person) != 0) return SetWaiting(db, e, target);
  return SqlRun(db, "UPDATE initiatives SET waiting_user = ?2, waiting_role = '' WHERE id = ?1",
                {e.initiative, target.substr(person.size())});
}

// Leaving the route (approved, rejected, withdrawn, closed): nobody's inbox.
Status ClearWaiting(Database& db, const StoredEvent& e) {
  return SqlRun(db,
                "UPDATE initiatives SET waiting_user = '', waiting_role = '', stage_due = '' "
                "WHERE id = ?1",
                {e.initiative});
}

Status ApplyInitiativeEvent(Database& db, const StoredEvent& e, const json& p) {
  const std::string& kind = e.kind;
  if (kind == "submitted") return EnterStage(db, e, p);
  if (kind == "stage_advanced") {
    Status status = RecordStageAction(db, e, Text(p, "from"), Text(p, "event"), false);
    if (status.ok()) status = RecordApproval(db, e, p, Text(p, "from"));
    return status.ok() ? EnterStage(db, e, p) : status;
  }
  if (kind == "vote_recorded") {
    Status status = RecordStageAction(db, e, Text(p, "stage"), Text(p, "event"), true);
    return status.ok() ? RecordApproval(db, e, p, Text(p, "stage")) : status;
  }
  if (kind == "answers_saved") {
    Status status = SqlRun(db,
                           "INSERT OR REPLACE INTO answers (initiative, stage, form_id, answers, "
                           "updated_seq) VALUES (?1, ?2, ?3, ?4, ?5)",
                           {e.initiative, Text(p, "stage"), Text(p, "form"),
                            p.value("answers", json::object()).dump(), e.seq});
    return status.ok() ? RecordStageAction(db, e, Text(p, "stage"), "fill", false) : status;
  }
  if (kind == "comment_added") {
    return SqlRun(db,
                  "INSERT INTO comments (seq, initiative, at, actor, role, text) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                  {e.seq, e.initiative, e.at, e.actor, e.role, Text(p, "text")});
  }
  if (kind == "monitoring_started") {
    Status status = SqlRun(db,
                           "UPDATE initiatives SET stage = ?2, stage_due = ?3, report_status = "
                           "'due', stage_entered_at = ?4 WHERE id = ?1",
                           {e.initiative, Text(p, "stage"), Text(p, "report_due"), e.at});
    return status.ok() ? SetWaiting(db, e, Text(p, "owner")) : status;
  }
  if (kind == "report_submitted" || kind == "report_returned" || kind == "report_accepted") {
    Status status = SqlRun(db,
                           "UPDATE initiatives SET report_status = ?2, stage_entered_at = ?3 "
                           "WHERE id = ?1",
                           {e.initiative, Text(p, "report_status"), e.at});
    if (status.ok()) status = RecordStageAction(db, e, Text(p, "stage"), Text(p, "event"), false);
    return status.ok() ? SetWaiting(db, e, Text(p, "owner")) : status;
  }
  if (kind == "feedback_added") {
    // Giving feedback is acting in the stage: distinct_from rules count it.
    Status status = RecordStageAction(db, e, Text(p, "stage"), "feedback", false);
    if (!status.ok()) return status;
    return SqlRun(db,
                  "INSERT INTO feedback (initiative, number, seq, kind, section, author, at, "
                  "text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                  {e.initiative, Int(p, "number"), e.seq, Text(p, "kind"), Text(p, "section"),
                   e.actor, e.at, Text(p, "text")});
  }
  if (kind == "feedback_answered") {
    return SqlRun(db,
                  "UPDATE feedback SET disposition = ?3, reason = ?4, answered_by = ?5, "
                  "answered_at = ?6, answered_seq = ?7 WHERE initiative = ?1 AND number = ?2",
                  {e.initiative, Int(p, "number"), Text(p, "disposition"), Text(p, "reason"),
                   e.actor, e.at, e.seq});
  }
  if (kind == "approvals_voided") return ApplyVoided(db, e, p);
  if (kind == "equity_data_attached") {
    return SqlRun(
        db,
        "INSERT OR REPLACE INTO equity_data (initiative, seq, at, actor, sources, "
        "record, summary) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        {e.initiative, e.seq, e.at, e.actor, Text(p, "sources"),
         p.value("record", json::object()).dump(), p.value("summary", json::object()).dump()});
  }
  if (kind == "actions_adopted") return ApplyActionsAdopted(db, e, p);
  if (kind == "action_status_set") {
    return SqlRun(
        db,
        "UPDATE tracked_actions SET status = ?3, status_reason = ?4, updated_at = ?5, "
        "updated_by = ?6 WHERE initiative = ?1 AND number = ?2",
        {e.initiative, Int(p, "number"), Text(p, "status"), Text(p, "reason"), e.at, e.actor});
  }
  if (kind == "returned") {
    return SqlRun(db,
                  "UPDATE initiatives SET stage = '', stage_due = '', waiting_role = '', "
                  "waiting_user = submitter, stage_entered_at = ?2 WHERE id = ?1",
                  {e.initiative, e.at});
  }
  if (kind == "approved" || kind == "rejected" || kind == "withdrawn" || kind == "closed") {
    return ClearWaiting(db, e);
  }
  if (kind == "resumed" && p.contains("due")) {
    // The clock stopped while on hold: the due date moved by the school days held, as the
    // decision computed and recorded them (an older log's resume carries no `due`).
    return SqlRun(db, "UPDATE initiatives SET stage_due = ?2 WHERE id = ?1",
                  {e.initiative, Text(p, "due")});
  }
  if (kind == "held" || kind == "resumed") return Status::Ok();  // lifecycle only (Touch)
  // History (and the outbox) only: whom the pass reminded or warned.
  if (kind == "escalation_reminded" || kind == "deadline_near" || kind == "deadline_passed") {
    return Status::Ok();
  }
  if (kind == "escalation_notified") return ApplyEscalationNotified(db, e, p);
  return IntegrityError("event " + std::to_string(e.seq) + " has kind '" + kind +
                        "', which this equilens does not know");
}

}  // namespace

const std::vector<std::string>& ProjectionTables() {
  static const std::vector<std::string> kTables = {
      "users",     "definitions",     "workflow_forms", "initiatives", "answers",
      "comments",  "stage_actions",   "stage_entries",  "requests",    "feedback",
      "approvals", "tracked_actions", "equity_data"};
  return kTables;
}

Status ApplyEvent(Database& db, const StoredEvent& event) {
  const json payload = json::parse(event.payload, nullptr, false);
  if (!payload.is_object()) {
    return IntegrityError("event " + std::to_string(event.seq) +
                          " has a payload that is not a "
                          "JSON object");
  }
  Status status;
  if (event.kind == "user_added" || event.kind == "user_updated") {
    status = ApplyUser(db, event, payload);
  } else if (event.kind == "definition_loaded") {
    status = ApplyDefinition(db, event, payload);
  } else if (event.kind == "initiative_filed") {
    status = ApplyFiled(db, event, payload);
  } else if (event.kind == "password_set" || event.kind == "invitation_created") {
    // Who set a password or invited whom, and when: history only. The secrets themselves
    // live in store/credential_schema.h's tables, which no event rebuilds.
  } else {
    status = Touch(db, event, payload);
    if (status.ok()) status = ApplyInitiativeEvent(db, event, payload);
  }
  if (!status.ok()) return status;
  const std::string request_id = Text(payload, "request_id");
  if (request_id.empty()) return status;
  return SqlRun(db,
                "INSERT OR IGNORE INTO requests (actor, request_id, seq, initiative) "
                "VALUES (?1, ?2, ?3, ?4)",
                {event.actor, request_id, event.seq, event.initiative});
}

}  // namespace equilens
