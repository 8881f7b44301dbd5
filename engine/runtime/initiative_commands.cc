// Engine::File, Fill, FillFields, AnswersSkeleton, Comment and Act: the commands that change
// initiatives.
#include <cstdio>

#include "equilens/answers.h"
#include "runtime/engine_impl.h"
#include "runtime/input_checks.h"

namespace equilens {
namespace {

std::string InitiativeId(int year, int number) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "EQ-%04d-%04d", year, number);
  return buffer;
}

}  // namespace

Result<std::string> Engine::File(const CommandOptions& options, const FileRequest& request) {
  if (Status s = CheckText("the title", request.title, kMaxTitleBytes, true); !s.ok()) return s;
  if (Status s = CheckText("the summary", request.summary, kMaxTextBytes, false); !s.ok()) {
    return s;
  }
  auto written =
      impl_->Write(options, Command::kFile, "",
                   [&](const WriteScope& scope) -> Result<std::vector<PlannedEvent>> {
                     if (request.department != scope.actor.department) {
                       return Forbidden(scope.actor.name + " files for " + scope.actor.department +
                                        ", not " + request.department);
                     }
                     auto workflow = impl_->repo.LatestDefinition("workflow", request.workflow_id);
                     if (!workflow.ok()) return workflow.status();
                     if (!workflow->has_value()) {
                       return NotFound("no workflow '" + request.workflow_id +
                                       "' is loaded; see `equilens workflow list`");
                     }
                     const int year = std::stoi(scope.now.substr(0, 4));
                     auto number = impl_->repo.NextInitiativeNumber(year);
                     if (!number.ok()) return number.status();
                     const DefinitionRow& row = **workflow;
                     return std::vector<PlannedEvent>{
                         {"initiative_filed",
                          {{"id", InitiativeId(year, *number)},
                           {"year", year},
                           {"number", *number},
                           {"title", request.title},
                           {"summary", request.summary},
                           {"department", request.department},
                           {"submitter", scope.actor.name},
                           {"workflow_id", row.id},
                           {"workflow_version", row.version},
                           {"workflow_sha256", row.sha256},
                           {"lifecycle", LifecycleStateName(LifecycleState::kDraft)}}}};
                   });
  if (!written.ok()) return written.status();
  if (!written->initiative) return InternalError("the filed initiative was not recorded");
  return written->initiative->id;
}

Result<FillOutcome> Engine::Fill(const CommandOptions& options, const std::string& id,
                                 const DefinitionSource& answers_yaml) {
  return impl_->SaveAnswers(options, id, [&](const FormDefinition& form) -> Result<std::string> {
    std::vector<Diagnostic> errors;
    std::optional<std::string> update = ParseAnswers(answers_yaml, form, errors);
    if (update) return *update;
    std::string message = std::to_string(errors.size()) + " problem(s) in the answers to " +
                          form.id + "; nothing was saved:";
    for (const Diagnostic& error : errors) message += "\n  " + error.ToString();
    return InvalidInput(message);
  });
}

Result<FillOutcome> Engine::FillFields(const CommandOptions& options, const std::string& id,
                                       const std::vector<PostedField>& fields,
                                       std::vector<FieldProblem>* problems) {
  std::vector<FieldProblem> found;
  auto outcome =
      impl_->SaveAnswers(options, id, [&](const FormDefinition& form) -> Result<std::string> {
        found.clear();  // a retried transaction types afresh
        std::optional<std::string> update = ParsePostedAnswers(fields, form, found);
        if (update) return *update;
        std::string message = std::to_string(found.size()) + " problem(s) in the answers to " +
                              form.id + "; nothing was saved:";
        for (const FieldProblem& problem : found) {
          message += "\n  " + (problem.field.empty() ? std::string("the form") : problem.field) +
                     ": " + problem.message;
        }
        return InvalidInput(message);
      });
  if (problems != nullptr) *problems = outcome.ok() ? std::vector<FieldProblem>{} : found;
  return outcome;
}

Result<FillOutcome> Engine::Impl::SaveAnswers(const CommandOptions& options, const std::string& id,
                                              const TypeAnswers& type_answers) {
  FillOutcome outcome;
  auto written = Write(
      options, Command::kFill, id,
      [&](const WriteScope& scope) -> Result<std::vector<PlannedEvent>> {
        const InitiativeRecord& initiative = *scope.initiative;
        auto facts = Gather(scope.actor, initiative, scope.now);
        if (!facts.ok()) return facts.status();
        if (Status status = CheckStageWork((*facts)->facts); !status.ok()) return status;
        const FormDefinition& form = *(*facts)->forms.at(initiative.stage);
        auto update = type_answers(form);
        if (!update.ok()) return update.status();
        auto current = (*facts)->answers.find(initiative.stage);
        const std::string before =
            current == (*facts)->answers.end() ? "{}" : current->second.dump();
        const std::string merged = MergeAnswers(before, *update);
        outcome.stage = initiative.stage;
        outcome.missing_required = MissingRequired(form, merged);
        if (merged == before) return std::vector<PlannedEvent>{};  // nothing changed
        std::vector<PlannedEvent> events = {{"answers_saved",
                                             {{"stage", initiative.stage},
                                              {"form", form.id},
                                              {"answers", nlohmann::json::parse(merged)},
                                              {"complete", outcome.missing_required.empty()}}}};
        // New answers may change content an approval saw: those approvals are void.
        std::map<std::string, nlohmann::json> after = (*facts)->answers;
        after[initiative.stage] = events.front().payload["answers"];
        outcome.change =
            VoidApprovalsChangedBy(**facts, scope, "the answers to " + initiative.stage,
                                   {&after, nullptr, nullptr}, events);
        return events;
      });
  if (!written.ok()) return written.status();
  outcome.id = id;
  outcome.repeated = written->repeated;
  if (written->initiative) outcome.version = written->initiative->version;
  return outcome;
}

Result<std::string> Engine::AnswersSkeleton(const CommandOptions& options, const std::string& id) {
  auto scope = impl_->Read(options, Command::kShow, id);
  if (!scope.ok()) return scope.status();
  auto facts = impl_->Gather(scope->actor, *scope->initiative, scope->now);
  if (!facts.ok()) return facts.status();
  const std::string& stage = scope->initiative->stage;
  auto form = (*facts)->forms.find(stage);
  if (stage.empty() || form == (*facts)->forms.end() || !form->second) {
    return RefusedByRule(id + " has no form to fill now (stage: " +
                         (stage.empty() ? std::string("none") : stage) + ")");
  }
  auto answers = (*facts)->answers.find(stage);
  return equilens::AnswersSkeleton(
      *form->second, answers == (*facts)->answers.end() ? "{}" : answers->second.dump());
}

Status Engine::Comment(const CommandOptions& options, const std::string& id,
                       const std::string& text) {
  if (Status s = CheckText("the comment", text, kMaxTextBytes, true); !s.ok()) return s;
  auto written =
      impl_->Write(options, Command::kComment, id,
                   [&](const WriteScope& scope) -> Result<std::vector<PlannedEvent>> {
                     if (Status s = CheckNotEnded(*scope.initiative); !s.ok()) return s;
                     return std::vector<PlannedEvent>{{"comment_added", {{"text", text}}}};
                   });
  return written.ok() ? Status::Ok() : written.status();
}

Result<ActOutcome> Engine::Act(const CommandOptions& options, const std::string& id,
                               const std::string& event, const std::string& note) {
  if (Status s = CheckText("the note", note, kMaxTextBytes, false); !s.ok()) return s;
  ActOutcome outcome;
  auto written = impl_->Write(options, Command::kAct, id,
                              [&](const WriteScope& scope) -> Result<std::vector<PlannedEvent>> {
                                auto facts =
                                    impl_->Gather(scope.actor, *scope.initiative, scope.now);
                                if (!facts.ok()) return facts.status();
                                auto decision = DecideAct((*facts)->facts, event, note);
                                if (!decision.ok()) return decision.status();
                                outcome.message = decision->message;
                                return std::move(decision->events);
                              });
  if (!written.ok()) return written.status();
  outcome.id = id;
  outcome.event = event;
  outcome.repeated = written->repeated;
  if (outcome.repeated) outcome.message = "request already carried out";
  if (written->initiative) {
    outcome.lifecycle = written->initiative->lifecycle;
    outcome.stage = written->initiative->stage;
    outcome.version = written->initiative->version;
  }
  return outcome;
}

}  // namespace equilens
