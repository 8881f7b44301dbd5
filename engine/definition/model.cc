// Lookups on loaded definitions and the text of a diagnostic.
#include "equilens/definition.h"

namespace equilens {

std::string Diagnostic::ToString() const {
  std::string text = file;
  if (pos.line > 0) {
    text += ":" + std::to_string(pos.line);
    if (pos.column > 0) text += ":" + std::to_string(pos.column);
  }
  return text + ": " + message;
}

const FormField* FormDefinition::FindField(std::string_view name) const {
  for (const FormSection& section : sections) {
    for (const FormField& field : section.fields) {
      if (field.name == name) return &field;
    }
  }
  return nullptr;
}

const Stage* WorkflowDefinition::FindStage(std::string_view stage_id) const {
  for (const Stage& stage : stages) {
    if (stage.id == stage_id) return &stage;
  }
  return nullptr;
}

std::vector<const Transition*> WorkflowDefinition::TransitionsFrom(std::string_view stage_id,
                                                                   std::string_view event) const {
  std::vector<const Transition*> found;
  for (const Transition& transition : transitions) {
    if (transition.from == stage_id && transition.event == event) found.push_back(&transition);
  }
  return found;
}

}  // namespace equilens
