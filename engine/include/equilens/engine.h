// The engine's command interface: what the CLI and the server call, and all they call.
//
// Every command names its actor (a user in the database). The engine checks the actor's
// role and scope, the lifecycle, the workflow's route, guards, requirements and
// segregation-of-duties rules, then either refuses with a typed Status that says which rule
// refused it, or records events and their projection rows in ONE SQLite transaction
// (BEGIN IMMEDIATE, WAL, synchronous=FULL). The hash-chained event log is the truth.
//
// Thread-safety: an Engine owns one database connection; use one Engine per thread (the
// server keeps a pool). Several processes may open the same database file: writes are
// serialized by SQLite and every command re-reads what it decides on inside its transaction.
#ifndef EQUILENS_ENGINE_H_
#define EQUILENS_ENGINE_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "equilens/answers.h"
#include "equilens/definition.h"
#include "equilens/lifecycle.h"
#include "equilens/mail_settings.h"
#include "equilens/status.h"

namespace equilens {

// Who acts, and the guards a careful client adds.
struct CommandOptions {
  std::string user;  // the acting user's name; required for every command but init
  // Refuse with a conflict unless the initiative is still at this version (what the actor saw).
  std::optional<std::int64_t> expect_version;
  // Repeat-safe: a request id already recorded for this user returns the first outcome
  // without acting again.
  std::string request_id;
};

// ------------------------------------------------------------------------ administration

struct InitOptions {
  std::string db_path;
  std::string workflows_dir;  // empty = the shipped workflows/
  std::string forms_dir;      // empty = the shipped templates/forms/
  std::string admin;          // the first admin's user name; empty = add none
  // District calendars (docs/calendar.md); empty = calendars/ beside the workflows folder,
  // loaded when that folder exists (none: deadlines count Monday to Friday).
  std::string calendars_dir;
};

struct InitReport {
  bool created = false;    // the database file was new
  int schema_version = 0;  // after migration
  int previous_schema_version = 0;
  std::vector<std::string> loaded;  // "workflow equity-impact-review v1 (sha256 ab12...)"
  bool admin_added = false;
};

struct UserInfo {
  std::string name;
  std::string role;
  std::string department;  // required for department_head; empty otherwise
  std::string display;
  bool active = true;
  std::string email;                 // where notifications go; '' = none on file
  std::string notify = "immediate";  // immediate | digest (one message a day) | off
};

struct DefinitionInfo {
  std::string kind;  // "workflow", "form" or "calendar"
  std::string id;
  int version = 0;
  std::string title;
  std::string sha256;
  std::string loaded_at;
  std::string loaded_by;
};

// ---------------------------------------------------------------------------- initiatives

struct FileRequest {
  std::string workflow_id;  // filed under its newest loaded version
  std::string title;
  std::string department;
  std::string summary;
};

struct CommentView {
  std::int64_t seq = 0;
  std::string at;
  std::string actor;
  std::string role;
  std::string text;
};

// One action the acting user could take now, and what (if anything) stands in the way.
struct ActionView {
  std::string event;                    // what to pass to Act
  std::string kind;                     // "route", "lifecycle" or "report_back"
  std::string to;                       // the stage (route) or lifecycle state it leads to
  std::vector<std::string> blocked_by;  // unmet requirements, in words; empty = ready
  bool needs_note = false;              // ready, but Act must be given a note saying why
};

struct StageAnswers {
  std::string stage;
  std::string form_id;
  std::string answers_json;  // a JSON object, field -> value
  bool complete = false;
};

// ------------------------------------------------- feedback, approvals, tracked actions

// A thought partner's feedback item and the filer's answer to it.
struct FeedbackView {
  std::int64_t number = 0;  // 1, 2, 3 ... within the initiative ("item 2")
  std::string kind;         // concern, suggestion, question, resource
  std::string section;      // the form section it refers to ("data"), or "general"
  std::string author;
  std::string at;
  std::string text;
  std::string disposition;  // empty = unanswered; incorporated, partly_incorporated, declined
  std::string reason;       // required when declined
  std::string answered_by;
  std::string answered_at;
};

struct FeedbackRequest {
  std::string kind;
  std::string section;
  std::string text;
};

struct FeedbackAnswer {
  std::int64_t number = 0;
  std::string disposition;
  std::string reason;
};

// An approval (a route event the workflow's `approvals.events` names) and the content it was
// bound to. Void once a part of that content changed.
struct ApprovalView {
  std::int64_t seq = 0;  // the event that approved
  std::string stage;
  std::string event;
  std::string actor;
  std::string at;
  std::string content_sha256;  // over every part it saw
  bool in_force = true;
  std::string voided_at;
  std::string voided_because;
};

// What a change to the department's content did to approvals bound to it.
struct ContentChange {
  std::vector<std::string> voided;  // "accept by maria at feedback (event 12)"
  std::string returned_to;          // the stage it went back to; empty = it stayed
};

// A mitigation action adopted at sign-off, and where it stands.
struct TrackedActionView {
  std::string initiative;
  std::int64_t number = 0;  // its place in the plan
  std::string risk;
  std::string groups;  // "black, english_learners"
  std::string action;
  std::string owner;
  std::string due;  // YYYY-MM-DD
  std::string resources;
  std::string success_measure;
  std::string status;         // planned, in_progress, done, dropped
  std::string status_reason;  // required when dropped
  std::string updated_at;
  std::string updated_by;
  bool overdue = false;  // planned or in progress, due before today, initiative in monitoring
};

// ------------------------------------------------------------------------- equity data

// Subgroup outcome data to attach (docs/equity-metrics.md has the CSV format).
struct DataRequest {
  DefinitionSource csv;                   // the district's figures: name (for messages) + text
  std::optional<DefinitionSource> state;  // the state's comparison figures, when given
  std::string outcome;                    // for rows without an outcome column
  int year = 0;                           // for rows without a year column; 0 = not given
  std::optional<bool> favourable;         // for rows without a favourable column
  // Parameters; absent = the defaults (cell 10, n 30, threshold 3.0, floor 0.80, 3 years).
  std::optional<int> min_cell;
  std::optional<int> min_n;
  std::optional<double> risk_ratio_threshold;
  std::optional<double> impact_ratio_floor;
  std::optional<int> persistent_years;
};

// One group in one cell (outcome, year, school) of the computed table.
struct MetricRowView {
  std::string outcome;
  int year = 0;
  std::string school;  // "" = the district as a whole
  std::string group;
  std::int64_t n = 0;
  std::int64_t with_outcome = 0;
  std::optional<double> risk;  // absent = insufficient data (never 0)
  std::optional<double> comparison_risk;
  std::optional<double> ratio;       // the measure ratio_kind names
  std::string ratio_kind;            // risk_ratio, alternate_risk_ratio, impact_ratio, none
  std::optional<double> gap_points;  // percentage points to the comparison
  std::string status;                // ok, insufficient_data, undefined_comparison
  bool flagged = false;
  bool persistent = false;
  std::string reason;
};

struct MetricsView {
  std::string id;
  bool attached = false;  // false: no equity data yet (every other field empty)
  std::int64_t seq = 0;   // the event that recorded the computation
  std::string at;
  std::string by;
  std::string sources;  // the files it was computed from
  std::string parameters_json;
  std::vector<MetricRowView> rows;
  std::map<std::string, double> summary;  // what guards read: max_risk_ratio, ...
  ContentChange change;     // AttachData: approvals the new data voided, and where it went
  bool recomputed = false;  // --recompute ran
  std::string recompute;    // "identical" when it reproduced the stored results exactly
};

// One stage of an initiative's workflow, for drawing its whole path.
struct WorkflowStep {
  std::string id;
  std::string title;  // as the workflow gives it; empty when it gives none
  std::string end;    // "approve" or "reject" on an end stage; "" otherwise
};

struct InitiativeView {
  std::string id;  // "EQ-2026-0001"
  std::string title;
  std::string summary;
  std::string department;
  std::string submitter;
  std::string workflow_id;
  int workflow_version = 0;
  std::string workflow_sha256;
  std::string workflow_title;
  LifecycleState lifecycle = LifecycleState::kDraft;
  std::string stage;  // empty while a draft or after the route ended
  std::string stage_title;
  std::string stage_owner;  // role or "submitter"
  // Whose turn it is when an escalation reassigned the stage: a user name or "any ROLE";
  // "" when it waits on its owner.
  std::string reassigned_to;
  std::string stage_due;     // YYYY-MM-DD; empty when the stage has no SLA
  std::int64_t version = 0;  // bumps with every event on this initiative
  std::string filed_at;
  std::string updated_at;
  std::string stage_entered_at;
  std::vector<ActionView> actions;             // what the acting user may fire now
  std::shared_ptr<const FormDefinition> form;  // the current stage's form; null when none
  std::vector<std::string> missing_required;   // of that form, "section.field"
  std::vector<StageAnswers> answers;           // every stage's answers so far
  std::vector<CommentView> comments;
  std::vector<std::string> stage_path;  // stage ids visited, in order
  // Every stage of its workflow in file order, then the report-back ("report_back") when the
  // workflow asks for one: the whole path, of which stage_path says where it has been.
  std::vector<WorkflowStep> workflow_path;
  std::vector<std::string> quorum_votes;  // "accept: maria (1 of 2)"
  std::vector<FeedbackView> feedback;
  std::vector<ApprovalView> approvals;
  std::string content_sha256;  // of the department's content now (what an approval binds)
  std::vector<TrackedActionView> tracked_actions;
  std::string report_status;  // report-back: "" (none), due, submitted, returned, accepted
  // The commands (as the CLI names them: "fill", "comment", "feedback add", "feedback
  // answer", "data", "mitigation status") the acting user may run on it now, so a page shows
  // only the controls that would work. `actions` lists the events for "act".
  std::vector<std::string> permitted;
};

struct ActOutcome {
  std::string id;
  std::string event;
  LifecycleState lifecycle = LifecycleState::kDraft;
  std::string stage;
  std::int64_t version = 0;
  std::string message;    // "moved from feedback to signoff", "vote recorded: 1 of 2"
  bool repeated = false;  // the request id had been seen: nothing new was recorded
};

struct FillOutcome {
  std::string id;
  std::string stage;
  std::int64_t version = 0;
  std::vector<std::string> missing_required;  // empty = the form is complete
  ContentChange change;                       // approvals the new answers voided
  bool repeated = false;
};

struct FeedbackOutcome {
  std::string id;
  std::int64_t number = 0;  // the item added or answered
  std::int64_t version = 0;
  ContentChange change;  // approvals a changed answer voided
  bool repeated = false;
};

struct InboxItem {
  std::string id;
  std::string title;
  std::string department;
  std::string stage;
  std::string stage_title;
  std::string why;  // "you own this stage", "you filed it", "awaiting your vote"
  std::string waiting_since;
  std::string due;  // YYYY-MM-DD or empty
  bool overdue = false;
};

// Which part of a long inbox to show (the initiatives waiting, oldest first).
struct InboxRange {
  std::int64_t offset = 0;  // initiatives to skip
  int limit = 500;          // 1..500 initiatives
};

// One page of the inbox: `items` holds the initiatives in `range` and, on the first page
// (offset 0), the actor's overdue mitigation actions after them. `waiting` counts every
// initiative waiting for the actor, on every page.
struct InboxView {
  std::vector<InboxItem> items;
  std::int64_t waiting = 0;
  InboxRange range;
  bool more = false;  // initiatives after this page
};

// ------------------------------------------------------------------------------ deadlines

// What `sla report` asks (docs/calendar.md).
struct SlaReportRequest {
  std::string as_of;  // YYYY-MM-DD; empty = today (UTC)
  int within = 5;     // "due soon": due in at most this many school days, 0..200
};

// One open deadline: a stage's SLA, or a report-back due after sign-off.
struct SlaItem {
  std::string id;
  std::string title;
  std::string department;
  std::string stage;  // a route stage, or "report_back"
  std::string stage_title;
  std::string owner;  // whose it is: a user name, or a role when no one person owns it
  bool owner_is_role = false;
  std::string due;  // YYYY-MM-DD
  // overdue: school days after `due` up to and including as_of (0 on a non-school day right
  // after a due date: no school day lost yet); due soon: school days after as_of up to and
  // including `due` (0 = due on as_of); on hold: 0 (the clock is stopped).
  int school_days = 0;
};

// Counts per person (or role) and per department.
struct SlaGroup {
  std::string name;  // a user name, a role, or a department
  bool is_role = false;
  int overdue = 0;
  int due_soon = 0;
  int on_hold = 0;
  int most_late = 0;  // the most school days any of its overdue items is late
};

// What `escalate` asks (docs/escalation.md).
struct EscalateRequest {
  std::string as_of;  // YYYY-MM-DD: decide as of this day; empty = today (UTC)
};

// One escalation step the pass recorded (one event).
struct EscalationDone {
  std::int64_t seq = 0;  // the event that records it
  // "escalation_reminded", "escalation_notified", "deadline_near" or "deadline_passed"
  std::string kind;
  std::string id;
  std::string title;
  std::string stage;
  int school_days = 0;        // school days the stage had waited as of the date (holds excluded)
  std::string owner;          // whom it waited on: a user name, or "any ROLE"
  std::string notified;       // notify step: the role, submitter or "user:NAME" told
  std::string reassigned_to;  // notify step: the new owner ("user:NAME", a role); "" = none
  std::string due;            // deadline steps: the stage's due date, YYYY-MM-DD
  int days_past_or_left = 0;  // deadline steps: school days late (passed) or left (near)
};

// What the delivery worker is asked (docs/notifications.md).
struct DeliveryRequest {
  int limit = 200;           // at most this many notifications in one run
  bool digests_now = false;  // send waiting digests now instead of at the digest time
  // When set and true, the run sends nothing more and gives back what it took (a server
  // shutting down); checked between messages. Not owned.
  const std::atomic<bool>* stop = nullptr;
};

// What one run of the delivery worker did (docs/notifications.md).
struct DeliveryReport {
  int messages_sent = 0;       // messages the mail server accepted (a digest is one)
  int notifications_sent = 0;  // outbox rows those messages carried
  int retrying = 0;            // rows that will be tried again after their backoff
  int failed = 0;              // rows that failed for good in this run
  // One line per row that failed and per message that will be tried again, with why.
  std::vector<std::string> problems;
};

// One row of the notification outbox, as admins see it.
struct OutboxEntry {
  std::int64_t id = 0;
  std::int64_t event_seq = 0;  // the event that caused it
  std::string initiative;
  std::string recipient;
  std::string kind;  // task_assigned, feedback_received, ... (docs/notifications.md)
  std::string created_at;
  bool digest = false;  // waits for the recipient's daily digest
  std::string status;   // pending, sent, failed
  std::int64_t attempts = 0;
  std::string next_attempt_at;  // pending: not before this instant ("" = at once)
  std::string last_error;       // the mail server's answer, or why it was not sent
  std::string sent_at;
};

struct OutboxView {
  std::int64_t pending = 0;
  std::int64_t sent = 0;
  std::int64_t failed = 0;
  std::vector<OutboxEntry> entries;  // newest first
};

struct EscalateView {
  std::string as_of;
  std::vector<EscalationDone> done;  // by initiative id, reminders before notifications
  // Steps that were due but could not be done, each with why ("EQ-2026-0003 feedback: user
  // ana named by `notify` does not exist or is disabled"); they are tried again next pass.
  std::vector<std::string> problems;
};

struct SlaReportView {
  std::string as_of;
  int within = 0;
  // The school years counted on, "id vN (first to last)"; empty = Monday to Friday.
  std::vector<std::string> calendars;
  std::string as_of_not_counted;        // why as_of does not count ("Saturday"); "" when it does
  std::vector<SlaItem> overdue;         // most late first, then by due date and id
  std::vector<SlaItem> due_soon;        // soonest first, then by id
  std::vector<SlaItem> on_hold;         // the clock is stopped: due dates move on resume
  std::vector<SlaGroup> by_owner;       // by name; roles and people alike
  std::vector<SlaGroup> by_department;  // by name
};

struct HistoryEntry {
  std::int64_t seq = 0;
  std::string at;
  std::string actor;
  std::string role;
  std::string kind;
  std::string what;  // a readable line: "accept: feedback -> signoff"
  std::string note;
};

// ------------------------------------------------------------------------------ the audit

struct VerifyOutcome {
  bool intact = false;  // the chain verifies and the projections equal a replay
  std::int64_t events_checked = 0;
  std::optional<std::int64_t> first_bad_seq;
  std::string problem;  // empty when intact
  std::int64_t head_seq = 0;
  std::string head_hash;
  std::vector<std::string> projection_differences;  // rows that differ from a replay
};

struct ChainHeadView {
  std::int64_t seq = 0;
  std::string hash;  // 64 hex characters
};

// --------------------------------------------------------------- sign-in and sessions
// The server's doorway. Passwords are hashed with argon2id (libsodium: 2 passes, 19 MiB);
// a session token is 32 random bytes, given to the browser once and stored only as its
// SHA-256. Secrets never enter the event log; who set a password and when does.

struct SessionPolicy {
  int idle_minutes = 30;     // a session unused this long ends
  int absolute_hours = 10;   // a session ends this long after sign-in, used or not
  int max_failures = 5;      // failed sign-ins in a row before the account is paused
  int lockout_minutes = 15;  // how long it is paused
  int invitation_days = 7;   // an invitation link works this long, once
};

struct SignedIn {
  std::string token;       // 64 hex characters (32 random bytes): the session cookie's value
  std::string csrf_token;  // 64 hex characters: every state-changing request must carry it
  UserInfo user;
  std::string expires_at;  // the absolute limit (ISO 8601 UTC)
};

struct SessionInfo {
  UserInfo user;
  std::string csrf_token;  // the same value SignIn returned
  std::string signed_in_at;
  std::string expires_at;
  // The commands (as the CLI names them: "file", "list", "dashboard", "audit search", ...) the
  // user's role may attempt at all, from the engine's authorization table, so a page offers
  // only what would not be refused outright. Scope and the workflow's rules still decide each
  // initiative; this grants nothing.
  std::vector<std::string> may;
};

// Whether two secrets (a posted CSRF token and the session's) are equal, in time that depends
// only on their lengths, never on where they differ. Thread-safe.
bool SecretsEqual(const std::string& a, const std::string& b);

// ------------------------------------------------------------ listings for the web pages

struct InitiativeFilter {
  std::string department;  // empty = every department the actor may see
  std::string stage;       // a stage id; empty = any
  std::string lifecycle;   // "in_review", "draft", ...; empty = any
  std::string text;        // case-insensitive match on id or title; empty = any
  int limit = 200;         // at most this many, most recently updated first
};

struct InitiativeSummary {
  std::string id;
  std::string title;
  std::string department;
  std::string submitter;
  std::string workflow_id;
  LifecycleState lifecycle = LifecycleState::kDraft;
  std::string stage;
  std::string stage_title;
  std::string stage_entered_at;
  std::string stage_due;  // YYYY-MM-DD or empty
  bool overdue = false;   // the stage's due date has passed
  int days_in_stage = 0;  // calendar days since the stage began
  std::string updated_at;
};

// What the dashboard charts, over the initiatives the actor may see.
struct DashboardView {
  struct Count {
    std::string key;    // a stage id, department, lifecycle state, ...
    std::string label;  // a stage's title, the department, "in review"
    std::int64_t count = 0;
  };
  struct StageTime {
    std::string stage;
    std::string title;
    double median_days = 0;  // calendar days, over every completed stay in that stage
    std::int64_t stays = 0;
  };
  struct Flagged {
    std::string id;
    std::string title;
    std::string department;
    double max_risk_ratio = 0;
    std::string groups;  // flagged groups, comma-separated
  };
  std::vector<Count> by_stage;       // open initiatives (in review or on hold) by stage
  std::vector<Count> by_department;  // every initiative by department
  std::vector<Count> by_lifecycle;
  std::vector<StageTime> stage_times;
  std::int64_t overdue_stages = 0;   // open stages past their due date
  std::int64_t overdue_actions = 0;  // tracked mitigation actions past due
  std::vector<Flagged> flagged;      // initiatives whose equity data flags a group
};

// The ombuds' search over the whole record.
struct EventFilter {
  std::string initiative;  // an id; empty = any (and system events too)
  std::string actor;       // a user name; empty = anyone
  std::string kind;        // an event kind ("stage_advanced"); empty = any
  std::string from;        // YYYY-MM-DD inclusive; empty = the beginning
  std::string to;          // YYYY-MM-DD inclusive; empty = today
  int limit = 500;         // at most this many, in sequence order from the first match
};

struct EventView {
  std::int64_t seq = 0;
  std::string initiative;  // empty for system events (users, definitions)
  std::string at;
  std::string actor;
  std::string role;
  std::string kind;
  std::string what;  // the same readable line as History
  std::string hash;  // this event's chain hash (64 hex)
};

// PostedField (a web form's name = value before typing) and FieldProblem (one problem with
// one posted field) are declared in equilens/answers.h, with the posting conventions.

class Engine {
 public:
  // Creates or upgrades the database at options.db_path, loads the workflows, forms and
  // calendars (only new or changed ones), and adds the first admin. Safe to run again. A
  // database newer than this binary is refused (refused_by_rule); invalid definitions are
  // refused (invalid_input, every diagnostic in the message) and nothing is loaded.
  static Result<InitReport> Init(const InitOptions& options);

  // Opens an existing, current database. not_found when there is none ("run equilens init").
  static Result<std::unique_ptr<Engine>> Open(const std::string& db_path);

  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Admin: loads workflow, form and calendar files (validated whole first). Re-loading
  // identical content is a no-op; the same id and version with other content is a conflict;
  // a calendar whose school year overlaps another calendar id's is invalid_input.
  Result<std::vector<DefinitionInfo>> LoadDefinitions(const CommandOptions& options,
                                                      const std::vector<std::string>& paths,
                                                      const std::string& forms_dir);
  Result<std::vector<DefinitionInfo>> ListDefinitions(const CommandOptions& options);

  // Admin: adds a user; role must be known, department required for department_head.
  Status AddUser(const CommandOptions& options, const UserInfo& user);
  // Admin: changes what `change` gives (takes effect on the user's next command).
  struct UserChange {
    std::string name;
    std::string role;                   // empty = unchanged
    std::string department;             // empty = unchanged
    std::string display;                // empty = unchanged
    std::optional<bool> active;         // nullopt = unchanged
    std::optional<std::string> email;   // nullopt = unchanged; "" = none
    std::optional<std::string> notify;  // nullopt = unchanged
  };
  Status UpdateUser(const CommandOptions& options, const UserChange& change);
  Result<std::vector<UserInfo>> ListUsers(const CommandOptions& options);
  // Anyone for themselves, an admin for anyone: where `name`'s notifications go and how
  // (docs/notifications.md). Records user_updated. forbidden for someone else's account;
  // not_found for an unknown name; invalid_input for a malformed address or choice; usage
  // when neither is given.
  struct MailChoice {
    std::string name;
    std::optional<std::string> email;   // nullopt = unchanged; "" = none
    std::optional<std::string> notify;  // immediate | digest | off; nullopt = unchanged
  };
  Status SetMailChoice(const CommandOptions& options, const MailChoice& choice);

  // Department head: files a draft in their own department. Returns its id.
  Result<std::string> File(const CommandOptions& options, const FileRequest& request);

  // Everything the actor may see about one initiative. A department head asking about
  // another department's initiative gets the same not_found as for one that does not exist.
  Result<InitiativeView> Show(const CommandOptions& options, const std::string& id);

  // Saves answers for the current stage's form from a YAML file (validated field by field,
  // each problem with file:line:col); partial answers are kept as a draft.
  Result<FillOutcome> Fill(const CommandOptions& options, const std::string& id,
                           const DefinitionSource& answers_yaml);
  // A YAML answers file for the current stage's form, every field with its type as comments.
  Result<std::string> AnswersSkeleton(const CommandOptions& options, const std::string& id);

  Status Comment(const CommandOptions& options, const std::string& id, const std::string& text);

  // Fires a route event ("accept") or a lifecycle event ("hold") with an optional note.
  Result<ActOutcome> Act(const CommandOptions& options, const std::string& id,
                         const std::string& event, const std::string& note);

  // Reviewer or lead: raises a feedback item (kind concern, suggestion, question or
  // resource; section a section id of one of the workflow's forms, or "general") while the
  // initiative is in review. The filer must answer it before a transition that requires
  // feedback_answered.
  Result<FeedbackOutcome> AddFeedback(const CommandOptions& options, const std::string& id,
                                      const FeedbackRequest& request);
  // The filer: answers (or re-answers) an item: incorporated, partly_incorporated, or
  // declined with a reason. A changed answer voids approvals that saw the old one.
  Result<FeedbackOutcome> AnswerFeedback(const CommandOptions& options, const std::string& id,
                                         const FeedbackAnswer& answer);
  Result<std::vector<FeedbackView>> ListFeedback(const CommandOptions& options,
                                                 const std::string& id);

  // The actions adopted at sign-off from the plan's `tracks_actions` field.
  Result<std::vector<TrackedActionView>> TrackedActions(const CommandOptions& options,
                                                        const std::string& id);
  // The filer: attaches subgroup outcome data while the initiative is a draft or at a stage
  // the filer owns, computes the disparity measures, and records inputs, parameters and
  // results in one event. Rows for an outcome and year already attached replace the old
  // ones. invalid_input (every problem as FILE:LINE: message; nothing attached) for bad CSV.
  Result<MetricsView> AttachData(const CommandOptions& options, const std::string& id,
                                 const DataRequest& request);
  // The computed table. With `recompute`, recomputes it from the recorded inputs and
  // parameters and says whether the results are identical (integrity error when not).
  Result<MetricsView> Metrics(const CommandOptions& options, const std::string& id, bool recompute);

  // The filer, a head of the department, or the user named as the action's owner: sets its
  // status (planned, in_progress, done, dropped with a reason) after sign-off.
  Result<TrackedActionView> SetActionStatus(const CommandOptions& options, const std::string& id,
                                            std::int64_t number, const std::string& status,
                                            const std::string& reason);
  // Actions past due across the district (department heads: their department), as of
  // `as_of` (YYYY-MM-DD; empty = today). Only reads.
  Result<std::vector<TrackedActionView>> OverdueActions(const CommandOptions& options,
                                                        const std::string& as_of);

  // The Equity Impact Statement for one initiative, rendered from
  // templates/documents/equity-impact-statement.<format>.mustache (format "md" or "html"):
  // every form's sections and answers, metrics, feedback and answers, the mitigation plan,
  // the decision, approvals and their content hashes, and the audit head when printed.
  // invalid_input naming the template and line when the template uses an unknown variable;
  // not_found when the template file is missing.
  Result<std::string> Statement(const CommandOptions& options, const std::string& id,
                                const std::string& format);

  // What waits for the actor, oldest first, a page at a time. invalid_input for an offset
  // below 0 or a limit outside 1..500.
  Result<InboxView> Inbox(const CommandOptions& options, const InboxRange& range = {});

  Result<std::vector<HistoryEntry>> History(const CommandOptions& options, const std::string& id);

  // Reviewers, lead, ombuds, admin (district-wide); department heads: their department's.
  // Open deadlines as of `request.as_of` on the loaded district calendar: overdue, due within
  // `request.within` school days, and on hold, grouped per owner and per department. Reads
  // only: records nothing, whatever the date. invalid_input for a date that is not a real
  // YYYY-MM-DD date or `within` outside 0..200.
  Result<SlaReportView> SlaReport(const CommandOptions& options, const SlaReportRequest& request);
  // Admin, cesj_lead: the escalation pass (docs/escalation.md). For every initiative in review
  // whose current stage has an `escalation:` block, records each step due as of
  // `request.as_of` (remind, notify with its reassignment) that this visit of the stage has not
  // recorded yet; events are dated now. Each initiative is its own transaction. Running it
  // again records nothing new. invalid_input for a date that is not a real YYYY-MM-DD date;
  // forbidden for other roles.
  Result<EscalateView> Escalate(const CommandOptions& options, const EscalateRequest& request);

  // Admin: one run of the delivery worker (docs/notifications.md). Checks every template in
  // templates/notifications/ first (invalid_input naming FILE:LINE:COL, and nothing is taken);
  // then takes up to `request.limit` due outbox rows under a lease, sends each (a digest
  // recipient's rows as one message) through `settings`' mail server, and records each outcome:
  // sent; tried again later (a 4xx answer, no connection, a timeout) after first_retry seconds,
  // doubling up to max_retry, until max_attempts; or failed for good (a 5xx answer, no address
  // on file, a disabled recipient). A mail server that is down loses nothing. Safe to run in
  // several processes at once: a row is taken by one. Blocks for the SMTP exchanges.
  Result<DeliveryReport> DeliverMail(const CommandOptions& options, const MailSettings& settings,
                                     const DeliveryRequest& request);
  // Whether every template in templates/notifications/ is sound: ok, or invalid_input naming
  // each FILE:LINE:COL (not_found for a missing one). Reads files only; no user needed.
  Status CheckNotificationTemplates() const;
  // Admin: the outbox's counts and its newest `limit` rows with `status` ("" = any; else
  // pending, sent or failed; invalid_input otherwise).
  Result<OutboxView> ListOutbox(const CommandOptions& options, const std::string& status,
                                int limit);
  // Admin: a failed row back to pending, to be tried at once. not_found unless `id` is a
  // failed row.
  Status RetryOutbox(const CommandOptions& options, std::int64_t id);

  // Ombuds, admin: walks the whole chain and replays the projections. With `expect_head`
  // (64 hex characters, as printed by Head), also proves nothing after it was removed.
  Result<VerifyOutcome> Verify(const CommandOptions& options,
                               const std::optional<std::string>& expect_head);
  Result<ChainHeadView> Head(const CommandOptions& options);
  // Ombuds, admin: every initiative decided (approved, declined, rejected, withdrawn) between
  // `from` and `to` (YYYY-MM-DD, inclusive), time in each stage, returns, overrides, voided
  // approvals, and the chain verification result, from
  // templates/documents/audit-report.<format>.mustache.
  Result<std::string> AuditReport(const CommandOptions& options, const std::string& from,
                                  const std::string& to, const std::string& format);
  // Every event, as JSON lines or CSV (RFC 4180), in sequence order.
  Status Export(const CommandOptions& options, const std::string& format, std::ostream& out);

  // ---------------------------------------------------------------- sign-in and sessions
  // These take no CommandOptions where there is no signed-in actor yet.

  // Sets `name`'s password: an admin for anyone, a user for themselves. invalid_input when
  // it is shorter than 12 characters, longer than 256 bytes, or not UTF-8. Records a
  // `password_set` event (never the password or its hash). Ends the user's other sessions.
  // `keep_session`: the token of the session the user changes their own password from, which
  // stays open; empty (or another user's) = every session of `name` ends.
  Status SetPassword(const CommandOptions& options, const std::string& name,
                     const std::string& password, const std::string& keep_session = "");
  // Admin: a one-time invitation for `name` to set their own password; returns its token
  // (64 hex), valid `policy.invitation_days`. A new invitation replaces an unused one.
  // not_found for no such user; refused_by_rule for a disabled one. When `expires_at` is given
  // it receives the link's expiry (ISO 8601 UTC).
  Result<std::string> Invite(const CommandOptions& options, const std::string& name,
                             const SessionPolicy& policy = {}, std::string* expires_at = nullptr);
  // Whoever holds the token: sets the password and uses the invitation up. not_found for a
  // token that is unknown, used or expired (one answer for all three).
  Status AcceptInvitation(const std::string& token, const std::string& password);
  // Checks a password. forbidden with one and the same message for an unknown user, a wrong
  // password, an inactive user, a user with no password, and an account paused after
  // `policy.max_failures` failures in a row (the pause lasts `policy.lockout_minutes`;
  // an unknown user costs the same argon2id work, so timing tells nothing either).
  Result<SignedIn> SignIn(const std::string& name, const std::string& password,
                          const SessionPolicy& policy = {});
  // The session a token names. forbidden when there is none, it ended (sign-out, idle,
  // absolute limit, password change), or its user is no longer active. Marks it used.
  Result<SessionInfo> Authenticate(const std::string& token, const SessionPolicy& policy = {});
  // Ends the session server-side; ending an unknown or ended one is ok.
  Status SignOut(const std::string& token);
  // Whether the acting user may attempt `command` (its CLI name: "file", "audit search") at
  // all: ok, or the very refusal the command itself would give (forbidden, naming the roles
  // that may). usage for a name that is no command. Records nothing; says nothing about a
  // particular initiative (scope, stage, workflow rules).
  Status MayAttempt(const CommandOptions& options, const std::string& command);

  // ---------------------------------------------------------- listings for the web pages

  // Initiatives the actor may see (department heads: their department), filtered. A head
  // asking for another department gets an empty list, never an error. days_in_stage counts
  // calendar days (UTC dates) from the stage's entry (a draft: its filing) to today, 0 after
  // an end state. invalid_input: an unknown lifecycle name (with did-you-mean), a limit
  // outside 1..5000, search text over 200 bytes.
  Result<std::vector<InitiativeSummary>> ListInitiatives(const CommandOptions& options,
                                                         const InitiativeFilter& filter);
  // The dashboard's figures over what the actor may see. by_stage and stage_times follow the
  // stages' order in their workflow; by_department is by name; by_lifecycle lists every state
  // in lifecycle order, zeros included. A stay in a stage is measured as the audit report
  // measures it (from the event log: it ends when another stage is entered, or on a return
  // to draft, withdrawal, rejection or closing; time on hold counts); median_days is to a
  // tenth of a day. overdue_actions counts what OverdueActions lists for the actor today.
  Result<DashboardView> Dashboard(const CommandOptions& options);
  // Ombuds, admin: events matching `filter`. invalid_input naming a date that is not a real
  // YYYY-MM-DD date, `to` before `from`, or a limit outside 1..10000.
  Result<std::vector<EventView>> SearchEvents(const CommandOptions& options,
                                              const EventFilter& filter);
  // Saves a web form's posted fields as the current stage's answers, typed by its form, the
  // same way Fill does (a partial form is kept as a draft). invalid_input when a field is
  // unknown or its value does not fit the field; then every problem is in `problems`, one
  // per field, and nothing is saved. `problems` (may be null) is cleared first; a refusal
  // for any other reason (role, stage, lifecycle) leaves it empty.
  // The posting rules are ParsePostedAnswers' (answers.h). In short: a field not posted is
  // unchanged, one posted empty is cleared; a checkbox posts a hidden FIELD=false before its
  // FIELD=true and the last value wins; a records field is replaced whole by rows
  // FIELD.1.SUB .. FIELD.K.SUB (blank rows dropped) when any row or FIELD.count is posted,
  // "FIELD.count"="0" alone clears it, and posting neither leaves it unchanged.
  Result<FillOutcome> FillFields(const CommandOptions& options, const std::string& id,
                                 const std::vector<PostedField>& fields,
                                 std::vector<FieldProblem>* problems);

 private:
  friend class GroupCommitter;  // opens its write batches on impl_'s connection
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// JSON encodings shared by the CLI's --json and the server's API.
std::string ToJson(const InitiativeView& view);
std::string ToJson(const ActOutcome& outcome);
std::string ToJson(const FillOutcome& outcome);
std::string ToJson(const FeedbackOutcome& outcome);
std::string ToJson(const std::vector<FeedbackView>& items);
std::string ToJson(const std::vector<TrackedActionView>& actions);
std::string ToJson(const TrackedActionView& action);
std::string ToJson(const MetricsView& metrics);
std::string ToJson(const std::vector<InboxItem>& items);
std::string ToJson(const InboxView& inbox);  // {"items", "waiting", "offset", "limit", "more"}
std::string ToJson(const std::vector<HistoryEntry>& entries);
std::string ToJson(const SlaReportView& report);
std::string ToJson(const EscalateView& view);
std::string ToJson(const DeliveryReport& report);
std::string ToJson(const OutboxView& view);  // {"pending", "sent", "failed", "entries": [...]}  //
                                             // {"as_of", "done": [...], "problems"}
std::string ToJson(const VerifyOutcome& outcome);
std::string ToJson(const std::vector<UserInfo>& users);
std::string ToJson(const std::vector<DefinitionInfo>& definitions);
std::string ToJson(const InitReport& report);
std::string ToJson(const std::vector<InitiativeSummary>& initiatives);
std::string ToJson(const DashboardView& dashboard);
std::string ToJson(const std::vector<EventView>& events);
std::string ToJson(const std::vector<FieldProblem>& problems);
std::string ToJson(const UserInfo& user);
std::string ToJson(const Status& status);  // {"error": {"category": ..., "message": ...}}

}  // namespace equilens

#endif  // EQUILENS_ENGINE_H_
