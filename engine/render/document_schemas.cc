// The example contexts, written as JSON so they read like what the templates receive.
// Changing a key here changes what every template may use: update docs/documents.md with it
// (a test checks that every path here appears there).
#include "render/document_schemas.h"

#include <cassert>

namespace equilens {
namespace {

// Kinds matter to templates: bools drive {{#x}} sections, and figures the reader sees as
// decimals arrive as ready-formatted strings ("0.200") so every template prints them alike.
constexpr const char kStatement[] = R"json({
  "document": {
    "title": "Equity Impact Statement",
    "printed_at": "2026-11-23T10:00:00.000Z",
    "printed_by": "olu"
  },
  "initiative": {
    "id": "EQ-2026-0001",
    "title": "Consolidated bus routes for the 2027 school year",
    "summary": "Merge 14 morning routes into 11 to cover a driver shortage.",
    "department": "transportation",
    "submitter": "dana",
    "workflow_id": "equity-impact-review",
    "workflow_title": "Equity Impact Review",
    "workflow_version": 1,
    "lifecycle": "monitoring",
    "stage": "approved",
    "stage_title": "Signed off",
    "filed_at": "2026-09-02T14:05:00.000Z",
    "updated_at": "2026-11-20T09:30:00.000Z"
  },
  "forms": [
    {
      "stage": "assessment",
      "stage_title": "Equity impact assessment",
      "form_id": "equity-impact-assessment",
      "form_title": "Equity impact assessment",
      "complete": true,
      "sections": [
        {
          "id": "proposal",
          "title": "Proposal and desired results",
          "fields": [
            {
              "name": "what",
              "label": "What is proposed?",
              "value": "Merge 14 morning routes into 11.",
              "answered": true,
              "is_records": false,
              "records": [
                {
                  "number": 1,
                  "fields": [
                    {
                      "name": "risk",
                      "label": "Risk addressed",
                      "value": "Longer rides for students in the east zone",
                      "answered": true
                    }
                  ]
                }
              ]
            }
          ]
        }
      ]
    }
  ],
  "has_metrics": true,
  "metrics": [
    {
      "outcome": "oss",
      "year": 2025,
      "school": "",
      "group": "black",
      "n": 400,
      "with_outcome": 80,
      "risk": "0.200",
      "comparison_risk": "0.100",
      "ratio": "2.00",
      "ratio_kind": "risk_ratio",
      "gap_points": "10.0",
      "has_risk": true,
      "risk_bar": 200,
      "comparison_mark": 100,
      "status": "ok",
      "flagged": false,
      "persistent": false,
      "reason": "below the district's threshold of 1.5"
    }
  ],
  "has_feedback": true,
  "feedback": [
    {
      "number": 1,
      "kind": "concern",
      "section": "data",
      "author": "maria",
      "at": "2026-09-20T16:12:00.000Z",
      "text": "Ride times are not broken down by school.",
      "answered": true,
      "disposition": "partly_incorporated",
      "disposition_label": "Partly incorporated",
      "reason": "Added ride times for the five schools with the longest routes.",
      "answered_at": "2026-09-24T11:00:00.000Z"
    }
  ],
  "has_mitigation": true,
  "mitigation_actions": [
    {
      "number": 1,
      "risk": "Longer rides for students in the east zone",
      "groups": "black, english_learners",
      "action": "Keep an early route for the east zone.",
      "owner": "dana",
      "due": "2027-01-15",
      "resources": "One driver, paid from the transportation budget",
      "success_measure": "No east-zone ride over 45 minutes",
      "status": "planned",
      "status_reason": "",
      "overdue": false
    }
  ],
  "decided": true,
  "decision": {
    "outcome": "adjust",
    "outcome_label": "Adjust the proposal",
    "rationale": "The consolidation goes ahead with the east-zone route kept.",
    "conditions": "Report ride times by school each term.",
    "decided_by": "lee",
    "decided_at": "2026-10-30T15:00:00.000Z",
    "content_sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
  },
  "approvals": [
    {
      "stage": "feedback",
      "event": "accept",
      "actor": "maria",
      "at": "2026-09-25T10:00:00.000Z",
      "content_sha256": "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
      "void": false,
      "voided_because": ""
    }
  ],
  "has_report_back": true,
  "report_back": {
    "due": "2027-05-01",
    "status": "accepted",
    "submitted_at": "2027-04-28T09:00:00.000Z",
    "accepted_by": "maria",
    "accepted_at": "2027-04-30T14:00:00.000Z"
  },
  "audit_head": {
    "seq": 123,
    "hash": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"
  }
})json";

constexpr const char kAuditReport[] = R"json({
  "document": {
    "title": "Ombuds audit report",
    "printed_at": "2026-12-01T08:00:00.000Z",
    "printed_by": "omar",
    "from": "2026-09-01",
    "to": "2026-11-30"
  },
  "chain": {
    "intact": true,
    "events_checked": 1234,
    "head_seq": 1234,
    "head_hash": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
    "problem": "",
    "first_bad_seq": ""
  },
  "has_initiatives": true,
  "initiatives": [
    {
      "id": "EQ-2026-0001",
      "title": "Consolidated bus routes for the 2027 school year",
      "department": "transportation",
      "submitter": "dana",
      "workflow_id": "equity-impact-review",
      "workflow_version": 1,
      "outcome": "approved",
      "decided_at": "2026-10-30T15:00:00.000Z",
      "decided_by": "lee",
      "decision_outcome": "adjust",
      "stages": [
        {
          "stage": "feedback",
          "title": "Thought-partner feedback",
          "entered_at": "2026-09-18T09:00:00.000Z",
          "left_at": "2026-09-20T21:00:00.000Z",
          "days": "2.5",
          "school_days": 2
        }
      ],
      "returns": [
        {
          "at": "2026-09-20T21:00:00.000Z",
          "actor": "maria",
          "event": "request_changes",
          "from": "feedback",
          "to": "assessment",
          "note": "Break ride times down by school."
        }
      ],
      "overrides": [
        {
          "at": "2026-09-24T11:00:00.000Z",
          "actor": "dana",
          "what": "declined feedback item 2: out of scope for this proposal",
          "note": "Raised with the budget office instead."
        }
      ],
      "voided_approvals": [
        {
          "at": "2026-09-25T10:00:00.000Z",
          "actor": "maria",
          "event": "accept",
          "stage": "feedback",
          "voided_at": "2026-09-26T08:30:00.000Z",
          "cause": "the assessment changed after it was accepted"
        }
      ]
    }
  ],
  "totals": {
    "decided": 3,
    "approved": 2,
    "declined": 1,
    "withdrawn": 0,
    "returns": 4,
    "overrides": 1,
    "voided_approvals": 1
  }
})json";

nlohmann::json Parse(const char* text) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  assert(!value.is_discarded() && "a document schema above is not valid JSON");
  return value;
}

}  // namespace

const nlohmann::json& StatementSchema() {
  static const nlohmann::json schema = Parse(kStatement);
  return schema;
}

const nlohmann::json& AuditReportSchema() {
  static const nlohmann::json schema = Parse(kAuditReport);
  return schema;
}

}  // namespace equilens
