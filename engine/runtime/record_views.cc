// Store rows -> public views.
#include "runtime/record_views.h"

namespace equilens {

std::string StageTitle(const WorkflowDefinition& workflow, const std::string& stage_id) {
  if (stage_id.empty()) return "";
  if (stage_id == kReportBackStage && workflow.report_back) return "Report back on results";
  const Stage* stage = workflow.FindStage(stage_id);
  return stage == nullptr ? stage_id : (stage->title.empty() ? stage->id : stage->title);
}

FeedbackView ViewOf(const FeedbackRow& row) {
  return {row.number, row.kind,        row.section, row.author,      row.at,
          row.text,   row.disposition, row.reason,  row.answered_by, row.answered_at};
}

ApprovalView ViewOf(const ApprovalRow& row) {
  return {row.seq,
          row.stage,
          row.event,
          row.actor,
          row.at,
          row.content_sha256,
          row.voided_seq == 0,
          row.voided_at,
          row.voided_because};
}

TrackedActionView ViewOf(const TrackedActionRow& row, const std::string& today,
                         LifecycleState lifecycle) {
  TrackedActionView view{row.initiative,      row.number, row.risk,          row.groups,
                         row.action,          row.owner,  row.due,           row.resources,
                         row.success_measure, row.status, row.status_reason, row.updated_at,
                         row.updated_by,      false};
  const bool open = row.status == "planned" || row.status == "in_progress";
  const bool signed_off =
      lifecycle == LifecycleState::kApproved || lifecycle == LifecycleState::kMonitoring;
  view.overdue = open && signed_off && !row.due.empty() && row.due < today;
  return view;
}

}  // namespace equilens
