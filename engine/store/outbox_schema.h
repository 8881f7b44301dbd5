// The DDL of schema migrations 7 and 8: users' e-mail settings (a projection) and the
// notification outbox (not a projection).
//
// The outbox is written in the same transaction as the event that causes each notification
// (runtime/notifications.cc), so there is no event without its notifications and no
// notification without its event; delivery (runtime/mail_delivery.cc) then changes only the
// delivery columns. Like the credential tables it is operational state that no event
// rebuilds: `audit verify` does not compare it and a replay leaves it empty. Instants are ISO
// 8601 UTC text ("YYYY-MM-DDTHH:MM:SS.mmmZ"), which sorts in time order.
#ifndef EQUILENS_STORE_OUTBOX_SCHEMA_H_
#define EQUILENS_STORE_OUTBOX_SCHEMA_H_

namespace equilens {

// Migration 7: projections, rebuilt from user_added / user_updated like the rest of `users`.
inline constexpr const char* kUserMailSchemaV1 = R"sql(
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';            -- '' = none on file
ALTER TABLE users ADD COLUMN notify TEXT NOT NULL DEFAULT 'immediate';  -- immediate | digest | off
)sql";

// Migration 8.
inline constexpr const char* kOutboxSchemaV1 = R"sql(
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  event_seq       INTEGER NOT NULL,           -- the event that caused it (events.seq)
  initiative      TEXT NOT NULL DEFAULT '',
  recipient       TEXT NOT NULL,              -- a user name; the address is read at delivery
  kind            TEXT NOT NULL,              -- task_assigned, feedback_received, ... (docs/notifications.md)
  context         TEXT NOT NULL,              -- JSON: what templates/notifications/KIND.mustache renders
  created_at      TEXT NOT NULL,
  digest          INTEGER NOT NULL DEFAULT 0, -- 1: waits for the recipient's daily digest
  status          TEXT NOT NULL DEFAULT 'pending',  -- pending | sent | failed
  attempts        INTEGER NOT NULL DEFAULT 0, -- delivery attempts so far
  -- When delivery may next be tried. '' = at once (a digest row: not yet scheduled).
  next_attempt_at TEXT NOT NULL DEFAULT '',
  -- The lease of the worker sending it: until then no other worker takes it, and only that
  -- worker records its outcome; a worker that dies leaves it to be tried again once the lease
  -- runs out. '' = not taken.
  leased_until    TEXT NOT NULL DEFAULT '',
  last_error      TEXT NOT NULL DEFAULT '',   -- the mail server's answer, or why it was not sent
  sent_at         TEXT NOT NULL DEFAULT '',
  UNIQUE (event_seq, recipient, kind)
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_by_status ON outbox (status, id);
)sql";

}  // namespace equilens

#endif  // EQUILENS_STORE_OUTBOX_SCHEMA_H_
