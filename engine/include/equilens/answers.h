// Answers to a form: read from YAML or a web form's posted fields, checked against the form,
// kept as canonical JSON.
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

// A web form's posted field, before typing: "risk_level" = "high"; a multi_choice field
// repeats its name; a records field's sub-field is "actions.2.owner" (records numbered
// from 1); a field posted empty clears it.
struct PostedField {
  std::string name;
  std::string value;
};

// A problem with one posted field, for an inline message beside it.
struct FieldProblem {
  std::string field;  // as posted ("actions.2.due"); "" = the form as a whole
  std::string message;
};

// Types a web form's posted fields by `form`, with the same value checks as ParseAnswers.
// Returns the canonical JSON of the fields posted (to merge over the current answers with
// MergeAnswers), or nullopt after appending one problem per bad field to `problems`.
//
// What is posted, and what it means (a page's form controls follow these rules):
//  - "FIELD" names a top-level field; "FIELD.N.SUB" sub-field SUB of record N (1, 2, ...) of
//    a records field; "FIELD.count" how many records a records field posts.
//  - A field not posted is left as it is. A value posted empty clears its field (null).
//  - text and long_text are kept as typed, except that CRLF line ends (what browsers send)
//    become LF; other values ignore surrounding spaces.
//  - Each field is posted once, except: multi_choice repeats its name once per choice in
//    order (empty values are ignored, so a page sends a hidden empty FIELD first and
//    unticking every box clears the field); boolean takes "true" or "false" and the LAST
//    value wins, so a checkbox (value "true") follows a hidden FIELD=false: unticked posts
//    "false" alone, ticked posts "false" then "true".
//  - A records field is replaced whole when FIELD.count or any FIELD.N.SUB is posted, and
//    otherwise left unchanged. Records are numbered 1..K without gaps; FIELD.count, when
//    posted, must equal K ("0" with no records clears the field). A record whose posted
//    sub-fields are all empty is dropped (a page's spare blank row); when none is left the
//    field is cleared. A sub-field not posted is absent from its record.
//  - Names that are no field of the form (a page's own inputs, such as a CSRF token, must be
//    removed first) are problems, with a did-you-mean. So are values that are not UTF-8 or
//    hold control characters (tab and line ends aside), and more than kMaxDefinitionBytes
//    posted in all (the bound an answers file has).
std::optional<std::string> ParsePostedAnswers(const std::vector<PostedField>& fields,
                                              const FormDefinition& form,
                                              std::vector<FieldProblem>& problems);

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
