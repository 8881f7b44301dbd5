// Guards: ReadGuard (YAML -> Guard, checked against stages, forms and metrics) and
// DescribeGuard (Guard -> one line of text).
#include "definition/guard.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include "common/did_you_mean.h"
#include "definition/schema.h"

namespace equilens {
namespace {

struct OpName {
  GuardOp op;
  const char* name;    // as YAML spells it
  const char* symbol;  // as DescribeGuard writes it
};

constexpr OpName kCombinators[] = {
    {GuardOp::kAll, "all", "all"}, {GuardOp::kAny, "any", "any"}, {GuardOp::kNot, "not", "not"}};
constexpr OpName kComparators[] = {{GuardOp::kEquals, "equals", "=="},
                                   {GuardOp::kIn, "in", "in"},
                                   {GuardOp::kGt, "gt", ">"},
                                   {GuardOp::kGte, "gte", ">="},
                                   {GuardOp::kLt, "lt", "<"},
                                   {GuardOp::kLte, "lte", "<="},
                                   {GuardOp::kIsPresent, "is_present", "is present"}};

const OpName& NameOf(GuardOp op) {
  for (const OpName& name : kCombinators) {
    if (name.op == op) return name;
  }
  for (const OpName& name : kComparators) {
    if (name.op == op) return name;
  }
  return kCombinators[0];
}

const std::vector<std::string>& ComparatorNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const OpName& name : kComparators) names.emplace_back(name.name);
    return names;
  }();
  return kNames;
}

const std::vector<std::string>& GuardKeys() {
  static const std::vector<std::string> kKeys = [] {
    std::vector<std::string> keys = {"all", "any", "not", "field", "metric"};
    for (const std::string& name : ComparatorNames()) keys.push_back(name);
    return keys;
  }();
  return kKeys;
}

// What values a guard's subject can be compared with.
struct SubjectType {
  enum Kind { kUnknown, kText, kChoice, kNumber, kBool, kRecords } kind = kUnknown;
  const FormField* field = nullptr;  // kChoice: the field, for its choices
  std::string noun;                  // "a number field", "a metric": for messages
};

SubjectType::Kind KindOf(FieldType type) {
  switch (type) {
    case FieldType::kChoice:
    case FieldType::kMultiChoice:
      return SubjectType::kChoice;
    case FieldType::kNumber:
      return SubjectType::kNumber;
    case FieldType::kBoolean:
      return SubjectType::kBool;
    case FieldType::kRecords:
      return SubjectType::kRecords;
    default:
      return SubjectType::kText;  // text, long_text and date compare as text
  }
}

class GuardReader {
 public:
  GuardReader(const GuardScope& scope, Reporter& reporter) : scope_(scope), reporter_(reporter) {}

  Guard Read(const YamlNode& node) {
    Guard guard;
    guard.pos = node.pos;
    if (!node.IsMap()) {
      reporter_.Error(node.pos,
                      "a guard is a map with one of all, any, not, field or metric, "
                      "not " +
                          Describe(node));
      return guard;
    }
    std::vector<std::string> forms;
    for (const char* key : {"all", "any", "not", "field", "metric"}) {
      if (node.Find(key) != nullptr) forms.emplace_back(key);
    }
    if (forms.size() > 1) {
      reporter_.Error(node.pos,
                      "a guard is exactly one of all, any, not, field or metric; this "
                      "one has " +
                          JoinNames(forms) + " (nest them with all: [...])");
      return guard;
    }
    if (forms.empty()) {
      ReportUnknownKeys(node, {});
      reporter_.Error(node.pos, "a guard needs one of all, any, not, field or metric");
      return guard;
    }
    if (forms[0] == "field" || forms[0] == "metric") return ReadComparison(node, forms[0], guard);
    return ReadCombinator(node, forms[0], guard);
  }

 private:
  Guard ReadCombinator(const YamlNode& node, const std::string& form, Guard& guard) {
    ReportUnknownKeys(node, {form});
    const YamlNode& value = *node.Find(form);
    if (form == "not") {
      guard.op = GuardOp::kNot;
      if (value.IsMap()) {
        guard.children.push_back(Read(value));
      } else {
        reporter_.Error(value.pos, "`not` takes exactly one guard (a map), not " + Describe(value));
      }
      return guard;
    }
    guard.op = form == "all" ? GuardOp::kAll : GuardOp::kAny;
    if (!value.IsSequence() || value.children.empty()) {
      reporter_.Error(value.pos, "`" + form + "` takes a non-empty list of guards, not " +
                                     (value.IsSequence() ? "an empty list" : Describe(value)));
      return guard;
    }
    for (const YamlNode& child : value.children) guard.children.push_back(Read(child));
    return guard;
  }

  Guard ReadComparison(const YamlNode& node, const std::string& subject_key, Guard& guard) {
    std::vector<std::string> allowed = ComparatorNames();
    allowed.push_back(subject_key);
    const bool unknown_keys = ReportUnknownKeys(node, allowed);
    const YamlNode& subject = *node.Find(subject_key);
    const SubjectType type = ReadSubject(subject, subject_key, guard);
    const std::string named =
        guard.name.empty() ? "this guard" : "the guard on " + SubjectText(guard);

    std::vector<const OpName*> present;
    for (const OpName& op : kComparators) {
      if (node.Find(op.name) != nullptr) present.push_back(&op);
    }
    if (present.size() != 1) {
      if (present.empty() && unknown_keys) return guard;  // the misspelt key says it better
      std::vector<std::string> names;
      for (const OpName* op : present) names.emplace_back(op->name);
      reporter_.Error(
          node.pos, named + (present.empty() ? " has no comparator" : " has " + JoinNames(names)) +
                        ": give exactly one of " + JoinNames(ComparatorNames()) +
                        " (combine several with all: [...])");
      return guard;
    }
    guard.op = present[0]->op;
    ReadValues(*node.Find(present[0]->name), *present[0], type, named, guard);
    return guard;
  }

  // Reports keys of `node` not in `allowed` nor a guard form; returns whether there were any.
  bool ReportUnknownKeys(const YamlNode& node, const std::vector<std::string>& allowed) {
    bool any = false;
    for (const YamlNode& child : node.children) {
      bool known = false;
      for (const std::string& name : allowed) known = known || child.key == name;
      if (known) continue;
      any = true;
      const std::vector<std::string>& candidates = allowed.empty() ? GuardKeys() : allowed;
      reporter_.Error(child.key_pos, "unknown key '" + child.key + "' in guard" +
                                         DidYouMean(child.key, candidates));
    }
    return any;
  }

  SubjectType ReadSubject(const YamlNode& subject, const std::string& key, Guard& guard) {
    SubjectType type;
    std::optional<std::string> text = ReadText(subject, "guard `" + key + "`", reporter_);
    if (!text) return type;
    if (key == "metric") {
      guard.subject = Guard::Subject::kMetric;
      guard.name = *text;
      type.kind = SubjectType::kNumber;
      type.noun = "a metric";
      const std::vector<std::string>& metrics = KnownMetrics();
      if (std::find(metrics.begin(), metrics.end(), *text) == metrics.end()) {
        reporter_.Error(subject.pos, "unknown metric '" + *text + "'" + DidYouMean(*text, metrics) +
                                         "; the metrics are " + JoinNames(metrics));
      }
      return type;
    }
    guard.subject = Guard::Subject::kField;
    const std::size_t dot = text->find('.');
    if (dot == std::string::npos || text->find('.', dot + 1) != std::string::npos) {
      reporter_.Error(subject.pos, "guard field '" + *text +
                                       "' must be written STAGE.FIELD (for example "
                                       "assessment.risk_level)");
      return type;
    }
    guard.stage = text->substr(0, dot);
    guard.name = text->substr(dot + 1);
    const FormField* field = ResolveField(subject, guard.stage, guard.name);
    if (field == nullptr) return type;
    type.field = field;
    type.kind = KindOf(field->type);
    type.noun = std::string("a ") + FieldTypeName(field->type) + " field";
    return type;
  }

  // The field `stage`.`name` names, or nullptr after saying why there is none.
  const FormField* ResolveField(const YamlNode& at, const std::string& stage_id,
                                const std::string& name) {
    const Stage* stage = nullptr;
    std::vector<std::string> stage_ids;
    for (const Stage& candidate : scope_.stages) {
      stage_ids.push_back(candidate.id);
      if (candidate.id == stage_id) stage = &candidate;
    }
    if (stage == nullptr) {
      reporter_.Error(at.pos, "guard field '" + stage_id + "." + name + "' names unknown stage '" +
                                  stage_id + "'" + DidYouMean(stage_id, stage_ids));
      return nullptr;
    }
    if (stage->form.empty()) {
      reporter_.Error(at.pos, "guard field '" + stage_id + "." + name + "': stage '" + stage_id +
                                  "' has no form, so it has no fields");
      return nullptr;
    }
    const FormDefinition* form = scope_.forms ? scope_.forms(stage->form) : nullptr;
    if (form == nullptr) return nullptr;  // the stage's unknown form is reported at the stage
    if (const FormField* field = form->FindField(name)) return field;
    std::vector<std::string> names;
    for (const FormSection& section : form->sections) {
      for (const FormField& field : section.fields) names.push_back(field.name);
    }
    reporter_.Error(at.pos, "guard field '" + stage_id + "." + name + "': form '" + form->id +
                                "' (stage " + stage_id + ") has no field '" + name + "'" +
                                DidYouMean(name, names));
    return nullptr;
  }

  void ReadValues(const YamlNode& value, const OpName& op, const SubjectType& type,
                  const std::string& named, Guard& guard) {
    if (op.op == GuardOp::kIsPresent) {
      if (std::optional<bool> present = ReadBool(value, "`is_present`", reporter_)) {
        guard.values.push_back({GuardValue::Kind::kBool, "", 0, *present});
      }
      return;
    }
    if (type.kind == SubjectType::kRecords) {
      reporter_.Error(value.key_pos, named +
                                         ": a records field can be tested only with "
                                         "is_present");
      return;
    }
    const bool numeric = op.op == GuardOp::kGt || op.op == GuardOp::kGte || op.op == GuardOp::kLt ||
                         op.op == GuardOp::kLte;
    if (numeric && type.kind != SubjectType::kNumber && type.kind != SubjectType::kUnknown) {
      reporter_.Error(value.key_pos, std::string("`") + op.name + "` compares numbers, but " +
                                         SubjectText(guard) + " is " + type.noun +
                                         " (use equals or in)");
      return;
    }
    if (op.op == GuardOp::kIn) {
      for (const YamlNode* item : ReadScalarList(value, "`in`", false, reporter_)) {
        ReadValue(*item, type, guard);
      }
      return;
    }
    if (!value.IsScalar()) {
      reporter_.Error(value.pos, std::string("`") + op.name + "` takes one value, not " +
                                     Describe(value) + (value.IsSequence() ? " (use in)" : ""));
      return;
    }
    if (numeric && !ParseNumber(value)) {
      reporter_.Error(value.pos,
                      std::string("`") + op.name + "` takes a number, not " + Describe(value));
      return;
    }
    ReadValue(value, type, guard);
  }

  // One literal, typed by what it is compared with.
  void ReadValue(const YamlNode& value, const SubjectType& type, Guard& guard) {
    const std::optional<double> number = ParseNumber(value);
    const std::optional<bool> boolean = ParseBool(value);
    GuardValue result{GuardValue::Kind::kString, value.text, 0, false};
    switch (type.kind) {
      case SubjectType::kNumber:
        if (!number) return WrongValue(value, guard, type, "a number");
        result = {GuardValue::Kind::kNumber, "", *number, false};
        break;
      case SubjectType::kBool:
        if (!boolean) return WrongValue(value, guard, type, "true or false");
        result = {GuardValue::Kind::kBool, "", 0, *boolean};
        break;
      case SubjectType::kChoice: {
        const std::vector<std::string>& choices = type.field->choices;
        if (std::find(choices.begin(), choices.end(), value.text) == choices.end()) {
          reporter_.Error(value.pos, "'" + value.text + "' is not a choice of " +
                                         SubjectText(guard) + DidYouMean(value.text, choices) +
                                         "; its choices are " + JoinNames(choices));
          return;
        }
        break;
      }
      case SubjectType::kUnknown:  // the subject is already reported; keep the literal's type
        if (number) result = {GuardValue::Kind::kNumber, "", *number, false};
        if (boolean) result = {GuardValue::Kind::kBool, "", 0, *boolean};
        break;
      case SubjectType::kText:
      case SubjectType::kRecords:
        break;
    }
    guard.values.push_back(std::move(result));
  }

  void WrongValue(const YamlNode& value, const Guard& guard, const SubjectType& type,
                  const char* expected) {
    reporter_.Error(value.pos, SubjectText(guard) + " is " + type.noun + ": compare it with " +
                                   expected + ", not " + Describe(value));
  }

  static std::string SubjectText(const Guard& guard) {
    return guard.subject == Guard::Subject::kField ? guard.stage + "." + guard.name : guard.name;
  }

  const GuardScope& scope_;
  Reporter& reporter_;
};

std::string ValueText(const GuardValue& value) {
  switch (value.kind) {
    case GuardValue::Kind::kNumber: {
      char buffer[32];
      const auto result = std::to_chars(buffer, buffer + sizeof buffer, value.number);
      return std::string(buffer, result.ptr);
    }
    case GuardValue::Kind::kBool:
      return value.boolean ? "true" : "false";
    case GuardValue::Kind::kString:
      break;
  }
  const bool plain =
      !value.text.empty() && value.text.find_first_of(" ,[]()'") == std::string::npos;
  return plain ? value.text : "'" + value.text + "'";
}

}  // namespace

Guard ReadGuard(const YamlNode& node, const GuardScope& scope, Reporter& reporter) {
  return GuardReader(scope, reporter).Read(node);
}

std::string DescribeGuard(const Guard& guard) {
  switch (guard.op) {
    case GuardOp::kAll:
    case GuardOp::kAny:
    case GuardOp::kNot: {
      std::string text = std::string(NameOf(guard.op).name) + "(";
      for (std::size_t i = 0; i < guard.children.size(); ++i) {
        if (i > 0) text += ", ";
        text += DescribeGuard(guard.children[i]);
      }
      return text + ")";
    }
    default:
      break;
  }
  const std::string subject =
      guard.subject == Guard::Subject::kField ? guard.stage + "." + guard.name : guard.name;
  if (guard.op == GuardOp::kIsPresent) {
    const bool present = guard.values.empty() || guard.values[0].boolean;
    return subject + (present ? " is present" : " is absent");
  }
  if (guard.op == GuardOp::kIn) {
    std::string list;
    for (const GuardValue& value : guard.values) {
      if (!list.empty()) list += ", ";
      list += ValueText(value);
    }
    return subject + " in [" + list + "]";
  }
  const std::string value = guard.values.empty() ? "?" : ValueText(guard.values[0]);
  return subject + " " + NameOf(guard.op).symbol + " " + value;
}

}  // namespace equilens
