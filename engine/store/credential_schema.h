// The DDL of schema migration 5: credentials, sessions, invitations and sign-in failures.
//
// These tables hold secrets and ephemera, not projections: no event writes them through the
// projector, `audit verify` does not compare them (store/projector.cc's ProjectionTables()
// leaves them out), and a replay leaves them empty. Tokens are stored only as their SHA-256.
// Instants are ISO 8601 UTC text ("YYYY-MM-DDTHH:MM:SS.mmmZ"), which sorts in time order.
#ifndef EQUILENS_STORE_CREDENTIAL_SCHEMA_H_
#define EQUILENS_STORE_CREDENTIAL_SCHEMA_H_

namespace equilens {

inline constexpr const char* kCredentialSchemaV1 = R"sql(
CREATE TABLE credentials (          -- one password per user; who set it is in the event log
  user          TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,      -- libsodium argon2id string ($argon2id$v=19$m=...,t=...)
  set_at        TEXT NOT NULL
);
CREATE TABLE sessions (
  token_sha256 TEXT PRIMARY KEY,    -- hex SHA-256 of the browser's token; never the token
  user         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  last_used_at TEXT NOT NULL,       -- refreshed at most once a minute
  expires_at   TEXT NOT NULL,       -- the absolute limit
  ended_at     TEXT NOT NULL DEFAULT '',  -- '' = open
  end_reason   TEXT NOT NULL DEFAULT ''   -- signed out, idle, absolute limit, password changed, ...
);
CREATE INDEX sessions_by_user ON sessions (user);
CREATE TABLE invitations (          -- one-time links to set a password
  token_sha256 TEXT PRIMARY KEY,
  user         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  used_at      TEXT NOT NULL DEFAULT ''   -- '' = unused
);
CREATE INDEX invitations_by_user ON invitations (user);
CREATE TABLE signin_failures (      -- failed sign-ins in a row, per name tried
  user           TEXT PRIMARY KEY,  -- also names no user has: unknown names cost the same
  failures       INTEGER NOT NULL,
  paused_until   TEXT NOT NULL DEFAULT '',  -- '' = not paused
  last_failed_at TEXT NOT NULL      -- rows a day old are forgotten (the table stays small)
);
CREATE INDEX signin_failures_by_age ON signin_failures (last_failed_at);
)sql";

}  // namespace equilens

#endif  // EQUILENS_STORE_CREDENTIAL_SCHEMA_H_
