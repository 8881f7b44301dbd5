// SchemaDifferences: the shape of a document's context compared with its schema, key by key.
#include <set>

#include "render/document_render.h"

namespace equilens {
namespace {

using nlohmann::json;

const char* KindOf(const json& value) {
  if (value.is_object()) return "an object";
  if (value.is_array()) return "a list";
  if (value.is_string()) return "a string";
  if (value.is_boolean()) return "a bool";
  if (value.is_number()) return "a number";
  return "null";
}

class Comparison {
 public:
  void Compare(const json& schema, const json& context, const std::string& path) {
    if (schema.is_object() && context.is_object()) {
      for (const auto& item : context.items()) {
        const std::string inner = Join(path, item.key());
        if (schema.contains(item.key())) {
          Compare(schema[item.key()], item.value(), inner);
        } else {
          Add(inner + ": missing in schema");
        }
      }
      for (const auto& item : schema.items()) {
        if (!context.contains(item.key())) Add(Join(path, item.key()) + ": missing in context");
      }
    } else if (schema.is_array() && context.is_array()) {
      if (schema.empty()) {
        if (!context.empty()) Add(path + "[]: the schema's list has no example item");
        return;
      }
      for (const json& item : context) Compare(schema.front(), item, path + "[]");
    } else if (schema.is_structured() || context.is_structured()) {
      Add((path.empty() ? "(the whole context)" : path) + ": " + KindOf(schema) + " in schema, " +
          KindOf(context) + " in context");
    }
  }

  std::vector<std::string> TakeDifferences() && { return std::move(differences_); }

 private:
  static std::string Join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  // Every item of a long list would repeat the same difference: say it once.
  void Add(std::string difference) {
    if (seen_.insert(difference).second) differences_.push_back(std::move(difference));
  }

  std::vector<std::string> differences_;
  std::set<std::string> seen_;
};

}  // namespace

std::vector<std::string> SchemaDifferences(const nlohmann::json& schema,
                                           const nlohmann::json& context) {
  Comparison comparison;
  comparison.Compare(schema, context, "");
  return std::move(comparison).TakeDifferences();
}

}  // namespace equilens
