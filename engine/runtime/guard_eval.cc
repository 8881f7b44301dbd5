// Guard evaluation: combinators recurse; a leaf compares one subject with typed values.
#include "runtime/guard_eval.h"

#include <cassert>

namespace equilens {
namespace {

bool IsAbsent(const nlohmann::json* value) {
  return value == nullptr || value->is_null() ||
         (value->is_string() && value->get_ref<const std::string&>().empty()) ||
         (value->is_array() && value->empty());
}

bool ScalarEquals(const nlohmann::json& answer, const GuardValue& value) {
  switch (value.kind) {
    case GuardValue::Kind::kString:
      return answer.is_string() && answer.get_ref<const std::string&>() == value.text;
    case GuardValue::Kind::kNumber:
      return answer.is_number() && answer.get<double>() == value.number;
    case GuardValue::Kind::kBool:
      return answer.is_boolean() && answer.get<bool>() == value.boolean;
  }
  return false;
}

bool AnyOf(const nlohmann::json& answer, const std::vector<GuardValue>& values) {
  for (const GuardValue& value : values) {
    if (ScalarEquals(answer, value)) return true;
  }
  return false;
}

bool Compare(double subject, GuardOp op, double operand) {
  switch (op) {
    case GuardOp::kGt:
      return subject > operand;
    case GuardOp::kGte:
      return subject >= operand;
    case GuardOp::kLt:
      return subject < operand;
    case GuardOp::kLte:
      return subject <= operand;
    default:
      assert(false && "not a numeric comparator");
      return false;
  }
}

// A leaf over a form answer; multi_choice answers are JSON arrays of choices.
bool EvaluateFieldLeaf(const Guard& guard, const nlohmann::json* answer) {
  if (guard.op == GuardOp::kIsPresent) {
    return !IsAbsent(answer) == guard.values.at(0).boolean;
  }
  if (IsAbsent(answer)) return false;
  switch (guard.op) {
    case GuardOp::kEquals:
      if (answer->is_array())
        return answer->size() == 1 && ScalarEquals((*answer)[0], guard.values[0]);
      return ScalarEquals(*answer, guard.values[0]);
    case GuardOp::kIn:
      if (answer->is_array()) {
        for (const nlohmann::json& chosen : *answer) {
          if (AnyOf(chosen, guard.values)) return true;
        }
        return false;
      }
      return AnyOf(*answer, guard.values);
    case GuardOp::kGt:
    case GuardOp::kGte:
    case GuardOp::kLt:
    case GuardOp::kLte:
      return answer->is_number() &&
             Compare(answer->get<double>(), guard.op, guard.values[0].number);
    default:
      return false;
  }
}

bool EvaluateMetricLeaf(const Guard& guard, std::optional<double> metric) {
  if (guard.op == GuardOp::kIsPresent) return metric.has_value() == guard.values.at(0).boolean;
  if (!metric) return false;
  switch (guard.op) {
    case GuardOp::kEquals:
      return guard.values[0].kind == GuardValue::Kind::kNumber && *metric == guard.values[0].number;
    case GuardOp::kIn:
      for (const GuardValue& value : guard.values) {
        if (value.kind == GuardValue::Kind::kNumber && *metric == value.number) return true;
      }
      return false;
    default:
      return Compare(*metric, guard.op, guard.values[0].number);
  }
}

}  // namespace

bool EvaluateGuard(const Guard& guard, const GuardFacts& facts) {
  switch (guard.op) {
    case GuardOp::kAll:
      for (const Guard& child : guard.children) {
        if (!EvaluateGuard(child, facts)) return false;
      }
      return true;
    case GuardOp::kAny:
      for (const Guard& child : guard.children) {
        if (EvaluateGuard(child, facts)) return true;
      }
      return false;
    case GuardOp::kNot:
      return !EvaluateGuard(guard.children.at(0), facts);
    default:
      break;
  }
  if (guard.subject == Guard::Subject::kMetric) {
    return EvaluateMetricLeaf(guard, facts.metric ? facts.metric(guard.name) : std::nullopt);
  }
  const nlohmann::json* stage_answers = facts.answers ? facts.answers(guard.stage) : nullptr;
  const nlohmann::json* answer = nullptr;
  if (stage_answers != nullptr && stage_answers->is_object()) {
    auto it = stage_answers->find(guard.name);
    if (it != stage_answers->end()) answer = &*it;
  }
  return EvaluateFieldLeaf(guard, answer);
}

}  // namespace equilens
