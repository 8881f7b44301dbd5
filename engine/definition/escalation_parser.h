// Reading and checking a stage's `escalation:` block (docs/escalation.md): when the owner is
// reminded, when someone else is told, and to whom the stage may be reassigned.
#ifndef EQUILENS_DEFINITION_ESCALATION_PARSER_H_
#define EQUILENS_DEFINITION_ESCALATION_PARSER_H_

#include <optional>
#include <string>

#include "definition/report.h"
#include "definition/yaml_tree.h"
#include "equilens/definition.h"

namespace equilens {

// Reads `node` (the value of `escalation:`) for `stage`, whose owner is already read. Reports
// each broken rule at its key or value and returns what could be read (nullopt when the block
// is not a map).
std::optional<Escalation> ReadEscalation(const YamlNode& node, const Stage& stage,
                                         Reporter& reporter);

// Once the transitions are read: a `reassign_to` role must be able to act in its stage (be in
// the `by` of a transition leaving it), or the stage would wait on someone who cannot move it.
void CheckEscalationTargets(const WorkflowDefinition& workflow, Reporter& reporter);

}  // namespace equilens

#endif  // EQUILENS_DEFINITION_ESCALATION_PARSER_H_
