// Migrations: from an empty file, run again, refused when the database is newer than the
// binary or belongs to another application.
#include "store/schema.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "store/database.h"
#include "store/store_test_support.h"

namespace equilens {
namespace {

int VersionOf(Database& database) {
  Result<int> version = CurrentSchemaVersion(database);
  REQUIRE_MESSAGE(version.ok(), version.status().ToString());
  return *version;
}

bool HasObject(Database& database, const std::string& type, const std::string& name) {
  return QueryInt(database, "SELECT count(*) FROM sqlite_master WHERE type = '" + type +
                                "' AND name = '" + name + "'") == 1;
}

}  // namespace

TEST_CASE("the migrations are numbered 1, 2, 3, ... without gaps") {
  const std::vector<Migration>& migrations = Migrations();
  REQUIRE_FALSE(migrations.empty());
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    CHECK(migrations[i].version == static_cast<int>(i) + 1);
    CHECK(std::string(migrations[i].description).size() > 0);
  }
  CHECK(LatestSchemaVersion() == migrations.back().version);
}

TEST_CASE("Migrate builds the schema in an empty database") {
  TempDir dir;
  auto database = OpenOrDie(dir.File("equilens.db"));
  CHECK(VersionOf(*database) == 0);
  Status status = Migrate(*database);
  REQUIRE_MESSAGE(status.ok(), status.ToString());
  CHECK(VersionOf(*database) == LatestSchemaVersion());
  CHECK(HasObject(*database, "table", "events"));
  CHECK(HasObject(*database, "table", "meta"));
  CHECK(HasObject(*database, "index", "events_by_initiative"));
  CHECK(HasObject(*database, "trigger", "events_no_update"));
  CHECK(HasObject(*database, "trigger", "events_no_delete"));
  CHECK(QueryInt(*database, "PRAGMA application_id") == 0x45514C4E);  // 'EQLN'
  CHECK_FALSE(database->in_transaction());
  // The index really serves an initiative's history.
  Result<Statement> plan = database->Prepare(
      "EXPLAIN QUERY PLAN SELECT seq FROM events WHERE initiative = 'EQ-2026-0001' ORDER BY seq");
  REQUIRE(plan.ok());
  REQUIRE(*plan->Step() == StepResult::kRow);
  CHECK(std::string(plan->ColumnText(3)).find("events_by_initiative") != std::string::npos);
}

TEST_CASE("Migrate is idempotent") {
  TempDir dir;
  {
    auto database = OpenOrDie(dir.File("equilens.db"));
    REQUIRE(Migrate(*database).ok());
    REQUIRE(database->Exec("INSERT INTO meta (key, value) VALUES ('created_by', 'test')").ok());
    Status again = Migrate(*database);
    CHECK_MESSAGE(again.ok(), again.ToString());
  }
  auto reopened = OpenOrDie(dir.File("equilens.db"));
  Status status = Migrate(*reopened);
  CHECK_MESSAGE(status.ok(), status.ToString());
  CHECK(VersionOf(*reopened) == LatestSchemaVersion());
  CHECK(QueryInt(*reopened, "SELECT count(*) FROM meta") == 1);  // data kept
}

TEST_CASE("a database newer than this binary is refused and left alone") {
  TempDir dir;
  auto database = OpenOrDie(dir.File("equilens.db"));
  REQUIRE(Migrate(*database).ok());
  const int newer = LatestSchemaVersion() + 2;
  REQUIRE(database->Exec("PRAGMA user_version = " + std::to_string(newer)).ok());
  Status status = Migrate(*database);
  CHECK(status.category() == ErrorCategory::kRefusedByRule);
  CHECK(status.message() == "database schema version " + std::to_string(newer) +
                                " is newer than this equilens understands (" +
                                std::to_string(LatestSchemaVersion()) + "); upgrade equilens");
  CHECK(VersionOf(*database) == newer);
}

TEST_CASE("a database of another application is not migrated") {
  TempDir dir;
  auto database = OpenOrDie(dir.File("other.db"));

  SUBCASE("one with tables of its own") {
    REQUIRE(database->Exec("CREATE TABLE recipes (name TEXT)").ok());
    Status status = Migrate(*database);
    CHECK(status.category() == ErrorCategory::kInvalidInput);
    CHECK(status.message().find("is not an equilens database") != std::string::npos);
    CHECK_FALSE(HasObject(*database, "table", "events"));
  }
  SUBCASE("one marked with another application id") {
    REQUIRE(database->Exec("PRAGMA application_id = 42").ok());
    Status status = Migrate(*database);
    CHECK(status.category() == ErrorCategory::kInvalidInput);
    CHECK(status.message().find("application id is 42") != std::string::npos);
  }
}

}  // namespace equilens
