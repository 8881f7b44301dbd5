// Time in each stage of the route, read from an initiative's events: the one computation the
// ombuds' audit report lists stage by stage and the dashboard takes medians of
// (engine-internal).
//
// A stay begins when an event enters a stage (submitted, stage_advanced, approvals_voided that
// sends the initiative back) and ends when the next one enters another, or when it leaves the
// route (returned to draft, withdrawn, rejected, closed). End stages (`end: approve|reject`)
// hold no stay. Time on hold counts in the stage it was held in.
#ifndef EQUILENS_RUNTIME_STAGE_STAYS_H_
#define EQUILENS_RUNTIME_STAGE_STAYS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "equilens/definition.h"
#include "store/event_log.h"

namespace equilens {

struct StageStay {
  std::string stage;
  std::string entered_at;  // event timestamps, ISO 8601 UTC
  std::string left_at;     // "" while the initiative is still in the stage
};

class StageStays {
 public:
  // `workflow` says which stages are ends; null counts every stage entered.
  explicit StageStays(const WorkflowDefinition* workflow) : workflow_(workflow) {}

  // Feeds the initiative's next event, in sequence order (`payload` is its parsed payload).
  void Observe(const StoredEvent& event, const nlohmann::json& payload);
  // Ends the open stay, if any, at `at`.
  void Leave(const std::string& at);

  // Every stay so far, in order of entry.
  const std::vector<StageStay>& stays() const { return stays_; }
  // The stages entered so far (end stages too), each once, in order of first entry.
  const std::vector<std::string>& path() const { return path_; }

 private:
  void Enter(const std::string& stage, const std::string& at);

  const WorkflowDefinition* workflow_;
  std::vector<StageStay> stays_;
  std::vector<std::string> path_;
  bool open_ = false;  // the last stay has not ended
};

// Calendar days (fractional: 36 hours is 1.5) from one event timestamp to another.
double DaysBetween(const std::string& from, const std::string& to);

}  // namespace equilens

#endif  // EQUILENS_RUNTIME_STAGE_STAYS_H_
