// The shape of each web page's context, written as JSON so it reads like what the templates in
// templates/web/ receive: the one definition shared by the builders (web_*_context.cc), the
// template check at PageRenderer::Load, and the tests that prove builder and schema agree.
// Each list holds exactly one example item. Bools drive {{#x}} sections; figures a reader
// sees as decimals arrive as ready-formatted strings.
#include <cassert>
#include <map>

#include "render/web_context.h"

namespace equilens::web {
namespace {

using nlohmann::json;

// What the layout partials (header, footer) read on every page.
constexpr const char kFrame[] = R"json({
  "page": {"title": "Inbox", "signed_in": true},
  "user": {
    "name": "dana",
    "display": "Dana Whitfield",
    "role": "department_head",
    "role_label": "Department head",
    "department": "transportation",
    "has_department": true
  },
  "csrf": "5f0c0e3c9a4b",
  "nav": [{"id": "inbox", "href": "/inbox", "label": "Inbox", "current": true}],
  "notices": ["Moved from feedback to signoff."],
  "has_notices": true,
  "errors": ["sign-off needs someone other than the person who filed EQ-2026-0007"],
  "problems": [{"text": "Risk level: not one of low, medium, high", "href": "#f-risk_level"}],
  "has_errors": true
})json";

constexpr const char kSignIn[] = R"json({"signin": {"user_name": "dana"}})json";

constexpr const char kInvitation[] = R"json({"invitation": {"token": "9c1d0e"}})json";

constexpr const char kError[] = R"json({
  "error": {"status": 404, "reason": "Not found", "message": "no initiative EQ-2026-0099"}
})json";

constexpr const char kInbox[] = R"json({
  "inbox": {
    "count": 1,
    "has_items": true,
    "overdue_count": 1,
    "has_overdue": true,
    "paged": true,
    "first": 51,
    "last": 100,
    "has_newer": true,
    "newer_href": "/inbox?offset=0",
    "has_older": true,
    "older_href": "/inbox?offset=100",
    "items": [{
      "id": "EQ-2026-0001",
      "href": "/initiatives/EQ-2026-0001",
      "title": "Consolidated bus routes",
      "department": "transportation",
      "stage": "assessment",
      "stage_title": "Equity impact assessment",
      "why": "your draft: fill it in and submit",
      "waiting_since": "2026-09-02T14:05:00.000Z",
      "waiting_since_text": "2026-09-02 14:05 UTC",
      "due": "2026-09-16",
      "has_due": true,
      "overdue": true
    }]
  }
})json";

constexpr const char kFile[] = R"json({
  "file": {
    "action": "/initiatives",
    "department": "transportation",
    "has_department": true,
    "has_workflows": true,
    "workflows": [{
      "id": "equity-impact-review",
      "title": "Equity Impact Review",
      "version": 1,
      "input_id": "wf-equity-impact-review",
      "selected": true
    }],
    "workflow_error": "", "has_workflow_error": false,
    "title": "Consolidated bus routes",
    "title_error": "", "has_title_error": false,
    "summary": "Merge 14 morning routes into 11.",
    "summary_error": "", "has_summary_error": false
  }
})json";

// One field of the stage form; a record's sub-field has the same keys (records empty), so a
// name missing from a sub-field can never resolve to its parent field's value.
constexpr const char kField[] = R"json({
  "name": "risk_level",
  "id": "f-risk_level",
  "label": "Risk level",
  "help": "How likely is harm to a student group?",
  "has_help": true,
  "help_id": "f-risk_level-help",
  "required": true,
  "error": "not one of low, medium, high",
  "has_error": true,
  "error_id": "f-risk_level-error",
  "describedby": "f-risk_level-help f-risk_level-error",
  "has_describedby": true,
  "is_text": false,
  "is_long_text": false,
  "is_date": false,
  "is_number": false,
  "is_select": true,
  "is_multi": false,
  "is_records": false,
  "value": "high",
  "display": "high",
  "answered": true,
  "min": "0",
  "has_min": false,
  "max": "100",
  "has_max": false,
  "options": [{"value": "high", "label": "High", "selected": true, "id": "f-risk_level-high"}],
  "records": []
})json";

constexpr const char kInitiative[] = R"json({
  "initiative": {
    "id": "EQ-2026-0001",
    "href": "/initiatives/EQ-2026-0001",
    "statement_href": "/initiatives/EQ-2026-0001/statement",
    "title": "Consolidated bus routes",
    "summary": "Merge 14 morning routes into 11.",
    "has_summary": true,
    "department": "transportation",
    "submitter": "dana",
    "workflow_title": "Equity Impact Review",
    "workflow_version": 1,
    "lifecycle": "in_review",
    "lifecycle_label": "In review",
    "stage": "feedback",
    "stage_title": "Thought-partner feedback",
    "has_stage": true,
    "stage_owner_label": "CESJ reviewer",
    "stage_due": "2026-09-30",
    "has_due": true,
    "stage_entered_text": "2026-09-16 09:00 UTC",
    "version": 7,
    "filed_at_text": "2026-09-02 14:05 UTC",
    "updated_at_text": "2026-09-16 09:00 UTC",
    "content_sha256": "ab12cd34",
    "report_status_label": "Due",
    "has_report_status": true,
    "quorum_votes": ["accept: maria (1 of 2)"],
    "has_quorum_votes": true
  },
  "stage_path": [{"number": 1, "label": "Assessment", "state": "current", "state_label": "now",
                  "current": true}],
  "has_stage_path": true,
  "form": {
    "present": true,
    "editable": true,
    "action": "/initiatives/EQ-2026-0001/form",
    "version": 7,
    "title": "Equity impact assessment",
    "description": "Answer each question with what you know now.",
    "has_description": true,
    "complete": false,
    "missing": [{"text": "Risk level", "href": "#f-risk_level"}],
    "has_missing": true,
    "sections": [{
      "id": "risk",
      "heading_id": "s-risk",
      "title": "Risk",
      "help": "Who could be harmed?",
      "has_help": true,
      "fields": []
    }]
  },
  "actions": {
    "present": true,
    "action": "/initiatives/EQ-2026-0001/act",
    "version": 7,
    "note": "",
    "note_error": "", "has_note_error": false,
    "items": [{
      "event": "request_changes",
      "label": "Request changes",
      "to_label": "Assessment",
      "has_to": true,
      "desc_id": "act-request_changes-desc",
      "blocked": true,
      "blocked_text": "a note saying why",
      "needs_note": true
    }]
  },
  "comments": {
    "has_items": true,
    "items": [{"seq": 12, "at_text": "2026-09-16 09:00 UTC", "actor": "maria",
               "role_label": "CESJ reviewer", "text": "Which routes lengthen?"}],
    "can_add": true,
    "action": "/initiatives/EQ-2026-0001/comments",
    "text": "",
    "error": "", "has_error": false
  },
  "feedback": {
    "has_items": true,
    "unanswered": 1,
    "items": [{
      "number": 2,
      "kind_label": "Concern",
      "section_label": "Data",
      "author": "maria",
      "at_text": "2026-09-16 09:00 UTC",
      "text": "The east zone rides lengthen most.",
      "answered": false,
      "disposition_label": "Declined",
      "reason": "Out of scope",
      "has_reason": true,
      "answered_by": "dana",
      "answered_at_text": "2026-09-17 10:00 UTC",
      "can_answer": true,
      "answer_action": "/initiatives/EQ-2026-0001/feedback/2/answer",
      "answer_reason": "",
      "answer_error": "", "has_answer_error": false,
      "dispositions": [{"value": "declined", "label": "Declined", "selected": false,
                        "id": "fb-2-declined"}]
    }],
    "can_add": true,
    "add_action": "/initiatives/EQ-2026-0001/feedback",
    "kinds": [{"value": "concern", "label": "Concern", "selected": true}],
    "sections": [{"value": "general", "label": "General", "selected": true}],
    "add_text": "",
    "add_error": "", "has_add_error": false
  },
  "approvals": {
    "has_items": true,
    "items": [{
      "seq": 14,
      "stage_label": "Feedback",
      "event_label": "Accept",
      "actor": "maria",
      "at_text": "2026-09-18 11:00 UTC",
      "content_sha256": "ab12cd34",
      "short_hash": "ab12cd34",
      "in_force": true,
      "voided_at_text": "",
      "voided_because": ""
    }]
  },
  "tracked": {
    "has_items": true,
    "items": [{
      "number": 1,
      "risk": "Longer rides",
      "groups": "black, english_learners",
      "action": "Add a shuttle",
      "owner": "dana",
      "due": "2027-01-15",
      "status_label": "In progress",
      "status_reason": "",
      "has_status_reason": false,
      "updated_text": "2026-10-01 08:00 UTC by dana",
      "overdue": false,
      "can_set": true,
      "status_action": "/initiatives/EQ-2026-0001/tracked/1/status",
      "reason": "",
      "error": "", "has_error": false,
      "statuses": [{"value": "done", "label": "Done", "selected": false}]
    }]
  },
  "metrics": {
    "attached": true,
    "at_text": "2026-09-10 12:00 UTC",
    "by": "dana",
    "sources": "suspensions.csv",
    "has_rows": true,
    "flagged_count": 1,
    "rows": [{
      "outcome": "oss",
      "year": 2025,
      "school_label": "District",
      "group_label": "Black",
      "n": 400,
      "with_outcome": 80,
      "risk": "0.200",
      "comparison_risk": "0.050",
      "ratio": "4.00",
      "ratio_kind_label": "Risk ratio",
      "gap": "15.0",
      "status_label": "Ok",
      "flagged": true,
      "persistent": false,
      "reason": "risk ratio 4.00 over 3.0"
    }],
    "can_upload": true,
    "upload_action": "/initiatives/EQ-2026-0001/data",
    "outcome": "",
    "year": "",
    "error": "", "has_error": false
  },
  "timeline": {
    "has_items": true,
    "items": [{"seq": 3, "at": "2026-09-02T14:05:00.000Z", "at_text": "2026-09-02 14:05 UTC",
               "actor": "dana", "role_label": "Department head", "what": "filed",
               "note": "", "has_note": false}]
  }
})json";

constexpr const char kQueue[] = R"json({
  "queue": {
    "action": "/queue",
    "count": 1,
    "has_items": true,
    "limit_reached": false,
    "filter": {"department": "transportation", "stage": "feedback", "text": "bus"},
    "lifecycles": [{"value": "in_review", "label": "In review", "selected": true}],
    "departments": ["transportation"],
    "stages": ["feedback"],
    "groups": [{
      "department": "transportation",
      "heading_id": "d-transportation",
      "count": 1,
      "items": [{
        "id": "EQ-2026-0001",
        "href": "/initiatives/EQ-2026-0001",
        "title": "Consolidated bus routes",
        "submitter": "dana",
        "lifecycle_label": "In review",
        "stage_title": "Thought-partner feedback",
        "days_in_stage": 4,
        "due": "2026-09-30",
        "has_due": true,
        "overdue": false,
        "updated_at_text": "2026-09-16 09:00 UTC"
      }]
    }]
  }
})json";

constexpr const char kDashboard[] = R"json({
  "dashboard": {
    "overdue_stages": 2,
    "overdue_actions": 1,
    "charts": [{
      "id": "by-stage",
      "title": "Open initiatives by stage",
      "desc": "assessment 3, feedback 2",
      "height": 60,
      "has_bars": true,
      "value_heading": "Initiatives",
      "bars": [{"label": "Assessment", "value_text": "3", "y": 10, "text_y": 24, "width": 240,
                "value_x": 396}]
    }],
    "has_flagged": true,
    "flagged": [{"id": "EQ-2026-0001", "href": "/initiatives/EQ-2026-0001",
                 "title": "Consolidated bus routes", "department": "transportation",
                 "max_risk_ratio": "4.00", "groups": "black"}]
  }
})json";

constexpr const char kAudit[] = R"json({
  "audit": {
    "action": "/audit",
    "filter": {"initiative": "EQ-2026-0001", "actor": "dana", "kind": "stage_advanced",
               "from": "2026-09-01", "to": "2026-09-30"},
    "searched": true,
    "count": 1,
    "has_events": true,
    "limit_reached": false,
    "kinds": ["stage_advanced"],
    "events": [{
      "seq": 3,
      "initiative": "EQ-2026-0001",
      "has_initiative": true,
      "initiative_href": "/initiatives/EQ-2026-0001",
      "at": "2026-09-02T14:05:00.000Z",
      "at_text": "2026-09-02 14:05 UTC",
      "actor": "dana",
      "role_label": "Department head",
      "kind": "stage_advanced",
      "what": "accept: feedback -> signoff",
      "hash": "ab12cd34ef",
      "short_hash": "ab12cd34ef"
    }],
    "export_href": "/audit/export.csv",
    "verify_href": "/audit/verify"
  }
})json";

constexpr const char kVerify[] = R"json({
  "verify": {
    "intact": true,
    "events_checked": 120,
    "has_first_bad": false,
    "first_bad_seq": 0,
    "problem": "",
    "head_seq": 120,
    "head_hash": "ab12cd34ef",
    "has_differences": false,
    "differences": ["initiatives EQ-2026-0001: stage differs"],
    "audit_href": "/audit"
  }
})json";

constexpr const char kAccount[] = R"json({
  "account": {
    "name": "dana",
    "email": "dana@district.example",
    "has_email": true,
    "choices": [{"value": "immediate", "label": "A message for each", "hint": "As it happens.",
                 "checked": true}],
    "action": "/account",
    "may_change": true,
    "current": "a message for each"
  }
})json";

json Merged(const char* page) {
  json schema = json::parse(kFrame);
  // The parsed page must outlive the loop: items() of a temporary dangles (an endless loop
  // at -O3 was the symptom).
  const json parsed = json::parse(page);
  for (const auto& item : parsed.items()) schema[item.key()] = item.value();
  return schema;
}

json InitiativeSchema() {
  json schema = Merged(kInitiative);
  const json sub_field = json::parse(kField);
  json field = sub_field;
  field["records"] = json::array({{{"number", 1},
                                   {"legend", "Mitigation action 1"},
                                   {"blank", false},
                                   {"fields", json::array({sub_field})}}});
  schema["form"]["sections"][0]["fields"] = json::array({field});
  return schema;
}

const std::map<std::string, json>& Schemas() {
  static const std::map<std::string, json> kSchemas = {
      {kSignInPage, Merged(kSignIn)},   {kInvitationPage, Merged(kInvitation)},
      {kErrorPage, Merged(kError)},     {kInboxPage, Merged(kInbox)},
      {kFilePage, Merged(kFile)},       {kInitiativePage, InitiativeSchema()},
      {kQueuePage, Merged(kQueue)},     {kDashboardPage, Merged(kDashboard)},
      {kAuditPage, Merged(kAudit)},     {kVerifyPage, Merged(kVerify)},
      {kAccountPage, Merged(kAccount)},
  };
  return kSchemas;
}

}  // namespace

const std::vector<std::string>& PageNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const auto& entry : Schemas()) names.push_back(entry.first);
    return names;
  }();
  return kNames;
}

const nlohmann::json* PageSchema(const std::string& name) {
  const auto found = Schemas().find(name);
  return found == Schemas().end() ? nullptr : &found->second;
}

}  // namespace equilens::web
