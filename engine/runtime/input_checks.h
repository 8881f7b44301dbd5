// Checks on what a person types (titles, notes, feedback) and on the one lifecycle rule
// every write shares: nothing is recorded after an end state (engine-internal).
#ifndef EQUILENS_RUNTIME_INPUT_CHECKS_H_
#define EQUILENS_RUNTIME_INPUT_CHECKS_H_

#include <cstddef>
#include <string>

#include "equilens/lifecycle.h"
#include "equilens/status.h"
#include "store/records.h"

namespace equilens {

inline constexpr std::size_t kMaxTitleBytes = 200;
inline constexpr std::size_t kMaxTextBytes = 20000;  // comments, notes, summaries, feedback

// invalid_input when `text` is over `limit` bytes, or blank when `required`.
inline Status CheckText(const std::string& what, const std::string& text, std::size_t limit,
                        bool required) {
  if (required && text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidInput(what + " is empty");
  }
  if (text.size() > limit) {
    return InvalidInput(what + " is " + std::to_string(text.size()) + " bytes; the limit is " +
                        std::to_string(limit));
  }
  return Status::Ok();
}

// Nothing is recorded on an initiative after an end state.
inline Status CheckNotEnded(const InitiativeRecord& initiative) {
  if (IsEndState(initiative.lifecycle)) {
    return RefusedByRule(initiative.id + " is " + LifecycleStateName(initiative.lifecycle) +
                         ", and nothing changes after an end state");
  }
  return Status::Ok();
}

}  // namespace equilens

#endif  // EQUILENS_RUNTIME_INPUT_CHECKS_H_
