// A command killed with SIGKILL at each named point of the write path (common/crash_point.h),
// through the real binary: afterwards the database passes SQLite's integrity check, every
// command acknowledged before it is there, the killed command is wholly there (killed after
// its commit) or wholly absent (killed before), its notifications with it, the projections
// equal a replay, and the chain verifies. A sign-off is the command killed: it records several
// events (the move, the approval, monitoring) and their notifications in one transaction.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e/runtime_fixture.h"

namespace equilens::testing {
namespace {

using nlohmann::json;

constexpr int kKilled = 128 + 9;  // SIGKILL

struct Point {
  const char* name;
  bool committed;  // whether the killed command's commit reached the disk first
};

// Runs `args` as `user` with EQUILENS_TEST_CRASH_AT=point.
ProcessResult RunKilledAt(const Cli& cli, const char* point, const std::string& user,
                          const std::vector<std::string>& args) {
  setenv("EQUILENS_TEST_CRASH_AT", point, 1);
  ProcessResult result = cli.Run(user, args);
  unsetenv("EQUILENS_TEST_CRASH_AT");
  return result;
}

std::string Head(const Cli& cli) { return cli.Ok("olga", {"audit", "head"}); }

}  // namespace

TEST_CASE("crash points: a command killed anywhere in the write path is all there or not at all") {
  const std::vector<Point> points = {{"before_begin", false},
                                     {"after_event_insert", false},
                                     {"after_projection", false},
                                     {"before_commit", false},
                                     {"after_commit", true}};
  for (const Point& point : points) {
    CAPTURE(point.name);
    RuntimeFixture f;
    // Acknowledged before the crash: filed, assessed, accepted twice (quorum) into sign-off.
    const std::string id = f.FileAndSubmit();
    REQUIRE(f.Fill("dana", id, "risk_level: low\nsummary: Later start\n").exit_code == 0);
    f.cli.Ok("dana", {"act", id, "submit"});
    f.cli.Ok("rey", {"act", id, "accept"});
    f.cli.Ok("sam", {"act", id, "accept"});
    REQUIRE(f.Fill("lee", id, "outcome: no_change\nrationale: Fine.\n").exit_code == 0);
    const json before = json::parse(f.cli.Ok("lee", {"--json", "show", id}));
    REQUIRE(before["stage"] == "signoff");
    const std::string head_before = Head(f.cli);
    const std::string outbox_before = f.cli.Ok("ada", {"--json", "outbox", "list"});

    const ProcessResult killed = RunKilledAt(f.cli, point.name, "lee", {"act", id, "approve"});
    CHECK(killed.exit_code == kKilled);

    const ProcessResult integrity =
        RunProcess("/usr/bin/sqlite3", {f.db, "PRAGMA integrity_check"});
    CHECK(integrity.out == "ok\n");
    const ProcessResult verify = f.cli.Run("olga", {"audit", "verify"});
    INFO(verify.out << verify.err);
    CHECK(verify.exit_code == 0);  // the chain, and the projections against a replay

    const json after = json::parse(f.cli.Ok("lee", {"--json", "show", id}));
    const json outbox = json::parse(f.cli.Ok("ada", {"--json", "outbox", "list"}));
    if (point.committed) {
      CHECK(Head(f.cli) != head_before);
      CHECK(after["lifecycle"] == "approved");
      CHECK(after["version"].get<int>() > before["version"].get<int>());
      CHECK(outbox["pending"].get<int>() > json::parse(outbox_before)["pending"].get<int>());
    } else {
      CHECK(Head(f.cli) == head_before);
      CHECK(after == before);
      CHECK(outbox.dump() == json::parse(outbox_before).dump());
      // And the command can simply be run again.
      f.cli.Ok("lee", {"act", id, "approve"});
      CHECK(json::parse(f.cli.Ok("lee", {"--json", "show", id}))["lifecycle"] == "approved");
    }
    // What was acknowledged before is all there: the filing, the answers, both accepts.
    const std::string history = f.cli.Ok("olga", {"history", id});
    CHECK(CountOccurrences(history, "accept") >= 2);
    CHECK(f.cli.Run("olga", {"audit", "verify"}).exit_code == 0);
  }
}

}  // namespace equilens::testing
