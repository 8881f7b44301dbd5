// The web pages' listings through the real binary: `list`, `dashboard` and `audit search`.
// Department heads never see another department in any of them; filters narrow; the
// dashboard's figures are checked on a small history with hand-chosen times (written through
// the real event log and projector, so `audit verify` still proves it whole), with medians
// computed by hand.
#include <doctest/doctest.h>

#include <chrono>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "e2e/hand_made_history.h"
#include "e2e/runtime_fixture.h"
#include "store/database.h"
#include "store/event_log.h"
#include "store/projector.h"

namespace equilens::testing {
namespace {

using nlohmann::json;

// Exit codes (docs/cli.md).
constexpr int kForbidden = 4;
constexpr int kInvalidInput = 7;

json OkJson(const Cli& cli, const std::string& user, std::vector<std::string> args) {
  args.insert(args.begin(), "--json");
  return json::parse(cli.Ok(user, args));
}

std::vector<std::string> Ids(const json& items) {
  std::vector<std::string> ids;
  for (const json& item : items) ids.push_back(item["id"]);
  return ids;
}

// {key: count} of a dashboard's count list.
std::map<std::string, std::int64_t> Counts(const json& items) {
  std::map<std::string, std::int64_t> counts;
  for (const json& item : items) counts[item["key"]] = item["count"];
  return counts;
}

// {stage: [median_days, stays]} of a dashboard's stage times.
std::map<std::string, std::pair<double, std::int64_t>> StageTimes(const json& dashboard) {
  std::map<std::string, std::pair<double, std::int64_t>> times;
  for (const json& item : dashboard["stage_times"]) {
    times[item["stage"]] = {item["median_days"].get<double>(), item["stays"].get<std::int64_t>()};
  }
  return times;
}

std::string File(const Cli& cli, const std::string& user, const std::string& department,
                 const std::string& title) {
  return cli.Ok(
      user, {"file", "--workflow", "mini-review", "--title", title, "--department", department});
}

// Whole calendar days from `date` (YYYY-MM-DD) to today (UTC), computed apart from the engine.
int DaysSince(const std::string& date) {
  std::tm tm{};
  tm.tm_year = std::stoi(date.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(date.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(date.substr(8, 2));
  const long then = static_cast<long>(timegm(&tm)) / 86400;
  const long now = static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count()) /
                   86400;
  return static_cast<int>(now - then);
}

}  // namespace

TEST_CASE("listings: a department head sees only their own department in list and dashboard") {
  RuntimeFixture f;
  const std::string later_start = f.FileAndSubmit();  // transportation, at assessment
  const std::string bus_stops = File(f.cli, "dana", "transportation", "Bus stop safety");
  const std::string breakfast = File(f.cli, "omar", "nutrition", "Breakfast in the classroom");
  f.cli.Ok("omar", {"act", breakfast, "submit"});

  // Most recently updated first.
  CHECK(Ids(OkJson(f.cli, "dana", {"list"})) == std::vector<std::string>{bus_stops, later_start});
  CHECK(Ids(OkJson(f.cli, "omar", {"list"})) == std::vector<std::string>{breakfast});
  const std::vector<std::string> everything{breakfast, bus_stops, later_start};
  for (const char* reader : {"rey", "lee", "olga"}) {
    CAPTURE(reader);
    CHECK(Ids(OkJson(f.cli, reader, {"list"})) == everything);
  }
  // Asking for another department shows nothing, not an error that would confirm it exists.
  CHECK(OkJson(f.cli, "dana", {"list", "--department", "nutrition"}).empty());
  CHECK(Ids(OkJson(f.cli, "dana", {"list", "--department", "transportation"})).size() == 2);
  CHECK(f.cli.Run("ada", {"list"}).exit_code == kForbidden);  // admins run the system, not cases

  // The dashboard counts only what the reader may see.
  json dana = OkJson(f.cli, "dana", {"dashboard"});
  CHECK(Counts(dana["by_department"]) ==
        std::map<std::string, std::int64_t>{{"transportation", 2}});
  CHECK(Counts(dana["by_stage"]) == std::map<std::string, std::int64_t>{{"assessment", 1}});
  CHECK(Counts(dana["by_lifecycle"])["draft"] == 1);
  CHECK(Counts(dana["by_lifecycle"])["in_review"] == 1);
  json omar = OkJson(f.cli, "omar", {"dashboard"});
  CHECK(Counts(omar["by_department"]) == std::map<std::string, std::int64_t>{{"nutrition", 1}});
  CHECK(Counts(omar["by_stage"]) == std::map<std::string, std::int64_t>{{"assessment", 1}});
  json rey = OkJson(f.cli, "rey", {"dashboard"});
  CHECK(Counts(rey["by_department"]) ==
        std::map<std::string, std::int64_t>{{"nutrition", 1}, {"transportation", 2}});
  CHECK(Counts(rey["by_stage"]) == std::map<std::string, std::int64_t>{{"assessment", 2}});
  CHECK(rey["by_lifecycle"].size() == 8);  // every lifecycle state, zeros included
  CHECK(f.cli.Run("ada", {"dashboard"}).exit_code == kForbidden);

  // The ombuds' search is not for departments at all.
  CHECK(f.cli.Run("dana", {"audit", "search"}).exit_code == kForbidden);
  CHECK(f.cli.Run("rey", {"audit", "search"}).exit_code == kForbidden);
}

TEST_CASE("listings: the inbox pages through what waits, oldest first") {
  RuntimeFixture f;
  std::vector<std::string> filed;
  for (int i = 0; i < 7; ++i) {
    filed.push_back(File(f.cli, "dana", "transportation", "Draft " + std::to_string(i)));
  }
  CHECK(Ids(OkJson(f.cli, "dana", {"inbox"})) == filed);  // drafts wait for their filer
  std::vector<std::string> paged;
  for (const char* offset : {"0", "3", "6"}) {
    const std::vector<std::string> page =
        Ids(OkJson(f.cli, "dana", {"inbox", "--offset", offset, "--limit", "3"}));
    CHECK(page.size() == (std::string(offset) == "6" ? 1u : 3u));
    paged.insert(paged.end(), page.begin(), page.end());
  }
  CHECK(paged == filed);
  CHECK(f.cli.Ok("dana", {"inbox", "--limit", "3"})
            .find("7 initiatives wait for you; this shows 1 to 3: --offset 3 for more") !=
        std::string::npos);
  CHECK(f.cli.Ok("dana", {"inbox", "--offset", "6", "--limit", "3"}).find("for more") ==
        std::string::npos);
  const ProcessResult zero = f.cli.Run("dana", {"inbox", "--limit", "0"});
  CHECK(zero.exit_code == kInvalidInput);
  CHECK(zero.err.find("shows 1 to 500 initiatives") != std::string::npos);
  CHECK(f.cli.Run("dana", {"inbox", "--offset", "-1"}).exit_code == kInvalidInput);
}

TEST_CASE("listings: list filters by stage, lifecycle, text and limit") {
  RuntimeFixture f;
  const std::string later_start = f.FileAndSubmit();
  const std::string bus_stops = File(f.cli, "dana", "transportation", "Bus Stop Safety");
  const std::string breakfast = File(f.cli, "omar", "nutrition", "Breakfast in the classroom");
  f.cli.Ok("omar", {"act", breakfast, "submit"});

  CHECK(Ids(OkJson(f.cli, "rey", {"list", "--lifecycle", "draft"})) ==
        std::vector<std::string>{bus_stops});
  CHECK(Ids(OkJson(f.cli, "rey", {"list", "--lifecycle", "in_review"})) ==
        std::vector<std::string>{breakfast, later_start});
  CHECK(Ids(OkJson(f.cli, "rey",
                   {"list", "--stage", "assessment", "--department", "transportation"})) ==
        std::vector<std::string>{later_start});
  CHECK(OkJson(f.cli, "rey", {"list", "--stage", "signoff"}).empty());
  CHECK(Ids(OkJson(f.cli, "rey", {"list", "--search", "bus stop"})) ==
        std::vector<std::string>{bus_stops});
  CHECK(Ids(OkJson(f.cli, "rey", {"list", "--search", "BREAKFAST"})) ==
        std::vector<std::string>{breakfast});
  std::string lower_id = later_start;
  for (char& c : lower_id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK(Ids(OkJson(f.cli, "rey", {"list", "--search", lower_id})) ==
        std::vector<std::string>{later_start});
  CHECK(OkJson(f.cli, "rey", {"list", "--search", "100%_"}).empty());  // no wildcards
  CHECK(Ids(OkJson(f.cli, "rey", {"list", "--limit", "1"})) == std::vector<std::string>{breakfast});

  ProcessResult misspelt = f.cli.Run("rey", {"list", "--lifecycle", "in-review"});
  CHECK(misspelt.exit_code == kInvalidInput);
  CHECK(misspelt.err.find("did you mean 'in_review'") != std::string::npos);
  CHECK(f.cli.Run("rey", {"list", "--limit", "0"}).exit_code == kInvalidInput);

  // What one entry says.
  json entry = OkJson(f.cli, "rey", {"list", "--search", later_start})[0];
  CHECK(entry["title"] == "Later start for high schools");
  CHECK(entry["department"] == "transportation");
  CHECK(entry["submitter"] == "dana");
  CHECK(entry["workflow_id"] == "mini-review");
  CHECK(entry["lifecycle"] == "in_review");
  CHECK(entry["stage"] == "assessment");
  CHECK(entry["stage_title"] == "assessment");  // the stage has no title: its id
  CHECK(entry["stage_due"].get<std::string>().size() == 10);
  CHECK(entry["overdue"] == false);
  CHECK(entry["days_in_stage"] == 0);
  json draft = OkJson(f.cli, "rey", {"list", "--search", bus_stops})[0];
  CHECK(draft["stage"] == "");
  CHECK(draft["stage_entered_at"] == draft["updated_at"]);  // a draft waits since it was filed

  const std::string text = f.cli.Ok("rey", {"list"});
  CHECK(text.find(bus_stops) != std::string::npos);
  CHECK(text.find("Breakfast in the classroom (nutrition)") != std::string::npos);
}

TEST_CASE("listings: dashboard figures on a hand-made history") {
  RuntimeFixture f;
  HandMadeHistory history(f.db, MiniReviewSha(f.cli));
  const std::string x = "EQ-2024-0001", y = "EQ-2024-0002", w = "EQ-2024-0003", v = "EQ-2024-0004";
  // X (transportation): assessment 2.0 days, feedback 0.5, back to assessment 3.0, and in
  // feedback since (due 2024-01-19: overdue).
  history.FileAndSubmit(x, 1, "transportation", "dana", "2024-01-06T12:00:00.000Z", "2024-01-20");
  history.Move(x, "2024-01-08T12:00:00.000Z", "dana", "department_head", "submit", "assessment",
               "feedback", "cesj_reviewer", "2024-01-15");
  history.Move(x, "2024-01-09T00:00:00.000Z", "rey", "cesj_reviewer", "request_changes", "feedback",
               "assessment", "submitter", "2024-01-23");
  history.Move(x, "2024-01-12T00:00:00.000Z", "dana", "department_head", "submit", "assessment",
               "feedback", "cesj_reviewer", "2024-01-19");
  // Y (nutrition): assessment 7.0 days, feedback 1.5, then returned to draft.
  history.FileAndSubmit(y, 2, "nutrition", "omar", "2024-02-03T08:00:00.000Z", "2024-02-17");
  history.Move(y, "2024-02-10T08:00:00.000Z", "omar", "department_head", "submit", "assessment",
               "feedback", "cesj_reviewer", "2024-02-17");
  history.Add(y, "2024-02-11T20:00:00.000Z", "rey", "cesj_reviewer", "returned",
              {{"note", "Start again with data."}, {"lifecycle", "draft"}});
  // W (transportation): assessment 1.0, feedback 3.5, signoff 4.0, approved; two actions
  // adopted, the first (owned by a job title) overdue, the second owned by rey.
  history.FileAndSubmit(w, 3, "transportation", "dana", "2024-03-03T09:00:00.000Z", "");
  history.Move(w, "2024-03-04T09:00:00.000Z", "dana", "department_head", "submit", "assessment",
               "feedback", "cesj_reviewer", "");
  history.Move(w, "2024-03-07T21:00:00.000Z", "sam", "cesj_reviewer", "accept", "feedback",
               "signoff", "cesj_lead", "");
  history.Move(w, "2024-03-11T21:00:00.000Z", "lee", "cesj_lead", "approve", "signoff", "approved",
               "", "");
  history.Add(w, "2024-03-11T21:00:00.000Z", "lee", "cesj_lead", "approved",
              {{"stage", "approved"}, {"lifecycle", "approved"}});
  json action = {{"risk", "Longer walks"},
                 {"groups", "black"},
                 {"action", "Add a stop"},
                 {"resources", ""},
                 {"success_measure", "Ridership"}};
  json first = action, second = action;
  first.update({{"number", 1}, {"owner", "Transportation office"}, {"due", "2024-06-01"}});
  second.update({{"number", 2}, {"owner", "rey"}, {"due", "2099-06-01"}});
  history.Add(w, "2024-03-11T21:00:00.000Z", "lee", "cesj_lead", "actions_adopted",
              {{"actions", json::array({first, second})}});
  // V (nutrition): held at assessment (still open, due 2024-04-15: overdue).
  history.FileAndSubmit(v, 4, "nutrition", "omar", "2024-04-01T00:00:00.000Z", "2024-04-15");
  history.Add(v, "2024-04-02T00:00:00.000Z", "lee", "cesj_lead", "held",
              {{"note", "Budget freeze."}, {"lifecycle", "on_hold"}});
  // Z (transportation): a real draft whose equity data flags a group.
  const std::string z = File(f.cli, "dana", "transportation", "Suspension review");
  f.cli.Ok("dana", {"data", z, "--csv", SourceDir() + "/tests/data/equity/rr_4_00.csv"});
  CHECK(f.cli.Run("olga", {"audit", "verify"}).exit_code == 0);  // the history is whole

  // The district, as a reviewer sees it.
  json rey = OkJson(f.cli, "rey", {"dashboard"});
  CHECK(Counts(rey["by_stage"]) ==
        std::map<std::string, std::int64_t>{{"assessment", 1}, {"feedback", 1}});
  CHECK(rey["by_stage"][0]["key"] == "assessment");  // in the workflow's order
  CHECK(Counts(rey["by_department"]) ==
        std::map<std::string, std::int64_t>{{"nutrition", 2}, {"transportation", 3}});
  std::map<std::string, std::int64_t> lifecycles = Counts(rey["by_lifecycle"]);
  CHECK(lifecycles["draft"] == 2);  // Y (returned) and Z
  CHECK(lifecycles["in_review"] == 1);
  CHECK(lifecycles["on_hold"] == 1);
  CHECK(lifecycles["approved"] == 1);
  CHECK(lifecycles["closed"] == 0);
  // assessment: 1.0, 2.0, 3.0, 7.0 -> 2.5; feedback: 0.5, 1.5, 3.5 -> 1.5; signoff: 4.0.
  // Still open (X in feedback, V in assessment): not completed stays.
  auto times = StageTimes(rey);
  CHECK(times.size() == 3);
  CHECK(times["assessment"] == std::make_pair(2.5, std::int64_t{4}));
  CHECK(times["feedback"] == std::make_pair(1.5, std::int64_t{3}));
  CHECK(times["signoff"] == std::make_pair(4.0, std::int64_t{1}));
  CHECK(rey["stage_times"][0]["stage"] == "assessment");
  CHECK(rey["overdue_stages"] == 2);   // X and V
  CHECK(rey["overdue_actions"] == 1);  // W's first action
  REQUIRE(rey["flagged"].size() == 1);
  CHECK(rey["flagged"][0]["id"] == z);
  CHECK(rey["flagged"][0]["department"] == "transportation");
  CHECK(rey["flagged"][0]["title"] == "Suspension review");
  CHECK(rey["flagged"][0]["groups"] == "Black");
  CHECK(rey["flagged"][0]["max_risk_ratio"].get<double>() == doctest::Approx(4.0));

  // Transportation's head: X, W and Z only. assessment 1.0, 2.0, 3.0 -> 2.0; feedback 0.5,
  // 3.5 -> 2.0.
  json dana = OkJson(f.cli, "dana", {"dashboard"});
  CHECK(Counts(dana["by_department"]) ==
        std::map<std::string, std::int64_t>{{"transportation", 3}});
  CHECK(Counts(dana["by_stage"]) == std::map<std::string, std::int64_t>{{"feedback", 1}});
  times = StageTimes(dana);
  CHECK(times["assessment"] == std::make_pair(2.0, std::int64_t{3}));
  CHECK(times["feedback"] == std::make_pair(2.0, std::int64_t{2}));
  CHECK(times["signoff"] == std::make_pair(4.0, std::int64_t{1}));
  CHECK(dana["overdue_stages"] == 1);
  CHECK(dana["overdue_actions"] == 1);
  CHECK(dana["flagged"].size() == 1);

  // Nutrition's head: Y and V only, and no flagged data, no overdue action.
  json omar = OkJson(f.cli, "omar", {"dashboard"});
  CHECK(Counts(omar["by_department"]) == std::map<std::string, std::int64_t>{{"nutrition", 2}});
  CHECK(Counts(omar["by_stage"]) == std::map<std::string, std::int64_t>{{"assessment", 1}});
  times = StageTimes(omar);
  CHECK(times["assessment"] == std::make_pair(7.0, std::int64_t{1}));
  CHECK(times["feedback"] == std::make_pair(1.5, std::int64_t{1}));
  CHECK(times.count("signoff") == 0);
  CHECK(omar["overdue_stages"] == 1);
  CHECK(omar["overdue_actions"] == 0);
  CHECK(omar["flagged"].empty());
  CHECK(f.cli.Ok("omar", {"dashboard"}).find("nutrition") != std::string::npos);

  // The list's day counts and overdue marks for the same history.
  json listed = OkJson(f.cli, "rey", {"list", "--search", x});
  REQUIRE(listed.size() == 1);
  CHECK(listed[0]["stage"] == "feedback");
  CHECK(listed[0]["overdue"] == true);
  CHECK(listed[0]["days_in_stage"] == DaysSince("2024-01-12"));
  CHECK(OkJson(f.cli, "rey", {"list", "--search", w})[0]["overdue"] == false);  // signed off
  CHECK(OkJson(f.cli, "rey", {"list", "--lifecycle", "on_hold"})[0]["id"] == v);

  // The ombuds' search by day: both ends inclusive.
  json days =
      OkJson(f.cli, "olga",
             {"audit", "search", "--initiative", x, "--from", "2024-01-08", "--to", "2024-01-09"});
  REQUIRE(days.size() == 2);
  CHECK(days[0]["at"] == "2024-01-08T12:00:00.000Z");
  CHECK(days[1]["at"] == "2024-01-09T00:00:00.000Z");
  CHECK(days[1]["what"] == "request_changes: feedback -> assessment");
  CHECK(OkJson(f.cli, "olga", {"audit", "search", "--from", "2024-02-11", "--to", "2024-02-11"})
            .size() == 1);  // Y's return

  // Who may keep W's actions: the department, and rey as the second action's owner.
  auto permitted = [&](const std::string& user) {
    json view = OkJson(f.cli, user, {"show", w});
    std::set<std::string> names;
    for (const json& name : view["permitted"]) names.insert(name.get<std::string>());
    return names;
  };
  CHECK(permitted("dana") == std::set<std::string>{"comment", "mitigation status"});
  CHECK(permitted("rey") == std::set<std::string>{"comment", "mitigation status"});
  CHECK(permitted("sam") == std::set<std::string>{"comment"});
  CHECK(permitted("olga").empty());
  f.cli.Ok("rey", {"mitigation", w, "status", "2", "--status", "in_progress"});
  CHECK(f.cli.Run("sam", {"mitigation", w, "status", "2", "--status", "done"}).exit_code ==
        kForbidden);
}

TEST_CASE("listings: the ombuds searches the record by initiative, person, kind and day") {
  RuntimeFixture f;
  const std::string later_start = f.FileAndSubmit();
  const std::string breakfast = File(f.cli, "omar", "nutrition", "Breakfast in the classroom");
  f.cli.Ok("omar", {"act", breakfast, "submit"});
  f.cli.Ok("rey", {"comment", later_start, "--text", "Which schools first?"});

  json all = OkJson(f.cli, "olga", {"audit", "search"});
  const std::string head = f.cli.Ok("olga", {"audit", "head"});
  REQUIRE_FALSE(all.empty());
  CHECK(head == std::to_string(all.back()["seq"].get<std::int64_t>()) + " " +
                    all.back()["hash"].get<std::string>());
  for (std::size_t i = 0; i < all.size(); ++i) CHECK(all[i]["seq"] == i + 1);
  CHECK(OkJson(f.cli, "ada", {"audit", "search"}) == all);  // admins may search too

  // One initiative: the same lines, in the same order, as its history.
  json found = OkJson(f.cli, "olga", {"audit", "search", "--initiative", later_start});
  json timeline = OkJson(f.cli, "olga", {"history", later_start});
  REQUIRE(found.size() == timeline.size());
  for (std::size_t i = 0; i < found.size(); ++i) {
    CHECK(found[i]["seq"] == timeline[i]["seq"]);
    CHECK(found[i]["what"] == timeline[i]["what"]);
    CHECK(found[i]["actor"] == timeline[i]["actor"]);
    CHECK(found[i]["kind"] == timeline[i]["kind"]);
    CHECK(found[i]["hash"].get<std::string>().size() == 64);
  }
  CHECK(found.back()["what"] == "commented: Which schools first?");

  json by_omar = OkJson(f.cli, "olga", {"audit", "search", "--actor", "omar"});
  REQUIRE(by_omar.size() == 2);
  for (const json& event : by_omar) {
    CHECK(event["actor"] == "omar");
    CHECK(event["initiative"] == breakfast);
    CHECK(event["role"] == "department_head");
  }
  json submitted = OkJson(f.cli, "olga", {"audit", "search", "--kind", "submitted"});
  REQUIRE(submitted.size() == 2);
  CHECK(submitted[0]["initiative"] == later_start);
  CHECK(submitted[1]["initiative"] == breakfast);
  CHECK(
      OkJson(f.cli, "olga", {"audit", "search", "--kind", "submitted", "--actor", "dana"}).size() ==
      1);

  // System events have no initiative and read as what happened.
  json users = OkJson(f.cli, "olga", {"audit", "search", "--kind", "user_added"});
  REQUIRE(users.size() == 7);
  CHECK(users[0]["initiative"] == "");
  CHECK(users[1]["what"] == "added user dana (department_head, transportation)");

  // Days: inclusive, validated, naming the bad value.
  const std::string today = all.back()["at"].get<std::string>().substr(0, 10);
  CHECK(OkJson(f.cli, "olga", {"audit", "search", "--from", today, "--to", today}) == all);
  CHECK(OkJson(f.cli, "olga", {"audit", "search", "--to", "2000-01-01"}).empty());
  CHECK(OkJson(f.cli, "olga", {"audit", "search", "--from", "2999-01-01"}).empty());
  for (const char* bad : {"2026-02-30", "yesterday", "2026-1-05"}) {
    CAPTURE(bad);
    ProcessResult refused = f.cli.Run("olga", {"audit", "search", "--from", bad});
    CHECK(refused.exit_code == kInvalidInput);
    CHECK(refused.err.find(std::string("'") + bad + "'") != std::string::npos);
    refused = f.cli.Run("olga", {"audit", "search", "--to", bad});
    CHECK(refused.exit_code == kInvalidInput);
    CHECK(refused.err.find(std::string("'") + bad + "'") != std::string::npos);
  }
  CHECK(f.cli.Run("olga", {"audit", "search", "--from", "2026-03-02", "--to", "2026-03-01"})
            .exit_code == kInvalidInput);

  // The limit: the first matches in sequence order.
  json first_two = OkJson(f.cli, "olga", {"audit", "search", "--limit", "2"});
  REQUIRE(first_two.size() == 2);
  CHECK(first_two[0] == all[0]);
  CHECK(first_two[1] == all[1]);
  CHECK(f.cli.Run("olga", {"audit", "search", "--limit", "0"}).exit_code == kInvalidInput);
  CHECK(f.cli.Ok("olga", {"audit", "search", "--actor", "omar"}).find(breakfast) !=
        std::string::npos);
}

}  // namespace equilens::testing
