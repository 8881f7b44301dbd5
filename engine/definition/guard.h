// Reading `when:` guards: structure, subjects and typed values, checked against the workflow.
#ifndef EQUILENS_DEFINITION_GUARD_H_
#define EQUILENS_DEFINITION_GUARD_H_

#include <vector>

#include "definition/report.h"
#include "definition/yaml_tree.h"
#include "equilens/definition.h"

namespace equilens {

// What a guard may refer to: the workflow's stages (whose forms hold the fields) and its forms.
struct GuardScope {
  const std::vector<Stage>& stages;
  const FormLookup& forms;
};

// Reads the guard at `node`, reporting every problem: its shape (exactly one of all / any /
// not / field / metric; all and any non-empty; not with one child; exactly one comparator),
// its subject (a known metric, or STAGE.FIELD where the stage has a form holding the field)
// and its values (a choice field compares only with its choices; gt/gte/lt/lte only numbers of
// a number field or metric; `in` a non-empty list; is_present a boolean). Always returns a
// guard, as complete as the errors allow.
Guard ReadGuard(const YamlNode& node, const GuardScope& scope, Reporter& reporter);

}  // namespace equilens

#endif  // EQUILENS_DEFINITION_GUARD_H_
