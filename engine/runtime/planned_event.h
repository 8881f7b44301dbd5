// An event a command has decided to record: its kind and JSON payload (engine-internal).
// The store assigns sequence, time and hash when it appends it.
#ifndef EQUILENS_RUNTIME_PLANNED_EVENT_H_
#define EQUILENS_RUNTIME_PLANNED_EVENT_H_

#include <nlohmann/json.hpp>
#include <string>

namespace equilens {

struct PlannedEvent {
  std::string kind;  // "stage_advanced", "held", ... (store/projector.cc lists them all)
  nlohmann::json payload;
};

}  // namespace equilens

#endif  // EQUILENS_RUNTIME_PLANNED_EVENT_H_
