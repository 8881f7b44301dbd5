// Whole-route checks: an approving end exists, every stage is reachable and has a way out, no
// transition is shadowed, and quorums count events that can happen.
#include "definition/validate_workflow.h"

#include <cassert>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace equilens {
namespace {

// Precondition (CheckRoute's): `id` names a stage.
std::size_t StageIndex(const WorkflowDefinition& workflow, const std::string& id) {
  std::size_t i = 0;
  while (i < workflow.stages.size() && workflow.stages[i].id != id) ++i;
  assert(i < workflow.stages.size() && "CheckRoute needs every stage reference resolved");
  return i;
}

void CheckReachable(const WorkflowDefinition& workflow, Reporter& reporter) {
  const std::size_t count = workflow.stages.size();
  std::vector<std::vector<std::size_t>> next(count);
  for (const Transition& transition : workflow.transitions) {
    next[StageIndex(workflow, transition.from)].push_back(StageIndex(workflow, transition.to));
  }
  std::vector<bool> reached(count, false);
  std::vector<std::size_t> frontier = {StageIndex(workflow, workflow.start)};
  reached[frontier[0]] = true;
  while (!frontier.empty()) {
    const std::size_t stage = frontier.back();
    frontier.pop_back();
    for (std::size_t to : next[stage]) {
      if (!reached[to]) {
        reached[to] = true;
        frontier.push_back(to);
      }
    }
  }
  for (std::size_t i = 0; i < count; ++i) {
    const Stage& stage = workflow.stages[i];
    if (!reached[i]) {
      reporter.Error(stage.pos, "stage '" + stage.id +
                                    "' can never be reached: no chain of "
                                    "transitions leads to it from start '" +
                                    workflow.start + "'");
    }
    if (stage.end == StageEnd::kNone && next[i].empty()) {
      reporter.Error(stage.pos, "stage '" + stage.id +
                                    "' has no way out: add a transition from "
                                    "it, or make it an end stage (end: approve or end: reject)");
    }
  }
}

void CheckShadowed(const WorkflowDefinition& workflow, Reporter& reporter) {
  // (from, event) -> the first transition with no `when`, which always wins.
  std::map<std::pair<std::string, std::string>, std::size_t> always;
  for (std::size_t i = 0; i < workflow.transitions.size(); ++i) {
    const Transition& transition = workflow.transitions[i];
    const auto key = std::make_pair(transition.from, transition.event);
    auto winner = always.find(key);
    if (winner != always.end()) {
      reporter.Error(transition.pos,
                     TransitionName(workflow, i) + " can never fire: transition " +
                         std::to_string(winner->second + 1) +
                         " with the same from and event has no `when` and always wins");
    } else if (!transition.when) {
      always.emplace(key, i);
    }
  }
}

void CheckQuorums(const WorkflowDefinition& workflow, const YamlNode& root, Reporter& reporter) {
  std::set<std::pair<std::string, std::string>> leaving;  // (stage, event)
  for (const Transition& transition : workflow.transitions) {
    leaving.emplace(transition.from, transition.event);
  }
  const YamlNode* stages = root.Find("stages");
  for (const Stage& stage : workflow.stages) {
    const YamlNode* quorum = stages ? stages->Find(stage.id) : nullptr;
    quorum = quorum ? quorum->Find("quorum") : nullptr;
    for (const auto& [event, count] : stage.quorum) {
      if (leaving.count({stage.id, event})) continue;
      const YamlNode* entry = quorum ? quorum->Find(event) : nullptr;
      reporter.Error(entry ? entry->key_pos : stage.pos,
                     "stage '" + stage.id + "' counts a quorum for '" + event +
                         "', but no transition leaves '" + stage.id + "' on '" + event + "'");
    }
  }
}

}  // namespace

std::string TransitionName(const WorkflowDefinition& workflow, std::size_t index) {
  const Transition& transition = workflow.transitions[index];
  return "transition " + std::to_string(index + 1) + " (" + transition.from + " --" +
         transition.event + "--> " + transition.to + ")";
}

void CheckApprovingEnd(const WorkflowDefinition& workflow, const YamlNode& root,
                       Reporter& reporter) {
  for (const Stage& stage : workflow.stages) {
    if (stage.end == StageEnd::kApprove) return;
  }
  const YamlNode* stages = root.Find("stages");
  reporter.Error(stages ? stages->key_pos : root.pos,
                 "no stage approves the initiative: add an end stage such as "
                 "`approved: { end: approve }` and a transition into it");
}

void CheckRoute(const WorkflowDefinition& workflow, const YamlNode& root, Reporter& reporter) {
  CheckReachable(workflow, reporter);
  CheckShadowed(workflow, reporter);
  CheckQuorums(workflow, root, reporter);
}

}  // namespace equilens
