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

json FeedbackJson(const FeedbackView& item) {
  return {{"number", item.number},
          {"kind", item.kind},
          {"section", item.section},
          {"author", item.author},
          {"at", item.at},
          {"text", item.text},
          {"answered", !item.disposition.empty()},
          {"disposition", item.disposition},
          {"reason", item.reason},
          {"answered_by", item.answered_by},
          {"answered_at", item.answered_at}};
}

json ApprovalJson(const ApprovalView& approval) {
  return {{"seq", approval.seq},
          {"stage", approval.stage},
          {"event", approval.event},
          {"actor", approval.actor},
          {"at", approval.at},
          {"content_sha256", approval.content_sha256},
          {"in_force", approval.in_force},
          {"voided_at", approval.voided_at},
          {"voided_because", approval.voided_because}};
}

json TrackedActionJson(const TrackedActionView& action) {
  return {{"initiative", action.initiative},
          {"number", action.number},
          {"risk", action.risk},
          {"groups", action.groups},
          {"action", action.action},
          {"owner", action.owner},
          {"due", action.due},
          {"resources", action.resources},
          {"success_measure", action.success_measure},
          {"status", action.status},
          {"status_reason", action.status_reason},
          {"updated_at", action.updated_at},
          {"updated_by", action.updated_by},
          {"overdue", action.overdue}};
}

json UserJson(const UserInfo& user) {
  return {{"name", user.name},       {"role", user.role},     {"department", user.department},
          {"display", user.display}, {"active", user.active}, {"email", user.email},
          {"notify", user.notify}};
}

json CountJson(const DashboardView::Count& count) {
  return {{"key", count.key}, {"label", count.label}, {"count", count.count}};
}

json ContentChangeJson(const ContentChange& change) {
  return {{"voided", change.voided}, {"returned_to", change.returned_to}};
}

template <typename T, typename Encode>
json ArrayOf(const std::vector<T>& items, Encode encode) {
  json out = json::array();
  for (const T& item : items) out.push_back(encode(item));
  return out;
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
                              {"blocked_by", action.blocked_by},
                              {"needs_note", action.needs_note}});
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
              {"reassigned_to", view.reassigned_to},
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
              {"quorum_votes", view.quorum_votes},
              {"feedback", ArrayOf(view.feedback, FeedbackJson)},
              {"approvals", ArrayOf(view.approvals, ApprovalJson)},
              {"content_sha256", view.content_sha256},
              {"tracked_actions", ArrayOf(view.tracked_actions, TrackedActionJson)},
              {"report_status", view.report_status},
              {"permitted", view.permitted}}
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
              {"content_change", ContentChangeJson(outcome.change)},
              {"repeated", outcome.repeated}}
      .dump();
}

std::string ToJson(const FeedbackOutcome& outcome) {
  return json{{"id", outcome.id},
              {"number", outcome.number},
              {"version", outcome.version},
              {"content_change", ContentChangeJson(outcome.change)},
              {"repeated", outcome.repeated}}
      .dump();
}

std::string ToJson(const std::vector<FeedbackView>& items) {
  return ArrayOf(items, FeedbackJson).dump();
}

std::string ToJson(const std::vector<TrackedActionView>& actions) {
  return ArrayOf(actions, TrackedActionJson).dump();
}

std::string ToJson(const TrackedActionView& action) { return TrackedActionJson(action).dump(); }

std::string ToJson(const MetricsView& metrics) {
  auto optional = [](const std::optional<double>& value) {
    return value ? json(*value) : json(nullptr);
  };
  json rows = json::array();
  for (const MetricRowView& row : metrics.rows) {
    rows.push_back({{"outcome", row.outcome},
                    {"year", row.year},
                    {"school", row.school},
                    {"group", row.group},
                    {"n", row.n},
                    {"with_outcome", row.with_outcome},
                    {"risk", optional(row.risk)},
                    {"comparison_risk", optional(row.comparison_risk)},
                    {"ratio", optional(row.ratio)},
                    {"ratio_kind", row.ratio_kind},
                    {"gap_points", optional(row.gap_points)},
                    {"status", row.status},
                    {"flagged", row.flagged},
                    {"persistent", row.persistent},
                    {"reason", row.reason}});
  }
  return json{{"id", metrics.id},
              {"attached", metrics.attached},
              {"seq", metrics.seq},
              {"at", metrics.at},
              {"by", metrics.by},
              {"sources", metrics.sources},
              {"parameters", Parsed(metrics.parameters_json)},
              {"rows", std::move(rows)},
              {"summary", metrics.summary},
              {"content_change", ContentChangeJson(metrics.change)},
              {"recomputed", metrics.recomputed},
              {"recompute", metrics.recompute}}
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

std::string ToJson(const InboxView& inbox) {
  json out = {{"items", json::parse(ToJson(inbox.items))},
              {"waiting", inbox.waiting},
              {"offset", inbox.range.offset},
              {"limit", inbox.range.limit},
              {"more", inbox.more}};
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

std::string ToJson(const std::vector<UserInfo>& users) { return ArrayOf(users, UserJson).dump(); }

std::string ToJson(const UserInfo& user) { return UserJson(user).dump(); }

std::string ToJson(const std::vector<InitiativeSummary>& initiatives) {
  return ArrayOf(initiatives,
                 [](const InitiativeSummary& item) -> json {
                   return {{"id", item.id},
                           {"title", item.title},
                           {"department", item.department},
                           {"submitter", item.submitter},
                           {"workflow_id", item.workflow_id},
                           {"lifecycle", LifecycleStateName(item.lifecycle)},
                           {"stage", item.stage},
                           {"stage_title", item.stage_title},
                           {"stage_entered_at", item.stage_entered_at},
                           {"stage_due", item.stage_due},
                           {"overdue", item.overdue},
                           {"days_in_stage", item.days_in_stage},
                           {"updated_at", item.updated_at}};
                 })
      .dump();
}

std::string ToJson(const DashboardView& dashboard) {
  json stage_times = ArrayOf(dashboard.stage_times, [](const DashboardView::StageTime& time) {
    return json{{"stage", time.stage},
                {"title", time.title},
                {"median_days", time.median_days},
                {"stays", time.stays}};
  });
  json flagged = ArrayOf(dashboard.flagged, [](const DashboardView::Flagged& item) {
    return json{{"id", item.id},
                {"title", item.title},
                {"department", item.department},
                {"max_risk_ratio", item.max_risk_ratio},
                {"groups", item.groups}};
  });
  return json{{"by_stage", ArrayOf(dashboard.by_stage, CountJson)},
              {"by_department", ArrayOf(dashboard.by_department, CountJson)},
              {"by_lifecycle", ArrayOf(dashboard.by_lifecycle, CountJson)},
              {"stage_times", std::move(stage_times)},
              {"overdue_stages", dashboard.overdue_stages},
              {"overdue_actions", dashboard.overdue_actions},
              {"flagged", std::move(flagged)}}
      .dump();
}

std::string ToJson(const std::vector<EventView>& events) {
  return ArrayOf(events,
                 [](const EventView& event) -> json {
                   return {{"seq", event.seq},   {"initiative", event.initiative},
                           {"at", event.at},     {"actor", event.actor},
                           {"role", event.role}, {"kind", event.kind},
                           {"what", event.what}, {"hash", event.hash}};
                 })
      .dump();
}

std::string ToJson(const std::vector<FieldProblem>& problems) {
  return ArrayOf(problems,
                 [](const FieldProblem& problem) -> json {
                   return {{"field", problem.field}, {"message", problem.message}};
                 })
      .dump();
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
