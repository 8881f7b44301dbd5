// Evaluating a workflow's `when:` guard against an initiative's answers and metrics.
#ifndef EQUILENS_RUNTIME_GUARD_EVAL_H_
#define EQUILENS_RUNTIME_GUARD_EVAL_H_

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "equilens/definition.h"

namespace equilens {

// What a guard may read. Either function may answer "nothing" (nullptr / nullopt): an
// unanswered field or a metric with no data attached.
struct GuardFacts {
  std::function<const nlohmann::json*(const std::string& stage)> answers;  // a JSON object
  std::function<std::optional<double>(const std::string& metric)> metric;
};

// Whether `guard` holds. A comparison whose subject has no value is false, except
// `is_present: false`, which is then true (docs/workflow-format.md, "Guards").
bool EvaluateGuard(const Guard& guard, const GuardFacts& facts);

}  // namespace equilens

#endif  // EQUILENS_RUNTIME_GUARD_EVAL_H_
