// LintDefinitionFiles: forms and calendars first, then workflows against the forms and the
// forms folder.
#include "equilens/lint.h"

#include <cstdlib>
#include <filesystem>
#include <map>

#ifndef EQUILENS_SOURCE_DIR
#define EQUILENS_SOURCE_DIR "."
#endif

namespace equilens {
namespace fs = std::filesystem;

std::string DefaultFormsDir(const std::string& workflow_path) {
  if (const char* home = std::getenv("EQUILENS_HOME"); home != nullptr && *home != '\0') {
    return (fs::path(home) / "templates" / "forms").string();
  }
  fs::path beside = fs::path(workflow_path).parent_path().parent_path() / "templates" / "forms";
  std::error_code ec;
  if (!workflow_path.empty() && fs::is_directory(beside, ec)) return beside.string();
  return (fs::path(EQUILENS_SOURCE_DIR) / "templates" / "forms").string();
}

LintResult LintDefinitionFiles(const std::vector<std::string>& paths, std::string forms_dir,
                               const FormLookup& known_forms) {
  LintResult result;
  std::vector<DefinitionSource> workflows;
  for (const std::string& path : paths) {
    Result<DefinitionSource> source = ReadDefinitionFile(path);
    if (!source.ok()) {
      result.diagnostics.push_back({path, {}, source.status().message()});
      continue;
    }
    switch (SniffDefinitionKind(*source)) {
      case DefinitionKind::kForm:
        if (auto form = ParseForm(*source, result.diagnostics)) {
          result.valid.forms.push_back(std::make_shared<const FormDefinition>(std::move(*form)));
        }
        break;
      case DefinitionKind::kCalendar:
        if (auto calendar = ParseCalendar(*source, result.diagnostics)) {
          result.valid.calendars.push_back(
              std::make_shared<const CalendarDefinition>(std::move(*calendar)));
        }
        break;
      case DefinitionKind::kWorkflow:
        workflows.push_back(std::move(*source));
        break;
      case DefinitionKind::kUnknown:
        // Let the workflow parser say precisely what is wrong with it.
        workflows.push_back(std::move(*source));
        break;
    }
  }
  if (workflows.empty()) return result;

  // Forms from the folder fill in what the call did not name; named files win.
  if (forms_dir.empty()) forms_dir = DefaultFormsDir(workflows.front().name);
  std::map<std::string, std::shared_ptr<const FormDefinition>, std::less<>> folder_forms;
  std::vector<Diagnostic> ignored;  // a broken form in the folder is that file's lint problem
  for (const std::string& path : YamlFilesIn(forms_dir, ignored)) {
    Result<DefinitionSource> source = ReadDefinitionFile(path);
    if (!source.ok()) continue;
    if (auto form = ParseForm(*source, ignored)) {
      std::string id = form->id;
      folder_forms[id] = std::make_shared<const FormDefinition>(std::move(*form));
    }
  }
  FormLookup lookup = [&](std::string_view id) -> const FormDefinition* {
    if (const FormDefinition* named = result.valid.FindForm(id)) return named;
    if (known_forms) {
      if (const FormDefinition* known = known_forms(id)) return known;
    }
    auto it = folder_forms.find(id);
    return it == folder_forms.end() ? nullptr : it->second.get();
  };
  for (const DefinitionSource& source : workflows) {
    if (auto workflow = ParseWorkflow(source, lookup, result.diagnostics)) {
      result.valid.workflows.push_back(
          std::make_shared<const WorkflowDefinition>(std::move(*workflow)));
    }
  }
  return result;
}

}  // namespace equilens
