// The initiative page's context: summary, stage path, the actions the user may take,
// comments, feedback, approvals, tracked actions, equity data and the timeline. Every control
// is offered only as the view allows: an event in InitiativeView::actions, a command in
// ::permitted ("comment", "feedback add", "feedback answer", "mitigation status", "data";
// "fill" is the stage form's, web_form_context.cc). The page decides nothing itself.
#include <algorithm>
#include <set>

#include "render/web_context.h"

namespace equilens::web {
namespace {

using nlohmann::json;

bool Permitted(const InitiativeView& view, const std::string& command) {
  return std::find(view.permitted.begin(), view.permitted.end(), command) != view.permitted.end();
}

// Options for a <select> or radio group: value, label in words, selected.
json Options(const std::vector<std::string>& values, const std::string& selected) {
  json options = json::array();
  for (const std::string& value : values) {
    options.push_back(
        {{"value", value}, {"label", Humanize(value)}, {"selected", value == selected}});
  }
  return options;
}

// The posted value when `form` was posted about item `number`, else "".
std::string PostedFor(const PostedForm& posted, const std::string& form, std::int64_t number,
                      const std::string& name) {
  if (PostedValue(posted, form, "number") != std::to_string(number)) return "";
  return PostedValue(posted, form, name);
}

std::string ProblemsOf(const PostedForm& posted, const std::string& form) {
  std::string text;
  if (posted.form != form) return text;
  for (const FieldProblem& problem : posted.problems) {
    text += (text.empty() ? "" : " ") + problem.message;
  }
  return text;
}

json Summary(const InitiativeView& view) {
  const std::string href = "/initiatives/" + UrlEncode(view.id);
  return {{"id", view.id},
          {"href", href},
          {"statement_href", href + "/statement"},
          {"title", view.title},
          {"summary", view.summary},
          {"has_summary", !view.summary.empty()},
          {"department", view.department},
          {"submitter", view.submitter},
          {"workflow_title", view.workflow_title.empty() ? view.workflow_id : view.workflow_title},
          {"workflow_version", view.workflow_version},
          {"lifecycle", LifecycleStateName(view.lifecycle)},
          {"lifecycle_label", Humanize(LifecycleStateName(view.lifecycle))},
          {"stage", view.stage},
          {"stage_title", view.stage_title.empty() ? Humanize(view.stage) : view.stage_title},
          {"has_stage", !view.stage.empty()},
          {"stage_owner_label", Humanize(view.stage_owner)},
          {"stage_due", view.stage_due},
          {"has_due", !view.stage_due.empty()},
          {"stage_entered_text", WhenText(view.stage_entered_at)},
          {"version", view.version},
          {"filed_at_text", WhenText(view.filed_at)},
          {"updated_at_text", WhenText(view.updated_at)},
          {"content_sha256", view.content_sha256},
          {"report_status_label", Humanize(view.report_status)},
          {"has_report_status", !view.report_status.empty()},
          {"quorum_votes", view.quorum_votes},
          {"has_quorum_votes", !view.quorum_votes.empty()}};
}

// The workflow's whole path, every stage in the workflow's order, each marked: done (entered
// before), current (where it is now), skipped (never entered, though the initiative went past
// it), ahead (still to come) or not reached (the review stopped first). An end stage shows only
// once reached, or the approving one as the goal while the review is open. Where the
// initiative is outside the route, its lifecycle state is a step of its own: a draft first,
// an outcome (approved, closed, rejected, withdrawn) last.
json StagePath(const InitiativeView& view) {
  const LifecycleState life = view.lifecycle;
  const bool draft = life == LifecycleState::kDraft;
  const bool open = life == LifecycleState::kInReview || life == LifecycleState::kOnHold;
  const bool stopped = life == LifecycleState::kRejected || life == LifecycleState::kWithdrawn;
  const bool signed_off = !draft && !open && !stopped;  // approved, monitoring, closed

  std::vector<WorkflowStep> steps = view.workflow_path;
  if (steps.empty()) {  // a view without its workflow: the stages visited, then the current
    for (const std::string& id : view.stage_path) {
      if (std::none_of(steps.begin(), steps.end(), [&](const auto& s) { return s.id == id; })) {
        steps.push_back({id, "", ""});
      }
    }
    if (open && !view.stage.empty() && (steps.empty() || steps.back().id != view.stage)) {
      steps.push_back({view.stage, view.stage_title, ""});
    }
  }
  const std::set<std::string> visited(view.stage_path.begin(), view.stage_path.end());
  std::size_t furthest = 0;  // one past the last stage entered, in the workflow's order
  bool end_reached = false;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (visited.count(steps[i].id) == 0) continue;
    furthest = i + 1;
    end_reached |= !steps[i].end.empty();
  }

  json path = json::array();
  auto add = [&](const std::string& label, const std::string& state) {
    const std::string words = state == "current"
                                  ? (life == LifecycleState::kOnHold ? "now, on hold" : "now")
                              : state == "not-reached" ? "not reached"
                                                       : state;
    path.push_back({{"number", path.size() + 1},
                    {"label", label},
                    {"state", state},
                    {"state_label", words},
                    {"current", state == "current"}});
  };
  const std::string life_label = Humanize(LifecycleStateName(life));
  if (draft) add(life_label, "current");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const WorkflowStep& step = steps[i];
    const std::string label = step.title.empty() ? Humanize(step.id) : step.title;
    const bool entered = visited.count(step.id) > 0;
    if (step.id == kReportBackStage) {
      if (life == LifecycleState::kMonitoring) {
        add(label, "current");
      } else if (life == LifecycleState::kClosed) {
        add(label, view.report_status == "accepted" ? "done" : "skipped");
      } else {
        add(label, stopped ? "not-reached" : "ahead");
      }
    } else if (!step.end.empty()) {
      if (entered) {
        add(label, "done");
      } else if (!end_reached && (draft || open) && step.end == "approve") {
        add(label, "ahead");
      }
    } else if (open && step.id == view.stage) {
      add(label, "current");
    } else if (entered) {
      add(label, "done");
    } else if (signed_off || i < furthest) {
      add(label, "skipped");
    } else {
      add(label, stopped ? "not-reached" : "ahead");
    }
  }
  const bool outcome =
      life == LifecycleState::kApproved || life == LifecycleState::kClosed || stopped;
  if (outcome) add(life_label, "current");
  return path;
}

json Actions(const InitiativeView& view, const PostedForm& posted, json& context) {
  json items = json::array();
  for (const ActionView& action : view.actions) {
    std::string blocked;
    for (const std::string& reason : action.blocked_by) {
      blocked += (blocked.empty() ? "" : "; ") + reason;
    }
    items.push_back({{"event", action.event},
                     {"label", Humanize(action.event)},
                     {"to_label", Humanize(action.to)},
                     {"has_to", !action.to.empty()},
                     {"desc_id", FieldId("act-" + action.event) + "-desc"},
                     {"blocked", !action.blocked_by.empty()},
                     {"blocked_text", blocked},
                     {"needs_note", action.needs_note}});
  }
  const std::string note_error = ProblemsOf(posted, "act");
  if (!note_error.empty()) AddProblem(context, "Note: " + note_error, "#act-note");
  return {{"present", !items.empty()}, {"action", "/initiatives/" + UrlEncode(view.id) + "/act"},
          {"version", view.version},   {"note", PostedValue(posted, "act", "note")},
          {"note_error", note_error},  {"has_note_error", !note_error.empty()},
          {"items", std::move(items)}};
}

json Comments(const InitiativeView& view, const PostedForm& posted, json& context) {
  json items = json::array();
  for (const CommentView& comment : view.comments) {
    items.push_back({{"seq", comment.seq},
                     {"at_text", WhenText(comment.at)},
                     {"actor", comment.actor},
                     {"role_label", Humanize(comment.role)},
                     {"text", comment.text}});
  }
  const std::string error = ProblemsOf(posted, "comment");
  if (!error.empty()) AddProblem(context, "Comment: " + error, "#comment-text");
  return {{"has_items", !items.empty()},
          {"items", std::move(items)},
          {"can_add", Permitted(view, "comment")},
          {"action", "/initiatives/" + UrlEncode(view.id) + "/comments"},
          {"text", PostedValue(posted, "comment", "text")},
          {"error", error},
          {"has_error", !error.empty()}};
}

json Feedback(const InitiativeView& view, const PostedForm& posted, json& context) {
  static const std::vector<std::string> kKinds = {"concern", "suggestion", "question", "resource"};
  static const std::vector<std::string> kDispositions = {"incorporated", "partly_incorporated",
                                                         "declined"};
  const std::string base = "/initiatives/" + UrlEncode(view.id) + "/feedback";
  const bool can_answer = Permitted(view, "feedback answer");
  json items = json::array();
  int unanswered = 0;
  for (const FeedbackView& item : view.feedback) {
    unanswered += item.disposition.empty() ? 1 : 0;
    const std::string number = std::to_string(item.number);
    std::string chosen = PostedFor(posted, "feedback_answer", item.number, "disposition");
    if (chosen.empty()) chosen = item.disposition;
    json dispositions = Options(kDispositions, chosen);
    for (json& option : dispositions) {
      option["id"] = "fb-" + number + "-" + option["value"].get<std::string>();
    }
    std::string error;
    if (PostedValue(posted, "feedback_answer", "number") == number) {
      error = ProblemsOf(posted, "feedback_answer");
      if (!error.empty())
        AddProblem(context, "Feedback item " + number + ": " + error, "#fb-" + number + "-answer");
    }
    std::string reason = PostedFor(posted, "feedback_answer", item.number, "reason");
    if (reason.empty()) reason = item.reason;
    items.push_back({{"number", item.number},
                     {"kind_label", Humanize(item.kind)},
                     {"section_label", Humanize(item.section)},
                     {"author", item.author},
                     {"at_text", WhenText(item.at)},
                     {"text", item.text},
                     {"answered", !item.disposition.empty()},
                     {"disposition_label", Humanize(item.disposition)},
                     {"reason", item.reason},
                     {"has_reason", !item.reason.empty()},
                     {"answered_by", item.answered_by},
                     {"answered_at_text", WhenText(item.answered_at)},
                     {"can_answer", can_answer},
                     {"answer_action", base + "/" + number + "/answer"},
                     {"answer_reason", reason},
                     {"answer_error", error},
                     {"has_answer_error", !error.empty()},
                     {"dispositions", std::move(dispositions)}});
  }
  // Sections a reviewer can point at: the current form's, any already used, and "general".
  std::vector<std::string> sections = {"general"};
  auto add_section = [&](const std::string& id) {
    if (!id.empty() && std::find(sections.begin(), sections.end(), id) == sections.end()) {
      sections.push_back(id);
    }
  };
  if (view.form) {
    for (const FormSection& section : view.form->sections) add_section(section.id);
  }
  for (const FeedbackView& item : view.feedback) add_section(item.section);
  std::string kind = PostedValue(posted, "feedback_add", "kind");
  std::string section = PostedValue(posted, "feedback_add", "section");
  const std::string add_error = ProblemsOf(posted, "feedback_add");
  if (!add_error.empty()) AddProblem(context, "New feedback: " + add_error, "#fb-text");
  return {{"has_items", !items.empty()},
          {"unanswered", unanswered},
          {"items", std::move(items)},
          {"can_add", Permitted(view, "feedback add")},
          {"add_action", base},
          {"kinds", Options(kKinds, kind.empty() ? "concern" : kind)},
          {"sections", Options(sections, section.empty() ? "general" : section)},
          {"add_text", PostedValue(posted, "feedback_add", "text")},
          {"add_error", add_error},
          {"has_add_error", !add_error.empty()}};
}

json Approvals(const InitiativeView& view) {
  json items = json::array();
  for (const ApprovalView& approval : view.approvals) {
    items.push_back({{"seq", approval.seq},
                     {"stage_label", Humanize(approval.stage)},
                     {"event_label", Humanize(approval.event)},
                     {"actor", approval.actor},
                     {"at_text", WhenText(approval.at)},
                     {"content_sha256", approval.content_sha256},
                     {"short_hash", ShortHash(approval.content_sha256)},
                     {"in_force", approval.in_force},
                     {"voided_at_text", WhenText(approval.voided_at)},
                     {"voided_because", approval.voided_because}});
  }
  return {{"has_items", !items.empty()}, {"items", std::move(items)}};
}

json Tracked(const InitiativeView& view, const PostedForm& posted, json& context) {
  static const std::vector<std::string> kStatuses = {"planned", "in_progress", "done", "dropped"};
  const bool can_set = Permitted(view, "mitigation status");
  json items = json::array();
  for (const TrackedActionView& action : view.tracked_actions) {
    const std::string number = std::to_string(action.number);
    std::string status = PostedFor(posted, "mitigation_status", action.number, "status");
    if (status.empty()) status = action.status;
    std::string error;
    if (PostedValue(posted, "mitigation_status", "number") == number) {
      error = ProblemsOf(posted, "mitigation_status");
      if (!error.empty()) {
        AddProblem(context, "Mitigation action " + number + ": " + error,
                   "#ta-" + number + "-status");
      }
    }
    std::string updated = WhenText(action.updated_at);
    if (!action.updated_by.empty()) updated += " by " + action.updated_by;
    items.push_back(
        {{"number", action.number},
         {"risk", action.risk},
         {"groups", action.groups},
         {"action", action.action},
         {"owner", action.owner},
         {"due", action.due},
         {"status_label", Humanize(action.status)},
         {"status_reason", action.status_reason},
         {"has_status_reason", !action.status_reason.empty()},
         {"updated_text", updated},
         {"overdue", action.overdue},
         {"can_set", can_set},
         {"status_action", "/initiatives/" + UrlEncode(view.id) + "/tracked/" + number + "/status"},
         {"reason", PostedFor(posted, "mitigation_status", action.number, "reason")},
         {"error", error},
         {"has_error", !error.empty()},
         {"statuses", Options(kStatuses, status)}});
  }
  return {{"has_items", !items.empty()}, {"items", std::move(items)}};
}

json Metrics(const InitiativeView& view, const MetricsView& metrics, const PostedForm& posted,
             json& context) {
  json rows = json::array();
  int flagged = 0;
  auto figure = [](const std::optional<double>& value, int places) {
    return value ? Decimal(*value, places) : std::string("—");
  };
  for (const MetricRowView& row : metrics.rows) {
    flagged += row.flagged ? 1 : 0;
    rows.push_back({{"outcome", row.outcome},
                    {"year", row.year},
                    {"school_label", row.school.empty() ? "District" : row.school},
                    {"group_label", Humanize(row.group)},
                    {"n", row.n},
                    {"with_outcome", row.with_outcome},
                    {"risk", figure(row.risk, 3)},
                    {"comparison_risk", figure(row.comparison_risk, 3)},
                    {"ratio", figure(row.ratio, 2)},
                    {"ratio_kind_label", Humanize(row.ratio_kind)},
                    {"gap", figure(row.gap_points, 1)},
                    {"status_label", Humanize(row.status)},
                    {"flagged", row.flagged},
                    {"persistent", row.persistent},
                    {"reason", row.reason}});
  }
  const std::string error = ProblemsOf(posted, "data");
  if (!error.empty()) AddProblem(context, "Equity data: " + error, "#data-csv");
  return {{"attached", metrics.attached},
          {"at_text", WhenText(metrics.at)},
          {"by", metrics.by},
          {"sources", metrics.sources},
          {"has_rows", !rows.empty()},
          {"flagged_count", flagged},
          {"rows", std::move(rows)},
          {"can_upload", Permitted(view, "data")},
          {"upload_action", "/initiatives/" + UrlEncode(view.id) + "/data"},
          {"outcome", PostedValue(posted, "data", "outcome")},
          {"year", PostedValue(posted, "data", "year")},
          {"error", error},
          {"has_error", !error.empty()}};
}

json Timeline(const std::vector<HistoryEntry>& history) {
  json items = json::array();
  for (const HistoryEntry& entry : history) {
    items.push_back({{"seq", entry.seq},
                     {"at", entry.at},
                     {"at_text", WhenText(entry.at)},
                     {"actor", entry.actor},
                     {"role_label", Humanize(entry.role)},
                     {"what", entry.what.empty() ? Humanize(entry.kind) : entry.what},
                     {"note", entry.note},
                     {"has_note", !entry.note.empty()}});
  }
  return {{"has_items", !items.empty()}, {"items", std::move(items)}};
}

}  // namespace

json InitiativeContext(const PageFrame& frame, const InitiativeView& view,
                       const std::vector<HistoryEntry>& history, const MetricsView& metrics,
                       const PostedForm& posted) {
  json context = FrameContext(frame);
  context["initiative"] = Summary(view);
  context["stage_path"] = StagePath(view);
  context["has_stage_path"] = !context["stage_path"].empty();
  // Built in page order, so the error summary lists problems as the page shows their fields.
  context["form"] = StageFormContext(view, posted, context);
  context["actions"] = Actions(view, posted, context);
  context["feedback"] = Feedback(view, posted, context);
  context["comments"] = Comments(view, posted, context);
  context["tracked"] = Tracked(view, posted, context);
  context["metrics"] = Metrics(view, metrics, posted, context);
  context["approvals"] = Approvals(view);
  context["timeline"] = Timeline(history);
  // A refusal for a form the page no longer shows (the item is gone, the stage moved on) is
  // still said, at the top.
  if (!posted.problems.empty() && context["problems"].empty()) {
    for (const FieldProblem& problem : posted.problems) {
      AddProblem(context,
                 problem.field.empty() ? problem.message : problem.field + ": " + problem.message,
                 "#main");
    }
  }
  return context;
}

}  // namespace equilens::web
