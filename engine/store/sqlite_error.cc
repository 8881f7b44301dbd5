// The one mapping from SQLite result codes to error categories.
#include "store/sqlite_error.h"

#include <sqlite3.h>

#include <string>

namespace equilens {

Status SqliteError(sqlite3* db, int code, std::string_view operation) {
  // sqlite3_errmsg describes the connection's most recent failure, which is richer than the
  // generic text for the code ("UNIQUE constraint failed: events.seq").
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  std::string message = "could not " + std::string(operation) + ": ";
  switch (code & 0xff) {  // the primary code; the extended one refines it
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Conflict(message +
                      "the database is busy: another command holds the write lock; try again");
    case SQLITE_CONSTRAINT:
      if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY ||
          code == SQLITE_CONSTRAINT_ROWID) {
        return Conflict(message + detail);
      }
      return InvalidInput(message + detail);
    case SQLITE_CORRUPT:
      return IntegrityError(message + detail +
                            " (the database file is damaged; restore it from a backup)");
    case SQLITE_NOTADB:
      return IntegrityError(message + detail);
    case SQLITE_FULL:
      return InternalError(message + detail + " (free some disk space and try again)");
    default:
      return InternalError(message + detail);
  }
}

std::string SqlForMessage(std::string_view sql) {
  constexpr std::size_t kMax = 60;  // characters: enough to recognise the statement
  std::string out;
  out.reserve(kMax + 3);
  bool space = false;
  for (char c : sql) {
    const bool blank = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (blank) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
    if (out.size() >= kMax) {
      out += "...";
      break;
    }
  }
  return "`" + out + "`";
}

}  // namespace equilens
