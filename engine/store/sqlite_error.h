// Turning an SQLite result code into the engine's Status (engine/store/*.cc only).
#ifndef EQUILENS_STORE_SQLITE_ERROR_H_
#define EQUILENS_STORE_SQLITE_ERROR_H_

#include <string_view>

#include "equilens/status.h"

struct sqlite3;

namespace equilens {

// The Status for a failed SQLite call `code` (an extended result code) on connection `db`
// (may be null), reading "could not <operation>: <what SQLite said>". Call it right after the
// failing call, before anything else touches `db`, or its message is lost.
//
//   BUSY, LOCKED          -> conflict: another command holds the write lock; try again
//   CONSTRAINT (unique,   -> conflict: a duplicate
//     primary key)
//   CONSTRAINT (others)   -> invalid_input: a NOT NULL, CHECK, foreign key or trigger refused
//   CORRUPT, NOTADB       -> integrity: the file is damaged or not a database
//   everything else       -> internal: I/O, disk full, permissions, out of memory, misuse
Status SqliteError(sqlite3* db, int code, std::string_view operation);

// "SELECT seq, initiative, ..." shortened to fit in a message.
std::string SqlForMessage(std::string_view sql);

}  // namespace equilens

#endif  // EQUILENS_STORE_SQLITE_ERROR_H_
