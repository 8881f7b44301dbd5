// The router and the HTTP text helpers, without a socket: patterns with ":name" parts, 404
// against 405, decoding, cookies, and which redirect targets are safe.
#include <doctest/doctest.h>

#include "server/http.h"
#include "server/http_util.h"
#include "server/routes.h"

namespace equilens::server {
namespace {

Response Named(const char* name) { return Response::Json(200, name); }

Router Sample() {
  Router router;
  router.Add("GET", "/api/initiatives", Access::kSignedIn,
             [](const Request&, RequestContext&) { return Named("list"); });
  router.Add("GET", "/api/initiatives/:id", Access::kSignedIn,
             [](const Request&, RequestContext&) { return Named("show"); });
  router.Add("POST", "/api/initiatives/:id/actions/:event", Access::kSignedIn,
             [](const Request&, RequestContext&) { return Named("act"); });
  router.Add("GET", "/static/*file", Access::kPublic,
             [](const Request&, RequestContext&) { return Named("static"); });
  return router;
}

TEST_CASE("router: literal and named parts, decoded one segment at a time") {
  Router router = Sample();
  std::map<std::string, std::string> params;
  bool exists = false;
  const Route* act =
      router.Match("POST", "/api/initiatives/EQ-2026-0001/actions/accept", params, exists);
  REQUIRE(act != nullptr);
  CHECK(act->pattern == "/api/initiatives/:id/actions/:event");
  CHECK(params["id"] == "EQ-2026-0001");
  CHECK(params["event"] == "accept");
  // An escaped '/' stays inside its segment.
  REQUIRE(router.Match("GET", "/api/initiatives/a%2Fb", params, exists) != nullptr);
  CHECK(params["id"] == "a/b");
  // A trailing "*name" takes the rest.
  REQUIRE(router.Match("GET", "/static/css/site.css", params, exists) != nullptr);
  CHECK(params["file"] == "css/site.css");
  // HEAD is answered by the GET route.
  CHECK(router.Match("HEAD", "/api/initiatives", params, exists) != nullptr);
}

TEST_CASE("router: no route is a 404, another method's route a 405") {
  Router router = Sample();
  std::map<std::string, std::string> params;
  bool exists = true;
  CHECK(router.Match("GET", "/api/nothing", params, exists) == nullptr);
  CHECK_FALSE(exists);
  CHECK(router.Match("GET", "/api/initiatives/", params, exists) == nullptr);  // empty :id
  CHECK(router.Match("GET", "/api/initiatives/x/y", params, exists) == nullptr);
  CHECK_FALSE(exists);
  CHECK(router.Match("DELETE", "/api/initiatives/EQ-1", params, exists) == nullptr);
  CHECK(exists);
  CHECK(router.Match("GET", "/static/", params, exists) == nullptr);
}

TEST_CASE("http helpers: URL decoding, forms and cookies") {
  CHECK(UrlDecode("a%20b+c", true) == "a b c");
  CHECK(UrlDecode("a%20b+c", false) == "a b+c");
  CHECK(UrlDecode("100%", true) == "100%");
  CHECK(UrlDecode("%zz", true) == "%zz");
  CHECK(UrlEncode("a b/é") == "a%20b%2F%C3%A9");
  auto form = ParseUrlEncoded("user=dana&password=a+b%26c&&empty=&flag");
  REQUIRE(form.size() == 4);
  CHECK(form[1] == std::make_pair(std::string("password"), std::string("a b&c")));
  CHECK(form[2].second.empty());
  CHECK(form[3].first == "flag");

  Request request;
  request.headers["cookie"] = "flash=hi%21; equilens_session=abc ;other=1";
  CHECK(request.Cookie("equilens_session") == "abc");
  CHECK(request.Cookie("flash") == "hi%21");
  CHECK(request.Cookie("missing").empty());
  request.form = {{"tag", "a"}, {"tag", "b"}};
  CHECK(request.FormAll("tag") == std::vector<std::string>{"a", "b"});

  CHECK(SetCookie("equilens_session", "t", true) ==
        "equilens_session=t; Path=/; HttpOnly; SameSite=Strict; Secure");
  CHECK(SetCookie("flash", "", false, 0) == "flash=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  const Response notice = Response::RedirectWithNotice("/inbox", "Moved to signoff.");
  CHECK(notice.status == 303);
  REQUIRE(notice.headers.size() == 2);
  CHECK(notice.headers[0] == std::make_pair(std::string("Location"), std::string("/inbox")));
  CHECK(notice.headers[1].second.rfind("flash=Moved%20to%20signoff.;", 0) == 0);
  CHECK(RandomHex32().size() == 64);
  CHECK(RandomHex32() != RandomHex32());
}

TEST_CASE("http helpers: only local paths are redirect targets") {
  CHECK(SafeLocalTarget("/initiatives/EQ-1?tab=form") == "/initiatives/EQ-1?tab=form");
  for (const char* bad : {"", "inbox", "//evil.example", "/\\evil.example", "https://evil.example",
                          "/a\r\nSet-Cookie: x", "\\\\evil"}) {
    CAPTURE(bad);
    CHECK(SafeLocalTarget(bad).empty());
  }
}

TEST_CASE("http status: one status per engine category") {
  CHECK(HttpStatusFor(ErrorCategory::kUsage) == 400);
  CHECK(HttpStatusFor(ErrorCategory::kForbidden) == 403);
  CHECK(HttpStatusFor(ErrorCategory::kNotFound) == 404);
  CHECK(HttpStatusFor(ErrorCategory::kConflict) == 409);
  CHECK(HttpStatusFor(ErrorCategory::kInvalidInput) == 422);
  CHECK(HttpStatusFor(ErrorCategory::kRefusedByRule) == 422);
  CHECK(HttpStatusFor(ErrorCategory::kIntegrity) == 500);
  CHECK(HttpStatusFor(ErrorCategory::kInternal) == 500);
  const Response refused = ErrorJson(Conflict("stale version"));
  CHECK(refused.status == 409);
  CHECK(refused.body == R"({"error":{"category":"conflict","message":"stale version"}})");
  // An internal error names nothing internal.
  const Response internal = ErrorJson(InternalError("sqlite: disk I/O error at /var/db"));
  CHECK(internal.status == 500);
  CHECK(internal.body.find("/var/db") == std::string::npos);
  CHECK(ApiError(401, "not_signed_in", "sign in").body ==
        R"({"error":{"category":"not_signed_in","message":"sign in"}})");
}

}  // namespace
}  // namespace equilens::server
