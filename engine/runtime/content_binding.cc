// Content parts, their hashes, and voiding the approvals a change invalidates.
#include "runtime/content_binding.h"

#include <algorithm>

#include "equilens/sha256.h"
#include "runtime/route.h"

namespace equilens {

ContentParts CurrentContent(const WorkflowDefinition& workflow,
                            const std::map<std::string, nlohmann::json>& answers,
                            const std::vector<FeedbackRow>& feedback,
                            const std::optional<EquityDataRow>& equity_data) {
  ContentParts parts;
  for (const Stage& stage : workflow.stages) {
    if (stage.owner != kSubmitter || stage.form.empty()) continue;
    auto found = answers.find(stage.id);
    if (found == answers.end()) continue;
    // nlohmann orders object keys, so equal answers always dump to equal text.
    parts["answers." + stage.id] = Sha256Hex(found->second.dump());
  }
  for (const FeedbackRow& item : feedback) {
    if (item.disposition.empty()) continue;
    parts["feedback." + std::to_string(item.number)] =
        Sha256Hex(item.disposition + "\n" + item.reason);
  }
  // Data belongs to the assessment even before any is attached: an approval given without
  // data is voided when data arrives.
  parts["equity_data"] = equity_data ? Sha256Hex(equity_data->record_json) : kNoContent;
  return parts;
}

bool HasContent(const ContentParts& parts) {
  return std::any_of(parts.begin(), parts.end(),
                     [](const auto& part) { return part.second != kNoContent; });
}

std::string ContentHash(const ContentParts& parts) {
  return Sha256Hex(nlohmann::json(parts).dump());
}

nlohmann::json ApprovalPayload(const ContentParts& parts) {
  return {{"content_sha256", ContentHash(parts)}, {"parts", parts}};
}

bool IsApprovalEvent(const WorkflowDefinition& workflow, const std::string& event) {
  if (!workflow.approvals) return false;
  const std::vector<std::string>& events = workflow.approvals->events;
  return std::find(events.begin(), events.end(), event) != events.end();
}

namespace {

// The parts `approval` saw that `after` no longer holds as they were.
std::vector<std::string> ChangedParts(const ApprovalRow& approval, const ContentParts& after) {
  std::vector<std::string> changed;
  const nlohmann::json seen = nlohmann::json::parse(approval.parts_json, nullptr, false);
  if (!seen.is_object()) return changed;
  for (const auto& [part, hash] : seen.items()) {
    auto now = after.find(part);
    if (now == after.end() || !hash.is_string() || now->second != hash.get<std::string>()) {
      changed.push_back(part);
    }
  }
  return changed;
}

std::string DescribeApproval(const ApprovalRow& approval) {
  return approval.event + " by " + approval.actor + " at " + approval.stage + " (event " +
         std::to_string(approval.seq) + ")";
}

}  // namespace

std::optional<PlannedEvent> PlanVoiding(const ContentEdit& edit,
                                        const std::vector<ApprovalRow>& approvals,
                                        const ContentParts& after) {
  nlohmann::json voided = nlohmann::json::array();
  std::vector<std::string> changed;
  for (const ApprovalRow& approval : approvals) {
    if (approval.voided_seq != 0) continue;
    std::vector<std::string> parts = ChangedParts(approval, after);
    if (parts.empty()) continue;
    voided.push_back(approval.seq);
    for (const std::string& part : parts) {
      if (std::find(changed.begin(), changed.end(), part) == changed.end()) changed.push_back(part);
    }
  }
  if (voided.empty()) return std::nullopt;

  nlohmann::json payload = {
      {"voided", voided},
      {"changed_parts", changed},
      {"because", edit.actor + " changed " + edit.what + " after it was approved"},
      {"content_sha256", ContentHash(after)}};
  // The content is no longer what was approved: back to where it is reviewed again, unless
  // it is there already, or the filer holds it at a stage whose next step leads straight
  // there (a revision in assessment goes to feedback when submitted anyway).
  const InitiativeRecord& initiative = *edit.initiative;
  const WorkflowDefinition& workflow = *edit.workflow;
  const Stage* current = workflow.FindStage(initiative.stage);
  auto leads_to_review = [&] {
    for (const Transition& transition : workflow.transitions) {
      if (transition.from == initiative.stage && transition.to == workflow.approvals->return_to) {
        return true;
      }
    }
    return false;
  };
  if (workflow.approvals && initiative.lifecycle == LifecycleState::kInReview &&
      current != nullptr && initiative.stage != workflow.approvals->return_to &&
      !(current->owner == kSubmitter && leads_to_review())) {
    payload.update(
        EnterStagePayload(workflow, workflow.approvals->return_to, edit.now, edit.calendar));
    payload["from"] = initiative.stage;
    payload["because"] = payload["because"].get<std::string>() + "; back to " +
                         workflow.approvals->return_to + " for review";
  }
  return PlannedEvent{"approvals_voided", std::move(payload)};
}

ContentChange SummarizeVoiding(const PlannedEvent& voiding,
                               const std::vector<ApprovalRow>& approvals) {
  ContentChange summary;
  for (const nlohmann::json& seq : voiding.payload.value("voided", nlohmann::json::array())) {
    for (const ApprovalRow& approval : approvals) {
      if (seq.is_number_integer() && approval.seq == seq.get<std::int64_t>()) {
        summary.voided.push_back(DescribeApproval(approval));
      }
    }
  }
  summary.returned_to = voiding.payload.value("stage", std::string());
  return summary;
}

}  // namespace equilens
