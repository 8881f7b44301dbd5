// Invitations through the Engine API, and what the record keeps of passwords: events that
// name who and how, never a password, hash or token; `audit verify` intact throughout.
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "auth/secrets.h"
#include "runtime/auth_fixture.h"

namespace equilens::testing {

TEST_CASE("invitations: a link sets a password once; used, unknown and expired look alike") {
  AuthFixture f;
  std::string expires_at;
  Result<std::string> token = f.engine->Invite(AuthFixture::As("ada"), "dana", {}, &expires_at);
  REQUIRE_MESSAGE(token.ok(), token.status().ToString());
  CHECK(IsTokenShaped(*token));
  const auto expires = ParseIsoUtc(expires_at);
  REQUIRE(expires);
  CHECK(*expires - NowUnixMillis() > 7 * kMillisPerDay - kMillisPerMinute);  // 7 days

  // A password that breaks a rule leaves the link usable.
  CHECK(f.engine->AcceptInvitation(*token, "short").category() == ErrorCategory::kInvalidInput);
  REQUIRE(f.engine->AcceptInvitation(*token, kGoodPassword).ok());
  CHECK(f.engine->SignIn("dana", kGoodPassword).ok());

  const Status used = f.engine->AcceptInvitation(*token, kOtherPassword);
  CHECK(used.category() == ErrorCategory::kNotFound);
  const Status unknown = f.engine->AcceptInvitation(RandomToken(), kOtherPassword);
  const Status malformed = f.engine->AcceptInvitation("../../etc/passwd", kOtherPassword);
  SessionPolicy same_day;
  same_day.invitation_days = 0;  // expires as it is made
  Result<std::string> expired = f.engine->Invite(AuthFixture::As("ada"), "rey", same_day);
  REQUIRE(expired.ok());
  const Status late = f.engine->AcceptInvitation(*expired, kOtherPassword);
  // A dead link says so before any word about the password.
  CHECK(f.engine->AcceptInvitation(*expired, "short").category() == ErrorCategory::kNotFound);
  CHECK(f.engine->AcceptInvitation(*token, "short").category() == ErrorCategory::kNotFound);
  for (const Status& status : {unknown, malformed, late}) {
    CHECK(status.category() == used.category());
    CHECK(status.message() == used.message());
  }
  CHECK_FALSE(f.engine->SignIn("rey", kOtherPassword).ok());
  CHECK(f.engine->SignIn("dana", kGoodPassword).ok());  // the used link changed nothing
}

TEST_CASE("invitations: a new link replaces an unused one; only an admin invites") {
  AuthFixture f;
  Result<std::string> first = f.engine->Invite(AuthFixture::As("ada"), "rey");
  Result<std::string> second = f.engine->Invite(AuthFixture::As("ada"), "rey");
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(*first != *second);
  CHECK(f.engine->AcceptInvitation(*first, kGoodPassword).category() == ErrorCategory::kNotFound);
  CHECK(f.engine->AcceptInvitation(*second, kGoodPassword).ok());

  CHECK(f.engine->Invite(AuthFixture::As("rey"), "dana").status().category() ==
        ErrorCategory::kForbidden);
  CHECK(f.engine->Invite(AuthFixture::As("olga"), "dana").status().category() ==
        ErrorCategory::kForbidden);
  CHECK(f.engine->Invite(AuthFixture::As("ada"), "nobody").status().category() ==
        ErrorCategory::kNotFound);
  REQUIRE(f.engine
              ->UpdateUser(AuthFixture::As("ada"),
                           {"dana", "", "", "", false, std::nullopt, std::nullopt})
              .ok());
  CHECK(f.engine->Invite(AuthFixture::As("ada"), "dana").status().category() ==
        ErrorCategory::kRefusedByRule);
}

TEST_CASE("invitations: a link for a user disabled since does not work") {
  AuthFixture f;
  Result<std::string> token = f.engine->Invite(AuthFixture::As("ada"), "dana");
  REQUIRE(token.ok());
  REQUIRE(f.engine
              ->UpdateUser(AuthFixture::As("ada"),
                           {"dana", "", "", "", false, std::nullopt, std::nullopt})
              .ok());
  CHECK(f.engine->AcceptInvitation(*token, kGoodPassword).category() == ErrorCategory::kNotFound);
}

TEST_CASE("password events: the record names who and how, never a secret, and verifies") {
  AuthFixture f;
  f.SetPassword("dana");                                                               // admin
  REQUIRE(f.engine->SetPassword(AuthFixture::As("rey"), "rey", kOtherPassword).ok());  // self
  std::string expires_at;
  Result<std::string> token = f.engine->Invite(AuthFixture::As("ada"), "olga", {}, &expires_at);
  REQUIRE(token.ok());
  REQUIRE(f.engine->AcceptInvitation(*token, "olga's own passphrase").ok());  // invitation
  SignedIn session = f.SignIn("olga", "olga's own passphrase");
  for (int i = 0; i < 5; ++i) CHECK_FALSE(f.engine->SignIn("rey", kGoodPassword).ok());
  REQUIRE(f.engine->SignOut(session.token).ok());

  std::ostringstream exported;
  REQUIRE(f.engine->Export(AuthFixture::As("olga"), "jsonl", exported).ok());
  const std::string log = exported.str();
  // kind -> each payload, as recorded (payloads are JSON text inside each line).
  std::multimap<std::string, nlohmann::json> payloads;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    const nlohmann::json event = nlohmann::json::parse(line);
    payloads.emplace(event["kind"], nlohmann::json::parse(event["payload"].get<std::string>()));
  }
  auto recorded = [&](const std::string& kind, const nlohmann::json& payload) {
    auto [from, to] = payloads.equal_range(kind);
    for (auto it = from; it != to; ++it) {
      if (it->second == payload) return true;
    }
    return false;
  };
  CHECK(payloads.count("password_set") == 3);
  CHECK(recorded("password_set", {{"user", "dana"}, {"how", "admin"}}));
  CHECK(recorded("password_set", {{"user", "rey"}, {"how", "self"}}));
  CHECK(recorded("password_set", {{"user", "olga"}, {"how", "invitation"}}));
  CHECK(recorded("invitation_created", {{"user", "olga"}, {"expires_at", expires_at}}));
  for (const std::string& secret :
       {std::string(kGoodPassword), std::string(kOtherPassword), std::string("passphrase"), *token,
        TokenDigest(*token), session.token, TokenDigest(session.token), session.csrf_token,
        std::string("$argon2id"),
        f.SqlText("SELECT password_hash FROM credentials WHERE user = 'olga'")}) {
    CHECK_MESSAGE(log.find(secret) == std::string::npos, secret);
  }
  // Sign-ins, failures and sign-outs are not events.
  for (const char* kind : {"sign", "session", "failure"}) {
    CHECK_MESSAGE(log.find(std::string("\"kind\":\"") + kind) == std::string::npos, kind);
  }

  Result<VerifyOutcome> verified = f.engine->Verify(AuthFixture::As("olga"), std::nullopt);
  REQUIRE_MESSAGE(verified.ok(), verified.status().ToString());
  CHECK_MESSAGE(verified->intact, verified->problem);
  CHECK(verified->projection_differences.empty());
}

}  // namespace equilens::testing
