// Password hashing really is argon2id with at least OWASP's parameters, and the password
// rules count characters, not bytes.
#include "auth/password_hash.h"

#include <doctest/doctest.h>

#include <regex>
#include <string>

namespace equilens {
namespace {

struct Argon2Parameters {
  std::string algorithm;
  int version = 0;
  long memory_kib = 0;
  int passes = 0;
  int lanes = 0;
};

// "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>" -> its parameters.
Argon2Parameters ParametersOf(const std::string& stored) {
  static const std::regex kForm(
      R"(^\$(argon2id?)\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$)");
  std::smatch match;
  REQUIRE_MESSAGE(std::regex_match(stored, match, kForm), stored);
  return {match[1], std::stoi(match[2]), std::stol(match[3]), std::stoi(match[4]),
          std::stoi(match[5])};
}

}  // namespace

TEST_CASE("password hash: argon2id v19 with at least 19 MiB and 2 passes") {
  Result<std::string> stored = HashPassword("correct horse battery staple");
  REQUIRE_MESSAGE(stored.ok(), stored.status().ToString());
  const Argon2Parameters parameters = ParametersOf(*stored);
  CHECK(parameters.algorithm == "argon2id");
  CHECK(parameters.version == 19);
  CHECK(parameters.memory_kib >= 19 * 1024);
  CHECK(parameters.passes >= 2);
  CHECK(parameters.lanes >= 1);
  CHECK(stored->find("correct horse") == std::string::npos);
}

TEST_CASE("password hash: verifies the password and nothing else, salted afresh each time") {
  Result<std::string> first = HashPassword("correct horse battery staple");
  Result<std::string> second = HashPassword("correct horse battery staple");
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(*first != *second);  // a fresh salt: equal passwords do not show as equal hashes
  CHECK(VerifyPassword(*first, "correct horse battery staple"));
  CHECK(VerifyPassword(*second, "correct horse battery staple"));
  CHECK_FALSE(VerifyPassword(*first, "correct horse battery stapl"));
  CHECK_FALSE(VerifyPassword(*first, ""));
  CHECK_FALSE(VerifyPassword("", "correct horse battery staple"));
  CHECK_FALSE(VerifyPassword("$argon2id$v=19$m=19456,t=2,p=1$bad", "x"));
}

TEST_CASE("password hash: the dummy verify never succeeds") {
  CHECK_FALSE(VerifyAgainstDummy("correct horse battery staple"));
  CHECK_FALSE(VerifyAgainstDummy(""));
  CHECK(DummyHashIsCurrent());  // the same argon2id work as a real verify
}

TEST_CASE("password hash: weaker parameters than today's ask for a rehash") {
  Result<std::string> stored = HashPassword("correct horse battery staple");
  REQUIRE(stored.ok());
  CHECK_FALSE(PasswordNeedsRehash(*stored));
  std::string weaker = *stored;
  weaker.replace(weaker.find(",t=2,"), 5, ",t=1,");
  CHECK(PasswordNeedsRehash(weaker));
  CHECK(PasswordNeedsRehash("not a hash"));
}

TEST_CASE("password rules: 12 characters counted as code points, 256 bytes, UTF-8") {
  CHECK(CheckPasswordRules("abcdefghijkl").ok());
  Status short_one = CheckPasswordRules("abcdefghijk");
  CHECK(short_one.category() == ErrorCategory::kInvalidInput);
  CHECK(short_one.message().find("at least 12 characters") != std::string::npos);
  // 11 two-byte characters are 22 bytes but still 11 characters: too short.
  std::string accents;
  for (int i = 0; i < 11; ++i) accents += "\xC3\xA9";  // é
  CHECK(CheckPasswordRules(accents).category() == ErrorCategory::kInvalidInput);
  CHECK(CheckPasswordRules(accents + "\xC3\xA9").ok());
  CHECK(CheckPasswordRules(std::string(256, 'a')).ok());
  Status long_one = CheckPasswordRules(std::string(257, 'a'));
  CHECK(long_one.category() == ErrorCategory::kInvalidInput);
  CHECK(long_one.message().find("256 bytes") != std::string::npos);
  Status not_utf8 = CheckPasswordRules("abcdefghijkl\xFF");
  CHECK(not_utf8.category() == ErrorCategory::kInvalidInput);
  CHECK(not_utf8.message().find("UTF-8") != std::string::npos);
}

}  // namespace equilens
