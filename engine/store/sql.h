// A few lines of convenience over Statement for the projector and the stores: run a
// statement with positional values, walk its rows, or read one row or all of them
// (engine-internal).
#ifndef EQUILENS_STORE_SQL_H_
#define EQUILENS_STORE_SQL_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "equilens/status.h"
#include "store/database.h"

namespace equilens {

using SqlValue = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

// One result row, read by column index (0-based).
class SqlRow {
 public:
  explicit SqlRow(Statement& statement) : statement_(statement) {}
  std::int64_t Int(int column) const;
  double Real(int column) const;
  std::string Text(int column) const;
  bool IsNull(int column) const;
  int Columns() const;

 private:
  Statement& statement_;
};

// Runs `sql` (cached) with `values` bound to ?1, ?2, ...
Status SqlRun(Database& db, const std::string& sql, std::initializer_list<SqlValue> values);

// Runs `sql` with `values` bound to ?1, ?2, ... and returns how many rows it changed.
Result<std::int64_t> SqlRunCounted(Database& db, const std::string& sql,
                                   const std::vector<SqlValue>& values);

// Runs `sql` and calls `on_row` for each row; a non-ok Status from it stops and is returned.
Status SqlQuery(Database& db, const std::string& sql, std::initializer_list<SqlValue> values,
                const std::function<Status(const SqlRow&)>& on_row);

// The first row of `sql` turned into a T by `read` (SqlRow -> T), or nullopt when there is
// none; SqlQuery's error when it fails. For lookups by key, where there is at most one row.
template <typename T, typename Read>
Result<std::optional<T>> QueryOne(Database& db, const std::string& sql,
                                  std::initializer_list<SqlValue> values, Read read) {
  std::optional<T> found;
  Status status = SqlQuery(db, sql, values, [&](const SqlRow& row) {
    if (!found) found = read(row);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return found;
}

// Every row of `sql` turned into a T by `read`, in the order SQLite returns them.
template <typename T, typename Read>
Result<std::vector<T>> QueryAll(Database& db, const std::string& sql,
                                std::initializer_list<SqlValue> values, Read read) {
  std::vector<T> rows;
  Status status = SqlQuery(db, sql, values, [&](const SqlRow& row) {
    rows.push_back(read(row));
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return rows;
}

}  // namespace equilens

#endif  // EQUILENS_STORE_SQL_H_
