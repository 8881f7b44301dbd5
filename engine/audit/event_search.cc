// Engine::SearchEvents: the ombuds' search over the whole record, by initiative, person, event
// kind and day, each event with the same readable line as History and its chain hash. Read
// from the event log itself (the truth), not from projections.
#include "equilens/sha256.h"
#include "runtime/engine_impl.h"
#include "runtime/event_lines.h"
#include "runtime/school_days.h"

namespace equilens {
namespace {

constexpr int kMaxFound = 10000;  // one page of results; more is `audit export`

// invalid_input naming the bad value, unless `date` is empty or a real YYYY-MM-DD date.
Status CheckDate(const char* which, const std::string& date) {
  if (date.empty() || IsIsoDate(date)) return Status::Ok();
  return InvalidInput(std::string("the ") + which + " date '" + date +
                      "' is not a date (write YYYY-MM-DD, e.g. 2026-09-01)");
}

}  // namespace

Result<std::vector<EventView>> Engine::SearchEvents(const CommandOptions& options,
                                                    const EventFilter& filter) {
  if (Status s = CheckDate("from", filter.from); !s.ok()) return s;
  if (Status s = CheckDate("to", filter.to); !s.ok()) return s;
  if (!filter.from.empty() && !filter.to.empty() && filter.to < filter.from) {
    return InvalidInput("the to date " + filter.to + " is before the from date " + filter.from);
  }
  if (filter.limit < 1 || filter.limit > kMaxFound) {
    return InvalidInput("a search shows 1 to " + std::to_string(kMaxFound) + " events, not " +
                        std::to_string(filter.limit));
  }
  auto scope = impl_->Read(options, Command::kEventSearch, "");
  if (!scope.ok()) return scope.status();

  std::vector<EventView> found;
  auto visit = [&](const StoredEvent& event) {
    const std::string day = event.at.substr(0, 10);
    if ((!filter.initiative.empty() && event.initiative != filter.initiative) ||
        (!filter.actor.empty() && event.actor != filter.actor) ||
        (!filter.kind.empty() && event.kind != filter.kind) ||
        (!filter.from.empty() && day < filter.from) || (!filter.to.empty() && day > filter.to)) {
      return;
    }
    found.push_back({event.seq, event.initiative, event.at, event.actor, event.role, event.kind,
                     DescribeEvent(event), ToHex(event.hash)});
  };
  const auto full = [&] { return found.size() >= static_cast<std::size_t>(filter.limit); };
  if (!filter.initiative.empty()) {  // one initiative's events: served by its index
    auto events = impl_->log.ForInitiative(filter.initiative);
    if (!events.ok()) return events.status();
    for (const StoredEvent& event : *events) {
      if (full()) break;
      visit(event);
    }
    return found;
  }
  // The whole log, in order, stopping at the limit: the stop is a Status only ForEach sees.
  Status walked = impl_->log.ForEach(1, [&](const StoredEvent& event) {
    visit(event);
    return full() ? Conflict("limit reached") : Status::Ok();
  });
  if (!walked.ok() && !full()) return walked;
  return found;
}

}  // namespace equilens
