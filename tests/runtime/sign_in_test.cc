// Passwords and sign-in through the Engine API: who may set a password, the rules, one answer
// for every refused sign-in, and the pause after repeated failures.
#include <doctest/doctest.h>

#include <string>

#include "runtime/auth_fixture.h"

namespace equilens::testing {

TEST_CASE("passwords: an admin sets anyone's, a user their own, nobody else another's") {
  AuthFixture f;
  CHECK(f.engine->SetPassword(AuthFixture::As("ada"), "dana", kGoodPassword).ok());
  CHECK(f.engine->SetPassword(AuthFixture::As("rey"), "rey", kGoodPassword).ok());
  CHECK(f.engine->SetPassword(AuthFixture::As("ada"), "ada", kGoodPassword).ok());

  Status other = f.engine->SetPassword(AuthFixture::As("rey"), "dana", kOtherPassword);
  CHECK(other.category() == ErrorCategory::kForbidden);
  CHECK(other.message().find("only an admin may set another user's password") != std::string::npos);
  // The ombuds office changes nothing, its own password included: an admin or an
  // invitation sets it.
  CHECK(f.engine->SetPassword(AuthFixture::As("olga"), "olga", kGoodPassword).category() ==
        ErrorCategory::kForbidden);
  CHECK(f.engine->SetPassword(AuthFixture::As("ada"), "nobody", kGoodPassword).category() ==
        ErrorCategory::kNotFound);
  CHECK(f.engine->SetPassword(AuthFixture::As("nobody"), "nobody", kGoodPassword).category() ==
        ErrorCategory::kForbidden);
  // The refused change left dana's password as the admin set it.
  CHECK(f.engine->SignIn("dana", kGoodPassword).ok());
  CHECK_FALSE(f.engine->SignIn("dana", kOtherPassword).ok());
}

TEST_CASE("passwords: too short, too long or not UTF-8 is refused naming the rule") {
  AuthFixture f;
  Status short_one = f.engine->SetPassword(AuthFixture::As("ada"), "dana", "elevenchars");
  CHECK(short_one.category() == ErrorCategory::kInvalidInput);
  CHECK(short_one.message().find("at least 12 characters") != std::string::npos);
  Status long_one = f.engine->SetPassword(AuthFixture::As("ada"), "dana", std::string(257, 'x'));
  CHECK(long_one.category() == ErrorCategory::kInvalidInput);
  CHECK(long_one.message().find("256 bytes") != std::string::npos);
  CHECK(f.engine->SetPassword(AuthFixture::As("ada"), "dana", "abcdefghijk\xC0\xAF").category() ==
        ErrorCategory::kInvalidInput);
  CHECK(f.SqlText("SELECT count(*) FROM credentials") == "0");
}

TEST_CASE("sign-in: the right password opens a session the token then names") {
  AuthFixture f;
  f.SetPassword("dana");
  SignedIn signed_in = f.SignIn("dana");
  CHECK(signed_in.token.size() == 64);
  CHECK(signed_in.csrf_token.size() == 64);
  CHECK(signed_in.csrf_token != signed_in.token);
  CHECK(signed_in.user.name == "dana");
  CHECK(signed_in.user.department == "transportation");
  // Ten hours ahead by default, to within the test's own run time.
  const auto expires = ParseIsoUtc(signed_in.expires_at);
  REQUIRE(expires);
  CHECK(*expires - NowUnixMillis() > 10 * kMillisPerHour - kMillisPerMinute);
  CHECK(*expires - NowUnixMillis() <= 10 * kMillisPerHour);

  Result<SessionInfo> session = f.engine->Authenticate(signed_in.token);
  REQUIRE_MESSAGE(session.ok(), session.status().ToString());
  CHECK(session->user.name == "dana");
  CHECK(session->csrf_token == signed_in.csrf_token);
  CHECK(session->expires_at == signed_in.expires_at);
  CHECK(SecretsEqual(session->csrf_token, signed_in.csrf_token));
  CHECK_FALSE(SecretsEqual(session->csrf_token, signed_in.token));
  // The database knows the token only by its digest.
  CHECK(f.SqlText("SELECT count(*) FROM sessions WHERE token_sha256 = '" + signed_in.token + "'") ==
        "0");
  CHECK(f.SqlText("SELECT count(*) FROM sessions") == "1");
  // Two sign-ins are two sessions.
  CHECK(f.SignIn("dana").token != signed_in.token);
}

TEST_CASE("sign-in: wrong password, unknown user, disabled user and no password look alike") {
  AuthFixture f;
  f.SetPassword("dana");
  f.SetPassword("rey");
  REQUIRE(f.engine
              ->UpdateUser(AuthFixture::As("ada"),
                           {"rey", "", "", "", false, std::nullopt, std::nullopt})
              .ok());
  const Status wrong = f.engine->SignIn("dana", kOtherPassword).status();
  const Status unknown = f.engine->SignIn("nobody", kGoodPassword).status();
  const Status disabled = f.engine->SignIn("rey", kGoodPassword).status();
  const Status no_password = f.engine->SignIn("olga", kGoodPassword).status();
  CHECK(wrong.category() == ErrorCategory::kForbidden);
  for (const Status& status : {unknown, disabled, no_password}) {
    CHECK(status.category() == wrong.category());
    CHECK(status.message() == wrong.message());
  }
  // An unknown name is counted like a known one (the same work and writes, so the same
  // time), and forgotten a day later.
  CHECK(f.SqlText("SELECT failures FROM signin_failures WHERE user = 'nobody'") == "1");
  f.Sql("UPDATE signin_failures SET last_failed_at = ?1 WHERE user = 'nobody'",
        AuthFixture::MinutesAgo(24 * 60 + 1));
  CHECK_FALSE(f.engine->SignIn("dana", kOtherPassword).ok());
  CHECK(f.SqlText("SELECT count(*) FROM signin_failures WHERE user = 'nobody'") == "0");
  CHECK(f.SqlText("SELECT failures FROM signin_failures WHERE user = 'dana'") == "2");
}

TEST_CASE("sign-in: five failures in a row pause the account, even for the right password") {
  AuthFixture f;
  f.SetPassword("dana");
  const Status wrong = f.engine->SignIn("dana", kOtherPassword).status();
  // Four failures, then a success: the count starts over.
  for (int i = 1; i < 4; ++i) CHECK_FALSE(f.engine->SignIn("dana", kOtherPassword).ok());
  CHECK(f.SqlText("SELECT failures FROM signin_failures WHERE user = 'dana'") == "4");
  f.SignIn("dana");
  CHECK(f.SqlText("SELECT count(*) FROM signin_failures") == "0");

  for (int i = 0; i < 5; ++i) CHECK_FALSE(f.engine->SignIn("dana", kOtherPassword).ok());
  Result<SignedIn> paused = f.engine->SignIn("dana", kGoodPassword);
  REQUIRE_FALSE(paused.ok());
  CHECK(paused.status().message() == wrong.message());  // the pause is not announced
  const auto until =
      ParseIsoUtc(f.SqlText("SELECT paused_until FROM signin_failures WHERE user = 'dana'"));
  REQUIRE(until);
  CHECK(*until - NowUnixMillis() > 14 * kMillisPerMinute);  // 15 minutes by default
  // Attempts during the pause neither count nor lengthen it.
  CHECK(f.SqlText("SELECT failures FROM signin_failures WHERE user = 'dana'") == "5");

  // Fifteen minutes later (the pause moved into the past): the right password works again.
  f.Sql("UPDATE signin_failures SET paused_until = ?1", AuthFixture::MinutesAgo(1));
  f.SignIn("dana");
  CHECK(f.SqlText("SELECT count(*) FROM signin_failures") == "0");
}

TEST_CASE("sign-in: a policy sets the failures allowed and the pause's length") {
  AuthFixture f;
  f.SetPassword("dana");
  SessionPolicy strict;
  strict.max_failures = 2;
  strict.lockout_minutes = 0;  // paused until now: over at once
  CHECK_FALSE(f.engine->SignIn("dana", kOtherPassword, strict).ok());
  CHECK_FALSE(f.engine->SignIn("dana", kOtherPassword, strict).ok());
  CHECK_FALSE(f.SqlText("SELECT paused_until FROM signin_failures WHERE user = 'dana'").empty());
  CHECK(f.engine->SignIn("dana", kGoodPassword, strict).ok());

  strict.lockout_minutes = 60;
  CHECK_FALSE(f.engine->SignIn("dana", kOtherPassword, strict).ok());
  CHECK_FALSE(f.engine->SignIn("dana", kOtherPassword, strict).ok());
  CHECK_FALSE(f.engine->SignIn("dana", kGoodPassword, strict).ok());
  // An admin's new password lifts the pause.
  f.SetPassword("dana", kOtherPassword);
  CHECK(f.engine->SignIn("dana", kOtherPassword, strict).ok());
}

}  // namespace equilens::testing
