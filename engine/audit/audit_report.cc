// Engine::AuditReport: for the ombuds office, every initiative decided in a period, how long
// each stage took, returns, overrides and voided approvals, with the chain's verification.
// Read entirely from the event log (the truth), not from projections.
#include <algorithm>
#include <cstdio>
#include <map>

#include "render/document_render.h"
#include "render/document_schemas.h"
#include "runtime/engine_impl.h"
#include "runtime/school_days.h"
#include "runtime/stage_stays.h"

namespace equilens {
namespace {

using nlohmann::json;

// Calendar days between two event timestamps, to a tenth ("2.5").
std::string DaysText(const std::string& from, const std::string& to) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", DaysBetween(from, to));
  return buffer;
}

const char* DecisionKind(const std::string& kind) {
  if (kind == "approved") return "approved";
  if (kind == "rejected") return "declined";
  if (kind == "withdrawn") return "withdrawn";
  return nullptr;
}

// One initiative's part of the report, from its events in order; school days on `calendar`.
json InitiativeEntry(const std::vector<StoredEvent>& events, const std::string& outcome,
                     const StoredEvent& decided, const WorkflowDefinition* workflow,
                     const SchoolCalendar& calendar) {
  json entry = {{"id", decided.initiative},
                {"title", ""},
                {"department", ""},
                {"submitter", ""},
                {"workflow_id", ""},
                {"workflow_version", 0},
                {"outcome", outcome},
                {"decided_at", decided.at},
                {"decided_by", decided.actor},
                {"decision_outcome", ""},
                {"stages", json::array()},
                {"returns", json::array()},
                {"overrides", json::array()},
                {"voided_approvals", json::array()}};
  std::map<std::int64_t, json> approvals;  // seq -> {at, actor, event, stage}
  StageStays stays(workflow);
  // A return goes back to a stage first entered before the one it leaves.
  auto first_entered = [&](const std::string& stage) {
    const std::vector<std::string>& path = stays.path();
    return std::find(path.begin(), path.end(), stage) - path.begin();
  };
  std::map<std::string, json> answers;  // stage -> latest answers
  for (const StoredEvent& e : events) {
    if (e.seq > decided.seq) break;
    const json p = json::parse(e.payload, nullptr, false);
    auto text = [&](const char* key) { return p.value(key, std::string()); };
    if (e.kind == "initiative_filed") {
      entry["title"] = text("title");
      entry["department"] = text("department");
      entry["submitter"] = text("submitter");
      entry["workflow_id"] = text("workflow_id");
      entry["workflow_version"] = p.value("workflow_version", 0);
    } else if (e.kind == "stage_advanced") {
      const std::string to = text("stage");
      if (first_entered(to) < first_entered(text("from"))) {
        entry["returns"].push_back({{"at", e.at},
                                    {"actor", e.actor},
                                    {"event", text("event")},
                                    {"from", text("from")},
                                    {"to", to},
                                    {"note", text("note")}});
      }
      if (p.contains("approval")) {
        approvals[e.seq] = {
            {"at", e.at}, {"actor", e.actor}, {"event", text("event")}, {"stage", text("from")}};
      }
      if (answers.count(text("from")) && answers[text("from")].contains("outcome")) {
        entry["decision_outcome"] = answers[text("from")]["outcome"];
      }
    } else if (e.kind == "vote_recorded" && p.contains("approval")) {
      approvals[e.seq] = {
          {"at", e.at}, {"actor", e.actor}, {"event", text("event")}, {"stage", text("stage")}};
    } else if (e.kind == "returned") {
      entry["returns"].push_back(
          {{"at", e.at},
           {"actor", e.actor},
           {"event", "return"},
           {"from", stays.stays().empty() ? std::string() : stays.stays().back().stage},
           {"to", "draft"},
           {"note", text("note")}});
    } else if (e.kind == "answers_saved") {
      answers[text("stage")] = p.value("answers", json::object());
    } else if (e.kind == "feedback_answered" && text("disposition") == "declined") {
      entry["overrides"].push_back(
          {{"at", e.at},
           {"actor", e.actor},
           {"what", "declined feedback item " + std::to_string(p.value("number", 0))},
           {"note", text("reason")}});
    } else if (e.kind == "approvals_voided") {
      for (const json& seq : p.value("voided", json::array())) {
        auto approval = approvals.find(seq.is_number_integer() ? seq.get<std::int64_t>() : 0);
        if (approval == approvals.end()) continue;
        json voided = approval->second;
        voided["voided_at"] = e.at;
        voided["cause"] = text("because");
        entry["voided_approvals"].push_back(std::move(voided));
      }
    }
    stays.Observe(e, p);
  }
  stays.Leave(decided.at);
  for (const StageStay& stay : stays.stays()) {
    const Stage* known = workflow ? workflow->FindStage(stay.stage) : nullptr;
    entry["stages"].push_back(
        {{"stage", stay.stage},
         {"title", known && !known->title.empty() ? known->title : stay.stage},
         {"entered_at", stay.entered_at},
         {"left_at", stay.left_at},
         {"days", DaysText(stay.entered_at, stay.left_at)},  // every stay has ended here
         {"school_days", calendar.SchoolDaysBetween(stay.entered_at, stay.left_at)}});
  }
  if (entry["decision_outcome"] == "continue_with_justification") {
    entry["overrides"].push_back(
        {{"at", decided.at},
         {"actor", decided.actor},
         {"what", "continued despite an equity concern, with justification"},
         {"note", ""}});
  }
  return entry;
}

}  // namespace

Result<std::string> Engine::AuditReport(const CommandOptions& options, const std::string& from,
                                        const std::string& to, const std::string& format) {
  if (format != "md" && format != "html") {
    return UsageError("audit report formats are md and html, not '" + format + "'");
  }
  if (!IsIsoDate(from) || !IsIsoDate(to)) {
    return InvalidInput("--from and --to are dates, YYYY-MM-DD (got '" + from + "', '" + to + "')");
  }
  if (to < from) return InvalidInput("--to " + to + " is before --from " + from);
  auto templ = LoadDocumentTemplate(HomeDir(), "audit-report." + format + ".mustache");
  if (!templ.ok()) return templ.status();
  auto scope = impl_->Read(options, Command::kAuditReport, "");
  if (!scope.ok()) return scope.status();
  auto verified = Verify(options, std::nullopt);
  if (!verified.ok()) return verified.status();
  auto snapshot = ReadTransaction::Begin(*impl_->db);
  if (!snapshot.ok()) return snapshot.status();

  // Decisions in the period, by the event that made them (the last one per initiative).
  std::map<std::string, std::pair<std::string, StoredEvent>> decided;  // id -> (outcome, event)
  Status walked = impl_->log.ForEach(1, [&](const StoredEvent& event) {
    const char* outcome = DecisionKind(event.kind);
    const std::string day = event.at.substr(0, 10);
    if (outcome != nullptr && day >= from && day <= to) {
      decided[event.initiative] = {outcome, event};
    }
    return Status::Ok();
  });
  if (!walked.ok()) return walked;

  auto calendar = impl_->definitions.Calendar(impl_->repo);  // the district's, as loaded now
  if (!calendar.ok()) return calendar.status();
  json initiatives = json::array();
  json totals = {{"decided", 0}, {"approved", 0},  {"declined", 0},        {"withdrawn", 0},
                 {"returns", 0}, {"overrides", 0}, {"voided_approvals", 0}};
  for (const auto& [id, decision] : decided) {
    auto events = impl_->log.ForInitiative(id);
    if (!events.ok()) return events.status();
    std::shared_ptr<const WorkflowDefinition> workflow;  // for stage titles
    if (!events->empty()) {
      const json filed = json::parse(events->front().payload, nullptr, false);
      auto loaded =
          impl_->definitions.Workflow(impl_->repo, filed.value("workflow_sha256", std::string()));
      if (loaded.ok()) workflow = *loaded;
    }
    json entry =
        InitiativeEntry(*events, decision.first, decision.second, workflow.get(), **calendar);
    totals["decided"] = totals["decided"].get<int>() + 1;
    totals[decision.first] = totals[decision.first].get<int>() + 1;
    for (const char* list : {"returns", "overrides", "voided_approvals"}) {
      totals[list] = totals[list].get<int>() + static_cast<int>(entry[list].size());
    }
    initiatives.push_back(std::move(entry));
  }
  const json context = {
      {"document",
       {{"title", "Ombuds audit report"},
        {"printed_at", scope->now},
        {"printed_by", scope->actor.name},
        {"from", from},
        {"to", to}}},
      {"chain",
       {{"intact", verified->intact},
        {"events_checked", verified->events_checked},
        {"head_seq", verified->head_seq},
        {"head_hash", verified->head_hash},
        {"problem", verified->problem},
        {"first_bad_seq",
         verified->first_bad_seq ? std::to_string(*verified->first_bad_seq) : std::string()}}},
      {"has_initiatives", !initiatives.empty()},
      {"initiatives", std::move(initiatives)},
      {"totals", std::move(totals)}};
  return RenderDocument(*templ, AuditReportSchema(), context,
                        format == "html" ? Escape::kHtml : Escape::kNone);
}

}  // namespace equilens
