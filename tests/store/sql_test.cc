// The shared SQL helpers (store/sql.h) the repository and the credential store read through:
// QueryOne is the first row or nothing, QueryAll every row in order, and both pass SQLite's
// error on instead of an empty answer.
#include "store/sql.h"

#include <doctest/doctest.h>

#include <string>

#include "store/store_test_support.h"

namespace equilens {
namespace {

std::string Name(const SqlRow& row) { return row.Text(0); }

}  // namespace

TEST_CASE("store sql: QueryOne is the first row or nothing, QueryAll every row") {
  TempDir dir;
  std::unique_ptr<Database> db = OpenOrDie(dir.File("sql.db"));
  REQUIRE(SqlRun(*db, "CREATE TABLE people (name TEXT, role TEXT)", {}).ok());
  for (const char* name : {"ada", "dana", "rey"}) {
    REQUIRE(SqlRun(*db, "INSERT INTO people VALUES (?1, ?2)",
                   {std::string(name), std::string(name == std::string("ada") ? "admin" : "x")})
                .ok());
  }
  const std::string by_role = "SELECT name FROM people WHERE role = ?1 ORDER BY name";

  Result<std::optional<std::string>> one =
      QueryOne<std::string>(*db, by_role, {std::string("x")}, Name);
  REQUIRE(one.ok());
  CHECK(*one == std::optional<std::string>("dana"));  // the first of two
  Result<std::optional<std::string>> none =
      QueryOne<std::string>(*db, by_role, {std::string("ombuds")}, Name);
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());

  Result<std::vector<std::string>> all =
      QueryAll<std::string>(*db, by_role, {std::string("x")}, Name);
  REQUIRE(all.ok());
  CHECK(*all == std::vector<std::string>{"dana", "rey"});
  Result<std::vector<std::string>> empty =
      QueryAll<std::string>(*db, by_role, {std::string("ombuds")}, Name);
  REQUIRE(empty.ok());
  CHECK(empty->empty());

  // A statement SQLite refuses is an error, never "no rows".
  CHECK_FALSE(QueryOne<std::string>(*db, "SELECT name FROM nobody", {}, Name).ok());
  CHECK_FALSE(QueryAll<std::string>(*db, "SELECT name FROM nobody", {}, Name).ok());
}

}  // namespace equilens
