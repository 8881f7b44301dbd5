// A stage's `escalation:` block (docs/escalation.md): a valid one loads, and each rule it can
// break is refused at its line and column, in words that name the rule.
#include <doctest/doctest.h>

#include "definition_test_support.h"

namespace equilens {
namespace {

using definition_test::Lines;
using definition_test::Mismatch;
using definition_test::WorkflowErrors;

// A small valid workflow; line 8 is the stage each test gives an escalation block.
Lines Mini() {
  return Lines({
      "workflow: mini",                                                    // 1
      "version: 1",                                                        // 2
      "title: Mini review",                                                // 3
      "roles: [cesj_reviewer, cesj_lead]",                                 // 4
      "start: draft",                                                      // 5
      "stages:",                                                           // 6
      "  draft: { owner: submitter, form: fixture-assessment }",           // 7
      "  review: { owner: cesj_reviewer }",                                // 8
      "  signoff: { owner: cesj_lead }",                                   // 9
      "  done: { end: approve }",                                          // 10
      "transitions:",                                                      // 11
      "  - { from: draft, on: submit, to: review, by: submitter }",        // 12
      "  - { from: review, on: accept, to: signoff, by: cesj_reviewer }",  // 13
      "  - { from: signoff, on: approve, to: done, by: cesj_lead }",       // 14
  });
}

// Mini() with the review stage escalating as `block` says.
Lines Escalating(const std::string& block) {
  return Mini().Set(8, "  review: { owner: cesj_reviewer, escalation: { " + block + " } }");
}

TEST_CASE("escalation block: remind, notify and reassign load into the model") {
  CHECK(Mismatch(WorkflowErrors(Escalating("remind_after: 2 school days").Text()), {}) == "");
  const Lines full = Escalating(
      "remind_after: 2 school days, notify_after: 4 school days, notify: user:ana.lopez");
  CHECK(Mismatch(WorkflowErrors(full.Text()), {}) == "");
  std::vector<Diagnostic> errors;
  auto workflow = ParseWorkflow(
      {"test.yaml", Mini()
                        .Set(8,
                             "  review: { owner: cesj_reviewer, escalation: { notify_after: 3 "
                             "school days, notify: cesj_lead, reassign_to: cesj_reviewer } }")
                        .Set(9,
                             "  signoff: { owner: cesj_lead, escalation: { notify_after: 1 "
                             "school day, notify: admin, reassign_to: user:lee } }")
                        .Text()},
      definition_test::FixtureForms().Lookup(), errors);
  // reassign_to the owner is refused; the rest of the model is read.
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.find("names the stage's owner (cesj_reviewer)") != std::string::npos);
  const Lines ok = Mini().Set(9,
                              "  signoff: { owner: cesj_lead, escalation: { notify_after: 1 "
                              "school day, notify: admin, reassign_to: user:lee } }");
  errors.clear();
  workflow =
      ParseWorkflow({"test.yaml", ok.Text()}, definition_test::FixtureForms().Lookup(), errors);
  REQUIRE(workflow);
  const Stage* signoff = workflow->FindStage("signoff");
  REQUIRE(signoff->escalation);
  CHECK(signoff->escalation->remind_after_school_days == 0);
  CHECK(signoff->escalation->notify_after_school_days == 1);
  CHECK(signoff->escalation->notify == "admin");
  CHECK(signoff->escalation->reassign_to == "user:lee");
  CHECK_FALSE(workflow->FindStage("review")->escalation);
}

TEST_CASE("escalation block: unknown keys and a block with nothing to do") {
  const Lines w = Escalating("remind_afer: 2 school days");
  CHECK(Mismatch(WorkflowErrors(w.Text()),
                 {{8, w.Col(8, "remind_afer"),
                   "unknown key 'remind_afer' in stage 'review' `escalation` (did you mean "
                   "'remind_after'?)"},
                  {8, w.Col(8, "escalation"), "needs `remind_after` (remind the owner) or "}}) ==
        "");
  const Lines list = Mini().Set(8, "  review: { owner: cesj_reviewer, escalation: [a] }");
  CHECK(Mismatch(WorkflowErrors(list.Text()),
                 {{8, list.Col(8, "[a]"), "stage 'review' `escalation` must be a map"}}) == "");
}

TEST_CASE("escalation block: school days between 1 and 200") {
  const Lines zero = Escalating("remind_after: 0 school days");
  CHECK(Mismatch(WorkflowErrors(zero.Text()), {{8, zero.Col(8, "0 school"),
                                                "`remind_after` is 0 school days; it must be 1 to "
                                                "200"}}) == "");
  const Lines calendar = Escalating("remind_after: 3 days");
  CHECK(Mismatch(WorkflowErrors(calendar.Text()),
                 {{8, calendar.Col(8, "3 days"), "`remind_after` must be 'N school days'"}}) == "");
}

TEST_CASE("escalation block: the owner is reminded before anyone else is told") {
  const Lines w = Escalating(
      "remind_after: 4 school days, notify_after: 4 school days, "
      "notify: cesj_lead");
  CHECK(Mismatch(WorkflowErrors(w.Text()),
                 {{8, w.Col(8, "4 school days", 2),
                   "`notify_after` (4 school days) must be later than `remind_after` (4): the "
                   "owner is reminded first"}}) == "");
}

TEST_CASE("escalation block: notify needs a when and a who, and a reassignment needs notify") {
  const Lines no_who = Escalating("notify_after: 4 school days");
  CHECK(Mismatch(WorkflowErrors(no_who.Text()),
                 {{8, no_who.Col(8, "notify_after"), "`notify_after` needs `notify`"}}) == "");
  const Lines no_when = Escalating("remind_after: 2 school days, notify: cesj_lead");
  CHECK(Mismatch(WorkflowErrors(no_when.Text()),
                 {{8, no_when.Col(8, "notify:"), "`notify` needs `notify_after`"}}) == "");
  const Lines reassign = Escalating("remind_after: 2 school days, reassign_to: cesj_lead");
  CHECK(Mismatch(WorkflowErrors(reassign.Text()),
                 {{8, reassign.Col(8, "reassign_to"),
                   "`reassign_to` happens at the notify step: add `notify_after` and "
                   "`notify`"}}) == "");
}

TEST_CASE("escalation block: whom it names is a role, submitter or user:NAME") {
  const Lines typo = Escalating("notify_after: 4 school days, notify: cesj_leed");
  CHECK(Mismatch(WorkflowErrors(typo.Text()),
                 {{8, typo.Col(8, "cesj_leed"),
                   "`notify` names 'cesj_leed', which is not a role (did you mean "
                   "'cesj_lead'?)"}}) == "");
  const Lines person = Escalating("notify_after: 4 school days, notify: user:Ana Lopez");
  CHECK(Mismatch(WorkflowErrors(person.Text()), {{8, person.Col(8, "user:"),
                                                  "names person 'Ana Lopez', which is not a user "
                                                  "name"}}) == "");
  const Lines owner = Escalating("notify_after: 4 school days, notify: cesj_reviewer");
  CHECK(Mismatch(WorkflowErrors(owner.Text()),
                 {{8, owner.Col(8, "cesj_reviewer", 2),
                   "`notify` names the stage's owner (cesj_reviewer), who is reminded "
                   "anyway"}}) == "");
}

TEST_CASE("escalation block: a stage is reassigned only to a role that can act in it") {
  const Lines w = Escalating(
      "notify_after: 4 school days, notify: cesj_lead, reassign_to: "
      "cesj_lead");
  CHECK(Mismatch(WorkflowErrors(w.Text()),
                 {{8, w.Col(8, "{ notify_after"),
                   "`reassign_to` names cesj_lead, who cannot act in review (its transitions "
                   "are by cesj_reviewer)"}}) == "");
  const Lines can = w;
  CHECK(Mismatch(WorkflowErrors(Lines(can)
                                    .Set(13,
                                         "  - { from: review, on: accept, to: signoff, by: "
                                         "[cesj_reviewer, cesj_lead] }")
                                    .Text()),
                 {}) == "");
}

TEST_CASE("escalation block: an end stage takes none") {
  const Lines w = Mini().Set(10,
                             "  done: { end: approve, escalation: { remind_after: 1 school "
                             "day } }");
  CHECK(Mismatch(WorkflowErrors(w.Text()),
                 {{10, w.Col(10, "escalation"),
                   "end stage 'done' takes no `escalation`: nothing happens in an end "
                   "stage"}}) == "");
}

}  // namespace
}  // namespace equilens
