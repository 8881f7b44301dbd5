// Merging answers and finding what a form still needs (canonical JSON; no YAML here).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "equilens/answers.h"

namespace equilens {
namespace {

using nlohmann::json;

bool Answered(const json* value) {
  return value != nullptr && !value->is_null() &&
         !(value->is_string() && value->get_ref<const std::string&>().empty()) &&
         !(value->is_array() && value->empty());
}

const json* Field(const json& object, const std::string& name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

void CollectMissing(const FormField& field, const json* value, const std::string& path,
                    std::vector<std::string>& missing) {
  if (field.type != FieldType::kRecords) {
    if (field.required && !Answered(value)) missing.push_back(path);
    return;
  }
  const int needed = std::max(field.min_records, field.required ? 1 : 0);
  const int given = (value != nullptr && value->is_array()) ? static_cast<int>(value->size()) : 0;
  if (given < needed) {
    missing.push_back(path);
    return;
  }
  for (int index = 0; index < given; ++index) {
    for (const FormField& sub : field.record_fields) {
      CollectMissing(sub, Field((*value)[index], sub.name),
                     path + "[" + std::to_string(index + 1) + "]." + sub.name, missing);
    }
  }
}

}  // namespace

std::string MergeAnswers(const std::string& base_json, const std::string& update_json) {
  json base = json::parse(base_json.empty() ? "{}" : base_json, nullptr, false);
  json update = json::parse(update_json.empty() ? "{}" : update_json, nullptr, false);
  if (!base.is_object()) base = json::object();
  if (!update.is_object()) return base.dump();
  for (auto& [name, value] : update.items()) {
    if (value.is_null()) {
      base.erase(name);
    } else {
      base[name] = value;
    }
  }
  return base.dump();
}

std::vector<std::string> MissingRequired(const FormDefinition& form,
                                         const std::string& answers_json) {
  json answers = json::parse(answers_json.empty() ? "{}" : answers_json, nullptr, false);
  std::vector<std::string> missing;
  for (const FormSection& section : form.sections) {
    for (const FormField& field : section.fields) {
      CollectMissing(field, Field(answers, field.name), section.id + "." + field.name, missing);
    }
  }
  return missing;
}

}  // namespace equilens
