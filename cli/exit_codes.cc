// The one switch from an engine error category to the CLI's exit code.
#include "cli.h"

namespace equilens::cli {

int ExitCodeFor(const Status& status) {
  switch (status.category()) {
    case ErrorCategory::kOk:
      return 0;
    case ErrorCategory::kInternal:
      return 1;
    case ErrorCategory::kUsage:
      return 2;
    case ErrorCategory::kNotFound:
      return 3;
    case ErrorCategory::kForbidden:
      return 4;
    case ErrorCategory::kRefusedByRule:
      return 5;
    case ErrorCategory::kConflict:
      return 6;
    case ErrorCategory::kInvalidInput:
      return 7;
    case ErrorCategory::kIntegrity:
      return 8;
  }
  return 1;
}

}  // namespace equilens::cli
