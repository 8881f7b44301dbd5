// Reading and writing the notification outbox of migration 8 (store/outbox_schema.h)
// (engine-internal).
//
// Every call runs on the caller's connection, inside its transaction when one is open: the
// runtime queues a notification in the same transaction as the event that causes it, and
// the delivery worker takes and settles rows in short transactions of its own.
#ifndef EQUILENS_STORE_OUTBOX_STORE_H_
#define EQUILENS_STORE_OUTBOX_STORE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "equilens/status.h"
#include "store/database.h"
#include "store/sql.h"

namespace equilens {

struct OutboxRow {
  std::int64_t id = 0;
  std::int64_t event_seq = 0;
  std::string initiative;
  std::string recipient;  // user name
  std::string kind;       // task_assigned, feedback_received, ...
  std::string context_json;
  std::string created_at;
  bool digest = false;
  std::string status = "pending";  // pending, sent, failed
  std::int64_t attempts = 0;
  std::string next_attempt_at;  // '' = at once (digest: not scheduled yet)
  std::string leased_until;     // '' = not taken by a worker
  std::string last_error;
  std::string sent_at;
};

class OutboxStore {
 public:
  explicit OutboxStore(Database& db) : db_(db) {}

  // Queues `row` (its id, status and delivery columns are ignored). The same event, recipient
  // and kind queued twice is one row: queuing is idempotent.
  Status Queue(const OutboxRow& row);

  // Gives every unscheduled pending digest row the instant `digest_at(created_at)`.
  Status ScheduleDigests(const std::function<std::string(const std::string&)>& digest_at);
  // Makes every pending digest row not yet attempted and not leased due at `now`.
  Status BringDigestsForward(const std::string& now);

  // The pending rows due by `now` (next_attempt_at <= now) and not leased, oldest first, at
  // most `limit`, each leased to the caller until `lease_until`: another worker skips them
  // until then. Call inside a write transaction, so two workers never take the same row.
  Result<std::vector<OutboxRow>> Take(const std::string& now, const std::string& lease_until,
                                      int limit);

  // Settles a delivery attempt of `row` (as Take returned it) and ends its lease. false, and
  // nothing changed, when the row is no longer under that lease: it ran out and another worker
  // took the row, or an admin changed it.
  Result<bool> MarkSent(const OutboxRow& row, std::int64_t attempts, const std::string& at);
  Result<bool> MarkRetry(const OutboxRow& row, std::int64_t attempts,
                         const std::string& next_attempt_at, const std::string& error);
  Result<bool> MarkFailed(const OutboxRow& row, std::int64_t attempts, const std::string& error);
  // Ends the lease of `row` without an attempt (a worker told to stop), so it is due again.
  Status Release(const OutboxRow& row);

  // Rows with `status` ('' = any), newest first, at most `limit`.
  Result<std::vector<OutboxRow>> List(const std::string& status, int limit);
  // How many rows have each status: {"pending": n, "sent": n, "failed": n}, zeros included.
  Result<std::vector<std::pair<std::string, std::int64_t>>> Counts();
  // A failed row back to pending, due at `now` (a digest row too) with no attempts; false when
  // `id` is not a failed row.
  Result<bool> Requeue(std::int64_t id, const std::string& now);
  // Every row caused by event `seq` (tests, `audit` cross-checks).
  Result<std::vector<OutboxRow>> ForEvent(std::int64_t seq);

 private:
  Result<bool> Settle(const OutboxRow& row, const std::string& set,
                      std::initializer_list<SqlValue> values);

  Database& db_;
};

}  // namespace equilens

#endif  // EQUILENS_STORE_OUTBOX_STORE_H_
