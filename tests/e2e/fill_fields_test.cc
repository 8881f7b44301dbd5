// A web form's posted fields (Engine::FillFields) typed by the stage's form, and the commands a
// person may run on an initiative now (`permitted` in `show --json`), on a workflow whose form
// has every field type (tests/data/listings). FillFields is called in-process, as the server
// calls it; what it saved is read back through the real binary and compared with `fill`.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "e2e/runtime_fixture.h"
#include "equilens/engine.h"

namespace equilens::testing {
namespace {

using nlohmann::json;

constexpr int kForbidden = 4;
constexpr int kRefused = 5;

struct ListingsFixture : RuntimeFixture {
  ListingsFixture()
      : RuntimeFixture(SourceDir() + "/tests/data/listings/workflows",
                       SourceDir() + "/tests/data/listings/templates") {}

  std::string Draft(const std::string& title = "Lunch schedule") {
    return cli.Ok("dana", {"file", "--workflow", "every-field", "--title", title, "--department",
                           "transportation"});
  }
  std::string AtIntake(const std::string& title = "Lunch schedule") {
    const std::string id = Draft(title);
    cli.Ok("dana", {"act", id, "submit"});
    return id;
  }
  std::unique_ptr<Engine> Open() const {
    auto engine = Engine::Open(db);
    REQUIRE_MESSAGE(engine.ok(), engine.status().ToString());
    return std::move(*engine);
  }
};

json Show(const Cli& cli, const std::string& user, const std::string& id) {
  return json::parse(cli.Ok(user, {"--json", "show", id}));
}

json IntakeAnswers(const Cli& cli, const std::string& id) {
  json shown = Show(cli, "dana", id);
  return shown["answers"].contains("intake") ? shown["answers"]["intake"]["answers"] : json();
}

std::set<std::string> Permitted(const Cli& cli, const std::string& user, const std::string& id) {
  const json view = Show(cli, user, id);  // kept: the loop below reads inside it
  std::set<std::string> names;
  for (const json& name : view["permitted"]) names.insert(name.get<std::string>());
  return names;
}

// The problem posted for `field`, or "" when there is none.
std::string ProblemFor(const std::vector<FieldProblem>& problems, const std::string& field) {
  for (const FieldProblem& problem : problems) {
    if (problem.field == field) return problem.message;
  }
  return "";
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Every field of the form, posted as a browser would: the hidden inputs a page adds for
// multi_choice and checkbox fields, CRLF line ends, a spare blank record row.
const std::vector<PostedField> kPosted = {
    {"name", "Ana Ruiz"},
    {"story", "Line one\r\nLine two"},
    {"risk_level", " high "},
    {"groups", ""},
    {"groups", "black"},
    {"groups", "english_learners"},
    {"students", "120"},
    {"starts", "2027-01-15"},
    {"consulted", "false"},
    {"consulted", "true"},
    {"actions.count", "3"},
    {"actions.1.action", "Add a stop"},
    {"actions.1.due", "2027-02-01"},
    {"actions.1.groups", "black"},
    {"actions.1.cost", "2.5"},
    {"actions.2.action", "Tell families"},
    {"actions.3.action", ""},
    {"actions.3.due", ""},
};

// The same answers as an answers file (JSON is YAML).
const json kExpected = json::parse(R"({
  "name": "Ana Ruiz", "story": "Line one\nLine two", "risk_level": "high",
  "groups": ["black", "english_learners"], "students": 120, "starts": "2027-01-15",
  "consulted": true,
  "actions": [{"action": "Add a stop", "due": "2027-02-01", "groups": ["black"], "cost": 2.5},
              {"action": "Tell families"}]})");

}  // namespace

TEST_CASE("fill fields: posted fields are typed by the form and saved as Fill saves them") {
  ListingsFixture f;
  const std::string posted_id = f.AtIntake("Posted");
  const std::string yaml_id = f.AtIntake("From a file");
  auto engine = f.Open();
  const CommandOptions dana{"dana", std::nullopt, ""};

  std::vector<FieldProblem> problems = {{"stale", "from before"}};
  auto saved = engine->FillFields(dana, posted_id, kPosted, &problems);
  REQUIRE_MESSAGE(saved.ok(), saved.status().ToString());
  CHECK(problems.empty());
  CHECK(saved->stage == "intake");
  CHECK(saved->missing_required.empty());
  CHECK(IntakeAnswers(f.cli, posted_id) == kExpected);

  // The same answers through `fill --answers`: the same canonical record, the same outcome.
  ProcessResult filled = f.Fill("dana", yaml_id, kExpected.dump(2));
  INFO(filled.err);
  REQUIRE(filled.exit_code == 0);
  CHECK(IntakeAnswers(f.cli, yaml_id).dump() == IntakeAnswers(f.cli, posted_id).dump());
  json posted_view = Show(f.cli, "dana", posted_id), yaml_view = Show(f.cli, "dana", yaml_id);
  CHECK(posted_view["answers"] == yaml_view["answers"]);
  CHECK(posted_view["version"] == yaml_view["version"]);
  CHECK(posted_view["missing_required"] == yaml_view["missing_required"]);

  // A field not posted stays; one posted empty is cleared; an unticked box is false.
  auto again = engine->FillFields(
      dana, posted_id, {{"story", ""}, {"consulted", "false"}, {"groups", ""}}, &problems);
  REQUIRE_MESSAGE(again.ok(), again.status().ToString());
  json answers = IntakeAnswers(f.cli, posted_id);
  CHECK_FALSE(answers.contains("story"));
  CHECK_FALSE(answers.contains("groups"));  // the hidden empty value alone: every box unticked
  CHECK(answers["consulted"] == false);
  CHECK(answers["name"] == "Ana Ruiz");
  CHECK(answers["actions"].size() == 2);  // no record posted: unchanged

  // Records are replaced whole; count 0 alone clears them.
  REQUIRE(engine->FillFields(dana, posted_id, {{"actions.1.action", "Only this"}}, &problems).ok());
  CHECK(IntakeAnswers(f.cli, posted_id)["actions"] == json::parse(R"([{"action": "Only this"}])"));
  REQUIRE(engine->FillFields(dana, posted_id, {{"actions.count", "0"}}, &problems).ok());
  CHECK_FALSE(IntakeAnswers(f.cli, posted_id).contains("actions"));

  // Posting what is already there records nothing.
  const json before = Show(f.cli, "dana", posted_id);
  REQUIRE(engine->FillFields(dana, posted_id, {{"name", "Ana Ruiz"}}, &problems).ok());
  CHECK(Show(f.cli, "dana", posted_id)["version"] == before["version"]);
}

TEST_CASE("fill fields: every problem is named by its field and nothing is saved") {
  ListingsFixture f;
  const std::string id = f.AtIntake();
  auto engine = f.Open();
  const CommandOptions dana{"dana", std::nullopt, ""};
  REQUIRE(engine->FillFields(dana, id, {{"name", "Ana"}, {"risk_level", "low"}}, nullptr).ok());
  const json before = Show(f.cli, "dana", id);

  std::vector<FieldProblem> problems;
  auto refused = engine->FillFields(dana, id,
                                    {
                                        {"nmae", "x"},
                                        {"risk_level", "hihg"},
                                        {"groups", "purple"},
                                        {"students", "9000"},
                                        {"starts", "2027-02-30"},
                                        {"consulted", "yes"},
                                        {"story", "bell\x07"},
                                        {"name", "Ana"},
                                        {"name", "Ann"},
                                        {"actions.0.action", "x"},
                                        {"actions.1.acton", "x"},
                                        {"actions.1.due", "tomorrow"},
                                        {"actions.1.cost", "cheap"},
                                        {"actions.3.action", "x"},
                                        {"actions.count", "5"},
                                    },
                                    &problems);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().category() == ErrorCategory::kInvalidInput);
  CHECK(Contains(refused.status().message(), "nothing was saved"));
  for (const FieldProblem& problem : problems) {
    CHECK(Contains(refused.status().message(), problem.message));  // every one in the message
  }
  CHECK(Contains(ProblemFor(problems, "nmae"), "unknown field 'nmae'"));
  CHECK(Contains(ProblemFor(problems, "nmae"), "did you mean 'name'"));
  CHECK(Contains(ProblemFor(problems, "risk_level"), "'hihg' is not a choice for risk_level"));
  CHECK(Contains(ProblemFor(problems, "risk_level"), "did you mean 'high'"));
  CHECK(Contains(ProblemFor(problems, "groups"), "'purple' is not a choice for groups"));
  CHECK(Contains(ProblemFor(problems, "students"), "students must be from 0 to 5000, not 9000"));
  CHECK(Contains(ProblemFor(problems, "starts"), "'2027-02-30' is not a date for starts"));
  CHECK(Contains(ProblemFor(problems, "consulted"), "takes true or false, not 'yes'"));
  CHECK(Contains(ProblemFor(problems, "story"), "control character"));
  CHECK(Contains(ProblemFor(problems, "name"), "posted 2 times"));
  CHECK(Contains(ProblemFor(problems, "actions.0.action"), "numbered"));
  CHECK(Contains(ProblemFor(problems, "actions.1.acton"), "did you mean 'action'"));
  CHECK(Contains(ProblemFor(problems, "actions.1.due"), "'tomorrow' is not a date for due"));
  CHECK(Contains(ProblemFor(problems, "actions.1.cost"), "cost takes a number, not 'cheap'"));
  CHECK(Contains(ProblemFor(problems, "actions"), "record 2 of actions was not posted"));
  CHECK(Contains(ProblemFor(problems, "actions.count"), "3 record(s) were posted"));
  CHECK(problems.size() == 14);
  CHECK(Show(f.cli, "dana", id)["version"] == before["version"]);
  CHECK(Show(f.cli, "dana", id)["answers"] == before["answers"]);

  // One at a time, the kinds left: a choice twice, a number that is none, text that is not
  // UTF-8, a non-records field posted as one, a post over the size bound.
  auto one = [&](std::vector<PostedField> fields, const std::string& field,
                 const std::string& expected) {
    CAPTURE(expected);
    auto result = engine->FillFields(dana, id, fields, &problems);
    CHECK(result.status().category() == ErrorCategory::kInvalidInput);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].field == field);
    CHECK(Contains(problems[0].message, expected));
  };
  one({{"groups", "black"}, {"groups", "black"}}, "groups", "'black' is chosen twice in groups");
  one({{"students", "12 students"}}, "students", "students takes a number, not '12 students'");
  one({{"story", "caf\xc3"}}, "story", "not UTF-8");
  one({{"name.1.first", "Ana"}}, "name.1.first", "name is not a list of records");
  one({{"actions", "Add a stop"}}, "actions", "actions is a list of records");
  one({{"story", std::string((1 << 20) + 1, 'a')}}, "", "the limit is");
  CHECK(Show(f.cli, "dana", id)["version"] == before["version"]);

  // Refused for another reason: no field problems, and the rule's own category.
  auto not_owner = engine->FillFields({"rey", std::nullopt, ""}, id, {{"name", "x"}}, &problems);
  CHECK(not_owner.status().category() == ErrorCategory::kForbidden);
  CHECK(problems.empty());
  auto other_department =
      engine->FillFields({"omar", std::nullopt, ""}, id, {{"name", "x"}}, &problems);
  CHECK(other_department.status().category() == ErrorCategory::kNotFound);
  CHECK(problems.empty());
  auto ombuds = engine->FillFields({"olga", std::nullopt, ""}, id, {{"name", "x"}}, &problems);
  CHECK(ombuds.status().category() == ErrorCategory::kForbidden);
}

TEST_CASE("permitted: what each role may run now, stage by stage, matches the commands") {
  ListingsFixture f;
  using Names = std::set<std::string>;
  const std::string id = f.Draft();

  // A draft: the filer comments and attaches data; reviewers comment; the ombuds nothing.
  CHECK(Permitted(f.cli, "dana", id) == Names{"comment", "data"});
  CHECK(Permitted(f.cli, "rey", id) == Names{"comment"});
  CHECK(Permitted(f.cli, "lee", id) == Names{"comment"});
  CHECK(Permitted(f.cli, "olga", id).empty());
  CHECK(f.Fill("dana", id, "name: x\n").exit_code == kRefused);  // a draft has no form to fill yet

  // Intake: the filer fills; reviewers may give feedback.
  f.cli.Ok("dana", {"act", id, "submit"});
  CHECK(Permitted(f.cli, "dana", id) == Names{"fill", "comment", "data"});
  CHECK(Permitted(f.cli, "rey", id) == Names{"comment", "feedback add"});
  CHECK(Permitted(f.cli, "olga", id).empty());
  CHECK(f.Fill("rey", id, "name: x\n").exit_code == kForbidden);  // not permitted: refused
  f.cli.Ok("rey", {"feedback", id, "add", "--kind", "question", "--section", "about", "--text",
                   "Who was asked?"});
  CHECK(Permitted(f.cli, "dana", id) == Names{"fill", "comment", "feedback answer", "data"});
  REQUIRE(f.Fill("dana", id, "name: Ana\nrisk_level: low\n").exit_code == 0);
  f.cli.Ok("dana", {"feedback", id, "answer", "1", "--disposition", "incorporated"});
  f.cli.Ok("dana", {"act", id, "submit"});

  // Review: reviewers hold it; the filer may still answer feedback and comment.
  CHECK(Permitted(f.cli, "dana", id) == Names{"comment", "feedback answer"});
  CHECK(Permitted(f.cli, "rey", id) == Names{"comment", "feedback add"});
  CHECK(Permitted(f.cli, "lee", id) == Names{"comment", "feedback add"});
  CHECK(f.cli.Run("dana", {"data", id, "--csv", SourceDir() + "/tests/data/equity/rr_4_00.csv"})
            .exit_code != 0);
  f.cli.Ok("rey", {"act", id, "accept"});

  // Sign-off: the lead fills the decision; the reviewer may not.
  CHECK(Permitted(f.cli, "lee", id) == Names{"fill", "comment", "feedback add"});
  CHECK(Permitted(f.cli, "rey", id) == Names{"comment", "feedback add"});
  CHECK(Permitted(f.cli, "sam", id) == Names{"comment", "feedback add"});
  REQUIRE(f.Fill("lee", id, "outcome: adjust\n").exit_code == 0);
  f.cli.Ok("lee", {"act", id, "approve"});

  // Signed off, with no actions to keep: only comments; the ombuds still nothing.
  CHECK(Permitted(f.cli, "dana", id) == Names{"comment"});
  CHECK(Permitted(f.cli, "lee", id) == Names{"comment"});
  CHECK(Permitted(f.cli, "olga", id).empty());
  f.cli.Ok("dana", {"comment", id, "--text", "Thank you."});

  // Withdrawn (an end): nothing for anyone.
  const std::string withdrawn = f.Draft("Withdrawn");
  f.cli.Ok("dana", {"act", withdrawn, "withdraw", "--note", "Not needed."});
  CHECK(Permitted(f.cli, "dana", withdrawn).empty());
  CHECK(Permitted(f.cli, "rey", withdrawn).empty());
}

}  // namespace equilens::testing
