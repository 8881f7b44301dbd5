// Sessions through the Engine API: idle and absolute limits, sign-out, a disabled user, a
// password change; how rarely Authenticate writes; what a session says its user may attempt.
// Time passes by moving stored instants into the past, never by sleeping.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "auth/secrets.h"
#include "runtime/auth_fixture.h"

namespace equilens::testing {
namespace {

std::string Digest(const SignedIn& signed_in) { return TokenDigest(signed_in.token); }

bool Refused(const Result<SessionInfo>& session, const std::string& words) {
  return !session.ok() && session.status().category() == ErrorCategory::kForbidden &&
         session.status().message().find(words) != std::string::npos;
}

}  // namespace

TEST_CASE("sessions: unused for the idle limit, a session ends") {
  AuthFixture f;
  f.SetPassword("dana");
  SignedIn signed_in = f.SignIn("dana");
  f.Sql("UPDATE sessions SET last_used_at = ?1", AuthFixture::MinutesAgo(31));
  CHECK(Refused(f.engine->Authenticate(signed_in.token), "unused for 30 minutes"));
  // It stays ended: using it again does not revive it.
  CHECK(Refused(f.engine->Authenticate(signed_in.token), "it ended (idle)"));

  // Used 29 minutes ago: still open, and this use counts as the last.
  SignedIn again = f.SignIn("dana");
  f.Sql("UPDATE sessions SET last_used_at = ?1 WHERE ended_at = ''", AuthFixture::MinutesAgo(29));
  REQUIRE(f.engine->Authenticate(again.token).ok());
  const auto touched = ParseIsoUtc(
      f.SqlText("SELECT last_used_at FROM sessions WHERE token_sha256 = '" + Digest(again) + "'"));
  REQUIRE(touched);
  CHECK(NowUnixMillis() - *touched < kMillisPerMinute);

  // A policy sets the limit.
  SessionPolicy brief;
  brief.idle_minutes = 5;
  f.Sql("UPDATE sessions SET last_used_at = ?1 WHERE ended_at = ''", AuthFixture::MinutesAgo(6));
  CHECK(Refused(f.engine->Authenticate(again.token, brief), "unused for 5 minutes"));
}

TEST_CASE("sessions: past the absolute limit a session ends, however recently used") {
  AuthFixture f;
  f.SetPassword("dana");
  SignedIn signed_in = f.SignIn("dana");
  f.Sql("UPDATE sessions SET expires_at = ?1", AuthFixture::MinutesAgo(1));
  CHECK(Refused(f.engine->Authenticate(signed_in.token), "limit of 10 hours"));

  // Today's policy bounds a session signed in under a longer one too.
  SignedIn again = f.SignIn("dana");
  f.Sql("UPDATE sessions SET created_at = ?1 WHERE ended_at = ''", AuthFixture::MinutesAgo(61));
  SessionPolicy short_day;
  short_day.absolute_hours = 1;
  CHECK(Refused(f.engine->Authenticate(again.token, short_day), "limit of 1 hours"));
  CHECK(f.SqlText("SELECT end_reason FROM sessions WHERE token_sha256 = '" + Digest(again) + "'") ==
        "absolute limit");
}

TEST_CASE("sessions: a fresh session is read, not written, on each request") {
  AuthFixture f;
  f.SetPassword("dana");
  SignedIn signed_in = f.SignIn("dana");
  const std::string query =
      "SELECT last_used_at FROM sessions WHERE token_sha256 = '" + Digest(signed_in) + "'";
  // A stored value we can recognise, 30 s old: younger than a minute, so left alone.
  const std::string marked = IsoUtc(NowUnixMillis() - 30 * 1000);
  f.Sql("UPDATE sessions SET last_used_at = ?1", marked);
  for (int i = 0; i < 3; ++i) REQUIRE(f.engine->Authenticate(signed_in.token).ok());
  CHECK(f.SqlText(query) == marked);
  // Older than a minute: the next request records its use.
  f.Sql("UPDATE sessions SET last_used_at = ?1", AuthFixture::MinutesAgo(2));
  REQUIRE(f.engine->Authenticate(signed_in.token).ok());
  CHECK(f.SqlText(query) > marked);
}

TEST_CASE("sessions: sign-out ends a session on the server") {
  AuthFixture f;
  f.SetPassword("dana");
  SignedIn kept = f.SignIn("dana");
  SignedIn left = f.SignIn("dana");
  CHECK(f.engine->SignOut(left.token).ok());
  CHECK(Refused(f.engine->Authenticate(left.token), "it ended (signed out)"));
  CHECK(f.engine->Authenticate(kept.token).ok());
  // Signing out again, or with a token that never was, is fine.
  CHECK(f.engine->SignOut(left.token).ok());
  CHECK(f.engine->SignOut(RandomToken()).ok());
  CHECK(f.engine->SignOut("not a token").ok());
  CHECK(Refused(f.engine->Authenticate(RandomToken()), "unknown"));
  CHECK(Refused(f.engine->Authenticate(""), "not a session token"));
  CHECK(Refused(f.engine->Authenticate(kept.csrf_token), "unknown"));
}

TEST_CASE("sessions: disabling a user refuses their open session at the next request") {
  AuthFixture f;
  f.SetPassword("dana");
  SignedIn signed_in = f.SignIn("dana");
  REQUIRE(f.engine->Authenticate(signed_in.token).ok());
  REQUIRE(f.engine
              ->UpdateUser(AuthFixture::As("ada"),
                           {"dana", "", "", "", false, std::nullopt, std::nullopt})
              .ok());
  CHECK(Refused(f.engine->Authenticate(signed_in.token), "dana is disabled"));
  // Enabled again, they sign in afresh; the old session stays ended.
  REQUIRE(f.engine
              ->UpdateUser(AuthFixture::As("ada"),
                           {"dana", "", "", "", true, std::nullopt, std::nullopt})
              .ok());
  CHECK(Refused(f.engine->Authenticate(signed_in.token), "it ended"));
  CHECK(f.engine->Authenticate(f.SignIn("dana").token).ok());
}

TEST_CASE("sessions: a new password ends the user's other sessions") {
  AuthFixture f;
  f.SetPassword("dana");
  SignedIn here = f.SignIn("dana");
  SignedIn elsewhere = f.SignIn("dana");
  f.SetPassword("rey");
  SignedIn bystander = f.SignIn("rey");

  // Changed by dana from `here`: that one stays open.
  REQUIRE(f.engine->SetPassword(AuthFixture::As("dana"), "dana", kOtherPassword, here.token).ok());
  CHECK(f.engine->Authenticate(here.token).ok());
  CHECK(Refused(f.engine->Authenticate(elsewhere.token), "password changed"));
  CHECK(f.engine->Authenticate(bystander.token).ok());
  CHECK_FALSE(f.engine->SignIn("dana", kGoodPassword).ok());
  CHECK(f.engine->SignIn("dana", kOtherPassword).ok());

  // Set by an admin: every session of dana's ends, whatever token the admin passes.
  REQUIRE(f.engine->SetPassword(AuthFixture::As("ada"), "dana", kGoodPassword, here.token).ok());
  CHECK(Refused(f.engine->Authenticate(here.token), "password changed"));
  CHECK(f.engine->Authenticate(bystander.token).ok());
}

}  // namespace equilens::testing

namespace equilens::testing {

TEST_CASE("sessions: a session lists what its user may attempt, refused as the command is") {
  AuthFixture f;
  auto has = [](const std::vector<std::string>& may, const std::string& command) {
    return std::find(may.begin(), may.end(), command) != may.end();
  };
  f.SetPassword("dana");
  f.SetPassword("olga");
  Result<SessionInfo> dana = f.engine->Authenticate(f.SignIn("dana").token);
  REQUIRE(dana.ok());
  CHECK(has(dana->may, "file"));
  CHECK(has(dana->may, "list"));
  CHECK_FALSE(has(dana->may, "audit search"));
  Result<SessionInfo> olga = f.engine->Authenticate(f.SignIn("olga").token);
  REQUIRE(olga.ok());
  CHECK(has(olga->may, "audit search"));
  CHECK(has(olga->may, "dashboard"));
  CHECK_FALSE(has(olga->may, "file"));  // the ombuds never writes

  CHECK(f.engine->MayAttempt(AuthFixture::As("dana"), "file").ok());
  // The refusal is the one filing itself gives, word for word.
  const Status may = f.engine->MayAttempt(AuthFixture::As("olga"), "file");
  FileRequest filing{"mini-review", "Bus routes", "transportation", ""};
  Result<std::string> filed = f.engine->File(AuthFixture::As("olga"), filing);
  REQUIRE_FALSE(filed.ok());
  CHECK(may.category() == ErrorCategory::kForbidden);
  CHECK(may.message() == filed.status().message());
  CHECK(may.message().find("never changes it ('file' writes)") != std::string::npos);
  const Status rey = f.engine->MayAttempt(AuthFixture::As("rey"), "file");
  CHECK(rey.message() == "'file' is for department_head; rey is cesj_reviewer");
  CHECK(f.engine->MayAttempt(AuthFixture::As("dana"), "fly").category() == ErrorCategory::kUsage);
  CHECK(f.engine->MayAttempt(AuthFixture::As("nobody"), "inbox").category() ==
        ErrorCategory::kForbidden);
}

}  // namespace equilens::testing
