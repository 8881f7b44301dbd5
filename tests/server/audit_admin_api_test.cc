// The ombuds' and the admin's API through the real server: verify, head, events, export,
// the audit report; users, invitations and passwords; and the inbox, dashboard and workflows
// everyone reads.
#include <doctest/doctest.h>

#include "server/server_fixture.h"

namespace equilens::testing {
namespace {

using nlohmann::json;

std::string FileAndSubmit(HttpClient& dana) {
  const HttpReply filed = dana.Send("POST", "/api/initiatives",
                                    Body({{"workflow", "mini-review"}, {"title", "Later start"}}));
  REQUIRE(filed.status == 201);
  const std::string id = Json(filed)["id"];
  REQUIRE(dana.Send("POST", "/api/initiatives/" + id + "/actions/submit", "").status == 200);
  return id;
}

TEST_CASE("server api: audit verify, head, events, export and report for the ombuds and admin") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  HttpClient rey = f.As("rey");
  HttpClient olga = f.As("olga");
  HttpClient ada = f.As("ada");
  const std::string id = FileAndSubmit(dana);

  for (HttpClient* auditor : {&olga, &ada}) {
    const HttpReply verified = auditor->Get("/api/audit/verify");
    REQUIRE(verified.status == 200);
    CHECK(Json(verified)["intact"] == true);
  }
  for (HttpClient* other : {&dana, &rey}) {
    for (const char* path :
         {"/api/audit/verify", "/api/audit/head", "/api/audit/events", "/api/audit/export",
          "/api/audit/report?from=2020-01-01&to=2099-01-01"}) {
      CAPTURE(path);
      const HttpReply refused = other->Get(path);
      CHECK(refused.status == 403);
      CHECK(Category(refused) == "forbidden");
    }
  }

  const json head = Json(olga.Get("/api/audit/head"));
  CHECK(head["hash"].get<std::string>().size() == 64);
  CHECK(head["seq"].get<std::int64_t>() > 0);
  const HttpReply expected =
      olga.Get("/api/audit/verify?expect_head=" + head["hash"].get<std::string>());
  CHECK(Json(expected)["intact"] == true);
  // 64 zeros is the genesis (a head recorded before the first event), so forge another.
  const HttpReply forged = olga.Get("/api/audit/verify?expect_head=" + std::string(64, 'a'));
  CHECK(forged.status == 500);  // the integrity category, as the CLI exits 8
  CHECK(Json(forged)["intact"] == false);

  const HttpReply events = olga.Get("/api/audit/events?initiative=" + id);
  REQUIRE(events.status == 200);
  CHECK(Json(events).size() >= 2);
  CHECK(Json(olga.Get("/api/audit/events?actor=dana&limit=1")).size() == 1);
  CHECK(olga.Get("/api/audit/events?limit=0").status == 400);
  CHECK(olga.Get("/api/audit/events?who=dana").status == 400);

  const HttpReply jsonl = olga.Get("/api/audit/export");
  REQUIRE(jsonl.status == 200);
  CHECK(jsonl.Header("content-type") == "application/x-ndjson");
  CHECK(Contains(jsonl.Header("content-disposition"), "equilens-events.jsonl"));
  CHECK(Contains(jsonl.body, id));
  const HttpReply csv = olga.Get("/api/audit/export?format=csv");
  REQUIRE(csv.status == 200);
  CHECK(Contains(csv.Header("content-type"), "text/csv"));
  CHECK(csv.body.rfind("seq,initiative,at,actor,role,kind,payload,hash", 0) == 0);
  CHECK(olga.Get("/api/audit/export?format=xml").status == 400);

  const HttpReply report = olga.Get("/api/audit/report?from=2020-01-01&to=2099-12-31");
  REQUIRE(report.status == 200);
  CHECK(Contains(report.Header("content-type"), "text/html"));
  CHECK(olga.Get("/api/audit/report?from=2020-01-01&to=2099-12-31&format=md").status == 200);
  CHECK(olga.Get("/api/audit/report").status == 400);
}

TEST_CASE("server api: users, invitations and passwords are the admin's") {
  ServerFixture f;
  HttpClient ada = f.As("ada");
  HttpClient olga = f.As("olga");
  HttpClient dana = f.As("dana");

  const HttpReply listed = ada.Get("/api/users");
  REQUIRE(listed.status == 200);
  CHECK(Json(listed).size() == 7);
  CHECK(olga.Get("/api/users").status == 200);  // the ombuds reads
  CHECK(dana.Get("/api/users").status == 403);

  const json nia = {{"name", "nia"}, {"role", "department_head"}, {"department", "nutrition"}};
  const HttpReply added = ada.Send("POST", "/api/users", Body(nia));
  REQUIRE(added.status == 201);
  CHECK(Json(added)["name"] == "nia");
  CHECK(ada.Send("POST", "/api/users", Body(nia)).status == 409);
  CHECK(olga.Send("POST", "/api/users", Body({{"name", "x"}, {"role", "admin"}})).status == 403);
  CHECK(dana.Send("POST", "/api/users", Body({{"name", "x"}, {"role", "admin"}})).status == 403);
  CHECK(ada.Send("POST", "/api/users", Body({{"name", "x"}, {"role", "wizard"}})).status == 422);
  CHECK(ada.Send("POST", "/api/users", Body({{"name", "x"}, {"rol", "admin"}})).status == 422);

  const HttpReply updated = ada.Send("PATCH", "/api/users/nia", Body({{"display", "Nia Okafor"}}));
  CHECK(updated.status == 200);
  CHECK(ada.Send("PATCH", "/api/users/nobody", Body({{"display", "x"}})).status == 404);
  CHECK(dana.Send("PATCH", "/api/users/nia", Body({{"active", false}})).status == 403);
  CHECK(ada.Send("PATCH", "/api/users/nia", Body({{"active", "no"}})).status == 422);

  CHECK(ada.Send("POST", "/api/users/nobody/invitation", "").status == 404);
  CHECK(dana.Send("POST", "/api/users/nia/invitation", "").status == 403);
  CHECK(olga.Send("POST", "/api/users/nia/invitation", "").status == 403);

  // A password: the admin for anyone, a user for themselves, nobody for someone else.
  const json password = {{"password", "a brand new passphrase"}};
  CHECK(ada.Send("PUT", "/api/users/nia/password", Body(password)).status == 200);
  CHECK(dana.Send("PUT", "/api/users/nia/password", Body(password)).status == 403);
  CHECK(ada.Send("PUT", "/api/users/nia/password", Body({{"password", "short"}})).status == 422);
  const HttpReply own = dana.Send("PUT", "/api/users/dana/password", Body(password));
  CHECK(own.status == 200);
  CHECK(dana.Get("/api/session").status == 200);  // the session it was changed from stays
  CHECK(f.Anonymous().SignIn("dana", "a brand new passphrase").status == 200);
}

TEST_CASE("server api: mail choices are each person's own; the outbox is the admin's") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  HttpClient rey = f.As("rey");
  HttpClient olga = f.As("olga");
  HttpClient ada = f.As("ada");
  const json mine = {{"email", "rey@district.example"}, {"notify", "digest"}};
  CHECK(rey.Send("PUT", "/api/users/rey/mail", Body(mine)).status == 200);
  CHECK(rey.Send("PUT", "/api/users/dana/mail", Body(mine)).status == 403);
  CHECK(
      ada.Send("PUT", "/api/users/dana/mail", Body({{"email", "dana@district.example"}})).status ==
      200);
  CHECK(Category(rey.Send("PUT", "/api/users/rey/mail", Body({{"notify", "weekly"}}))) ==
        "invalid_input");
  CHECK(rey.Send("PUT", "/api/users/rey/mail", Body({{"emial", "x@y.z"}})).status == 422);
  CHECK(ada.Send("PUT", "/api/users/nobody/mail", Body(mine)).status == 404);

  FileAndSubmit(dana);  // into the mini review's assessment, dana's own: nobody else is told
  REQUIRE(dana.Send("PATCH", "/api/initiatives/EQ-" + std::string("2026-0001") + "/answers",
                    Body({{"answers", {{"risk_level", "low"}, {"summary", "x"}}}}))
              .status == 200);
  REQUIRE(dana.Send("POST", "/api/initiatives/EQ-2026-0001/actions/submit", "").status == 200);
  const HttpReply outbox = ada.Get("/api/outbox?status=pending");
  REQUIRE(outbox.status == 200);
  const json listed = Json(outbox);
  CHECK(listed["pending"] == 2);  // rey (digest) and sam
  bool rey_digest = false;
  for (const json& row : listed["entries"]) {
    if (row["recipient"] == "rey") rey_digest = row["digest"] == true;
  }
  CHECK(rey_digest);
  for (HttpClient* other : {&dana, &rey, &olga}) {
    CHECK(other->Get("/api/outbox").status == 403);
    CHECK(other->Send("POST", "/api/outbox/1/retry", "").status == 403);
  }
  CHECK(ada.Get("/api/outbox?stauts=failed").status == 400);
  CHECK(ada.Get("/api/outbox?status=lost").status == 422);
  CHECK(ada.Send("POST", "/api/outbox/1/retry", "").status == 404);  // pending, not failed
  CHECK(ada.Send("POST", "/api/outbox/x/retry", "").status == 404);
}

TEST_CASE("server api: inbox, dashboard and workflows for every signed-in role") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  const std::string id = FileAndSubmit(dana);
  for (const char* user : {"ada", "dana", "omar", "rey", "lee", "olga"}) {
    CAPTURE(user);
    HttpClient client = f.As(user);
    const HttpReply inbox = client.Get("/api/inbox");
    CHECK(inbox.status == 200);
    CHECK(Json(inbox)["items"].is_array());
    const HttpReply workflows = client.Get("/api/workflows");
    CHECK(workflows.status == 200);
    CHECK(Contains(workflows.body, "mini-review"));
    const HttpReply dashboard = client.Get("/api/dashboard");
    CHECK((dashboard.status == 200 || dashboard.status == 403));
  }
  const json inbox = Json(dana.Get("/api/inbox"));
  REQUIRE(inbox["items"].size() == 1);
  CHECK(inbox["items"][0]["id"] == id);
  CHECK(inbox["waiting"] == 1);
  CHECK(inbox["more"] == false);
  CHECK(Json(f.As("omar").Get("/api/inbox"))["items"].empty());

  // Pages: a second draft waits too; one a page.
  REQUIRE(dana.Send("POST", "/api/initiatives",
                    Body({{"workflow", "mini-review"}, {"title", "Second"}}))
              .status == 201);
  const json first = Json(dana.Get("/api/inbox?limit=1"));
  CHECK(first["waiting"] == 2);
  CHECK(first["more"] == true);
  REQUIRE(first["items"].size() == 1);
  const json second = Json(dana.Get("/api/inbox?limit=1&offset=1"));
  CHECK(second["more"] == false);
  REQUIRE(second["items"].size() == 1);
  CHECK(first["items"][0]["id"] != second["items"][0]["id"]);
  CHECK(Category(dana.Get("/api/inbox?limit=0")) == "invalid_input");
  CHECK(Category(dana.Get("/api/inbox?limit=501")) == "invalid_input");
  CHECK(dana.Get("/api/inbox?offset=-1").status == 422);
  CHECK(dana.Get("/api/inbox?offset=two").status == 400);
  const HttpReply dashboard = f.As("olga").Get("/api/dashboard");
  REQUIRE(dashboard.status == 200);
  CHECK(Json(dashboard).contains("by_stage"));
  CHECK(dana.Get("/api/inbox?mine=1").status == 400);
}

}  // namespace
}  // namespace equilens::testing
