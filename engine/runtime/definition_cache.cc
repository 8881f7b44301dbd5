// Parsing stored definition text once and keeping it.
#include "runtime/definition_cache.h"

namespace equilens {
namespace {

Status StoredDefinitionInvalid(const DefinitionRow& row, const std::vector<Diagnostic>& errors) {
  std::string message = "the stored " + row.kind + " " + row.id + " v" +
                        std::to_string(row.version) + " no longer validates";
  if (!errors.empty()) message += ": " + errors.front().ToString();
  return IntegrityError(message);
}

}  // namespace

Result<std::shared_ptr<const FormDefinition>> DefinitionCache::Form(Repository& repo,
                                                                    const std::string& sha256) {
  if (auto it = forms_.find(sha256); it != forms_.end()) return it->second;
  auto row = repo.DefinitionBySha(sha256);
  if (!row.ok()) return row.status();
  if (!row->has_value()) return IntegrityError("form " + sha256 + " is bound but not stored");
  std::vector<Diagnostic> errors;
  std::optional<FormDefinition> form = ParseForm({(*row)->source_name, (*row)->text}, errors);
  if (!form) return StoredDefinitionInvalid(**row, errors);
  auto shared = std::make_shared<const FormDefinition>(std::move(*form));
  forms_[sha256] = shared;
  return shared;
}

Result<std::shared_ptr<const WorkflowDefinition>> DefinitionCache::Workflow(
    Repository& repo, const std::string& sha256) {
  if (auto it = workflows_.find(sha256); it != workflows_.end()) return it->second;
  auto row = repo.DefinitionBySha(sha256);
  if (!row.ok()) return row.status();
  if (!row->has_value()) return NotFound("no workflow stored with sha256 " + sha256);
  auto bindings = repo.FormBindings(sha256);
  if (!bindings.ok()) return bindings.status();
  bindings_[sha256] = *bindings;
  std::map<std::string, std::shared_ptr<const FormDefinition>, std::less<>> forms;
  for (const auto& [form_id, form_sha] : *bindings) {
    auto form = Form(repo, form_sha);
    if (!form.ok()) return form.status();
    forms[form_id] = *form;
  }
  FormLookup lookup = [&forms](std::string_view id) -> const FormDefinition* {
    auto it = forms.find(id);
    return it == forms.end() ? nullptr : it->second.get();
  };
  std::vector<Diagnostic> errors;
  std::optional<WorkflowDefinition> workflow =
      ParseWorkflow({(*row)->source_name, (*row)->text}, lookup, errors);
  if (!workflow) return StoredDefinitionInvalid(**row, errors);
  auto shared = std::make_shared<const WorkflowDefinition>(std::move(*workflow));
  workflows_[sha256] = shared;
  return shared;
}

Result<std::shared_ptr<const FormDefinition>> DefinitionCache::StageForm(
    Repository& repo, const std::string& workflow_sha256, const std::string& stage) {
  auto workflow = Workflow(repo, workflow_sha256);
  if (!workflow.ok()) return workflow.status();
  const Stage* found = (*workflow)->FindStage(stage);
  if (found == nullptr || found->form.empty()) return std::shared_ptr<const FormDefinition>();
  return BoundForm(repo, workflow_sha256, found->form);
}

Result<std::shared_ptr<const FormDefinition>> DefinitionCache::BoundForm(
    Repository& repo, const std::string& workflow_sha256, const std::string& form_id) {
  auto workflow = Workflow(repo, workflow_sha256);
  if (!workflow.ok()) return workflow.status();
  if (form_id.empty()) return std::shared_ptr<const FormDefinition>();
  // Workflow() above filled the bindings: no query per form on the command path.
  const std::map<std::string, std::string>& bindings = bindings_.at(workflow_sha256);
  auto it = bindings.find(form_id);
  if (it == bindings.end()) {
    return IntegrityError("workflow " + (*workflow)->id + " uses form " + form_id +
                          " but no version of it is bound");
  }
  return Form(repo, it->second);
}

Result<std::shared_ptr<const SchoolCalendar>> DefinitionCache::Calendar(Repository& repo) {
  auto rows = repo.Definitions();
  if (!rows.ok()) return rows.status();
  std::map<std::string, const DefinitionRow*> newest;  // calendar id -> its newest version
  for (const DefinitionRow& row : *rows) {
    if (row.kind != "calendar") continue;
    const DefinitionRow*& slot = newest[row.id];
    if (slot == nullptr || slot->version < row.version) slot = &row;
  }
  std::string key;
  for (const auto& [id, row] : newest) key += row->sha256 + ",";
  if (key == calendar_key_) return calendar_;
  std::vector<std::shared_ptr<const CalendarDefinition>> calendars;
  for (const auto& [id, row] : newest) {
    std::vector<Diagnostic> errors;
    std::optional<CalendarDefinition> calendar =
        ParseCalendar({row->source_name, row->text}, errors);
    if (!calendar) return StoredDefinitionInvalid(*row, errors);
    calendars.push_back(std::make_shared<const CalendarDefinition>(std::move(*calendar)));
  }
  calendar_ = std::make_shared<const SchoolCalendar>(calendars);
  calendar_key_ = std::move(key);
  return calendar_;
}

}  // namespace equilens
