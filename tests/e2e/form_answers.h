// Answers for any form as `show --json` describes it, so end-to-end tests do not depend on a
// questionnaire's wording: the first choice, the minimum number, a fixed date, one record.
#ifndef EQUILENS_TESTS_E2E_FORM_ANSWERS_H_
#define EQUILENS_TESTS_E2E_FORM_ANSWERS_H_

#include <nlohmann/json.hpp>
#include <string>

namespace equilens::testing {

// A valid answer for one field (`show --json`'s form.fields[i]).
inline nlohmann::json AnswerFor(const nlohmann::json& field) {
  using nlohmann::json;
  const std::string type = field["type"];
  if (type == "choice") return field["choices"][0];
  if (type == "multi_choice") return json::array({field["choices"][0]});
  if (type == "number") return field.contains("min") ? field["min"] : json(3);
  if (type == "date") return "2027-05-14";
  if (type == "boolean") return true;
  if (type == "records") {
    json record = json::object();
    for (const json& sub : field["fields"]) record[sub["name"].get<std::string>()] = AnswerFor(sub);
    return json::array({record});
  }
  return "Answered for the test: " + field["name"].get<std::string>();
}

// Every field of `form` answered (JSON is YAML, so it can be written as an answers file).
inline nlohmann::json AnswersFor(const nlohmann::json& form) {
  nlohmann::json answers = nlohmann::json::object();
  for (const nlohmann::json& field : form["fields"]) {
    answers[field["name"].get<std::string>()] = AnswerFor(field);
  }
  return answers;
}

}  // namespace equilens::testing

#endif  // EQUILENS_TESTS_E2E_FORM_ANSWERS_H_
