// `equilens user passwd` and `user invite` through the real binary: the password comes from
// standard input, the link from the engine, and neither ever reaches the record.
#include <doctest/doctest.h>

#include <regex>
#include <string>

#include "e2e/runtime_fixture.h"
#include "equilens/engine.h"

namespace equilens::testing {
namespace {

ProcessResult Passwd(const RuntimeFixture& f, const std::string& actor, const std::string& name,
                     const std::string& stdin_text) {
  return RunProcess(EquilensBin(), {"--db", f.db, "--as", actor, "user", "passwd", name},
                    stdin_text);
}

bool CanSignIn(const RuntimeFixture& f, const std::string& name, const std::string& password) {
  Result<std::unique_ptr<Engine>> engine = Engine::Open(f.db);
  REQUIRE(engine.ok());
  return (*engine)->SignIn(name, password).ok();
}

}  // namespace

TEST_CASE("cli passwd: from standard input, by an admin or the user, refused for others") {
  RuntimeFixture f;
  ProcessResult by_admin = Passwd(f, "ada", "dana", "correct horse battery staple\n");
  INFO(by_admin.err);
  CHECK(by_admin.exit_code == 0);
  CHECK(by_admin.out == "password set for dana\n");
  CHECK(CanSignIn(f, "dana", "correct horse battery staple"));

  // Self, with a Windows line ending that is not part of the password.
  CHECK(Passwd(f, "dana", "dana", "tangerine lighthouse 42\r\n").exit_code == 0);
  CHECK(CanSignIn(f, "dana", "tangerine lighthouse 42"));

  ProcessResult other = Passwd(f, "rey", "dana", "rey chose this one\n");
  CHECK(other.exit_code == 4);  // forbidden
  CHECK(other.err.find("only an admin may set another user's password") != std::string::npos);
  ProcessResult short_one = Passwd(f, "dana", "dana", "too short\n");
  CHECK(short_one.exit_code == 7);  // invalid_input
  CHECK(short_one.err.find("at least 12 characters") != std::string::npos);
  CHECK(Passwd(f, "dana", "dana", "").exit_code == 2);  // nothing on stdin: usage
  CHECK(CanSignIn(f, "dana", "tangerine lighthouse 42"));
}

TEST_CASE("cli invite: prints a one-time link and its expiry; the record keeps no secret") {
  RuntimeFixture f;
  std::string link =
      f.cli.Ok("ada", {"user", "invite", "rey", "--base-url", "https://equity.example.org/"});
  std::smatch match;
  REQUIRE_MESSAGE(std::regex_search(link, match,
                                    std::regex("^https://equity\\.example\\.org/invitation/"
                                               "([0-9a-f]{64})\n")),
                  link);
  const std::string token = match[1];
  CHECK(link.find("works once, until 20") != std::string::npos);
  CHECK(f.cli.Ok("ada", {"user", "invite", "sam"}).rfind("http://127.0.0.1:8080/invitation/", 0) ==
        0);
  CHECK(f.cli.Run("rey", {"user", "invite", "sam"}).exit_code == 4);
  CHECK(f.cli.Run("ada", {"user", "invite", "nobody"}).exit_code == 3);

  {
    Result<std::unique_ptr<Engine>> engine = Engine::Open(f.db);
    REQUIRE(engine.ok());
    REQUIRE((*engine)->AcceptInvitation(token, "rey's chosen passphrase").ok());
  }
  CHECK(CanSignIn(f, "rey", "rey's chosen passphrase"));
  CHECK(Passwd(f, "ada", "lee", "lee's first password\n").exit_code == 0);

  const std::string exported = f.cli.Ok("olga", {"audit", "export", "--format", "jsonl"});
  CHECK(CountOccurrences(exported, "password_set") == 2);
  CHECK(CountOccurrences(exported, "invitation_created") == 2);
  for (const std::string& secret : {token, std::string("passphrase"), std::string("argon2"),
                                    std::string("lee's first password")}) {
    CHECK_MESSAGE(exported.find(secret) == std::string::npos, secret);
  }
  const std::string csv = f.cli.Ok("olga", {"audit", "export", "--format", "csv"});
  CHECK(csv.find(token) == std::string::npos);
  CHECK(f.cli.Run("olga", {"audit", "verify"}).exit_code == 0);
}

}  // namespace equilens::testing
