// The initiative page's stage form: each field of the current stage's FormDefinition as the
// input its type calls for, with its value (what was posted, when a fill was refused; else
// the stored answers), its help and its problem wired to it by aria-describedby, and the
// problems gathered in the page's error summary, each linking to its field.
//
// What a fill posts (Engine::FillFields reads it): a field's name as it is; a multi_choice
// field a hidden empty value first and then each checked choice (so unchecking them all
// clears it); a boolean "true", "false" or "" (not answered); a records field's sub-fields as
// "field.N.sub", records numbered from 1, with one blank record after the last for adding
// one (a record whose sub-fields are all empty is no record).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

#include "render/web_context.h"

namespace equilens::web {
namespace {

using nlohmann::json;

std::string NumberText(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

// A stored answer as an input's value: booleans as "true"/"false", numbers as typed.
std::string ValueText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number()) return NumberText(value.get<double>());
  return "";
}

// Where a field's values come from: the posted fill, or the stored answers.
class Values {
 public:
  Values(const InitiativeView& view, const PostedForm& posted) {
    if (posted.form == "fill") {
      from_post_ = true;
      for (const PostedField& field : posted.fields) posted_[field.name].push_back(field.value);
      return;
    }
    const StageAnswers* stored = nullptr;
    for (const StageAnswers& answers : view.answers) {
      if (answers.stage == view.stage) stored = &answers;
    }
    if (stored == nullptr && view.form) {
      for (const StageAnswers& answers : view.answers) {
        if (answers.form_id == view.form->id) stored = &answers;
      }
    }
    if (stored != nullptr) {
      stored_ = json::parse(stored->answers_json, nullptr, /*allow_exceptions=*/false);
    }
    if (!stored_.is_object()) stored_ = json::object();
  }

  // The values of `name` ("risk_level", "actions.2.owner"): one for most fields, several for
  // a multi_choice field.
  std::vector<std::string> Of(const std::string& name) const {
    std::vector<std::string> values;
    if (from_post_) {
      const auto found = posted_.find(name);
      if (found != posted_.end()) {
        for (const std::string& value : found->second) {
          if (!value.empty()) values.push_back(value);
        }
      }
      return values;
    }
    const json* node = Stored(name);
    if (node == nullptr) return values;
    if (node->is_array()) {
      for (const json& item : *node) values.push_back(ValueText(item));
    } else if (!node->is_null()) {
      values.push_back(ValueText(*node));
    }
    return values;
  }

  // How many records `field` has: the highest number posted, or the stored list's length.
  int RecordCount(const std::string& field) const {
    if (from_post_) {
      int count = 0;
      const std::string prefix = field + ".";
      for (const auto& [name, values] : posted_) {
        if (name.rfind(prefix, 0) != 0) continue;
        const int number = std::atoi(name.c_str() + prefix.size());
        bool any = false;
        for (const std::string& value : values) any = any || !value.empty();
        if (any) count = std::max(count, number);
      }
      return count;
    }
    const json* node = Stored(field);
    return node != nullptr && node->is_array() ? static_cast<int>(node->size()) : 0;
  }

 private:
  // "actions.2.owner" -> stored_["actions"][1]["owner"].
  const json* Stored(const std::string& name) const {
    const std::size_t dot = name.find('.');
    if (dot == std::string::npos) {
      return stored_.contains(name) ? &stored_[name] : nullptr;
    }
    const std::string field = name.substr(0, dot);
    const std::size_t second = name.find('.', dot + 1);
    if (second == std::string::npos || !stored_.contains(field)) return nullptr;
    const json& records = stored_[field];
    const int number = std::atoi(name.substr(dot + 1, second - dot - 1).c_str());
    if (!records.is_array() || number < 1 || number > static_cast<int>(records.size())) {
      return nullptr;
    }
    const json& record = records[static_cast<std::size_t>(number - 1)];
    const std::string sub = name.substr(second + 1);
    return record.is_object() && record.contains(sub) ? &record[sub] : nullptr;
  }

  bool from_post_ = false;
  std::map<std::string, std::vector<std::string>> posted_;
  json stored_;
};

class FormBuilder {
 public:
  FormBuilder(const InitiativeView& view, const PostedForm& posted, json& context)
      : values_(view, posted), posted_(posted), context_(context) {
    editable_ =
        std::find(view.permitted.begin(), view.permitted.end(), "fill") != view.permitted.end();
  }

  bool editable() const { return editable_; }

  json Field(const FormField& field, const std::string& name, const std::string& label) {
    const std::string id = FieldId(name);
    const std::vector<std::string> values = values_.Of(name);
    const std::string value = values.empty() ? "" : values.front();
    const std::string problem = ProblemFor(posted_, "fill", name);
    if (!problem.empty()) {
      AddProblem(context_, label + ": " + problem, "#" + id);
      placed_.insert(name);
    }
    std::string describedby;
    if (!field.help.empty()) describedby = id + "-help";
    if (!problem.empty()) describedby += (describedby.empty() ? "" : " ") + id + "-error";
    const FieldType type = field.type;
    json options = json::array();
    std::string display = value;
    if (type == FieldType::kChoice || type == FieldType::kMultiChoice) {
      for (std::size_t i = 0; i < field.choices.size(); ++i) {
        const std::string& choice = field.choices[i];
        options.push_back(
            {{"value", choice},
             {"label", Humanize(choice)},
             {"selected", std::find(values.begin(), values.end(), choice) != values.end()},
             {"id", id + "-" + std::to_string(i + 1)}});
      }
      display.clear();
      for (const std::string& chosen : values) {
        display += (display.empty() ? "" : ", ") + Humanize(chosen);
      }
    } else if (type == FieldType::kBoolean) {
      options.push_back({{"value", "true"},
                         {"label", "Yes"},
                         {"selected", value == "true"},
                         {"id", id + "-yes"}});
      options.push_back({{"value", "false"},
                         {"label", "No"},
                         {"selected", value == "false"},
                         {"id", id + "-no"}});
      display = value == "true" ? "Yes" : value == "false" ? "No" : "";
    }
    return {{"name", name},
            {"id", id},
            {"label", label},
            {"help", field.help},
            {"has_help", !field.help.empty()},
            {"help_id", id + "-help"},
            {"required", field.required},
            {"error", problem},
            {"has_error", !problem.empty()},
            {"error_id", id + "-error"},
            {"describedby", describedby},
            {"has_describedby", !describedby.empty()},
            {"is_text", type == FieldType::kText},
            {"is_long_text", type == FieldType::kLongText},
            {"is_date", type == FieldType::kDate},
            {"is_number", type == FieldType::kNumber},
            {"is_select", type == FieldType::kChoice || type == FieldType::kBoolean},
            {"is_multi", type == FieldType::kMultiChoice},
            {"is_records", type == FieldType::kRecords},
            {"value", value},
            {"display", display},
            {"answered", !display.empty()},
            {"min", field.min ? NumberText(*field.min) : ""},
            {"has_min", field.min.has_value()},
            {"max", field.max ? NumberText(*field.max) : ""},
            {"has_max", field.max.has_value()},
            {"options", std::move(options)},
            {"records", json::array()}};
  }

  json TopField(const FormField& field) {
    const std::string label = field.label.empty() ? Humanize(field.name) : field.label;
    json entry = Field(field, field.name, label);
    if (field.type != FieldType::kRecords) return entry;
    const int stored = values_.RecordCount(field.name);
    const int rows = editable_ ? stored + 1 : stored;  // one blank record to add one
    int answered = 0;
    for (int number = 1; number <= rows; ++number) {
      const std::string legend = label + " " + std::to_string(number);
      json fields = json::array();
      bool any = false;
      for (const FormField& sub : field.record_fields) {
        const std::string sub_label = sub.label.empty() ? Humanize(sub.name) : sub.label;
        json sub_entry = Field(sub, field.name + "." + std::to_string(number) + "." + sub.name,
                               legend + ", " + sub_label);
        sub_entry["label"] = sub_label;  // the legend already says which record
        any = any || sub_entry["answered"].get<bool>();
        fields.push_back(std::move(sub_entry));
      }
      answered += any ? 1 : 0;
      entry["records"].push_back({{"number", number},
                                  {"legend", legend},
                                  {"blank", number > stored},
                                  {"fields", std::move(fields)}});
    }
    entry["display"] = std::to_string(answered) + (answered == 1 ? " record" : " records");
    entry["answered"] = answered > 0;
    return entry;
  }

  // Problems for no field shown (the form as a whole, or a name no field has): in the
  // summary, linking to the form.
  void AddUnplacedProblems() {
    if (posted_.form != "fill") return;
    for (const FieldProblem& problem : posted_.problems) {
      if (placed_.count(problem.field) > 0) continue;
      AddProblem(context_,
                 problem.field.empty() ? problem.message : problem.field + ": " + problem.message,
                 "#stage-form");
    }
  }

 private:
  Values values_;
  const PostedForm& posted_;
  json& context_;
  bool editable_ = false;
  std::set<std::string> placed_;
};

// "risk.risk_level" or "plan.actions[2].owner" (MissingRequired's spelling) -> a link.
json MissingEntry(const FormDefinition& form, const std::string& missing) {
  const std::size_t dot = missing.find('.');
  std::string rest = dot == std::string::npos ? missing : missing.substr(dot + 1);
  std::string field = rest.substr(0, rest.find_first_of(".["));
  std::string anchor = field;
  std::string text = Humanize(field);
  if (const FormField* found = form.FindField(field); found != nullptr && !found->label.empty()) {
    text = found->label;
  }
  const std::size_t open = rest.find('[');
  const std::size_t close = rest.find(']');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    const std::string number = rest.substr(open + 1, close - open - 1);
    const std::string sub = close + 2 <= rest.size() ? rest.substr(close + 2) : "";
    text += " " + number + (sub.empty() ? "" : ", " + Humanize(sub));
    anchor = field + "." + number + (sub.empty() ? "" : "." + sub);
  }
  return {{"text", text}, {"href", "#" + FieldId(anchor)}};
}

}  // namespace

json StageFormContext(const InitiativeView& view, const PostedForm& posted, json& context) {
  json form = {{"present", view.form != nullptr},
               {"editable", false},
               {"action", "/initiatives/" + UrlEncode(view.id) + "/form"},
               {"version", view.version},
               {"title", ""},
               {"description", ""},
               {"has_description", false},
               {"complete", view.missing_required.empty()},
               {"missing", json::array()},
               {"has_missing", false},
               {"sections", json::array()}};
  if (!view.form) return form;
  const FormDefinition& definition = *view.form;
  FormBuilder builder(view, posted, context);
  form["editable"] = builder.editable();
  form["title"] = definition.title.empty() ? Humanize(definition.id) : definition.title;
  form["description"] = definition.description;
  form["has_description"] = !definition.description.empty();
  for (const std::string& missing : view.missing_required) {
    form["missing"].push_back(MissingEntry(definition, missing));
  }
  form["has_missing"] = !view.missing_required.empty();
  for (const FormSection& section : definition.sections) {
    json fields = json::array();
    for (const FormField& field : section.fields) fields.push_back(builder.TopField(field));
    form["sections"].push_back(
        {{"id", section.id},
         {"heading_id", FieldId("section-" + section.id)},
         {"title", section.title.empty() ? Humanize(section.id) : section.title},
         {"help", section.help},
         {"has_help", !section.help.empty()},
         {"fields", std::move(fields)}});
  }
  builder.AddUnplacedProblems();
  return form;
}

}  // namespace equilens::web
