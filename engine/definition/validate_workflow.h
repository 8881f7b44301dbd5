// The whole-route checks of a workflow, run once its stages and transitions have been read.
#ifndef EQUILENS_DEFINITION_VALIDATE_WORKFLOW_H_
#define EQUILENS_DEFINITION_VALIDATE_WORKFLOW_H_

#include <string>

#include "definition/report.h"
#include "definition/yaml_tree.h"
#include "equilens/definition.h"

namespace equilens {

// "transition 3 (feedback --accept--> signoff)"; `index` is 0-based, the text 1-based.
std::string TransitionName(const WorkflowDefinition& workflow, std::size_t index);

// Checks that at least one stage approves. `root` is the workflow's YAML, for positions.
void CheckApprovingEnd(const WorkflowDefinition& workflow, const YamlNode& root,
                       Reporter& reporter);

// Checks the route as a graph: every stage reachable from start, every non-end stage with a
// way out, no transition shadowed by an earlier unconditional one with the same from and
// event, and every quorum naming an event that leaves its stage. Precondition: start and every
// transition's from and to name stages of `workflow` (else the findings would be noise).
void CheckRoute(const WorkflowDefinition& workflow, const YamlNode& root, Reporter& reporter);

}  // namespace equilens

#endif  // EQUILENS_DEFINITION_VALIDATE_WORKFLOW_H_
