// The outbox's SQL: queuing, leasing due rows to a delivery worker, settling attempts.
#include "store/outbox_store.h"

#include "store/sql.h"

namespace equilens {
namespace {

constexpr const char* kColumns =
    "id, event_seq, initiative, recipient, kind, context, created_at, digest, status, attempts, "
    "next_attempt_at, last_error, sent_at, leased_until";

OutboxRow ReadRow(const SqlRow& row) {
  OutboxRow r;
  r.id = row.Int(0);
  r.event_seq = row.Int(1);
  r.initiative = row.Text(2);
  r.recipient = row.Text(3);
  r.kind = row.Text(4);
  r.context_json = row.Text(5);
  r.created_at = row.Text(6);
  r.digest = row.Int(7) != 0;
  r.status = row.Text(8);
  r.attempts = row.Int(9);
  r.next_attempt_at = row.Text(10);
  r.last_error = row.Text(11);
  r.sent_at = row.Text(12);
  r.leased_until = row.Text(13);
  return r;
}

std::string Select(const std::string& rest) {
  return std::string("SELECT ") + kColumns + " FROM outbox " + rest;
}

}  // namespace

Status OutboxStore::Queue(const OutboxRow& row) {
  return SqlRun(db_,
                "INSERT OR IGNORE INTO outbox (event_seq, initiative, recipient, kind, context, "
                "created_at, digest) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                {row.event_seq, row.initiative, row.recipient, row.kind, row.context_json,
                 row.created_at, std::int64_t{row.digest ? 1 : 0}});
}

Status OutboxStore::ScheduleDigests(
    const std::function<std::string(const std::string&)>& digest_at) {
  using Unscheduled = std::pair<std::int64_t, std::string>;  // id, created_at
  auto rows =
      QueryAll<Unscheduled>(db_,
                            "SELECT id, created_at FROM outbox "
                            "WHERE status = 'pending' AND digest = 1 AND next_attempt_at = ''",
                            {}, [](const SqlRow& row) {
                              return Unscheduled{row.Int(0), row.Text(1)};
                            });
  if (!rows.ok()) return rows.status();
  for (const auto& [id, created_at] : *rows) {
    if (Status status = SqlRun(db_, "UPDATE outbox SET next_attempt_at = ?2 WHERE id = ?1",
                               {id, digest_at(created_at)});
        !status.ok()) {
      return status;
    }
  }
  return Status::Ok();
}

Status OutboxStore::BringDigestsForward(const std::string& now) {
  return SqlRun(db_,
                "UPDATE outbox SET next_attempt_at = ?1 "
                "WHERE status = 'pending' AND digest = 1 AND attempts = 0 AND next_attempt_at > ?1 "
                "AND leased_until <= ?1",
                {now});
}

Result<std::vector<OutboxRow>> OutboxStore::Take(const std::string& now,
                                                 const std::string& lease_until, int limit) {
  auto rows = QueryAll<OutboxRow>(
      db_,
      Select("WHERE status = 'pending' AND next_attempt_at <= ?1 AND leased_until <= ?1 "
             "AND NOT (digest = 1 AND next_attempt_at = '') ORDER BY next_attempt_at, id LIMIT ?2"),
      {now, std::int64_t{limit}}, ReadRow);
  if (!rows.ok()) return rows.status();
  for (OutboxRow& row : *rows) {
    if (Status status =
            SqlRun(db_, "UPDATE outbox SET leased_until = ?2 WHERE id = ?1", {row.id, lease_until});
        !status.ok()) {
      return status;
    }
    row.leased_until = lease_until;
  }
  return rows;
}

// Runs `set` on `row` only while it is still pending under the lease the caller took.
Result<bool> OutboxStore::Settle(const OutboxRow& row, const std::string& set,
                                 std::initializer_list<SqlValue> values) {
  std::vector<SqlValue> all = {row.id, row.leased_until};
  all.insert(all.end(), values.begin(), values.end());
  auto changed = SqlRunCounted(db_,
                               "UPDATE outbox SET " + set +
                                   ", leased_until = '' WHERE id = ?1 AND status = 'pending' "
                                   "AND leased_until = ?2",
                               all);
  if (!changed.ok()) return changed.status();
  return *changed == 1;
}

Result<bool> OutboxStore::MarkSent(const OutboxRow& row, std::int64_t attempts,
                                   const std::string& at) {
  return Settle(row, "status = 'sent', attempts = ?3, sent_at = ?4, last_error = ''",
                {attempts, at});
}

Result<bool> OutboxStore::MarkRetry(const OutboxRow& row, std::int64_t attempts,
                                    const std::string& next_attempt_at, const std::string& error) {
  return Settle(row, "attempts = ?3, next_attempt_at = ?4, last_error = ?5",
                {attempts, next_attempt_at, error});
}

Result<bool> OutboxStore::MarkFailed(const OutboxRow& row, std::int64_t attempts,
                                     const std::string& error) {
  return Settle(row, "status = 'failed', attempts = ?3, last_error = ?4", {attempts, error});
}

Status OutboxStore::Release(const OutboxRow& row) {
  auto released = Settle(row, "attempts = attempts", {});
  return released.ok() ? Status::Ok() : released.status();
}

Result<std::vector<OutboxRow>> OutboxStore::List(const std::string& status, int limit) {
  return QueryAll<OutboxRow>(db_,
                             Select("WHERE (?1 = '' OR status = ?1) ORDER BY id DESC LIMIT ?2"),
                             {status, std::int64_t{limit}}, ReadRow);
}

Result<std::vector<std::pair<std::string, std::int64_t>>> OutboxStore::Counts() {
  using Count = std::pair<std::string, std::int64_t>;
  return QueryAll<Count>(db_,
                         "SELECT s.status, (SELECT count(*) FROM outbox o WHERE o.status = "
                         "s.status) FROM (SELECT 'pending' AS status UNION ALL SELECT 'sent' "
                         "UNION ALL SELECT 'failed') s",
                         {}, [](const SqlRow& row) {
                           return Count{row.Text(0), row.Int(1)};
                         });
}

Result<bool> OutboxStore::Requeue(std::int64_t id, const std::string& now) {
  auto found =
      QueryOne<std::int64_t>(db_, "SELECT id FROM outbox WHERE id = ?1 AND status = 'failed'", {id},
                             [](const SqlRow& row) { return row.Int(0); });
  if (!found.ok()) return found.status();
  if (!found->has_value()) return false;
  Status status = SqlRun(db_,
                         "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = "
                         "?2, leased_until = '', last_error = '' WHERE id = ?1",
                         {id, now});
  if (!status.ok()) return status;
  return true;
}

Result<std::vector<OutboxRow>> OutboxStore::ForEvent(std::int64_t seq) {
  return QueryAll<OutboxRow>(db_, Select("WHERE event_seq = ?1 ORDER BY id"), {seq}, ReadRow);
}

}  // namespace equilens
