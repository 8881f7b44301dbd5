// Deadlines on the district calendar through the real binary: loading a calendar is recorded;
// `sla report` counts overdue and due-soon work in school days on a small history with
// hand-chosen dates (written through the real event log and projector), per owner and per
// department, scoped for department heads, and records nothing; a resume moves the due date
// by the school days on hold; a stage entered now is due on the loaded calendar.
#include <doctest/doctest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "definition/definition_test_support.h"
#include "e2e/hand_made_history.h"
#include "e2e/runtime_fixture.h"
#include "runtime/school_days.h"
#include "store/database.h"
#include "store/event_log.h"
#include "store/projector.h"

namespace equilens::testing {
namespace {

using nlohmann::json;

constexpr int kInvalidInput = 7;  // docs/cli.md

const std::string kCalendar = SourceDir() + "/calendars/district-2026-27.yaml";

json OkJson(const Cli& cli, const std::string& user, std::vector<std::string> args) {
  args.insert(args.begin(), "--json");
  return json::parse(cli.Ok(user, args));
}

SchoolCalendar Example() {
  std::vector<Diagnostic> errors;
  auto calendar = ParseCalendar({kCalendar, definition_test::ReadFileText(kCalendar)}, errors);
  REQUIRE(calendar);
  return SchoolCalendar({std::make_shared<const CalendarDefinition>(std::move(*calendar))});
}

std::int64_t HeadSeq(const Cli& cli) { return OkJson(cli, "ada", {"audit", "head"})["seq"]; }

std::vector<std::string> Ids(const json& items) {
  std::vector<std::string> ids;
  for (const json& item : items) ids.push_back(item["id"]);
  return ids;
}

const json* Group(const json& groups, const std::string& name) {
  for (const json& group : groups) {
    if (group["name"] == name) return &group;
  }
  return nullptr;
}

// The database of every case: the mini-review fixture and five hand-made initiatives.
//   0101 transportation, assessment (dana), due Thu 2026-11-19
//   0102 transportation, feedback (cesj_reviewer), due Wed 2026-12-02
//   0103 nutrition, assessment (omar), due Tue 2026-12-15
//   0104 nutrition, feedback (cesj_reviewer), due Mon 2026-11-30, on hold since 2026-11-16
//   0105 transportation, assessment with no deadline
struct SlaFixture : RuntimeFixture {
  SlaFixture() {
    HandMadeHistory history(db, MiniReviewSha(cli));
    history.FileAndSubmit("EQ-2026-0101", 101, "transportation", "dana", "2026-11-05T10:00:00.000Z",
                          "2026-11-19");
    history.FileAndSubmit("EQ-2026-0102", 102, "transportation", "dana", "2026-11-02T10:00:00.000Z",
                          "2026-11-16");
    history.Move("EQ-2026-0102", "2026-11-18T10:00:00.000Z", "dana", "department_head", "submit",
                 "assessment", "feedback", "cesj_reviewer", "2026-12-02");
    history.FileAndSubmit("EQ-2026-0103", 103, "nutrition", "omar", "2026-12-01T09:00:00.000Z",
                          "2026-12-15");
    history.FileAndSubmit("EQ-2026-0104", 104, "nutrition", "omar", "2026-11-02T10:00:00.000Z",
                          "2026-11-16");
    history.Move("EQ-2026-0104", "2026-11-09T10:00:00.000Z", "omar", "department_head", "submit",
                 "assessment", "feedback", "cesj_reviewer", "2026-11-30");
    history.Add("EQ-2026-0104", "2026-11-16T10:00:00.000Z", "lee", "cesj_lead", "held",
                {{"note", "waiting for the board"}, {"lifecycle", "on_hold"}});
    history.FileAndSubmit("EQ-2026-0105", 105, "transportation", "dana", "2026-11-30T10:00:00.000Z",
                          "");
  }
};

TEST_CASE("sla report: overdue and due soon in school days, per owner and per department") {
  SlaFixture f;
  // With no calendar loaded, Monday to Friday count: 0101 is 8 school days late on 12-01.
  json weekdays = OkJson(f.cli, "rey", {"sla", "report", "--as-of", "2026-12-01"});
  CHECK(weekdays["calendars"].empty());
  REQUIRE(weekdays["overdue"].size() == 1);
  CHECK(weekdays["overdue"][0]["school_days"] == 8);

  f.cli.Ok("ada", {"workflow", "load", kCalendar});
  const json report = OkJson(f.cli, "rey", {"sla", "report", "--as-of", "2026-12-01"});
  CHECK(report["as_of"] == "2026-12-01");
  CHECK(report["within"] == 5);
  REQUIRE(report["calendars"].size() == 1);
  CHECK(report["as_of_not_counted"] == "");
  // Thanksgiving break lost no school day: 11-20, 11-30, 12-01.
  CHECK(Ids(report["overdue"]) == std::vector<std::string>{"EQ-2026-0101"});
  CHECK(report["overdue"][0]["school_days"] == 3);
  CHECK(report["overdue"][0]["owner"] == "dana");
  CHECK(report["overdue"][0]["owner_is_role"] == false);
  CHECK(Ids(report["due_soon"]) == std::vector<std::string>{"EQ-2026-0102"});
  CHECK(report["due_soon"][0]["school_days"] == 1);
  CHECK(report["due_soon"][0]["owner"] == "cesj_reviewer");
  CHECK(report["due_soon"][0]["owner_is_role"] == true);
  CHECK(Ids(report["on_hold"]) == std::vector<std::string>{"EQ-2026-0104"});

  const json& owners = report["by_owner"];
  REQUIRE(owners.size() == 2);
  REQUIRE(Group(owners, "dana") != nullptr);
  CHECK((*Group(owners, "dana"))["overdue"] == 1);
  CHECK((*Group(owners, "dana"))["most_late"] == 3);
  const json* reviewers = Group(owners, "cesj_reviewer");
  REQUIRE(reviewers != nullptr);
  CHECK((*reviewers)["due_soon"] == 1);
  CHECK((*reviewers)["on_hold"] == 1);
  CHECK((*reviewers)["is_role"] == true);
  const json& departments = report["by_department"];
  REQUIRE(departments.size() == 2);
  CHECK((*Group(departments, "transportation"))["overdue"] == 1);
  CHECK((*Group(departments, "transportation"))["due_soon"] == 1);
  CHECK((*Group(departments, "nutrition"))["on_hold"] == 1);
  CHECK((*Group(departments, "nutrition"))["overdue"] == 0);

  // A wider window takes in 0103 (10 school days ahead); a day after 0102's due date it is
  // overdue by 1; on a Saturday the report says so.
  const json wide =
      OkJson(f.cli, "olga", {"sla", "report", "--as-of", "2026-12-01", "--within", "10"});
  CHECK(Ids(wide["due_soon"]) == std::vector<std::string>{"EQ-2026-0102", "EQ-2026-0103"});
  CHECK(wide["due_soon"][1]["school_days"] == 10);
  const json later = OkJson(f.cli, "lee", {"sla", "report", "--as-of", "2026-12-03"});
  CHECK(Ids(later["overdue"]) == std::vector<std::string>{"EQ-2026-0101", "EQ-2026-0102"});
  CHECK(later["overdue"][1]["school_days"] == 1);
  const json saturday = OkJson(f.cli, "ada", {"sla", "report", "--as-of", "2026-12-05"});
  CHECK(saturday["as_of_not_counted"] == "Saturday");

  // The text report says the same in words.
  const std::string text = f.cli.Ok("rey", {"sla", "report", "--as-of", "2026-12-01"});
  CHECK(text.find("EQ-2026-0101") != std::string::npos);
  CHECK(text.find("late 3 school days") != std::string::npos);
  CHECK(text.find("in 1 school day ") != std::string::npos);
  CHECK(text.find("calendar: district-2026-27 v1") != std::string::npos);
}

TEST_CASE("sla report: department heads see their own department only") {
  SlaFixture f;
  f.cli.Ok("ada", {"workflow", "load", kCalendar});
  const json omar =
      OkJson(f.cli, "omar", {"sla", "report", "--as-of", "2026-12-01", "--within", "10"});
  CHECK(omar["overdue"].empty());
  CHECK(Ids(omar["due_soon"]) == std::vector<std::string>{"EQ-2026-0103"});
  CHECK(Ids(omar["on_hold"]) == std::vector<std::string>{"EQ-2026-0104"});
  REQUIRE(omar["by_department"].size() == 1);
  CHECK(omar["by_department"][0]["name"] == "nutrition");
  const json dana = OkJson(f.cli, "dana", {"sla", "report", "--as-of", "2026-12-01"});
  CHECK(Ids(dana["overdue"]) == std::vector<std::string>{"EQ-2026-0101"});
  CHECK(dana["on_hold"].empty());
}

TEST_CASE("sla report: --as-of reads only, and refuses a date that is not one") {
  SlaFixture f;
  const std::int64_t before = HeadSeq(f.cli);
  f.cli.Ok("rey", {"sla", "report", "--as-of", "2027-03-01"});
  f.cli.Ok("omar", {"sla", "report"});
  f.cli.Ok("ada", {"--json", "sla", "report", "--as-of", "2026-11-20", "--within", "0"});
  CHECK(HeadSeq(f.cli) == before);
  ProcessResult bad = f.cli.Run("rey", {"sla", "report", "--as-of", "2027-02-30"});
  CHECK(bad.exit_code == kInvalidInput);
  CHECK(bad.err.find("'2027-02-30' is not a date") != std::string::npos);
  CHECK(f.cli.Run("rey", {"sla", "report", "--within", "500"}).exit_code == kInvalidInput);
  CHECK(HeadSeq(f.cli) == before);
}

TEST_CASE("calendar: loading one is recorded, and a resume moves the due date by the hold") {
  SlaFixture f;
  const std::int64_t before = HeadSeq(f.cli);
  f.cli.Ok("ada", {"workflow", "load", kCalendar});
  CHECK(HeadSeq(f.cli) == before + 1);
  // Who loaded which calendar when: in the record.
  const json loaded =
      OkJson(f.cli, "olga", {"audit", "search", "--kind", "definition_loaded", "--actor", "ada"});
  REQUIRE(!loaded.empty());
  CHECK(loaded.back()["what"].get<std::string>() == "loaded calendar district-2026-27 v1");
  bool listed = false;
  for (const json& d : OkJson(f.cli, "rey", {"workflow", "list"})) {
    listed = listed || (d["kind"] == "calendar" && d["id"] == "district-2026-27");
  }
  CHECK(listed);
  // Loading it again records nothing.
  CHECK(f.cli.Ok("ada", {"workflow", "load", kCalendar}) == "nothing new to load");

  f.cli.Ok("lee", {"act", "EQ-2026-0104", "resume"});
  const json history = OkJson(f.cli, "lee", {"history", "EQ-2026-0104"});
  const json& resumed = history.back();
  REQUIRE(resumed["kind"] == "resumed");
  const SchoolCalendar calendar = Example();
  const int held = calendar.SchoolDaysBetween("2026-11-16", resumed["at"]);
  const std::string due = held > 0 ? calendar.AddSchoolDays("2026-11-30", held) : "2026-11-30";
  CHECK(resumed["what"].get<std::string>().find("resumed after " + std::to_string(held) +
                                                " school day(s) on hold") == 0);
  const json shown = OkJson(f.cli, "lee", {"show", "EQ-2026-0104"});
  CHECK(shown["stage_due"] == due);
  CHECK(f.cli.Ok("lee", {"show", "EQ-2026-0104"}).find("due " + due) != std::string::npos);
  // The projection is what the log says: replay agrees.
  f.cli.Ok("olga", {"audit", "verify"});
}

TEST_CASE("calendar: a stage entered now is due on the loaded calendar, in inbox and show") {
  RuntimeFixture f;
  f.cli.Ok("ada", {"workflow", "load", kCalendar});
  const std::string id = f.FileAndSubmit();
  const json history = OkJson(f.cli, "dana", {"history", id});
  const std::string due = Example().AddSchoolDays(history.back()["at"], 10);  // assessment's SLA
  CHECK(OkJson(f.cli, "dana", {"show", id})["stage_due"] == due);
  CHECK(f.cli.Ok("dana", {"show", id}).find("due " + due) != std::string::npos);
  bool in_inbox = false;
  for (const json& item : OkJson(f.cli, "dana", {"inbox"})) {
    in_inbox = in_inbox || (item["id"] == id && item["due"] == due);
  }
  CHECK(in_inbox);
}

TEST_CASE("calendar: overlapping school years of two calendars are refused") {
  RuntimeFixture f;
  f.cli.Ok("ada", {"workflow", "load", kCalendar});
  const std::string other =
      f.dir.Write("other.yaml",
                  "calendar: other-district\nversion: 1\ntitle: Other\nfirst_day: 2027-01-04\n"
                  "last_day: 2027-06-30\n");
  ProcessResult refused = f.cli.Run("ada", {"workflow", "load", other});
  CHECK(refused.exit_code == kInvalidInput);
  CHECK(refused.err.find("calendar other-district v1 (2027-01-04 to 2027-06-30") !=
        std::string::npos);
  CHECK(refused.err.find("overlaps calendar district-2026-27 v1") != std::string::npos);
  // A bad calendar is refused whole with its FILE:LINE:COL.
  const std::string bad = f.dir.Write("bad.yaml",
                                      "calendar: bad\nversion: 1\ntitle: Bad\n"
                                      "first_day: 2027-08-02\nlast_day: 2028-05-26\n"
                                      "breaks:\n  - { from: 2027-12-20, to: 2027-12-31 }\n");
  ProcessResult invalid = f.cli.Run("ada", {"workflow", "lint", bad});
  CHECK(invalid.exit_code == kInvalidInput);
  CHECK(invalid.err.find(bad + ":7:5: break 1 is missing the required key 'name'") !=
        std::string::npos);
}

}  // namespace
}  // namespace equilens::testing
