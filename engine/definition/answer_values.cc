// The value checks answers share, whatever they arrive in.
#include "definition/answer_values.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "common/did_you_mean.h"

namespace equilens {

using nlohmann::json;

bool IsCalendarDate(const std::string& text) {
  int year = 0, month = 0, day = 0;
  char tail = 0;
  if (text.size() != 10 ||
      std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3) {
    return false;
  }
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::optional<json> ChoiceValue(const FormField& field, const std::string& text,
                                std::string& problem) {
  for (const std::string& choice : field.choices) {
    if (choice == text) return json(text);
  }
  problem = "'" + text + "' is not a choice for " + field.name +
            " (choices: " + JoinNames(field.choices) + ")" + DidYouMean(text, field.choices);
  return std::nullopt;
}

std::optional<json> DateValue(const FormField& field, const std::string& text,
                              std::string& problem) {
  if (IsCalendarDate(text)) return json(text);
  problem =
      "'" + text + "' is not a date for " + field.name + " (write YYYY-MM-DD, e.g. 2027-01-15)";
  return std::nullopt;
}

std::optional<json> NumberValue(const FormField& field, const std::string& text, bool quoted,
                                std::string& problem) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (quoted || text.empty() || *end != '\0' || !std::isfinite(value)) {
    problem = field.name + " takes a number, not '" + text + "'";
    return std::nullopt;
  }
  if ((field.min && value < *field.min) || (field.max && value > *field.max)) {
    char bounds[96];
    std::snprintf(bounds, sizeof bounds, "%g to %g", field.min.value_or(-HUGE_VAL),
                  field.max.value_or(HUGE_VAL));
    problem = field.name + " must be from " + bounds + ", not " + text;
    return std::nullopt;
  }
  if (value == std::floor(value) && std::fabs(value) < 9e15) {
    return json(static_cast<std::int64_t>(value));  // 3, not 3.0, in the record
  }
  return json(value);
}

std::optional<json> BooleanValue(const FormField& field, const std::string& text, bool quoted,
                                 std::string& problem) {
  if (!quoted && (text == "true" || text == "false")) return json(text == "true");
  problem = field.name + " takes true or false, not '" + text + "'";
  return std::nullopt;
}

std::string ChosenTwiceProblem(const FormField& field, const std::string& choice) {
  return "'" + choice + "' is chosen twice in " + field.name;
}

}  // namespace equilens
