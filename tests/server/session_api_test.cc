// Sign-in and sessions through the real server: the cookie's flags, 401 without a session,
// CSRF on every state change, the same answer for an unknown user and a wrong password, and
// login CSRF defences (JSON only; Origin; the pre-session token on the sign-in form).
#include <doctest/doctest.h>

#include "server/routes.h"
#include "server/server_fixture.h"

namespace equilens::testing {
namespace {

using nlohmann::json;

TEST_CASE(
    "server session: sign-in sets an HttpOnly SameSite=Strict cookie and returns the CSRF token") {
  ServerFixture f;
  HttpClient client = f.Anonymous();
  HttpReply reply = client.SignIn("dana", kPassword);
  REQUIRE(reply.status == 200);
  const json body = Json(reply);
  CHECK(body["user"]["name"] == "dana");
  CHECK(body["user"]["role"] == "department_head");
  CHECK(body["csrf_token"].get<std::string>().size() == 64);
  CHECK_FALSE(body["expires_at"].get<std::string>().empty());
  const std::string cookie = reply.Header("set-cookie");
  CHECK(Contains(cookie, "equilens_session="));
  CHECK(Contains(cookie, "HttpOnly"));
  CHECK(Contains(cookie, "SameSite=Strict"));
  CHECK(Contains(cookie, "Path=/"));
  CHECK_FALSE(Contains(cookie, "Secure"));  // not asked for
  CHECK(client.Cookie("equilens_session").size() == 64);
  // The token is not the CSRF token, and the body never carries the session token.
  CHECK(client.Cookie("equilens_session") != client.csrf);
  CHECK_FALSE(Contains(reply.body, client.Cookie("equilens_session")));

  // GET /api/session: who am I.
  const HttpReply me = client.Get("/api/session");
  REQUIRE(me.status == 200);
  CHECK(Json(me)["user"]["name"] == "dana");
  CHECK(Json(me)["csrf_token"] == client.csrf);
  CHECK(me.Header("cache-control") == "no-store");
}

TEST_CASE("server session: Secure is added to the cookie when asked for") {
  ServerFixture f;
  f.server->Stop();
  server::ServeOptions options = f.options;
  options.secure_cookies = true;
  Result<std::unique_ptr<server::Server>> secure = server::Server::Start(options);
  REQUIRE(secure.ok());
  HttpClient client("127.0.0.1", (*secure)->port());
  const HttpReply reply = client.SignIn("rey", kPassword);
  REQUIRE(reply.status == 200);
  CHECK(Contains(reply.Header("set-cookie"), "; Secure"));
}

TEST_CASE("server session: an unknown user and a wrong password get the same 401") {
  ServerFixture f;
  HttpClient client = f.Anonymous();
  const HttpReply wrong = client.SignIn("dana", "not the password at all");
  const HttpReply unknown = client.SignIn("nobody", "not the password at all");
  CHECK(wrong.status == 401);
  CHECK(unknown.status == 401);
  CHECK(Category(wrong) == "not_signed_in");
  CHECK(wrong.body == unknown.body);
  CHECK(wrong.Header("set-cookie").empty());
  CHECK(client.Cookie("equilens_session").empty());
}

TEST_CASE("server session: no session is 401 on every signed-in API route") {
  ServerFixture f;
  HttpClient client = f.Anonymous();
  for (const char* path :
       {"/api/session", "/api/initiatives", "/api/inbox", "/api/dashboard", "/api/audit/verify",
        "/api/users", "/api/workflows", "/api/initiatives/EQ-2026-0001"}) {
    CAPTURE(path);
    const HttpReply reply = client.Get(path);
    CHECK(reply.status == 401);
    CHECK(Category(reply) == "not_signed_in");
  }
  const HttpReply post = client.Send("POST", "/api/initiatives", Body({{"title", "x"}}));
  CHECK(post.status == 401);
  // A made-up cookie is no session either, and the browser is told to forget it.
  client.SetCookie("equilens_session", std::string(64, 'a'));
  const HttpReply forged = client.Get("/api/inbox");
  CHECK(forged.status == 401);
  CHECK(Contains(forged.Header("set-cookie"), "Max-Age=0"));
}

TEST_CASE("server session: a state change without the CSRF token, or with a wrong one, is 403") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  const std::string token = dana.csrf;
  const json filing = {{"workflow", "mini-review"}, {"title", "Later start"}};

  dana.csrf = "";
  HttpReply missing = dana.Send("POST", "/api/initiatives", Body(filing));
  CHECK(missing.status == 403);
  CHECK(Category(missing) == "forbidden");
  CHECK(Contains(Message(missing), "CSRF"));

  dana.csrf = std::string(64, '0');
  CHECK(dana.Send("POST", "/api/initiatives", Body(filing)).status == 403);
  dana.csrf = token.substr(0, 63);
  CHECK(dana.Send("POST", "/api/initiatives", Body(filing)).status == 403);
  dana.csrf = "";
  CHECK(dana.Send("DELETE", "/api/session", "").status == 403);
  // Nothing was filed by the refused requests.
  dana.csrf = token;
  CHECK(Json(dana.Get("/api/initiatives")).empty());
  CHECK(dana.Send("POST", "/api/initiatives", Body(filing)).status == 201);
}

TEST_CASE("server session: sign-out ends the session on the server") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  const std::string cookie = dana.Cookie("equilens_session");
  const HttpReply out = dana.Send("DELETE", "/api/session", "");
  REQUIRE(out.status == 200);
  CHECK(Json(out)["signed_out"] == true);
  CHECK(Contains(out.Header("set-cookie"), "Max-Age=0"));
  // The old cookie, replayed, is no session.
  HttpClient replay = f.Anonymous();
  replay.SetCookie("equilens_session", cookie);
  CHECK(replay.Get("/api/session").status == 401);
}

TEST_CASE("server session: a disabled user is out at the next request") {
  ServerFixture f;
  HttpClient rey = f.As("rey");
  REQUIRE(rey.Get("/api/inbox").status == 200);
  HttpClient ada = f.As("ada");
  REQUIRE(ada.Send("PATCH", "/api/users/rey", Body({{"active", false}})).status == 200);
  CHECK(rey.Get("/api/inbox").status == 401);
}

TEST_CASE("server session: sign-in takes JSON only, from this site") {
  ServerFixture f;
  HttpClient client = f.Anonymous();
  // A cross-site form can post text/plain that looks like JSON: refused.
  const std::string body = Body({{"user", "dana"}, {"password", kPassword}});
  const HttpReply plain = client.Send("POST", "/api/session", body, "text/plain");
  CHECK(plain.status == 415);
  CHECK(client.Cookie("equilens_session").empty());
  const HttpReply foreign = client.Send("POST", "/api/session", body, "application/json",
                                        {{"Origin", "https://evil.example"}});
  CHECK(foreign.status == 403);
  CHECK(client.Cookie("equilens_session").empty());
  const HttpReply own = client.Send("POST", "/api/session", body, "application/json",
                                    {{"Origin", "http://127.0.0.1:" + std::to_string(f.port())}});
  CHECK(own.status == 200);
}

TEST_CASE("server session: the sign-in form needs its pre-session token and a same-site origin") {
  ServerFixture f;
  HttpClient browser = f.Anonymous();
  const HttpReply page = browser.Get("/signin");
  REQUIRE(page.status == 200);
  CHECK(Contains(page.Header("content-type"), "text/html"));
  const std::string presession = browser.Cookie("equilens_presession");
  REQUIRE(presession.size() == 64);
  CHECK(Contains(page.body, presession));  // the form's hidden csrf field

  // Without the token (a forged cross-site form): refused, no session.
  HttpClient forger = f.Anonymous();
  const HttpReply forged = forger.PostForm("/signin", {{"user", "dana"}, {"password", kPassword}});
  CHECK(forged.status == 403);
  CHECK(forger.Cookie("equilens_session").empty());
  // With the token but from another origin: refused.
  const HttpReply foreign =
      browser.PostForm("/signin", {{"user", "dana"}, {"password", kPassword}, {"csrf", presession}},
                       {{"Origin", "https://evil.example"}});
  CHECK(foreign.status == 403);
  CHECK(browser.Cookie("equilens_session").empty());

  // A wrong password re-shows the form (401) with the name kept.
  browser.SetCookie("equilens_presession", presession);
  const HttpReply wrong = browser.PostForm(
      "/signin", {{"user", "dana"}, {"password", "wrong wrong wrong"}, {"csrf", presession}});
  CHECK(wrong.status == 401);
  CHECK(Contains(wrong.body, "dana"));
  CHECK(browser.Cookie("equilens_session").empty());

  // The right one: 303 to a safe local `next`, never off-site.
  const std::string token = browser.Cookie("equilens_presession");
  const HttpReply good = browser.PostForm("/signin", {{"user", "dana"},
                                                      {"password", kPassword},
                                                      {"csrf", token},
                                                      {"next", "/initiatives/EQ-2026-0001"}});
  CHECK(good.status == 303);
  CHECK(good.Header("location") == "/initiatives/EQ-2026-0001");
  CHECK(browser.Cookie("equilens_session").size() == 64);

  HttpClient other = f.Anonymous();
  other.Get("/signin");
  const HttpReply off_site =
      other.PostForm("/signin", {{"user", "rey"},
                                 {"password", kPassword},
                                 {"csrf", other.Cookie("equilens_presession")},
                                 {"next", "//evil.example/"}});
  CHECK(off_site.status == 303);
  CHECK(off_site.Header("location") == "/inbox");
}

TEST_CASE("server session: page sign-out needs the CSRF token and leaves a notice") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  const std::string token = dana.csrf;
  dana.csrf = "";
  CHECK(dana.PostForm("/signout", {}).status == 403);
  const HttpReply out = dana.PostForm("/signout", {{"csrf", token}});
  CHECK(out.status == 303);
  CHECK(out.Header("location") == "/signin");
  CHECK(dana.Cookie("equilens_session").empty());
  CHECK_FALSE(dana.Cookie("flash").empty());
  // The sign-in page shows the notice once, and the flash cookie is cleared.
  const HttpReply page = dana.Get("/signin");
  CHECK(Contains(page.body, "signed out"));
  CHECK(dana.Cookie("flash").empty());
}

TEST_CASE("server session: an invitation sets a password once, through the API and the page") {
  ServerFixture f;
  HttpClient ada = f.As("ada");
  REQUIRE(
      ada.Send("POST", "/api/users", Body({{"name", "nia"}, {"role", "cesj_reviewer"}})).status ==
      201);
  const HttpReply invited = ada.Send("POST", "/api/users/nia/invitation", "");
  REQUIRE(invited.status == 201);
  const std::string token = Json(invited)["token"];
  CHECK(Json(invited)["path"] == "/invitation/" + token);

  HttpClient nia = f.Anonymous();
  const HttpReply shortpw =
      nia.Send("POST", "/api/invitations/" + token, Body({{"password", "short"}}));
  CHECK(shortpw.status == 422);
  const HttpReply accepted = nia.Send("POST", "/api/invitations/" + token,
                                      Body({{"password", "a long enough passphrase"}}));
  CHECK(accepted.status == 200);
  CHECK(nia.SignIn("nia", "a long enough passphrase").status == 200);
  // Used up: the same answer as a token that never was.
  const HttpReply again = f.Anonymous().Send("POST", "/api/invitations/" + token,
                                             Body({{"password", "another long passphrase"}}));
  const HttpReply never = f.Anonymous().Send("POST", "/api/invitations/" + std::string(64, 'b'),
                                             Body({{"password", "another long passphrase"}}));
  CHECK(again.status == 404);
  CHECK(again.body == never.body);

  // The page flow: the form, then a redirect to sign in with a notice.
  const std::string second = Json(ada.Send("POST", "/api/users/rey/invitation", ""))["token"];
  HttpClient browser = f.Anonymous();
  const HttpReply form = browser.Get("/invitation/" + second);
  REQUIRE(form.status == 200);
  const std::string presession = browser.Cookie("equilens_presession");
  const HttpReply differ =
      browser.PostForm("/invitation/" + second, {{"password", "one long passphrase"},
                                                 {"password_confirm", "another long passphrase"},
                                                 {"csrf", presession}});
  CHECK(differ.status == 422);
  const HttpReply set =
      browser.PostForm("/invitation/" + second, {{"password", "rey's new long passphrase"},
                                                 {"password_confirm", "rey's new long passphrase"},
                                                 {"csrf", browser.Cookie("equilens_presession")}});
  CHECK(set.status == 303);
  CHECK(set.Header("location") == "/signin");
  CHECK(f.Anonymous().SignIn("rey", "rey's new long passphrase").status == 200);
  // The invitation's token never reaches the access log.
  CHECK_FALSE(Contains(f.AccessLog(), second));
  CHECK_FALSE(Contains(f.AccessLog(), token));
}

TEST_CASE("server session: a signed-in page route without a session redirects to sign in") {
  ServerFixture f;
  HttpClient browser = f.Anonymous();
  // POST /signout is a signed-in page route: a browser without a session is sent to sign in.
  const HttpReply reply = browser.PostForm("/signout", {});
  CHECK(reply.status == 303);
  CHECK(reply.Header("location") == "/signin");
}

}  // namespace
}  // namespace equilens::testing

namespace equilens::testing {
namespace {

// Every route the API registers, with its ":name" parts filled in.
std::vector<std::pair<std::string, std::string>> SignedInApiRoutes() {
  server::Router router;
  server::AddSessionRoutes(router);
  server::AddApiRoutes(router);
  std::vector<std::pair<std::string, std::string>> routes;
  for (const server::Route& route : router.routes()) {
    if (route.access != server::Access::kSignedIn || route.pattern.rfind("/api/", 0) != 0) continue;
    std::string path = route.pattern;
    for (const auto& [part, value] : std::vector<std::pair<std::string, std::string>>{
             {":id", "EQ-2026-0001"}, {":event", "accept"}, {":number", "1"}, {":name", "dana"}}) {
      const std::size_t at = path.find(part);
      if (at != std::string::npos) path.replace(at, part.size(), value);
    }
    routes.emplace_back(route.method, path);
  }
  return routes;
}

TEST_CASE("server session: every signed-in API route is 401 without a session, 403 without CSRF") {
  ServerFixture f;
  HttpClient dana = f.As("dana");
  const std::string filed =
      Json(dana.Send("POST", "/api/initiatives",
                     Body({{"workflow", "mini-review"}, {"title", "Later start"}})))["id"];
  REQUIRE(filed == "EQ-2026-0001");
  const std::int64_t version = Json(dana.Get("/api/initiatives/" + filed))["version"];
  dana.csrf = "";
  HttpClient anonymous = f.Anonymous();
  const auto routes = SignedInApiRoutes();
  CHECK(routes.size() >= 30);
  for (const auto& [method, path] : routes) {
    CAPTURE(method);
    CAPTURE(path);
    const HttpReply signed_out = anonymous.Send(method, path, "{}");
    CHECK(signed_out.status == 401);
    CHECK(Category(signed_out) == "not_signed_in");
    if (method != "GET") {
      const HttpReply no_token = dana.Send(method, path, "{}");
      CHECK(no_token.status == 403);
      CHECK(Contains(Message(no_token), "CSRF"));
    }
  }
  // None of it changed anything.
  CHECK(Json(f.As("dana").Get("/api/initiatives/" + filed))["version"] == version);
}

}  // namespace
}  // namespace equilens::testing
