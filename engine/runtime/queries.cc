// Engine::Show, Inbox and History: reading initiatives as the acting user may see them.
#include "equilens/answers.h"
#include "runtime/command_checks.h"
#include "runtime/engine_impl.h"
#include "runtime/event_lines.h"
#include "runtime/record_views.h"
#include "runtime/school_days.h"

namespace equilens {
Result<InitiativeView> Engine::Show(const CommandOptions& options, const std::string& id) {
  // One snapshot for the whole view (and one lock round instead of one per query).
  auto snapshot = ReadTransaction::Begin(*impl_->db);
  if (!snapshot.ok()) return snapshot.status();
  auto scope = impl_->Read(options, Command::kShow, id);
  if (!scope.ok()) return scope.status();
  auto gathered = impl_->Gather(scope->actor, *scope->initiative, scope->now);
  if (!gathered.ok()) return gathered.status();
  return impl_->View(*scope->initiative, **gathered);
}

Result<InitiativeView> Engine::Impl::View(const InitiativeRecord& record,
                                          const InitiativeFacts& facts) {
  const std::string& id = record.id;
  const WorkflowDefinition& workflow = *facts.workflow;

  InitiativeView view;
  view.id = record.id;
  view.title = record.title;
  view.summary = record.summary;
  view.department = record.department;
  view.submitter = record.submitter;
  view.workflow_id = record.workflow_id;
  view.workflow_version = record.workflow_version;
  view.workflow_sha256 = record.workflow_sha256;
  view.workflow_title = workflow.title;
  view.lifecycle = record.lifecycle;
  view.stage = record.stage;
  view.stage_due = record.stage_due;
  view.version = record.version;
  view.filed_at = record.filed_at;
  view.updated_at = record.updated_at;
  view.stage_entered_at = record.stage_entered_at;
  if (record.stage == kReportBackStage && workflow.report_back) {
    view.stage_title = StageTitle(workflow, record.stage);
    view.stage_owner = workflow.report_back->owner;
    if (auto form = facts.forms.find(kReportBackStage); form != facts.forms.end()) {
      view.form = form->second;
      view.missing_required = facts.facts.missing_required(kReportBackStage);
    }
  } else if (const Stage* stage = workflow.FindStage(record.stage)) {
    view.stage_title = StageTitle(workflow, stage->id);
    view.stage_owner = stage->owner;
    // Whose turn it is, when an escalation moved it from the owner.
    const bool filer_owns = stage->owner == kSubmitter;
    if (!record.waiting_user.empty() && record.waiting_user != record.submitter) {
      view.reassigned_to = record.waiting_user;
    } else if (filer_owns ? !record.waiting_role.empty()
                          : !record.waiting_user.empty() || record.waiting_role != stage->owner) {
      view.reassigned_to =
          record.waiting_user.empty() ? "any " + record.waiting_role : record.waiting_user;
    }
    if (auto form = facts.forms.find(stage->id); form != facts.forms.end()) {
      view.form = form->second;
      view.missing_required = facts.facts.missing_required(stage->id);
    }
    for (const auto& [event, needed] : stage->quorum) {
      std::set<std::string> voters = facts.facts.votes(event);
      std::string names;
      for (const std::string& voter : voters) names += (names.empty() ? "" : ", ") + voter;
      view.quorum_votes.push_back(event + ": " + std::to_string(voters.size()) + " of " +
                                  std::to_string(needed) +
                                  (names.empty() ? "" : " (" + names + ")"));
    }
  }
  for (const CandidateAction& action : AvailableActions(facts.facts)) {
    view.actions.push_back(
        {action.event, action.kind, action.to, action.blocked_by, action.needs_note});
  }
  for (const auto& [stage, answers] : facts.answers) {
    StageAnswers entry{stage, "", answers.dump(), false};
    if (auto form = facts.forms.find(stage); form != facts.forms.end() && form->second) {
      entry.form_id = form->second->id;
      entry.complete = MissingRequired(*form->second, entry.answers_json).empty();
    }
    view.answers.push_back(std::move(entry));
  }
  auto comments = repo.Comments(id);
  if (!comments.ok()) return comments.status();
  for (const CommentRow& c : *comments) {
    view.comments.push_back({c.seq, c.at, c.actor, c.role, c.text});
  }
  auto path = repo.StagePath(id);
  if (!path.ok()) return path.status();
  view.stage_path = std::move(*path);
  for (const Stage& stage : workflow.stages) {
    const char* end = stage.end == StageEnd::kApprove  ? "approve"
                      : stage.end == StageEnd::kReject ? "reject"
                                                       : "";
    view.workflow_path.push_back({stage.id, stage.title, end});
  }
  if (workflow.report_back) {
    view.workflow_path.push_back({kReportBackStage, StageTitle(workflow, kReportBackStage), ""});
  }
  for (const FeedbackRow& item : facts.feedback) view.feedback.push_back(ViewOf(item));
  for (const ApprovalRow& approval : facts.approvals) view.approvals.push_back(ViewOf(approval));
  view.content_sha256 = ContentHash(facts.facts.content);
  auto tracked = repo.TrackedActions(id);
  if (!tracked.ok()) return tracked.status();
  const std::string today = TodayUtc();
  for (const TrackedActionRow& action : *tracked) {
    view.tracked_actions.push_back(ViewOf(action, today, record.lifecycle));
  }
  view.permitted = PermittedCommands(facts, *tracked);
  view.report_status = record.report_status;
  return view;
}

Result<InboxView> Engine::Inbox(const CommandOptions& options, const InboxRange& range) {
  constexpr int kInboxLimit = 500;  // a page a person reads; more is a district-wide report
  if (range.offset < 0 || range.limit < 1 || range.limit > kInboxLimit) {
    return InvalidInput("an inbox page starts at offset 0 or later and shows 1 to " +
                        std::to_string(kInboxLimit) + " initiatives, not offset " +
                        std::to_string(range.offset) + " and limit " + std::to_string(range.limit));
  }
  auto snapshot = ReadTransaction::Begin(*impl_->db);  // one moment, one lock round
  if (!snapshot.ok()) return snapshot.status();
  auto scope = impl_->Read(options, Command::kInbox, "");
  if (!scope.ok()) return scope.status();
  InboxView inbox;
  inbox.range = range;
  auto waiting_count = impl_->repo.CountWaitingFor(scope->actor);
  if (!waiting_count.ok()) return waiting_count.status();
  inbox.waiting = *waiting_count;
  inbox.more = range.offset + range.limit < inbox.waiting;
  auto waiting = impl_->repo.WaitingFor(scope->actor, range.offset, range.limit);
  if (!waiting.ok()) return waiting.status();
  const std::string today = TodayUtc();
  std::vector<InboxItem>& items = inbox.items;
  for (const InitiativeRecord& record : *waiting) {
    auto workflow = impl_->definitions.Workflow(impl_->repo, record.workflow_sha256);
    if (!workflow.ok()) return workflow.status();
    InboxItem item;
    item.id = record.id;
    item.title = record.title;
    item.department = record.department;
    item.stage = record.stage.empty() ? LifecycleStateName(record.lifecycle) : record.stage;
    item.stage_title = record.stage.empty() ? item.stage : StageTitle(**workflow, record.stage);
    item.waiting_since =
        record.stage_entered_at.empty() ? record.filed_at : record.stage_entered_at;
    item.due = record.stage_due;
    item.overdue = !item.due.empty() && item.due < today;
    if (record.lifecycle == LifecycleState::kDraft) {
      item.why = "your draft: fill it in and submit";
    } else if (record.lifecycle == LifecycleState::kMonitoring) {
      item.why = record.waiting_user.empty() ? "review the report-back: accept or send back"
                                             : "report back on results";
    } else if (!record.waiting_user.empty()) {
      // Someone other than the filer only by an escalation's reassignment.
      item.why = record.waiting_user == record.submitter ? "you filed it; your turn"
                                                         : "reassigned to you (escalation)";
    } else {
      item.why = "waiting on " + record.waiting_role;
    }
    items.push_back(std::move(item));
  }
  if (range.offset > 0) return inbox;  // overdue actions show on the first page
  auto overdue = impl_->repo.OverdueActionsFor(scope->actor.name, today);
  if (!overdue.ok()) return overdue.status();
  for (const TrackedActionRow& action : *overdue) {
    auto initiative = impl_->repo.FindInitiative(action.initiative);
    if (!initiative.ok()) return initiative.status();
    if (!initiative->has_value()) continue;
    const InitiativeRecord& record = **initiative;
    InboxItem item;
    item.id = record.id;
    item.title = record.title;
    item.department = record.department;
    item.stage = "mitigation_action";
    item.stage_title = "Mitigation action " + std::to_string(action.number);
    item.why =
        "mitigation action " + std::to_string(action.number) + " is overdue: " + action.action;
    item.waiting_since = action.updated_at;
    item.due = action.due;
    item.overdue = true;
    items.push_back(std::move(item));
  }
  return inbox;
}

Result<std::vector<HistoryEntry>> Engine::History(const CommandOptions& options,
                                                  const std::string& id) {
  auto snapshot = ReadTransaction::Begin(*impl_->db);  // one moment, one lock round
  if (!snapshot.ok()) return snapshot.status();
  auto scope = impl_->Read(options, Command::kHistory, id);
  if (!scope.ok()) return scope.status();
  auto events = impl_->log.ForInitiative(id);
  if (!events.ok()) return events.status();
  std::vector<HistoryEntry> entries;
  for (const StoredEvent& event : *events) {
    entries.push_back({event.seq, event.at, event.actor, event.role, event.kind,
                       DescribeEvent(event), EventNote(event)});
  }
  return entries;
}

}  // namespace equilens
