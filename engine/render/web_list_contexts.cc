// The list pages' contexts: the inbox (what waits for me), filing an initiative, and the
// district queue (what waits across the district, by department and age).
#include <algorithm>
#include <map>
#include <set>

#include "render/web_context.h"

namespace equilens::web {
namespace {

using nlohmann::json;

std::string InitiativeHref(const std::string& id) { return "/initiatives/" + UrlEncode(id); }

// The newest version of each workflow `definitions` lists, in title order.
std::vector<DefinitionInfo> NewestWorkflows(const std::vector<DefinitionInfo>& definitions) {
  std::map<std::string, DefinitionInfo> newest;
  for (const DefinitionInfo& info : definitions) {
    if (info.kind != "workflow") continue;
    auto [it, added] = newest.emplace(info.id, info);
    if (!added && info.version > it->second.version) it->second = info;
  }
  std::vector<DefinitionInfo> workflows;
  for (auto& entry : newest) workflows.push_back(std::move(entry.second));
  std::stable_sort(
      workflows.begin(), workflows.end(),
      [](const DefinitionInfo& a, const DefinitionInfo& b) { return a.title < b.title; });
  return workflows;
}

}  // namespace

json InboxContext(const PageFrame& frame, const InboxView& inbox) {
  json context = FrameContext(frame);
  json rows = json::array();
  int overdue = 0;
  for (const InboxItem& item : inbox.items) {
    overdue += item.overdue ? 1 : 0;
    rows.push_back(
        {{"id", item.id},
         {"href", InitiativeHref(item.id)},
         {"title", item.title},
         {"department", item.department},
         {"stage", item.stage},
         {"stage_title", item.stage_title.empty() ? Humanize(item.stage) : item.stage_title},
         {"why", item.why},
         {"waiting_since", item.waiting_since},
         {"waiting_since_text", WhenText(item.waiting_since)},
         {"due", item.due},
         {"has_due", !item.due.empty()},
         {"overdue", item.overdue}});
  }
  // Pages of the waiting initiatives: ?offset= on /inbox, the engine's range.
  const InboxRange& range = inbox.range;
  const std::int64_t shown = std::min<std::int64_t>(range.limit, inbox.waiting - range.offset);
  const bool paged = range.offset > 0 || inbox.more;
  context["inbox"] = {{"count", paged ? inbox.waiting : static_cast<std::int64_t>(rows.size())},
                      {"has_items", !rows.empty()},
                      {"overdue_count", overdue},
                      {"has_overdue", overdue > 0},
                      {"paged", paged},
                      {"first", range.offset + 1},
                      {"last", range.offset + std::max<std::int64_t>(shown, 0)},
                      {"has_newer", range.offset > 0},
                      {"newer_href", "/inbox?offset=" + std::to_string(std::max<std::int64_t>(
                                                            range.offset - range.limit, 0))},
                      {"has_older", inbox.more},
                      {"older_href", "/inbox?offset=" + std::to_string(range.offset + range.limit)},
                      {"items", std::move(rows)}};
  return context;
}

json FileContext(const PageFrame& frame, const std::vector<DefinitionInfo>& definitions,
                 const PostedForm& posted) {
  json context = FrameContext(frame);
  const std::vector<DefinitionInfo> workflows = NewestWorkflows(definitions);
  std::string chosen = PostedValue(posted, "file", "workflow");
  if (chosen.empty() && !workflows.empty()) chosen = workflows.front().id;
  json choices = json::array();
  for (const DefinitionInfo& workflow : workflows) {
    choices.push_back({{"id", workflow.id},
                       {"title", workflow.title.empty() ? workflow.id : workflow.title},
                       {"version", workflow.version},
                       {"input_id", "wf-" + workflow.id},
                       {"selected", workflow.id == chosen}});
  }
  const std::string department = frame.user ? frame.user->department : "";
  json file = {{"action", "/initiatives"},
               {"department", department},
               {"has_department", !department.empty()},
               {"has_workflows", !choices.empty()},
               {"workflows", std::move(choices)},
               {"title", PostedValue(posted, "file", "title")},
               {"summary", PostedValue(posted, "file", "summary")}};
  static const struct {
    const char* field;
    const char* label;
    const char* href;
  } kFields[] = {{"workflow", "Workflow", "#workflow-choices"},
                 {"title", "Title", "#file-title"},
                 {"summary", "Summary", "#file-summary"}};
  for (const auto& field : kFields) {
    const std::string problem = ProblemFor(posted, "file", field.field);
    file[std::string(field.field) + "_error"] = problem;
    file["has_" + std::string(field.field) + "_error"] = !problem.empty();
    if (!problem.empty())
      AddProblem(context, std::string(field.label) + ": " + problem, field.href);
  }
  context["file"] = std::move(file);
  return context;
}

json QueueContext(const PageFrame& frame, const std::vector<InitiativeSummary>& initiatives,
                  const InitiativeFilter& filter) {
  json context = FrameContext(frame);
  // Departments in name order; inside each, the longest wait first (then the oldest update).
  std::map<std::string, std::vector<const InitiativeSummary*>> by_department;
  std::set<std::string> stages;
  for (const InitiativeSummary& item : initiatives) {
    by_department[item.department].push_back(&item);
    if (!item.stage.empty()) stages.insert(item.stage);
  }
  if (!filter.stage.empty()) stages.insert(filter.stage);
  json groups = json::array();
  std::set<std::string> departments;
  for (auto& [department, items] : by_department) {
    departments.insert(department);
    std::stable_sort(items.begin(), items.end(),
                     [](const InitiativeSummary* a, const InitiativeSummary* b) {
                       if (a->days_in_stage != b->days_in_stage) {
                         return a->days_in_stage > b->days_in_stage;
                       }
                       return a->updated_at < b->updated_at;
                     });
    json rows = json::array();
    for (const InitiativeSummary* item : items) {
      rows.push_back(
          {{"id", item->id},
           {"href", InitiativeHref(item->id)},
           {"title", item->title},
           {"submitter", item->submitter},
           {"lifecycle_label", Humanize(LifecycleStateName(item->lifecycle))},
           {"stage_title", item->stage_title.empty() ? Humanize(item->stage) : item->stage_title},
           {"days_in_stage", item->days_in_stage},
           {"due", item->stage_due},
           {"has_due", !item->stage_due.empty()},
           {"overdue", item->overdue},
           {"updated_at_text", WhenText(item->updated_at)}});
    }
    groups.push_back({{"department", department},
                      {"heading_id", FieldId("dept-" + department)},
                      {"count", rows.size()},
                      {"items", std::move(rows)}});
  }
  if (!filter.department.empty()) departments.insert(filter.department);
  json lifecycles = json::array();
  for (LifecycleState state :
       {LifecycleState::kDraft, LifecycleState::kInReview, LifecycleState::kOnHold,
        LifecycleState::kApproved, LifecycleState::kMonitoring, LifecycleState::kClosed,
        LifecycleState::kRejected, LifecycleState::kWithdrawn}) {
    const std::string name = LifecycleStateName(state);
    lifecycles.push_back(
        {{"value", name}, {"label", Humanize(name)}, {"selected", filter.lifecycle == name}});
  }
  context["queue"] = {
      {"action", "/queue"},
      {"count", initiatives.size()},
      {"has_items", !initiatives.empty()},
      {"limit_reached", filter.limit > 0 && static_cast<int>(initiatives.size()) >= filter.limit},
      {"filter",
       {{"department", filter.department}, {"stage", filter.stage}, {"text", filter.text}}},
      {"lifecycles", std::move(lifecycles)},
      {"departments", std::vector<std::string>(departments.begin(), departments.end())},
      {"stages", std::vector<std::string>(stages.begin(), stages.end())},
      {"groups", std::move(groups)}};
  return context;
}

}  // namespace equilens::web
