// Stable names of lifecycle states and events, as events and JSON spell them.
#include <utility>

#include "equilens/lifecycle.h"

namespace equilens {
namespace {

constexpr std::pair<LifecycleState, const char*> kStateNames[] = {
    {LifecycleState::kDraft, "draft"},           {LifecycleState::kInReview, "in_review"},
    {LifecycleState::kOnHold, "on_hold"},        {LifecycleState::kApproved, "approved"},
    {LifecycleState::kMonitoring, "monitoring"}, {LifecycleState::kClosed, "closed"},
    {LifecycleState::kRejected, "rejected"},     {LifecycleState::kWithdrawn, "withdrawn"},
};

constexpr std::pair<LifecycleEvent, const char*> kEventNames[] = {
    {LifecycleEvent::kSubmit, "submit"},     {LifecycleEvent::kAdvance, "advance"},
    {LifecycleEvent::kApprove, "approve"},   {LifecycleEvent::kStartMonitoring, "start_monitoring"},
    {LifecycleEvent::kClose, "close"},       {LifecycleEvent::kHold, "hold"},
    {LifecycleEvent::kResume, "resume"},     {LifecycleEvent::kReturn, "return"},
    {LifecycleEvent::kWithdraw, "withdraw"}, {LifecycleEvent::kReject, "reject"},
};

}  // namespace

const char* LifecycleStateName(LifecycleState state) {
  for (const auto& [value, name] : kStateNames) {
    if (value == state) return name;
  }
  return "draft";
}

const char* LifecycleEventName(LifecycleEvent event) {
  for (const auto& [value, name] : kEventNames) {
    if (value == event) return name;
  }
  return "submit";
}

std::optional<LifecycleState> ParseLifecycleState(const std::string& name) {
  for (const auto& [value, text] : kStateNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

std::optional<LifecycleEvent> ParseLifecycleEvent(const std::string& name) {
  for (const auto& [value, text] : kEventNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

bool IsEndState(LifecycleState state) {
  return state == LifecycleState::kClosed || state == LifecycleState::kRejected ||
         state == LifecycleState::kWithdrawn;
}

bool AllowsFreeEdit(LifecycleState state) { return state == LifecycleState::kDraft; }

}  // namespace equilens
