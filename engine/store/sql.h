// A few lines of convenience over Statement for the projector and the repository: run a
// statement with positional values, or walk its rows (engine-internal).
#ifndef EQUILENS_STORE_SQL_H_
#define EQUILENS_STORE_SQL_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <variant>

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

// Runs `sql` and calls `on_row` for each row; a non-ok Status from it stops and is returned.
Status SqlQuery(Database& db, const std::string& sql, std::initializer_list<SqlValue> values,
                const std::function<Status(const SqlRow&)>& on_row);

}  // namespace equilens

#endif  // EQUILENS_STORE_SQL_H_
