// The database schema and its migrations (engine-internal).
//
// The schema version lives in `PRAGMA user_version`. Each migration runs in its own BEGIN
// IMMEDIATE transaction, so a crash or a concurrent `equilens init` never leaves half a
// migration behind. Every migration is listed once, in schema.cc.
#ifndef EQUILENS_STORE_SCHEMA_H_
#define EQUILENS_STORE_SCHEMA_H_

#include <vector>

#include "equilens/status.h"
#include "store/database.h"

namespace equilens {

struct Migration {
  int version;              // 1, 2, 3, ...: the user_version once applied
  const char* description;  // for logs and `equilens init` output
  const char* sql;          // one or more statements
};

// Every migration, oldest first, numbered 1..N without gaps.
const std::vector<Migration>& Migrations();

// The schema version this binary creates and understands (the last migration's).
int LatestSchemaVersion();

// The database's schema version (0 for a new, empty file). Internal on an SQLite failure.
Result<int> CurrentSchemaVersion(Database& database);

// Upgrades `database` in place to LatestSchemaVersion(), applying each missing migration in
// order. Safe to run again, and against another process doing the same. refused_by_rule when
// the database is newer than this binary (nothing is changed); invalid_input when the file
// belongs to another application; internal or conflict (busy) from SQLite. Must be called
// with no transaction open.
Status Migrate(Database& database);

}  // namespace equilens

#endif  // EQUILENS_STORE_SCHEMA_H_
