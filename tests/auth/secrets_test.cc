// Tokens are 32 random bytes as hex, stored as SHA-256; comparisons of secrets are constant-time
// in what they decide (timing itself is not asserted: a test never asserts a time).
#include "auth/secrets.h"

#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "equilens/sha256.h"

namespace equilens {

TEST_CASE("tokens: 64 lowercase hex characters, never repeated") {
  REQUIRE(SodiumReady());
  std::set<std::string> seen;
  std::map<char, int> digits;
  constexpr int kTokens = 1000;
  for (int i = 0; i < kTokens; ++i) {
    const std::string token = RandomToken();
    CHECK(token.size() == 64);
    CHECK(IsTokenShaped(token));
    CHECK(seen.insert(token).second);
    for (char c : token) ++digits[c];
  }
  // 64,000 hex digits: each of the 16 is expected 4,000 times; a stuck or biased source
  // would fall far outside this band (its standard deviation is about 61).
  CHECK(digits.size() == 16);
  for (const auto& [digit, count] : digits) {
    CHECK_MESSAGE(count > 3500, digit);
    CHECK_MESSAGE(count < 4500, digit);
  }
}

TEST_CASE("tokens: the shape check refuses anything but 64 lowercase hex") {
  const std::string token = RandomToken();
  CHECK_FALSE(IsTokenShaped(""));
  CHECK_FALSE(IsTokenShaped(token.substr(1)));
  CHECK_FALSE(IsTokenShaped(token + "0"));
  std::string upper = token;
  upper[0] = 'A';
  CHECK_FALSE(IsTokenShaped(upper));
  CHECK_FALSE(IsTokenShaped(std::string(64, 'g')));
}

TEST_CASE("tokens: stored as SHA-256, CSRF derived from the token alone") {
  const std::string token = RandomToken();
  CHECK(TokenDigest(token) == Sha256Hex(token));
  CHECK(TokenDigest(token) != token);
  const std::string csrf = CsrfTokenFor(token);
  CHECK(IsTokenShaped(csrf));
  CHECK(csrf == CsrfTokenFor(token));
  CHECK(csrf == Sha256Hex("equilens-csrf:" + token));
  CHECK(csrf != TokenDigest(token));
  CHECK(csrf != CsrfTokenFor(RandomToken()));
}

TEST_CASE("secrets: constant-time comparison decides equality like ==") {
  const std::string a = RandomToken();
  std::string b = a;
  CHECK(ConstantTimeEquals(a, b));
  b[63] = b[63] == '0' ? '1' : '0';
  CHECK_FALSE(ConstantTimeEquals(a, b));
  b = a;
  b[0] = b[0] == '0' ? '1' : '0';
  CHECK_FALSE(ConstantTimeEquals(a, b));
  CHECK_FALSE(ConstantTimeEquals(a, a.substr(0, 63)));
  CHECK_FALSE(ConstantTimeEquals(a, ""));
  CHECK(ConstantTimeEquals("", ""));
}

}  // namespace equilens
