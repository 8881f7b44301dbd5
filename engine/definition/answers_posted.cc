// ParsePostedAnswers: a web form's posted name = value pairs typed by the form, with the same
// value checks as YAML answers files (answer_values.h); the conventions are in answers.h.
#include <algorithm>
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/did_you_mean.h"
#include "common/utf8.h"
#include "definition/answer_values.h"
#include "equilens/answers.h"

namespace equilens {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxRecordDigits = 4;  // records 1..9999: more is no form's

std::string Trimmed(const std::string& text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string WithoutCarriageReturns(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += text[i];
  }
  return out;
}

// Why `value` cannot be an answer at all, or "".
std::string TextProblem(const std::string& value) {
  if (FirstInvalidUtf8(value) != std::string::npos) return "is not UTF-8 text";
  for (unsigned char c : value) {
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      return "holds a control character";
    }
  }
  return "";
}

std::vector<std::string> NamesOf(const std::vector<FormField>& fields) {
  std::vector<std::string> names;
  for (const FormField& field : fields) names.push_back(field.name);
  return names;
}

const FormField* FindIn(const std::vector<FormField>& fields, const std::string& name) {
  for (const FormField& field : fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

// "3" -> 3 for a record number: digits only, no leading zero, from 1; 0 when not one.
long RecordNumber(const std::string& text) {
  if (text.empty() || text.size() > kMaxRecordDigits || text[0] == '0') return 0;
  for (char c : text) {
    if (c < '0' || c > '9') return 0;
  }
  return std::stol(text);
}

// The values one field was posted with, in order, and the name it was posted under.
struct Posted {
  std::string name;
  std::vector<std::string> values;
};

// What a records field was posted with.
struct PostedRecords {
  std::optional<std::string> count;                    // FIELD.count's value
  std::map<long, std::map<std::string, Posted>> rows;  // N -> SUB -> values
};

class PostedReader {
 public:
  explicit PostedReader(std::vector<FieldProblem>& problems) : problems_(problems) {}

  // The typed value of one non-records field, null when posted empty; nullopt after a problem.
  std::optional<json> Type(const FormField& field, const Posted& posted) {
    if (field.type == FieldType::kMultiChoice) return TypeMultiChoice(field, posted);
    std::string value = posted.values.back();  // boolean: the last wins (hidden false, then box)
    if (field.type != FieldType::kBoolean && posted.values.size() > 1) {
      return Problem(posted.name, field.name + " is posted " +
                                      std::to_string(posted.values.size()) +
                                      " times; it takes one value");
    }
    if (Trimmed(value).empty()) return json(nullptr);  // an empty answer clears the field
    std::string problem;
    std::optional<json> typed;
    switch (field.type) {
      case FieldType::kText:
      case FieldType::kLongText:
        return json(WithoutCarriageReturns(value));
      case FieldType::kChoice:
        typed = ChoiceValue(field, Trimmed(value), problem);
        break;
      case FieldType::kNumber:
        typed = NumberValue(field, Trimmed(value), false, problem);
        break;
      case FieldType::kDate:
        typed = DateValue(field, Trimmed(value), problem);
        break;
      case FieldType::kBoolean:
        typed = BooleanValue(field, Trimmed(value), false, problem);
        break;
      case FieldType::kMultiChoice:
      case FieldType::kRecords:
        problem = field.name + " cannot be posted inside a record";
        break;
    }
    if (!typed) return Problem(posted.name, problem);
    return typed;
  }

  // The records of a records field, null when none is left; nullopt after a problem.
  std::optional<json> TypeRecords(const FormField& field, const PostedRecords& posted) {
    const long posted_rows = posted.rows.empty() ? 0 : posted.rows.rbegin()->first;
    bool ok = true;
    for (long expected = 1; expected <= posted_rows; ++expected) {
      if (!posted.rows.count(expected)) {
        Problem(field.name, "record " + std::to_string(expected) + " of " + field.name +
                                " was not posted (records are numbered 1, 2, ... without gaps)");
        ok = false;
        break;
      }
    }
    if (posted.count) {
      const std::string count = Trimmed(*posted.count);
      const long given = count == "0" ? 0 : RecordNumber(count);
      if (given != posted_rows || (given == 0 && count != "0")) {
        Problem(field.name + ".count", field.name + ".count is '" + *posted.count + "', but " +
                                           std::to_string(posted_rows) + " record(s) were posted");
        ok = false;
      }
    }
    json records = json::array();
    for (const auto& [number, subs] : posted.rows) {
      json record = json::object();
      bool blank = true;
      for (const auto& [name, values] : subs) {
        std::optional<json> value = Type(*FindIn(field.record_fields, name), values);
        if (!value) {
          ok = false;
        } else {
          if (!value->is_null()) blank = false;
          record[name] = std::move(*value);
        }
      }
      if (!blank) records.push_back(std::move(record));  // a spare blank row is no record
    }
    if (!ok) return std::nullopt;
    return records.empty() ? json(nullptr) : records;
  }

  std::nullopt_t Problem(const std::string& field, const std::string& message) {
    problems_.push_back({field, message});
    return std::nullopt;
  }

 private:
  std::optional<json> TypeMultiChoice(const FormField& field, const Posted& posted) {
    json chosen = json::array();
    std::set<std::string> seen;
    bool ok = true;
    for (const std::string& raw : posted.values) {
      const std::string value = Trimmed(raw);
      if (value.empty()) continue;  // the hidden empty value that lets a page untick all
      std::string problem;
      if (!ChoiceValue(field, value, problem)) {
        Problem(posted.name, problem);
        ok = false;
      } else if (!seen.insert(value).second) {
        Problem(posted.name, ChosenTwiceProblem(field, value));
        ok = false;
      } else {
        chosen.push_back(value);
      }
    }
    if (!ok) return std::nullopt;
    return chosen.empty() ? json(nullptr) : chosen;
  }

  std::vector<FieldProblem>& problems_;
};

}  // namespace

std::optional<std::string> ParsePostedAnswers(const std::vector<PostedField>& fields,
                                              const FormDefinition& form,
                                              std::vector<FieldProblem>& problems) {
  const std::size_t before = problems.size();
  PostedReader reader(problems);
  std::size_t bytes = 0;
  for (const PostedField& posted : fields) bytes += posted.name.size() + posted.value.size();
  if (bytes > kMaxDefinitionBytes) {
    reader.Problem("", "the form posts " + std::to_string(bytes) + " bytes; the limit is " +
                           std::to_string(kMaxDefinitionBytes));
    return std::nullopt;
  }
  std::vector<FormField> top;
  for (const FormSection& section : form.sections) {
    top.insert(top.end(), section.fields.begin(), section.fields.end());
  }
  const std::vector<std::string> top_names = NamesOf(top);

  // Group the posted values by field, keeping the order fields were first posted in.
  std::vector<std::string> order;
  std::map<std::string, Posted> plain;
  std::map<std::string, PostedRecords> records;
  for (const PostedField& posted : fields) {
    if (std::string problem = TextProblem(posted.value); !problem.empty()) {
      reader.Problem(posted.name, posted.name + " " + problem);
      continue;
    }
    const std::size_t first_dot = posted.name.find('.');
    const std::string name = posted.name.substr(0, first_dot);
    const FormField* field = FindIn(top, name);
    if (field == nullptr) {
      reader.Problem(posted.name, "unknown field '" + posted.name + "' in the answers to " +
                                      form.id + DidYouMean(name, top_names));
      continue;
    }
    if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
    if (field->type != FieldType::kRecords) {
      if (first_dot != std::string::npos) {
        reader.Problem(posted.name,
                       field->name + " is not a list of records; post it as " + field->name);
        continue;
      }
      plain[name].name = posted.name;
      plain[name].values.push_back(posted.value);
      continue;
    }
    const std::string rest =
        first_dot == std::string::npos ? "" : posted.name.substr(first_dot + 1);
    if (rest == "count") {
      records[name].count = posted.value;
      continue;
    }
    const std::size_t second_dot = rest.find('.');
    const long number = RecordNumber(rest.substr(0, second_dot));
    const std::string sub = second_dot == std::string::npos ? "" : rest.substr(second_dot + 1);
    if (number == 0 || sub.empty()) {
      reader.Problem(posted.name, field->name + " is a list of records numbered from 1: post " +
                                      field->name + ".1.FIELD, " + field->name +
                                      ".2.FIELD, ... or " + field->name + ".count");
      continue;
    }
    if (FindIn(field->record_fields, sub) == nullptr) {
      reader.Problem(posted.name, "unknown field '" + sub + "' in record " +
                                      std::to_string(number) + " of " + field->name +
                                      DidYouMean(sub, NamesOf(field->record_fields)));
      continue;
    }
    Posted& values = records[name].rows[number][sub];
    values.name = posted.name;
    values.values.push_back(posted.value);
  }

  json answers = json::object();
  for (const std::string& name : order) {
    const FormField& field = *FindIn(top, name);
    std::optional<json> value;
    if (auto it = plain.find(name); it != plain.end()) {
      value = reader.Type(field, it->second);
    } else if (auto rows = records.find(name); rows != records.end()) {
      value = reader.TypeRecords(field, rows->second);
    } else {
      continue;  // every value it was posted with had a problem of its own
    }
    if (value) answers[name] = std::move(*value);
  }
  if (problems.size() > before) return std::nullopt;
  return answers.dump();
}

}  // namespace equilens
