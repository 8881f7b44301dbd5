// ReadEscalation and CheckEscalationTargets: a stage's `escalation:` block, its keys, its
// school-day counts and whom it names, each refusal naming the rule it breaks.
#include "definition/escalation_parser.h"

#include <algorithm>
#include <regex>
#include <set>

#include "common/did_you_mean.h"
#include "definition/schema.h"

namespace equilens {
namespace {

// More than a school year: an escalation later than that is a typo.
constexpr int kMaxEscalationSchoolDays = 200;

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// A role, submitter, or "user:NAME" with NAME a valid user name (admin_commands.cc's rule).
std::optional<std::string> ReadTarget(const YamlNode& node, const std::string& what,
                                      Reporter& reporter) {
  std::optional<std::string> text = ReadText(node, what, reporter);
  if (!text) return std::nullopt;
  const std::string prefix = kPersonPrefix;
  if (text->compare(0, prefix.size(), prefix) == 0) {
    static const std::regex kUserName("[a-z0-9][a-z0-9._-]{0,63}");
    if (std::regex_match(text->substr(prefix.size()), kUserName)) return text;
    reporter.Error(node.pos, what + " names person '" + text->substr(prefix.size()) +
                                 "', which is not a user name (1-64 lowercase letters, digits, "
                                 "'.', '_' or '-')");
    return std::nullopt;
  }
  if (*text == kSubmitter || Contains(KnownRoles(), *text)) return text;
  std::vector<std::string> roles = KnownRoles();
  roles.emplace_back(kSubmitter);
  reporter.Error(node.pos, what + " names '" + *text + "', which is not a role" +
                               DidYouMean(*text, roles) + "; the roles are " + JoinNames(roles) +
                               ", and one person is written user:NAME (user:ana)");
  return std::nullopt;
}

std::optional<int> ReadDays(const YamlNode& node, const std::string& what, Reporter& reporter) {
  std::optional<int> days = ReadSchoolDays(node, what, reporter);
  if (!days) return std::nullopt;
  if (*days < 1 || *days > kMaxEscalationSchoolDays) {
    reporter.Error(node.pos, what + " is " + std::to_string(*days) +
                                 " school days; it must be 1 to " +
                                 std::to_string(kMaxEscalationSchoolDays));
    return std::nullopt;
  }
  return days;
}

}  // namespace

std::optional<Escalation> ReadEscalation(const YamlNode& node, const Stage& stage,
                                         Reporter& reporter) {
  const std::string where = "stage '" + stage.id + "' `escalation`";
  if (!ExpectMap(node, where, reporter)) return std::nullopt;
  CheckKeys(
      node,
      {{"remind_after", false}, {"notify_after", false}, {"notify", false}, {"reassign_to", false}},
      where, reporter);
  Escalation escalation;
  escalation.pos = node.pos;
  const YamlNode* remind_after = node.Find("remind_after");
  const YamlNode* notify_after = node.Find("notify_after");
  const YamlNode* notify = node.Find("notify");
  const YamlNode* reassign_to = node.Find("reassign_to");
  if (remind_after != nullptr) {
    escalation.remind_after_school_days =
        ReadDays(*remind_after, where + " `remind_after`", reporter).value_or(0);
  }
  if (notify_after != nullptr) {
    escalation.notify_after_school_days =
        ReadDays(*notify_after, where + " `notify_after`", reporter).value_or(0);
  }
  if (notify != nullptr)
    escalation.notify = ReadTarget(*notify, where + " `notify`", reporter).value_or("");
  if (reassign_to != nullptr) {
    escalation.reassign_to =
        ReadTarget(*reassign_to, where + " `reassign_to`", reporter).value_or("");
  }

  // Rule: something to do.
  if (remind_after == nullptr && notify_after == nullptr) {
    reporter.Error(node.Anchor(), where +
                                      " needs `remind_after` (remind the owner) or "
                                      "`notify_after` with `notify` (tell someone else)");
  }
  // Rule: the notify step is a when and a who, together.
  if (notify_after != nullptr && notify == nullptr) {
    reporter.Error(notify_after->key_pos,
                   where +
                       " `notify_after` needs `notify`: the role or person (user:NAME) told "
                       "after that many school days");
  }
  if (notify != nullptr && notify_after == nullptr) {
    reporter.Error(notify->key_pos, where +
                                        " `notify` needs `notify_after`: after how many "
                                        "school days (for example '10 school days')");
  }
  // Rule: a reassignment happens at the notify step, so whoever is told knows of it.
  if (reassign_to != nullptr && (notify == nullptr || notify_after == nullptr)) {
    reporter.Error(reassign_to->key_pos,
                   where +
                       " `reassign_to` happens at the notify step: add `notify_after` and "
                       "`notify`");
    escalation.reassign_to.clear();  // reported once: CheckEscalationTargets need not add to it
  }
  // Rule: the owner is reminded before anyone else is told.
  if (escalation.remind_after_school_days > 0 && escalation.notify_after_school_days > 0 &&
      escalation.notify_after_school_days <= escalation.remind_after_school_days) {
    reporter.Error(notify_after->pos, where + " `notify_after` (" +
                                          std::to_string(escalation.notify_after_school_days) +
                                          " school days) must be later than `remind_after` (" +
                                          std::to_string(escalation.remind_after_school_days) +
                                          "): the owner is reminded first");
  }
  // Rule: escalating to the owner is no escalation.
  if (!stage.owner.empty() && escalation.notify == stage.owner) {
    reporter.Error(notify->pos, where + " `notify` names the stage's owner (" + stage.owner +
                                    "), who is reminded anyway: name another role or person");
  }
  if (!stage.owner.empty() && escalation.reassign_to == stage.owner) {
    reporter.Error(reassign_to->pos, where + " `reassign_to` names the stage's owner (" +
                                         stage.owner + "): the stage is theirs already");
  }
  return escalation;
}

void CheckEscalationTargets(const WorkflowDefinition& workflow, Reporter& reporter) {
  for (const Stage& stage : workflow.stages) {
    if (!stage.escalation || stage.escalation->reassign_to.empty()) continue;
    const std::string& target = stage.escalation->reassign_to;
    if (target.compare(0, std::string(kPersonPrefix).size(), kPersonPrefix) == 0) {
      continue;  // a person's role is checked when the pass reassigns (users change)
    }
    std::set<std::string> acting;
    for (const Transition& transition : workflow.transitions) {
      if (transition.from == stage.id) acting.insert(transition.by.begin(), transition.by.end());
    }
    if (acting.count(target) > 0) continue;
    reporter.Error(stage.escalation->pos,
                   "stage '" + stage.id + "' `escalation` `reassign_to` names " + target +
                       ", who cannot act in " + stage.id + " (its transitions are by " +
                       JoinNames({acting.begin(), acting.end()}) +
                       "): reassign to one of them, or to a person who holds such a role");
  }
}

}  // namespace equilens
