// The server keeps working: after garbage, a client that hangs up mid-request, a slow client,
// an oversized body, bad JSON; every response carries the security headers and one access-log
// line (never the cookie); GET changes nothing; and concurrent writes on one initiative have
// exactly one winner.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

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

bool Answers(const ServerFixture& f) {
  HttpClient client = f.Anonymous();
  return client.Get("/api/session").status == 401;
}

TEST_CASE("server robustness: garbage, hang-ups and slow clients do not stop the server") {
  ServerFixture f;
  // A garbage request line: refused, and the next request is answered.
  const std::string garbage = RawExchange(f.port(), "\x16\x03\x01 NONSENSE\r\n\r\n");
  CHECK((garbage.empty() || garbage.rfind("HTTP/1.1 400", 0) == 0));
  CHECK(Answers(f));
  const std::string huge_line =
      RawExchange(f.port(), "GET /" + std::string(100000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(Answers(f));
  // Headers promising a body that never comes, then a hang-up.
  RawExchange(f.port(),
              "POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              "Content-Length: 1000\r\n\r\n{\"user\":",
              0, /*close_after_send=*/true);
  CHECK(Answers(f));
  // A client that stalls mid-request holds one worker; the others go on answering.
  std::atomic<bool> stalled_done{false};
  std::thread slow([&] {
    RawExchange(f.port(), "GET /api/session HTTP/1.1\r\nHost: x\r\n", 1500);
    stalled_done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  for (int i = 0; i < 5; ++i) CHECK(Answers(f));
  slow.join();
  CHECK(Answers(f));
  // An unknown method.
  const std::string odd = RawExchange(f.port(), "BREW /api/inbox HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK_FALSE(odd.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(Answers(f));
}

TEST_CASE("server robustness: a body over the limit is 413 as JSON under /api/") {
  ServerFixture f(/*shipped=*/false, /*max_body_bytes=*/64 * 1024);
  HttpClient dana = f.As("dana");
  const std::string big =
      Body({{"title", std::string(100 * 1024, 'x')}, {"workflow", "mini-review"}});
  const HttpReply refused = dana.Send("POST", "/api/initiatives", big);
  INFO(refused.body);
  CHECK(refused.status == 413);
  CHECK(Category(refused) == "invalid_input");
  CHECK(Contains(Message(refused), "65536 bytes"));
  CHECK(refused.Header("x-content-type-options") == "nosniff");
  CHECK(Json(dana.Get("/api/initiatives")).empty());
  // Just under the limit is read (and refused by the engine on its own terms, not by size).
  const HttpReply fits =
      dana.Send("POST", "/api/initiatives",
                Body({{"title", std::string(1000, 'x')}, {"workflow", "mini-review"}}));
  CHECK(fits.status != 413);
  CHECK(Answers(f));
}

TEST_CASE("server robustness: bad JSON, unknown keys and wrong types are 422 naming the problem") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  const HttpReply broken = dana.Send("POST", "/api/initiatives", "{\"title\": \"x\",\n oops}");
  CHECK(broken.status == 422);
  CHECK(Category(broken) == "invalid_input");
  CHECK(Contains(Message(broken), "request body: line 2, column"));
  const HttpReply array = dana.Send("POST", "/api/initiatives", "[1, 2]");
  CHECK(array.status == 422);
  CHECK(Contains(Message(array), "must be a JSON object"));
  const HttpReply typo =
      dana.Send("POST", "/api/initiatives", Body({{"workflow", "mini-review"}, {"titel", "x"}}));
  CHECK(typo.status == 422);
  CHECK(Contains(Message(typo), "unknown key 'titel' (did you mean 'title'?)"));
  const HttpReply type =
      dana.Send("POST", "/api/initiatives", Body({{"workflow", "mini-review"}, {"title", 7}}));
  CHECK(type.status == 422);
  CHECK(Contains(Message(type), "'title' must be a string, not an integer"));
  const HttpReply form =
      dana.Send("POST", "/api/initiatives", "title=x", "application/x-www-form-urlencoded");
  CHECK(form.status == 415);
  CHECK(Json(dana.Get("/api/initiatives")).empty());
}

TEST_CASE("server robustness: unknown routes are 404, other methods 405 with Allow") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  const HttpReply none = dana.Get("/api/nothing/here");
  CHECK(none.status == 404);
  CHECK(Category(none) == "not_found");
  const HttpReply method = dana.Send("DELETE", "/api/initiatives", "");
  CHECK(method.status == 405);
  CHECK(method.Header("allow") == "GET, POST");
  CHECK(Category(method) == "usage");
  CHECK(f.Anonymous().Get("/no/such/page").status == 404);
}

TEST_CASE("server robustness: security headers on every response, and one access-log line each") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  const std::string session = dana.Cookie("equilens_session");
  std::vector<HttpReply> replies = {dana.Get("/api/inbox"), dana.Get("/api/nothing"),
                                    f.Anonymous().Get("/signin"), f.Anonymous().Get("/api/inbox"),
                                    dana.Send("POST", "/api/initiatives", "{")};
  for (const HttpReply& reply : replies) {
    CAPTURE(reply.status);
    CHECK(Contains(reply.Header("content-security-policy"), "default-src 'self'"));
    CHECK(Contains(reply.Header("content-security-policy"), "frame-ancestors 'none'"));
    CHECK(Contains(reply.Header("content-security-policy"), "form-action 'self'"));
    CHECK(reply.Header("x-content-type-options") == "nosniff");
    CHECK(reply.Header("referrer-policy") == "same-origin");
    CHECK_FALSE(reply.Header("x-request-id").empty());
  }
  CHECK(replies[0].Header("cache-control") == "no-store");
  const std::string log = f.AccessLog();
  CHECK(Contains(log, "access info method=GET path=/api/inbox status=200 bytes="));
  CHECK(Contains(log, "user=dana request_id=" + replies[0].Header("x-request-id")));
  CHECK(Contains(log, "method=POST path=/api/initiatives status=422"));
  CHECK(Contains(log, "path=/api/inbox status=401 bytes="));
  CHECK(Contains(log, "duration_ms="));
  CHECK_FALSE(Contains(log, session));
  CHECK_FALSE(Contains(log, dana.csrf));
  CHECK_FALSE(Contains(log, kPassword));
}

TEST_CASE("server robustness: GET never changes the record") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  HttpClient olga = f.As("olga");
  HttpClient ada = f.As("ada");
  const std::string id = FileAndSubmit(dana);
  const json before = Json(olga.Get("/api/audit/head"));
  const std::string base = "/api/initiatives/" + id;
  for (const std::string& path : {std::string("/api/initiatives"),
                                  base,
                                  base + "/history",
                                  base + "/feedback",
                                  base + "/mitigation",
                                  base + "/metrics",
                                  base + "/metrics?recompute=true",
                                  base + "/statement",
                                  base + "/statement?format=md",
                                  std::string("/api/inbox"),
                                  std::string("/api/dashboard"),
                                  std::string("/api/mitigation/overdue"),
                                  std::string("/api/workflows"),
                                  std::string("/api/session"),
                                  std::string("/api/audit/verify"),
                                  std::string("/api/audit/events"),
                                  std::string("/api/audit/export"),
                                  std::string("/api/audit/export?format=csv"),
                                  std::string("/api/audit/report?from=2020-01-01&to=2099-12-31"),
                                  std::string("/api/users")}) {
    CAPTURE(path);
    for (HttpClient* client : {&dana, &olga, &ada}) client->Get(path);
  }
  CHECK(Json(olga.Get("/api/audit/head")) == before);
  CHECK(Json(olga.Get("/api/audit/verify"))["intact"] == true);
}

TEST_CASE("server robustness: concurrent writes are all kept, with group commit and without") {
  for (const bool grouped : {true, false}) {
    CAPTURE(grouped);
    ServerFixture f;
    if (!grouped) {
      f.options.group_commit = false;
      f.Restart();
    }
    HttpClient dana = f.As("dana");
    const std::string id = FileAndSubmit(dana);
    const HttpClient rey = f.As("rey");
    constexpr int kWriters = 8;
    constexpr int kEach = 10;
    std::atomic<int> kept{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] {
        HttpClient same = rey;  // one session, eight connections
        for (int i = 0; i < kEach; ++i) {
          const std::string text = "note " + std::to_string(w) + "." + std::to_string(i);
          if (same.Send("POST", "/api/initiatives/" + id + "/comments", Body({{"text", text}}))
                  .status == 201) {
            ++kept;
          }
        }
      });
    }
    for (std::thread& writer : writers) writer.join();
    CHECK(kept == kWriters * kEach);
    const json shown = Json(dana.Get("/api/initiatives/" + id));
    CHECK(shown["comments"].size() == kWriters * kEach);
    const json verified = Json(f.As("olga").Get("/api/audit/verify"));
    CHECK(verified["intact"] == true);
  }
}

TEST_CASE("server robustness: concurrent writes on one initiative have exactly one winner") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  const std::string id = FileAndSubmit(dana);
  const std::string base = "/api/initiatives/" + id;
  REQUIRE(dana.Send("PATCH", base + "/answers",
                    Body({{"answers", {{"risk_level", "low"}, {"summary", "Fine."}}}}))
              .status == 200);
  const std::int64_t version = Json(dana.Get(base))["version"];

  constexpr int kWriters = 8;
  std::vector<int> statuses(kWriters, 0);
  std::vector<std::string> categories(kWriters);
  std::atomic<int> ready{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      HttpClient same = dana;  // one session, eight connections
      ++ready;
      while (ready < kWriters) std::this_thread::yield();
      const HttpReply reply =
          same.Send("POST", base + "/actions/submit", Body({{"expect_version", version}}));
      statuses[i] = reply.status;
      categories[i] = Category(reply);
    });
  }
  for (std::thread& writer : writers) writer.join();
  int winners = 0;
  for (int i = 0; i < kWriters; ++i) {
    CAPTURE(i);
    CAPTURE(categories[i]);
    if (statuses[i] == 200) {
      ++winners;
    } else {
      CHECK((statuses[i] == 409 || statuses[i] == 422));
    }
  }
  CHECK(winners == 1);
  const json history = Json(dana.Get(base + "/history"));
  int moves = 0;
  for (const json& entry : history) {
    if (Contains(entry["what"].get<std::string>(), "assessment -> feedback")) ++moves;
  }
  CHECK(moves == 1);
  CHECK(Json(dana.Get(base))["stage"] == "feedback");
}

}  // namespace
}  // namespace equilens::testing
