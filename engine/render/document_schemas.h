// The shape of each printed document's context: the one definition shared by the code that
// builds a context, the template check, and the variable reference in docs/documents.md.
#ifndef EQUILENS_RENDER_DOCUMENT_SCHEMAS_H_
#define EQUILENS_RENDER_DOCUMENT_SCHEMAS_H_

#include <nlohmann/json.hpp>

namespace equilens {

// Each is a context with example values and exactly one example item in each list, so it is
// itself a valid context (tests render the shipped templates with it). A builder of a real
// context proves its shape with SchemaDifferences(schema, context). Thread-safe: built once.

// templates/documents/equity-impact-statement.{md,html}.mustache: one initiative, printed.
const nlohmann::json& StatementSchema();

// templates/documents/audit-report.{md,html}.mustache: the ombuds' report over a period.
const nlohmann::json& AuditReportSchema();

}  // namespace equilens

#endif  // EQUILENS_RENDER_DOCUMENT_SCHEMAS_H_
