// The projection tables' DDL: schema migrations 2 and 3 (see schema.cc's Migrations()).
//
// Projections are caches of the event log: every row here is written by projector.cc from
// an event and nothing else, so `audit verify` can rebuild them all and compare.
#ifndef EQUILENS_STORE_PROJECTION_SCHEMA_H_
#define EQUILENS_STORE_PROJECTION_SCHEMA_H_

namespace equilens {

inline constexpr const char* kProjectionSchemaV1 = R"sql(
CREATE TABLE users (
  name        TEXT PRIMARY KEY,
  role        TEXT NOT NULL,
  department  TEXT NOT NULL DEFAULT '',
  display     TEXT NOT NULL DEFAULT '',
  active      INTEGER NOT NULL DEFAULT 1,
  updated_seq INTEGER NOT NULL
);
CREATE TABLE definitions (
  sha256      TEXT PRIMARY KEY,     -- of the source text
  kind        TEXT NOT NULL,        -- 'workflow' or 'form'
  id          TEXT NOT NULL,
  version     INTEGER NOT NULL,
  title       TEXT NOT NULL,
  source_name TEXT NOT NULL,
  text        TEXT NOT NULL,
  loaded_at   TEXT NOT NULL,
  loaded_by   TEXT NOT NULL,
  loaded_seq  INTEGER NOT NULL,
  UNIQUE (kind, id, version)
);
CREATE TABLE workflow_forms (       -- the form versions a workflow version was validated with
  workflow_sha256 TEXT NOT NULL,
  form_id         TEXT NOT NULL,
  form_sha256     TEXT NOT NULL,
  PRIMARY KEY (workflow_sha256, form_id)
);
CREATE TABLE initiatives (
  id               TEXT PRIMARY KEY,  -- 'EQ-2026-0001'
  year             INTEGER NOT NULL,
  number           INTEGER NOT NULL,
  title            TEXT NOT NULL,
  summary          TEXT NOT NULL,
  department       TEXT NOT NULL,
  submitter        TEXT NOT NULL,
  workflow_id      TEXT NOT NULL,
  workflow_version INTEGER NOT NULL,
  workflow_sha256  TEXT NOT NULL,
  lifecycle        TEXT NOT NULL,
  stage            TEXT NOT NULL DEFAULT '',
  version          INTEGER NOT NULL,   -- events recorded on this initiative
  stage_visit      INTEGER NOT NULL DEFAULT 0,
  filed_at         TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  stage_entered_at TEXT NOT NULL DEFAULT '',
  stage_due        TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD or ''
  waiting_role     TEXT NOT NULL DEFAULT '',
  waiting_user     TEXT NOT NULL DEFAULT '',
  UNIQUE (year, number)
);
CREATE INDEX initiatives_by_waiting_role ON initiatives (waiting_role, stage_entered_at)
  WHERE waiting_role <> '';
CREATE INDEX initiatives_by_waiting_user ON initiatives (waiting_user, stage_entered_at)
  WHERE waiting_user <> '';
CREATE INDEX initiatives_by_department ON initiatives (department);
CREATE TABLE answers (
  initiative  TEXT NOT NULL,
  stage       TEXT NOT NULL,
  form_id     TEXT NOT NULL,
  answers     TEXT NOT NULL,          -- canonical JSON object
  updated_seq INTEGER NOT NULL,
  PRIMARY KEY (initiative, stage)
);
CREATE TABLE comments (
  seq        INTEGER PRIMARY KEY,     -- the event that added it
  initiative TEXT NOT NULL,
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  role       TEXT NOT NULL,
  text       TEXT NOT NULL
);
CREATE INDEX comments_by_initiative ON comments (initiative, seq);
CREATE TABLE stage_actions (        -- who acted in which stage: segregation and quorum
  seq        INTEGER PRIMARY KEY,
  initiative TEXT NOT NULL,
  stage      TEXT NOT NULL,
  visit      INTEGER NOT NULL,
  actor      TEXT NOT NULL,
  event      TEXT NOT NULL,
  is_vote    INTEGER NOT NULL
);
CREATE INDEX stage_actions_by_initiative ON stage_actions (initiative, seq);
CREATE TABLE stage_entries (        -- the path through the route, in order
  seq        INTEGER PRIMARY KEY,
  initiative TEXT NOT NULL,
  stage      TEXT NOT NULL,
  entered_at TEXT NOT NULL
);
CREATE INDEX stage_entries_by_initiative ON stage_entries (initiative, seq);
CREATE TABLE requests (             -- idempotency: request ids already carried out
  actor      TEXT NOT NULL,
  request_id TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  initiative TEXT NOT NULL,
  PRIMARY KEY (actor, request_id)
);
)sql";

// Migration 3: the conversation around an initiative and what holds after sign-off.
inline constexpr const char* kProjectionSchemaV2 = R"sql(
CREATE TABLE feedback (             -- thought-partner feedback items and the filer's answers
  initiative   TEXT NOT NULL,
  number       INTEGER NOT NULL,    -- 1, 2, 3 ... within the initiative
  seq          INTEGER NOT NULL,    -- the event that added it
  kind         TEXT NOT NULL,       -- concern, suggestion, question, resource
  section      TEXT NOT NULL,       -- the form section it refers to, or 'general'
  author       TEXT NOT NULL,
  at           TEXT NOT NULL,
  text         TEXT NOT NULL,
  disposition  TEXT NOT NULL DEFAULT '',  -- '' = unanswered; incorporated, partly_incorporated, declined
  reason       TEXT NOT NULL DEFAULT '',
  answered_by  TEXT NOT NULL DEFAULT '',
  answered_at  TEXT NOT NULL DEFAULT '',
  answered_seq INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (initiative, number)
);
CREATE TABLE approvals (            -- approvals bound to the content they saw
  seq            INTEGER PRIMARY KEY,  -- the event that approved
  initiative     TEXT NOT NULL,
  stage          TEXT NOT NULL,
  event          TEXT NOT NULL,
  actor          TEXT NOT NULL,
  at             TEXT NOT NULL,
  content_sha256 TEXT NOT NULL,     -- over `parts`
  parts          TEXT NOT NULL,     -- JSON object: content part -> sha256
  voided_seq     INTEGER NOT NULL DEFAULT 0,  -- the event that voided it; 0 = in force
  voided_at      TEXT NOT NULL DEFAULT '',
  voided_because TEXT NOT NULL DEFAULT ''
);
CREATE INDEX approvals_by_initiative ON approvals (initiative, seq);
CREATE TABLE tracked_actions (      -- mitigation actions adopted at sign-off
  initiative      TEXT NOT NULL,
  number          INTEGER NOT NULL, -- 1, 2, 3 ... in the plan's order
  risk            TEXT NOT NULL,
  groups          TEXT NOT NULL,    -- comma-separated
  action          TEXT NOT NULL,
  owner           TEXT NOT NULL,
  due             TEXT NOT NULL,    -- YYYY-MM-DD
  resources       TEXT NOT NULL,
  success_measure TEXT NOT NULL,
  status          TEXT NOT NULL,    -- planned, in_progress, done, dropped
  status_reason   TEXT NOT NULL DEFAULT '',
  updated_at      TEXT NOT NULL,
  updated_by      TEXT NOT NULL,
  PRIMARY KEY (initiative, number)
);
CREATE INDEX tracked_actions_open_by_due ON tracked_actions (due)
  WHERE status IN ('planned', 'in_progress');
-- The report-back after sign-off: '' (none), due, submitted, returned, accepted.
ALTER TABLE initiatives ADD COLUMN report_status TEXT NOT NULL DEFAULT '';
)sql";

// Migration 4: equity data and the disparity measures computed from it.
inline constexpr const char* kProjectionSchemaV3 = R"sql(
CREATE TABLE equity_data (          -- the latest computation on an initiative
  initiative TEXT PRIMARY KEY,
  seq        INTEGER NOT NULL,      -- the event that recorded it
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  sources    TEXT NOT NULL,         -- the files it was computed from
  record     TEXT NOT NULL,         -- {"inputs", "parameters", "results"} (equity/disparity_json.h)
  summary    TEXT NOT NULL          -- JSON: the metrics guards read
);
)sql";

}  // namespace equilens

#endif  // EQUILENS_STORE_PROJECTION_SCHEMA_H_
