// Answers to a form: read from YAML, checked against the form, kept as canonical JSON.
//
// An answers file is a YAML mapping from field name to value (records: a list of mappings).
// It passes the same safety pre-scan as definitions (no anchors, aliases, tags; bounded size
// and depth). Partial answers are valid: a missing required field is not an error until a
// transition `requires: [form_complete]`.
//
// Canonical JSON: an object whose keys are field names (sorted), values typed by the form:
// text/long_text/date/choice -> string, multi_choice -> array of strings, number -> number,
// boolean -> bool, records -> array of objects of the same shape. null clears a field.
#ifndef EQUILENS_ANSWERS_H_
#define EQUILENS_ANSWERS_H_

#include <optional>
#include <string>
#include <vector>

#include "equilens/definition.h"

namespace equilens {

// Parses and checks `source` against `form`. Returns the canonical JSON of the answers given,
// or nullopt after appending every problem (FILE:LINE:COL, naming the field) to `errors`:
// unknown field (with did-you-mean), wrong type, a choice not among the field's choices, a
// malformed or impossible date, a number outside min/max, a record with unknown sub-fields.
std::optional<std::string> ParseAnswers(const DefinitionSource& source, const FormDefinition& form,
                                        std::vector<Diagnostic>& errors);

// `update` over `base` (both canonical JSON objects): fields in update replace those in base;
// a null in update removes the field. Returns canonical JSON.
std::string MergeAnswers(const std::string& base_json, const std::string& update_json);

// The required fields of `form` that `answers_json` leaves unanswered, as "section.field"
// (records: "section.field[2].sub" for a required sub-field of record 2, and "section.field"
// when fewer than min_records records are given). Empty = complete.
std::vector<std::string> MissingRequired(const FormDefinition& form,
                                         const std::string& answers_json);

// A YAML answers file to fill in: every field, with its label, type, choices, whether it is
// required and its help as comments; values empty (or the current answers when given).
std::string AnswersSkeleton(const FormDefinition& form, const std::string& current_json = "{}");

}  // namespace equilens

#endif  // EQUILENS_ANSWERS_H_
