// Every migration, in order, and the code that applies them.
#include "store/schema.h"

#include <cassert>
#include <string>

#include "store/credential_schema.h"
#include "store/database.h"
#include "store/outbox_schema.h"
#include "store/projection_schema.h"

namespace equilens {
namespace {

// `PRAGMA application_id`: 'EQLN' in ASCII, so a file is known as equilens's (`file` shows
// it too). Set by migration 1.
constexpr std::int64_t kApplicationId = 0x45514C4E;

// Migrations 1 (the event log) and 2 (the projections, store/projection_schema.h) are the
// schema until the first release: until then they are edited in place. After a release, a change to
// the schema is a new migration at the end of the list, never an edit of a shipped one.
const char kEventLogSchemaV1[] = R"sql(
-- The event log: the truth every projection is rebuilt from. Append-only and hash-chained:
-- hash(n) = SHA-256(hash(n-1) || canonical encoding of event n); see store/event_chain.h.
CREATE TABLE events (
  seq        INTEGER PRIMARY KEY,        -- 1, 2, 3, ... without gaps
  initiative TEXT NOT NULL DEFAULT '',   -- 'EQ-2026-0001'; '' for system events (user added, workflow loaded)
  at         TEXT NOT NULL,              -- UTC 'YYYY-MM-DDTHH:MM:SS.mmmZ'
  actor      TEXT NOT NULL,
  role       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  payload    TEXT NOT NULL,              -- JSON, stored exactly as hashed
  hash       BLOB NOT NULL               -- SHA-256, 32 bytes
);
-- An initiative's history, in order.
CREATE INDEX events_by_initiative ON events (initiative, seq);
-- The database refuses what the code never does. Anyone with the file can drop these, which
-- is why the chain, not the triggers, is the proof.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: a recorded event is never updated; record a new event instead');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only: a recorded event is never deleted');
END;

-- Facts about the database itself (when and by which equilens it was created, ...).
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

PRAGMA application_id = 1162955854;  -- kApplicationId (0x45514C4E): 'EQLN'
)sql";

// The one integer a query or pragma returns ("PRAGMA user_version").
Result<std::int64_t> IntegerQuery(Database& database, const char* sql) {
  Result<Statement> statement = database.Prepare(sql);
  if (!statement.ok()) return statement.status();
  Result<StepResult> step = statement->Step();
  if (!step.ok()) return step.status();
  if (*step != StepResult::kRow) return InternalError(std::string(sql) + " returned no row");
  return statement->ColumnInt64(0);
}

Status TooNew(std::int64_t version) {
  return RefusedByRule("database schema version " + std::to_string(version) +
                       " is newer than this equilens understands (" +
                       std::to_string(LatestSchemaVersion()) + "); upgrade equilens");
}

// invalid_input unless the file is equilens's or still empty: migrating someone else's
// database would mix our tables into theirs.
Status CheckBelongsToUs(Database& database, std::int64_t version) {
  Result<std::int64_t> application_id = IntegerQuery(database, "PRAGMA application_id");
  if (!application_id.ok()) return application_id.status();
  const std::string not_ours = "'" + database.path() + "' is not an equilens database";
  if (version > 0 || *application_id != 0) {
    if (*application_id != kApplicationId) {
      return InvalidInput(not_ours + " (its application id is " + std::to_string(*application_id) +
                          "); choose another file");
    }
    return Status::Ok();
  }
  Result<std::int64_t> objects = IntegerQuery(database, "SELECT count(*) FROM sqlite_master");
  if (!objects.ok()) return objects.status();
  if (*objects != 0) {
    return InvalidInput(not_ours + " (it already holds " + std::to_string(*objects) +
                        " tables or indexes of another application); choose a new file");
  }
  return Status::Ok();
}

// Applies `migration` unless another process got there first.
Status Apply(Database& database, const Migration& migration) {
  Result<WriteTransaction> transaction = WriteTransaction::Begin(database);
  if (!transaction.ok()) return transaction.status();
  // Read again under the write lock: the version read before it may be stale.
  Result<std::int64_t> version = IntegerQuery(database, "PRAGMA user_version");
  if (!version.ok()) return version.status();
  if (*version > LatestSchemaVersion()) return TooNew(*version);
  if (*version >= migration.version) return Status::Ok();  // rolls back an empty transaction
  assert(*version == migration.version - 1);
  if (Status status = CheckBelongsToUs(database, *version); !status.ok()) return status;
  if (Status status = database.Exec(migration.sql); !status.ok()) {
    return InternalError("could not apply schema migration " + std::to_string(migration.version) +
                         " (" + migration.description + "): " + status.message());
  }
  // user_version is in the file header, written by this same transaction: the migration and
  // its number commit together or not at all.
  if (Status status = database.Exec("PRAGMA user_version = " + std::to_string(migration.version));
      !status.ok()) {
    return status;
  }
  return transaction->Commit();
}

// The initiatives page lists the most recently changed first (Repository::ListInitiatives);
// without this index that is a sort of the whole table per request (about 60 ms at 100,000
// initiatives), with it a walk of the first rows of the index.
const char kListingIndexesV1[] = R"sql(
CREATE INDEX initiatives_by_update ON initiatives (updated_at, id);
)sql";

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "event log and meta", kEventLogSchemaV1},
      {2, "projections: users, definitions, initiatives, answers, comments, ...",
       kProjectionSchemaV1},
      {3, "projections: feedback, approvals bound to content, tracked actions, report-back",
       kProjectionSchemaV2},
      {4, "projections: equity data and disparity measures", kProjectionSchemaV3},
      // Not projections: secrets and ephemera that `audit verify` does not compare.
      {5, "sign-in: credentials, sessions, invitations, sign-in failures", kCredentialSchemaV1},
      {6, "indexes: initiatives by last change, for the listing pages", kListingIndexesV1},
      {7, "projections: users' e-mail address and notification choice", kUserMailSchemaV1},
      // Not a projection: delivery state, written beside the events that cause it.
      {8, "notification outbox", kOutboxSchemaV1},
  };
  return kMigrations;
}

int LatestSchemaVersion() { return Migrations().back().version; }

Result<int> CurrentSchemaVersion(Database& database) {
  Result<std::int64_t> version = IntegerQuery(database, "PRAGMA user_version");
  if (!version.ok()) return version.status();
  return static_cast<int>(*version);
}

Status Migrate(Database& database) {
  assert(!database.in_transaction());
  Result<int> version = CurrentSchemaVersion(database);
  if (!version.ok()) return version.status();
  if (*version > LatestSchemaVersion()) return TooNew(*version);
  if (Status status = CheckBelongsToUs(database, *version); !status.ok()) return status;
  for (const Migration& migration : Migrations()) {
    if (migration.version <= *version) continue;
    if (Status status = Apply(database, migration); !status.ok()) return status;
  }
  return Status::Ok();
}

}  // namespace equilens
