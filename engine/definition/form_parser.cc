// ParseForm: form YAML -> FormDefinition, checking the schema and the form's own rules
// (unique names, choices only where they mean something, bounds in order, flat records).
#include <map>
#include <utility>

#include "common/did_you_mean.h"
#include "definition/schema.h"
#include "definition/yaml_tree.h"
#include "equilens/definition.h"
#include "equilens/sha256.h"

namespace equilens {
namespace {

constexpr FieldType kAllFieldTypes[] = {
    FieldType::kText,   FieldType::kLongText, FieldType::kChoice,  FieldType::kMultiChoice,
    FieldType::kNumber, FieldType::kDate,     FieldType::kBoolean, FieldType::kRecords};

const std::vector<std::string>& FieldTypeNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (FieldType type : kAllFieldTypes) names.emplace_back(FieldTypeName(type));
    return names;
  }();
  return kNames;
}

std::string At(SourcePos pos) {
  return "line " + std::to_string(pos.line) + ", column " + std::to_string(pos.column);
}

// Names already used in one scope (the form's top level, or one record) -> where first used.
using NameScope = std::map<std::string, SourcePos, std::less<>>;

class FormReader {
 public:
  explicit FormReader(Reporter& reporter) : reporter_(reporter) {}

  std::optional<FormDefinition> Read(const YamlNode& root) {
    if (!CheckDefinitionRoot(root, "form", "workflow", "form, version, title and sections",
                             reporter_)) {
      return std::nullopt;
    }
    CheckKeys(root,
              {{"form", true},
               {"version", true},
               {"title", true},
               {"description", false},
               {"sections", true}},
              "the form", reporter_);
    FormDefinition form;
    DefinitionHeader header = ReadHeader(root, "form", reporter_);
    form.id = std::move(header.id);
    form.version = header.version;
    form.title = std::move(header.title);
    form.description = std::move(header.description);
    if (const YamlNode* sections = root.Find("sections")) ReadSections(*sections, form);
    return form;
  }

 private:
  void ReadSections(const YamlNode& sections, FormDefinition& form) {
    if (!ExpectSequence(sections, "`sections`", reporter_)) return;
    if (sections.children.empty()) {
      reporter_.Error(sections.pos, "`sections` is empty: a form has at least one section");
    }
    NameScope section_ids;
    NameScope field_names;  // unique across the whole form: guards name them as stage.field
    for (const YamlNode& node : sections.children) {
      const std::string where = "section " + std::to_string(form.sections.size() + 1);
      if (!ExpectMap(node, where, reporter_)) continue;
      CheckKeys(node, {{"id", true}, {"title", true}, {"help", false}, {"fields", true}}, where,
                reporter_);
      FormSection section;
      section.pos = node.pos;
      if (const YamlNode* id = node.Find("id")) {
        section.id = ReadId(*id, IdStyle::kUnderscored, "section id", reporter_).value_or("");
        NoteUnique(section_ids, section.id, id->pos, "section id");
      }
      const std::string named = section.id.empty() ? where : "section '" + section.id + "'";
      if (const YamlNode* title = node.Find("title")) {
        section.title = ReadText(*title, named + " `title`", reporter_).value_or("");
      }
      if (const YamlNode* help = node.Find("help")) {
        section.help = ReadText(*help, named + " `help`", reporter_).value_or("");
      }
      if (const YamlNode* fields = node.Find("fields")) {
        section.fields = ReadFields(*fields, named, nullptr, field_names);
      }
      form.sections.push_back(std::move(section));
    }
  }

  // The fields of a section, or of a records field when `record` is that field.
  std::vector<FormField> ReadFields(const YamlNode& fields, const std::string& container,
                                    const FormField* record, NameScope& names) {
    std::vector<FormField> result;
    if (!ExpectSequence(fields, container + " `fields`", reporter_)) return result;
    if (fields.children.empty()) {
      reporter_.Error(fields.pos, container + " `fields` is empty: give at least one field");
    }
    for (const YamlNode& node : fields.children) {
      if (std::optional<FormField> field = ReadField(node, container, record, names)) {
        result.push_back(std::move(*field));
      }
    }
    return result;
  }

  std::optional<FormField> ReadField(const YamlNode& node, const std::string& container,
                                     const FormField* record, NameScope& names) {
    if (!ExpectMap(node, "a field of " + container, reporter_)) return std::nullopt;
    FormField field;
    field.pos = node.pos;
    if (const YamlNode* name = node.Find("name")) {
      field.name = ReadId(*name, IdStyle::kUnderscored, "field name", reporter_).value_or("");
      NoteUnique(names, field.name, name->pos, record ? "field name in this record" : "field name");
    }
    const std::string where =
        field.name.empty() ? "a field of " + container : "field '" + field.name + "'";
    CheckKeys(node,
              {{"name", true},
               {"type", true},
               {"label", true},
               {"help", false},
               {"required", false},
               {"choices", false},
               {"min", false},
               {"max", false},
               {"min_records", false},
               {"fields", false}},
              where, reporter_);
    if (const YamlNode* label = node.Find("label")) {
      field.label = ReadText(*label, where + " `label`", reporter_).value_or("");
    }
    if (const YamlNode* help = node.Find("help")) {
      field.help = ReadText(*help, where + " `help`", reporter_).value_or("");
    }
    if (const YamlNode* required = node.Find("required")) {
      field.required = ReadBool(*required, where + " `required`", reporter_).value_or(false);
    }
    const YamlNode* type = node.Find("type");
    if (type == nullptr || !ReadType(*type, where, field.type)) return field;
    ReadTypeSpecific(node, where, record, field);
    return field;
  }

  bool ReadType(const YamlNode& node, const std::string& where, FieldType& type) {
    std::optional<std::string> name = ReadText(node, where + " `type`", reporter_);
    if (!name) return false;
    for (FieldType candidate : kAllFieldTypes) {
      if (*name == FieldTypeName(candidate)) {
        type = candidate;
        return true;
      }
    }
    reporter_.Error(node.pos, "unknown field type '" + *name + "' for " + where +
                                  DidYouMean(*name, FieldTypeNames()) + "; the types are " +
                                  JoinNames(FieldTypeNames()));
    return false;
  }

  // The keys that belong to one field type only: choices, min/max, min_records and fields.
  void ReadTypeSpecific(const YamlNode& node, const std::string& where, const FormField* record,
                        FormField& field) {
    const std::string type = FieldTypeName(field.type);
    const auto refuse_unless = [&](const char* key, bool allowed, const char* types) {
      const YamlNode* value = node.Find(key);
      if (value == nullptr || allowed) return value;
      reporter_.Error(value->key_pos, std::string("`") + key + "` applies only to " + types +
                                          " fields; " + where + " is " + type);
      return static_cast<const YamlNode*>(nullptr);
    };
    const bool is_choice =
        field.type == FieldType::kChoice || field.type == FieldType::kMultiChoice;
    const bool is_number = field.type == FieldType::kNumber;
    const bool is_records = field.type == FieldType::kRecords;
    if (is_records && record != nullptr) {
      reporter_.Error(node.Find("type")->pos, "records do not nest: " + where +
                                                  " is inside records field '" + record->name +
                                                  "'; give it plain fields");
      return;
    }

    if (const YamlNode* choices = refuse_unless("choices", is_choice, "choice and multi_choice")) {
      ReadChoices(*choices, where, field);
    } else if (is_choice) {
      reporter_.Error(node.Anchor(), where + " is " + type + ": it needs `choices`");
    }
    if (const YamlNode* min = refuse_unless("min", is_number, "number")) {
      field.min = ReadNumber(*min, where + " `min`", reporter_);
    }
    if (const YamlNode* max = refuse_unless("max", is_number, "number")) {
      field.max = ReadNumber(*max, where + " `max`", reporter_);
      if (field.min && field.max && *field.min > *field.max) {
        reporter_.Error(max->pos, where + " has min greater than max: nothing could be valid");
      }
    }
    if (const YamlNode* min_records = refuse_unless("min_records", is_records, "records")) {
      field.min_records =
          ReadInteger(*min_records, where + " `min_records`", 0, reporter_).value_or(0);
    } else if (is_records && field.required) {
      field.min_records = 1;
    }
    if (const YamlNode* fields = refuse_unless("fields", is_records, "records")) {
      NameScope record_names;
      field.record_fields =
          ReadFields(*fields, "record '" + field.name + "'", &field, record_names);
    } else if (is_records) {
      reporter_.Error(node.Anchor(), where +
                                         " is records: it needs `fields`, the fields of "
                                         "each record");
    }
  }

  void ReadChoices(const YamlNode& node, const std::string& where, FormField& field) {
    NameScope seen;
    for (const YamlNode* choice : ReadScalarList(node, where + " `choices`", false, reporter_)) {
      if (NoteUnique(seen, choice->text, choice->pos, "choice")) {
        field.choices.push_back(choice->text);
      }
    }
  }

  // Records `name` in `scope`; reports it when already there. Empty names (already reported)
  // are skipped.
  bool NoteUnique(NameScope& scope, const std::string& name, SourcePos pos, const char* what) {
    if (name.empty()) return false;
    auto [first, inserted] = scope.emplace(name, pos);
    if (!inserted) {
      reporter_.Error(pos, std::string(what) + " '" + name + "' is used twice (first at " +
                               At(first->second) + ")");
    }
    return inserted;
  }

  Reporter& reporter_;
};

}  // namespace

std::optional<FormDefinition> ParseForm(const DefinitionSource& source,
                                        std::vector<Diagnostic>& errors) {
  Reporter reporter(source.name, errors);
  std::optional<YamlNode> root = ReadYamlTree(source, reporter);
  if (!root) return std::nullopt;
  std::optional<FormDefinition> form = FormReader(reporter).Read(*root);
  if (!form || reporter.count() > 0) return std::nullopt;
  form->source_name = source.name;
  form->sha256 = Sha256Hex(source.text);
  return form;
}

}  // namespace equilens
