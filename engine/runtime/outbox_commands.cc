// Engine::ListOutbox and RetryOutbox: what admins see of notification delivery, and how they
// send a failed notification again once its cause is fixed (an address added, say).
#include <nlohmann/json.hpp>

#include "runtime/engine_impl.h"
#include "store/outbox_store.h"

namespace equilens {
namespace {

OutboxEntry EntryOf(const OutboxRow& row) {
  return {row.id,       row.event_seq,       row.initiative, row.recipient,
          row.kind,     row.created_at,      row.digest,     row.status,
          row.attempts, row.next_attempt_at, row.last_error, row.sent_at};
}

}  // namespace

Result<OutboxView> Engine::ListOutbox(const CommandOptions& options, const std::string& status,
                                      int limit) {
  if (!status.empty() && status != "pending" && status != "sent" && status != "failed") {
    return InvalidInput("--status '" + status + "' is not pending, sent or failed");
  }
  if (auto scope = impl_->Read(options, Command::kOutboxList, ""); !scope.ok()) {
    return scope.status();
  }
  OutboxStore outbox(*impl_->db);
  auto counts = outbox.Counts();
  if (!counts.ok()) return counts.status();
  OutboxView view;
  for (const auto& [name, count] : *counts) {
    (name == "pending" ? view.pending : name == "sent" ? view.sent : view.failed) = count;
  }
  auto rows = outbox.List(status, limit);
  if (!rows.ok()) return rows.status();
  for (const OutboxRow& row : *rows) view.entries.push_back(EntryOf(row));
  return view;
}

Status Engine::RetryOutbox(const CommandOptions& options, std::int64_t id) {
  auto transaction = WriteTransaction::Begin(*impl_->db);
  if (!transaction.ok()) return transaction.status();
  if (auto scope = impl_->Read(options, Command::kOutboxRetry, ""); !scope.ok()) {
    return scope.status();
  }
  auto requeued = OutboxStore(*impl_->db).Requeue(id, NowUtc());
  if (!requeued.ok()) return requeued.status();
  if (!*requeued) {
    return NotFound("outbox " + std::to_string(id) +
                    " is not a failed notification; `equilens outbox --status failed` lists them");
  }
  return transaction->Commit();
}

std::string ToJson(const DeliveryReport& report) {
  return nlohmann::json{{"messages_sent", report.messages_sent},
                        {"notifications_sent", report.notifications_sent},
                        {"retrying", report.retrying},
                        {"failed", report.failed},
                        {"problems", report.problems}}
      .dump();
}

std::string ToJson(const OutboxView& view) {
  nlohmann::json entries = nlohmann::json::array();
  for (const OutboxEntry& e : view.entries) {
    entries.push_back({{"id", e.id},
                       {"event_seq", e.event_seq},
                       {"initiative", e.initiative},
                       {"recipient", e.recipient},
                       {"kind", e.kind},
                       {"created_at", e.created_at},
                       {"digest", e.digest},
                       {"status", e.status},
                       {"attempts", e.attempts},
                       {"next_attempt_at", e.next_attempt_at},
                       {"last_error", e.last_error},
                       {"sent_at", e.sent_at}});
  }
  return nlohmann::json{
      {"pending", view.pending}, {"sent", view.sent}, {"failed", view.failed}, {"entries", entries}}
      .dump();
}

}  // namespace equilens
