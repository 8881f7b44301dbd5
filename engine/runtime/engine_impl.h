// Engine::Impl: the connection, the caches, and the one write path every command takes.
#ifndef EQUILENS_RUNTIME_ENGINE_IMPL_H_
#define EQUILENS_RUNTIME_ENGINE_IMPL_H_

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "equilens/engine.h"
#include "runtime/authorization.h"
#include "runtime/content_binding.h"
#include "runtime/definition_cache.h"
#include "runtime/planned_event.h"
#include "runtime/route.h"
#include "store/database.h"
#include "store/event_log.h"
#include "store/repository.h"

namespace equilens {

// What a command knows when it decides: who acts, on what, and when.
struct WriteScope {
  UserRecord actor;
  std::optional<InitiativeRecord> initiative;  // set for commands on an initiative
  std::string now;                             // ISO 8601 UTC, milliseconds
};

// Everything route.h needs about one initiative, owning what ActFacts points into.
struct InitiativeFacts {
  std::shared_ptr<const WorkflowDefinition> workflow;
  std::map<std::string, nlohmann::json> answers;                       // stage -> answers object
  std::map<std::string, std::shared_ptr<const FormDefinition>> forms;  // stage -> form
  std::vector<StageActionRow> stage_actions;
  std::vector<FeedbackRow> feedback;
  std::vector<ApprovalRow> approvals;
  std::optional<EquityDataRow> equity_data;  // the latest computation, when data is attached
  std::map<std::string, double> metrics;     // its summary: what guards read
  // The district calendar due dates count on.
  std::shared_ptr<const SchoolCalendar> calendar;
  ActFacts facts;
};

struct Engine::Impl {
  std::unique_ptr<Database> db;
  Repository repo;
  EventLog log;
  DefinitionCache definitions;

  explicit Impl(std::unique_ptr<Database> database)
      : db(std::move(database)), repo(*db), log(*db) {}

  // Decides the events of one command from what the transaction reads.
  using Decide = std::function<Result<std::vector<PlannedEvent>>(const WriteScope&)>;
  struct Written {
    bool repeated = false;  // the request id was seen before: nothing was recorded
    std::optional<InitiativeRecord> initiative;  // after the command
    std::vector<StoredEvent> events;
  };

  // The one write path: BEGIN IMMEDIATE; who acts and may they (role, scope); the request
  // id; the expected version; decide; append each event and apply it to the projections;
  // COMMIT. Any refusal or failure rolls the whole command back.
  Result<Written> Write(const CommandOptions& options, Command command,
                        const std::string& initiative_id, const Decide& decide);

  // Appends `planned` as `actor` (role `role`) and applies each to the projections, inside
  // the caller's open write transaction. `subject` is the initiative ('' = system event).
  Result<std::vector<StoredEvent>> Record(const std::string& actor, const std::string& role,
                                          const std::string& now, std::string subject,
                                          std::vector<PlannedEvent>& planned,
                                          const std::string& request_id);

  // Fill's one save path, for Fill (YAML) and FillFields (posted fields) alike: through
  // Write (kFill), checks the actor may work on the current stage's form (CheckStageWork),
  // types the answers with `type_answers` (the canonical JSON of the fields given, or why
  // not), merges them over the stage's answers, records answers_saved, and voids approvals
  // that saw the old answers. Nothing is recorded when nothing changed.
  using TypeAnswers = std::function<Result<std::string>(const FormDefinition& form)>;
  Result<FillOutcome> SaveAnswers(const CommandOptions& options, const std::string& id,
                                  const TypeAnswers& type_answers);

  // The read path: who acts, may they, and the initiative they may see (when an id is given).
  Result<WriteScope> Read(const CommandOptions& options, Command command,
                          const std::string& initiative_id);

  // The acting user (forbidden when there is no such user).
  Result<UserRecord> Actor(const std::string& name);

  // Everything the actor may see about `record`, from its gathered facts (Show's answer).
  Result<InitiativeView> View(const InitiativeRecord& record, const InitiativeFacts& facts);

  // Gathers the facts route.h decides on for `initiative` as seen by `actor`.
  Result<std::unique_ptr<InitiativeFacts>> Gather(const UserRecord& actor,
                                                  const InitiativeRecord& initiative,
                                                  const std::string& now);
};

// The department's content after one change: each pointer given replaces that part of the
// facts' content (content_binding.h).
struct ContentAfter {
  const std::map<std::string, nlohmann::json>* answers = nullptr;
  const std::vector<FeedbackRow>* feedback = nullptr;
  const std::optional<EquityDataRow>* equity_data = nullptr;
};

// Appends to `events` the approvals_voided event that `actor` changing `what` (to `after`)
// needs, if any approval in force saw a changed part; returns what it voided and where the
// initiative went.
ContentChange VoidApprovalsChangedBy(const InitiativeFacts& facts, const WriteScope& scope,
                                     const std::string& what, const ContentAfter& after,
                                     std::vector<PlannedEvent>& events);

// The measures a stored computation holds, as Metrics shows them (equity_commands.cc).
Result<MetricsView> MetricsViewOf(const std::string& id, const EquityDataRow& stored);

// The folder holding workflows/ and templates/: $EQUILENS_HOME, else the source tree the
// binary was built from (its shipped definitions and templates).
std::string HomeDir();

// The current time as the event log records it: UTC, "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string NowUtc();

}  // namespace equilens

#endif  // EQUILENS_RUNTIME_ENGINE_IMPL_H_
