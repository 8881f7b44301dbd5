// The write and read paths every command takes, and gathering an initiative's facts.
#include "runtime/engine_impl.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "common/crash_point.h"
#include "equilens/answers.h"
#include "runtime/notifications.h"
#include "store/projector.h"

#ifndef EQUILENS_SOURCE_DIR
#define EQUILENS_SOURCE_DIR "."
#endif

namespace equilens {

std::string HomeDir() {
  const char* home = std::getenv("EQUILENS_HOME");
  return home != nullptr && *home != '\0' ? home : EQUILENS_SOURCE_DIR;
}

ContentChange VoidApprovalsChangedBy(const InitiativeFacts& facts, const WriteScope& scope,
                                     const std::string& what, const ContentAfter& after,
                                     std::vector<PlannedEvent>& events) {
  const ContentParts parts =
      CurrentContent(*facts.workflow, after.answers ? *after.answers : facts.answers,
                     after.feedback ? *after.feedback : facts.feedback,
                     after.equity_data ? *after.equity_data : facts.equity_data);
  const ContentEdit edit{
      facts.workflow.get(), &*scope.initiative, scope.actor.name, what, scope.now,
      facts.facts.calendar};
  std::optional<PlannedEvent> voiding = PlanVoiding(edit, facts.approvals, parts);
  if (!voiding) return {};
  ContentChange change = SummarizeVoiding(*voiding, facts.approvals);
  events.push_back(std::move(*voiding));
  return change;
}

std::string NowUtc() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  const std::time_t seconds = static_cast<std::time_t>(ms.count() / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];  // ample for any int fields: no truncation
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(ms.count() % 1000));
  return buffer;
}

Result<UserRecord> Engine::Impl::Actor(const std::string& name) {
  if (name.empty()) return UsageError("say who is acting (--as USER)");
  auto user = repo.FindUser(name);
  if (!user.ok()) return user.status();
  if (!user->has_value()) {
    return Forbidden("there is no user '" + name +
                     "'; an admin adds people with `equilens user add`");
  }
  return **user;
}

Result<WriteScope> Engine::Impl::Read(const CommandOptions& options, Command command,
                                      const std::string& initiative_id) {
  WriteScope scope;
  scope.now = NowUtc();
  auto actor = Actor(options.user);
  if (!actor.ok()) return actor.status();
  scope.actor = std::move(*actor);
  if (Status status = AuthorizeCommand(command, scope.actor); !status.ok()) return status;
  if (initiative_id.empty()) return scope;
  auto initiative = repo.FindInitiative(initiative_id);
  if (!initiative.ok()) return initiative.status();
  if (!initiative->has_value()) return InitiativeNotFound(initiative_id);
  if (Status status = AuthorizeScope(scope.actor, **initiative); !status.ok()) return status;
  scope.initiative = std::move(**initiative);
  return scope;
}

Result<Engine::Impl::Written> Engine::Impl::Write(const CommandOptions& options, Command command,
                                                  const std::string& initiative_id,
                                                  const Decide& decide) {
  CrashPoint(kCrashBeforeBegin);
  auto transaction = WriteTransaction::Begin(*db);
  if (!transaction.ok()) return transaction.status();

  auto scope = Read(options, command, initiative_id);
  if (!scope.ok()) return scope.status();

  Written written;
  if (!options.request_id.empty()) {
    auto seen = repo.RequestSeen(scope->actor.name, options.request_id);
    if (!seen.ok()) return seen.status();
    if (seen->has_value()) {
      if (!(*seen)->empty() && !initiative_id.empty() && **seen != initiative_id) {
        return Conflict("request id '" + options.request_id + "' was already used for " + **seen +
                        "; use a new id for a new request");
      }
      written.repeated = true;
      if (!(*seen)->empty()) {
        auto initiative = repo.FindInitiative(**seen);
        if (!initiative.ok()) return initiative.status();
        written.initiative = std::move(*initiative);
      }
      return written;  // the transaction rolls back: nothing to write
    }
  }
  if (options.expect_version && scope->initiative &&
      *options.expect_version != scope->initiative->version) {
    return Conflict(scope->initiative->id + " is at version " +
                    std::to_string(scope->initiative->version) + ", not " +
                    std::to_string(*options.expect_version) +
                    ": someone acted on it since you looked; show it again and retry");
  }

  auto planned = decide(*scope);
  if (!planned.ok()) return planned.status();
  std::string subject = scope->initiative ? scope->initiative->id : initiative_id;
  auto recorded = Record(scope->actor.name, scope->actor.role, scope->now, subject, *planned,
                         options.request_id);
  if (!recorded.ok()) return recorded.status();
  written.events = std::move(*recorded);
  if (subject.empty() && !written.events.empty()) subject = written.events.front().initiative;
  if (!subject.empty()) {
    auto initiative = repo.FindInitiative(subject);
    if (!initiative.ok()) return initiative.status();
    written.initiative = std::move(*initiative);
  }
  CrashPoint(kCrashBeforeCommit);
  if (Status status = transaction->Commit(); !status.ok()) return status;
  CrashPoint(kCrashAfterCommit);
  return written;
}

Result<std::vector<StoredEvent>> Engine::Impl::Record(const std::string& actor,
                                                      const std::string& role,
                                                      const std::string& now, std::string subject,
                                                      std::vector<PlannedEvent>& planned,
                                                      const std::string& request_id) {
  std::vector<StoredEvent> stored_events;
  // The initiative just before each event, for the notification rules (the one after an event
  // is the one before the next).
  std::optional<InitiativeRecord> before;
  if (!subject.empty()) {
    auto found = repo.FindInitiative(subject);
    if (!found.ok()) return found.status();
    before = std::move(*found);
  }
  NotificationBatch batch;
  for (PlannedEvent& event : planned) {
    // A command that files an initiative names it in its first event.
    if (subject.empty() && event.kind == "initiative_filed") subject = event.payload["id"];
    if (!request_id.empty()) event.payload["request_id"] = request_id;
    auto stored = log.Append({subject, now, actor, role, event.kind, event.payload.dump()});
    if (!stored.ok()) return stored.status();
    CrashPoint(kCrashAfterEventInsert);
    if (Status status = ApplyEvent(*db, *stored); !status.ok()) return status;
    CrashPoint(kCrashAfterProjection);
    std::optional<InitiativeRecord> after;
    if (!stored->initiative.empty()) {
      auto found = repo.FindInitiative(stored->initiative);
      if (!found.ok()) return found.status();
      after = std::move(*found);
    }
    if (Status status = QueueNotifications(*db, repo, definitions, *stored, before, after, batch);
        !status.ok()) {
      return status;
    }
    before = std::move(after);
    stored_events.push_back(std::move(*stored));
  }
  return stored_events;
}

Result<std::unique_ptr<InitiativeFacts>> Engine::Impl::Gather(const UserRecord& actor,
                                                              const InitiativeRecord& initiative,
                                                              const std::string& now) {
  auto holder = std::make_unique<InitiativeFacts>();
  auto workflow = definitions.Workflow(repo, initiative.workflow_sha256);
  if (!workflow.ok()) return workflow.status();
  holder->workflow = *workflow;
  for (const Stage& stage : holder->workflow->stages) {
    if (stage.form.empty()) continue;
    auto form = definitions.StageForm(repo, initiative.workflow_sha256, stage.id);
    if (!form.ok()) return form.status();
    holder->forms[stage.id] = *form;
  }
  if (const auto& report = holder->workflow->report_back; report && !report->form.empty()) {
    auto form = definitions.BoundForm(repo, initiative.workflow_sha256, report->form);
    if (!form.ok()) return form.status();
    holder->forms[kReportBackStage] = *form;
  }
  auto answers = repo.Answers(initiative.id);
  if (!answers.ok()) return answers.status();
  for (const AnswersRow& row : *answers) {
    holder->answers[row.stage] = nlohmann::json::parse(row.answers_json, nullptr, false);
  }

  InitiativeFacts* facts_owner = holder.get();
  ActFacts& facts = holder->facts;
  facts.workflow = holder->workflow.get();
  facts.initiative = &initiative;
  facts.actor = &actor;
  facts.now = now;
  auto calendar = definitions.Calendar(repo);
  if (!calendar.ok()) return calendar.status();
  holder->calendar = *calendar;
  facts.calendar = holder->calendar.get();
  if (initiative.lifecycle == LifecycleState::kOnHold) {
    // The clock stopped at the latest hold; a resume moves the due date by what it missed.
    auto events = log.ForInitiative(initiative.id);
    if (!events.ok()) return events.status();
    for (const StoredEvent& event : *events) {
      if (event.kind == "held") facts.held_at = event.at;
    }
  }
  facts.guard_facts.answers = [facts_owner](const std::string& stage) -> const nlohmann::json* {
    auto it = facts_owner->answers.find(stage);
    return it == facts_owner->answers.end() ? nullptr : &it->second;
  };
  // A metric has a value once equity data is attached; until then its guards are false.
  auto equity = repo.EquityData(initiative.id);
  if (!equity.ok()) return equity.status();
  holder->equity_data = std::move(*equity);
  if (holder->equity_data) {
    const nlohmann::json summary =
        nlohmann::json::parse(holder->equity_data->summary_json, nullptr, false);
    if (summary.is_object()) {
      for (const auto& [name, value] : summary.items()) {
        if (value.is_number()) holder->metrics[name] = value.get<double>();
      }
    }
  }
  facts.guard_facts.metric = [facts_owner](const std::string& name) {
    auto it = facts_owner->metrics.find(name);
    return it == facts_owner->metrics.end() ? std::optional<double>() : it->second;
  };
  facts.missing_required = [facts_owner](const std::string& stage) {
    auto form = facts_owner->forms.find(stage);
    if (form == facts_owner->forms.end() || !form->second) return std::vector<std::string>{};
    auto answers = facts_owner->answers.find(stage);
    return MissingRequired(*form->second,
                           answers == facts_owner->answers.end() ? "{}" : answers->second.dump());
  };
  auto feedback = repo.Feedback(initiative.id);
  if (!feedback.ok()) return feedback.status();
  holder->feedback = std::move(*feedback);
  for (const FeedbackRow& item : holder->feedback) {
    if (item.disposition.empty()) {
      facts.unanswered_feedback.push_back("item " + std::to_string(item.number) + " (" + item.kind +
                                          " on " + item.section + ")");
    }
  }
  auto approvals = repo.Approvals(initiative.id);
  if (!approvals.ok()) return approvals.status();
  holder->approvals = std::move(*approvals);
  facts.content =
      CurrentContent(*holder->workflow, holder->answers, holder->feedback, holder->equity_data);
  auto actions = repo.StageActions(initiative.id);
  if (!actions.ok()) return actions.status();
  holder->stage_actions = std::move(*actions);
  facts.actors_in_stage = [facts_owner](const std::string& stage) {
    std::set<std::string> actors;
    for (const StageActionRow& action : facts_owner->stage_actions) {
      if (action.stage == stage) actors.insert(action.actor);
    }
    return actors;
  };
  facts.votes = [facts_owner, &initiative](const std::string& event) {
    std::set<std::string> voters;
    for (const StageActionRow& action : facts_owner->stage_actions) {
      if (action.is_vote && action.stage == initiative.stage &&
          action.visit == initiative.stage_visit && action.event == event) {
        voters.insert(action.actor);
      }
    }
    return voters;
  };
  return holder;
}

}  // namespace equilens
