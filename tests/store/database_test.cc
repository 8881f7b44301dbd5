// The SQLite connection: pragmas really in effect, statements, error mapping, and the two
// transaction kinds, including two connections contending for the write lock.
#include "store/database.h"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "store/store_test_support.h"

namespace equilens {
namespace {

std::int64_t CountRows(Database& database) { return QueryInt(database, "SELECT count(*) FROM t"); }

void MakeTable(Database& database) {
  REQUIRE(database.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)").ok());
}

}  // namespace

TEST_CASE("Open applies the pragmas the record depends on") {
  TempDir dir;
  auto database = OpenOrDie(dir.File("equilens.db"));
  CHECK(QueryText(*database, "PRAGMA journal_mode") == "wal");
  CHECK(QueryText(*database, "PRAGMA synchronous") == "2");  // FULL
  CHECK(QueryText(*database, "PRAGMA foreign_keys") == "1");
  CHECK(QueryText(*database, "PRAGMA busy_timeout") == "5000");
  CHECK(database->path() == dir.File("equilens.db"));
  CHECK_FALSE(database->in_transaction());

  SUBCASE("and again on reopening an existing file") {
    database.reset();
    auto again = OpenOrDie(dir.File("equilens.db"), OpenMode::kMustExist);
    CHECK(QueryText(*again, "PRAGMA journal_mode") == "wal");
    CHECK(QueryText(*again, "PRAGMA synchronous") == "2");
    CHECK(QueryText(*again, "PRAGMA foreign_keys") == "1");
  }
}

TEST_CASE("Open of a missing database that must exist says to run equilens init") {
  TempDir dir;
  Result<std::unique_ptr<Database>> database =
      Database::Open(dir.File("missing.db"), OpenMode::kMustExist);
  REQUIRE_FALSE(database.ok());
  CHECK(database.status().category() == ErrorCategory::kNotFound);
  CHECK(database.status().message().find("equilens init") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.File("missing.db")));  // nothing was created
}

TEST_CASE("Open of a file that is not a database is an integrity error") {
  TempDir dir;
  std::ofstream(dir.File("notes.db")) << "these are not the pages you are looking for\n"
                                      << std::string(4096, 'x');
  Result<std::unique_ptr<Database>> database =
      Database::Open(dir.File("notes.db"), OpenMode::kMustExist);
  REQUIRE_FALSE(database.ok());
  CHECK(database.status().category() == ErrorCategory::kIntegrity);
  CHECK(database.status().message().find("notes.db") != std::string::npos);
}

TEST_CASE("an in-memory database opens without WAL") {
  auto database = OpenOrDie(":memory:");
  CHECK(QueryText(*database, "PRAGMA journal_mode") == "memory");
  CHECK(QueryText(*database, "PRAGMA foreign_keys") == "1");
}

TEST_CASE("a statement binds and reads back every type") {
  auto database = OpenOrDie(":memory:");
  REQUIRE(database->Exec("CREATE TABLE v (i INTEGER, d REAL, t TEXT, b BLOB, n TEXT)").ok());
  const std::string text_with_nul("a\0b\nc:", 6);
  const unsigned char blob[] = {0, 1, 2, 255};
  {
    Result<Statement> insert = database->Prepare("INSERT INTO v VALUES (?1, ?2, ?3, ?4, ?5)");
    REQUIRE(insert.ok());
    insert->BindInt64(1, -9007199254740993LL);
    insert->BindDouble(2, 2.5);
    insert->BindText(3, text_with_nul);
    insert->BindBlob(4, blob, sizeof blob);
    insert->BindNull(5);
    REQUIRE(insert->Run().ok());
    CHECK(database->changes() == 1);
  }
  Result<Statement> select = database->Prepare("SELECT i, d, t, b, n FROM v");
  REQUIRE(select.ok());
  Result<StepResult> step = select->Step();
  REQUIRE(step.ok());
  REQUIRE(*step == StepResult::kRow);
  CHECK(select->ColumnInt64(0) == -9007199254740993LL);
  CHECK(select->ColumnDouble(1) == 2.5);
  CHECK(select->ColumnText(2) == text_with_nul);
  CHECK(select->ColumnBlob(3) == std::string_view("\0\1\2\xff", 4));
  CHECK(select->ColumnIsNull(4));
  CHECK(select->ColumnText(4).empty());
  CHECK_FALSE(select->ColumnIsNull(0));
  step = select->Step();
  REQUIRE(step.ok());
  CHECK(*step == StepResult::kDone);
}

TEST_CASE("an empty string binds as '' and never as NULL") {
  auto database = OpenOrDie(":memory:");
  REQUIRE(database->Exec("CREATE TABLE e (t TEXT NOT NULL, b BLOB NOT NULL)").ok());
  Result<Statement> insert = database->Prepare("INSERT INTO e VALUES (?1, ?2)");
  REQUIRE(insert.ok());
  insert->BindText(1, std::string_view());  // a null data pointer
  insert->BindBlob(2, nullptr, 0);
  Status status = insert->Run();
  CHECK_MESSAGE(status.ok(), status.ToString());
  CHECK(QueryText(*database, "SELECT typeof(t) || ',' || typeof(b) FROM e") == "text,blob");
}

TEST_CASE("a statement is reused, and a nested use of the same SQL gets its own") {
  auto database = OpenOrDie(":memory:");
  MakeTable(*database);
  REQUIRE(database->Exec("INSERT INTO t (name) VALUES ('a'), ('b')").ok());
  const std::string sql = "SELECT name FROM t ORDER BY id";
  Result<Statement> outer = database->Prepare(sql);
  REQUIRE(outer.ok());
  REQUIRE(*outer->Step() == StepResult::kRow);
  CHECK(outer->ColumnText(0) == "a");
  {
    Result<Statement> inner = database->Prepare(sql);  // the cached one is busy
    REQUIRE(inner.ok());
    REQUIRE(*inner->Step() == StepResult::kRow);
    CHECK(inner->ColumnText(0) == "a");
  }
  REQUIRE(*outer->Step() == StepResult::kRow);
  CHECK(outer->ColumnText(0) == "b");  // the nested use did not disturb it

  SUBCASE("returned to the cache reset and unbound") {
    Result<Statement> moved = std::move(outer);
    moved = database->Prepare("SELECT ?1");  // releases the first one
    REQUIRE(moved.ok());
    Result<Statement> again = database->Prepare(sql);
    REQUIRE(again.ok());
    REQUIRE(*again->Step() == StepResult::kRow);
    CHECK(again->ColumnText(0) == "a");  // from the start again
  }
}

TEST_CASE("a binding failure is reported by the next step") {
  auto database = OpenOrDie(":memory:");
  Result<Statement> statement = database->Prepare("SELECT ?1");
  REQUIRE(statement.ok());
  statement->BindInt64(3, 1);  // there is no ?3
  Result<StepResult> step = statement->Step();
  REQUIRE_FALSE(step.ok());
  CHECK(step.status().category() == ErrorCategory::kInternal);
  CHECK(step.status().message().find("bind parameter 3 of `SELECT ?1`") != std::string::npos);
  statement->Reset();
  statement->BindInt64(1, 7);
  REQUIRE(*statement->Step() == StepResult::kRow);
  CHECK(statement->ColumnInt64(0) == 7);
}

TEST_CASE("SQLite errors map to categories and name the operation") {
  auto database = OpenOrDie(":memory:");
  MakeTable(*database);
  REQUIRE(database->Exec("INSERT INTO t (name) VALUES ('a')").ok());

  SUBCASE("a duplicate is a conflict") {
    Status status = database->Exec("INSERT INTO t (name) VALUES ('a')");
    CHECK(status.category() == ErrorCategory::kConflict);
    CHECK(status.message().find("UNIQUE constraint failed: t.name") != std::string::npos);
    CHECK(status.message().find("could not run `INSERT INTO t") == 0);
  }
  SUBCASE("a NOT NULL violation is invalid input") {
    Result<Statement> insert = database->Prepare("INSERT INTO t (name) VALUES (?1)");
    REQUIRE(insert.ok());
    insert->BindNull(1);
    Status status = insert->Run();
    CHECK(status.category() == ErrorCategory::kInvalidInput);
    CHECK(status.message().find("NOT NULL constraint failed: t.name") != std::string::npos);
  }
  SUBCASE("bad SQL is internal and names the statement") {
    Result<Statement> bad = database->Prepare("SELEKT 1");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.status().category() == ErrorCategory::kInternal);
    CHECK(bad.status().message().find("could not prepare `SELEKT 1`") == 0);
  }
  SUBCASE("Prepare takes one statement only") {
    Result<Statement> two = database->Prepare("SELECT 1; SELECT 2");
    REQUIRE_FALSE(two.ok());
    CHECK(two.status().message().find("exactly one statement") != std::string::npos);
    CHECK(database->Prepare("SELECT 1;").ok());  // a trailing ';' is fine
  }
}

TEST_CASE("a write transaction not committed leaves nothing behind") {
  TempDir dir;
  auto database = OpenOrDie(dir.File("equilens.db"));
  MakeTable(*database);
  {
    Result<WriteTransaction> transaction = WriteTransaction::Begin(*database);
    REQUIRE(transaction.ok());
    CHECK(database->in_write_transaction());
    CHECK(database->in_transaction());
    REQUIRE(database->Exec("INSERT INTO t (name) VALUES ('lost')").ok());
    CHECK(CountRows(*database) == 1);  // visible inside
  }
  CHECK_FALSE(database->in_write_transaction());
  CHECK_FALSE(database->in_transaction());
  CHECK(CountRows(*database) == 0);
  auto other = OpenOrDie(dir.File("equilens.db"), OpenMode::kMustExist);
  CHECK(CountRows(*other) == 0);
}

TEST_CASE("a committed write transaction is seen by another connection") {
  TempDir dir;
  auto database = OpenOrDie(dir.File("equilens.db"));
  MakeTable(*database);
  Result<WriteTransaction> transaction = WriteTransaction::Begin(*database);
  REQUIRE(transaction.ok());
  REQUIRE(database->Exec("INSERT INTO t (name) VALUES ('kept')").ok());
  Status status = transaction->Commit();
  REQUIRE_MESSAGE(status.ok(), status.ToString());
  CHECK_FALSE(database->in_write_transaction());
  auto other = OpenOrDie(dir.File("equilens.db"), OpenMode::kMustExist);
  CHECK(CountRows(*other) == 1);
}

TEST_CASE("a failed statement inside a write transaction rolls back with it") {
  TempDir dir;
  auto database = OpenOrDie(dir.File("equilens.db"));
  MakeTable(*database);
  {
    Result<WriteTransaction> transaction = WriteTransaction::Begin(*database);
    REQUIRE(transaction.ok());
    REQUIRE(database->Exec("INSERT INTO t (name) VALUES ('first')").ok());
    CHECK(database->Exec("INSERT INTO t (name) VALUES ('first')").category() ==
          ErrorCategory::kConflict);
    // The caller returns the Status; the destructor rolls back the whole command.
  }
  CHECK(CountRows(*database) == 0);
}

TEST_CASE("a second connection's BEGIN IMMEDIATE waits for the write lock, then conflicts") {
  TempDir dir;
  auto first = OpenOrDie(dir.File("equilens.db"));
  MakeTable(*first);
  auto second = OpenOrDie(dir.File("equilens.db"), OpenMode::kMustExist);
  REQUIRE(second->SetBusyTimeout(50).ok());  // ms: keep the test quick

  Result<WriteTransaction> holding = WriteTransaction::Begin(*first);
  REQUIRE(holding.ok());
  REQUIRE(first->Exec("INSERT INTO t (name) VALUES ('first')").ok());

  SUBCASE("past the busy timeout: conflict, and nothing is open") {
    Result<WriteTransaction> blocked = WriteTransaction::Begin(*second);
    REQUIRE_FALSE(blocked.ok());
    CHECK(blocked.status().category() == ErrorCategory::kConflict);
    CHECK(blocked.status().message() ==
          "could not begin a write transaction: the database is busy: another command holds "
          "the write lock; try again");
    CHECK_FALSE(second->in_write_transaction());
    CHECK_FALSE(second->in_transaction());
    CHECK(CountRows(*second) == 0);  // readers are not blocked, and see only commits

    REQUIRE(holding->Commit().ok());
    Result<WriteTransaction> after = WriteTransaction::Begin(*second);
    REQUIRE_MESSAGE(after.ok(), after.status().ToString());
    REQUIRE(second->Exec("INSERT INTO t (name) VALUES ('second')").ok());
    REQUIRE(after->Commit().ok());
    CHECK(CountRows(*first) == 2);
  }

  SUBCASE("within the busy timeout: it waits and then gets the lock") {
    REQUIRE(second->SetBusyTimeout(10000).ok());
    std::thread committer([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      CHECK(holding->Commit().ok());  // CHECK: a REQUIRE would throw out of the thread
    });
    Result<WriteTransaction> waited = WriteTransaction::Begin(*second);
    committer.join();
    REQUIRE_MESSAGE(waited.ok(), waited.status().ToString());
    CHECK(CountRows(*second) == 1);  // it began after the first commit
  }
}

TEST_CASE("a read transaction sees one snapshot") {
  TempDir dir;
  auto writer = OpenOrDie(dir.File("equilens.db"));
  MakeTable(*writer);
  auto reader = OpenOrDie(dir.File("equilens.db"), OpenMode::kMustExist);
  {
    Result<ReadTransaction> snapshot = ReadTransaction::Begin(*reader);
    REQUIRE(snapshot.ok());
    CHECK(reader->in_transaction());
    CHECK(CountRows(*reader) == 0);  // WAL takes the snapshot at this first read
    REQUIRE(writer->Exec("INSERT INTO t (name) VALUES ('later')").ok());
    CHECK(CountRows(*reader) == 0);
  }
  CHECK_FALSE(reader->in_transaction());
  CHECK(CountRows(*reader) == 1);

  SUBCASE("inside a write transaction it uses that one") {
    Result<WriteTransaction> transaction = WriteTransaction::Begin(*writer);
    REQUIRE(transaction.ok());
    REQUIRE(writer->Exec("INSERT INTO t (name) VALUES ('uncommitted')").ok());
    {
      Result<ReadTransaction> nested = ReadTransaction::Begin(*writer);
      REQUIRE(nested.ok());
      CHECK(CountRows(*writer) == 2);
    }
    CHECK(writer->in_write_transaction());  // ending the read did not end the write
    REQUIRE(transaction->Commit().ok());
    CHECK(CountRows(*reader) == 2);
  }
}

// ------------------------------------------------------------------ write batches (group commit)

TEST_CASE("in a write batch each command is all-or-nothing, and durable only at its commit") {
  TempDir dir;
  auto database = OpenOrDie(dir.File("equilens.db"));
  MakeTable(*database);
  auto other = OpenOrDie(dir.File("equilens.db"), OpenMode::kMustExist);

  Result<WriteBatch> batch = WriteBatch::Begin(*database);
  REQUIRE(batch.ok());
  CHECK(database->in_write_batch());
  {  // a command that commits: kept for the batch
    Result<WriteTransaction> command = WriteTransaction::Begin(*database);
    REQUIRE_MESSAGE(command.ok(), command.status().ToString());
    REQUIRE(database->Exec("INSERT INTO t (name) VALUES ('kept')").ok());
    REQUIRE(command->Commit().ok());
  }
  {  // a command that fails half-way: undone alone
    Result<WriteTransaction> command = WriteTransaction::Begin(*database);
    REQUIRE(command.ok());
    REQUIRE(database->Exec("INSERT INTO t (name) VALUES ('half')").ok());
    CHECK(database->Exec("INSERT INTO t (name) VALUES ('kept')").category() ==
          ErrorCategory::kConflict);
  }
  {  // and a third after it still runs in the batch
    Result<WriteTransaction> command = WriteTransaction::Begin(*database);
    REQUIRE(command.ok());
    REQUIRE(database->Exec("INSERT INTO t (name) VALUES ('third')").ok());
    REQUIRE(command->Commit().ok());
  }
  CHECK(database->in_transaction());  // a command's commit does not end the batch
  CHECK(QueryText(*database, "SELECT group_concat(name, ',') FROM t ORDER BY id") == "kept,third");
  CHECK(CountRows(*other) == 0);  // nothing is visible (or durable) before the batch commits

  Status committed = batch->Commit();
  REQUIRE_MESSAGE(committed.ok(), committed.ToString());
  CHECK_FALSE(database->in_write_batch());
  CHECK_FALSE(database->in_transaction());
  CHECK(CountRows(*other) == 2);
}

TEST_CASE("a write batch not committed leaves none of its commands behind") {
  TempDir dir;
  auto database = OpenOrDie(dir.File("equilens.db"));
  MakeTable(*database);
  {
    Result<WriteBatch> batch = WriteBatch::Begin(*database);
    REQUIRE(batch.ok());
    Result<WriteTransaction> command = WriteTransaction::Begin(*database);
    REQUIRE(command.ok());
    REQUIRE(database->Exec("INSERT INTO t (name) VALUES ('released')").ok());
    REQUIRE(command->Commit().ok());
  }
  CHECK_FALSE(database->in_write_batch());
  CHECK_FALSE(database->in_transaction());
  CHECK(CountRows(*database) == 0);
  // And the connection is back to ordinary transactions.
  Result<WriteTransaction> alone = WriteTransaction::Begin(*database);
  REQUIRE(alone.ok());
  REQUIRE(database->Exec("INSERT INTO t (name) VALUES ('alone')").ok());
  REQUIRE(alone->Commit().ok());
  CHECK(CountRows(*OpenOrDie(dir.File("equilens.db"), OpenMode::kMustExist)) == 1);
}

TEST_CASE("a write batch holds the write lock: another connection waits, then conflicts") {
  TempDir dir;
  auto database = OpenOrDie(dir.File("equilens.db"));
  MakeTable(*database);
  auto other = OpenOrDie(dir.File("equilens.db"), OpenMode::kMustExist);
  REQUIRE(other->SetBusyTimeout(50).ok());
  Result<WriteBatch> batch = WriteBatch::Begin(*database);
  REQUIRE(batch.ok());
  Result<WriteTransaction> refused = WriteTransaction::Begin(*other);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().category() == ErrorCategory::kConflict);
}

}  // namespace equilens
