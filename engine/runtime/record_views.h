// Store rows as the public views show them (engine-internal): one place per kind, so Show,
// the list commands and the documents read alike.
#ifndef EQUILENS_RUNTIME_RECORD_VIEWS_H_
#define EQUILENS_RUNTIME_RECORD_VIEWS_H_

#include <string>

#include "equilens/engine.h"
#include "store/records.h"

namespace equilens {

// A stage's title as pages show it: its `title`, else its id; the report-back after sign-off
// is "Report back on results"; "" for no stage.
std::string StageTitle(const WorkflowDefinition& workflow, const std::string& stage_id);

FeedbackView ViewOf(const FeedbackRow& row);
ApprovalView ViewOf(const ApprovalRow& row);
// `overdue` as of `today` (YYYY-MM-DD): planned or in progress, due before today, while the
// initiative is signed off (approved or monitoring).
TrackedActionView ViewOf(const TrackedActionRow& row, const std::string& today,
                         LifecycleState lifecycle);

}  // namespace equilens

#endif  // EQUILENS_RUNTIME_RECORD_VIEWS_H_
