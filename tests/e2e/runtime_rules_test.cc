// The review runtime's rules, end to end through the real `equilens` binary: the route,
// quorum, guards, segregation of duties, the lifecycle, refusals and their exit codes.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "e2e/runtime_fixture.h"

namespace equilens::testing {
namespace {

nlohmann::json ShowJson(const Cli& cli, const std::string& user, const std::string& id) {
  return nlohmann::json::parse(cli.Ok(user, {"--json", "show", id}));
}

constexpr const char* kLowRiskAnswers =
    "risk_level: low\nsummary: Buses already run at this time.\nstudents: 1200\n";
constexpr const char* kSignoffAnswers =
    "outcome: no_change\nrationale: Data show no group is burdened.\n";

}  // namespace

TEST_CASE("a low-risk review runs from filing to sign-off, with quorum and segregation") {
  RuntimeFixture f;
  const std::string id = f.FileAndSubmit();
  CHECK(id.rfind("EQ-", 0) == 0);
  CHECK(ShowJson(f.cli, "dana", id)["stage"] == "assessment");

  // A partial answer is kept as a draft; submitting needs the form complete.
  ProcessResult partial = f.Fill("dana", id, "risk_level: low\n");
  CHECK(partial.exit_code == 0);
  CHECK(partial.out.find("impact.summary") != std::string::npos);
  ProcessResult early = f.cli.Run("dana", {"act", id, "submit"});
  CHECK(early.exit_code == 5);
  CHECK(early.err.find("incomplete") != std::string::npos);
  REQUIRE(f.Fill("dana", id, kLowRiskAnswers).exit_code == 0);
  f.cli.Ok("dana", {"act", id, "submit"});

  // The filer cannot review their own initiative.
  CHECK(f.cli.Run("dana", {"act", id, "accept"}).exit_code == 4);
  // Two reviewers must accept; one person's second vote is refused.
  CHECK(f.cli.Ok("rey", {"act", id, "accept"}).find("1 of 2") != std::string::npos);
  ProcessResult twice = f.cli.Run("rey", {"act", id, "accept"});
  CHECK(twice.exit_code == 5);
  CHECK(twice.err.find("already voted") != std::string::npos);
  f.cli.Ok("sam", {"act", id, "accept"});
  CHECK(ShowJson(f.cli, "lee", id)["stage"] == "signoff");  // low risk skips mitigation

  // A reviewer who acted in feedback may not sign off (distinct_from: [submitter, feedback]).
  ProcessResult reviewer = f.cli.Run("rey", {"act", id, "approve"});
  CHECK(reviewer.exit_code == 5);
  CHECK(reviewer.err.find("whoever acted in stage feedback") != std::string::npos);
  // The sign-off form must be complete.
  CHECK(f.cli.Run("lee", {"act", id, "approve"}).exit_code == 5);
  REQUIRE(f.Fill("lee", id, kSignoffAnswers).exit_code == 0);
  f.cli.Ok("lee", {"act", id, "approve"});

  nlohmann::json shown = ShowJson(f.cli, "olga", id);
  CHECK(shown["lifecycle"] == "approved");
  CHECK(shown["stage"] == "approved");
  CHECK(shown["answers"]["signoff"]["answers"]["outcome"] == "no_change");
  // Nothing changes after approval but what the lifecycle allows (close).
  CHECK(f.cli.Run("dana", {"comment", id, "--text", "thanks"}).exit_code == 0);
  f.cli.Ok("lee", {"act", id, "close"});
  CHECK(f.cli.Run("dana", {"comment", id, "--text", "late"}).exit_code == 5);
  CHECK(f.cli.Ok("olga", {"audit", "verify"}).find("intact") != std::string::npos);
}

TEST_CASE("a guard routes high-risk initiatives through mitigation") {
  RuntimeFixture f;
  const std::string id = f.FileAndSubmit();
  REQUIRE(f.Fill("dana", id, "risk_level: high\nsummary: Fewer routes.\n").exit_code == 0);
  f.cli.Ok("dana", {"act", id, "submit"});
  f.cli.Ok("rey", {"act", id, "accept"});
  f.cli.Ok("sam", {"act", id, "accept"});
  CHECK(ShowJson(f.cli, "dana", id)["stage"] == "mitigation");
}

TEST_CASE("request_changes needs a note and sends the initiative back, resetting the quorum") {
  RuntimeFixture f;
  const std::string id = f.FileAndSubmit();
  REQUIRE(f.Fill("dana", id, kLowRiskAnswers).exit_code == 0);
  f.cli.Ok("dana", {"act", id, "submit"});
  f.cli.Ok("rey", {"act", id, "accept"});
  ProcessResult bare = f.cli.Run("sam", {"act", id, "request_changes"});
  CHECK(bare.exit_code == 5);
  CHECK(bare.err.find("needs a note") != std::string::npos);
  f.cli.Ok("sam", {"act", id, "request_changes", "--note", "Add bus data by school."});
  CHECK(ShowJson(f.cli, "dana", id)["stage"] == "assessment");
  f.cli.Ok("dana", {"act", id, "submit"});
  // rey's earlier vote belonged to the previous visit: one vote is not yet a quorum.
  CHECK(f.cli.Ok("rey", {"act", id, "accept"}).find("1 of 2") != std::string::npos);
  std::string history = f.cli.Ok("olga", {"history", id});
  CHECK(history.find("Add bus data by school.") != std::string::npos);
}

TEST_CASE("nothing moves on hold, and withdraw ends it for good") {
  RuntimeFixture f;
  const std::string id = f.FileAndSubmit();
  REQUIRE(f.Fill("dana", id, kLowRiskAnswers).exit_code == 0);
  f.cli.Ok("lee", {"act", id, "hold", "--note", "Board asked to pause."});
  ProcessResult moved = f.cli.Run("dana", {"act", id, "submit"});
  CHECK(moved.exit_code == 5);
  CHECK(moved.err.find("on hold") != std::string::npos);
  CHECK(f.Fill("dana", id, "students: 3\n").exit_code == 5);
  CHECK(f.cli.Run("dana", {"act", id, "hold"}).exit_code == 4);  // hold is for the lead
  f.cli.Ok("lee", {"act", id, "resume"});
  f.cli.Ok("dana", {"act", id, "submit"});
  f.cli.Ok("dana", {"act", id, "withdraw", "--note", "Superseded."});
  CHECK(ShowJson(f.cli, "dana", id)["lifecycle"] == "withdrawn");
  CHECK(f.cli.Run("lee", {"act", id, "resume"}).exit_code == 5);
  CHECK(f.cli.Run("lee", {"act", id, "reject"}).exit_code == 5);
}

TEST_CASE("every refusal class has its exit code") {
  RuntimeFixture f;
  const std::string id = f.FileAndSubmit();
  // usage: no acting user
  CHECK(RunProcess(EquilensBin(), {"--db", f.db, "show", id}).exit_code == 2);
  // forbidden: unknown user, wrong role, ombuds writing
  CHECK(f.cli.Run("nobody", {"show", id}).exit_code == 4);
  CHECK(f.cli
            .Run("rey", {"file", "--workflow", "mini-review", "--title", "x", "--department",
                         "transportation"})
            .exit_code == 4);
  ProcessResult ombuds = f.cli.Run("olga", {"comment", id, "--text", "I saw this"});
  CHECK(ombuds.exit_code == 4);
  CHECK(ombuds.err.find("never changes") != std::string::npos);
  CHECK(f.cli.Run("olga", {"act", id, "withdraw"}).exit_code == 4);
  // not_found: another department's initiative reads exactly like one that does not exist
  ProcessResult other = f.cli.Run("omar", {"show", id});
  ProcessResult missing = f.cli.Run("omar", {"show", "EQ-2026-9999"});
  CHECK(other.exit_code == 3);
  CHECK(missing.exit_code == 3);
  std::string missing_words = missing.err;
  missing_words.replace(missing_words.find("EQ-2026-9999"), 12, id);
  CHECK(other.err == missing_words);
  // not_found: no such action at this stage
  CHECK(f.cli.Run("dana", {"act", id, "approve"}).exit_code == 3);
  // refused_by_rule: submitting the assessment needs the form complete
  CHECK(f.cli.Run("dana", {"act", id, "submit"}).exit_code == 5);
  // conflict: a stale version
  nlohmann::json shown = ShowJson(f.cli, "dana", id);
  const std::string stale = std::to_string(shown["version"].get<int>() - 1);
  CHECK(f.cli.Run("dana", {"comment", id, "--text", "hi", "--expect-version", stale}).exit_code ==
        6);
  // invalid_input: a bad answer is named with file:line:col and nothing is saved
  ProcessResult bad = f.Fill("dana", id, "risk_level: extreme\nsummary: ok\n");
  CHECK(bad.exit_code == 7);
  CHECK(bad.err.find(".yaml:1:") != std::string::npos);
  CHECK(ShowJson(f.cli, "dana", id)["answers"].empty());
}

TEST_CASE("the ombuds office reads everything and every write is refused") {
  RuntimeFixture f;
  const std::string id = f.FileAndSubmit();
  const std::string answers = f.dir.Write("ombuds.yaml", "students: 4\n");
  const std::string workflow = SourceDir() + "/tests/data/runtime/workflows/mini-review.yaml";
  const std::vector<std::vector<std::string>> writes = {
      {"file", "--workflow", "mini-review", "--title", "x", "--department", "transportation"},
      {"fill", id, "--answers", answers},
      {"comment", id, "--text", "noted"},
      {"act", id, "submit"},
      {"act", id, "hold"},
      {"act", id, "withdraw"},
      {"user", "add", "eve", "--role", "admin"},
      {"user", "set", "dana", "--active", "no"},
      {"workflow", "load", workflow},
  };
  const std::string head_before = f.cli.Ok("olga", {"audit", "head"});
  for (const auto& command : writes) {
    ProcessResult result = f.cli.Run("olga", command);
    INFO(command[0] << " " << command[1] << ": " << result.err);
    CHECK(result.exit_code == 4);
  }
  CHECK(f.cli.Ok("olga", {"audit", "head"}) == head_before);  // nothing was recorded
  for (const auto& read :
       std::vector<std::vector<std::string>>{{"show", id},
                                             {"history", id},
                                             {"inbox"},
                                             {"workflow", "list"},
                                             {"user", "list"},
                                             {"audit", "verify"},
                                             {"audit", "export", "--format", "csv"}}) {
    CHECK(f.cli.Run("olga", read).exit_code == 0);
  }
}

TEST_CASE("a disabled user or a removed role takes effect on the next command") {
  RuntimeFixture f;
  const std::string id = f.FileAndSubmit();
  f.cli.Ok("ada", {"user", "set", "dana", "--active", "no"});
  CHECK(f.cli.Run("dana", {"show", id}).exit_code == 4);
  f.cli.Ok("ada", {"user", "set", "dana", "--active", "yes"});
  f.cli.Ok("dana", {"show", id});
  f.cli.Ok("ada", {"user", "set", "lee", "--role", "cesj_reviewer"});
  CHECK(f.cli.Run("lee", {"act", id, "hold"}).exit_code == 4);
}

TEST_CASE("a request id makes a command repeat-safe") {
  RuntimeFixture f;
  const std::string id = f.FileAndSubmit();
  f.cli.Ok("dana", {"comment", id, "--text", "once", "--request-id", "r-1"});
  f.cli.Ok("dana", {"comment", id, "--text", "once", "--request-id", "r-1"});
  CHECK(CountOccurrences(f.cli.Ok("olga", {"history", id}), "commented: once") == 1);
}

TEST_CASE("init is safe to run again and refuses a database from a newer equilens") {
  RuntimeFixture f;
  const std::string workflows = SourceDir() + "/tests/data/runtime/workflows";
  const std::string templates = SourceDir() + "/tests/data/runtime/templates";
  ProcessResult again = RunProcess(EquilensBin(), {"--db", f.db, "init", "--workflows", workflows,
                                                   "--templates", templates, "--admin", "ada"});
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("loaded") == std::string::npos);  // nothing new
  REQUIRE(RunProcess("/usr/bin/sqlite3", {f.db, "PRAGMA user_version = 99;"}).exit_code == 0);
  ProcessResult newer = RunProcess(EquilensBin(), {"--db", f.db, "init"});
  CHECK(newer.exit_code == 5);
  CHECK(newer.err.find("newer") != std::string::npos);
  CHECK(f.cli.Run("olga", {"audit", "head"}).exit_code == 5);
}

TEST_CASE("a loaded workflow version is immutable and running initiatives keep theirs") {
  RuntimeFixture f;
  const std::string id = f.FileAndSubmit();
  std::string changed = f.dir.Write(
      "mini-review.yaml",
      "workflow: mini-review\nversion: 1\ntitle: Changed\nroles: [department_head, cesj_lead]\n"
      "start: a\nstages:\n  a: { owner: submitter }\n  done: { end: approve }\n"
      "transitions:\n  - { from: a, on: finish, to: done, by: submitter }\n");
  CHECK(f.cli.Run("ada", {"workflow", "load", changed}).exit_code == 6);
  std::string v2 = f.dir.Write(
      "mini-review-v2.yaml",
      "workflow: mini-review\nversion: 2\ntitle: Changed\nroles: [department_head, cesj_lead]\n"
      "start: a\nstages:\n  a: { owner: submitter }\n  done: { end: approve }\n"
      "transitions:\n  - { from: a, on: finish, to: done, by: submitter }\n");
  f.cli.Ok("ada", {"workflow", "load", v2});
  CHECK(ShowJson(f.cli, "dana", id)["workflow"]["version"] == 1);
  std::string fresh = f.cli.Ok("dana", {"file", "--workflow", "mini-review", "--title", "New",
                                        "--department", "transportation"});
  CHECK(ShowJson(f.cli, "dana", fresh)["workflow"]["version"] == 2);
}

}  // namespace equilens::testing
