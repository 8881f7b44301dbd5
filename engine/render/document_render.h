// Printed documents (the equity impact statement, the ombuds audit report) from Mustache
// templates the district edits in templates/documents/. A template is checked against the
// document's schema before it renders, so a misspelt name is refused with its line and column
// instead of printing as a blank. See docs/documents.md.
#ifndef EQUILENS_RENDER_DOCUMENT_RENDER_H_
#define EQUILENS_RENDER_DOCUMENT_RENDER_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "equilens/status.h"

namespace equilens {

enum class Escape {
  kHtml,  // for .html templates: & < > " ' in {{name}} values become entities
  kNone,  // for .md templates: values are inserted exactly as they are
};

struct DocumentTemplate {
  std::string name;  // "templates/documents/<file>": the path shown in messages
  std::string text;
};

// Reads `home_dir`/templates/documents/`file`; `home_dir` is the folder holding templates/
// (EQUILENS_HOME, or the source tree for the shipped templates). not_found naming the path
// when the file is missing or unreadable; invalid_input when `file` is not a plain file name.
Result<DocumentTemplate> LoadDocumentTemplate(const std::string& home_dir, const std::string& file);
// The same for any template folder under `home_dir` ("templates/notifications").
Result<DocumentTemplate> LoadTemplate(const std::string& home_dir, const std::string& folder,
                                      const std::string& file);

// `tmpl` rendered with `context`. First checks the template against `schema` (a JSON value
// shaped like the context with one example item in each list, e.g. StatementSchema()):
// invalid_input, one "NAME:LINE:COL: message" line per problem, when a tag names a variable
// the schema does not offer at that point ("unknown variable 'feedbak' (did you mean
// 'feedback'?)"), when sections do not balance, and for partials and set-delimiter tags,
// which are not supported. Comments are fine. internal if the renderer fails.
// `context` is not checked against `schema`: SchemaDifferences is that check, for tests.
// Thread-safe.
Result<std::string> RenderDocument(const DocumentTemplate& tmpl, const nlohmann::json& schema,
                                   const nlohmann::json& context, Escape escape);

// Where `context` and `schema` differ in shape, one "PATH: missing in schema" or "PATH:
// missing in context" line per key (PATH like "forms[].sections[].title"), and "PATH: a list
// in schema, a string in context" where one has an object or list and the other does not.
// Each list item is compared with the schema's example item. Empty when they match. For tests
// and debugging: the builder of a context proves it offers exactly what templates may use.
std::vector<std::string> SchemaDifferences(const nlohmann::json& schema,
                                           const nlohmann::json& context);

}  // namespace equilens

#endif  // EQUILENS_RENDER_DOCUMENT_RENDER_H_
