// A whole equity impact review through the shipped workflow and forms, by five different
// people through the real binary: filed, accepted at intake, assessed, sent back for changes,
// accepted into mitigation (medium risk), planned, signed off, and into monitoring.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "e2e/form_answers.h"
#include "e2e/runtime_fixture.h"

namespace equilens::testing {
namespace {

using nlohmann::json;

json Show(const Cli& cli, const std::string& user, const std::string& id) {
  return json::parse(cli.Ok(user, {"--json", "show", id}));
}

}  // namespace

TEST_CASE("a full equity impact review by five people through the shipped workflow") {
  const std::string shipped_workflows = SourceDir() + "/workflows";
  const std::string shipped_templates = SourceDir() + "/templates";
  RuntimeFixture f(shipped_workflows, shipped_templates);

  const std::string id = f.cli.Ok("dana", {"file", "--workflow", "equity-impact-review", "--title",
                                           "Consolidate two bus routes", "--department",
                                           "transportation", "--summary", "Saves 40 minutes."});
  f.cli.Ok("dana", {"act", id, "submit"});
  CHECK(Show(f.cli, "rey", id)["stage"] == "intake");
  f.cli.Ok("rey", {"act", id, "accept"});

  // The department assesses: every field of the shipped questionnaire, medium risk.
  json shown = Show(f.cli, "dana", id);
  REQUIRE(shown["stage"] == "assessment");
  REQUIRE(shown["form"]["id"] == "equity-impact-assessment");
  CHECK_FALSE(shown["missing_required"].empty());
  json answers = AnswersFor(shown["form"]);
  answers["risk_level"] = "medium";
  ProcessResult filled = f.Fill("dana", id, answers.dump(2));
  INFO(filled.err);
  REQUIRE(filled.exit_code == 0);
  CHECK(Show(f.cli, "dana", id)["missing_required"].empty());
  f.cli.Ok("dana", {"act", id, "submit"});

  // The thought partner asks for more, then accepts; medium risk routes to mitigation.
  f.cli.Ok("sam", {"act", id, "request_changes", "--note",
                   "Show ridership by school for students with disabilities."});
  CHECK(Show(f.cli, "dana", id)["stage"] == "assessment");
  f.cli.Ok("dana", {"comment", id, "--text", "Added the ridership table to section 3."});
  f.cli.Ok("dana", {"act", id, "submit"});
  f.cli.Ok("sam", {"act", id, "accept"});
  shown = Show(f.cli, "dana", id);
  REQUIRE(shown["stage"] == "mitigation");

  REQUIRE(f.Fill("dana", id, AnswersFor(shown["form"]).dump()).exit_code == 0);
  f.cli.Ok("dana", {"act", id, "submit"});
  REQUIRE(Show(f.cli, "lee", id)["stage"] == "signoff");

  // The reviewer who gave feedback may not sign off; the lead does, with a rationale.
  CHECK(f.cli.Run("sam", {"act", id, "approve"}).exit_code == 4);
  shown = Show(f.cli, "lee", id);
  json decision = AnswersFor(shown["form"]);
  decision["outcome"] = "adjust";
  REQUIRE(f.Fill("lee", id, decision.dump()).exit_code == 0);
  f.cli.Ok("lee", {"act", id, "approve", "--note", "Adjusted: add a stop near the school."});

  shown = Show(f.cli, "olga", id);
  CHECK(shown["lifecycle"] == "monitoring");  // the workflow schedules a report-back
  CHECK(shown["stage_path"] == json::array({"intake", "assessment", "feedback", "assessment",
                                            "feedback", "mitigation", "signoff", "approved"}));
  CHECK(f.cli.Ok("dana", {"inbox"}).find(id) != std::string::npos);  // report back

  const std::string history = f.cli.Ok("olga", {"history", id});
  for (const char* actor : {"dana", "rey", "sam", "lee"}) {
    CHECK(history.find(actor) != std::string::npos);
  }
  CHECK(history.find("Show ridership by school") != std::string::npos);
  CHECK(f.cli.Ok("olga", {"audit", "verify"}).find("intact") != std::string::npos);
  std::string exported = f.cli.Ok("olga", {"audit", "export", "--format", "jsonl"});
  CHECK(CountOccurrences(exported, "\n") + 1 == std::stoi(f.cli.Ok("olga", {"audit", "head"})));
}

}  // namespace equilens::testing
