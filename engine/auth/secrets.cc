// Tokens from libsodium's CSPRNG, their digests, and constant-time comparison.
#include "auth/secrets.h"

#include <sodium.h>

#include <array>
#include <cassert>
#include <cstdint>

#include "equilens/sha256.h"

namespace equilens {

bool SodiumReady() {
  // sodium_init is itself safe to call from several threads; the static makes it once.
  // 0 = initialized now, 1 = already initialized, -1 = failure.
  static const bool ready = sodium_init() >= 0;
  return ready;
}

std::string RandomToken() {
  const bool ready = SodiumReady();
  assert(ready && "libsodium initialized before a token is drawn");
  (void)ready;
  std::array<std::uint8_t, kTokenBytes> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, kTokenHexLength + 1> hex;  // sodium_bin2hex writes a terminating NUL
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  sodium_memzero(bytes.data(), bytes.size());
  return std::string(hex.data(), kTokenHexLength);
}

bool IsTokenShaped(std::string_view text) {
  if (text.size() != kTokenHexLength) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string TokenDigest(std::string_view token) { return Sha256Hex(token); }

std::string CsrfTokenFor(std::string_view session_token) {
  std::string input = "equilens-csrf:";
  input.append(session_token);
  return Sha256Hex(input);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;  // lengths are public (tokens are fixed-size)
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace equilens
