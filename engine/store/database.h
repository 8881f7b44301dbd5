// The SQLite connection (engine-internal): opening with the pragmas the record depends on,
// cached prepared statements, and the two transaction kinds every read and write runs in.
//
// sqlite3.h stays in engine/store/*.cc: this header only forward-declares its handles, so a
// module that includes it does not see SQLite. Nothing here is thread-safe: a Database and
// its statements are used by one thread at a time (open one Database per thread).
#ifndef EQUILENS_STORE_DATABASE_H_
#define EQUILENS_STORE_DATABASE_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "equilens/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace equilens {

class Database;

enum class OpenMode {
  kCreateIfMissing,  // `equilens init`
  kMustExist,        // every other command: a missing file is not_found, never a new empty db
};

enum class StepResult {
  kRow,   // a row is ready: read it with the Column* getters
  kDone,  // the statement has run to completion
};

// One use of a prepared statement. Database::Prepare hands it out; when it goes out of scope
// the statement is reset (which ends any read it held open, so WAL checkpoints are not held
// back) and its bindings are cleared, ready for the next Prepare of the same SQL.
//
// Binding failures (an index out of range, a value too big) are kept and returned by the next
// Step or Run, so a caller binds without checking each call and checks once.
class Statement {
 public:
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are numbered from 1, as `?1` in SQL. Text and blobs are copied.
  void BindInt64(int index, std::int64_t value);
  void BindDouble(int index, double value);
  void BindText(int index, std::string_view value);
  void BindBlob(int index, const void* data, std::size_t size);
  void BindNull(int index);

  // kRow or kDone; on failure a Status naming the statement (see the error mapping in
  // database.cc: busy -> conflict, constraint -> conflict or invalid_input, corrupt ->
  // integrity, I/O and the rest -> internal).
  Result<StepResult> Step();
  // Steps until done, discarding any rows: for INSERT, UPDATE, DELETE.
  Status Run();
  // Back to before the first Step, bindings cleared.
  void Reset();

  // Columns are numbered from 0. Views stay valid until the next Step, Reset or destruction.
  // A NULL reads as 0, 0.0 or an empty view.
  std::int64_t ColumnInt64(int column) const;
  double ColumnDouble(int column) const;
  std::string_view ColumnText(int column) const;
  std::string_view ColumnBlob(int column) const;
  bool ColumnIsNull(int column) const;
  // Columns in each result row (0 for INSERT, UPDATE, DELETE).
  int ColumnCount() const;

  // The SQL as prepared, for messages.
  std::string_view sql() const;

 private:
  friend class Database;
  // One compiled statement in a Database's cache.
  struct CacheSlot {
    sqlite3_stmt* statement = nullptr;  // finalized by the Database
    bool busy = false;                  // a Statement is using it now
  };
  // `slot` is the cache entry this statement came from (marked busy while in use), or null
  // for a one-off statement this object finalizes.
  Statement(Database* database, sqlite3_stmt* statement, CacheSlot* slot);
  void Release();
  // Keeps the first failed bind (`rc` from sqlite3_bind_*) for the next Step to return.
  void KeepBindError(int rc, int index);

  Database* database_ = nullptr;
  sqlite3_stmt* statement_ = nullptr;
  CacheSlot* slot_ = nullptr;
  Status bind_error_;  // the first failed Bind* since the last Reset
};

// An open SQLite connection. Move-only; destroy every Statement first.
class Database {
 public:
  // Opens `path` and applies the pragmas below. not_found when `mode` is kMustExist and there
  // is no such file (the message says to run `equilens init`); integrity when the file is not
  // an SQLite database; internal for the rest (permissions, I/O). ":memory:" opens a private
  // in-memory database (rollback journal: WAL needs a file), for tests and replays.
  static Result<std::unique_ptr<Database>> Open(const std::string& path, OpenMode mode);

  ~Database();
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more ;-separated statements that return no rows we need (DDL, pragmas).
  Status Exec(const std::string& sql);

  // The statement for `sql`, compiled once per connection and cached by its text. When the
  // cached one is still in use (a nested Prepare of the same SQL), a one-off copy is made.
  Result<Statement> Prepare(std::string_view sql);

  // How long (ms) a statement waits for another connection's lock before giving up with
  // conflict. Open sets 5000.
  Status SetBusyTimeout(int milliseconds);

  // Rows changed by the last INSERT, UPDATE or DELETE on this connection.
  std::int64_t changes() const;
  // Whether any transaction is open (including one begun by raw Exec).
  bool in_transaction() const;
  // Whether a WriteTransaction is open on this connection.
  bool in_write_transaction() const { return write_transaction_open_; }
  // Whether a WriteBatch is open on this connection.
  bool in_write_batch() const { return write_batch_open_; }
  const std::string& path() const { return path_; }
  // The raw handle, for engine/store/*.cc only.
  sqlite3* handle() const { return db_; }

 private:
  friend class Statement;
  friend class WriteTransaction;
  friend class WriteBatch;
  Database(sqlite3* db, std::string path);
  Status ApplyPragmas();
  void Close();

  sqlite3* db_ = nullptr;
  std::string path_;
  // SQL text -> compiled statement. std::map so a slot's address is stable while a Statement
  // points at it, and std::less<> so lookup by string_view needs no allocation.
  std::map<std::string, std::unique_ptr<Statement::CacheSlot>, std::less<>> cache_;
  int statements_out_ = 0;  // Statements alive; must be 0 at destruction and moves
  bool write_transaction_open_ = false;
  bool write_batch_open_ = false;
};

// BEGIN IMMEDIATE ... COMMIT: every write. IMMEDIATE takes the write lock at once, so two
// commands never both read then race to write (a deferred read-then-write can fail with
// SQLITE_BUSY_SNAPSHOT, which busy_timeout does not retry). Rolls back on destruction unless
// committed. Move-only.
//
// Inside a WriteBatch it is a SAVEPOINT instead: still all-or-nothing on its own (a refusal
// rolls back to the savepoint), but durable only when the batch commits.
class WriteTransaction {
 public:
  // conflict when another connection holds the write lock past the busy timeout; internal
  // when this connection already has a transaction open outside a batch, or a
  // WriteTransaction open inside one (a bug: writes do not nest).
  static Result<WriteTransaction> Begin(Database& database);

  ~WriteTransaction();
  WriteTransaction(WriteTransaction&& other) noexcept;
  WriteTransaction& operator=(WriteTransaction&&) = delete;
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

  // Makes every write durable (synchronous=FULL); inside a batch, keeps them for the batch's
  // commit. After a failure the transaction is rolled back, by SQLite or by the destructor.
  // Call at most once.
  Status Commit();

 private:
  WriteTransaction(Database* database, bool savepoint)
      : database_(database), savepoint_(savepoint) {}
  Database* database_;  // null once committed, rolled back or moved from
  bool savepoint_;      // a SAVEPOINT inside a WriteBatch, not a transaction of its own
};

// Group commit: one BEGIN IMMEDIATE ... COMMIT around several commands, so one fsync makes
// them all durable. While it is open every WriteTransaction on the connection is a savepoint
// in it. Nothing written inside is durable, and no command in it may be reported done, until
// Commit returns ok. Rolls back on destruction unless committed. Move-only.
class WriteBatch {
 public:
  // conflict when another connection holds the write lock past the busy timeout; internal
  // when a transaction is already open on the connection.
  static Result<WriteBatch> Begin(Database& database);

  ~WriteBatch();
  WriteBatch(WriteBatch&& other) noexcept;
  WriteBatch& operator=(WriteBatch&&) = delete;
  WriteBatch(const WriteBatch&) = delete;
  WriteBatch& operator=(const WriteBatch&) = delete;

  // COMMIT: every command released into the batch becomes durable at once. internal when
  // SQLite already rolled the batch back (after an I/O error, say): then none of it was
  // written. Call at most once.
  Status Commit();

 private:
  explicit WriteBatch(Database* database) : database_(database) {}
  Database* database_;  // null once committed, rolled back or moved from
};

// BEGIN (deferred) ... ROLLBACK: several SELECTs that must see one snapshot (WAL takes it at
// the first read). When a transaction is already open on the connection it is used as is and
// this object does nothing. Move-only.
class ReadTransaction {
 public:
  static Result<ReadTransaction> Begin(Database& database);

  ~ReadTransaction();
  ReadTransaction(ReadTransaction&& other) noexcept;
  ReadTransaction& operator=(ReadTransaction&&) = delete;
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  explicit ReadTransaction(Database* database) : database_(database) {}
  Database* database_;  // null when it did not begin one, or moved from
};

}  // namespace equilens

#endif  // EQUILENS_STORE_DATABASE_H_
