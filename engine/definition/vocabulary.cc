// The fixed vocabulary of definitions: field types, requirements, roles, metrics and
// lifecycle events, each spelled once here as the YAML spells it.
#include "equilens/definition.h"

namespace equilens {

const char* FieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::kText:
      return "text";
    case FieldType::kLongText:
      return "long_text";
    case FieldType::kChoice:
      return "choice";
    case FieldType::kMultiChoice:
      return "multi_choice";
    case FieldType::kNumber:
      return "number";
    case FieldType::kDate:
      return "date";
    case FieldType::kBoolean:
      return "boolean";
    case FieldType::kRecords:
      return "records";
  }
  return "text";
}

const char* RequirementName(Requirement requirement) {
  switch (requirement) {
    case Requirement::kFormComplete:
      return "form_complete";
    case Requirement::kComment:
      return "comment";
    case Requirement::kFeedbackAnswered:
      return "feedback_answered";
  }
  return "form_complete";
}

const std::vector<std::string>& KnownRoles() {
  static const std::vector<std::string> kRoles = {"department_head", "cesj_reviewer", "cesj_lead",
                                                  "ombuds", "admin"};
  return kRoles;
}

const std::vector<std::string>& KnownMetrics() {
  static const std::vector<std::string> kMetrics = {"max_risk_ratio", "min_impact_ratio",
                                                    "flagged_groups", "persistent_groups"};
  return kMetrics;
}

const std::vector<std::string>& LifecycleEventNames() {
  static const std::vector<std::string> kEvents = {"submit", "hold",   "resume", "withdraw",
                                                   "reject", "return", "close"};
  return kEvents;
}

}  // namespace equilens
