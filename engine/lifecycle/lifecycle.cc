// The lifecycle machine: Boost.MSM, in this one translation unit, behind Lifecycle's pimpl.
//
// Header settings, decided on purpose:
// - Table size: the table has 22 rows (8 restore rows + 14 transitions), past MPL's default
//   limit of 20. We spell it as a numbered `mpl::vector22` rather than defining
//   BOOST_MPL_CFG_NO_PREPROCESSED_HEADERS + BOOST_MPL_LIMIT_VECTOR_SIZE/MAP_SIZE 30, because
//   the numbered vector keeps Boost's shipped preprocessed MPL headers (measured, g++ 12 at
//   -O2 -g: ~7.3 s / 860 MB, against ~8.5 s / 910 MB with the macros), and it changes no
//   library-wide MPL setting that another translation unit could one day see differently
//   (an ODR trap). The price: the number must equal the row count, so a new row renames the
//   vector (the compiler refuses a mismatch). Past 50 rows, switch to the macros.
// - BOOST_BIND_GLOBAL_PLACEHOLDERS and BOOST_ALLOW_DEPRECATED_HEADERS: MSM 1.74 includes
//   boost/bind.hpp and other deprecated headers, whose notices would break -Wall -Wextra
//   -Wpedantic cleanliness. Defined here, before any include, and nowhere else.
#define BOOST_BIND_GLOBAL_PLACEHOLDERS
#define BOOST_ALLOW_DEPRECATED_HEADERS

#include "equilens/lifecycle.h"

#include <boost/mpl/vector/vector30.hpp>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>
#include <cassert>
#include <exception>
#include <optional>
#include <string>
#include <utility>

namespace equilens {
namespace {

namespace mpl = boost::mpl;
namespace msm = boost::msm;
using msm::front::none;
using msm::front::Row;

// States (nouns). Each stands for one public value; Loading stands for none: the machine is
// there only until the constructor's Restore leaves it.
template <LifecycleState kState>
struct StateFor : msm::front::state<> {
  static constexpr LifecycleState kValue = kState;
};
struct Loading : msm::front::state<> {};
using Draft = StateFor<LifecycleState::kDraft>;
using InReview = StateFor<LifecycleState::kInReview>;
using OnHold = StateFor<LifecycleState::kOnHold>;
using Approved = StateFor<LifecycleState::kApproved>;
using Monitoring = StateFor<LifecycleState::kMonitoring>;
using Closed = StateFor<LifecycleState::kClosed>;
using Rejected = StateFor<LifecycleState::kRejected>;
using Withdrawn = StateFor<LifecycleState::kWithdrawn>;

// Events (imperative verbs). Each public one stands for one value; Advance also carries the
// route's guard. Restore is internal: the constructor fires it once.
template <LifecycleEvent kEvent>
struct EventFor {
  static constexpr LifecycleEvent kValue = kEvent;
};
struct Restore {
  LifecycleState stored;
};
struct Advance {
  static constexpr LifecycleEvent kValue = LifecycleEvent::kAdvance;
  const RouteGuard* route_guard;  // not owned; lives for the one Fire that made this event
};
using Submit = EventFor<LifecycleEvent::kSubmit>;
using Approve = EventFor<LifecycleEvent::kApprove>;
using StartMonitoring = EventFor<LifecycleEvent::kStartMonitoring>;
using Close = EventFor<LifecycleEvent::kClose>;
using Hold = EventFor<LifecycleEvent::kHold>;
using Resume = EventFor<LifecycleEvent::kResume>;
using Return = EventFor<LifecycleEvent::kReturn>;
using Withdraw = EventFor<LifecycleEvent::kWithdraw>;
using Reject = EventFor<LifecycleEvent::kReject>;

// How a state reads inside a refusal: "(it is in review)", "the initiative is withdrawn".
const char* StatePhrase(LifecycleState state) {
  switch (state) {
    case LifecycleState::kDraft:
      return "a draft";
    case LifecycleState::kInReview:
      return "in review";
    case LifecycleState::kOnHold:
      return "on hold";
    case LifecycleState::kApproved:
      return "approved";
    case LifecycleState::kMonitoring:
      return "in monitoring";
    case LifecycleState::kClosed:
      return "closed";
    case LifecycleState::kRejected:
      return "rejected";
    case LifecycleState::kWithdrawn:
      return "withdrawn";
  }
  return "in an unknown state";
}

// Where `event` is accepted, in words; mirrors the table's rows for that event.
const char* WhereAccepted(LifecycleEvent event) {
  switch (event) {
    case LifecycleEvent::kSubmit:
      return "only a draft can be submitted";
    case LifecycleEvent::kAdvance:
      return "only an initiative in review moves between stages";
    case LifecycleEvent::kApprove:
      return "only an initiative in review can be approved";
    case LifecycleEvent::kStartMonitoring:
      return "only an approved initiative can start monitoring";
    case LifecycleEvent::kClose:
      return "only an initiative that is approved or in monitoring can be closed";
    case LifecycleEvent::kHold:
      return "only an initiative in review can be put on hold";
    case LifecycleEvent::kResume:
      return "only an initiative on hold can be resumed";
    case LifecycleEvent::kReturn:
      return "only an initiative in review can be returned for revision";
    case LifecycleEvent::kWithdraw:
      return "only a draft, or an initiative in review or on hold, can be withdrawn";
    case LifecycleEvent::kReject:
      return "only an initiative in review or on hold can be rejected";
  }
  return "it is not accepted anywhere";
}

// The advice for an event the state does not allow; the lifecycle's invariants come first.
std::string RefusalMessage(LifecycleEvent event, LifecycleState state) {
  const std::string head = std::string("cannot ") + LifecycleEventName(event) + ": ";
  if (IsEndState(state)) {
    return head + "the initiative is " + StatePhrase(state) +
           ", and nothing changes after an end state";
  }
  if (state == LifecycleState::kOnHold) {
    return head + "the initiative is on hold; nothing moves until it is resumed";
  }
  return head + WhereAccepted(event) + " (it is " + StatePhrase(state) + ")";
}

// The public value of the state MSM numbers `id` in transition table `Stt`.
template <class Stt, class... States>
std::optional<LifecycleState> StateWithIdAmong(int id) {
  std::optional<LifecycleState> found;
  auto match = [&](int state_id, LifecycleState value) {
    if (state_id == id) found = value;
  };
  (match(msm::back::get_state_id<Stt, States>::value, States::kValue), ...);
  return found;
}

template <class Fsm>
std::optional<LifecycleState> StateWithId(int id) {
  return StateWithIdAmong<typename Fsm::stt, Draft, InReview, OnHold, Approved, Monitoring, Closed,
                          Rejected, Withdrawn>(id);
}

// Guards (predicates).

// A Restore row is taken only toward the state that was stored.
struct TargetIsStored {
  template <class Fsm, class Source, class Target>
  bool operator()(const Restore& restore, Fsm&, Source&, Target&) const {
    return restore.stored == Target::kValue;
  }
};

// Asks the route whether the YAML move is allowed; keeps its refusal to hand back as is.
struct RouteAllows {
  template <class Fsm, class Source, class Target>
  bool operator()(const Advance& advance, Fsm& fsm, Source&, Target&) const {
    if (!*advance.route_guard) {
      fsm.refusal = InternalError(
          "cannot advance: no route guard was given, and a move between stages must ask the "
          "route");
      return false;
    }
    Status allowed = (*advance.route_guard)();
    if (allowed.ok()) return true;
    fsm.refusal = std::move(allowed);
    return false;
  }
};

struct LifecycleMachine : msm::front::state_machine_def<LifecycleMachine> {
  using initial_state = Loading;
  // Fire sends one event at a time and no action fires another: nothing ever queues. (So a
  // route guard must not fire into the Lifecycle that is asking it.)
  using no_message_queue = int;

  // clang-format off
  using transition_table = mpl::vector22<
      //    Source       Event             Target       Action  Guard
      //  +------------+-----------------+------------+-------+----------------+
      Row < Loading    , Restore         , Draft      , none  , TargetIsStored >,
      Row < Loading    , Restore         , InReview   , none  , TargetIsStored >,
      Row < Loading    , Restore         , OnHold     , none  , TargetIsStored >,
      Row < Loading    , Restore         , Approved   , none  , TargetIsStored >,
      Row < Loading    , Restore         , Monitoring , none  , TargetIsStored >,
      Row < Loading    , Restore         , Closed     , none  , TargetIsStored >,
      Row < Loading    , Restore         , Rejected   , none  , TargetIsStored >,
      Row < Loading    , Restore         , Withdrawn  , none  , TargetIsStored >,
      //  +------------+-----------------+------------+-------+----------------+
      Row < Draft      , Submit          , InReview   , none  , none           >,
      Row < Draft      , Withdraw        , Withdrawn  , none  , none           >,
      Row < InReview   , Advance         , InReview   , none  , RouteAllows    >,
      Row < InReview   , Approve         , Approved   , none  , none           >,
      Row < InReview   , Hold            , OnHold     , none  , none           >,
      Row < InReview   , Return          , Draft      , none  , none           >,
      Row < InReview   , Withdraw        , Withdrawn  , none  , none           >,
      Row < InReview   , Reject          , Rejected   , none  , none           >,
      Row < OnHold     , Resume          , InReview   , none  , none           >,
      Row < OnHold     , Withdraw        , Withdrawn  , none  , none           >,
      Row < OnHold     , Reject          , Rejected   , none  , none           >,
      Row < Approved   , StartMonitoring , Monitoring , none  , none           >,
      Row < Approved   , Close           , Closed     , none  , none           >,
      Row < Monitoring , Close           , Closed     , none  , none           >
  >;
  // clang-format on

  // Why the last event was not taken: set by no_transition, RouteAllows or
  // exception_caught, read and cleared by Fire.
  std::optional<Status> refusal;

  // MSM 1.74's defaults BOOST_ASSERT(false): a refused command would abort a debug build.
  template <class Fsm, class Event>
  void no_transition(const Event&, Fsm&, int state_id) {
    const std::optional<LifecycleState> state = StateWithId<Fsm>(state_id);
    assert(state.has_value() && "only Restore is fired while Loading");
    refusal = RefusedByRule(RefusalMessage(Event::kValue, state.value_or(LifecycleState::kDraft)));
  }
  template <class Fsm>
  void no_transition(const Restore&, Fsm&, int) {
    refusal = InternalError("a lifecycle can be restored only once, when it is made");
  }

  // A route guard that throws is a bug or an environment failure, not a rule: it becomes
  // an internal error, and since guards run before any state is left, nothing moved.
  template <class Fsm, class Event>
  void exception_caught(const Event&, Fsm&, std::exception& e) {
    refusal = InternalError(std::string("the lifecycle could not decide: ") + e.what());
  }
};

using Backend = msm::back::state_machine<LifecycleMachine>;

// The MSM event that stands for `event` (Advance carrying `route_guard`), sent into `fsm`;
// nullopt when none of `Events` stands for it.
template <class Event>
Event Make(const RouteGuard&) {
  return Event{};
}
template <>
Advance Make<Advance>(const RouteGuard& route_guard) {
  return Advance{&route_guard};
}
template <class... Events>
std::optional<msm::back::HandledEnum> SendAmong(Backend& fsm, LifecycleEvent event,
                                                const RouteGuard& route_guard) {
  std::optional<msm::back::HandledEnum> handled;
  auto send = [&](auto typed) {
    using Event = decltype(typed);
    if (Event::kValue == event) handled = fsm.process_event(Make<Event>(route_guard));
  };
  (send(Events{}), ...);
  return handled;
}

// Sends `event` into `fsm`. Returns the state after it, or why it was not taken.
Result<LifecycleState> FireInto(Backend& fsm, LifecycleEvent event, const RouteGuard& route_guard) {
  fsm.refusal.reset();
  const std::optional<msm::back::HandledEnum> handled =
      SendAmong<Submit, Advance, Approve, StartMonitoring, Close, Hold, Resume, Return, Withdraw,
                Reject>(fsm, event, route_guard);
  if (!handled) {
    return InternalError("no lifecycle event numbered " + std::to_string(static_cast<int>(event)));
  }
  // Checked before `handled`: after exception_caught, MSM reports HANDLED_TRUE.
  if (fsm.refusal) {
    Status refusal = std::move(*fsm.refusal);
    fsm.refusal.reset();
    return refusal;
  }
  if (*handled != msm::back::HANDLED_TRUE) {
    return InternalError(std::string("the lifecycle neither took nor refused ") +
                         LifecycleEventName(event));
  }
  const std::optional<LifecycleState> now = StateWithId<Backend>(fsm.current_state()[0]);
  assert(now.has_value());
  return now.value_or(LifecycleState::kDraft);
}

}  // namespace

struct Lifecycle::Machine {
  Backend fsm;
};

Lifecycle::Lifecycle(LifecycleState state) : machine_(std::make_unique<Machine>()) {
  machine_->fsm.start();
  const msm::back::HandledEnum handled = machine_->fsm.process_event(Restore{state});
  assert(handled == msm::back::HANDLED_TRUE && "every LifecycleState has a Restore row");
  (void)handled;
}

Lifecycle::~Lifecycle() = default;
Lifecycle::Lifecycle(Lifecycle&&) noexcept = default;
Lifecycle& Lifecycle::operator=(Lifecycle&&) noexcept = default;

LifecycleState Lifecycle::state() const {
  assert(machine_ != nullptr && "a moved-from Lifecycle has no state");
  const std::optional<LifecycleState> state =
      StateWithId<Backend>(machine_->fsm.current_state()[0]);
  assert(state.has_value() && "the constructor's Restore leaves Loading");
  return state.value_or(LifecycleState::kDraft);
}

Result<LifecycleState> Lifecycle::Fire(LifecycleEvent event, const RouteGuard& route_guard) {
  if (machine_ == nullptr) return InternalError("a moved-from Lifecycle cannot fire events");
  return FireInto(machine_->fsm, event, route_guard);
}

// Asks the machine itself, on a copy (a few ints), rather than a second table that could
// drift from the transition table. The route is not consulted: a stand-in allows.
bool Lifecycle::Accepts(LifecycleEvent event) const {
  if (machine_ == nullptr) return false;
  // std::as_const matters: from a non-const lvalue, MSM's forwarding constructor
  // (template <class ARG0, class... ARGS> state_machine(ARG0&&, ARGS&&...)) beats the copy
  // constructor, builds a fresh machine in Loading from the sliced front-end, and copies no
  // state at all.
  Backend copy(std::as_const(machine_->fsm));
  const RouteGuard route_allows = [] { return Status::Ok(); };
  return FireInto(copy, event, route_allows).ok();
}

}  // namespace equilens
