// The clock stops while an initiative is on hold: a resume moves the stage's due date later by
// the school days spent on hold, and records that in its payload. Decided by route.cc, pure,
// with times of the test's choosing; the due dates on entering a stage use the calendar too.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "definition/definition_test_support.h"
#include "equilens/lint.h"
#include "runtime/route.h"

namespace equilens {
namespace {

const WorkflowDefinition& MiniReview() {
  static const std::shared_ptr<const WorkflowDefinition> kWorkflow = [] {
    const std::string data = std::string(EQUILENS_SOURCE_DIR) + "/tests/data/runtime";
    LintResult lint =
        LintDefinitionFiles({data + "/workflows/mini-review.yaml"}, data + "/templates/forms");
    INFO(definition_test::Mismatch(lint.diagnostics, {}));
    REQUIRE(lint.valid.workflows.size() == 1);
    return lint.valid.workflows.front();
  }();
  return *kWorkflow;
}

const SchoolCalendar& Example() {
  static const SchoolCalendar kCalendar = [] {
    const std::string path = std::string(EQUILENS_SOURCE_DIR) + "/calendars/district-2026-27.yaml";
    std::vector<Diagnostic> errors;
    auto calendar = ParseCalendar({path, definition_test::ReadFileText(path)}, errors);
    REQUIRE(calendar);
    return SchoolCalendar({std::make_shared<const CalendarDefinition>(std::move(*calendar))});
  }();
  return kCalendar;
}

struct Resume {
  InitiativeRecord initiative;
  UserRecord lead{"lee", "cesj_lead", "", "Lee", true, "", "immediate"};
  ActFacts facts;

  Resume(const std::string& due, const std::string& held_at, const std::string& now,
         const SchoolCalendar* calendar) {
    initiative.id = "EQ-2026-0001";
    initiative.submitter = "dana";
    initiative.department = "transportation";
    initiative.lifecycle = LifecycleState::kOnHold;
    initiative.stage = "feedback";
    initiative.stage_due = due;
    facts.workflow = &MiniReview();
    facts.initiative = &initiative;
    facts.actor = &lead;
    facts.now = now;
    facts.calendar = calendar;
    facts.held_at = held_at;
  }

  nlohmann::json Payload() {
    Result<ActDecision> decision = DecideAct(facts, "resume", "");
    REQUIRE_MESSAGE(decision.ok(), decision.status().ToString());
    REQUIRE(decision->events.size() == 1);
    CHECK(decision->events[0].kind == "resumed");
    return decision->events[0].payload;
  }
};

TEST_CASE("hold and resume: the due date moves by the school days on hold (Monday-Friday)") {
  // Held Tuesday 2026-12-01, resumed Tuesday 12-08: 12-02, 03, 04, 07, 08 were lost (5).
  Resume resume("2026-12-10", "2026-12-01T10:00:00.000Z", "2026-12-08T09:00:00.000Z", nullptr);
  const nlohmann::json payload = resume.Payload();
  CHECK(payload["held_school_days"] == 5);
  CHECK(payload["held_since"] == "2026-12-01T10:00:00.000Z");
  CHECK(payload["due_before"] == "2026-12-10");
  CHECK(payload["due"] == "2026-12-17");  // Thursday + 5 school days
  CHECK(payload["lifecycle"] == "in_review");
}

TEST_CASE("hold and resume: on the district calendar, breaks on hold cost nothing") {
  // Held Friday 2026-11-20, resumed Monday 11-30: Thanksgiving break lost no school day but
  // the Monday itself (1).
  Resume thanksgiving("2026-12-02", "2026-11-20T16:00:00.000Z", "2026-11-30T08:00:00.000Z",
                      &Example());
  nlohmann::json payload = thanksgiving.Payload();
  CHECK(payload["held_school_days"] == 1);
  CHECK(payload["due"] == "2026-12-03");
  // Held over winter break into January: 12-17 (Thu) .. 2027-01-05 (Tue) lost 01-04, 01-05.
  Resume winter("2026-12-17", "2026-12-17T12:00:00.000Z", "2027-01-05T12:00:00.000Z", &Example());
  payload = winter.Payload();
  CHECK(payload["held_school_days"] == 2);
  CHECK(payload["due"] == "2027-01-05");  // 12-17 + 2 counted days: 01-04, 01-05
}

TEST_CASE("hold and resume: resumed the same day, or with no deadline, nothing moves") {
  Resume same_day("2026-12-10", "2026-12-01T08:00:00.000Z", "2026-12-01T17:00:00.000Z", &Example());
  nlohmann::json payload = same_day.Payload();
  CHECK(payload["held_school_days"] == 0);
  CHECK(payload["due"] == "2026-12-10");
  Resume no_sla("", "2026-12-01T08:00:00.000Z", "2026-12-08T17:00:00.000Z", &Example());
  payload = no_sla.Payload();
  CHECK(payload["held_school_days"] == 5);
  CHECK(payload["due"] == "");
}

TEST_CASE("due dates on entering a stage count on the calendar") {
  // feedback has `sla: 5 school days`; entered the Friday before Thanksgiving break.
  const nlohmann::json entered =
      EnterStagePayload(MiniReview(), "feedback", "2026-11-20T15:00:00.000Z", &Example());
  CHECK(entered["due"] == "2026-12-04");  // 11-30 .. 12-04
  CHECK(entered["owner"] == "cesj_reviewer");
  const nlohmann::json weekdays =
      EnterStagePayload(MiniReview(), "feedback", "2026-11-20T15:00:00.000Z", nullptr);
  CHECK(weekdays["due"] == "2026-11-27");
  const nlohmann::json no_sla =
      EnterStagePayload(MiniReview(), "mitigation", "2026-11-20T15:00:00.000Z", &Example());
  CHECK(no_sla["due"] == "");
}

}  // namespace
}  // namespace equilens
