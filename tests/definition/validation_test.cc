// The definition validator on wrong input: each schema and meaning rule of
// docs/workflow-format.md refused at the right line and column with advice, several errors in
// one file reported together, and the did-you-mean suggestions.
#include <doctest/doctest.h>

#include "common/did_you_mean.h"
#include "definition_test_support.h"

namespace equilens {
namespace {

using definition_test::Expected;
using definition_test::FormErrors;
using definition_test::Lines;
using definition_test::Mismatch;
using definition_test::WorkflowErrors;

// A small valid workflow; each test changes a line or two. Lines 12 and 18 are spare comments
// that a test may turn into a stage or a transition without moving the others.
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
      "  declined: { end: reject }",                                       // 11
      "  # spare stage",                                                   // 12
      "transitions:",                                                      // 13
      "  - { from: draft, on: submit, to: review, by: submitter }",        // 14
      "  - { from: review, on: accept, to: signoff, by: cesj_reviewer }",  // 15
      "  - { from: signoff, on: approve, to: done, by: cesj_lead }",       // 16
      "  - { from: signoff, on: decline, to: declined, by: cesj_lead }",   // 17
      "  # spare transition",                                              // 18
  });
}

// Mini() with transition 2 (line 15) guarded by `guard`.
Lines Guarded(const std::string& guard) {
  return Mini().Set(
      15, "  - { from: review, on: accept, to: signoff, by: cesj_reviewer, when: " + guard + " }");
}

TEST_CASE("definition validation: the base workflow is valid") {
  CHECK(Mismatch(WorkflowErrors(Mini().Text()), {}) == "");
}

TEST_CASE("definition validation: unknown keys come with a did-you-mean") {
  const Lines w = Mini().Set(8, "  review: { ownr: cesj_reviewer }");
  CHECK(Mismatch(
            WorkflowErrors(w.Text()),
            {{8, w.Col(8, "ownr"), "unknown key 'ownr' in stage 'review' (did you mean 'owner'?)"},
             {8, 3, "stage 'review' needs an `owner`"}}) == "");
  const Lines top = Mini().Set(3, "titel: Mini review");
  CHECK(Mismatch(WorkflowErrors(top.Text()),
                 {{3, 1, "unknown key 'titel' in the workflow (did you mean 'title'?)"},
                  {1, 1, "the workflow is missing the required key 'title'"}}) == "");
  const Lines far = Mini().Set(3, "headline: Mini review");
  CHECK(Mismatch(WorkflowErrors(far.Text()), {{3, 1, "unknown key 'headline' in the workflow"},
                                              {1, 1, "missing the required key 'title'"}}) == "");
  CHECK(WorkflowErrors(far.Text())[0].message.find("did you mean") == std::string::npos);
}

TEST_CASE("definition validation: values of the wrong type") {
  const Lines version = Mini().Set(2, "version: one");
  CHECK(Mismatch(WorkflowErrors(version.Text()),
                 {{2, 10, "`version` must be a whole number >= 1, not 'one'"}}) == "");
  CHECK(Mismatch(WorkflowErrors(Mini().Set(2, "version: 0").Text()),
                 {{2, 10, "`version` must be a whole number >= 1, not '0'"}}) == "");
  CHECK(Mismatch(WorkflowErrors(Mini().Set(2, "version: \"1\"").Text()),
                 {{2, 10, "`version` must be a whole number >= 1"}}) == "");
  CHECK(Mismatch(WorkflowErrors(Mini().Set(3, "title: [a, b]").Text()),
                 {{3, 8, "`title` must be text, not a list"}}) == "");
  CHECK(Mismatch(WorkflowErrors(Mini().Set(3, "title:").Text()),
                 {{3, 1, "`title` needs a value"}}) == "");
  CHECK(Mismatch(WorkflowErrors(Mini().Set(4, "roles: cesj_lead").Text()),
                 {{4, 8, "`roles` must be a list, not 'cesj_lead'"}}) == "");
}

TEST_CASE("definition validation: sla reads N school days") {
  const Lines w = Mini().Set(8, "  review: { owner: cesj_reviewer, sla: 10 business days }");
  CHECK(Mismatch(WorkflowErrors(w.Text()),
                 {{8, w.Col(8, "10"),
                   "stage 'review' `sla` must be 'N school days' (for example "
                   "'10 school days'), not '10 business days'"}}) == "");
  const Lines negative = Mini().Set(8, "  review: { owner: cesj_reviewer, sla: -1 school days }");
  CHECK(Mismatch(WorkflowErrors(negative.Text()),
                 {{8, negative.Col(8, "-1"), "`sla` must be 'N school days'"}}) == "");
  for (const char* fine : {"0 school days", "1 school day", "2 school day", "180 school days"}) {
    const Lines ok =
        Mini().Set(8, std::string("  review: { owner: cesj_reviewer, sla: ") + fine + " }");
    CHECK(Mismatch(WorkflowErrors(ok.Text()), {}) == "");
  }
}

TEST_CASE("definition validation: ids, stage ids and event names have their alphabets") {
  CHECK(Mismatch(WorkflowErrors(Mini().Set(1, "workflow: Mini_Review").Text()),
                 {{1, 11,
                   "workflow id 'Mini_Review' may use only lowercase letters, digits and "
                   "'-'"}}) == "");
  const Lines event =
      Mini().Set(15, "  - { from: review, on: Accept, to: signoff, by: cesj_reviewer }");
  CHECK(Mismatch(WorkflowErrors(event.Text()),
                 {{15, event.Col(15, "Accept"),
                   "transition 2 event 'Accept' may use only lowercase letters, digits and "
                   "'_'"}}) == "");
  const Lines stage = Mini().Set(12, "  wait-list: { owner: cesj_lead }");
  const std::vector<Diagnostic> errors = WorkflowErrors(stage.Text());
  REQUIRE(!errors.empty());
  CHECK(errors[0].pos.line == 12);
  CHECK(errors[0].pos.column == 3);
  CHECK(errors[0].message ==
        "stage id 'wait-list' may use only lowercase letters, digits and "
        "'_', starting with a letter or digit");
}

TEST_CASE("definition validation: a repeated key is an error, not silently dropped") {
  const Lines w = Mini().Set(8, "  review: { owner: cesj_reviewer, owner: cesj_lead }");
  CHECK(Mismatch(WorkflowErrors(w.Text()),
                 {{8, w.Col(8, "owner", 2),
                   "duplicate key 'owner' (first given at line 8, column 13): each key may "
                   "appear once in a map"}}) == "");
}

TEST_CASE("definition validation: a key must be a plain name") {
  CHECK(Mismatch(WorkflowErrors("? [a, b]\n: x\nworkflow: w\n"),
                 {{1, 3, "a key must be a plain name, not a list or map"},
                  {1, 1, "the workflow is missing the required key 'version'"},
                  {1, 1, "missing the required key 'title'"},
                  {1, 1, "missing the required key 'roles'"},
                  {1, 1, "missing the required key 'start'"},
                  {1, 1, "missing the required key 'stages'"},
                  {1, 1, "missing the required key 'transitions'"}}) == "");
  const Lines w = Mini().Set(8, "  review: { owner: cesj_reviewer, : x }");
  CHECK(Mismatch(WorkflowErrors(w.Text()),
                 {{8, w.Col(8, ": x"), "a value with no key: write `name: value`"}}) == "");
}

TEST_CASE("definition validation: roles are known and listed; by takes one or a list") {
  CHECK(Mismatch(WorkflowErrors(Mini()
                                    .Set(15,
                                         "  - { from: review, on: accept, to: signoff, by: "
                                         "[cesj_reviewer, cesj_lead] }")
                                    .Text()),
                 {}) == "");
  const Lines unknown = Mini().Set(9, "  signoff: { owner: cesj_leed }");
  CHECK(Mismatch(WorkflowErrors(unknown.Text()),
                 {{9, unknown.Col(9, "cesj_leed"),
                   "unknown role 'cesj_leed' in stage 'signoff' `owner` (did you mean "
                   "'cesj_lead'?); the roles are department_head, cesj_reviewer, cesj_lead, "
                   "ombuds, admin, submitter"}}) == "");
  const Lines unlisted =
      Mini().Set(17, "  - { from: signoff, on: decline, to: declined, by: [cesj_lead, ombuds] }");
  CHECK(Mismatch(WorkflowErrors(unlisted.Text()),
                 {{17, unlisted.Col(17, "ombuds"),
                   "role 'ombuds' acts in transition 4 `by` but is not listed in `roles`: add it "
                   "there"}}) == "");
  const Lines list = Mini().Set(4, "roles: [cesj_reviewer, cesj_lead, cesj_lead, chair]");
  CHECK(Mismatch(WorkflowErrors(list.Text()),
                 {{4, list.Col(4, "cesj_lead", 2), "role 'cesj_lead' is listed twice in `roles`"},
                  {4, list.Col(4, "chair"), "unknown role 'chair' in `roles`"}}) == "");
  const Lines empty = Mini().Set(16, "  - { from: signoff, on: approve, to: done, by: [] }");
  CHECK(Mismatch(WorkflowErrors(empty.Text()),
                 {{16, empty.Col(16, "[]"), "transition 3 `by` is an empty list"}}) == "");
}

TEST_CASE("definition validation: stages named by start, from, to and distinct_from exist") {
  CHECK(Mismatch(WorkflowErrors(Mini().Set(5, "start: drafts").Text()),
                 {{5, 8, "`start` names unknown stage 'drafts' (did you mean 'draft'?)"}}) == "");
  const Lines from =
      Mini().Set(15, "  - { from: reviw, on: accept, to: signoff, by: cesj_reviewer }");
  CHECK(Mismatch(WorkflowErrors(from.Text()),
                 {{15, from.Col(15, "reviw"),
                   "transition 2 `from` names unknown stage 'reviw' (did you mean 'review'?)"}}) ==
        "");
  const Lines to =
      Mini().Set(15, "  - { from: review, on: accept, to: sign_off, by: cesj_reviewer }");
  CHECK(Mismatch(WorkflowErrors(to.Text()),
                 {{15, to.Col(15, "sign_off"),
                   "transition 2 `to` names unknown stage 'sign_off' (did you mean "
                   "'signoff'?)"}}) == "");
  const Lines distinct =
      Mini().Set(9, "  signoff: { owner: cesj_lead, distinct_from: [submitter, reviews] }");
  CHECK(Mismatch(WorkflowErrors(distinct.Text()),
                 {{9, distinct.Col(9, "reviews"),
                   "stage 'signoff' `distinct_from` names 'reviews', which is neither submitter "
                   "nor a stage (did you mean 'review'?)"}}) == "");
}

TEST_CASE("definition validation: forms named by stages and report_back exist") {
  const Lines w = Mini().Set(7, "  draft: { owner: submitter, form: fixture-assesment }");
  CHECK(Mismatch(WorkflowErrors(w.Text()),
                 {{7, w.Col(7, "fixture-assesment"),
                   "stage 'draft' uses form 'fixture-assesment', which is not among the loaded "
                   "forms"}}) == "");
}

TEST_CASE("definition validation: guard subjects exist and values have their types") {
  struct Case {
    const char* guard;
    const char* at;  // where on the line the error points
    const char* message;
  };
  const Case cases[] = {
      {"{ field: draft.risk_level, equals: extreme }", "extreme",
       "'extreme' is not a choice of draft.risk_level; its choices are low, medium, high"},
      {"{ field: draft.risk_level, in: [low, hihg] }", "hihg",
       "'hihg' is not a choice of draft.risk_level (did you mean 'high'?)"},
      {"{ field: draft.risk_level, gt: 2 }", "gt",
       "`gt` compares numbers, but draft.risk_level is a choice field (use equals or in)"},
      {"{ field: draft.purpose, lte: 2 }", "lte",
       "`lte` compares numbers, but draft.purpose is a text field"},
      {"{ field: draft.students, equals: many }", "many",
       "draft.students is a number field: compare it with a number, not 'many'"},
      {"{ field: draft.students, gte: \"5\" }", "\"5\"", "`gte` takes a number, not '5'"},
      {"{ field: draft.has_data, equals: 1 }", "1",
       "draft.has_data is a boolean field: compare it with true or false, not '1'"},
      {"{ field: draft.actions, equals: x }", "equals",
       "a records field can be tested only with is_present"},
      {"{ metric: max_risk_ratoi, gte: 2 }", "max_risk_ratoi",
       "unknown metric 'max_risk_ratoi' (did you mean 'max_risk_ratio'?); the metrics are "
       "max_risk_ratio, min_impact_ratio, flagged_groups, persistent_groups"},
      {"{ metric: max_risk_ratio, equals: high }", "high",
       "max_risk_ratio is a metric: compare it with a number, not 'high'"},
      {"{ field: draft.risk_level, in: [] }", "[]", "`in` is an empty list: give at least one"},
      {"{ field: draft.risk_level, in: low }", "low", "`in` must be a list, not 'low'"},
      {"{ field: draft.risk_level, equals: [low] }", "[low]",
       "`equals` takes one value, not a list (use in)"},
      {"{ metric: max_risk_ratio, is_present: yes }", "yes",
       "`is_present` must be true or false, not 'yes'"},
      {"{ field: review.notes, is_present: true }", "review.notes",
       "guard field 'review.notes': stage 'review' has no form, so it has no fields"},
      {"{ field: draft.risk_levle, equals: low }", "draft.risk_levle",
       "guard field 'draft.risk_levle': form 'fixture-assessment' (stage draft) has no field "
       "'risk_levle' (did you mean 'risk_level'?)"},
      {"{ field: drat.risk_level, equals: low }", "drat.risk_level",
       "guard field 'drat.risk_level' names unknown stage 'drat' (did you mean 'draft'?)"},
      {"{ field: risk_level, equals: low }", "risk_level",
       "guard field 'risk_level' must be written STAGE.FIELD"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.guard);
    const Lines w = Guarded(c.guard);
    CHECK(Mismatch(WorkflowErrors(w.Text()), {{15, w.Col(15, c.at), c.message}}) == "");
  }
}

TEST_CASE("definition validation: guard shapes") {
  struct Case {
    const char* guard;
    const char* at;
    const char* message;
  };
  const Case cases[] = {
      {"{ metric: max_risk_ratio, gt: 1, lt: 3 }", "{ metric",
       "the guard on max_risk_ratio has gt, lt: give exactly one of equals, in, gt, gte, lt, "
       "lte, is_present (combine several with all: [...])"},
      {"{ metric: max_risk_ratio }", "{ metric", "the guard on max_risk_ratio has no comparator"},
      {"{ not: [ { metric: max_risk_ratio, gt: 1 } ] }", "[ {",
       "`not` takes exactly one guard (a map), not a list"},
      {"{ all: [] }", "[]", "`all` takes a non-empty list of guards, not an empty list"},
      {"{ any: { metric: max_risk_ratio, gt: 1 } }", "{ metric",
       "`any` takes a non-empty list of guards, not a map"},
      {"{ all: [ { metric: max_risk_ratio, gt: 1 } ], field: draft.purpose }", "{ all",
       "a guard is exactly one of all, any, not, field or metric; this one has all, field"},
      {"{ all: [ x ] }", "x ]",
       "a guard is a map with one of all, any, not, field or metric, "
       "not 'x'"},
      {"[ { metric: max_risk_ratio, gt: 1 } ]", "[ {", "a guard is a map"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.guard);
    const Lines w = Guarded(c.guard);
    CHECK(Mismatch(WorkflowErrors(w.Text()), {{15, w.Col(15, c.at), c.message}}) == "");
  }
  const Lines bad_op = Guarded("{ metric: max_risk_ratio, gtee: 2 }");
  CHECK(Mismatch(WorkflowErrors(bad_op.Text()),
                 {{15, bad_op.Col(15, "gtee"),
                   "unknown key 'gtee' in guard (did you mean 'gte'?)"}}) == "");
  const Lines nothing = Guarded("{ metrc: max_risk_ratio }");
  CHECK(Mismatch(WorkflowErrors(nothing.Text()),
                 {{15, nothing.Col(15, "metrc"),
                   "unknown key 'metrc' in guard (did you mean 'metric'?)"},
                  {15, nothing.Col(15, "{ metrc"),
                   "a guard needs one of all, any, not, field or "
                   "metric"}}) == "");
}

TEST_CASE("definition validation: every error inside one guard is reported") {
  const Lines w = Guarded(
      "{ any: [ { field: draft.risk_level, in: [low, severe] }, { metric: ratio, gt: 2 }, "
      "{ not: { field: draft.students, lt: few } } ] }");
  CHECK(Mismatch(WorkflowErrors(w.Text()),
                 {{15, w.Col(15, "severe"), "'severe' is not a choice of draft.risk_level"},
                  {15, w.Col(15, "ratio"), "unknown metric 'ratio'"},
                  {15, w.Col(15, "few"), "`lt` takes a number, not 'few'"}}) == "");
}

TEST_CASE("definition validation: every stage is reachable and has a way out") {
  const Lines orphan = Mini()
                           .Set(12, "  orphan: { owner: cesj_lead }")
                           .Set(18, "  - { from: orphan, on: approve, to: done, by: cesj_lead }");
  CHECK(Mismatch(WorkflowErrors(orphan.Text()),
                 {{12, 3,
                   "stage 'orphan' can never be reached: no chain of transitions leads to "
                   "it from start 'draft'"}}) == "");
  const Lines limbo = Mini()
                          .Set(12, "  limbo: { owner: cesj_lead }")
                          .Set(18, "  - { from: review, on: park, to: limbo, by: cesj_reviewer }");
  CHECK(Mismatch(WorkflowErrors(limbo.Text()),
                 {{12, 3,
                   "stage 'limbo' has no way out: add a transition from it, or make it an "
                   "end stage (end: approve or end: reject)"}}) == "");
  const Lines both = Mini().Set(12, "  island: { owner: cesj_lead }");
  CHECK(Mismatch(WorkflowErrors(both.Text()), {{12, 3, "stage 'island' can never be reached"},
                                               {12, 3, "stage 'island' has no way out"}}) == "");
}

TEST_CASE("definition validation: a transition after an unconditional twin can never fire") {
  const Lines w = Mini().Set(18, "  - { from: review, on: accept, to: done, by: cesj_reviewer }");
  CHECK(Mismatch(WorkflowErrors(w.Text()),
                 {{18, 5,
                   "transition 5 (review --accept--> done) can never fire: transition 2 "
                   "with the same from and event has no `when` and always wins"}}) == "");
  // After a guarded transition the same from and event is the fallback: fine.
  const Lines fallback =
      Guarded("{ metric: max_risk_ratio, gte: 2 }")
          .Set(18, "  - { from: review, on: accept, to: done, by: cesj_reviewer }");
  CHECK(Mismatch(WorkflowErrors(fallback.Text()), {}) == "");
}

TEST_CASE("definition validation: end stages") {
  CHECK(Mismatch(WorkflowErrors(Mini().Set(10, "  done: { end: reject }").Text()),
                 {{6, 1,
                   "no stage approves the initiative: add an end stage such as "
                   "`approved: { end: approve }`"}}) == "");
  const Lines owner = Mini().Set(10, "  done: { end: approve, owner: cesj_lead }");
  CHECK(
      Mismatch(WorkflowErrors(owner.Text()), {{10, owner.Col(10, "owner"),
                                               "end stage 'done' takes no `owner`: nothing happens "
                                               "in an end stage"}}) == "");
  const Lines leaves = Mini().Set(18, "  - { from: done, on: reopen, to: review, by: cesj_lead }");
  CHECK(Mismatch(WorkflowErrors(leaves.Text()), {{18, leaves.Col(18, "done"),
                                                  "transition 5 leaves end stage 'done': nothing "
                                                  "leaves an end stage"}}) == "");
  const Lines typo = Mini().Set(10, "  done: { end: approved }");
  CHECK(Mismatch(WorkflowErrors(typo.Text()), {{10, typo.Col(10, "approved"),
                                                "stage 'done' `end` is approve or reject, not "
                                                "'approved' (did you mean 'approve'?)"},
                                               {6, 1, "no stage approves the initiative"},
                                               {10, 3, "stage 'done' has no way out"}}) == "");
}

TEST_CASE("definition validation: quorums and requirements") {
  const Lines event = Mini().Set(8, "  review: { owner: cesj_reviewer, quorum: { approve: 2 } }");
  CHECK(Mismatch(WorkflowErrors(event.Text()),
                 {{8, event.Col(8, "approve"),
                   "stage 'review' counts a quorum for 'approve', but "
                   "no transition leaves 'review' on 'approve'"}}) == "");
  const Lines one = Mini().Set(8, "  review: { owner: cesj_reviewer, quorum: { accept: 1 } }");
  CHECK(Mismatch(WorkflowErrors(one.Text()), {{8, one.Col(8, "1 }"),
                                               "stage 'review' quorum for 'accept' must be a whole "
                                               "number >= 2, not '1'"}}) == "");
  const Lines form_complete = Mini().Set(15,
                                         "  - { from: review, on: accept, to: signoff, by: "
                                         "cesj_reviewer, requires: [form_complete] }");
  CHECK(Mismatch(WorkflowErrors(form_complete.Text()),
                 {{15, form_complete.Col(15, "form_complete"),
                   "transition 2 requires form_complete, but its from-stage 'review' has no "
                   "form"}}) == "");
  const Lines unknown = Mini().Set(
      15, "  - { from: review, on: accept, to: signoff, by: cesj_reviewer, requires: [coment] }");
  CHECK(Mismatch(WorkflowErrors(unknown.Text()),
                 {{15, unknown.Col(15, "coment"),
                   "unknown requirement 'coment' in transition 2 (did you mean 'comment'?); the "
                   "requirements are form_complete, comment, feedback_answered"}}) == "");
}

TEST_CASE("definition validation: lifecycle and report_back") {
  const Lines lifecycle = Mini()
                              .Append("lifecycle:")
                              .Append("  sumbit: submitter")
                              .Append("  hold: [cesj_lead, ombuds]");
  CHECK(Mismatch(WorkflowErrors(lifecycle.Text()),
                 {{20, 3,
                   "unknown lifecycle event 'sumbit' (did you mean 'submit'?); the events "
                   "are submit, hold, resume, withdraw, reject, return, close"},
                  {21, lifecycle.Col(21, "ombuds"),
                   "role 'ombuds' acts in lifecycle `hold` but is "
                   "not listed in `roles`"}}) == "");
  const Lines report = Mini()
                           .Append("report_back:")
                           .Append("  form: fixture-reprot")
                           .Append("  reviewers: [cesj_reviewer, cesj_leed]");
  CHECK(Mismatch(WorkflowErrors(report.Text()),
                 {{19, 1, "`report_back` is missing the required key 'after'"},
                  {20, 9,
                   "`report_back` uses form 'fixture-reprot', which is not among the "
                   "loaded forms"},
                  {21, report.Col(21, "cesj_leed"),
                   "unknown role 'cesj_leed' in report_back "
                   "`reviewers` (did you mean 'cesj_lead'?)"}}) == "");
}

TEST_CASE("definition validation: every error in a file is reported at once") {
  const Lines w = Mini()
                      .Set(2, "version: one")
                      .Set(8, "  review: { ownr: cesj_reviewer, sla: soon }")
                      .Set(9, "  signoff: { owner: cesj_leed }")
                      .Set(15,
                           "  - { from: review, on: accept, to: signoff, by: cesj_reviewer, "
                           "when: { metric: max_risk_ratio, gtee: 2 } }")
                      .Set(18, "  - { from: signoff, on: approve, to: done, by: cesj_lead }");
  CHECK(Mismatch(WorkflowErrors(w.Text()),
                 {{2, 10, "`version` must be a whole number >= 1, not 'one'"},
                  {8, w.Col(8, "ownr"), "unknown key 'ownr' in stage 'review'"},
                  {8, 3, "stage 'review' needs an `owner`"},
                  {8, w.Col(8, "soon"), "`sla` must be 'N school days'"},
                  {9, w.Col(9, "cesj_leed"), "unknown role 'cesj_leed'"},
                  {15, w.Col(15, "gtee"), "unknown key 'gtee' in guard (did you mean 'gte'?)"},
                  {18, 5,
                   "transition 5 (signoff --approve--> done) can never fire: transition 3 "
                   "with the same from and event has no `when` and always wins"}}) == "");
  std::vector<Diagnostic> errors = WorkflowErrors(w.Text());
  REQUIRE(!errors.empty());
  CHECK(errors[0].ToString() == "test.yaml:2:10: `version` must be a whole number >= 1, not 'one'");
}

TEST_CASE("definition validation: a form given as a workflow, and the other way round") {
  CHECK(Mismatch(WorkflowErrors("form: x\nversion: 1\n"),
                 {{1, 1, "this is a form (it has `form:`), not a workflow"}}) == "");
  CHECK(Mismatch(FormErrors("version: 1\nworkflow: x\n"),
                 {{2, 1, "this is a workflow (it has `workflow:`), not a form"}}) == "");
  CHECK(Mismatch(WorkflowErrors("- workflow: x\n"),
                 {{1, 1,
                   "a workflow file is a map with the keys workflow, version, title, "
                   "roles, start, stages and transitions, not a list"}}) == "");
}

// A small valid form; each test changes a line or two.
Lines MiniForm() {
  return Lines({
      "form: mini-form",                                                            // 1
      "version: 1",                                                                 // 2
      "title: Mini form",                                                           // 3
      "sections:",                                                                  // 4
      "  - id: main",                                                               // 5
      "    title: Main",                                                            // 6
      "    fields:",                                                                // 7
      "      - { name: level, type: choice, label: Level, choices: [low, high] }",  // 8
      "      - { name: count, type: number, label: Count, min: 0, max: 10 }",       // 9
      "      - name: items",                                                        // 10
      "        type: records",                                                      // 11
      "        label: Items",                                                       // 12
      "        fields:",                                                            // 13
      "          - { name: what, type: text, label: What }",                        // 14
  });
}

TEST_CASE("definition validation: the base form is valid") {
  CHECK(Mismatch(FormErrors(MiniForm().Text()), {}) == "");
}

TEST_CASE("definition validation: form names are unique") {
  const Lines field = MiniForm().Set(9, "      - { name: level, type: number, label: Count }");
  CHECK(Mismatch(FormErrors(field.Text()), {{9, field.Col(9, "level"),
                                             "field name 'level' is used twice (first at line 8, "
                                             "column 17)"}}) == "");
  const Lines section = MiniForm()
                            .Append("  - id: main")
                            .Append("    title: Again")
                            .Append("    fields:")
                            .Append("      - { name: other, type: text, label: Other }");
  CHECK(Mismatch(FormErrors(section.Text()),
                 {{15, 9, "section id 'main' is used twice (first at line 5, column 9)"}}) == "");
  // A record's fields are a scope of their own.
  CHECK(
      Mismatch(FormErrors(
                   MiniForm().Set(14, "          - { name: level, type: text, label: L }").Text()),
               {}) == "");
}

TEST_CASE("definition validation: choices belong to choice fields") {
  const Lines missing = MiniForm().Set(8, "      - { name: level, type: choice, label: Level }");
  CHECK(Mismatch(FormErrors(missing.Text()),
                 {{8, 9, "field 'level' is choice: it needs `choices`"}}) == "");
  const Lines refused =
      MiniForm().Set(9, "      - { name: count, type: number, label: Count, choices: [a] }");
  CHECK(Mismatch(FormErrors(refused.Text()), {{9, refused.Col(9, "choices"),
                                               "`choices` applies only to choice and "
                                               "multi_choice fields; field 'count' is number"}}) ==
        "");
  const Lines twice = MiniForm().Set(
      8, "      - { name: level, type: choice, label: Level, choices: [low, high, low] }");
  CHECK(Mismatch(FormErrors(twice.Text()), {{8, twice.Col(8, "low", 2),
                                             "choice 'low' is used twice (first at line 8, "
                                             "column " +
                                                 std::to_string(twice.Col(8, "low")) + ")"}}) ==
        "");
  const Lines empty =
      MiniForm().Set(8, "      - { name: level, type: multi_choice, label: L, choices: [] }");
  CHECK(Mismatch(FormErrors(empty.Text()),
                 {{8, empty.Col(8, "[]"), "field 'level' `choices` is an empty list"}}) == "");
}

TEST_CASE("definition validation: min, max and min_records belong to their types") {
  const Lines text_min =
      MiniForm().Set(14, "          - { name: what, type: text, label: What, min: 1 }");
  CHECK(Mismatch(FormErrors(text_min.Text()), {{14, text_min.Col(14, "min"),
                                                "`min` applies only to number fields; field 'what' "
                                                "is text"}}) == "");
  const Lines order =
      MiniForm().Set(9, "      - { name: count, type: number, label: Count, min: 10, max: 1 }");
  CHECK(Mismatch(FormErrors(order.Text()),
                 {{9, order.Col(9, "1 }"), "field 'count' has min greater than max"}}) == "");
  const Lines not_number =
      MiniForm().Set(9, "      - { name: count, type: number, label: Count, max: ten }");
  CHECK(Mismatch(FormErrors(not_number.Text()),
                 {{9, not_number.Col(9, "ten"),
                   "field 'count' `max` must be a number, not 'ten'"}}) == "");
  const Lines records =
      MiniForm().Set(9, "      - { name: count, type: number, label: Count, min_records: 1 }");
  CHECK(Mismatch(FormErrors(records.Text()), {{9, records.Col(9, "min_records"),
                                               "`min_records` applies only to records "
                                               "fields; field 'count' is number"}}) == "");
  const Lines fields = MiniForm().Set(12, "        label: Items").Set(13, "        fieldz:");
  CHECK(Mismatch(FormErrors(fields.Text()),
                 {{13, 9, "unknown key 'fieldz' in field 'items' (did you mean 'fields'?)"},
                  {10, 9, "field 'items' is records: it needs `fields`"}}) == "");
}

TEST_CASE("definition validation: records do not nest, and types are known") {
  const Lines nested = MiniForm().Set(14,
                                      "          - { name: what, type: records, label: What, "
                                      "fields: [ { name: x, type: text, label: X } ] }");
  CHECK(Mismatch(FormErrors(nested.Text()), {{14, nested.Col(14, "records"),
                                              "records do not nest: field 'what' is inside "
                                              "records field 'items'; give it plain fields"}}) ==
        "");
  const Lines type =
      MiniForm().Set(9, "      - { name: count, type: numbr, label: Count, min: 0 }");
  CHECK(Mismatch(FormErrors(type.Text()), {{9, type.Col(9, "numbr"),
                                            "unknown field type 'numbr' for field 'count' (did you "
                                            "mean 'number'?); the types are text, long_text, "
                                            "choice, multi_choice, number, date, boolean, "
                                            "records"}}) == "");
  const Lines required =
      MiniForm().Set(14, "          - { name: what, type: text, label: What, required: yes }");
  CHECK(Mismatch(FormErrors(required.Text()), {{14, required.Col(14, "yes"),
                                                "field 'what' `required` must be true or false, "
                                                "not 'yes'"}}) == "");
  const Lines name = MiniForm().Set(14, "          - { name: what.now, type: text, label: What }");
  CHECK(Mismatch(FormErrors(name.Text()), {{14, name.Col(14, "what.now"),
                                            "field name 'what.now' may use only lowercase "
                                            "letters, digits and '_'"}}) == "");
  CHECK(Mismatch(FormErrors("form: f\nversion: 1\ntitle: T\nsections: []\n"),
                 {{4, 11, "`sections` is empty: a form has at least one section"}}) == "");
}

TEST_CASE("definition validation: did-you-mean offers only close names") {
  CHECK(ClosestName("ownr", {"owner", "form", "title"}) == "owner");
  CHECK(ClosestName("fomr", {"owner", "form", "title"}) == "form");  // a swap is one edit
  CHECK(ClosestName("trasitions", {"transitions", "stages"}) == "transitions");
  CHECK(ClosestName("on", {"to", "by"}).empty());  // too short to guess
  CHECK(ClosestName("headline", {"title", "description"}).empty());
  CHECK(DidYouMean("requries", {"requires", "when"}) == " (did you mean 'requires'?)");
  CHECK(DidYouMean("zzz", {"requires", "when"}).empty());
  CHECK(EditDistance("kitten", "sitting") == 3);
  CHECK(EditDistance("", "abc") == 3);
  CHECK(EditDistance("ab", "ba") == 1);
}

}  // namespace
}  // namespace equilens
