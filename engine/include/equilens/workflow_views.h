// Views of loaded definitions for people and programs: a workflow's stage graph (Mermaid,
// Graphviz DOT), a readable summary for `equilens workflow show`, and JSON encodings of
// workflows, forms and diagnostics for --json and the server.
//
// Every function reads only its argument and returns a new string: none fails, none does
// I/O, all are reentrant and safe to call from several threads on a shared definition.
// They expect a validated definition but stay well-formed on a hand-built one (an edge to an
// unknown stage is drawn, not dropped).
#ifndef EQUILENS_WORKFLOW_VIEWS_H_
#define EQUILENS_WORKFLOW_VIEWS_H_

#include <string>
#include <vector>

#include "equilens/definition.h"

namespace equilens {

// The stage graph as a Mermaid `flowchart TD`: a start marker into `start`, one node per
// stage (title, owner, form, SLA, segregation, quorum), one edge per transition labelled
// "event [roles]", then "when: <guard>" and "requires: ..." on their own lines (a fallback
// after a guarded transition on the same event reads "otherwise"), end stages styled as
// approve or reject, and notes for the lifecycle roles and the report-back. User text is
// escaped with Mermaid entity codes, so quotes, brackets, pipes and newlines are safe.
std::string RenderMermaid(const WorkflowDefinition& workflow);

// The same graph as a Graphviz `digraph`, every identifier and label a quoted, escaped string.
std::string RenderDot(const WorkflowDefinition& workflow);

// A readable summary: title, id and version, short SHA-256, roles, stages (owner, form, SLA,
// distinct_from, quorum, end), transitions in the order they are tried (who, guard, requires),
// the lifecycle roles (absent = nobody), and the report-back. Ends with a newline.
std::string DescribeWorkflowText(const WorkflowDefinition& workflow);

// The workflow as a JSON object: id, version, title, description, sha256, source, roles,
// start, stages (id, title, description, owner, form, sla_school_days, distinct_from, quorum,
// end: "approve" | "reject" | null), transitions (from, on, to, by, requires, when: the guard in
// its YAML shape or null, when_text), lifecycle (every event -> roles; [] = nobody) and
// report_back (object or null). Compact, one line.
std::string WorkflowJson(const WorkflowDefinition& workflow);

// The form as a JSON object: id, version, title, description, sha256, source, and sections
// (id, title, help, fields). A field has name, type, label, required, help and choices (empty
// unless a choice type); min and max when set; records add min_records and fields. Compact.
std::string FormJson(const FormDefinition& form);

// Diagnostics as a JSON array of {file, line, column, message}; line and column are 0 when
// not known. Compact.
std::string DiagnosticsJson(const std::vector<Diagnostic>& diagnostics);

}  // namespace equilens

#endif  // EQUILENS_WORKFLOW_VIEWS_H_
