// Reading and writing the notification outbox of migration 8 (store/outbox_schema.h)
// (engine-internal).
//
// Every call runs on the caller's connection, inside its transaction when one is open: the
// runtime queues a notification in the same transaction as the event that causes it, and
// the delivery worker takes and settles rows in short transactions of its own.
#ifndef EQUILENS_STORE_OUTBOX_STORE_H_
#define EQUILENS_STORE_OUTBOX_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "equilens/status.h"
#include "store/database.h"

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
  std::string last_error;
  std::string sent_at;
};

class OutboxStore {
 public:
  explicit OutboxStore(Database& db) : db_(db) {}

  // Queues `row` (its id, status and delivery columns are ignored). The same event, recipient
  // and kind queued twice is one row: queuing is idempotent.
  Status Queue(const OutboxRow& row);

  // Gives every unscheduled pending digest row the instant `digest_at`.
  Status ScheduleDigests(const std::string& digest_at);
  // Makes every pending digest row not yet attempted due at `now`.
  Status BringDigestsForward(const std::string& now);

  // The pending rows due by `now` (next_attempt_at <= now), oldest first, at most `limit`,
  // each leased to the caller until `lease_until`: another worker skips them until then.
  // Call inside a write transaction, so two workers never take the same row.
  Result<std::vector<OutboxRow>> Take(const std::string& now, const std::string& lease_until,
                                      int limit);

  // Settles a delivery attempt of row `id`.
  Status MarkSent(std::int64_t id, std::int64_t attempts, const std::string& at);
  Status MarkRetry(std::int64_t id, std::int64_t attempts, const std::string& next_attempt_at,
                   const std::string& error);
  Status MarkFailed(std::int64_t id, std::int64_t attempts, const std::string& error);

  // Rows with `status` ('' = any), newest first, at most `limit`.
  Result<std::vector<OutboxRow>> List(const std::string& status, int limit);
  // How many rows have each status: {"pending": n, "sent": n, "failed": n}, zeros included.
  Result<std::vector<std::pair<std::string, std::int64_t>>> Counts();
  // A failed row back to pending, due at once with no attempts; false when `id` is not a
  // failed row.
  Result<bool> Requeue(std::int64_t id);
  // Every row caused by event `seq` (tests, `audit` cross-checks).
  Result<std::vector<OutboxRow>> ForEvent(std::int64_t seq);

 private:
  Database& db_;
};

}  // namespace equilens

#endif  // EQUILENS_STORE_OUTBOX_STORE_H_
