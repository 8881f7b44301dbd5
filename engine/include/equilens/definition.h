// Workflow and form definitions: a district's review process as data.
//
// A definition is YAML (docs/workflow-format.md). The loader refuses what it cannot walk
// safely (anchors, aliases, tags, several documents, over-size, over-deep), then checks the
// schema (unknown keys are errors, with a did-you-mean), then the meaning (unknown stages,
// roles, forms and fields; unreachable stages; dead ends; shadowed transitions; no approving
// end). It reports every problem in a file, each as FILE:LINE:COL. A definition is immutable
// once loaded and its SHA-256 (of the source text) is part of its identity.
//
// Thread-safety: loading functions are reentrant; loaded definitions are immutable values
// and may be shared across threads.
#ifndef EQUILENS_DEFINITION_H_
#define EQUILENS_DEFINITION_H_

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "equilens/status.h"

namespace equilens {

// ---------------------------------------------------------------- sources and diagnostics

struct SourcePos {
  int line = 0;    // 1-based; 0 = not known
  int column = 0;  // 1-based; 0 = not known
};

// One problem in a definition file.
struct Diagnostic {
  std::string file;
  SourcePos pos;
  std::string message;

  // "workflows/x.yaml:12:5: unknown key 'ownr' (did you mean 'owner'?)"
  std::string ToString() const;
};

// The text of one definition and the name its diagnostics carry (usually its path).
struct DefinitionSource {
  std::string name;
  std::string text;
};

inline constexpr std::size_t kMaxDefinitionBytes = 1 << 20;  // 1 MiB per file
inline constexpr int kMaxDefinitionDepth = 32;               // nested maps and sequences
inline constexpr std::size_t kMaxDefinitionNodes = 50000;    // scalars + collections

// Reads a definition file. Fails with not_found when it cannot be opened and invalid_input
// when it is larger than kMaxDefinitionBytes (checked before reading it whole).
Result<DefinitionSource> ReadDefinitionFile(const std::string& path);

enum class DefinitionKind { kWorkflow, kForm, kCalendar, kUnknown };

// The kind of definition by its first top-level key (`workflow:`, `form:` or `calendar:`),
// without validating anything. kUnknown when it is neither or does not parse.
DefinitionKind SniffDefinitionKind(const DefinitionSource& source);

// ---------------------------------------------------------------------------------- forms

enum class FieldType {
  kText,
  kLongText,
  kChoice,
  kMultiChoice,
  kNumber,
  kDate,  // ISO 8601 calendar date, YYYY-MM-DD
  kBoolean,
  kRecords,  // a repeated record of sub-fields (e.g. mitigation actions)
};

// The YAML spelling: "text", "long_text", "choice", "multi_choice", "number", "date",
// "boolean", "records".
const char* FieldTypeName(FieldType type);

struct FormField {
  std::string name;  // unique within its form; within a record, unique within the record
  FieldType type = FieldType::kText;
  std::string label;
  std::string help;
  bool required = false;
  std::vector<std::string> choices;      // choice and multi_choice only
  std::optional<double> min;             // number only, inclusive
  std::optional<double> max;             // number only, inclusive
  std::vector<FormField> record_fields;  // records only: the fields of each record
  int min_records = 0;                   // records only: how many a complete form needs
  SourcePos pos;
};

struct FormSection {
  std::string id;
  std::string title;
  std::string help;
  std::vector<FormField> fields;
  SourcePos pos;
};

struct FormDefinition {
  std::string id;  // "equity-impact-assessment"
  int version = 0;
  std::string title;
  std::string description;
  std::vector<FormSection> sections;
  std::string source_name;
  std::string sha256;  // hex digest of the source text

  // The top-level field named `name` in any section; nullptr when there is none.
  const FormField* FindField(std::string_view name) const;
};

// ----------------------------------------------------------------- guards (`when:` rules)

// A literal in a comparison.
struct GuardValue {
  enum class Kind { kString, kNumber, kBool };
  Kind kind = Kind::kString;
  std::string text;      // kString
  double number = 0;     // kNumber
  bool boolean = false;  // kBool
};

enum class GuardOp { kAll, kAny, kNot, kEquals, kIn, kGt, kGte, kLt, kLte, kIsPresent };

// A Choice rule in the manner of AWS Step Functions: a boolean combinator (all / any / not)
// over children, or one typed comparison of a subject (a form field or a metric).
struct Guard {
  enum class Subject { kNone, kField, kMetric };

  GuardOp op = GuardOp::kAll;
  std::vector<Guard> children;  // all, any: one or more; not: exactly one; else none
  Subject subject = Subject::kNone;
  std::string stage;  // kField: the stage whose form holds the field
  std::string name;   // kField: the field's name; kMetric: the metric's name
  // equals, gt, gte, lt, lte: exactly one; in: one or more; is_present: one kBool.
  std::vector<GuardValue> values;
  SourcePos pos;
};

// A one-line reading of a guard for people and graph labels:
// "any(assessment.risk_level in [medium, high], max_risk_ratio >= 2)".
std::string DescribeGuard(const Guard& guard);

// The metrics a guard may read (computed from equity data): max_risk_ratio,
// min_impact_ratio, flagged_groups, persistent_groups.
const std::vector<std::string>& KnownMetrics();

// -------------------------------------------------------------------------- workflows

// The roles a user can hold.
const std::vector<std::string>& KnownRoles();  // department_head, cesj_reviewer, cesj_lead,
                                               // ombuds, admin
// The pseudo-role for "the person who filed this initiative".
inline constexpr const char* kSubmitter = "submitter";

// What must be true (besides the guard) for a transition to fire.
enum class Requirement {
  kFormComplete,      // the from-stage's form has every required answer
  kComment,           // the action carries a note (e.g. why changes are requested)
  kFeedbackAnswered,  // every feedback item has a disposition
};
// The YAML spelling: "form_complete", "comment", "feedback_answered".
const char* RequirementName(Requirement requirement);

struct Transition {
  std::string from;
  std::string event;  // what the actor does: "submit", "accept", "request_changes"
  std::string to;
  std::vector<std::string> by;  // roles allowed to fire it; may include kSubmitter
  std::vector<Requirement>
  requires;
  std::optional<Guard> when;  // none = always; transitions are tried in file order
  SourcePos pos;
};

enum class StageEnd { kNone, kApprove, kReject };

// Who an escalation step names: a role, kSubmitter (the filer), or one person written
// kPersonPrefix + user name ("user:ana").
inline constexpr const char* kPersonPrefix = "user:";

// What happens while a stage waits too long (docs/escalation.md), counted in school days on the
// district calendar from the stage's start, the clock stopped while on hold. Each step is
// recorded once per visit of the stage by `equilens escalate`.
struct Escalation {
  int remind_after_school_days = 0;  // remind the stage's owner; 0 = no reminder
  int notify_after_school_days = 0;  // tell `notify`; 0 = nobody else (then `notify` is empty)
  std::string notify;                // a role, kSubmitter or "user:NAME"
  std::string reassign_to;           // at the notify step; same forms; "" = stays with the owner
  SourcePos pos;
};

struct Stage {
  std::string id;
  std::string title;
  std::string description;
  std::string owner;        // a role or kSubmitter; empty on an end stage
  std::string form;         // form id; empty = the stage has no form
  int sla_school_days = 0;  // school days on the district calendar; 0 = none
  // Segregation of duties: whoever acted in these stages (or kSubmitter, the filer) may not
  // act in this one.
  std::vector<std::string> distinct_from;
  std::map<std::string, int> quorum;  // event -> distinct actors who must fire it (>= 2)
  // A records field of this stage's form whose records become tracked actions at sign-off
  // (each needs `action`, `owner` and a `due` date); empty = nothing is tracked.
  std::string tracks_actions;
  std::optional<Escalation> escalation;  // none = the stage is never escalated
  StageEnd end = StageEnd::kNone;
  SourcePos pos;
};

// The lifecycle events every workflow has, whatever its route; the workflow's `lifecycle:`
// map says which roles may fire each (absent = nobody: deny by default).
const std::vector<std::string>& LifecycleEventNames();  // submit, hold, resume, withdraw,
                                                        // reject, return, close

// An accountability task after sign-off (GARE step 6, "report back").
struct ReportBack {
  int after_school_days = 0;           // school days after approval when the report is due
  std::string form;                    // what the department fills in; empty = none
  std::string owner = kSubmitter;      // who reports
  std::vector<std::string> reviewers;  // roles that accept the report or send it back
  SourcePos pos;
};

// Approvals bound to content: each approval records a hash of each part of the department's
// content it saw (every submitter-owned stage's answers, each feedback answer). Changing a
// part an approval saw voids that approval; if that happens while the initiative waits on
// someone other than the filer, it goes back to `return_to`.
struct ApprovalBinding {
  std::vector<std::string> events;  // route events that approve ("accept", "approve")
  std::string return_to;            // a stage of the route, not an end
  SourcePos pos;
};

// The stage id the report-back after sign-off is filed under (answers, inbox): no workflow
// may name a stage so.
inline constexpr const char* kReportBackStage = "report_back";

struct WorkflowDefinition {
  std::string id;  // "equity-impact-review"
  int version = 0;
  std::string title;
  std::string description;
  std::vector<std::string> roles;       // the roles that act in it
  std::string start;                    // the first stage when the draft is submitted
  std::vector<Stage> stages;            // in file order
  std::vector<Transition> transitions;  // in file order: the first whose guard holds wins
  std::map<std::string, std::vector<std::string>> lifecycle;  // event -> roles allowed
  std::optional<ReportBack> report_back;
  std::optional<ApprovalBinding> approvals;  // none = approvals are not bound to content
  std::string source_name;
  std::string sha256;  // hex digest of the source text

  const Stage* FindStage(std::string_view stage_id) const;  // nullptr when absent
  // The transitions leaving `stage_id` on `event`, in file order.
  std::vector<const Transition*> TransitionsFrom(std::string_view stage_id,
                                                 std::string_view event) const;
};

// ------------------------------------------------------------------------------ calendars

// Days of a district calendar that the deadline clock does not count: one holiday (from ==
// to), a break, or a pause (school is in session but the clock stops: a testing window).
struct CalendarDays {
  std::string from;  // YYYY-MM-DD, inclusive
  std::string to;    // YYYY-MM-DD, inclusive; == from for one day
  std::string name;  // "Labor Day", "Winter break", "State testing window"
  SourcePos pos;
};

// One school year of a district calendar (docs/calendar.md). Inside [first_day, last_day]
// a day counts toward a deadline when its weekday is in `school_week` and no holiday, break
// or pause covers it; days outside every loaded school year count Monday to Friday.
struct CalendarDefinition {
  std::string id;  // "district-2026-27"
  int version = 0;
  std::string title;
  std::string description;
  std::string first_day;  // YYYY-MM-DD, the year's first school day
  std::string last_day;   // YYYY-MM-DD, its last
  // By weekday, 0 = Sunday .. 6 = Saturday: the days of the week school meets (default
  // Monday to Friday).
  bool school_week[7] = {false, true, true, true, true, true, false};
  std::vector<CalendarDays> holidays;
  std::vector<CalendarDays> breaks;
  std::vector<CalendarDays> pauses;
  std::string source_name;
  std::string sha256;  // hex digest of the source text
};

// Parses and validates one calendar (dates real and inside the school year, ranges in
// order, at least one school day a week). Returns it, or nullopt after appending every
// problem found to `errors`.
std::optional<CalendarDefinition> ParseCalendar(const DefinitionSource& source,
                                                std::vector<Diagnostic>& errors);

// Finds a form by id while a workflow is validated; nullptr when there is no such form.
using FormLookup = std::function<const FormDefinition*(std::string_view form_id)>;

// Parses and validates one form. Returns the form, or nullopt after appending every problem
// found (not just the first) to `errors`.
std::optional<FormDefinition> ParseForm(const DefinitionSource& source,
                                        std::vector<Diagnostic>& errors);

// Parses and validates one workflow, resolving its forms and fields through `forms`.
// Returns the workflow, or nullopt after appending every problem found to `errors`.
std::optional<WorkflowDefinition> ParseWorkflow(const DefinitionSource& source,
                                                const FormLookup& forms,
                                                std::vector<Diagnostic>& errors);

// Forms and workflows loaded together, immutable once built.
struct DefinitionSet {
  std::vector<std::shared_ptr<const FormDefinition>> forms;
  std::vector<std::shared_ptr<const WorkflowDefinition>> workflows;
  std::vector<std::shared_ptr<const CalendarDefinition>> calendars;

  const FormDefinition* FindForm(std::string_view form_id) const;
  const WorkflowDefinition* FindWorkflow(std::string_view workflow_id) const;
  FormLookup Lookup() const;  // valid while this set lives
};

// The *.yaml files directly in `dir`, in name order. A missing or unreadable folder is
// appended to `errors`.
std::vector<std::string> YamlFilesIn(const std::string& dir, std::vector<Diagnostic>& errors);

// Loads every *.yaml in `forms_dir`, then every *.yaml in `workflows_dir` against those
// forms, in name order. Returns what is valid; every problem is appended to `errors`.
DefinitionSet LoadDefinitionDirs(const std::string& forms_dir, const std::string& workflows_dir,
                                 std::vector<Diagnostic>& errors);

}  // namespace equilens

#endif  // EQUILENS_DEFINITION_H_
