// Engine::AddFeedback, AnswerFeedback and ListFeedback: the thought partners' feedback and
// the filer's answer to each item. Feedback is advice, not a veto: the filer must answer
// every item (incorporated, partly incorporated, or declined with a reason) before a
// transition that requires feedback_answered.
#include <algorithm>

#include "runtime/command_checks.h"
#include "runtime/content_binding.h"
#include "runtime/engine_impl.h"
#include "runtime/input_checks.h"
#include "runtime/record_views.h"

namespace equilens {
namespace {

const std::vector<std::string>& FeedbackKinds() {
  static const std::vector<std::string> kKinds = {"concern", "suggestion", "question", "resource"};
  return kKinds;
}

const std::vector<std::string>& Dispositions() {
  static const std::vector<std::string> kDispositions = {"incorporated", "partly_incorporated",
                                                         "declined"};
  return kDispositions;
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string joined;
  for (const std::string& name : names) joined += (joined.empty() ? "" : ", ") + name;
  return joined;
}

// The sections feedback may refer to: every section of every form the filer fills in this
// workflow, and "general".
std::vector<std::string> FeedbackSections(const InitiativeFacts& facts) {
  std::vector<std::string> sections = {"general"};
  for (const Stage& stage : facts.workflow->stages) {
    if (stage.owner != kSubmitter) continue;
    auto form = facts.forms.find(stage.id);
    if (form == facts.forms.end() || !form->second) continue;
    for (const FormSection& section : form->second->sections) {
      if (!Contains(sections, section.id)) sections.push_back(section.id);
    }
  }
  return sections;
}

// The review a feedback item belongs to, for segregation of duties: the current stage when
// reviewers hold it; while the filer revises, the last stage reviewers held (feedback raised
// during a revision answers that review). A lead who gave it may not sign off where the
// sign-off is `distinct_from` that stage.
std::string ReviewStageOf(const WorkflowDefinition& workflow, const std::string& current,
                          const std::vector<std::string>& path) {
  auto held_by_reviewers = [&](const std::string& id) {
    const Stage* stage = workflow.FindStage(id);
    return stage != nullptr && stage->end == StageEnd::kNone && stage->owner != kSubmitter;
  };
  if (held_by_reviewers(current)) return current;
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    if (held_by_reviewers(*it)) return *it;
  }
  return current;
}

// Feedback is given and answered while the review is open: in review, or back in draft
// after a return (answers only). Not on hold, not after sign-off.
Status CheckReviewOpen(const InitiativeRecord& initiative, bool draft_allowed) {
  if (initiative.lifecycle == LifecycleState::kInReview) return Status::Ok();
  if (draft_allowed && initiative.lifecycle == LifecycleState::kDraft) return Status::Ok();
  return RefusedByRule(initiative.id + " is " + LifecycleStateName(initiative.lifecycle) +
                       (initiative.lifecycle == LifecycleState::kOnHold
                            ? ": nothing changes until it is resumed"
                            : ": feedback is given and answered while the review is open"));
}

}  // namespace

Status CheckFeedbackAdd(const InitiativeRecord& initiative, const UserRecord& actor) {
  if (Status s = CheckReviewOpen(initiative, false); !s.ok()) return s;
  if (actor.name == initiative.submitter) {
    return RefusedByRule("you filed " + initiative.id +
                         "; feedback comes from its thought partners");
  }
  return Status::Ok();
}

Status CheckFeedbackAnswer(const InitiativeRecord& initiative, const UserRecord& actor) {
  if (Status s = CheckReviewOpen(initiative, true); !s.ok()) return s;
  if (actor.name != initiative.submitter) {
    return Forbidden("feedback on " + initiative.id + " is answered by the person who filed it (" +
                     initiative.submitter + ")");
  }
  return Status::Ok();
}

Result<FeedbackOutcome> Engine::AddFeedback(const CommandOptions& options, const std::string& id,
                                            const FeedbackRequest& request) {
  if (!Contains(FeedbackKinds(), request.kind)) {
    return InvalidInput("feedback kind '" + request.kind + "' is not one of " +
                        JoinNames(FeedbackKinds()));
  }
  if (Status s = CheckText("the feedback", request.text, kMaxTextBytes, true); !s.ok()) return s;
  FeedbackOutcome outcome;
  auto written = impl_->Write(
      options, Command::kFeedbackAdd, id,
      [&](const WriteScope& scope) -> Result<std::vector<PlannedEvent>> {
        const InitiativeRecord& initiative = *scope.initiative;
        if (Status s = CheckFeedbackAdd(initiative, scope.actor); !s.ok()) return s;
        auto facts = impl_->Gather(scope.actor, initiative, scope.now);
        if (!facts.ok()) return facts.status();
        const std::vector<std::string> sections = FeedbackSections(**facts);
        if (!Contains(sections, request.section)) {
          return InvalidInput("section '" + request.section + "' is not a section of " + id +
                              "'s forms; the sections are " + JoinNames(sections));
        }
        auto path = impl_->repo.StagePath(id);
        if (!path.ok()) return path.status();
        const std::string stage = ReviewStageOf(*(*facts)->workflow, initiative.stage, *path);
        outcome.number = static_cast<std::int64_t>((*facts)->feedback.size()) + 1;
        return std::vector<PlannedEvent>{{"feedback_added",
                                          {{"number", outcome.number},
                                           {"stage", stage},
                                           {"kind", request.kind},
                                           {"section", request.section},
                                           {"text", request.text}}}};
      });
  if (!written.ok()) return written.status();
  outcome.id = id;
  outcome.repeated = written->repeated;
  if (written->initiative) outcome.version = written->initiative->version;
  if (outcome.repeated) {
    // A repeat answers with the item the first request added.
    auto seq = impl_->repo.RequestSeq(options.user, options.request_id);
    if (!seq.ok()) return seq.status();
    auto items = impl_->repo.Feedback(id);
    if (!items.ok()) return items.status();
    for (const FeedbackRow& item : *items) {
      if (seq->has_value() && item.seq == **seq) outcome.number = item.number;
    }
  }
  return outcome;
}

Result<FeedbackOutcome> Engine::AnswerFeedback(const CommandOptions& options, const std::string& id,
                                               const FeedbackAnswer& answer) {
  if (!Contains(Dispositions(), answer.disposition)) {
    return InvalidInput("disposition '" + answer.disposition + "' is not one of " +
                        JoinNames(Dispositions()));
  }
  if (answer.disposition == "declined") {
    if (Status s = CheckText("the reason for declining", answer.reason, kMaxTextBytes, true);
        !s.ok()) {
      return InvalidInput("declining feedback needs a reason (--reason): the reviewer and the " +
                          std::string("ombuds read why"));
    }
  }
  if (Status s = CheckText("the reason", answer.reason, kMaxTextBytes, false); !s.ok()) return s;
  FeedbackOutcome outcome;
  outcome.number = answer.number;
  auto written = impl_->Write(
      options, Command::kFeedbackAnswer, id,
      [&](const WriteScope& scope) -> Result<std::vector<PlannedEvent>> {
        const InitiativeRecord& initiative = *scope.initiative;
        if (Status s = CheckFeedbackAnswer(initiative, scope.actor); !s.ok()) return s;
        auto facts = impl_->Gather(scope.actor, initiative, scope.now);
        if (!facts.ok()) return facts.status();
        std::vector<FeedbackRow> after = (*facts)->feedback;
        auto item = std::find_if(after.begin(), after.end(), [&](const FeedbackRow& row) {
          return row.number == answer.number;
        });
        if (item == after.end()) {
          return NotFound(id + " has no feedback item " + std::to_string(answer.number) +
                          "; it has " + std::to_string(after.size()));
        }
        if (item->disposition == answer.disposition && item->reason == answer.reason) {
          return std::vector<PlannedEvent>{};  // the same answer again: nothing changes
        }
        item->disposition = answer.disposition;
        item->reason = answer.reason;
        std::vector<PlannedEvent> events = {{"feedback_answered",
                                             {{"number", answer.number},
                                              {"disposition", answer.disposition},
                                              {"reason", answer.reason}}}};
        outcome.change = VoidApprovalsChangedBy(
            **facts, scope, "the answer to feedback item " + std::to_string(answer.number),
            {nullptr, &after, nullptr}, events);
        return events;
      });
  if (!written.ok()) return written.status();
  outcome.id = id;
  outcome.repeated = written->repeated;
  if (written->initiative) outcome.version = written->initiative->version;
  return outcome;
}

Result<std::vector<FeedbackView>> Engine::ListFeedback(const CommandOptions& options,
                                                       const std::string& id) {
  auto scope = impl_->Read(options, Command::kFeedbackList, id);
  if (!scope.ok()) return scope.status();
  auto rows = impl_->repo.Feedback(id);
  if (!rows.ok()) return rows.status();
  std::vector<FeedbackView> items;
  for (const FeedbackRow& row : *rows) items.push_back(ViewOf(row));
  return items;
}

}  // namespace equilens
