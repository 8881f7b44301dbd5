// Loading a document template, and rendering it only after the template check passes.
#include "render/document_render.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "render/mstch_render.h"
#include "render/template_check.h"

namespace equilens {

Result<DocumentTemplate> LoadDocumentTemplate(const std::string& home_dir,
                                              const std::string& file) {
  return LoadTemplate(home_dir, "templates/documents", file);
}

Result<DocumentTemplate> LoadTemplate(const std::string& home_dir, const std::string& folder,
                                      const std::string& file) {
  // The file name comes from a document or notification kind, never a path: refuse anything
  // that could reach outside the folder.
  if (file.empty() || file.find('/') != std::string::npos || file.front() == '.') {
    return InvalidInput("'" + file + "' is not a template file name");
  }
  const std::string name = folder + "/" + file;
  const std::filesystem::path path = std::filesystem::path(home_dir) / name;
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return NotFound("no template " + name + " (looked for " + path.string() + ")");
  }
  std::ifstream in(path, std::ios::binary);
  std::string text;
  if (in) text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in.is_open() || in.bad()) {
    return NotFound("cannot read template " + name + " (" + path.string() + ")");
  }
  return DocumentTemplate{name, std::move(text)};
}

Result<std::string> RenderDocument(const DocumentTemplate& tmpl, const nlohmann::json& schema,
                                   const nlohmann::json& context, Escape escape) {
  const std::vector<std::string> problems = CheckTemplate(tmpl.name, tmpl.text, schema);
  if (!problems.empty()) {
    std::string message;
    for (const std::string& problem : problems) {
      if (!message.empty()) message += "\n";
      message += problem;
    }
    return InvalidInput(std::move(message));
  }
  return RenderMustache(tmpl.text, context, escape == Escape::kHtml);
}

}  // namespace equilens
