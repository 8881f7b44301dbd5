// Engine::Statement: the Equity Impact Statement. Builds the document's context (the shape
// render/document_schemas.h defines) from what Show sees plus the event log, and renders the
// district's template.
#include <algorithm>
#include <cstdio>

#include "equilens/answers.h"
#include "render/document_render.h"
#include "render/document_schemas.h"
#include "runtime/engine_impl.h"
#include "runtime/record_views.h"

namespace equilens {
namespace {

using nlohmann::json;

// A stored answer as one line of text: lists joined, booleans as yes/no.
std::string AnswerText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
  if (value.is_array()) {
    std::string joined;
    for (const json& item : value) joined += (joined.empty() ? "" : ", ") + AnswerText(item);
    return joined;
  }
  return value.is_null() ? std::string() : value.dump();
}

json FieldEntry(const FormField& field, const json* answers) {
  const json* value =
      answers != nullptr && answers->contains(field.name) ? &(*answers)[field.name] : nullptr;
  json entry = {{"name", field.name},
                {"label", field.label.empty() ? field.name : field.label},
                {"value", value ? AnswerText(*value) : std::string()},
                {"answered", value != nullptr && !AnswerText(*value).empty()},
                {"is_records", field.type == FieldType::kRecords},
                {"records", json::array()}};
  if (field.type != FieldType::kRecords || value == nullptr || !value->is_array()) return entry;
  entry["value"] = std::to_string(value->size()) + " record(s)";
  int number = 0;
  for (const json& record : *value) {
    json fields = json::array();
    for (const FormField& sub : field.record_fields) {
      json sub_entry = FieldEntry(sub, record.is_object() ? &record : nullptr);
      fields.push_back({{"name", sub_entry["name"]},
                        {"label", sub_entry["label"]},
                        {"value", sub_entry["value"]},
                        {"answered", sub_entry["answered"]}});
    }
    entry["records"].push_back({{"number", ++number}, {"fields", std::move(fields)}});
  }
  return entry;
}

json FormEntry(const std::string& stage_id, const std::string& stage_title,
               const FormDefinition& form, const json* answers) {
  json sections = json::array();
  for (const FormSection& section : form.sections) {
    json fields = json::array();
    for (const FormField& field : section.fields) fields.push_back(FieldEntry(field, answers));
    sections.push_back({{"id", section.id},
                        {"title", section.title.empty() ? section.id : section.title},
                        {"fields", std::move(fields)}});
  }
  return {{"stage", stage_id},
          {"stage_title", stage_title},
          {"form_id", form.id},
          {"form_title", form.title},
          {"complete", answers != nullptr && MissingRequired(form, answers->dump()).empty()},
          {"sections", std::move(sections)}};
}

// A measure to `digits` decimals, or "n/a" when there is none (never 0 for missing data).
std::string Fixed(const std::optional<double>& value, int digits) {
  if (!value) return "n/a";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, *value);
  return buffer;
}

const char* DispositionLabel(const std::string& disposition) {
  if (disposition == "incorporated") return "Incorporated";
  if (disposition == "partly_incorporated") return "Partly incorporated";
  if (disposition == "declined") return "Declined";
  return "Not yet answered";
}

// The sign-off form's outcomes (templates/forms/sign-off.yaml), as UK EqIA practice names them.
std::string OutcomeLabel(const std::string& outcome) {
  if (outcome == "no_change") return "No change needed";
  if (outcome == "adjust") return "Adjust the proposal";
  if (outcome == "continue_with_justification") return "Continue with justification";
  if (outcome == "stop") return "Stop";
  return outcome;
}

// The decision: the last move into an end stage, and the answers of the stage it left.
json Decision(const std::vector<StoredEvent>& events, const WorkflowDefinition& workflow,
              const std::map<std::string, json>& answers, bool& decided) {
  json decision = {{"outcome", ""},       {"outcome_label", ""}, {"rationale", ""},
                   {"conditions", ""},    {"decided_by", ""},    {"decided_at", ""},
                   {"content_sha256", ""}};
  decided = false;
  for (const StoredEvent& event : events) {
    if (event.kind != "stage_advanced") continue;
    const json payload = json::parse(event.payload, nullptr, false);
    const Stage* to = workflow.FindStage(payload.value("stage", std::string()));
    if (to == nullptr || to->end == StageEnd::kNone) continue;
    decided = true;
    decision["decided_by"] = event.actor;
    decision["decided_at"] = event.at;
    decision["content_sha256"] =
        payload.contains("approval") ? payload["approval"].value("content_sha256", "") : "";
    auto form = answers.find(payload.value("from", std::string()));
    const json none = json::object();
    const json& given = form == answers.end() ? none : form->second;
    const std::string outcome = given.contains("outcome") ? AnswerText(given["outcome"]) : "";
    decision["outcome"] = outcome;
    decision["outcome_label"] = outcome.empty()
                                    ? (to->end == StageEnd::kApprove ? "Approved" : "Declined")
                                    : OutcomeLabel(outcome);
    decision["rationale"] = given.contains("rationale") ? AnswerText(given["rationale"]) : "";
    decision["conditions"] = given.contains("conditions") ? AnswerText(given["conditions"]) : "";
  }
  return decision;
}

}  // namespace

Result<std::string> Engine::Statement(const CommandOptions& options, const std::string& id,
                                      const std::string& format) {
  if (format != "md" && format != "html") {
    return UsageError("statement formats are md and html, not '" + format + "'");
  }
  auto templ = LoadDocumentTemplate(HomeDir(), "equity-impact-statement." + format + ".mustache");
  if (!templ.ok()) return templ.status();
  auto snapshot = ReadTransaction::Begin(*impl_->db);  // one instant: the view and the head
  if (!snapshot.ok()) return snapshot.status();
  auto scope = impl_->Read(options, Command::kReport, id);
  if (!scope.ok()) return scope.status();
  auto gathered = impl_->Gather(scope->actor, *scope->initiative, scope->now);
  if (!gathered.ok()) return gathered.status();
  const InitiativeFacts& facts = **gathered;
  auto view = impl_->View(*scope->initiative, facts);
  if (!view.ok()) return view.status();
  const WorkflowDefinition& workflow = *facts.workflow;
  auto events = impl_->log.ForInitiative(id);
  if (!events.ok()) return events.status();
  auto head = impl_->log.Head();
  if (!head.ok()) return head.status();

  json forms = json::array();
  auto add_form = [&](const std::string& stage_id, const std::string& title) {
    auto form = facts.forms.find(stage_id);
    if (form == facts.forms.end() || !form->second) return;
    auto answers = facts.answers.find(stage_id);
    if (answers == facts.answers.end()) return;  // a form nobody reached is not printed
    forms.push_back(FormEntry(stage_id, title, *form->second, &answers->second));
  };
  for (const Stage& stage : workflow.stages) {
    add_form(stage.id, stage.title.empty() ? stage.id : stage.title);
  }
  add_form(kReportBackStage, "Report back on results");

  json feedback = json::array();
  for (const FeedbackView& item : view->feedback) {
    feedback.push_back({{"number", item.number},
                        {"kind", item.kind},
                        {"section", item.section},
                        {"author", item.author},
                        {"at", item.at},
                        {"text", item.text},
                        {"answered", !item.disposition.empty()},
                        {"disposition", item.disposition},
                        {"disposition_label", DispositionLabel(item.disposition)},
                        {"reason", item.reason},
                        {"answered_at", item.answered_at}});
  }
  json actions = json::array();
  for (const TrackedActionView& action : view->tracked_actions) {
    actions.push_back({{"number", action.number},
                       {"risk", action.risk},
                       {"groups", action.groups},
                       {"action", action.action},
                       {"owner", action.owner},
                       {"due", action.due},
                       {"resources", action.resources},
                       {"success_measure", action.success_measure},
                       {"status", action.status},
                       {"status_reason", action.status_reason},
                       {"overdue", action.overdue}});
  }
  json approvals = json::array();
  for (const ApprovalView& approval : view->approvals) {
    approvals.push_back({{"stage", approval.stage},
                         {"event", approval.event},
                         {"actor", approval.actor},
                         {"at", approval.at},
                         {"content_sha256", approval.content_sha256},
                         {"void", !approval.in_force},
                         {"voided_because", approval.voided_because}});
  }
  bool decided = false;
  json decision = Decision(*events, workflow, facts.answers, decided);
  json report_back = {{"due", ""},
                      {"status", view->report_status},
                      {"submitted_at", ""},
                      {"accepted_by", ""},
                      {"accepted_at", ""}};
  for (const StoredEvent& event : *events) {
    if (event.kind == "monitoring_started") {
      report_back["due"] =
          json::parse(event.payload, nullptr, false).value("report_due", std::string());
    } else if (event.kind == "report_submitted") {
      report_back["submitted_at"] = event.at;
    } else if (event.kind == "report_accepted") {
      report_back["accepted_by"] = event.actor;
      report_back["accepted_at"] = event.at;
    }
  }

  MetricsView measured_view;  // none attached: no rows
  if (facts.equity_data) {
    auto stored = MetricsViewOf(id, *facts.equity_data);
    if (!stored.ok()) return stored.status();
    measured_view = std::move(*stored);
  }
  const MetricsView* measured = &measured_view;
  // The chart's scale: the largest risk or comparison in the table is 300 units long.
  double largest = 0;
  for (const MetricRowView& row : measured->rows) {
    largest = std::max({largest, row.risk.value_or(0), row.comparison_risk.value_or(0)});
  }
  auto bar = [largest](const std::optional<double>& risk) {
    return largest > 0 && risk ? static_cast<int>(*risk / largest * 300 + 0.5) : 0;
  };
  json metrics = json::array();
  for (const MetricRowView& row : measured->rows) {
    metrics.push_back({{"outcome", row.outcome},
                       {"year", row.year},
                       {"school", row.school},
                       {"group", row.group},
                       {"n", row.n},
                       {"with_outcome", row.with_outcome},
                       {"risk", Fixed(row.risk, 3)},
                       {"comparison_risk", Fixed(row.comparison_risk, 3)},
                       {"ratio", Fixed(row.ratio, 2)},
                       {"ratio_kind", row.ratio_kind},
                       {"gap_points", Fixed(row.gap_points, 1)},
                       {"has_risk", row.risk.has_value()},
                       {"risk_bar", bar(row.risk)},
                       {"comparison_mark", bar(row.comparison_risk)},
                       {"status", row.status},
                       {"flagged", row.flagged},
                       {"persistent", row.persistent},
                       {"reason", row.reason}});
  }
  const json context = {{"document",
                         {{"title", "Equity Impact Statement"},
                          {"printed_at", scope->now},
                          {"printed_by", scope->actor.name}}},
                        {"initiative",
                         {{"id", view->id},
                          {"title", view->title},
                          {"summary", view->summary},
                          {"department", view->department},
                          {"submitter", view->submitter},
                          {"workflow_id", view->workflow_id},
                          {"workflow_title", view->workflow_title},
                          {"workflow_version", view->workflow_version},
                          {"lifecycle", LifecycleStateName(view->lifecycle)},
                          {"stage", view->stage},
                          {"stage_title", view->stage_title},
                          {"filed_at", view->filed_at},
                          {"updated_at", view->updated_at}}},
                        {"forms", std::move(forms)},
                        {"has_metrics", !metrics.empty()},
                        {"metrics", std::move(metrics)},
                        {"has_feedback", !feedback.empty()},
                        {"feedback", std::move(feedback)},
                        {"has_mitigation", !actions.empty()},
                        {"mitigation_actions", std::move(actions)},
                        {"decided", decided},
                        {"decision", std::move(decision)},
                        {"approvals", std::move(approvals)},
                        {"has_report_back", !view->report_status.empty()},
                        {"report_back", std::move(report_back)},
                        {"audit_head", {{"seq", head->seq}, {"hash", ToHex(head->hash)}}}};
  return RenderDocument(*templ, StatementSchema(), context,
                        format == "html" ? Escape::kHtml : Escape::kNone);
}

}  // namespace equilens
