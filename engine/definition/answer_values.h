// Typing one answer value for a form field: the checks that YAML answers files
// (answers_yaml.cc) and a web form's posted fields (answers_posted.cc) share, so both refuse
// the same values in the same words (engine-internal).
#ifndef EQUILENS_DEFINITION_ANSWER_VALUES_H_
#define EQUILENS_DEFINITION_ANSWER_VALUES_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "equilens/definition.h"

namespace equilens {

// Whether `text` is a real calendar date written YYYY-MM-DD.
bool IsCalendarDate(const std::string& text);

// Each returns the typed value, or nullopt with `problem` set to a message naming the field.
// `quoted`: the YAML scalar was quoted ("3"), which makes it text, never a number or boolean.
std::optional<nlohmann::json> ChoiceValue(const FormField& field, const std::string& text,
                                          std::string& problem);
std::optional<nlohmann::json> DateValue(const FormField& field, const std::string& text,
                                        std::string& problem);
std::optional<nlohmann::json> NumberValue(const FormField& field, const std::string& text,
                                          bool quoted, std::string& problem);
std::optional<nlohmann::json> BooleanValue(const FormField& field, const std::string& text,
                                           bool quoted, std::string& problem);

// "'x' is chosen twice in FIELD".
std::string ChosenTwiceProblem(const FormField& field, const std::string& choice);

}  // namespace equilens

#endif  // EQUILENS_DEFINITION_ANSWER_VALUES_H_
