// What the store's tests share: a private temporary folder per test, and opening and querying
// a database where a failure ends the test with SQLite's message.
#ifndef EQUILENS_TESTS_STORE_STORE_TEST_SUPPORT_H_
#define EQUILENS_TESTS_STORE_STORE_TEST_SUPPORT_H_

#include <doctest/doctest.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

#include "store/database.h"
#include "store/schema.h"

namespace equilens {

// A fresh, private temporary folder (mkdtemp), removed with everything in it afterwards.

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "equilens-store-XXXXXX").string();
    // mkdtemp: a unique name, created atomically with mode 0700.
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // A path inside the folder: `File("events.db")`.
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::unique_ptr<Database> OpenOrDie(const std::string& path,
                                           OpenMode mode = OpenMode::kCreateIfMissing) {
  Result<std::unique_ptr<Database>> database = Database::Open(path, mode);
  REQUIRE_MESSAGE(database.ok(), database.status().ToString());
  return std::move(*database);
}

// Opened (created if missing) and migrated to the latest schema.
inline std::unique_ptr<Database> OpenMigrated(const std::string& path) {
  std::unique_ptr<Database> database = OpenOrDie(path);
  Status status = Migrate(*database);
  REQUIRE_MESSAGE(status.ok(), status.ToString());
  return database;
}

// The first column of the first row of `sql`, as text.
inline std::string QueryText(Database& database, const std::string& sql) {
  Result<Statement> statement = database.Prepare(sql);
  REQUIRE_MESSAGE(statement.ok(), statement.status().ToString());
  Result<StepResult> step = statement->Step();
  REQUIRE_MESSAGE(step.ok(), step.status().ToString());
  REQUIRE(*step == StepResult::kRow);
  return std::string(statement->ColumnText(0));
}

inline std::int64_t QueryInt(Database& database, const std::string& sql) {
  return std::stoll(QueryText(database, sql));
}

}  // namespace equilens

#endif  // EQUILENS_TESTS_STORE_STORE_TEST_SUPPORT_H_
