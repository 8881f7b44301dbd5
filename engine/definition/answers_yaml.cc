// ParseAnswers and AnswersSkeleton: answers files as YAML, checked field by field against a
// form through the loader's safe, positioned tree (yaml_tree.h).
#include <nlohmann/json.hpp>
#include <set>

#include "common/did_you_mean.h"
#include "definition/answer_values.h"
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
        return Checked(node, ChoiceValue(field, node.text, problem_));
      case FieldType::kMultiChoice:
        return ReadMultiChoice(field, node);
      case FieldType::kNumber:
        if (!Scalar(field, node, "a number")) return std::nullopt;
        return Checked(node, NumberValue(field, node.text, node.quoted, problem_));
      case FieldType::kDate:
        if (!Scalar(field, node, "a date (YYYY-MM-DD)")) return std::nullopt;
        return Checked(node, DateValue(field, node.text, problem_));
      case FieldType::kBoolean:
        if (!Scalar(field, node, "true or false")) return std::nullopt;
        return Checked(node, BooleanValue(field, node.text, node.quoted, problem_));
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

  // `value`, or nullopt after reporting the problem the check left in problem_.
  std::optional<json> Checked(const YamlNode& node, std::optional<json> value) {
    if (!value) return Fail(node, problem_);
    return value;
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
      if (!Scalar(field, item, "choices") ||
          !Checked(item, ChoiceValue(field, item.text, problem_))) {
        ok = false;
      } else if (!seen.insert(item.text).second) {
        Fail(item, ChosenTwiceProblem(field, item.text));
        ok = false;
      } else {
        chosen.push_back(item.text);
      }
    }
    if (!ok) return std::nullopt;
    return chosen;
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
  std::string problem_;  // what the last failed value check said
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
