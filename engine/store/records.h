// The rows a command decides on, as the store reads them (engine-internal).
#ifndef EQUILENS_STORE_RECORDS_H_
#define EQUILENS_STORE_RECORDS_H_

#include <cstdint>
#include <string>

#include "equilens/engine.h"
#include "equilens/lifecycle.h"

namespace equilens {

// A user as commands see them: the public view is the whole record.
using UserRecord = UserInfo;

struct InitiativeRecord {
  std::string id;
  std::string title;
  std::string summary;
  std::string department;
  std::string submitter;
  std::string workflow_id;
  int workflow_version = 0;
  std::string workflow_sha256;
  LifecycleState lifecycle = LifecycleState::kDraft;
  std::string stage;             // current route stage; empty in Draft and after the route
  std::int64_t version = 0;      // events recorded on this initiative
  std::int64_t stage_visit = 0;  // bumps each time a stage is entered (quorum votes reset)
  std::string filed_at;
  std::string updated_at;
  std::string stage_entered_at;
  std::string stage_due;      // YYYY-MM-DD or empty
  std::string waiting_role;   // whose inbox: a role (scoped by department for heads) ...
  std::string waiting_user;   // ... or one person (the submitter)
  std::string report_status;  // report-back: '' (none), due, submitted, returned, accepted
};

// A loaded definition as stored: its text is the source of truth, parsed on demand.
struct DefinitionRow {
  std::string sha256;
  std::string kind;  // "workflow" or "form"
  std::string id;
  int version = 0;
  std::string title;
  std::string source_name;
  std::string text;
  std::string loaded_at;
  std::string loaded_by;
};

struct AnswersRow {
  std::string stage;
  std::string form_id;
  std::string answers_json;
};

struct StageActionRow {
  std::string stage;
  std::int64_t visit = 0;  // which entry into the stage (InitiativeRecord::stage_visit)
  std::string actor;
  std::string event;     // the event fired or voted; "fill" for saved answers
  bool is_vote = false;  // a quorum vote that did not (yet) move the initiative
};

struct CommentRow {
  std::int64_t seq = 0;
  std::string at;
  std::string actor;
  std::string role;
  std::string text;
};

struct FeedbackRow {
  std::int64_t number = 0;  // 1, 2, 3 ... within the initiative
  std::int64_t seq = 0;     // the event that added it
  std::string kind;         // concern, suggestion, question, resource
  std::string section;      // a form section id, or "general"
  std::string author;
  std::string at;
  std::string text;
  std::string disposition;  // empty = unanswered
  std::string reason;
  std::string answered_by;
  std::string answered_at;
};

struct ApprovalRow {
  std::int64_t seq = 0;
  std::string stage;
  std::string event;
  std::string actor;
  std::string at;
  std::string content_sha256;
  std::string parts_json;       // content part -> sha256, as the approval saw it
  std::int64_t voided_seq = 0;  // 0 = in force
  std::string voided_at;
  std::string voided_because;
};

struct TrackedActionRow {
  std::string initiative;
  std::int64_t number = 0;
  std::string risk;
  std::string groups;
  std::string action;
  std::string owner;
  std::string due;  // YYYY-MM-DD
  std::string resources;
  std::string success_measure;
  std::string status;  // planned, in_progress, done, dropped
  std::string status_reason;
  std::string updated_at;
  std::string updated_by;
};

struct EquityDataRow {
  std::int64_t seq = 0;
  std::string at;
  std::string actor;
  std::string sources;
  std::string record_json;   // {"inputs", "parameters", "results"}
  std::string summary_json;  // metric name -> value
};

}  // namespace equilens

#endif  // EQUILENS_STORE_RECORDS_H_
