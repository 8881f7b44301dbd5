// The ombuds' pages' contexts: searching the record (Engine::SearchEvents) and the chain's
// verification (Engine::Verify) with its head hash.
#include <set>

#include "render/web_context.h"

namespace equilens::web {

using nlohmann::json;

json AuditContext(const PageFrame& frame, const EventFilter& filter,
                  const std::vector<EventView>* events) {
  json context = FrameContext(frame);
  json rows = json::array();
  std::set<std::string> kinds;
  if (!filter.kind.empty()) kinds.insert(filter.kind);
  if (events != nullptr) {
    for (const EventView& event : *events) {
      kinds.insert(event.kind);
      rows.push_back({{"seq", event.seq},
                      {"initiative", event.initiative},
                      {"has_initiative", !event.initiative.empty()},
                      {"initiative_href", "/initiatives/" + UrlEncode(event.initiative)},
                      {"at", event.at},
                      {"at_text", WhenText(event.at)},
                      {"actor", event.actor},
                      {"role_label", Humanize(event.role)},
                      {"kind", event.kind},
                      {"what", event.what},
                      {"hash", event.hash},
                      {"short_hash", ShortHash(event.hash)}});
    }
  }
  const std::size_t count = rows.size();
  context["audit"] = {
      {"action", "/audit"},
      {"filter",
       {{"initiative", filter.initiative},
        {"actor", filter.actor},
        {"kind", filter.kind},
        {"from", filter.from},
        {"to", filter.to}}},
      {"searched", events != nullptr},
      {"count", count},
      {"has_events", count > 0},
      {"limit_reached", filter.limit > 0 && count >= static_cast<std::size_t>(filter.limit)},
      {"kinds", std::vector<std::string>(kinds.begin(), kinds.end())},
      {"events", std::move(rows)},
      {"export_href", "/audit/export.csv"},
      {"verify_href", "/audit/verify"}};
  return context;
}

json VerifyContext(const PageFrame& frame, const VerifyOutcome& outcome) {
  json context = FrameContext(frame);
  context["verify"] = {{"intact", outcome.intact},
                       {"events_checked", outcome.events_checked},
                       {"has_first_bad", outcome.first_bad_seq.has_value()},
                       {"first_bad_seq", outcome.first_bad_seq.value_or(0)},
                       {"problem", outcome.problem},
                       {"head_seq", outcome.head_seq},
                       {"head_hash", outcome.head_hash},
                       {"has_differences", !outcome.projection_differences.empty()},
                       {"differences", outcome.projection_differences},
                       {"audit_href", "/audit"}};
  return context;
}

}  // namespace equilens::web
