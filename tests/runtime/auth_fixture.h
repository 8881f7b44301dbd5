// An engine on a fresh database with a few users, for the sign-in and session tests; and a
// way to move a stored instant into the past, so limits measured in minutes and hours are
// tested without waiting for them.
#ifndef EQUILENS_TESTS_RUNTIME_AUTH_FIXTURE_H_
#define EQUILENS_TESTS_RUNTIME_AUTH_FIXTURE_H_

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "auth/utc_clock.h"
#include "equilens/engine.h"
#include "store/database.h"
#include "store/sql.h"
#include "support/process.h"

namespace equilens::testing {

inline constexpr const char* kGoodPassword = "correct horse battery staple";
inline constexpr const char* kOtherPassword = "tangerine lighthouse 42 violin";

// Users: ada (admin), dana (department_head, transportation), rey (cesj_reviewer),
// olga (ombuds). Nobody has a password yet.
struct AuthFixture {
  TempDir dir;
  std::string db = dir.File("district.db");
  std::unique_ptr<Engine> engine;

  AuthFixture() {
    InitOptions init;
    init.db_path = db;
    init.workflows_dir = SourceDir() + "/tests/data/runtime/workflows";
    init.forms_dir = SourceDir() + "/tests/data/runtime/templates/forms";
    init.admin = "ada";
    Result<InitReport> report = Engine::Init(init);
    REQUIRE_MESSAGE(report.ok(), report.status().ToString());
    Result<std::unique_ptr<Engine>> opened = Engine::Open(db);
    REQUIRE_MESSAGE(opened.ok(), opened.status().ToString());
    engine = std::move(*opened);
    for (const UserInfo& user :
         {UserInfo{"dana", "department_head", "transportation", "", true, "", "immediate"},
          UserInfo{"rey", "cesj_reviewer", "", "", true, "", "immediate"},
          UserInfo{"olga", "ombuds", "", "", true, "", "immediate"}}) {
      Status status = engine->AddUser(As("ada"), user);
      REQUIRE_MESSAGE(status.ok(), status.ToString());
    }
  }

  static CommandOptions As(const std::string& user) {
    CommandOptions options;
    options.user = user;
    return options;
  }

  void SetPassword(const std::string& name, const std::string& password = kGoodPassword) {
    Status status = engine->SetPassword(As("ada"), name, password);
    REQUIRE_MESSAGE(status.ok(), status.ToString());
  }

  SignedIn SignIn(const std::string& name, const std::string& password = kGoodPassword) {
    Result<SignedIn> signed_in = engine->SignIn(name, password);
    REQUIRE_MESSAGE(signed_in.ok(), signed_in.status().ToString());
    return *signed_in;
  }

  // Runs one statement on the database through a second connection (as another process
  // would): `?1` is bound to `value`.
  void Sql(const std::string& sql, const std::string& value = "") {
    Result<std::unique_ptr<Database>> other = Database::Open(db, OpenMode::kMustExist);
    REQUIRE_MESSAGE(other.ok(), other.status().ToString());
    Status status = sql.find("?1") == std::string::npos ? SqlRun(**other, sql, {})
                                                        : SqlRun(**other, sql, {value});
    REQUIRE_MESSAGE(status.ok(), status.ToString());
  }

  // The first column of the first row of `sql`, as text ('' when there is no row).
  std::string SqlText(const std::string& sql) {
    Result<std::unique_ptr<Database>> other = Database::Open(db, OpenMode::kMustExist);
    REQUIRE(other.ok());
    std::string value;
    Status status = SqlQuery(**other, sql, {}, [&](const SqlRow& row) {
      value = row.Text(0);
      return Status::Ok();
    });
    REQUIRE_MESSAGE(status.ok(), status.ToString());
    return value;
  }

  // An instant `minutes` before now, as the store writes instants.
  static std::string MinutesAgo(std::int64_t minutes) {
    return IsoUtc(NowUnixMillis() - minutes * kMillisPerMinute);
  }
};

}  // namespace equilens::testing

#endif  // EQUILENS_TESTS_RUNTIME_AUTH_FIXTURE_H_
