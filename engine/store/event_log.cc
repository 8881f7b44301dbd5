// Appending to the event log and reading it back in order.
#include "store/event_log.h"

#include <cassert>
#include <cstring>
#include <utility>

#include "store/database.h"
#include "store/event_chain.h"

namespace equilens {
namespace {

// Every stored column, in the order ReadEvent expects.
constexpr char kSelectEvents[] =
    "SELECT seq, initiative, at, actor, role, kind, payload, hash FROM events";

Status WrongHashSize(std::int64_t seq, std::size_t size) {
  return IntegrityError("event " + std::to_string(seq) + "'s hash is " + std::to_string(size) +
                        " bytes, not 32: the record was altered; run `equilens audit verify`");
}

// Copies the current row of a kSelectEvents statement into `event` (reusing its strings'
// memory). integrity when the stored hash is not 32 bytes.
Status ReadEvent(const Statement& row, StoredEvent* event) {
  event->seq = row.ColumnInt64(0);
  event->initiative.assign(row.ColumnText(1));
  event->at.assign(row.ColumnText(2));
  event->actor.assign(row.ColumnText(3));
  event->role.assign(row.ColumnText(4));
  event->kind.assign(row.ColumnText(5));
  event->payload.assign(row.ColumnText(6));
  const std::string_view hash = row.ColumnBlob(7);
  if (hash.size() != event->hash.size()) return WrongHashSize(event->seq, hash.size());
  std::memcpy(event->hash.data(), hash.data(), hash.size());
  return Status::Ok();
}

}  // namespace

Result<StoredEvent> EventLog::Append(const NewEvent& event) {
  if (!database_.in_write_transaction()) {
    assert(false && "EventLog::Append needs the caller's WriteTransaction");
    return InternalError("could not record a '" + event.kind +
                         "' event: no write transaction is open");
  }
  // Inside the caller's BEGIN IMMEDIATE: no other connection can append until it commits,
  // so head.seq + 1 is free and the chain cannot fork.
  Result<ChainHead> head = Head();
  if (!head.ok()) return head.status();

  StoredEvent stored;
  stored.seq = head->seq + 1;
  stored.initiative = event.initiative;
  stored.at = event.at;
  stored.actor = event.actor;
  stored.role = event.role;
  stored.kind = event.kind;
  stored.payload = event.payload;
  stored.hash = ChainHash(head->hash,
                          {stored.seq, stored.initiative, stored.at, stored.actor, stored.role,
                           stored.kind, stored.payload},
                          &scratch_);

  Result<Statement> insert = database_.Prepare(
      "INSERT INTO events (seq, initiative, at, actor, role, kind, payload, hash) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!insert.ok()) return insert.status();
  insert->BindInt64(1, stored.seq);
  insert->BindText(2, stored.initiative);
  insert->BindText(3, stored.at);
  insert->BindText(4, stored.actor);
  insert->BindText(5, stored.role);
  insert->BindText(6, stored.kind);
  insert->BindText(7, stored.payload);
  insert->BindBlob(8, stored.hash.data(), stored.hash.size());
  if (Status status = insert->Run(); !status.ok()) return status;
  return stored;
}

Result<ChainHead> EventLog::Head() {
  // seq is the rowid: this reads one row from the end of the table's b-tree.
  Result<Statement> last =
      database_.Prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1");
  if (!last.ok()) return last.status();
  Result<StepResult> step = last->Step();
  if (!step.ok()) return step.status();
  ChainHead head;  // seq 0 and zero bytes: the empty log
  if (*step == StepResult::kDone) return head;
  head.seq = last->ColumnInt64(0);
  const std::string_view hash = last->ColumnBlob(1);
  if (hash.size() != head.hash.size()) return WrongHashSize(head.seq, hash.size());
  std::memcpy(head.hash.data(), hash.data(), hash.size());
  return head;
}

Status EventLog::ForEach(std::int64_t from_seq,
                         const std::function<Status(const StoredEvent&)>& visit) {
  // One snapshot from the first row to the last, whatever other processes append meanwhile.
  Result<ReadTransaction> snapshot = ReadTransaction::Begin(database_);
  if (!snapshot.ok()) return snapshot.status();
  Result<Statement> rows =
      database_.Prepare(std::string(kSelectEvents) + " WHERE seq >= ?1 ORDER BY seq");
  if (!rows.ok()) return rows.status();
  rows->BindInt64(1, from_seq);
  StoredEvent event;
  while (true) {
    Result<StepResult> step = rows->Step();
    if (!step.ok()) return step.status();
    if (*step == StepResult::kDone) return Status::Ok();
    if (Status status = ReadEvent(*rows, &event); !status.ok()) return status;
    if (Status status = visit(event); !status.ok()) return status;
  }
}

Result<std::vector<StoredEvent>> EventLog::ForInitiative(const std::string& initiative) {
  // Served by the index on (initiative, seq).
  Result<Statement> rows =
      database_.Prepare(std::string(kSelectEvents) + " WHERE initiative = ?1 ORDER BY seq");
  if (!rows.ok()) return rows.status();
  rows->BindText(1, initiative);
  std::vector<StoredEvent> events;
  while (true) {
    Result<StepResult> step = rows->Step();
    if (!step.ok()) return step.status();
    if (*step == StepResult::kDone) return events;
    StoredEvent& event = events.emplace_back();
    if (Status status = ReadEvent(*rows, &event); !status.ok()) return status;
  }
}

}  // namespace equilens
