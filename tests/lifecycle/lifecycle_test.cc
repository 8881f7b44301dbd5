// The lifecycle machine: every row fires, every other (state, event) pair is refused with
// advice and changes nothing, the route guard is asked only when the lifecycle allows the
// move, and Accepts answers as Fire would.
#include "equilens/lifecycle.h"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace equilens {
namespace {

constexpr LifecycleState kStates[] = {
    LifecycleState::kDraft,    LifecycleState::kInReview,   LifecycleState::kOnHold,
    LifecycleState::kApproved, LifecycleState::kMonitoring, LifecycleState::kClosed,
    LifecycleState::kRejected, LifecycleState::kWithdrawn,
};

constexpr LifecycleEvent kEvents[] = {
    LifecycleEvent::kSubmit,          LifecycleEvent::kAdvance, LifecycleEvent::kApprove,
    LifecycleEvent::kStartMonitoring, LifecycleEvent::kClose,   LifecycleEvent::kHold,
    LifecycleEvent::kResume,          LifecycleEvent::kReturn,  LifecycleEvent::kWithdraw,
    LifecycleEvent::kReject,
};

struct Expected {
  LifecycleState source;
  LifecycleEvent event;
  LifecycleState target;
};

// The contract's header comment, restated row by row: the test's own copy of the spec.
constexpr Expected kRows[] = {
    {LifecycleState::kDraft, LifecycleEvent::kSubmit, LifecycleState::kInReview},
    {LifecycleState::kDraft, LifecycleEvent::kWithdraw, LifecycleState::kWithdrawn},
    {LifecycleState::kInReview, LifecycleEvent::kAdvance, LifecycleState::kInReview},
    {LifecycleState::kInReview, LifecycleEvent::kApprove, LifecycleState::kApproved},
    {LifecycleState::kInReview, LifecycleEvent::kHold, LifecycleState::kOnHold},
    {LifecycleState::kInReview, LifecycleEvent::kReturn, LifecycleState::kDraft},
    {LifecycleState::kInReview, LifecycleEvent::kWithdraw, LifecycleState::kWithdrawn},
    {LifecycleState::kInReview, LifecycleEvent::kReject, LifecycleState::kRejected},
    {LifecycleState::kOnHold, LifecycleEvent::kResume, LifecycleState::kInReview},
    {LifecycleState::kOnHold, LifecycleEvent::kWithdraw, LifecycleState::kWithdrawn},
    {LifecycleState::kOnHold, LifecycleEvent::kReject, LifecycleState::kRejected},
    {LifecycleState::kApproved, LifecycleEvent::kStartMonitoring, LifecycleState::kMonitoring},
    {LifecycleState::kApproved, LifecycleEvent::kClose, LifecycleState::kClosed},
    {LifecycleState::kMonitoring, LifecycleEvent::kClose, LifecycleState::kClosed},
};

const Expected* FindRow(LifecycleState state, LifecycleEvent event) {
  for (const Expected& row : kRows) {
    if (row.source == state && row.event == event) return &row;
  }
  return nullptr;
}

Status Allow() { return Status::Ok(); }

// doctest's INFO prints a const char* as a pointer; these give it text.
std::string Name(LifecycleState state) { return LifecycleStateName(state); }
std::string Name(LifecycleEvent event) { return LifecycleEventName(event); }

// "in_review" -> "in review": how a state is named inside a sentence.
std::string Words(std::string name) {
  for (char& c : name) {
    if (c == '_') c = ' ';
  }
  return name;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("every transition row fires from its source and reaches its target") {
  for (const Expected& row : kRows) {
    INFO(Name(row.source), " --", Name(row.event), "--> ", Name(row.target));
    Lifecycle lifecycle(row.source);
    Result<LifecycleState> fired = lifecycle.Fire(row.event, Allow);
    REQUIRE(fired.ok());
    CHECK(*fired == row.target);
    CHECK(lifecycle.state() == row.target);
  }
}

TEST_CASE("every pair that is not a row is refused by rule, names both, and changes nothing") {
  int refused = 0;
  for (LifecycleState state : kStates) {
    for (LifecycleEvent event : kEvents) {
      if (FindRow(state, event) != nullptr) continue;
      INFO("state=", Name(state), " event=", Name(event));
      Lifecycle lifecycle(state);
      Result<LifecycleState> fired = lifecycle.Fire(event, Allow);
      REQUIRE_FALSE(fired.ok());
      CHECK(fired.status().category() == ErrorCategory::kRefusedByRule);
      const std::string& message = fired.status().message();
      INFO("message=", message);
      CHECK(message.rfind(std::string("cannot ") + LifecycleEventName(event) + ": ", 0) == 0);
      CHECK(Contains(message, Words(LifecycleStateName(state))));
      CHECK(lifecycle.state() == state);
      ++refused;
    }
  }
  CHECK(refused == 8 * 10 - 14);
}

TEST_CASE("refusals read like advice for the invariant that refused them") {
  CHECK(Lifecycle(LifecycleState::kWithdrawn).Fire(LifecycleEvent::kHold).status().message() ==
        "cannot hold: the initiative is withdrawn, and nothing changes after an end state");
  Result<LifecycleState> on_hold =
      Lifecycle(LifecycleState::kOnHold).Fire(LifecycleEvent::kAdvance, Allow);
  CHECK(on_hold.status().message() ==
        "cannot advance: the initiative is on hold; nothing moves until it is resumed");
  CHECK(Lifecycle(LifecycleState::kInReview).Fire(LifecycleEvent::kSubmit).status().message() ==
        "cannot submit: only a draft can be submitted (it is in review)");
  CHECK(Lifecycle(LifecycleState::kApproved).Fire(LifecycleEvent::kWithdraw).status().message() ==
        "cannot withdraw: only a draft, or an initiative in review or on hold, can be withdrawn "
        "(it is approved)");
}

TEST_CASE("a lifecycle restores into each of the eight states") {
  for (LifecycleState state : kStates) {
    INFO("state=", Name(state));
    CHECK(Lifecycle(state).state() == state);
  }
  CHECK(Lifecycle().state() == LifecycleState::kDraft);
}

TEST_CASE("advance stays in review when the route guard allows, and asks it once") {
  Lifecycle lifecycle(LifecycleState::kInReview);
  int calls = 0;
  Result<LifecycleState> fired = lifecycle.Fire(LifecycleEvent::kAdvance, [&] {
    ++calls;
    return Status::Ok();
  });
  REQUIRE(fired.ok());
  CHECK(*fired == LifecycleState::kInReview);
  CHECK(lifecycle.state() == LifecycleState::kInReview);
  CHECK(calls == 1);
}

TEST_CASE("advance returns the route guard's refusal as is and changes nothing") {
  const std::vector<Status> refusals = {
      RefusedByRule("the assessment form is missing question 4 (stage assessment)"),
      Forbidden("'accept' is for cesj_reviewer in this workflow; dana is department_head"),
      Conflict("EQ-2026-0007 changed since version 3"),
  };
  for (const Status& refusal : refusals) {
    INFO(refusal.ToString());
    Lifecycle lifecycle(LifecycleState::kInReview);
    Result<LifecycleState> fired =
        lifecycle.Fire(LifecycleEvent::kAdvance, [&] { return refusal; });
    REQUIRE_FALSE(fired.ok());
    CHECK(fired.status().category() == refusal.category());
    CHECK(fired.status().message() == refusal.message());
    CHECK(lifecycle.state() == LifecycleState::kInReview);
  }
}

TEST_CASE("the route guard is not asked when the lifecycle refuses first") {
  for (LifecycleState state : kStates) {
    if (state == LifecycleState::kInReview) continue;
    INFO("state=", Name(state));
    Lifecycle lifecycle(state);
    int calls = 0;
    Result<LifecycleState> fired = lifecycle.Fire(LifecycleEvent::kAdvance, [&] {
      ++calls;
      return Status::Ok();
    });
    REQUIRE_FALSE(fired.ok());
    CHECK(fired.status().category() == ErrorCategory::kRefusedByRule);
    CHECK(calls == 0);
    CHECK(lifecycle.state() == state);
  }
}

TEST_CASE("only advance asks the route guard") {
  for (const Expected& row : kRows) {
    if (row.event == LifecycleEvent::kAdvance) continue;
    Lifecycle lifecycle(row.source);
    int calls = 0;
    const RouteGuard counting = [&] {
      ++calls;
      return Status::Ok();
    };
    CHECK(lifecycle.Fire(row.event, counting).ok());
    CHECK(calls == 0);
  }
}

TEST_CASE("advance without a route guard is an internal error, not a silent move") {
  Lifecycle lifecycle(LifecycleState::kInReview);
  Result<LifecycleState> fired = lifecycle.Fire(LifecycleEvent::kAdvance);
  REQUIRE_FALSE(fired.ok());
  CHECK(fired.status().category() == ErrorCategory::kInternal);
  CHECK(lifecycle.state() == LifecycleState::kInReview);
  // On hold, the lifecycle's own rule still answers first.
  CHECK(Lifecycle(LifecycleState::kOnHold).Fire(LifecycleEvent::kAdvance).status().category() ==
        ErrorCategory::kRefusedByRule);
}

TEST_CASE("a route guard that throws becomes an internal error, and the machine stays usable") {
  Lifecycle lifecycle(LifecycleState::kInReview);
  Result<LifecycleState> fired = lifecycle.Fire(LifecycleEvent::kAdvance, []() -> Status {
    throw std::runtime_error("route table missing");
  });
  REQUIRE_FALSE(fired.ok());
  CHECK(fired.status().category() == ErrorCategory::kInternal);
  CHECK(Contains(fired.status().message(), "route table missing"));
  CHECK(lifecycle.state() == LifecycleState::kInReview);
  Result<LifecycleState> held = lifecycle.Fire(LifecycleEvent::kHold);
  REQUIRE(held.ok());
  CHECK(*held == LifecycleState::kOnHold);
}

TEST_CASE("Accepts agrees with Fire for every state and event, and fires nothing") {
  for (LifecycleState state : kStates) {
    for (LifecycleEvent event : kEvents) {
      INFO("state=", Name(state), " event=", Name(event));
      Lifecycle asked(state);
      const bool accepts = asked.Accepts(event);
      CHECK(asked.state() == state);
      Lifecycle fired(state);
      CHECK(accepts == fired.Fire(event, Allow).ok());
      CHECK(accepts == (FindRow(state, event) != nullptr));
    }
  }
}

TEST_CASE("a whole life: returned, held, resumed, approved, monitored, closed") {
  Lifecycle lifecycle;
  const std::pair<LifecycleEvent, LifecycleState> steps[] = {
      {LifecycleEvent::kSubmit, LifecycleState::kInReview},
      {LifecycleEvent::kReturn, LifecycleState::kDraft},
      {LifecycleEvent::kSubmit, LifecycleState::kInReview},
      {LifecycleEvent::kAdvance, LifecycleState::kInReview},
      {LifecycleEvent::kHold, LifecycleState::kOnHold},
      {LifecycleEvent::kResume, LifecycleState::kInReview},
      {LifecycleEvent::kApprove, LifecycleState::kApproved},
      {LifecycleEvent::kStartMonitoring, LifecycleState::kMonitoring},
      {LifecycleEvent::kClose, LifecycleState::kClosed},
  };
  for (const auto& step : steps) {  // not a structured binding: INFO captures it
    INFO("event=", Name(step.first));
    Result<LifecycleState> fired = lifecycle.Fire(step.first, Allow);
    REQUIRE(fired.ok());
    CHECK(*fired == step.second);
  }
  for (LifecycleEvent event : kEvents) CHECK_FALSE(lifecycle.Accepts(event));
}

TEST_CASE("a lifecycle moves: the state goes with it") {
  Lifecycle first(LifecycleState::kOnHold);
  Lifecycle second(std::move(first));
  CHECK(second.state() == LifecycleState::kOnHold);
  REQUIRE(second.Fire(LifecycleEvent::kResume).ok());

  Lifecycle third(LifecycleState::kApproved);
  third = std::move(second);
  CHECK(third.state() == LifecycleState::kInReview);
  CHECK(third.Accepts(LifecycleEvent::kHold));
  Result<LifecycleState> approved = third.Fire(LifecycleEvent::kApprove);
  REQUIRE(approved.ok());
  CHECK(*approved == LifecycleState::kApproved);

  std::vector<Lifecycle> many;
  for (LifecycleState state : kStates) many.emplace_back(state);  // reallocation moves
  for (size_t i = 0; i < many.size(); ++i) CHECK(many[i].state() == kStates[i]);
}

TEST_CASE("state and event names round-trip") {
  for (LifecycleState state : kStates) {
    CHECK(ParseLifecycleState(LifecycleStateName(state)) == state);
  }
  for (LifecycleEvent event : kEvents) {
    CHECK(ParseLifecycleEvent(LifecycleEventName(event)) == event);
  }
  CHECK(std::string(LifecycleStateName(LifecycleState::kInReview)) == "in_review");
  CHECK(std::string(LifecycleEventName(LifecycleEvent::kStartMonitoring)) == "start_monitoring");
  CHECK_FALSE(ParseLifecycleState("In Review").has_value());
  CHECK_FALSE(ParseLifecycleEvent("approve!").has_value());
  CHECK(IsEndState(LifecycleState::kClosed));
  CHECK_FALSE(IsEndState(LifecycleState::kOnHold));
  CHECK(AllowsFreeEdit(LifecycleState::kDraft));
  CHECK_FALSE(AllowsFreeEdit(LifecycleState::kInReview));
}

}  // namespace
}  // namespace equilens
