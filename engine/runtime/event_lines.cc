// DescribeEvent and EventNote: the readable line and note of a recorded event.
#include "runtime/event_lines.h"

#include <nlohmann/json.hpp>

namespace equilens {

std::string DescribeEvent(const StoredEvent& event) {
  const nlohmann::json payload = nlohmann::json::parse(event.payload, nullptr, false);
  auto text = [&](const char* key) { return payload.value(key, std::string()); };
  if (event.kind == "initiative_filed") {
    return "filed \"" + text("title") + "\" under " + text("workflow_id") + " v" +
           std::to_string(payload.value("workflow_version", 0));
  }
  if (event.kind == "submitted") return "submitted for review; entered " + text("stage");
  if (event.kind == "stage_advanced") {
    std::string line = text("event") + ": " + text("from") + " -> " + text("stage");
    if (payload.contains("approval")) {
      line += " (approval bound to content " +
              payload["approval"].value("content_sha256", std::string()).substr(0, 12) + ")";
    }
    return line;
  }
  if (event.kind == "vote_recorded") {
    return "voted " + text("event") + " at " + text("stage") + " (" +
           std::to_string(payload.value("votes", 0)) + " of " +
           std::to_string(payload.value("needed", 0)) + ")";
  }
  if (event.kind == "answers_saved") {
    return "saved answers to " + text("form") +
           (payload.value("complete", false) ? " (complete)" : " (draft)");
  }
  if (event.kind == "comment_added") return "commented: " + text("text");
  if (event.kind == "approved") return "approved (reached " + text("stage") + ")";
  if (event.kind == "monitoring_started")
    return "monitoring; report-back due " + text("report_due");
  if (event.kind == "feedback_added") {
    return "feedback item " + std::to_string(payload.value("number", 0)) + " (" + text("kind") +
           " on " + text("section") + "): " + text("text");
  }
  if (event.kind == "feedback_answered") {
    return "answered feedback item " + std::to_string(payload.value("number", 0)) + ": " +
           text("disposition") + (text("reason").empty() ? "" : " (" + text("reason") + ")");
  }
  if (event.kind == "approvals_voided") {
    return "approvals void: " + text("because");
  }
  if (event.kind == "actions_adopted") {
    return std::to_string(payload.value("actions", nlohmann::json::array()).size()) +
           " mitigation action(s) adopted for tracking";
  }
  if (event.kind == "action_status_set") {
    return "mitigation action " + std::to_string(payload.value("number", 0)) + ": " + text("was") +
           " -> " + text("status");
  }
  if (event.kind == "equity_data_attached") {
    const nlohmann::json& summary = payload.contains("summary") ? payload["summary"] : payload;
    return "equity data from " + text("sources") + ": " +
           std::to_string(summary.value("flagged_groups", 0)) + " group(s) flagged";
  }
  // System events, for the ombuds' search over the whole record.
  if (event.kind == "user_added" || event.kind == "user_updated") {
    const std::string department = text("department");
    return std::string(event.kind == "user_added" ? "added" : "updated") + " user " + text("name") +
           " (" + text("role") + (department.empty() ? "" : ", " + department) +
           (payload.value("active", true) ? "" : ", disabled") + ")";
  }
  if (event.kind == "definition_loaded") {
    return "loaded " + text("kind") + " " + text("id") + " v" +
           std::to_string(payload.value("version", 0));
  }
  if (event.kind == "password_set") {
    return "password set for " + text("user") + " (" + text("how") + ")";
  }
  if (event.kind == "invitation_created") {
    return "invitation for " + text("user") + ", valid until " + text("expires_at");
  }
  if (event.kind == "report_submitted") return "report-back submitted";
  if (event.kind == "report_returned") return "report-back sent back";
  if (event.kind == "report_accepted") return "report-back accepted";
  if (event.kind == "resumed" && payload.contains("held_school_days")) {
    const int held = payload.value("held_school_days", 0);
    std::string line = "resumed after " + std::to_string(held) + " school day(s) on hold";
    if (!text("due").empty()) {
      line += held > 0 && text("due") != text("due_before")
                  ? "; due date moved from " + text("due_before") + " to " + text("due")
                  : "; still due " + text("due");
    }
    return line;
  }
  if (event.kind == "escalation_reminded" || event.kind == "escalation_notified" ||
      event.kind == "deadline_near" || event.kind == "deadline_passed") {
    const std::string owner =
        text("waiting_user").empty() ? "any " + text("waiting_role") : text("waiting_user");
    const std::string waited = text("stage") + " waited " +
                               std::to_string(payload.value("school_days", 0)) +
                               " school day(s) as of " + text("as_of");
    if (event.kind == "escalation_reminded") return "reminder: " + waited + "; reminded " + owner;
    if (event.kind == "deadline_near") {
      return "deadline near: " + text("stage") + " due " + text("due") + "; warned " + owner;
    }
    if (event.kind == "deadline_passed") {
      return "deadline passed: " + text("stage") + " was due " + text("due") + "; told " + owner;
    }
    return "escalated: " + waited + "; notified " + text("notify") +
           (text("reassign_to").empty()
                ? ""
                : "; reassigned from " + owner + " to " + text("reassign_to"));
  }
  return event.kind;  // held, resumed, returned, withdrawn, rejected, closed
}

std::string EventNote(const StoredEvent& event) {
  if (event.kind == "comment_added") return "";
  const nlohmann::json payload = nlohmann::json::parse(event.payload, nullptr, false);
  return payload.is_object() ? payload.value("note", std::string()) : std::string();
}

}  // namespace equilens
