// Reading definition files and folders into a DefinitionSet, and sniffing a file's kind.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <utility>

#include "definition/yaml_tree.h"
#include "equilens/definition.h"

namespace equilens {
namespace {

namespace fs = std::filesystem;

}  // namespace

std::vector<std::string> YamlFilesIn(const std::string& dir, std::vector<Diagnostic>& errors) {
  std::vector<std::string> paths;
  std::error_code error;
  if (!fs::is_directory(dir, error)) {
    errors.push_back({dir, {}, "no such folder (expected definition *.yaml files here)"});
    return paths;
  }
  // Incremented with an error_code: a range-for's ++ would throw on an I/O error.
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    std::error_code kind_error;
    if (it->path().extension() == ".yaml" && !it->is_directory(kind_error)) {
      paths.push_back(it->path().string());
    }
  }
  if (error) errors.push_back({dir, {}, "cannot list the folder: " + error.message()});
  std::sort(paths.begin(), paths.end());
  return paths;
}

namespace {

// The definition with `id` and the highest version among `all`; nullptr when there is none.
template <typename Definition>
const Definition* Highest(const std::vector<std::shared_ptr<const Definition>>& all,
                          std::string_view id) {
  const Definition* best = nullptr;
  for (const auto& definition : all) {
    if (definition->id == id && (best == nullptr || definition->version > best->version)) {
      best = definition.get();
    }
  }
  return best;
}

// Adds `definition` unless its id and version are already in `all` (then reports the clash).
template <typename Definition>
void AddOnce(Definition definition, const char* kind,
             std::vector<std::shared_ptr<const Definition>>& all, std::vector<Diagnostic>& errors) {
  for (const auto& existing : all) {
    if (existing->id == definition.id && existing->version == definition.version) {
      errors.push_back({definition.source_name,
                        {1, 1},
                        std::string(kind) + " '" + definition.id + "' version " +
                            std::to_string(definition.version) + " is also defined in " +
                            existing->source_name + ": give this one a new version"});
      return;
    }
  }
  all.push_back(std::make_shared<const Definition>(std::move(definition)));
}

}  // namespace

Result<DefinitionSource> ReadDefinitionFile(const std::string& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) return NotFound(path + " is a folder, not a definition file");
  const std::uintmax_t size = fs::file_size(path, error);
  if (!error && size > kMaxDefinitionBytes) {
    return InvalidInput(path + " is " + std::to_string(size) +
                        " bytes; a definition may be at "
                        "most " +
                        std::to_string(kMaxDefinitionBytes) + " bytes (1 MiB)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open " + path);
  // Read in pieces and stop one byte past the limit: the size may have changed since it was
  // checked, or the path may not be a regular file at all (a pipe, /dev/zero).
  DefinitionSource source{path, {}};
  if (!error) source.text.reserve(static_cast<std::size_t>(size));
  char buffer[64 * 1024];
  while (source.text.size() <= kMaxDefinitionBytes && in.read(buffer, sizeof buffer).gcount() > 0) {
    source.text.append(buffer, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) return NotFound("cannot read " + path);
  if (source.text.size() > kMaxDefinitionBytes) {
    return InvalidInput(path + " is larger than " + std::to_string(kMaxDefinitionBytes) +
                        " bytes (1 MiB), the most a definition may be");
  }
  return source;
}

DefinitionKind SniffDefinitionKind(const DefinitionSource& source) {
  const std::optional<std::string> first = ReadFirstKey(source);
  if (first == "workflow") return DefinitionKind::kWorkflow;
  if (first == "form") return DefinitionKind::kForm;
  if (first == "calendar") return DefinitionKind::kCalendar;
  return DefinitionKind::kUnknown;
}

const FormDefinition* DefinitionSet::FindForm(std::string_view form_id) const {
  return Highest(forms, form_id);
}

const WorkflowDefinition* DefinitionSet::FindWorkflow(std::string_view workflow_id) const {
  return Highest(workflows, workflow_id);
}

FormLookup DefinitionSet::Lookup() const {
  return [this](std::string_view form_id) { return FindForm(form_id); };
}

DefinitionSet LoadDefinitionDirs(const std::string& forms_dir, const std::string& workflows_dir,
                                 std::vector<Diagnostic>& errors) {
  DefinitionSet set;
  for (const std::string& path : YamlFilesIn(forms_dir, errors)) {
    Result<DefinitionSource> source = ReadDefinitionFile(path);
    if (!source.ok()) {
      errors.push_back({path, {}, source.status().message()});
    } else if (std::optional<FormDefinition> form = ParseForm(*source, errors)) {
      AddOnce(std::move(*form), "form", set.forms, errors);
    }
  }
  const FormLookup lookup = set.Lookup();
  for (const std::string& path : YamlFilesIn(workflows_dir, errors)) {
    Result<DefinitionSource> source = ReadDefinitionFile(path);
    if (!source.ok()) {
      errors.push_back({path, {}, source.status().message()});
    } else if (std::optional<WorkflowDefinition> workflow =
                   ParseWorkflow(*source, lookup, errors)) {
      AddOnce(std::move(*workflow), "workflow", set.workflows, errors);
    }
  }
  return set;
}

}  // namespace equilens
