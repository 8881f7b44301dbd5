// The lifecycle every initiative lives in, whatever its workflow (Boost.MSM behind a plain
// interface; the machine itself is in engine/lifecycle/lifecycle.cc and nowhere else).
//
//   Draft --submit--> InReview --hold--> OnHold --resume--> InReview
//   InReview --advance (route guard ok)--> InReview        (a move between YAML stages)
//   InReview --approve--> Approved --start_monitoring--> Monitoring --close--> Closed
//   Approved --close--> Closed
//   InReview --return--> Draft                               (returned for revision)
//   Draft | InReview | OnHold --withdraw--> Withdrawn        (an end)
//   InReview | OnHold --reject--> Rejected                   (an end)
//
// Invariants no workflow can break: nothing moves while on hold (only resume, withdraw and
// reject are accepted there); nothing is accepted in an end state (Closed, Rejected,
// Withdrawn); only a draft is edited freely (see AllowsFreeEdit).
//
// The machine decides; it does no I/O. The runtime records what it decided.
// Thread-safety: a Lifecycle is a value owned by one command; not shared between threads.
#ifndef EQUILENS_LIFECYCLE_H_
#define EQUILENS_LIFECYCLE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "equilens/status.h"

namespace equilens {

enum class LifecycleState {
  kDraft,
  kInReview,
  kOnHold,
  kApproved,
  kMonitoring,
  kClosed,
  kRejected,
  kWithdrawn,
};

enum class LifecycleEvent {
  kSubmit,           // Draft -> InReview
  kAdvance,          // InReview -> InReview, when the route guard allows the YAML move
  kApprove,          // InReview -> Approved (the route reached an approving end)
  kStartMonitoring,  // Approved -> Monitoring (a report-back is scheduled)
  kClose,            // Approved | Monitoring -> Closed
  kHold,             // InReview -> OnHold
  kResume,           // OnHold -> InReview
  kReturn,           // InReview -> Draft
  kWithdraw,         // Draft | InReview | OnHold -> Withdrawn
  kReject,           // InReview | OnHold -> Rejected
};

// Stable lower_snake names: "in_review", "start_monitoring". Used in events and JSON.
const char* LifecycleStateName(LifecycleState state);
const char* LifecycleEventName(LifecycleEvent event);
std::optional<LifecycleState> ParseLifecycleState(const std::string& name);
std::optional<LifecycleEvent> ParseLifecycleEvent(const std::string& name);

bool IsEndState(LifecycleState state);      // Closed, Rejected, Withdrawn
bool AllowsFreeEdit(LifecycleState state);  // Draft only

// Asked by the kAdvance guard: ok when the route allows the move, else the refusal to pass
// back to the caller unchanged.
using RouteGuard = std::function<Status()>;

class Lifecycle {
 public:
  // A machine restored to `state` (through the table, from a Loading state: MSM has no
  // "set current state").
  explicit Lifecycle(LifecycleState state = LifecycleState::kDraft);
  ~Lifecycle();
  Lifecycle(Lifecycle&&) noexcept;
  Lifecycle& operator=(Lifecycle&&) noexcept;
  Lifecycle(const Lifecycle&) = delete;
  Lifecycle& operator=(const Lifecycle&) = delete;

  LifecycleState state() const;

  // Fires `event`. Returns the state after it, or refused_by_rule naming the event and the
  // state that does not allow it ("the initiative is on hold: nothing moves until it is
  // resumed"). For kAdvance, `route_guard` is called inside the machine's guard and its
  // refusal is returned as is. On refusal the state is unchanged.
  Result<LifecycleState> Fire(LifecycleEvent event, const RouteGuard& route_guard = {});

  // Whether `event` would be accepted in the current state (route guards not consulted).
  bool Accepts(LifecycleEvent event) const;

 private:
  struct Machine;
  std::unique_ptr<Machine> machine_;
};

}  // namespace equilens

#endif  // EQUILENS_LIFECYCLE_H_
