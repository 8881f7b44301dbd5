// The escalation pass through the real binary (docs/escalation.md): on hand-made histories with
// chosen dates (tests/e2e/hand_made_history.h) and the example district calendar, `escalate
// --as-of` reminds on the exact school day, counts across weekends and holidays, records each
// step once per stage visit, reassigns the stage (inbox and show follow), leaves initiatives on
// hold alone, is refused to a department head, and leaves a record that still verifies.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "e2e/hand_made_history.h"
#include "e2e/runtime_fixture.h"

namespace equilens::testing {
namespace {

using nlohmann::json;

constexpr int kForbidden = 4;     // docs/cli.md
constexpr int kInvalidInput = 7;  // docs/cli.md

const std::string kCalendar = SourceDir() + "/calendars/district-2026-27.yaml";
const std::string kWorkflow = SourceDir() + "/tests/data/escalation/escalating-review.yaml";

json OkJson(const Cli& cli, const std::string& user, std::vector<std::string> args) {
  args.insert(args.begin(), "--json");
  return json::parse(cli.Ok(user, args));
}

std::vector<std::string> Kinds(const json& pass) {
  std::vector<std::string> kinds;
  for (const json& step : pass["done"]) {
    kinds.push_back(step["id"].get<std::string>() + " " + step["stage"].get<std::string>() + " " +
                    step["kind"].get<std::string>());
  }
  return kinds;
}

std::vector<std::string> InboxIds(const Cli& cli, const std::string& user) {
  std::vector<std::string> ids;
  for (const json& item : OkJson(cli, user, {"inbox"})) ids.push_back(item["id"]);
  return ids;
}

bool Has(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// The runtime fixture, the example calendar and the escalating-review workflow: feedback
// (cesj_reviewer) reminds after 2 school days, after 4 tells and reassigns to cesj_lead;
// revision (the filer's) reminds after 3, after 6 tells user rey.
struct EscalationFixture : RuntimeFixture {
  std::string sha;

  EscalationFixture() {
    cli.Ok("ada", {"workflow", "load", kCalendar, kWorkflow});
    for (const json& definition : OkJson(cli, "ada", {"workflow", "list"})) {
      if (definition["id"] == "escalating-review") sha = definition["sha256"];
    }
    REQUIRE(!sha.empty());
  }

  // Filed by dana (transportation) and submitted at `at` into feedback.
  // With `due` (YYYY-MM-DD), the stage's deadline as its entering event recorded it.
  void FileIntoFeedback(const std::string& id, int number, const std::string& at,
                        const std::string& due = "") {
    HandMadeHistory history(db, sha);
    history.Add(id, at, "dana", "department_head", "initiative_filed",
                {{"id", id},
                 {"year", 2026},
                 {"number", number},
                 {"title", "Escalated " + id},
                 {"summary", ""},
                 {"department", "transportation"},
                 {"submitter", "dana"},
                 {"workflow_id", "escalating-review"},
                 {"workflow_version", 1},
                 {"workflow_sha256", sha},
                 {"lifecycle", "draft"}});
    history.Add(id, at, "dana", "department_head", "submitted",
                {{"note", ""},
                 {"lifecycle", "in_review"},
                 {"stage", "feedback"},
                 {"owner", "cesj_reviewer"},
                 {"due", due}});
  }

  void Move(const std::string& id, const std::string& at, const std::string& actor,
            const std::string& role, const std::string& event, const std::string& from,
            const std::string& to, const std::string& owner) {
    HandMadeHistory(db, sha).Move(id, at, actor, role, event, from, to, owner, "");
  }

  json Pass(const std::string& as_of, const std::string& user = "ada") {
    return OkJson(cli, user, {"escalate", "--as-of", as_of});
  }

  void Verified() {
    ProcessResult verify = cli.Run("olga", {"audit", "verify"});
    INFO(verify.out << verify.err);
    CHECK(verify.exit_code == 0);
  }
};

TEST_CASE("escalate: nothing the day before, the reminder on the exact school day") {
  EscalationFixture f;
  f.FileIntoFeedback("EQ-2026-0201", 201, "2026-11-02T10:00:00.000Z");  // a Monday
  CHECK(Kinds(f.Pass("2026-11-03")).empty());                           // 1 school day
  const json remind = f.Pass("2026-11-04");                             // 2 school days
  REQUIRE(remind["done"].size() == 1);
  CHECK(remind["done"][0]["kind"] == "escalation_reminded");
  CHECK(remind["done"][0]["school_days"] == 2);
  CHECK(remind["done"][0]["owner"] == "any cesj_reviewer");
  CHECK(Kinds(f.Pass("2026-11-05")).empty());  // 3: the notify step is at 4
  const json notify = f.Pass("2026-11-06");
  CHECK(Kinds(notify) == std::vector<std::string>{"EQ-2026-0201 feedback escalation_notified"});
  CHECK(notify["done"][0]["notified"] == "cesj_lead");
  CHECK(notify["done"][0]["reassigned_to"] == "cesj_lead");
  const std::string history = f.cli.Ok("lee", {"history", "EQ-2026-0201"});
  CHECK(history.find("reminder: feedback waited 2 school day(s) as of 2026-11-04; reminded any "
                     "cesj_reviewer") != std::string::npos);
  CHECK(history.find("escalated: feedback waited 4 school day(s) as of 2026-11-06; notified "
                     "cesj_lead; reassigned from any cesj_reviewer to cesj_lead") !=
        std::string::npos);
  f.Verified();
}

TEST_CASE("escalate: school days skip weekends, holidays and breaks") {
  EscalationFixture f;
  // Friday 2026-11-06: Mon 9 (1), Tue 10 (2), Wed 11 Veterans Day, Thu 12 (3), Fri 13 (4).
  f.FileIntoFeedback("EQ-2026-0202", 202, "2026-11-06T15:00:00.000Z");
  CHECK(Kinds(f.Pass("2026-11-09")).empty());
  CHECK(Kinds(f.Pass("2026-11-10")) ==
        std::vector<std::string>{"EQ-2026-0202 feedback escalation_reminded"});
  CHECK(Kinds(f.Pass("2026-11-12")).empty());
  CHECK(Kinds(f.Pass("2026-11-13")) ==
        std::vector<std::string>{"EQ-2026-0202 feedback escalation_notified"});
  // Friday 2026-11-20, then the Thanksgiving break: Mon 30 (1), Tue Dec 1 (2).
  f.FileIntoFeedback("EQ-2026-0203", 203, "2026-11-20T15:00:00.000Z");
  CHECK(Kinds(f.Pass("2026-11-29")).empty());
  CHECK(Kinds(f.Pass("2026-11-30")).empty());
  CHECK(Kinds(f.Pass("2026-12-01")) ==
        std::vector<std::string>{"EQ-2026-0203 feedback escalation_reminded"});
}

TEST_CASE("escalate: each step once per stage visit, and again on a new visit") {
  EscalationFixture f;
  f.FileIntoFeedback("EQ-2026-0204", 204, "2026-11-02T10:00:00.000Z");
  // Catching up: both steps at once, the reminder first; then nothing, whatever the date.
  CHECK(Kinds(f.Pass("2026-11-16")) ==
        std::vector<std::string>{"EQ-2026-0204 feedback escalation_reminded",
                                 "EQ-2026-0204 feedback escalation_notified"});
  const std::string head = f.cli.Ok("olga", {"audit", "head"});
  CHECK(Kinds(f.Pass("2026-11-16")).empty());
  CHECK(Kinds(f.Pass("2026-12-10")).empty());
  CHECK(f.cli.Ok("olga", {"audit", "head"}) == head);

  // Moved on to revision (the filer's) on Mon 2026-11-16: nothing more for feedback; revision
  // reminds after 3 school days (Thu 19) and tells rey after 6 (Tue Dec 1, past the break).
  f.Move("EQ-2026-0204", "2026-11-16T09:00:00.000Z", "lee", "cesj_lead", "request_changes",
         "feedback", "revision", "submitter");
  CHECK(Kinds(f.Pass("2026-11-18")).empty());
  CHECK(Kinds(f.Pass("2026-11-19")) ==
        std::vector<std::string>{"EQ-2026-0204 revision escalation_reminded"});
  CHECK(Kinds(f.Pass("2026-11-30")).empty());
  const json told = f.Pass("2026-12-01");
  CHECK(Kinds(told) == std::vector<std::string>{"EQ-2026-0204 revision escalation_notified"});
  CHECK(told["done"][0]["notified"] == "user:rey");
  CHECK(told["done"][0]["owner"] == "dana");
  CHECK(told["done"][0]["reassigned_to"] == "");

  // Back in feedback on Thu 2026-12-03: a new visit escalates again from its own start.
  f.Move("EQ-2026-0204", "2026-12-03T09:00:00.000Z", "dana", "department_head", "submit",
         "revision", "feedback", "cesj_reviewer");
  CHECK(Kinds(f.Pass("2026-12-04")).empty());
  CHECK(Kinds(f.Pass("2026-12-07")) ==
        std::vector<std::string>{"EQ-2026-0204 feedback escalation_reminded"});
  CHECK(Kinds(f.Pass("2026-12-07")).empty());
  f.Verified();
}

TEST_CASE("escalate: a reassignment moves the stage to the new owner's inbox and show says so") {
  EscalationFixture f;
  f.FileIntoFeedback("EQ-2026-0205", 205, "2026-11-02T10:00:00.000Z");
  CHECK(Has(InboxIds(f.cli, "rey"), "EQ-2026-0205"));
  CHECK_FALSE(Has(InboxIds(f.cli, "lee"), "EQ-2026-0205"));
  CHECK(OkJson(f.cli, "lee", {"show", "EQ-2026-0205"})["reassigned_to"] == "");
  f.Pass("2026-11-06");
  CHECK_FALSE(Has(InboxIds(f.cli, "rey"), "EQ-2026-0205"));
  CHECK(Has(InboxIds(f.cli, "lee"), "EQ-2026-0205"));
  CHECK(OkJson(f.cli, "lee", {"show", "EQ-2026-0205"})["reassigned_to"] == "any cesj_lead");
  CHECK(f.cli.Ok("lee", {"show", "EQ-2026-0205"}).find("waiting on   any cesj_lead") !=
        std::string::npos);
  // The lead can move it on; the next stage waits on its own owner again.
  f.cli.Ok("lee", {"act", "EQ-2026-0205", "request_changes"});
  CHECK(Has(InboxIds(f.cli, "dana"), "EQ-2026-0205"));
  CHECK(OkJson(f.cli, "dana", {"show", "EQ-2026-0205"})["reassigned_to"] == "");
  f.Verified();
}

TEST_CASE("escalate: an initiative on hold is not escalated, and its held days do not count") {
  EscalationFixture f;
  f.FileIntoFeedback("EQ-2026-0206", 206, "2026-11-02T10:00:00.000Z");
  HandMadeHistory history(f.db, f.sha);
  history.Add("EQ-2026-0206", "2026-11-03T10:00:00.000Z", "lee", "cesj_lead", "held",
              {{"note", "waiting for the board"}, {"lifecycle", "on_hold"}});
  CHECK(Kinds(f.Pass("2026-11-10")).empty());
  // Resumed Tue 2026-11-10 after 5 school days on hold (Wed 4 to Tue 10): 1 school day before
  // the hold, so the reminder (2) is due on Thu 12 (Wed 11 is Veterans Day).
  history.Add("EQ-2026-0206", "2026-11-10T10:00:00.000Z", "lee", "cesj_lead", "resumed",
              {{"note", ""},
               {"lifecycle", "in_review"},
               {"held_since", "2026-11-03T10:00:00.000Z"},
               {"held_school_days", 5},
               {"due_before", ""},
               {"due", ""}});
  CHECK(Kinds(f.Pass("2026-11-10")).empty());
  CHECK(Kinds(f.Pass("2026-11-12")) ==
        std::vector<std::string>{"EQ-2026-0206 feedback escalation_reminded"});
  f.Verified();
}

TEST_CASE("escalate: for admins and the lead only, and a date must be one") {
  EscalationFixture f;
  f.FileIntoFeedback("EQ-2026-0207", 207, "2026-11-02T10:00:00.000Z");
  for (const char* user : {"dana", "rey", "olga"}) {
    ProcessResult refused = f.cli.Run(user, {"escalate", "--as-of", "2026-11-30"});
    INFO(user << ": " << refused.err);
    CHECK(refused.exit_code == kForbidden);
  }
  CHECK(f.cli.Run("ada", {"escalate", "--as-of", "2026-02-30"}).exit_code == kInvalidInput);
  const std::string text = f.cli.Ok("lee", {"escalate", "--as-of", "2026-11-30"});
  CHECK(text.find("escalation pass as of 2026-11-30: 2 events recorded") != std::string::npos);
  CHECK(text.find("EQ-2026-0207 feedback (") != std::string::npos);
  CHECK(text.find("notified cesj_lead; reassigned from any cesj_reviewer to cesj_lead") !=
        std::string::npos);
  // The events are the runner's, dated now; the decision's date is in the payload.
  const std::string history = f.cli.Ok("lee", {"history", "EQ-2026-0207"});
  CHECK(history.find("as of 2026-11-30") != std::string::npos);
  f.Verified();
}

TEST_CASE("escalate: a person who cannot be told leaves the step for a later pass") {
  EscalationFixture f;
  f.FileIntoFeedback("EQ-2026-0208", 208, "2026-11-02T10:00:00.000Z");
  f.Move("EQ-2026-0208", "2026-11-02T11:00:00.000Z", "rey", "cesj_reviewer", "request_changes",
         "feedback", "revision", "submitter");
  f.cli.Ok("ada", {"user", "set", "rey", "--active", "no"});
  const json pass = f.Pass("2026-11-16");
  CHECK(Kinds(pass) == std::vector<std::string>{"EQ-2026-0208 revision escalation_reminded"});
  REQUIRE(pass["problems"].size() == 1);
  CHECK(pass["problems"][0].get<std::string>().find("user rey named by `notify`") !=
        std::string::npos);
  f.cli.Ok("ada", {"user", "set", "rey", "--active", "yes"});
  CHECK(Kinds(f.Pass("2026-11-16")) ==
        std::vector<std::string>{"EQ-2026-0208 revision escalation_notified"});
}

}  // namespace
}  // namespace equilens::testing

namespace equilens::testing {

TEST_CASE("escalate: the deadline warns before and after, and every step tells its people") {
  EscalationFixture f;
  for (const char* user : {"rey", "sam", "lee"}) {
    f.cli.Ok("ada", {"user", "mail", user, "--email", std::string(user) + "@district.example"});
  }
  // Entered Mon 2026-11-02, due Mon 2026-11-09 (5 school days).
  f.FileIntoFeedback("EQ-2026-0208", 208, "2026-11-02T10:00:00.000Z", "2026-11-09");
  CHECK(Kinds(f.Pass("2026-11-03")).empty());  // 4 school days left
  CHECK(Kinds(f.Pass("2026-11-04")) ==
        std::vector<std::string>{"EQ-2026-0208 feedback escalation_reminded"});
  const json near = f.Pass("2026-11-05");  // Thu: Fri and Mon left
  CHECK(Kinds(near) == std::vector<std::string>{"EQ-2026-0208 feedback deadline_near"});
  CHECK(near["done"][0]["due"] == "2026-11-09");
  CHECK(near["done"][0]["days_past_or_left"] == 2);
  CHECK(Kinds(f.Pass("2026-11-06")) ==
        std::vector<std::string>{"EQ-2026-0208 feedback escalation_notified"});
  CHECK(Kinds(f.Pass("2026-11-09")).empty());  // due today: not late yet
  const json late = f.Pass("2026-11-10");
  CHECK(Kinds(late) == std::vector<std::string>{"EQ-2026-0208 feedback deadline_passed"});
  CHECK(late["done"][0]["days_past_or_left"] == 1);
  CHECK(Kinds(f.Pass("2026-11-20")).empty());  // once per visit

  // Who was told what: the reviewers reminded and warned; the lead told it escalated (the
  // reassignment's hand-over is the same message) and, owning it since, that it is late.
  const json outbox = OkJson(f.cli, "ada", {"outbox", "list"});
  std::multiset<std::string> told;
  for (const json& row : outbox["entries"]) {
    told.insert(row["kind"].get<std::string>() + " " + row["recipient"].get<std::string>());
  }
  CHECK(told == std::multiset<std::string>{"reminder rey", "reminder sam", "deadline_near rey",
                                           "deadline_near sam", "escalated lee", "overdue lee"});
  const std::string history = f.cli.Ok("lee", {"history", "EQ-2026-0208"});
  CHECK(history.find("deadline near: feedback due 2026-11-09") != std::string::npos);
  CHECK(history.find("deadline passed: feedback was due 2026-11-09") != std::string::npos);
  f.Verified();
}

}  // namespace equilens::testing

namespace equilens::testing {

// Regression (review): the pass's notifications skipped whoever ran it, so a lead running the
// pass from cron was never told what it escalated to the lead.
TEST_CASE("escalate: the lead who runs the pass is still told what it escalates to them") {
  EscalationFixture f;
  f.FileIntoFeedback("EQ-2026-0209", 209, "2026-11-02T10:00:00.000Z");
  CHECK(Kinds(f.Pass("2026-11-06", "lee")).size() == 2);  // reminded, then escalated to the lead
  const json outbox = OkJson(f.cli, "ada", {"outbox", "list"});
  bool told = false;
  for (const json& row : outbox["entries"]) {
    told = told || (row["kind"] == "escalated" && row["recipient"] == "lee");
  }
  CHECK(told);
}

}  // namespace equilens::testing
