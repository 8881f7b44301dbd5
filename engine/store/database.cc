// Opening a connection with the pragmas the record depends on, and the transactions.
#include "store/database.h"

#include <sqlite3.h>

#include <cassert>
#include <filesystem>
#include <system_error>
#include <utility>

#include "store/sqlite_error.h"

namespace equilens {
namespace {

constexpr int kDefaultBusyTimeoutMs = 5000;

// Runs `sql` (no rows wanted); failures name `operation` rather than the SQL text.
Status ExecAs(sqlite3* db, const char* sql, std::string_view operation) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, operation);
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, OpenMode mode) {
  const bool in_memory = path == ":memory:";
  const auto missing = [&] {
    std::error_code error;
    return !in_memory && !std::filesystem::exists(path, error);
  };
  const std::string no_database = "there is no equilens database at '" + path +
                                  "': run `equilens init` to create one (or pass --db)";
  if (mode == OpenMode::kMustExist && missing()) return NotFound(no_database);

  // Once per process, before SQLite initializes: no memory statistics, which SQLite would
  // otherwise keep under one process-wide mutex taken on every allocation by every connection
  // (the server's readers queued on it). Too late (SQLITE_MISUSE) only if SQLite was already
  // in use, which costs speed, not correctness.
  static const int kConfigured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)kConfigured;

  // NOMUTEX: a connection is used by one thread at a time (see database.h), so SQLite's
  // per-connection mutex would only cost time.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (mode == OpenMode::kCreateIfMissing) flags |= SQLITE_OPEN_CREATE;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    // Removed between the check above and the open.
    if (mode == OpenMode::kMustExist && missing()) {
      sqlite3_close_v2(raw);
      return NotFound(no_database);
    }
    Status status = SqliteError(raw, rc, "open '" + path + "'");
    sqlite3_close_v2(raw);  // a failed open still allocates a handle (null-safe)
    return status;
  }
  sqlite3_extended_result_codes(raw, 1);
  std::unique_ptr<Database> database(new Database(raw, path));
  if (Status status = database->ApplyPragmas(); !status.ok()) return status;
  return database;
}

Database::Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

Status Database::ApplyPragmas() {
  const std::string operation = "open '" + path_ + "'";
  // First, so the pragmas below wait for a lock another process holds (switching to WAL
  // needs one) instead of failing at once.
  if (Status status = SetBusyTimeout(kDefaultBusyTimeoutMs); !status.ok()) return status;

  // WAL: readers (the ombuds, the web pages) never block the one writer, nor it them. The
  // mode is stored in the file, so this only changes a new database. It is also the first
  // read of the file: a file that is not a database fails here (SQLITE_NOTADB -> integrity).
  sqlite3_stmt* statement = nullptr;
  int rc = sqlite3_prepare_v2(db_, "PRAGMA journal_mode=WAL", -1, &statement, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(statement);
  if (rc != SQLITE_ROW) {
    Status status = SqliteError(db_, rc, operation);
    sqlite3_finalize(statement);
    return status;
  }
  const auto* mode = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  const std::string journal_mode = mode != nullptr ? mode : "";
  sqlite3_finalize(statement);
  const char* file = sqlite3_db_filename(db_, "main");
  const bool in_memory = file == nullptr || *file == '\0';
  if (journal_mode != "wal" && !in_memory) {
    return InternalError("could not " + operation + ": SQLite kept journal mode '" + journal_mode +
                         "' instead of WAL (is the folder on a network drive?)");
  }

  // FULL: fsync the WAL at every commit. NORMAL can lose the last commits on power loss; a
  // head hash an ombuds recorded would then be missing from the chain, which is exactly what
  // tampering looks like. Per connection, so set on every open.
  // foreign_keys: per connection and off by default; the projections rely on them.
  return ExecAs(db_, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", operation);
}

Database::~Database() { Close(); }

void Database::Close() {
  if (db_ == nullptr) return;
  assert(statements_out_ == 0 && "destroy every Statement before its Database");
  for (auto& [sql, slot] : cache_) sqlite3_finalize(slot->statement);
  cache_.clear();
  // v2: should a Statement still be alive (a bug, asserted above), the handle is closed when
  // it is finalized instead of leaking.
  sqlite3_close_v2(db_);
  db_ = nullptr;
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)),
      cache_(std::move(other.cache_)),
      statements_out_(std::exchange(other.statements_out_, 0)),
      write_transaction_open_(std::exchange(other.write_transaction_open_, false)) {
  // Statements and transactions point at their Database: moving one under them is a bug.
  assert(statements_out_ == 0 && !write_transaction_open_);
}

Database& Database::operator=(Database&& other) noexcept {
  if (this == &other) return *this;
  Close();
  db_ = std::exchange(other.db_, nullptr);
  path_ = std::move(other.path_);
  cache_ = std::move(other.cache_);
  statements_out_ = std::exchange(other.statements_out_, 0);
  write_transaction_open_ = std::exchange(other.write_transaction_open_, false);
  assert(statements_out_ == 0 && !write_transaction_open_);
  return *this;
}

Status Database::Exec(const std::string& sql) {
  return ExecAs(db_, sql.c_str(), "run " + SqlForMessage(sql));
}

Status Database::SetBusyTimeout(int milliseconds) {
  const int rc = sqlite3_busy_timeout(db_, milliseconds);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, "set the busy timeout");
  return Status::Ok();
}

std::int64_t Database::changes() const { return sqlite3_changes64(db_); }

bool Database::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

// ----------------------------------------------------------------------------- transactions

// Inside a WriteBatch a command is the savepoint "equilens_command": commands in a batch run
// one at a time, so the name is never taken twice.
Result<WriteTransaction> WriteTransaction::Begin(Database& database) {
  if (database.write_batch_open_) {
    if (database.write_transaction_open_) {
      assert(false && "write transactions do not nest");
      return InternalError("could not begin a command in the batch: one is already open");
    }
    if (Status status =
            ExecAs(database.handle(), "SAVEPOINT equilens_command", "begin a command in the batch");
        !status.ok()) {
      return status;
    }
    database.write_transaction_open_ = true;
    return WriteTransaction(&database, true);
  }
  if (database.in_transaction()) {
    assert(false && "write transactions do not nest");
    return InternalError(
        "could not begin a write transaction: one is already open on this connection");
  }
  if (Status status = ExecAs(database.handle(), "BEGIN IMMEDIATE", "begin a write transaction");
      !status.ok()) {
    return status;
  }
  database.write_transaction_open_ = true;
  return WriteTransaction(&database, false);
}

WriteTransaction::WriteTransaction(WriteTransaction&& other) noexcept
    : database_(std::exchange(other.database_, nullptr)), savepoint_(other.savepoint_) {}

WriteTransaction::~WriteTransaction() {
  if (database_ == nullptr) return;
  // SQLite may already have rolled back (after an I/O error or SQLITE_FULL, say): then a
  // savepoint is gone with the whole batch, which the batch's Commit reports.
  if (database_->in_transaction()) {
    const char* undo =
        savepoint_ ? "ROLLBACK TO equilens_command; RELEASE equilens_command" : "ROLLBACK";
    (void)ExecAs(database_->handle(), undo, "roll back");  // nothing better to do
  }
  database_->write_transaction_open_ = false;
}

Status WriteTransaction::Commit() {
  if (database_ == nullptr) {
    assert(false && "Commit on a finished transaction");
    return InternalError("could not commit: the write transaction is no longer open");
  }
  Database* database = std::exchange(database_, nullptr);
  database->write_transaction_open_ = false;
  if (savepoint_) {
    if (!database->in_transaction()) {
      return InternalError("could not keep the command: SQLite rolled its batch back");
    }
    Status status = ExecAs(database->handle(), "RELEASE equilens_command", "keep the command");
    if (!status.ok() && database->in_transaction()) {
      (void)ExecAs(database->handle(), "ROLLBACK TO equilens_command; RELEASE equilens_command",
                   "roll back");
    }
    return status;
  }
  Status status = ExecAs(database->handle(), "COMMIT", "commit");
  // A failed COMMIT can leave the transaction open; end it now so the Status is the whole
  // story: nothing of this transaction was written.
  if (!status.ok() && database->in_transaction()) {
    (void)ExecAs(database->handle(), "ROLLBACK", "roll back");
  }
  return status;
}

Result<WriteBatch> WriteBatch::Begin(Database& database) {
  if (database.in_transaction()) {
    assert(false && "a batch begins outside any transaction");
    return InternalError("could not begin a write batch: a transaction is already open");
  }
  if (Status status = ExecAs(database.handle(), "BEGIN IMMEDIATE", "begin a write batch");
      !status.ok()) {
    return status;
  }
  database.write_batch_open_ = true;
  return WriteBatch(&database);
}

WriteBatch::WriteBatch(WriteBatch&& other) noexcept
    : database_(std::exchange(other.database_, nullptr)) {}

WriteBatch::~WriteBatch() {
  if (database_ == nullptr) return;
  if (database_->in_transaction()) {
    (void)ExecAs(database_->handle(), "ROLLBACK", "roll back a write batch");
  }
  database_->write_batch_open_ = false;
}

Status WriteBatch::Commit() {
  if (database_ == nullptr) {
    assert(false && "Commit on a finished batch");
    return InternalError("could not commit: the write batch is no longer open");
  }
  Database* database = std::exchange(database_, nullptr);
  database->write_batch_open_ = false;
  if (!database->in_transaction()) {
    return InternalError("could not commit the write batch: SQLite rolled it back after an error");
  }
  Status status = ExecAs(database->handle(), "COMMIT", "commit a write batch");
  if (!status.ok() && database->in_transaction()) {
    (void)ExecAs(database->handle(), "ROLLBACK", "roll back a write batch");
  }
  return status;
}

Result<ReadTransaction> ReadTransaction::Begin(Database& database) {
  if (database.in_transaction()) return ReadTransaction(nullptr);  // already one snapshot
  if (Status status = ExecAs(database.handle(), "BEGIN", "begin a read transaction");
      !status.ok()) {
    return status;
  }
  return ReadTransaction(&database);
}

ReadTransaction::ReadTransaction(ReadTransaction&& other) noexcept
    : database_(std::exchange(other.database_, nullptr)) {}

ReadTransaction::~ReadTransaction() {
  // ROLLBACK, not COMMIT: a read transaction has nothing to keep, and should a bug have
  // written inside it, this undoes it.
  if (database_ != nullptr && database_->in_transaction()) {
    (void)ExecAs(database_->handle(), "ROLLBACK", "end a read transaction");
  }
}

}  // namespace equilens
