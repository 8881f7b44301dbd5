// ParseAnswers and AnswersSkeleton: answers files as YAML, checked field by field against a
// form through the loader's safe, positioned tree (yaml_tree.h).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

#include "common/did_you_mean.h"
#include "definition/yaml_tree.h"
#include "equilens/answers.h"

namespace equilens {
namespace {

using nlohmann::json;

std::vector<std::string> FieldNames(const std::vector<FormField>& fields) {
  std::vector<std::string> names;
  for (const FormField& field : fields) names.push_back(field.name);
  return names;
}

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

class AnswerReader {
 public:
  explicit AnswerReader(Reporter& reporter) : reporter_(reporter) {}

  // The value of `node` as `field` wants it, or nullopt after reporting why not.
  std::optional<json> Read(const FormField& field, const YamlNode& node) {
    if (node.IsNull()) return json(nullptr);  // an empty answer clears the field
    switch (field.type) {
      case FieldType::kText:
      case FieldType::kLongText:
        if (!Scalar(field, node, "text")) return std::nullopt;
        return json(node.text);
      case FieldType::kChoice:
        if (!Scalar(field, node, "one of its choices")) return std::nullopt;
        if (!Choice(field, node)) return std::nullopt;
        return json(node.text);
      case FieldType::kMultiChoice:
        return ReadMultiChoice(field, node);
      case FieldType::kNumber:
        return ReadNumber(field, node);
      case FieldType::kDate:
        if (!Scalar(field, node, "a date (YYYY-MM-DD)")) return std::nullopt;
        if (!IsCalendarDate(node.text)) {
          return Fail(node, "'" + node.text + "' is not a date for " + field.name +
                                " (write YYYY-MM-DD, e.g. 2027-01-15)");
        }
        return json(node.text);
      case FieldType::kBoolean:
        if (!Scalar(field, node, "true or false")) return std::nullopt;
        if (node.quoted || (node.text != "true" && node.text != "false")) {
          return Fail(node, field.name + " takes true or false, not '" + node.text + "'");
        }
        return json(node.text == "true");
      case FieldType::kRecords:
        return ReadRecords(field, node);
    }
    return std::nullopt;
  }

  // A mapping of field name -> value against `fields`; nullopt after reporting.
  std::optional<json> ReadMapping(const std::vector<FormField>& fields, const YamlNode& node,
                                  const std::string& what) {
    if (!node.IsMap()) return Fail(node, what + " must be a mapping of field: value");
    json object = json::object();
    bool ok = true;
    for (const YamlNode& value : node.children) {
      const FormField* field = nullptr;
      for (const FormField& candidate : fields) {
        if (candidate.name == value.key) field = &candidate;
      }
      if (field == nullptr) {
        reporter_.Error(value.key_pos, "unknown field '" + value.key + "' in " + what +
                                           DidYouMean(value.key, FieldNames(fields)));
        ok = false;
        continue;
      }
      std::optional<json> answer = Read(*field, value);
      if (!answer) {
        ok = false;
      } else {
        object[field->name] = std::move(*answer);
      }
    }
    if (!ok) return std::nullopt;
    return object;
  }

 private:
  std::nullopt_t Fail(const YamlNode& node, std::string message) {
    reporter_.Error(node.pos, std::move(message));
    return std::nullopt;
  }

  bool Scalar(const FormField& field, const YamlNode& node, const char* wanted) {
    if (node.IsScalar()) return true;
    Fail(node, field.name + " takes " + std::string(wanted) + ", not a " +
                   (node.IsMap() ? "mapping" : "list"));
    return false;
  }

  bool Choice(const FormField& field, const YamlNode& node) {
    for (const std::string& choice : field.choices) {
      if (choice == node.text) return true;
    }
    Fail(node, "'" + node.text + "' is not a choice for " + field.name + " (choices: " +
                   JoinNames(field.choices) + ")" + DidYouMean(node.text, field.choices));
    return false;
  }

  std::optional<json> ReadMultiChoice(const FormField& field, const YamlNode& node) {
    if (!node.IsSequence()) {
      return Fail(node, field.name + " takes a list of choices, e.g. [" +
                            (field.choices.empty() ? std::string("a") : field.choices[0]) + "]");
    }
    json chosen = json::array();
    std::set<std::string> seen;
    bool ok = true;
    for (const YamlNode& item : node.children) {
      if (!Scalar(field, item, "choices") || !Choice(field, item)) {
        ok = false;
      } else if (!seen.insert(item.text).second) {
        Fail(item, "'" + item.text + "' is chosen twice in " + field.name);
        ok = false;
      } else {
        chosen.push_back(item.text);
      }
    }
    if (!ok) return std::nullopt;
    return chosen;
  }

  std::optional<json> ReadNumber(const FormField& field, const YamlNode& node) {
    if (!Scalar(field, node, "a number")) return std::nullopt;
    char* end = nullptr;
    const double value = std::strtod(node.text.c_str(), &end);
    if (node.quoted || node.text.empty() || *end != '\0' || !std::isfinite(value)) {
      return Fail(node, field.name + " takes a number, not '" + node.text + "'");
    }
    if ((field.min && value < *field.min) || (field.max && value > *field.max)) {
      char bounds[96];
      std::snprintf(bounds, sizeof bounds, "%g to %g", field.min.value_or(-HUGE_VAL),
                    field.max.value_or(HUGE_VAL));
      return Fail(node, field.name + " must be from " + bounds + ", not " + node.text);
    }
    if (value == std::floor(value) && std::fabs(value) < 9e15) {
      return json(static_cast<std::int64_t>(value));  // 3, not 3.0, in the record
    }
    return json(value);
  }

  std::optional<json> ReadRecords(const FormField& field, const YamlNode& node) {
    if (!node.IsSequence()) {
      return Fail(node, field.name + " takes a list of records (- field: value ...)");
    }
    json records = json::array();
    bool ok = true;
    int index = 0;
    for (const YamlNode& item : node.children) {
      std::optional<json> record = ReadMapping(
          field.record_fields, item, "record " + std::to_string(++index) + " of " + field.name);
      if (!record) {
        ok = false;
      } else {
        records.push_back(std::move(*record));
      }
    }
    if (!ok) return std::nullopt;
    return records;
  }

  Reporter& reporter_;
};

std::vector<FormField> TopLevelFields(const FormDefinition& form) {
  std::vector<FormField> fields;
  for (const FormSection& section : form.sections) {
    fields.insert(fields.end(), section.fields.begin(), section.fields.end());
  }
  return fields;
}

// "# Risk level (choice, required): low | medium | high"
std::string Describe(const FormField& field) {
  std::string line = field.label.empty() ? field.name : field.label;
  line += " (" + std::string(FieldTypeName(field.type)) + (field.required ? ", required" : "");
  if (field.type == FieldType::kRecords && field.min_records > 0) {
    line += ", at least " + std::to_string(field.min_records);
  }
  line += ")";
  if (!field.choices.empty()) {
    line += ": ";
    for (std::size_t i = 0; i < field.choices.size(); ++i) {
      line += (i ? " | " : "") + field.choices[i];
    }
  }
  return line;
}

void Comment(std::string& out, const std::string& indent, const std::string& text) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += indent + "# " + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
}

}  // namespace

std::optional<std::string> ParseAnswers(const DefinitionSource& source, const FormDefinition& form,
                                        std::vector<Diagnostic>& errors) {
  Reporter reporter(source.name, errors);
  std::optional<YamlNode> tree = ReadYamlTree(source, reporter);
  if (!tree) return std::nullopt;
  if (tree->IsNull()) return std::string("{}");  // an empty file answers nothing
  AnswerReader reader(reporter);
  std::optional<json> answers =
      reader.ReadMapping(TopLevelFields(form), *tree, "the answers to " + form.id);
  if (!answers || reporter.count() > 0) return std::nullopt;
  return answers->dump();
}

std::string AnswersSkeleton(const FormDefinition& form, const std::string& current_json) {
  const json current = json::parse(current_json.empty() ? "{}" : current_json, nullptr, false);
  std::string out;
  Comment(out, "", form.title + " (" + form.id + " v" + std::to_string(form.version) + ")");
  Comment(out, "", "Fill in values after the colons; a field left empty is not answered.");
  Comment(out, "", "Then: equilens fill ID --answers THIS_FILE");
  for (const FormSection& section : form.sections) {
    out += "\n";
    Comment(out, "", "== " + section.title + " ==");
    if (!section.help.empty()) Comment(out, "", section.help);
    for (const FormField& field : section.fields) {
      Comment(out, "", Describe(field));
      if (!field.help.empty()) Comment(out, "", field.help);
      if (field.type == FieldType::kRecords) {
        Comment(out, "", "each record:");
        for (const FormField& sub : field.record_fields)
          Comment(out, "  ", sub.name + ": " + Describe(sub));
      }
      auto value = current.is_object() ? current.find(field.name) : current.end();
      // JSON is YAML: a current answer is written back in flow style, exactly typed.
      out += field.name + ":" +
             (current.is_object() && value != current.end() ? " " + value->dump() : "") + "\n";
    }
  }
  return out;
}

}  // namespace equilens
