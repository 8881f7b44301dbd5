// Names of error categories, used in JSON, logs and the CLI's stderr.
#include "equilens/status.h"

namespace equilens {

const char* CategoryName(ErrorCategory category) {
  switch (category) {
    case ErrorCategory::kOk:
      return "ok";
    case ErrorCategory::kInternal:
      return "internal";
    case ErrorCategory::kUsage:
      return "usage";
    case ErrorCategory::kNotFound:
      return "not_found";
    case ErrorCategory::kForbidden:
      return "forbidden";
    case ErrorCategory::kRefusedByRule:
      return "refused_by_rule";
    case ErrorCategory::kConflict:
      return "conflict";
    case ErrorCategory::kInvalidInput:
      return "invalid_input";
    case ErrorCategory::kIntegrity:
      return "integrity";
  }
  return "internal";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(CategoryName(category_)) + ": " + message_;
}

}  // namespace equilens
