// Regressions from the first review of the runtime, each named after its symptom.
#include <doctest/doctest.h>

#include "e2e/runtime_fixture.h"

namespace equilens::testing {
namespace {

// mini-review at sign-off, with rey and sam having accepted in feedback.
std::string AtSignoff(RuntimeFixture& f) {
  const std::string id = f.FileAndSubmit();
  REQUIRE(f.Fill("dana", id, "risk_level: low\nsummary: s\n").exit_code == 0);
  f.cli.Ok("dana", {"act", id, "submit"});
  f.cli.Ok("rey", {"act", id, "accept"});
  f.cli.Ok("sam", {"act", id, "accept"});
  return id;
}

}  // namespace

TEST_CASE("regression: a lifecycle event cannot bypass the stage's distinct_from") {
  RuntimeFixture f;
  const std::string id = AtSignoff(f);
  // rey acted in feedback; sign-off is distinct_from feedback, so rey may not return it either.
  ProcessResult returned = f.cli.Run("rey", {"act", id, "return", "--note", "redo"});
  CHECK(returned.exit_code == 5);
  CHECK(returned.err.find("whoever acted in stage feedback") != std::string::npos);
  // The filer may still withdraw their own initiative.
  f.cli.Ok("dana", {"act", id, "withdraw"});
}

TEST_CASE("regression: reject, return and hold need a reason") {
  RuntimeFixture f;
  const std::string id = AtSignoff(f);
  ProcessResult bare = f.cli.Run("lee", {"act", id, "reject"});
  CHECK(bare.exit_code == 5);
  CHECK(bare.err.find("needs a note") != std::string::npos);
  f.cli.Ok("lee", {"act", id, "reject", "--note", "Out of scope for this review."});
}

TEST_CASE("regression: a request id reused for another initiative is a conflict, not a repeat") {
  RuntimeFixture f;
  const std::string first = f.FileAndSubmit();
  const std::string second = f.FileAndSubmit();
  f.cli.Ok("dana", {"comment", first, "--text", "a", "--request-id", "r1"});
  CHECK(f.cli.Run("dana", {"comment", second, "--text", "b", "--request-id", "r1"}).exit_code == 6);
}

TEST_CASE("regression: changing a disabled user's role does not re-enable them") {
  RuntimeFixture f;
  f.cli.Ok("ada", {"user", "set", "rey", "--active", "no"});
  f.cli.Ok("ada", {"user", "set", "rey", "--role", "cesj_lead"});
  CHECK(f.cli.Run("rey", {"inbox"}).exit_code == 4);
}

TEST_CASE("regression: init --admin cannot add a second admin to a running district") {
  RuntimeFixture f;
  ProcessResult init = RunProcess(
      EquilensBin(),
      {"--db", f.db, "init", "--workflows", SourceDir() + "/tests/data/runtime/workflows",
       "--templates", SourceDir() + "/tests/data/runtime/templates", "--admin", "mallory"});
  CHECK(init.exit_code == 5);
  CHECK(f.cli.Run("mallory", {"user", "list"}).exit_code == 4);
}

}  // namespace equilens::testing
