// SqlRun / SqlQuery: bind positional values, step, and hand rows to the caller.
#include "store/sql.h"

namespace equilens {
namespace {

template <typename Values>
void BindAll(Statement& statement, const Values& values) {
  int index = 1;
  for (const SqlValue& value : values) {
    if (std::holds_alternative<std::nullptr_t>(value)) {
      statement.BindNull(index);
    } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
      statement.BindInt64(index, *integer);
    } else if (const auto* real = std::get_if<double>(&value)) {
      statement.BindDouble(index, *real);
    } else {
      statement.BindText(index, std::get<std::string>(value));
    }
    ++index;
  }
}

}  // namespace

std::int64_t SqlRow::Int(int column) const { return statement_.ColumnInt64(column); }
double SqlRow::Real(int column) const { return statement_.ColumnDouble(column); }
std::string SqlRow::Text(int column) const { return std::string(statement_.ColumnText(column)); }
bool SqlRow::IsNull(int column) const { return statement_.ColumnIsNull(column); }
int SqlRow::Columns() const { return statement_.ColumnCount(); }

Status SqlRun(Database& db, const std::string& sql, std::initializer_list<SqlValue> values) {
  Result<Statement> statement = db.Prepare(sql);
  if (!statement.ok()) return statement.status();
  BindAll(*statement, values);
  return statement->Run();
}

Result<std::int64_t> SqlRunCounted(Database& db, const std::string& sql,
                                   const std::vector<SqlValue>& values) {
  Result<Statement> statement = db.Prepare(sql);
  if (!statement.ok()) return statement.status();
  BindAll(*statement, values);
  if (Status status = statement->Run(); !status.ok()) return status;
  return db.changes();
}

Status SqlQuery(Database& db, const std::string& sql, std::initializer_list<SqlValue> values,
                const std::function<Status(const SqlRow&)>& on_row) {
  Result<Statement> statement = db.Prepare(sql);
  if (!statement.ok()) return statement.status();
  BindAll(*statement, values);
  SqlRow row(*statement);
  while (true) {
    Result<StepResult> step = statement->Step();
    if (!step.ok()) return step.status();
    if (*step == StepResult::kDone) return Status::Ok();
    if (Status status = on_row(row); !status.ok()) return status;
  }
}

}  // namespace equilens
