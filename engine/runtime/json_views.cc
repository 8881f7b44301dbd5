// JSON encodings of the engine's views: one place, shared by the CLI's --json and the API.
#include <nlohmann/json.hpp>

#include "equilens/engine.h"
#include "equilens/workflow_views.h"

namespace equilens {
namespace {

using nlohmann::json;

json Parsed(const std::string& text) {
  json value = json::parse(text.empty() ? "{}" : text, nullptr, false);
  return value.is_discarded() ? json::object() : value;
}

}  // namespace

std::string ToJson(const InitiativeView& view) {
  json actions = json::array();
  json action_details = json::array();
  for (const ActionView& action : view.actions) {
    if (action.blocked_by.empty()) actions.push_back(action.event);
    action_details.push_back({{"event", action.event},
                              {"kind", action.kind},
                              {"to", action.to},
                              {"ready", action.blocked_by.empty()},
                              {"blocked_by", action.blocked_by}});
  }
  json answers = json::object();
  for (const StageAnswers& stage : view.answers) {
    answers[stage.stage] = {{"form", stage.form_id},
                            {"complete", stage.complete},
                            {"answers", Parsed(stage.answers_json)}};
  }
  json comments = json::array();
  for (const CommentView& comment : view.comments) {
    comments.push_back({{"seq", comment.seq},
                        {"at", comment.at},
                        {"actor", comment.actor},
                        {"role", comment.role},
                        {"text", comment.text}});
  }
  return json{{"id", view.id},
              {"title", view.title},
              {"summary", view.summary},
              {"department", view.department},
              {"submitter", view.submitter},
              {"workflow",
               {{"id", view.workflow_id},
                {"version", view.workflow_version},
                {"sha256", view.workflow_sha256},
                {"title", view.workflow_title}}},
              {"lifecycle", LifecycleStateName(view.lifecycle)},
              {"stage", view.stage},
              {"stage_title", view.stage_title},
              {"stage_owner", view.stage_owner},
              {"stage_due", view.stage_due},
              {"version", view.version},
              {"filed_at", view.filed_at},
              {"updated_at", view.updated_at},
              {"stage_entered_at", view.stage_entered_at},
              {"actions", actions},
              {"action_details", action_details},
              {"form", view.form ? json::parse(FormJson(*view.form)) : json(nullptr)},
              {"missing_required", view.missing_required},
              {"answers", answers},
              {"comments", comments},
              {"stage_path", view.stage_path},
              {"quorum_votes", view.quorum_votes}}
      .dump();
}

std::string ToJson(const ActOutcome& outcome) {
  return json{{"id", outcome.id},
              {"event", outcome.event},
              {"lifecycle", LifecycleStateName(outcome.lifecycle)},
              {"stage", outcome.stage},
              {"version", outcome.version},
              {"message", outcome.message},
              {"repeated", outcome.repeated}}
      .dump();
}

std::string ToJson(const FillOutcome& outcome) {
  return json{{"id", outcome.id},
              {"stage", outcome.stage},
              {"version", outcome.version},
              {"complete", outcome.missing_required.empty()},
              {"missing_required", outcome.missing_required},
              {"repeated", outcome.repeated}}
      .dump();
}

std::string ToJson(const std::vector<InboxItem>& items) {
  json out = json::array();
  for (const InboxItem& item : items) {
    out.push_back({{"id", item.id},
                   {"title", item.title},
                   {"department", item.department},
                   {"stage", item.stage},
                   {"stage_title", item.stage_title},
                   {"why", item.why},
                   {"waiting_since", item.waiting_since},
                   {"due", item.due},
                   {"overdue", item.overdue}});
  }
  return out.dump();
}

std::string ToJson(const std::vector<HistoryEntry>& entries) {
  json out = json::array();
  for (const HistoryEntry& entry : entries) {
    out.push_back({{"seq", entry.seq},
                   {"at", entry.at},
                   {"actor", entry.actor},
                   {"role", entry.role},
                   {"kind", entry.kind},
                   {"what", entry.what},
                   {"note", entry.note}});
  }
  return out.dump();
}

std::string ToJson(const VerifyOutcome& outcome) {
  return json{{"intact", outcome.intact},
              {"events_checked", outcome.events_checked},
              {"first_bad_seq", outcome.first_bad_seq ? json(*outcome.first_bad_seq) : json()},
              {"problem", outcome.problem},
              {"head", {{"seq", outcome.head_seq}, {"hash", outcome.head_hash}}},
              {"projection_differences", outcome.projection_differences}}
      .dump();
}

std::string ToJson(const std::vector<UserInfo>& users) {
  json out = json::array();
  for (const UserInfo& user : users) {
    out.push_back({{"name", user.name},
                   {"role", user.role},
                   {"department", user.department},
                   {"display", user.display},
                   {"active", user.active}});
  }
  return out.dump();
}

std::string ToJson(const std::vector<DefinitionInfo>& definitions) {
  json out = json::array();
  for (const DefinitionInfo& definition : definitions) {
    out.push_back({{"kind", definition.kind},
                   {"id", definition.id},
                   {"version", definition.version},
                   {"title", definition.title},
                   {"sha256", definition.sha256},
                   {"loaded_at", definition.loaded_at},
                   {"loaded_by", definition.loaded_by}});
  }
  return out.dump();
}

std::string ToJson(const InitReport& report) {
  return json{{"created", report.created},
              {"schema_version", report.schema_version},
              {"previous_schema_version", report.previous_schema_version},
              {"loaded", report.loaded},
              {"admin_added", report.admin_added}}
      .dump();
}

std::string ToJson(const Status& status) {
  return json{
      {"error", {{"category", CategoryName(status.category())}, {"message", status.message()}}}}
      .dump();
}

}  // namespace equilens
