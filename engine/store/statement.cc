// Prepared statements: compiled once per connection, cached by SQL text, reset after each use.
#include <sqlite3.h>

#include <cassert>
#include <string>
#include <utility>

#include "store/database.h"
#include "store/sqlite_error.h"

namespace equilens {

Result<Statement> Database::Prepare(std::string_view sql) {
  auto cached = cache_.find(sql);
  if (cached != cache_.end() && !cached->second->busy) {
    cached->second->busy = true;
    return Statement(this, cached->second->statement, cached->second.get());
  }
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  // PERSISTENT: a hint that the statement lives long, so SQLite keeps it out of its
  // short-lived lookaside memory.
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, &tail);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, "prepare " + SqlForMessage(sql));
  const std::string_view rest = sql.substr(static_cast<std::size_t>(tail - sql.data()));
  if (raw == nullptr || rest.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
    sqlite3_finalize(raw);
    return InternalError("could not prepare " + SqlForMessage(sql) +
                         ": it must hold exactly one statement (use Exec for scripts)");
  }
  if (cached != cache_.end()) return Statement(this, raw, nullptr);  // nested use: one-off
  auto slot = std::make_unique<Statement::CacheSlot>();
  slot->statement = raw;
  slot->busy = true;
  Statement::CacheSlot* slot_pointer = slot.get();
  cache_.emplace(std::string(sql), std::move(slot));
  return Statement(this, raw, slot_pointer);
}

Statement::Statement(Database* database, sqlite3_stmt* statement, CacheSlot* slot)
    : database_(database), statement_(statement), slot_(slot) {
  ++database_->statements_out_;
}

Statement::~Statement() { Release(); }

Statement::Statement(Statement&& other) noexcept
    : database_(std::exchange(other.database_, nullptr)),
      statement_(std::exchange(other.statement_, nullptr)),
      slot_(std::exchange(other.slot_, nullptr)),
      bind_error_(std::move(other.bind_error_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this == &other) return *this;
  Release();
  database_ = std::exchange(other.database_, nullptr);
  statement_ = std::exchange(other.statement_, nullptr);
  slot_ = std::exchange(other.slot_, nullptr);
  bind_error_ = std::move(other.bind_error_);
  return *this;
}

void Statement::Release() {
  if (statement_ == nullptr) return;
  if (slot_ != nullptr) {
    Reset();
    slot_->busy = false;
  } else {
    sqlite3_finalize(statement_);
  }
  --database_->statements_out_;
  database_ = nullptr;
  statement_ = nullptr;
  slot_ = nullptr;
}

namespace {

// sqlite3_bind_text/blob read a null pointer as SQL NULL, even with length 0; an empty
// string_view may carry one. Point at a real empty string instead, so '' stays ''.
const char* NonNull(const void* data) {
  return data != nullptr ? static_cast<const char*>(data) : "";
}

}  // namespace

void Statement::KeepBindError(int rc, int index) {
  if (rc == SQLITE_OK || !bind_error_.ok()) return;
  bind_error_ =
      SqliteError(sqlite3_db_handle(statement_), rc,
                  "bind parameter " + std::to_string(index) + " of " + SqlForMessage(sql()));
}

void Statement::BindInt64(int index, std::int64_t value) {
  KeepBindError(sqlite3_bind_int64(statement_, index, value), index);
}

void Statement::BindDouble(int index, double value) {
  KeepBindError(sqlite3_bind_double(statement_, index, value), index);
}

void Statement::BindText(int index, std::string_view value) {
  KeepBindError(sqlite3_bind_text64(statement_, index, NonNull(value.data()), value.size(),
                                    SQLITE_TRANSIENT, SQLITE_UTF8),
                index);
}

void Statement::BindBlob(int index, const void* data, std::size_t size) {
  KeepBindError(sqlite3_bind_blob64(statement_, index, NonNull(data), size, SQLITE_TRANSIENT),
                index);
}

void Statement::BindNull(int index) { KeepBindError(sqlite3_bind_null(statement_, index), index); }

Result<StepResult> Statement::Step() {
  assert(statement_ != nullptr);
  if (!bind_error_.ok()) return bind_error_;
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return StepResult::kRow;
  if (rc == SQLITE_DONE) return StepResult::kDone;
  return SqliteError(sqlite3_db_handle(statement_), rc, "run " + SqlForMessage(sql()));
}

Status Statement::Run() {
  while (true) {
    Result<StepResult> step = Step();
    if (!step.ok()) return step.status();
    if (*step == StepResult::kDone) return Status::Ok();
  }
}

void Statement::Reset() {
  // sqlite3_reset repeats the last Step's error, which that Step already returned.
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  bind_error_ = Status::Ok();
}

std::int64_t Statement::ColumnInt64(int column) const {
  return sqlite3_column_int64(statement_, column);
}

double Statement::ColumnDouble(int column) const {
  return sqlite3_column_double(statement_, column);
}

std::string_view Statement::ColumnText(int column) const {
  // Text first, then its length in bytes: the order SQLite documents as safe.
  const unsigned char* text = sqlite3_column_text(statement_, column);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))};
}

std::string_view Statement::ColumnBlob(int column) const {
  const void* blob = sqlite3_column_blob(statement_, column);
  if (blob == nullptr) return {};
  return {static_cast<const char*>(blob),
          static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))};
}

bool Statement::ColumnIsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

int Statement::ColumnCount() const { return sqlite3_column_count(statement_); }

std::string_view Statement::sql() const {
  const char* text = sqlite3_sql(statement_);
  return text != nullptr ? text : "";
}

}  // namespace equilens
