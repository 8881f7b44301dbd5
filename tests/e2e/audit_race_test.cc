// The record an ombuds can trust, end to end: tampering with the sqlite3 shell is caught by
// `audit verify` (naming the first bad event), and two processes racing on one approval
// never both win.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "e2e/runtime_fixture.h"

namespace equilens::testing {
namespace {

ProcessResult Sql(const std::string& db, const std::string& sql) {
  return RunProcess("/usr/bin/sqlite3", {db, sql});
}

// What an attacker with the sqlite3 shell does first: drop the append-only triggers.
void DropEventTriggers(const std::string& db) {
  std::string names = Sql(db,
                          "SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                          "tbl_name = 'events';")
                          .out;
  std::size_t start = 0;
  while (start < names.size()) {
    std::size_t end = names.find('\n', start);
    if (end == std::string::npos) end = names.size();
    if (end > start)
      REQUIRE(Sql(db, "DROP TRIGGER \"" + names.substr(start, end - start) + "\";").exit_code == 0);
    start = end + 1;
  }
}

// An initiative waiting at sign-off with the form filled, ready for `approve`.
std::string ReadyForSignoff(RuntimeFixture& f) {
  const std::string id = f.FileAndSubmit();
  REQUIRE(f.Fill("dana", id, "risk_level: low\nsummary: s\n").exit_code == 0);
  f.cli.Ok("dana", {"act", id, "submit"});
  f.cli.Ok("rey", {"act", id, "accept"});
  f.cli.Ok("sam", {"act", id, "accept"});
  REQUIRE(f.Fill("lee", id, "outcome: adjust\nrationale: r\n").exit_code == 0);
  return id;
}

}  // namespace

TEST_CASE("audit verify catches an edited event and names it") {
  RuntimeFixture f;
  ReadyForSignoff(f);
  REQUIRE(f.cli.Run("olga", {"audit", "verify"}).exit_code == 0);
  // The triggers refuse an edit...
  CHECK(Sql(f.db, "UPDATE events SET actor = 'mallory' WHERE seq = 12;").exit_code != 0);
  // ...so an attacker with the shell drops them first.
  DropEventTriggers(f.db);
  REQUIRE(Sql(f.db, "UPDATE events SET actor = 'mallory' WHERE seq = 12;").exit_code == 0);
  ProcessResult verify = f.cli.Run("olga", {"audit", "verify"});
  CHECK(verify.exit_code == 8);
  CHECK(verify.err.find("event 12") != std::string::npos);
}

TEST_CASE("audit verify catches a deleted event, and a truncated tail with --expect-head") {
  RuntimeFixture f;
  ReadyForSignoff(f);
  const std::string head = f.cli.Ok("olga", {"audit", "head"});
  const std::string head_hash = head.substr(head.find(' ') + 1);
  DropEventTriggers(f.db);
  SUBCASE("a row deleted from the middle") {
    REQUIRE(Sql(f.db, "DELETE FROM events WHERE seq = 9;").exit_code == 0);
    ProcessResult verify = f.cli.Run("olga", {"audit", "verify"});
    CHECK(verify.exit_code == 8);
    CHECK(verify.err.find("event 9") != std::string::npos);
  }
  SUBCASE("the last event removed: the chain still links, the recorded head does not") {
    REQUIRE(Sql(f.db, "DELETE FROM events WHERE seq = (SELECT MAX(seq) FROM events);").exit_code ==
            0);
    ProcessResult verify = f.cli.Run("olga", {"audit", "verify", "--expect-head", head_hash});
    CHECK(verify.exit_code == 8);
    // The whole `audit head` line also names where the record now ends short.
    ProcessResult named = f.cli.Run("olga", {"audit", "verify", "--expect-head", head});
    CHECK(named.exit_code == 8);
    CHECK(named.err.find("event " + head.substr(0, head.find(' '))) != std::string::npos);
  }
}

TEST_CASE("audit verify catches a projection edited behind the log's back") {
  RuntimeFixture f;
  const std::string id = ReadyForSignoff(f);
  REQUIRE(
      Sql(f.db, "UPDATE initiatives SET stage = 'approved' WHERE id = '" + id + "';").exit_code ==
      0);
  ProcessResult verify = f.cli.Run("olga", {"audit", "verify"});
  CHECK(verify.exit_code == 8);
  CHECK(verify.err.find("initiatives") != std::string::npos);
}

TEST_CASE("two processes firing the same approval at once: exactly one wins") {
  RuntimeFixture f;
  const std::string id = ReadyForSignoff(f);
  const std::string version = std::to_string(
      nlohmann::json::parse(f.cli.Ok("lee", {"--json", "show", id}))["version"].get<int>());
  // Both processes wait on one pipe and start the moment it closes.
  int gate[2];
  REQUIRE(pipe(gate) == 0);
  pid_t children[2];
  for (pid_t& child : children) {
    child = fork();
    if (child == 0) {
      close(gate[1]);
      char byte;
      (void)!read(gate[0], &byte, 1);
      execl(EquilensBin().c_str(), "equilens", "--db", f.db.c_str(), "--as", "lee", "act",
            id.c_str(), "approve", "--expect-version", version.c_str(), (char*)nullptr);
      _exit(127);
    }
  }
  close(gate[0]);
  close(gate[1]);
  int codes[2];
  for (int i = 0; i < 2; ++i) {
    int status = 0;
    waitpid(children[i], &status, 0);
    codes[i] = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  CHECK(((codes[0] == 0 && codes[1] == 6) || (codes[0] == 6 && codes[1] == 0)));
  std::string count =
      Sql(f.db,
          "SELECT COUNT(*) FROM events WHERE kind = 'approved' AND initiative = '" + id + "';")
          .out;
  CHECK(count == "1\n");
  CHECK(f.cli.Run("olga", {"audit", "verify"}).exit_code == 0);
}

}  // namespace equilens::testing
