// Small rules every decision about an actor shares: who filed, who holds a role, and how a
// refusal names the rule's place (engine-internal).
#ifndef EQUILENS_RUNTIME_ACT_RULES_H_
#define EQUILENS_RUNTIME_ACT_RULES_H_

#include <string>
#include <vector>

#include "runtime/route.h"

namespace equilens {

inline std::string Join(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string joined;
  for (const std::string& item : items) joined += (joined.empty() ? "" : separator) + item;
  return joined;
}

// "(workflow equity-impact-review v1, stage signoff)": where a rule lives, for refusals.
inline std::string Where(const ActFacts& facts, const std::string& stage) {
  std::string where =
      "workflow " + facts.workflow->id + " v" + std::to_string(facts.workflow->version);
  if (!stage.empty()) where += ", stage " + stage;
  return "(" + where + ")";
}

inline bool IsSubmitter(const ActFacts& facts) {
  return facts.actor->name == facts.initiative->submitter;
}

// Whether the actor holds one of `roles`, `submitter` meaning the person who filed.
inline bool ActorIn(const ActFacts& facts, const std::vector<std::string>& roles) {
  for (const std::string& role : roles) {
    if (role == kSubmitter ? IsSubmitter(facts) : role == facts.actor->role) return true;
  }
  return false;
}

}  // namespace equilens

#endif  // EQUILENS_RUNTIME_ACT_RULES_H_
