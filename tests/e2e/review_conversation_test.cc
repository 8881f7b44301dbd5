// The conversation around an equity impact review, through the real binary and the SHIPPED
// workflows and forms: thought-partner feedback and its answers, approvals bound to the content
// they saw (and voided when it changes), the mitigation plan the route asks for, the sign-off
// decision, the mitigation actions tracked after sign-off, and the report-back that closes the
// review. Every scenario ends with `audit verify`, which replays the projections (feedback,
// approvals, tracked actions, report status) from the events and compares them.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e/form_answers.h"
#include "e2e/runtime_fixture.h"

namespace equilens::testing {
namespace {

using nlohmann::json;

// Exit codes (cli/exit_codes.cc, docs/cli.md).
constexpr int kNotFound = 3;
constexpr int kForbidden = 4;
constexpr int kRefused = 5;
constexpr int kInvalidInput = 7;

json Show(const Cli& cli, const std::string& user, const std::string& id) {
  return json::parse(cli.Ok(user, {"--json", "show", id}));
}

json OkJson(const Cli& cli, const std::string& user, std::vector<std::string> args) {
  args.insert(args.begin(), "--json");
  return json::parse(cli.Ok(user, args));
}

// `fill --json` with `answers` (JSON is YAML); requires exit 0 and returns the outcome.
json FillJson(RuntimeFixture& f, const std::string& user, const std::string& id,
              const json& answers) {
  static int counter = 0;
  const std::string path =
      f.dir.Write("conversation-" + std::to_string(++counter) + ".yaml", answers.dump(2));
  return OkJson(f.cli, user, {"fill", id, "--answers", path});
}

std::vector<std::string> Kinds(const json& history) {
  std::vector<std::string> kinds;
  for (const json& entry : history) kinds.push_back(entry["kind"]);
  return kinds;
}

int CountKind(const json& history, const std::string& kind) {
  int count = 0;
  for (const json& entry : history) count += entry["kind"] == kind ? 1 : 0;
  return count;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The blocked_by lines of `event` in a `show --json`, joined; "<absent>" when not offered.
std::string BlockedBy(const json& shown, const std::string& event) {
  for (const json& action : shown["action_details"]) {
    if (action["event"] != event) continue;
    std::string joined;
    for (const json& line : action["blocked_by"]) joined += line.get<std::string>() + "\n";
    return joined;
  }
  return "<absent>";
}

void ExpectIntact(const RuntimeFixture& f) {
  const json verified = OkJson(f.cli, "olga", {"audit", "verify"});
  INFO(verified.dump(2));
  CHECK(verified["intact"] == true);
  CHECK(verified["projection_differences"].empty());
  CHECK(verified["problem"] == "");
}

// Filed by dana under the shipped equity-impact-review, submitted and accepted at intake by
// rey: at assessment.
std::string FileAndAccept(RuntimeFixture& f, const std::string& title) {
  const std::string id =
      f.cli.Ok("dana", {"file", "--workflow", "equity-impact-review", "--title", title,
                        "--department", "transportation", "--summary", "Two half-empty routes."});
  f.cli.Ok("dana", {"act", id, "submit"});
  f.cli.Ok("rey", {"act", id, "accept"});
  REQUIRE(Show(f.cli, "dana", id)["stage"] == "assessment");
  return id;
}

// The whole shipped assessment, every field answered, with this risk level.
json Assessment(RuntimeFixture& f, const std::string& id, const std::string& risk) {
  const json shown = Show(f.cli, "dana", id);
  REQUIRE(shown["form"]["id"] == "equity-impact-assessment");
  json answers = AnswersFor(shown["form"]);
  answers["risk_level"] = risk;
  answers["risk_explanation"] = "Rated " + risk + " after the survey.";
  return answers;
}

// At assessment -> assessment filled with `risk` and submitted: at feedback.
void AssessAndSubmit(RuntimeFixture& f, const std::string& id, const std::string& risk) {
  const json filled = FillJson(f, "dana", id, Assessment(f, id, risk));
  REQUIRE(filled["complete"] == true);
  f.cli.Ok("dana", {"act", id, "submit"});
  REQUIRE(Show(f.cli, "rey", id)["stage"] == "feedback");
}

// A mitigation plan of three actions: the first owned by a job title (not a user) and already
// past due, the second owned by the user sam, the third by a job title and due far ahead.
json MitigationPlan() {
  return json{
      {"actions",
       json::array({{{"risk", "Students on Ash Ave. walk four more blocks after dark in winter."},
                     {"groups", {"economically_disadvantaged", "english_learners"}},
                     {"action", "Add a stop at Ash Ave. and Pine St. with a crossing guard."},
                     {"owner", "Transportation routing supervisor"},
                     {"due", "2020-01-01"},
                     {"resources", "Crossing guard hours from the safety budget."},
                     {"success_measure", "No rider walks more than 0.5 miles."}},
                    {{"risk", "Families may not hear about the change in time."},
                     {"groups", {"english_learners"}},
                     {"action", "Notices and texts in Spanish and Vietnamese."},
                     {"owner", "sam"},
                     {"due", "2098-06-30"},
                     {"resources", "Interpretation services contract."},
                     {"success_measure", "Every rider family reached, by call log."}},
                    {{"risk", "Drivers may miss the curb-to-curb riders."},
                     {"groups", {"students_with_disabilities"}},
                     {"action", "Brief every driver on the new stop and the IEP riders."},
                     {"owner", "Westside family engagement liaison"},
                     {"due", "2098-12-01"},
                     {"success_measure", "No IEP service missed in the first semester."}}})},
      {"early_warning", "Late-bus sign-ins reviewed monthly by group."},
      {"if_harm_continues", "Restore route 22 for the Ash Ave. loop."}};
}

json SignOff(const std::string& outcome) {
  return json{{"outcome", outcome},
              {"rationale", "Decided " + outcome + " on the assessment and the plan."},
              {"conditions", "Report the first month's figures by group to CESJ."},
              {"conditions_due", "2027-02-15"}};
}

// Low risk, accepted by rey at feedback: at signoff.
std::string AtSignoffLow(RuntimeFixture& f, const std::string& title) {
  const std::string id = FileAndAccept(f, title);
  AssessAndSubmit(f, id, "low");
  f.cli.Ok("rey", {"act", id, "accept"});
  REQUIRE(Show(f.cli, "lee", id)["stage"] == "signoff");
  return id;
}

// Medium risk, accepted by rey, plan filled and submitted: at signoff.
std::string AtSignoffWithPlan(RuntimeFixture& f, const std::string& title) {
  const std::string id = FileAndAccept(f, title);
  AssessAndSubmit(f, id, "medium");
  f.cli.Ok("rey", {"act", id, "accept"});
  REQUIRE(Show(f.cli, "dana", id)["stage"] == "mitigation");
  REQUIRE(FillJson(f, "dana", id, MitigationPlan())["complete"] == true);
  f.cli.Ok("dana", {"act", id, "submit"});
  REQUIRE(Show(f.cli, "lee", id)["stage"] == "signoff");
  return id;
}

// Signed off by lee (adjust): in monitoring.
void SignOffAdjust(RuntimeFixture& f, const std::string& id) {
  REQUIRE(FillJson(f, "lee", id, SignOff("adjust"))["complete"] == true);
  f.cli.Ok("lee", {"act", id, "approve", "--note", "Adjust: with the Ash Ave. stop."});
  REQUIRE(Show(f.cli, "olga", id)["lifecycle"] == "monitoring");
}

}  // namespace

TEST_CASE("conversation: feedback is given, answered item by item, and required to resubmit") {
  RuntimeFixture f(SourceDir() + "/workflows", SourceDir() + "/templates");
  const std::string id = FileAndAccept(f, "Consolidate bus routes 14 and 22");
  AssessAndSubmit(f, id, "low");

  // Two items from the thought partner, numbered in order.
  json added = OkJson(f.cli, "rey",
                      {"feedback", id, "add", "--kind", "concern", "--section", "engagement",
                       "--text", "Ash Ave. families were not asked."});
  CHECK(added["number"] == 1);
  CHECK(added["id"] == id);
  added = OkJson(f.cli, "rey",
                 {"feedback", id, "add", "--kind", "suggestion", "--section", "implementation",
                  "--text", "Keep a staffed pick-up table for two weeks."});
  CHECK(added["number"] == 2);

  // What a feedback item may be.
  ProcessResult bad_kind = f.cli.Run(
      "rey", {"feedback", id, "add", "--kind", "veto", "--section", "data", "--text", "No."});
  CHECK(bad_kind.exit_code == kInvalidInput);
  CHECK(Contains(bad_kind.err, "concern, suggestion, question, resource"));
  ProcessResult bad_section = f.cli.Run(
      "rey", {"feedback", id, "add", "--kind", "question", "--section", "budgets", "--text", "?"});
  CHECK(bad_section.exit_code == kInvalidInput);
  CHECK(Contains(bad_section.err, "'budgets'"));
  CHECK(Contains(bad_section.err, "engagement"));
  CHECK(f.cli
            .Run("rey", {"feedback", id, "add", "--kind", "question", "--section", "data", "--text",
                         "   "})
            .exit_code == kInvalidInput);

  // Who may give feedback and who answers it.
  ProcessResult by_filer = f.cli.Run("dana", {"feedback", id, "add", "--kind", "concern",
                                              "--section", "general", "--text", "Self-review."});
  CHECK(by_filer.exit_code == kForbidden);
  ProcessResult answered_by_reviewer =
      f.cli.Run("rey", {"feedback", id, "answer", "1", "--disposition", "incorporated"});
  CHECK(answered_by_reviewer.exit_code == kForbidden);
  CHECK(f.cli
            .Run("olga", {"feedback", id, "add", "--kind", "concern", "--section", "general",
                          "--text", "The ombuds only reads."})
            .exit_code == kForbidden);
  ProcessResult ombuds_answer =
      f.cli.Run("olga", {"feedback", id, "answer", "1", "--disposition", "incorporated"});
  CHECK(ombuds_answer.exit_code == kForbidden);
  CHECK(Contains(ombuds_answer.err, "ombuds"));
  // Another department's head cannot see the initiative at all: not_found, the same as for an
  // id that does not exist.
  ProcessResult other_answer =
      f.cli.Run("omar", {"feedback", id, "answer", "1", "--disposition", "incorporated"});
  CHECK(other_answer.exit_code == kNotFound);
  CHECK(Contains(other_answer.err, "no initiative " + id));
  CHECK(f.cli.Run("omar", {"feedback", id, "list"}).exit_code == kNotFound);
  CHECK(f.cli.Run("omar", {"show", id}).exit_code == kNotFound);
  // Raising feedback is for thought partners: a department head is refused by role before the
  // initiative is looked up, so the answer is the same as for an id that does not exist.
  ProcessResult other_add = f.cli.Run(
      "omar", {"feedback", id, "add", "--kind", "concern", "--section", "general", "--text", "x"});
  ProcessResult missing_add = f.cli.Run("omar", {"feedback", "EQ-2000-9999", "add", "--kind",
                                                 "concern", "--section", "general", "--text", "x"});
  CHECK(other_add.exit_code == kForbidden);
  CHECK(missing_add.exit_code == other_add.exit_code);
  CHECK(Show(f.cli, "rey", id)["feedback"].size() == 2);  // none of the refusals added one

  f.cli.Ok("rey", {"act", id, "request_changes", "--note", "Please answer both items."});
  REQUIRE(Show(f.cli, "dana", id)["stage"] == "assessment");

  // Both unanswered: the resubmission is refused and the refusal names each item.
  ProcessResult early = f.cli.Run("dana", {"act", id, "submit"});
  CHECK(early.exit_code == kRefused);
  CHECK(Contains(early.err, "item 1 (concern on engagement)"));
  CHECK(Contains(early.err, "item 2 (suggestion on implementation)"));
  CHECK(Contains(BlockedBy(Show(f.cli, "dana", id), "submit"), "unanswered: item 1"));

  json answered = OkJson(f.cli, "dana",
                         {"feedback", id, "answer", "1", "--disposition", "incorporated",
                          "--reason", "Two listening sessions at Ash Ave. (section 5)."});
  CHECK(answered["number"] == 1);
  CHECK(answered["content_change"]["voided"].empty());
  CHECK(answered["content_change"]["returned_to"] == "");

  // One left: still refused, and only item 2 is named.
  ProcessResult one_left = f.cli.Run("dana", {"act", id, "submit"});
  CHECK(one_left.exit_code == kRefused);
  CHECK(Contains(one_left.err, "unanswered: item 2 (suggestion on implementation)"));
  CHECK_FALSE(Contains(one_left.err, "item 1"));

  // Declining needs a reason; dispositions and item numbers are checked.
  const std::int64_t before_refusals = Show(f.cli, "dana", id)["version"];
  ProcessResult declined_bare =
      f.cli.Run("dana", {"feedback", id, "answer", "2", "--disposition", "declined"});
  CHECK(declined_bare.exit_code == kInvalidInput);
  CHECK(Contains(declined_bare.err, "reason"));
  CHECK(f.cli
            .Run("dana",
                 {"feedback", id, "answer", "2", "--disposition", "declined", "--reason", "  "})
            .exit_code == kInvalidInput);
  CHECK(f.cli.Run("dana", {"feedback", id, "answer", "2", "--disposition", "ignored"}).exit_code ==
        kInvalidInput);
  ProcessResult no_item =
      f.cli.Run("dana", {"feedback", id, "answer", "3", "--disposition", "incorporated"});
  CHECK(no_item.exit_code == kNotFound);
  CHECK(Contains(no_item.err, "no feedback item 3"));
  CHECK(Show(f.cli, "dana", id)["version"] == before_refusals);

  f.cli.Ok("dana", {"feedback", id, "answer", "2", "--disposition", "declined", "--reason",
                    "No staff for a table this year."});

  const json items = OkJson(f.cli, "rey", {"feedback", id, "list"});
  REQUIRE(items.size() == 2);
  CHECK(items[0]["number"] == 1);
  CHECK(items[0]["kind"] == "concern");
  CHECK(items[0]["section"] == "engagement");
  CHECK(items[0]["author"] == "rey");
  CHECK(items[0]["text"] == "Ash Ave. families were not asked.");
  CHECK(items[0]["answered"] == true);
  CHECK(items[0]["disposition"] == "incorporated");
  CHECK(items[0]["reason"] == "Two listening sessions at Ash Ave. (section 5).");
  CHECK(items[0]["answered_by"] == "dana");
  CHECK(items[1]["kind"] == "suggestion");
  CHECK(items[1]["disposition"] == "declined");
  CHECK(items[1]["reason"] == "No staff for a table this year.");
  // The ombuds reads them too.
  CHECK(OkJson(f.cli, "olga", {"feedback", id, "list"}) == items);

  f.cli.Ok("dana", {"act", id, "submit"});
  CHECK(Show(f.cli, "rey", id)["stage"] == "feedback");
  f.cli.Ok("rey", {"act", id, "accept"});

  const json shown = Show(f.cli, "lee", id);
  CHECK(shown["stage"] == "signoff");  // low risk
  CHECK(shown["feedback"] == items);
  REQUIRE(shown["approvals"].size() == 1);
  const json accept = shown["approvals"][0];
  CHECK(accept["event"] == "accept");
  CHECK(accept["actor"] == "rey");
  CHECK(accept["stage"] == "feedback");
  CHECK(accept["in_force"] == true);
  CHECK(accept["voided_because"] == "");
  // The accept is bound to exactly the content there is now.
  CHECK(accept["content_sha256"].get<std::string>().size() == 64);
  CHECK(accept["content_sha256"] == shown["content_sha256"]);
  // The intake accept came before the department wrote anything: it binds nothing and is no
  // approval, so the feedback accept is the only one.
  for (const json& approval : shown["approvals"]) CHECK(approval["stage"] != "intake");

  const json history = OkJson(f.cli, "olga", {"history", id});
  CHECK(CountKind(history, "feedback_added") == 2);
  CHECK(CountKind(history, "feedback_answered") == 2);
  CHECK(CountKind(history, "approvals_voided") == 0);
  ExpectIntact(f);
}

TEST_CASE("conversation: medium risk needs a mitigation plan, low risk goes straight to sign-off") {
  RuntimeFixture f(SourceDir() + "/workflows", SourceDir() + "/templates");

  const std::string low = FileAndAccept(f, "Low-risk bell change");
  AssessAndSubmit(f, low, "low");
  const json low_accept = OkJson(f.cli, "rey", {"act", low, "accept"});
  CHECK(low_accept["stage"] == "signoff");
  CHECK(low_accept["message"] == "moved from feedback to signoff");
  json shown = Show(f.cli, "lee", low);
  CHECK(shown["form"]["id"] == "sign-off");
  CHECK(shown["stage_path"] == json::array({"intake", "assessment", "feedback", "signoff"}));
  CHECK(shown["answers"].contains("mitigation") == false);

  const std::string medium = FileAndAccept(f, "Consolidate bus routes 14 and 22");
  AssessAndSubmit(f, medium, "medium");
  const json medium_accept = OkJson(f.cli, "rey", {"act", medium, "accept"});
  CHECK(medium_accept["stage"] == "mitigation");
  shown = Show(f.cli, "dana", medium);
  CHECK(shown["stage"] == "mitigation");
  CHECK(shown["stage_owner"] == "submitter");
  CHECK(shown["form"]["id"] == "mitigation-plan");
  CHECK_FALSE(shown["missing_required"].empty());

  // The plan must be complete, and feedback raised during mitigation answered, to submit.
  ProcessResult empty_plan = f.cli.Run("dana", {"act", medium, "submit"});
  CHECK(empty_plan.exit_code == kRefused);
  CHECK(Contains(empty_plan.err, "mitigation form is incomplete"));
  REQUIRE(FillJson(f, "dana", medium, MitigationPlan())["complete"] == true);
  f.cli.Ok("rey", {"feedback", medium, "add", "--kind", "resource", "--section", "actions",
                   "--text", "The district's interpretation contract covers robocalls."});
  ProcessResult unanswered = f.cli.Run("dana", {"act", medium, "submit"});
  CHECK(unanswered.exit_code == kRefused);
  CHECK(Contains(unanswered.err, "item 1 (resource on actions)"));
  f.cli.Ok("dana", {"feedback", medium, "answer", "1", "--disposition", "incorporated"});
  CHECK(OkJson(f.cli, "dana", {"act", medium, "submit"})["stage"] == "signoff");
  shown = Show(f.cli, "lee", medium);
  CHECK(shown["stage_path"] ==
        json::array({"intake", "assessment", "feedback", "mitigation", "signoff"}));
  CHECK(shown["answers"]["mitigation"]["complete"] == true);
  CHECK(shown["answers"]["mitigation"]["answers"]["actions"].size() == 3);
  ExpectIntact(f);
}

TEST_CASE("conversation: an approval is void once the content it saw changes") {
  RuntimeFixture f(SourceDir() + "/workflows", SourceDir() + "/templates");

  SUBCASE("the lead sends it back and the department changes an answer") {
    const std::string id = AtSignoffLow(f, "Later start for high schools");
    json shown = Show(f.cli, "lee", id);
    REQUIRE(shown["approvals"].size() == 1);
    const std::int64_t accept_seq = shown["approvals"][0]["seq"];
    const std::string accepted_content = shown["approvals"][0]["content_sha256"];

    CHECK(f.cli.Run("lee", {"act", id, "request_changes"}).exit_code == kRefused);  // no note
    f.cli.Ok("lee", {"act", id, "request_changes", "--note", "Rate the risk again."});
    shown = Show(f.cli, "dana", id);
    CHECK(shown["stage"] == "assessment");
    CHECK(shown["approvals"][0]["in_force"] == true);  // nothing has changed yet

    // Saving the same answers again changes nothing and voids nothing.
    json same = Assessment(f, id, "low");
    const json unchanged = FillJson(f, "dana", id, same);
    CHECK(unchanged["version"] == shown["version"]);
    CHECK(unchanged["content_change"]["voided"].empty());
    CHECK(Show(f.cli, "dana", id)["approvals"][0]["in_force"] == true);

    json changed = same;
    changed["risk_explanation"] = "Rated low again: the Ash Ave. stop removes the long walk.";
    const json filled = FillJson(f, "dana", id, changed);
    CHECK(filled["stage"] == "assessment");
    CHECK(filled["content_change"]["voided"] ==
          json::array({"accept by rey at feedback (event " + std::to_string(accept_seq) + ")"}));
    CHECK(filled["content_change"]["returned_to"] == "");  // the department holds it

    shown = Show(f.cli, "dana", id);
    CHECK(shown["stage"] == "assessment");
    CHECK(shown["lifecycle"] == "in_review");
    REQUIRE(shown["approvals"].size() == 1);
    const json voided = shown["approvals"][0];
    CHECK(voided["in_force"] == false);
    CHECK(voided["seq"] == accept_seq);
    CHECK(voided["content_sha256"] == accepted_content);
    CHECK(voided["voided_at"] != "");
    CHECK(voided["voided_because"] ==
          "dana changed the answers to assessment after it was approved");
    CHECK(shown["content_sha256"] != accepted_content);

    const json history = OkJson(f.cli, "olga", {"history", id});
    REQUIRE(CountKind(history, "approvals_voided") == 1);
    for (const json& entry : history) {
      if (entry["kind"] != "approvals_voided") continue;
      CHECK(entry["actor"] == "dana");
      CHECK(Contains(entry["what"], "dana changed the answers to assessment"));
    }

    // The route carries it back to review: a new accept, in force, beside the void one.
    f.cli.Ok("dana", {"act", id, "submit"});
    f.cli.Ok("rey", {"act", id, "accept"});
    shown = Show(f.cli, "lee", id);
    CHECK(shown["stage"] == "signoff");
    REQUIRE(shown["approvals"].size() == 2);
    CHECK(shown["approvals"][0]["in_force"] == false);
    CHECK(shown["approvals"][1]["in_force"] == true);
    CHECK(shown["approvals"][1]["content_sha256"] == shown["content_sha256"]);
  }

  SUBCASE("a changed feedback answer at sign-off sends it back to feedback") {
    const std::string id = FileAndAccept(f, "Later start for high schools");
    AssessAndSubmit(f, id, "low");
    f.cli.Ok("rey", {"feedback", id, "add", "--kind", "question", "--section", "data", "--text",
                     "Which year are the ridership figures from?"});
    f.cli.Ok("rey", {"act", id, "request_changes", "--note", "One question."});
    f.cli.Ok("dana", {"feedback", id, "answer", "1", "--disposition", "incorporated", "--reason",
                      "2025-26, now in section 3."});
    f.cli.Ok("dana", {"act", id, "submit"});
    f.cli.Ok("rey", {"act", id, "accept"});
    json shown = Show(f.cli, "lee", id);
    REQUIRE(shown["stage"] == "signoff");
    REQUIRE(shown["approvals"].size() == 1);
    const std::int64_t accept_seq = shown["approvals"][0]["seq"];
    const std::int64_t version = shown["version"];

    // The same answer again: nothing is recorded, nothing is voided.
    const json same = OkJson(f.cli, "dana",
                             {"feedback", id, "answer", "1", "--disposition", "incorporated",
                              "--reason", "2025-26, now in section 3."});
    CHECK(same["version"] == version);
    CHECK(same["content_change"]["voided"].empty());
    CHECK(same["content_change"]["returned_to"] == "");
    shown = Show(f.cli, "lee", id);
    CHECK(shown["version"] == version);
    CHECK(shown["stage"] == "signoff");
    CHECK(shown["approvals"][0]["in_force"] == true);

    // A different answer voids the accept that saw the old one, and the initiative goes back
    // to feedback: the lead may not sign off content the reviewer has not seen.
    const json changed = OkJson(f.cli, "dana",
                                {"feedback", id, "answer", "1", "--disposition",
                                 "partly_incorporated", "--reason", "Only 2025-26 is available."});
    CHECK(changed["number"] == 1);
    CHECK(changed["version"] > version);
    CHECK(changed["content_change"]["voided"] ==
          json::array({"accept by rey at feedback (event " + std::to_string(accept_seq) + ")"}));
    CHECK(changed["content_change"]["returned_to"] == "feedback");

    shown = Show(f.cli, "lee", id);
    CHECK(shown["stage"] == "feedback");
    CHECK(shown["lifecycle"] == "in_review");
    CHECK(shown["stage_owner"] == "cesj_reviewer");
    CHECK(shown["stage_path"] == json::array({"intake", "assessment", "feedback", "assessment",
                                              "feedback", "signoff", "feedback"}));
    CHECK(shown["approvals"][0]["in_force"] == false);
    const std::string because = shown["approvals"][0]["voided_because"];
    CHECK(Contains(because, "dana changed the answer to feedback item 1"));
    CHECK(Contains(because, "back to feedback"));
    CHECK(BlockedBy(shown, "approve") == "<absent>");  // not at sign-off any more
    CHECK(f.cli.Run("lee", {"act", id, "approve"}).exit_code != 0);

    // The reviewer has it again.
    const json inbox = OkJson(f.cli, "rey", {"inbox"});
    bool waiting = false;
    for (const json& item : inbox)
      waiting = waiting || (item["id"] == id && item["stage"] == "feedback");
    CHECK(waiting);

    const json history = OkJson(f.cli, "olga", {"history", id});
    CHECK(CountKind(history, "approvals_voided") == 1);
    CHECK(Kinds(history).back() == "approvals_voided");

    f.cli.Ok("rey", {"act", id, "accept"});
    shown = Show(f.cli, "lee", id);
    CHECK(shown["stage"] == "signoff");
    REQUIRE(shown["approvals"].size() == 2);
    CHECK(shown["approvals"][1]["in_force"] == true);
  }

  SUBCASE("a mitigation plan written after the accept does not void it") {
    const std::string id = FileAndAccept(f, "Consolidate bus routes 14 and 22");
    AssessAndSubmit(f, id, "medium");
    f.cli.Ok("rey", {"act", id, "accept"});
    json shown = Show(f.cli, "dana", id);
    REQUIRE(shown["stage"] == "mitigation");
    REQUIRE(shown["approvals"].size() == 1);
    const std::string accepted_content = shown["approvals"][0]["content_sha256"];
    CHECK(accepted_content == shown["content_sha256"]);

    const json planned = FillJson(f, "dana", id, MitigationPlan());
    CHECK(planned["complete"] == true);
    CHECK(planned["content_change"]["voided"].empty());
    CHECK(planned["content_change"]["returned_to"] == "");
    json revised = MitigationPlan();
    revised["early_warning"] = "Late-bus sign-ins reviewed weekly by group.";
    CHECK(FillJson(f, "dana", id, revised)["content_change"]["voided"].empty());

    shown = Show(f.cli, "dana", id);
    CHECK(shown["stage"] == "mitigation");
    CHECK(shown["approvals"][0]["in_force"] == true);
    CHECK(shown["content_sha256"] != accepted_content);  // the content grew by the plan
    f.cli.Ok("dana", {"act", id, "submit"});
    shown = Show(f.cli, "lee", id);
    CHECK(shown["stage"] == "signoff");
    CHECK(shown["approvals"][0]["in_force"] == true);
    CHECK(CountKind(OkJson(f.cli, "olga", {"history", id}), "approvals_voided") == 0);
  }

  ExpectIntact(f);
}

TEST_CASE("conversation: sign-off approves on no_change, adjust or continue, and declines a stop") {
  RuntimeFixture f(SourceDir() + "/workflows", SourceDir() + "/templates");

  for (const char* outcome : {"no_change", "adjust", "continue_with_justification"}) {
    const std::string outcome_name = outcome;
    CAPTURE(outcome_name);
    const std::string id = AtSignoffLow(f, std::string("Sign-off ") + outcome);
    // The sign-off form is the lead's, and approving needs it complete.
    ProcessResult unfilled = f.cli.Run("lee", {"act", id, "approve"});
    CHECK(unfilled.exit_code == kRefused);
    CHECK(Contains(unfilled.err, "signoff form is incomplete"));
    const std::string path =
        f.dir.Write(std::string("signoff-") + outcome + ".yaml", SignOff(outcome).dump());
    CHECK(f.cli.Run("dana", {"fill", id, "--answers", path}).exit_code == kForbidden);
    CHECK(f.cli.Run("rey", {"fill", id, "--answers", path}).exit_code == kForbidden);
    REQUIRE(FillJson(f, "lee", id, SignOff(outcome))["complete"] == true);

    ProcessResult decline = f.cli.Run("lee", {"act", id, "decline", "--note", "No."});
    CHECK(decline.exit_code == kRefused);
    CHECK(Contains(decline.err, "no condition holds"));
    const json approved = OkJson(f.cli, "lee", {"act", id, "approve", "--note", "Signed off."});
    CHECK(approved["lifecycle"] == "monitoring");
    const json shown = Show(f.cli, "olga", id);
    CHECK(shown["lifecycle"] == "monitoring");
    CHECK(shown["report_status"] == "due");
    CHECK(shown["answers"]["signoff"]["answers"]["outcome"] == outcome);
    CHECK(shown["stage_path"].back() == "approved");
    REQUIRE(shown["approvals"].size() == 2);
    CHECK(shown["approvals"][1]["event"] == "approve");
    CHECK(shown["approvals"][1]["actor"] == "lee");
    CHECK(shown["approvals"][1]["stage"] == "signoff");
    CHECK(shown["approvals"][1]["in_force"] == true);
    CHECK(shown["tracked_actions"].empty());  // low risk: no plan
  }

  const std::string id = AtSignoffLow(f, "Sign-off stop");
  REQUIRE(FillJson(f, "lee", id, SignOff("stop"))["complete"] == true);
  ProcessResult approve = f.cli.Run("lee", {"act", id, "approve", "--note", "Go ahead."});
  CHECK(approve.exit_code == kRefused);
  CHECK(Contains(approve.err, "no condition holds"));
  ProcessResult bare = f.cli.Run("lee", {"act", id, "decline"});
  CHECK(bare.exit_code == kRefused);
  CHECK(Contains(bare.err, "needs a note"));
  CHECK(Show(f.cli, "lee", id)["stage"] == "signoff");
  const json declined =
      OkJson(f.cli, "lee", {"act", id, "decline", "--note", "The burden cannot be removed."});
  CHECK(declined["lifecycle"] == "rejected");
  const json shown = Show(f.cli, "olga", id);
  CHECK(shown["lifecycle"] == "rejected");
  CHECK(shown["stage_path"].back() == "declined");
  CHECK(shown["report_status"] == "");
  CHECK(shown["tracked_actions"].empty());
  CHECK(shown["approvals"].size() == 1);  // decline is no approval
  // Nothing changes after the end.
  CHECK(f.cli.Run("dana", {"act", id, "submit"}).exit_code != 0);
  CHECK(f.cli
            .Run("rey", {"feedback", id, "add", "--kind", "concern", "--section", "general",
                         "--text", "Too late."})
            .exit_code == kRefused);
  ExpectIntact(f);
}

TEST_CASE("conversation: mitigation actions are tracked after sign-off") {
  RuntimeFixture f(SourceDir() + "/workflows", SourceDir() + "/templates");
  const std::string id = AtSignoffWithPlan(f, "Consolidate bus routes 14 and 22");

  // Nothing is tracked before sign-off, and no status can be kept yet.
  CHECK(OkJson(f.cli, "dana", {"mitigation", id, "list"}).empty());
  ProcessResult early = f.cli.Run("dana", {"mitigation", id, "status", "1", "--status", "done"});
  CHECK(early.exit_code == kRefused);
  CHECK(Contains(early.err, "after sign-off"));

  REQUIRE(FillJson(f, "lee", id, SignOff("adjust"))["complete"] == true);
  const json approved = OkJson(f.cli, "lee", {"act", id, "approve", "--note", "Adjust."});
  CHECK(Contains(approved["message"], "3 mitigation action(s) now tracked"));

  const json plan = MitigationPlan()["actions"];
  json actions = OkJson(f.cli, "dana", {"mitigation", id, "list"});
  REQUIRE(actions.size() == plan.size());
  for (std::size_t i = 0; i < actions.size(); ++i) {
    CAPTURE(i);
    CHECK(actions[i]["initiative"] == id);
    CHECK(actions[i]["number"] == i + 1);
    CHECK(actions[i]["status"] == "planned");
    CHECK(actions[i]["risk"] == plan[i]["risk"]);
    CHECK(actions[i]["action"] == plan[i]["action"]);
    CHECK(actions[i]["owner"] == plan[i]["owner"]);
    CHECK(actions[i]["due"] == plan[i]["due"]);
    CHECK(actions[i]["success_measure"] == plan[i]["success_measure"]);
    CHECK(actions[i]["updated_by"] == "lee");
  }
  CHECK(actions[0]["groups"] == "economically_disadvantaged, english_learners");
  CHECK(actions[0]["resources"] == "Crossing guard hours from the safety budget.");
  CHECK(actions[2]["resources"] == "");
  CHECK(actions[0]["overdue"] == true);  // due 2020-01-01
  CHECK(actions[1]["overdue"] == false);
  CHECK(actions[2]["overdue"] == false);
  CHECK(Show(f.cli, "olga", id)["tracked_actions"] == actions);
  CHECK(OkJson(f.cli, "olga", {"mitigation", id, "list"}) == actions);
  CHECK(f.cli.Run("omar", {"mitigation", id, "list"}).exit_code == kNotFound);

  // The overdue action owned by a job title (not a user) waits in the filer's inbox; the one
  // due in 2098, also owned by a job title, does not.
  json inbox = OkJson(f.cli, "dana", {"inbox"});
  std::vector<json> overdue_items;
  for (const json& item : inbox) {
    if (item["stage"] == "mitigation_action") overdue_items.push_back(item);
  }
  REQUIRE(overdue_items.size() == 1);
  CHECK(overdue_items[0]["id"] == id);
  CHECK(overdue_items[0]["overdue"] == true);
  CHECK(overdue_items[0]["due"] == "2020-01-01");
  CHECK(overdue_items[0]["stage_title"] == "Mitigation action 1");
  CHECK(Contains(overdue_items[0]["why"], "mitigation action 1 is overdue"));
  // sam owns action 2, due in 2098: nothing overdue for sam.
  for (const json& item : OkJson(f.cli, "sam", {"inbox"})) {
    CHECK(item["stage"] != "mitigation_action");
  }

  // Who keeps the statuses: the department, and the owner named by user name.
  const json started =
      OkJson(f.cli, "dana", {"mitigation", id, "status", "3", "--status", "in_progress"});
  CHECK(started["number"] == 3);
  CHECK(started["status"] == "in_progress");
  CHECK(started["updated_by"] == "dana");
  ProcessResult drop_bare =
      f.cli.Run("dana", {"mitigation", id, "status", "3", "--status", "dropped"});
  CHECK(drop_bare.exit_code == kInvalidInput);
  CHECK(Contains(drop_bare.err, "reason"));
  CHECK(f.cli.Run("dana", {"mitigation", id, "status", "3", "--status", "paused"}).exit_code ==
        kInvalidInput);
  CHECK(f.cli.Run("dana", {"mitigation", id, "status", "9", "--status", "done"}).exit_code ==
        kNotFound);
  const json dropped = OkJson(f.cli, "dana",
                              {"mitigation", id, "status", "3", "--status", "dropped", "--reason",
                               "The drivers' union briefing covers it."});
  CHECK(dropped["status"] == "dropped");
  CHECK(dropped["status_reason"] == "The drivers' union briefing covers it.");
  CHECK(dropped["overdue"] == false);

  ProcessResult not_owner = f.cli.Run("rey", {"mitigation", id, "status", "2", "--status", "done"});
  CHECK(not_owner.exit_code == kForbidden);
  CHECK(Contains(not_owner.err, "(sam)"));
  CHECK(f.cli.Run("rey", {"mitigation", id, "status", "1", "--status", "done"}).exit_code ==
        kForbidden);
  CHECK(f.cli.Run("olga", {"mitigation", id, "status", "1", "--status", "done"}).exit_code ==
        kForbidden);
  CHECK(f.cli.Run("omar", {"mitigation", id, "status", "1", "--status", "done"}).exit_code ==
        kNotFound);
  const json by_owner =
      OkJson(f.cli, "sam", {"mitigation", id, "status", "2", "--status", "in_progress"});
  CHECK(by_owner["status"] == "in_progress");
  CHECK(by_owner["updated_by"] == "sam");

  // District-wide: everything open and due before the day asked about.
  const json by_2099 = OkJson(f.cli, "olga", {"mitigation", "overdue", "--as-of", "2099-01-01"});
  REQUIRE(by_2099.size() == 2);  // action 3 is dropped
  CHECK(by_2099[0]["initiative"] == id);
  CHECK(by_2099[0]["number"] == 1);
  CHECK(by_2099[0]["overdue"] == true);
  CHECK(by_2099[1]["number"] == 2);
  CHECK(by_2099[1]["status"] == "in_progress");
  CHECK(by_2099[1]["overdue"] == true);
  CHECK(OkJson(f.cli, "dana", {"mitigation", "overdue", "--as-of", "2099-01-01"}) == by_2099);
  CHECK(OkJson(f.cli, "omar", {"mitigation", "overdue", "--as-of", "2099-01-01"}).empty());
  CHECK(OkJson(f.cli, "olga", {"mitigation", "overdue", "--as-of", "2020-01-01"}).empty());
  const json today = OkJson(f.cli, "olga", {"mitigation", "overdue"});
  REQUIRE(today.size() == 1);
  CHECK(today[0]["number"] == 1);
  for (const char* bad : {"01/01/2099", "tomorrow", "2099-1-1", "20990101"}) {
    const std::string bad_date = bad;
    CAPTURE(bad_date);
    ProcessResult refused = f.cli.Run("olga", {"mitigation", "overdue", "--as-of", bad});
    CHECK(refused.exit_code == kInvalidInput);
  }
  CHECK(f.cli.Run("olga", {"mitigation", id, "overdue"}).exit_code == 2);  // takes no id

  // Done: off the inbox and off the overdue list.
  f.cli.Ok("dana", {"mitigation", id, "status", "1", "--status", "done"});
  for (const json& item : OkJson(f.cli, "dana", {"inbox"})) {
    CHECK(item["stage"] != "mitigation_action");
  }
  CHECK(OkJson(f.cli, "olga", {"mitigation", "overdue"}).empty());
  actions = OkJson(f.cli, "dana", {"mitigation", id, "list"});
  CHECK(actions[0]["status"] == "done");
  CHECK(actions[0]["overdue"] == false);

  // The same status again records nothing.
  const std::int64_t version = Show(f.cli, "dana", id)["version"];
  f.cli.Ok("dana", {"mitigation", id, "status", "1", "--status", "done"});
  CHECK(Show(f.cli, "dana", id)["version"] == version);

  const json history = OkJson(f.cli, "olga", {"history", id});
  CHECK(CountKind(history, "actions_adopted") == 1);
  CHECK(CountKind(history, "action_status_set") == 4);
  ExpectIntact(f);
}

TEST_CASE("conversation: the report-back is submitted, sent back, and accepted to close") {
  RuntimeFixture f(SourceDir() + "/workflows", SourceDir() + "/templates");
  const std::string id = AtSignoffWithPlan(f, "Consolidate bus routes 14 and 22");
  SignOffAdjust(f, id);

  json shown = Show(f.cli, "dana", id);
  CHECK(shown["lifecycle"] == "monitoring");
  CHECK(shown["stage"] == "report_back");
  CHECK(shown["report_status"] == "due");
  REQUIRE(shown["form"].is_object());
  CHECK(shown["form"]["id"] == "report-back");
  CHECK_FALSE(shown["missing_required"].empty());

  ProcessResult too_soon = f.cli.Run("dana", {"act", id, "submit"});
  CHECK(too_soon.exit_code == kRefused);
  CHECK(Contains(too_soon.err, "report-back form is incomplete"));
  ProcessResult nothing_to_accept = f.cli.Run("rey", {"act", id, "accept"});
  CHECK(nothing_to_accept.exit_code == kRefused);

  json report = AnswersFor(shown["form"]);
  report["next_step"] = "continue";
  const std::string path = f.dir.Write("report-by-rey.yaml", report.dump());
  CHECK(f.cli.Run("rey", {"fill", id, "--answers", path}).exit_code == kForbidden);
  CHECK(FillJson(f, "dana", id, report)["complete"] == true);

  const json submitted = OkJson(f.cli, "dana", {"act", id, "submit", "--note", "Semester 1."});
  CHECK(submitted["lifecycle"] == "monitoring");
  CHECK(Show(f.cli, "rey", id)["report_status"] == "submitted");
  bool rey_has_it = false;
  for (const json& item : OkJson(f.cli, "rey", {"inbox"})) {
    if (item["id"] != id) continue;
    rey_has_it = true;
    CHECK(item["why"] == "review the report-back: accept or send back");
  }
  CHECK(rey_has_it);
  // Submitted: the department waits.
  report["next_step_plan"] = "Changed my mind while it was under review.";
  const std::string late = f.dir.Write("report-late.yaml", report.dump());
  CHECK(f.cli.Run("dana", {"fill", id, "--answers", late}).exit_code == kRefused);

  // Accepting is for the reviewers, not the filer nor the lead.
  CHECK(f.cli.Run("dana", {"act", id, "accept"}).exit_code == kForbidden);
  CHECK(f.cli.Run("lee", {"act", id, "accept"}).exit_code == kForbidden);
  CHECK(f.cli.Run("olga", {"act", id, "accept"}).exit_code == kForbidden);
  CHECK(Show(f.cli, "rey", id)["report_status"] == "submitted");

  ProcessResult bare = f.cli.Run("rey", {"act", id, "send_back"});
  CHECK(bare.exit_code == kRefused);
  CHECK(Contains(bare.err, "needs a note"));
  f.cli.Ok("rey", {"act", id, "send_back", "--note", "Results by group, please."});
  shown = Show(f.cli, "dana", id);
  CHECK(shown["report_status"] == "returned");
  CHECK(shown["lifecycle"] == "monitoring");
  bool dana_has_it = false;
  for (const json& item : OkJson(f.cli, "dana", {"inbox"})) {
    dana_has_it |= item["id"] == id && item["stage"] == "report_back";
  }
  CHECK(dana_has_it);

  report["next_step_plan"] = "Keep the consolidated route; results by group attached.";
  CHECK(FillJson(f, "dana", id, report)["complete"] == true);
  f.cli.Ok("dana", {"act", id, "submit"});
  CHECK(Show(f.cli, "rey", id)["report_status"] == "submitted");

  const json accepted = OkJson(f.cli, "rey", {"act", id, "accept", "--note", "Thank you."});
  CHECK(accepted["lifecycle"] == "closed");
  shown = Show(f.cli, "olga", id);
  CHECK(shown["lifecycle"] == "closed");
  CHECK(shown["report_status"] == "accepted");
  CHECK(shown["answers"]["report_back"]["answers"]["next_step_plan"] ==
        "Keep the consolidated route; results by group attached.");

  // Closed: the report and the actions are final, and nothing is overdue any more.
  ProcessResult refill = f.cli.Run("dana", {"fill", id, "--answers", path});
  CHECK(refill.exit_code == kRefused);
  CHECK(f.cli.Run("dana", {"act", id, "submit"}).exit_code != 0);
  CHECK(f.cli.Run("rey", {"act", id, "accept"}).exit_code != 0);
  CHECK(f.cli.Run("dana", {"mitigation", id, "status", "1", "--status", "done"}).exit_code ==
        kRefused);
  for (const json& item : OkJson(f.cli, "dana", {"inbox"})) CHECK(item["id"] != id);
  CHECK(OkJson(f.cli, "olga", {"mitigation", "overdue", "--as-of", "2099-01-01"}).empty());
  CHECK(Show(f.cli, "olga", id)["tracked_actions"][0]["overdue"] == false);

  const json history = OkJson(f.cli, "olga", {"history", id});
  CHECK(CountKind(history, "report_submitted") == 2);
  CHECK(CountKind(history, "report_returned") == 1);
  CHECK(CountKind(history, "report_accepted") == 1);
  CHECK(Kinds(history).back() == "closed");
  ExpectIntact(f);
}

// Regression (a bug at 2956a33, fixed in cf70864 with IsIsoDate): OverdueActions' IsDate
// (engine/runtime/tracked_actions.cc) checked only the shape (10 characters, '-' at 4 and 7, digits
// or '-' elsewhere), so a month 13 or a "2099-1--01" was taken and compared as text against due
// dates.
// Showing an initiative lists the actions its reader may take; for the lead (`close`, `hold`)
// and the reviewers (`return`) that weighs lifecycle events against the current stage's
// segregation rules, and at the report_back pseudo-stage, which is no stage of the workflow,
// that dereferenced a null stage (route.cc CheckSegregation) and crashed the process.
TEST_CASE("regression: the lead and a reviewer can show an initiative at the report-back") {
  RuntimeFixture f(SourceDir() + "/workflows", SourceDir() + "/templates");
  const std::string id = AtSignoffWithPlan(f, "Consolidate bus routes 14 and 22");
  SignOffAdjust(f, id);
  for (const std::string user : {"lee", "rey", "sam", "dana", "olga"}) {
    CAPTURE(user);
    const ProcessResult shown = f.cli.Run(user, {"--json", "show", id});
    REQUIRE(shown.exit_code == 0);
    const json view = json::parse(shown.out);
    CHECK(view["lifecycle"] == "monitoring");
    CHECK(view["stage"] == "report_back");
    CHECK(view["action_details"].is_array());
  }
  // The lead may close the review from monitoring; the reviewers decide on a submitted report.
  CHECK(BlockedBy(Show(f.cli, "lee", id), "close") == "");
  CHECK(BlockedBy(Show(f.cli, "dana", id), "close") == "<absent>");
  // The statement, built from the same view, renders for them too.
  CHECK(f.cli.Run("lee", {"report", id}).exit_code == 0);
  CHECK(f.cli.Run("rey", {"report", id}).exit_code == 0);
  ExpectIntact(f);
}

TEST_CASE("conversation: mitigation overdue refuses an --as-of that is not a calendar date") {
  RuntimeFixture f(SourceDir() + "/workflows", SourceDir() + "/templates");
  for (const char* bad : {"2099-13-45", "2099-1--01", "2099-02-30"}) {
    const std::string bad_date = bad;
    CAPTURE(bad_date);
    ProcessResult refused = f.cli.Run("olga", {"mitigation", "overdue", "--as-of", bad});
    CHECK(refused.exit_code == kInvalidInput);
  }
}

// Regression (a bug at 2956a33 and cf70864; the fix was uncommitted in the working tree when
// this was written): a write repeated with the same --request-id must return the first
// outcome without acting again (engine.h, CommandOptions::request_id). AddFeedback set the
// item number only inside the decision, which a repeat skips, so the repeat reported item 0
// (engine/runtime/feedback_commands.cc, `outcome.number = ...` in the lambda), and
// SetActionStatus filled `updated` only inside the decision, so the repeat failed with
// "internal: action 1 was not read" (engine/runtime/tracked_actions.cc, `if (!updated)`).
TEST_CASE("conversation: a repeated request id returns the first outcome of feedback and status") {
  RuntimeFixture f(SourceDir() + "/workflows", SourceDir() + "/templates");
  const std::string id = FileAndAccept(f, "Consolidate bus routes 14 and 22");
  AssessAndSubmit(f, id, "medium");
  const std::vector<std::string> add = {
      "feedback", id,       "add",         "--kind",       "concern", "--section",
      "data",     "--text", "Which year?", "--request-id", "fb-1"};
  const json first = OkJson(f.cli, "rey", add);
  const json again = OkJson(f.cli, "rey", add);
  CHECK(first["number"] == 1);
  CHECK(again["repeated"] == true);
  CHECK(again["number"] == first["number"]);
  CHECK(Show(f.cli, "rey", id)["feedback"].size() == 1);

  f.cli.Ok("rey", {"act", id, "request_changes", "--note", "One question."});
  f.cli.Ok("dana", {"feedback", id, "answer", "1", "--disposition", "incorporated"});
  f.cli.Ok("dana", {"act", id, "submit"});
  f.cli.Ok("rey", {"act", id, "accept"});
  REQUIRE(FillJson(f, "dana", id, MitigationPlan())["complete"] == true);
  f.cli.Ok("dana", {"act", id, "submit"});
  SignOffAdjust(f, id);

  const std::vector<std::string> status = {
      "mitigation", id, "status", "2", "--status", "in_progress", "--request-id", "st-1"};
  const json set = OkJson(f.cli, "dana", status);
  CHECK(set["status"] == "in_progress");
  const std::int64_t version = Show(f.cli, "dana", id)["version"];
  ProcessResult repeated = f.cli.Run("dana", {"--json", "mitigation", id, "status", "2", "--status",
                                              "in_progress", "--request-id", "st-1"});
  INFO(repeated.err);
  CHECK(repeated.exit_code == 0);
  CHECK(Show(f.cli, "dana", id)["version"] == version);
  ExpectIntact(f);
}

// Regression (a bug at 2956a33, fixed in cf70864): giving feedback did not count as acting in a
// stage, so the lead who raised an item could sign off. The shipped workflow says the lead who
// signs off "may not have filed the initiative or given its feedback"
// (workflows/equity-impact-review.yaml, stage signoff), through `distinct_from: [submitter,
// feedback]`.
TEST_CASE("conversation: a lead who raised feedback items may not sign off") {
  RuntimeFixture f(SourceDir() + "/workflows", SourceDir() + "/templates");
  const std::string id = FileAndAccept(f, "Later start for high schools");
  AssessAndSubmit(f, id, "low");
  f.cli.Ok("lee", {"feedback", id, "add", "--kind", "concern", "--section", "engagement", "--text",
                   "Ask the Ash Ave. families first."});
  f.cli.Ok("rey", {"act", id, "request_changes", "--note", "Answer the lead's concern."});
  f.cli.Ok("dana", {"feedback", id, "answer", "1", "--disposition", "incorporated"});
  f.cli.Ok("dana", {"act", id, "submit"});
  f.cli.Ok("rey", {"act", id, "accept"});
  REQUIRE(Show(f.cli, "lee", id)["stage"] == "signoff");
  const std::string path = f.dir.Write("signoff-by-feedback-author.yaml", SignOff("adjust").dump());
  CHECK(f.cli.Run("lee", {"fill", id, "--answers", path}).exit_code == kRefused);
  ProcessResult approve = f.cli.Run("lee", {"act", id, "approve", "--note", "Signed off."});
  CHECK(approve.exit_code == kRefused);
  CHECK(Contains(approve.err, "feedback"));
  CHECK(Show(f.cli, "olga", id)["lifecycle"] == "in_review");
  ExpectIntact(f);
}

// BUG (still open after cf70864): giving feedback now counts as acting in the stage the
// initiative is at when it is given (feedback_added's "stage"; engine/runtime/
// feedback_commands.cc, projector.cc RecordStageAction(..., Text(p, "stage"), "feedback")). A
// lead who raises an item while the department is revising (stage assessment, after
// request_changes) has given the initiative's feedback all the same, yet is not excluded by
// sign-off's `distinct_from: [submitter, feedback]` and signs off.
TEST_CASE("conversation: a lead who raised feedback during the revision may not sign off") {
  RuntimeFixture f(SourceDir() + "/workflows", SourceDir() + "/templates");
  const std::string id = FileAndAccept(f, "Later start for high schools");
  AssessAndSubmit(f, id, "low");
  f.cli.Ok("rey", {"act", id, "request_changes", "--note", "Show ridership by school."});
  REQUIRE(Show(f.cli, "lee", id)["stage"] == "assessment");
  f.cli.Ok("lee", {"feedback", id, "add", "--kind", "concern", "--section", "engagement", "--text",
                   "Ask the Ash Ave. families first."});
  f.cli.Ok("dana", {"feedback", id, "answer", "1", "--disposition", "incorporated"});
  f.cli.Ok("dana", {"act", id, "submit"});
  f.cli.Ok("rey", {"act", id, "accept"});
  REQUIRE(Show(f.cli, "lee", id)["stage"] == "signoff");
  const std::string path = f.dir.Write("signoff-by-reviser.yaml", SignOff("adjust").dump());
  f.cli.Run("lee", {"fill", id, "--answers", path});
  ProcessResult approve = f.cli.Run("lee", {"act", id, "approve", "--note", "Signed off."});
  CHECK(approve.exit_code == kRefused);
  CHECK(Show(f.cli, "olga", id)["lifecycle"] == "in_review");
  ExpectIntact(f);
}

}  // namespace equilens::testing
