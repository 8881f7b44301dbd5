// /api/initiatives through the real server: listing, filing, showing, answers, comments,
// actions, history and the statement, each by the roles that may and refused for the roles
// that may not, with the engine's category mapped to its one HTTP status.
#include <doctest/doctest.h>

#include "server/server_fixture.h"

namespace equilens::testing {
namespace {

using nlohmann::json;

// Filed by dana under mini-review and submitted: at assessment. Returns its id.
std::string FileAndSubmit(HttpClient& dana, const std::string& title = "Later start") {
  const HttpReply filed = dana.Send(
      "POST", "/api/initiatives",
      Body({{"workflow", "mini-review"}, {"title", title}, {"summary", "Two routes merge."}}));
  INFO(filed.body);
  REQUIRE(filed.status == 201);
  const std::string id = Json(filed)["id"];
  CHECK(filed.Header("location") == "/api/initiatives/" + id);
  const HttpReply submitted = dana.Send("POST", "/api/initiatives/" + id + "/actions/submit", "");
  INFO(submitted.body);
  REQUIRE(submitted.status == 200);
  return id;
}

json Answers(const std::string& risk) {
  return {
      {"answers", {{"risk_level", risk}, {"summary", "Rated " + risk + "."}, {"students", 40}}}};
}

// The error message with the id replaced, to compare refusals for two different ids.
std::string Without(const HttpReply& reply, const std::string& id) {
  std::string message = reply.body;
  for (std::size_t at = message.find(id); at != std::string::npos; at = message.find(id)) {
    message.replace(at, id.size(), "<ID>");
  }
  return message;
}

TEST_CASE("server api: filing, showing and listing initiatives, by role and department") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  HttpClient omar = f.As("omar");
  HttpClient rey = f.As("rey");
  HttpClient olga = f.As("olga");
  const std::string id = FileAndSubmit(dana);

  // File: a department head only; the ombuds never writes.
  const json filing = {{"workflow", "mini-review"}, {"title", "Not mine to file"}};
  const HttpReply by_rey = rey.Send("POST", "/api/initiatives", Body(filing));
  CHECK(by_rey.status == 403);
  CHECK(Category(by_rey) == "forbidden");
  const HttpReply by_olga = olga.Send("POST", "/api/initiatives", Body(filing));
  CHECK(by_olga.status == 403);
  CHECK(Contains(Message(by_olga), "ombuds"));
  const HttpReply no_workflow =
      dana.Send("POST", "/api/initiatives", Body({{"workflow", "nope"}, {"title", "x"}}));
  CHECK(no_workflow.status == 404);
  const HttpReply no_title = dana.Send("POST", "/api/initiatives", Body({{"workflow", "x"}}));
  CHECK(no_title.status == 422);
  CHECK(Contains(Message(no_title), "'title' is required"));

  // Show: the department, reviewers and the ombuds; another department gets the same 404
  // as an id that does not exist at all.
  const HttpReply shown = dana.Get("/api/initiatives/" + id);
  REQUIRE(shown.status == 200);
  CHECK(Json(shown)["id"] == id);
  CHECK(Json(shown)["stage"] == "assessment");
  CHECK(rey.Get("/api/initiatives/" + id).status == 200);
  CHECK(olga.Get("/api/initiatives/" + id).status == 200);
  const HttpReply hidden = omar.Get("/api/initiatives/" + id);
  const HttpReply absent = omar.Get("/api/initiatives/EQ-2026-0999");
  CHECK(hidden.status == 404);
  CHECK(absent.status == 404);
  CHECK(Category(hidden) == "not_found");
  CHECK(Without(hidden, id) == Without(absent, "EQ-2026-0999"));
  CHECK(dana.Get("/api/initiatives/EQ-2026-0999").status == 404);

  // List: scoped and filtered.
  CHECK(Json(dana.Get("/api/initiatives")).size() == 1);
  CHECK(Json(omar.Get("/api/initiatives")).empty());
  CHECK(Json(rey.Get("/api/initiatives")).size() == 1);
  CHECK(Json(olga.Get("/api/initiatives?stage=assessment")).size() == 1);
  CHECK(Json(olga.Get("/api/initiatives?stage=feedback")).empty());
  CHECK(Json(olga.Get("/api/initiatives?text=later")).size() == 1);
  const HttpReply typo = olga.Get("/api/initiatives?stag=assessment");
  CHECK(typo.status == 400);
  CHECK(Category(typo) == "usage");
  CHECK(Contains(Message(typo), "did you mean 'stage'"));
  CHECK(olga.Get("/api/initiatives?limit=0").status == 400);
  CHECK(olga.Get("/api/initiatives?limit=ten").status == 400);
}

TEST_CASE("server api: answers, comments and actions, with version and request-id guards") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  HttpClient omar = f.As("omar");
  HttpClient rey = f.As("rey");
  HttpClient sam = f.As("sam");
  HttpClient olga = f.As("olga");
  const std::string id = FileAndSubmit(dana);
  const std::string base = "/api/initiatives/" + id;

  // Answers: merged into the current stage's form, checked field by field.
  const HttpReply partial =
      dana.Send("PATCH", base + "/answers", Body({{"answers", {{"risk_level", "low"}}}}));
  REQUIRE(partial.status == 200);
  CHECK(Json(partial)["complete"] == false);
  const HttpReply bad =
      dana.Send("PATCH", base + "/answers", Body({{"answers", {{"risk_level", "extreme"}}}}));
  CHECK(bad.status == 422);
  CHECK(Category(bad) == "invalid_input");
  CHECK(dana.Send("PATCH", base + "/answers", Body({{"answers", "text"}})).status == 422);
  CHECK(dana.Send("PATCH", base + "/answers", Body({{"answer", {}}})).status == 422);
  CHECK(olga.Send("PATCH", base + "/answers", Body(Answers("low"))).status == 403);
  CHECK(omar.Send("PATCH", base + "/answers", Body(Answers("low"))).status == 404);
  const HttpReply complete = dana.Send("PATCH", base + "/answers", Body(Answers("low")));
  REQUIRE(complete.status == 200);
  CHECK(Json(complete)["complete"] == true);

  // Comments: review participants; not the ombuds, not another department.
  const HttpReply commented =
      rey.Send("POST", base + "/comments", Body({{"text", "Which routes?"}}));
  CHECK(commented.status == 201);
  CHECK(olga.Send("POST", base + "/comments", Body({{"text", "x"}})).status == 403);
  CHECK(omar.Send("POST", base + "/comments", Body({{"text", "x"}})).status == 404);
  CHECK(rey.Send("POST", base + "/comments", Body({{"text", ""}})).status == 422);

  // Actions: a stale version is a conflict; a repeated request id returns the first outcome.
  const std::int64_t version = Json(dana.Get(base))["version"];
  const HttpReply stale =
      dana.Send("POST", base + "/actions/submit", Body({{"expect_version", version - 1}}));
  CHECK(stale.status == 409);
  CHECK(Category(stale) == "conflict");
  const json guarded = {{"expect_version", version}, {"request_id", "submit-1"}, {"note", "Go."}};
  const HttpReply submitted = dana.Send("POST", base + "/actions/submit", Body(guarded));
  REQUIRE(submitted.status == 200);
  CHECK(Json(submitted)["stage"] == "feedback");
  CHECK(Json(submitted)["repeated"] == false);
  const HttpReply repeated = dana.Send("POST", base + "/actions/submit", Body(guarded));
  CHECK(repeated.status == 200);
  CHECK(Json(repeated)["repeated"] == true);

  // Refusals by rule and by role.
  const HttpReply own = dana.Send("POST", base + "/actions/accept", "");
  CHECK(own.status == 403);  // the filer may not review their own initiative
  CHECK(olga.Send("POST", base + "/actions/accept", "").status == 403);
  CHECK(omar.Send("POST", base + "/actions/accept", "").status == 404);
  const HttpReply unknown_event = rey.Send("POST", base + "/actions/launch", "");
  // The engine answers "there is no action 'launch' on ... now" (as the CLI does): not_found.
  CHECK(unknown_event.status == 404);
  CHECK(Category(unknown_event) == "not_found");
  const HttpReply vote = rey.Send("POST", base + "/actions/accept", Body({{"note", "Fine."}}));
  CHECK(vote.status == 200);
  CHECK(Json(vote)["stage"] == "feedback");  // 1 of 2
  CHECK(Json(sam.Send("POST", base + "/actions/accept", ""))["stage"] == "signoff");

  // History: every event, for those who may see it.
  const HttpReply history = olga.Get(base + "/history");
  REQUIRE(history.status == 200);
  CHECK(Json(history).size() >= 5);
  CHECK(omar.Get(base + "/history").status == 404);
  CHECK(Json(dana.Get(base + "/history")) == Json(history));
}

TEST_CASE("server api: the statement as HTML or Markdown") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  HttpClient olga = f.As("olga");
  HttpClient omar = f.As("omar");
  const std::string id = FileAndSubmit(dana);
  const HttpReply html = olga.Get("/api/initiatives/" + id + "/statement");
  REQUIRE(html.status == 200);
  CHECK(Contains(html.Header("content-type"), "text/html"));
  CHECK(Contains(html.body, id));
  const HttpReply md = olga.Get("/api/initiatives/" + id + "/statement?format=md");
  REQUIRE(md.status == 200);
  CHECK(Contains(md.Header("content-type"), "text/markdown"));
  CHECK(olga.Get("/api/initiatives/" + id + "/statement?format=pdf").status == 400);
  CHECK(omar.Get("/api/initiatives/" + id + "/statement").status == 404);
}

}  // namespace
}  // namespace equilens::testing

namespace equilens::testing {
namespace {

TEST_CASE(
    "server api: another department's id and a missing id get the same answer on every route") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  HttpClient omar = f.As("omar");
  const std::string id = FileAndSubmit(dana);
  const std::string missing = "EQ-2026-0999";
  const std::vector<std::pair<std::string, std::string>> routes = {{"GET", ""},
                                                                   {"GET", "/history"},
                                                                   {"GET", "/statement"},
                                                                   {"GET", "/feedback"},
                                                                   {"GET", "/mitigation"},
                                                                   {"GET", "/metrics"},
                                                                   {"PATCH", "/answers"},
                                                                   {"POST", "/comments"},
                                                                   {"POST", "/actions/submit"},
                                                                   {"PUT", "/feedback/1/answer"},
                                                                   {"POST", "/data"}};
  const std::map<std::string, json> bodies = {
      {"/answers", Answers("low")},
      {"/comments", {{"text", "x"}}},
      {"/actions/submit", json::object()},
      {"/feedback/1/answer", {{"disposition", "incorporated"}}},
      {"/data",
       {{"csv", "group,in_group,with_outcome\nA,100,10\n"}, {"outcome", "o"}, {"year", 2025}}}};
  for (const auto& [method, suffix] : routes) {
    CAPTURE(method);
    CAPTURE(suffix);
    const std::string body = bodies.count(suffix) ? Body(bodies.at(suffix)) : "";
    const HttpReply hidden = omar.Send(method, "/api/initiatives/" + id + suffix, body);
    const HttpReply absent = omar.Send(method, "/api/initiatives/" + missing + suffix, body);
    CHECK(hidden.status == 404);
    CHECK(hidden.status == absent.status);
    CHECK(Without(hidden, id) == Without(absent, missing));
  }
}

}  // namespace
}  // namespace equilens::testing
