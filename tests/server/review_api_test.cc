// A whole review through the API alone under the SHIPPED equity-impact-review: intake,
// assessment, feedback raised and answered, a mitigation plan, sign-off, and the tracked
// mitigation actions after it; each feedback and mitigation route by the roles that may and
// refused for the roles that may not.
#include <doctest/doctest.h>

#include "e2e/form_answers.h"
#include "server/server_fixture.h"

namespace equilens::testing {
namespace {

using nlohmann::json;

json Plan() {
  auto action = [](const std::string& what, const std::string& owner, const std::string& due) {
    return json{{"risk", "Students walk further after dark."},
                {"groups", {"english_learners"}},
                {"action", what},
                {"owner", owner},
                {"due", due},
                {"resources", "Budget line 12."},
                {"success_measure", "No rider walks more than 0.5 miles."}};
  };
  return {
      {"actions", json::array({action("Add a stop at Ash Ave.", "Routing supervisor", "2020-01-01"),
                               action("Notices in Spanish.", "sam", "2098-06-30")})},
      {"early_warning", "Late-bus sign-ins reviewed monthly."},
      {"if_harm_continues", "Restore route 22."}};
}

json SignOff() {
  return {{"outcome", "adjust"},
          {"rationale", "Adjust with the Ash Ave. stop."},
          {"conditions", "Report the first month's figures."},
          {"conditions_due", "2027-02-15"}};
}

HttpReply Act(HttpClient& client, const std::string& id, const std::string& event) {
  return client.Send("POST", "/api/initiatives/" + id + "/actions/" + event, "");
}

void Fill(HttpClient& client, const std::string& id, const json& answers) {
  const HttpReply filled =
      client.Send("PATCH", "/api/initiatives/" + id + "/answers", Body({{"answers", answers}}));
  INFO(filled.body);
  REQUIRE(filled.status == 200);
  REQUIRE(Json(filled)["complete"] == true);
}

TEST_CASE("server api: a full review with feedback and tracked mitigation actions") {
  ServerFixture f(/*shipped=*/true);
  HttpClient dana = f.As("dana");
  HttpClient omar = f.As("omar");
  HttpClient rey = f.As("rey");
  HttpClient sam = f.As("sam");
  HttpClient lee = f.As("lee");
  HttpClient olga = f.As("olga");

  const HttpReply filed = dana.Send("POST", "/api/initiatives",
                                    Body({{"workflow", "equity-impact-review"},
                                          {"title", "Consolidate bus routes 14 and 22"},
                                          {"department", "transportation"},
                                          {"summary", "Two half-empty routes."}}));
  REQUIRE(filed.status == 201);
  const std::string id = Json(filed)["id"];
  const std::string base = "/api/initiatives/" + id;
  REQUIRE(Act(dana, id, "submit").status == 200);
  REQUIRE(Json(Act(rey, id, "accept"))["stage"] == "assessment");

  json assessment = AnswersFor(Json(dana.Get(base))["form"]);
  assessment["risk_level"] = "medium";
  Fill(dana, id, assessment);
  REQUIRE(Json(Act(dana, id, "submit"))["stage"] == "feedback");

  // ------------------------------------------------------------------------ feedback
  const json concern = {{"kind", "concern"}, {"section", "general"}, {"text", "Who walks?"}};
  const HttpReply added = rey.Send("POST", base + "/feedback", Body(concern));
  INFO(added.body);
  REQUIRE(added.status == 201);
  CHECK(Json(added)["number"] == 1);
  CHECK(dana.Send("POST", base + "/feedback", Body(concern)).status == 403);
  CHECK(olga.Send("POST", base + "/feedback", Body(concern)).status == 403);
  // A department head may not give feedback anywhere: the role refuses before any lookup, so
  // the answer says nothing about whether the id exists.
  CHECK(omar.Send("POST", base + "/feedback", Body(concern)).status == 403);
  const HttpReply bad_kind = rey.Send(
      "POST", base + "/feedback", Body({{"kind", "rant"}, {"section", "general"}, {"text", "x"}}));
  CHECK(bad_kind.status == 422);

  for (HttpClient* reader : {&dana, &rey, &olga}) {
    const HttpReply list = reader->Get(base + "/feedback");
    REQUIRE(list.status == 200);
    CHECK(Json(list).size() == 1);
  }
  CHECK(omar.Get(base + "/feedback").status == 404);

  const json answer = {{"disposition", "incorporated"}};
  CHECK(rey.Send("PUT", base + "/feedback/1/answer", Body(answer)).status == 403);
  CHECK(olga.Send("PUT", base + "/feedback/1/answer", Body(answer)).status == 403);
  CHECK(omar.Send("PUT", base + "/feedback/1/answer", Body(answer)).status == 404);
  CHECK(dana.Send("PUT", base + "/feedback/9/answer", Body(answer)).status == 404);
  CHECK(dana.Send("PUT", base + "/feedback/one/answer", Body(answer)).status == 404);
  CHECK(dana.Send("PUT", base + "/feedback/1/answer", Body({{"disposition", "declined"}})).status ==
        422);  // declining needs a reason
  const HttpReply answered = dana.Send("PUT", base + "/feedback/1/answer", Body(answer));
  INFO(answered.body);
  REQUIRE(answered.status == 200);
  CHECK(Json(dana.Get(base + "/feedback"))[0]["disposition"] == "incorporated");

  // ------------------------------------------------------------ mitigation and sign-off
  REQUIRE(Json(Act(rey, id, "accept"))["stage"] == "mitigation");
  CHECK(Json(dana.Get(base + "/mitigation")).empty());
  const HttpReply early =
      dana.Send("PUT", base + "/mitigation/1/status", Body({{"status", "done"}}));
  CHECK(early.status == 422);
  CHECK(Category(early) == "refused_by_rule");
  Fill(dana, id, Plan());
  REQUIRE(Json(Act(dana, id, "submit"))["stage"] == "signoff");
  Fill(lee, id, SignOff());
  const HttpReply approved = Act(lee, id, "approve");
  REQUIRE(approved.status == 200);
  CHECK(Json(approved)["lifecycle"] == "monitoring");

  const HttpReply tracked = dana.Get(base + "/mitigation");
  REQUIRE(tracked.status == 200);
  REQUIRE(Json(tracked).size() == 2);
  CHECK(Json(tracked)[0]["overdue"] == true);
  CHECK(Json(olga.Get(base + "/mitigation")) == Json(tracked));
  CHECK(omar.Get(base + "/mitigation").status == 404);

  const json progress = {{"status", "in_progress"}};
  const HttpReply started = dana.Send("PUT", base + "/mitigation/1/status", Body(progress));
  REQUIRE(started.status == 200);
  CHECK(Json(started)["status"] == "in_progress");
  CHECK(Json(started)["updated_by"] == "dana");
  CHECK(rey.Send("PUT", base + "/mitigation/2/status", Body(progress)).status == 403);
  CHECK(olga.Send("PUT", base + "/mitigation/1/status", Body(progress)).status == 403);
  CHECK(omar.Send("PUT", base + "/mitigation/1/status", Body(progress)).status == 404);
  CHECK(dana.Send("PUT", base + "/mitigation/9/status", Body(progress)).status == 404);
  CHECK(dana.Send("PUT", base + "/mitigation/1/status", Body({{"status", "dropped"}})).status ==
        422);
  const HttpReply by_owner = sam.Send("PUT", base + "/mitigation/2/status", Body(progress));
  CHECK(by_owner.status == 200);
  CHECK(Json(by_owner)["updated_by"] == "sam");

  // District-wide overdue actions.
  const HttpReply overdue = olga.Get("/api/mitigation/overdue?as_of=2099-01-01");
  REQUIRE(overdue.status == 200);
  CHECK(Json(overdue).size() == 2);
  CHECK(Json(omar.Get("/api/mitigation/overdue?as_of=2099-01-01")).empty());
  CHECK(olga.Get("/api/mitigation/overdue?as_of=tomorrow").status == 422);
  CHECK(olga.Get("/api/mitigation/overdue?asof=2099-01-01").status == 400);

  const HttpReply verified = olga.Get("/api/audit/verify");
  REQUIRE(verified.status == 200);
  CHECK(Json(verified)["intact"] == true);
}

}  // namespace
}  // namespace equilens::testing
