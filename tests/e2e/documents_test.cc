// The printed documents through the real binary: the Equity Impact Statement of a whole
// review (docs/examples/run-review.sh) holds every section and every answer, its HTML is
// well-formed, the ombuds' audit report tells the review's story, and a broken district
// template is refused with its name and place instead of printing blanks.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "support/process.h"

namespace equilens::testing {
namespace {

using nlohmann::json;

constexpr int kInvalidInput = 7;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Section titles of a shipped form, read from its YAML ("  - id: x\n    title: T").
std::vector<std::string> SectionTitles(const std::string& form_file) {
  const std::string text = ReadFile(SourceDir() + "/templates/forms/" + form_file);
  const std::regex section(R"(\n  - id: [a-z_0-9]+\n    title: ([^\n]+))");
  std::vector<std::string> titles;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), section);
       it != std::sregex_iterator(); ++it) {
    titles.push_back((*it)[1]);
  }
  return titles;
}

// Every text an answer holds: strings, list items, and the strings inside records.
void CollectTexts(const json& value, std::vector<std::string>& texts) {
  if (value.is_string()) {
    texts.push_back(value.get<std::string>());
  } else if (value.is_array() || value.is_object()) {
    for (const json& item : value) CollectTexts(item, texts);
  }
}

void ExpectWellFormed(const TempDir& dir, const std::string& name, const std::string& html) {
  const std::string path = dir.Write(name, html);
  ProcessResult lint = RunProcess("/usr/bin/env", {"xmllint", "--noout", path});
  REQUIRE_MESSAGE(lint.exit_code != 127, "xmllint not found: install libxml2-utils");
  CHECK_MESSAGE(lint.exit_code == 0, (lint.out + lint.err));
}

// The whole worked review of docs/examples, on a database in `dir`.
std::string RunExampleReview(const TempDir& dir) {
  const std::string db = dir.File("example.db");
  ProcessResult example = RunProcess(
      "/usr/bin/env", {"bash", SourceDir() + "/docs/examples/run-review.sh", EquilensBin(), db});
  INFO(example.out << example.err);
  REQUIRE(example.exit_code == 0);
  return db;
}

// The example's one initiative (in monitoring: the filer's report-back waits in her inbox).
std::string OnlyInitiative(const Cli& cli) {
  const json inbox = json::parse(cli.Ok("dana", {"--json", "inbox"}));
  REQUIRE(inbox.size() >= 1);
  return inbox[0]["id"];
}

}  // namespace

TEST_CASE("documents: the statement holds every section and every answer, in md and html") {
  TempDir dir;
  Cli cli(RunExampleReview(dir));
  const std::string id = OnlyInitiative(cli);
  const json shown = json::parse(cli.Ok("dana", {"--json", "show", id}));
  const std::string md = cli.Ok("dana", {"report", id, "--format", "md"});

  for (const char* form :
       {"equity-impact-assessment.yaml", "mitigation-plan.yaml", "sign-off.yaml"}) {
    const std::vector<std::string> titles = SectionTitles(form);
    REQUIRE(titles.size() >= 1);
    for (const std::string& title : titles) {
      CAPTURE(title);
      CHECK(md.find(title) != std::string::npos);
    }
  }
  int answers_checked = 0;
  for (const auto& [stage, entry] : shown["answers"].items()) {
    std::vector<std::string> texts;
    CollectTexts(entry["answers"], texts);
    for (const std::string& text : texts) {
      CAPTURE(stage);
      CAPTURE(text);
      CHECK(md.find(text) != std::string::npos);
      ++answers_checked;
    }
  }
  CHECK(answers_checked > 40);  // the example answers the whole questionnaire

  // Feedback and its answers, the tracked plan, the decision, the metrics, the head.
  for (const json& item : shown["feedback"]) {
    CHECK(md.find(item["text"].get<std::string>()) != std::string::npos);
    CHECK(md.find(item["reason"].get<std::string>()) != std::string::npos);
  }
  CHECK(md.find("Partly incorporated") != std::string::npos);
  for (const json& action : shown["tracked_actions"]) {
    CHECK(md.find(action["action"].get<std::string>()) != std::string::npos);
  }
  CHECK(md.find("Adjust the proposal") != std::string::npos);
  CHECK(md.find("english_learners") != std::string::npos);  // a metrics row's group
  const std::string head = cli.Ok("olga", {"audit", "head"});
  CHECK(md.find(head.substr(head.find(' ') + 1)) != std::string::npos);
  for (const json& approval : shown["approvals"]) {
    CHECK(md.find(approval["content_sha256"].get<std::string>()) != std::string::npos);
  }

  const std::string html_path = dir.File("statement.html");
  cli.Ok("dana", {"report", id, "--format", "html", "--out", html_path});
  const std::string html = ReadFile(html_path);
  ExpectWellFormed(dir, "checked.html", html);
  CHECK(html.find("<svg") != std::string::npos);  // the chart of risk by group
  CHECK(html.find("<h1") != std::string::npos);
}

TEST_CASE("documents: the audit report tells the period's decisions and verifies the chain") {
  TempDir dir;
  Cli cli(RunExampleReview(dir));
  const std::string md =
      cli.Ok("olga", {"audit", "report", "--from", "2000-01-01", "--to", "2999-12-31"});
  CHECK(md.find("The audit log verifies") != std::string::npos);
  CHECK(md.find("Consolidate bus routes 14 and 22") != std::string::npos);
  CHECK(md.find("| 1 | 1 | 0 | 0 | 1 | 0 | 0 |") != std::string::npos);  // one return
  CHECK(md.find("back to `assessment`") != std::string::npos);
  CHECK(md.find("Thought-partner feedback") != std::string::npos);  // stage titles

  // Nothing decided in 2001.
  const std::string empty =
      cli.Ok("olga", {"audit", "report", "--from", "2001-01-01", "--to", "2001-12-31"});
  CHECK(empty.find("Consolidate bus routes") == std::string::npos);

  ExpectWellFormed(dir, "audit.html",
                   cli.Ok("olga", {"audit", "report", "--from", "2000-01-01", "--to", "2999-12-31",
                                   "--format", "html"}));
  // The ombuds' report is not for departments; bad dates are refused.
  CHECK(cli.Run("dana", {"audit", "report", "--from", "2000-01-01", "--to", "2999-12-31"})
            .exit_code == 4);
  CHECK(cli.Run("olga", {"audit", "report", "--from", "2026-02-30", "--to", "2026-03-01"})
            .exit_code == kInvalidInput);
  CHECK(cli.Run("olga", {"audit", "report", "--from", "2026-03-01", "--to", "2026-02-01"})
            .exit_code == kInvalidInput);
}

TEST_CASE("documents: a district template naming an unknown variable is refused with its place") {
  TempDir dir;
  const std::string db = RunExampleReview(dir);
  const std::string home = dir.path() + "/home";
  const std::string broken = "# {{document.title}}\n\nFiled by {{initiative.submiter}}\n";
  RunProcess("/bin/mkdir", {"-p", home + "/templates/documents"});
  dir.Write("home/templates/documents/equity-impact-statement.md.mustache", broken);
  const std::string id = OnlyInitiative(Cli(db));
  const std::string out = dir.File("never.md");
  ProcessResult refused =
      RunProcess("/usr/bin/env", {"EQUILENS_HOME=" + home, EquilensBin(), "--db", db, "--as",
                                  "dana", "report", id, "--out", out});
  CHECK(refused.exit_code == kInvalidInput);
  CHECK(refused.err.find("templates/documents/equity-impact-statement.md.mustache:3:") !=
        std::string::npos);
  CHECK(refused.err.find("submitter") != std::string::npos);  // the did-you-mean
  CHECK(!std::ifstream(out).good());                          // nothing half-written

  // A missing template is named, not printed empty.
  ProcessResult missing =
      RunProcess("/usr/bin/env", {"EQUILENS_HOME=" + home, EquilensBin(), "--db", db, "--as",
                                  "dana", "report", id, "--format", "html"});
  CHECK(missing.exit_code == 3);
  CHECK(missing.err.find("equity-impact-statement.html.mustache") != std::string::npos);
}

}  // namespace equilens::testing
