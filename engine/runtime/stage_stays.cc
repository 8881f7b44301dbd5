// StageStays: stays in the route's stages, event by event.
#include "runtime/stage_stays.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace equilens {

void StageStays::Observe(const StoredEvent& event, const nlohmann::json& payload) {
  const std::string& kind = event.kind;
  auto stage = [&] {
    return payload.is_object() ? payload.value("stage", std::string()) : std::string();
  };
  if (kind == "submitted" || kind == "stage_advanced") {
    Enter(stage(), event.at);
  } else if (kind == "approvals_voided") {
    if (!stage().empty()) Enter(stage(), event.at);  // sent back to `approvals.return_to`
  } else if (kind == "returned" || kind == "withdrawn" || kind == "rejected" || kind == "closed") {
    Leave(event.at);
  }
}

void StageStays::Leave(const std::string& at) {
  if (!open_) return;
  stays_.back().left_at = at;
  open_ = false;
}

void StageStays::Enter(const std::string& stage, const std::string& at) {
  Leave(at);
  if (std::find(path_.begin(), path_.end(), stage) == path_.end()) path_.push_back(stage);
  const Stage* known = workflow_ != nullptr ? workflow_->FindStage(stage) : nullptr;
  if (known != nullptr && known->end != StageEnd::kNone) return;  // no time is spent there
  stays_.push_back({stage, at, ""});
  open_ = true;
}

double DaysBetween(const std::string& from, const std::string& to) {
  auto seconds = [](const std::string& at) {
    int y = 0;
    unsigned mo = 0, d = 0, h = 0, mi = 0, s = 0;
    std::sscanf(at.c_str(), "%4d-%2u-%2uT%2u:%2u:%2u", &y, &mo, &d, &h, &mi, &s);
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = static_cast<int>(mo) - 1;
    tm.tm_mday = static_cast<int>(d);
    tm.tm_hour = static_cast<int>(h);
    tm.tm_min = static_cast<int>(mi);
    tm.tm_sec = static_cast<int>(s);
    return static_cast<double>(timegm(&tm));
  };
  return (seconds(to) - seconds(from)) / 86400.0;
}

}  // namespace equilens
