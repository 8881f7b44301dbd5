// Random tokens and secret comparison (engine-internal): session tokens, invitation tokens,
// the CSRF token derived from a session's.
//
// A token is 32 bytes from libsodium's CSPRNG, written as 64 lowercase hex characters. The
// database keeps only its SHA-256, so a copy of the file opens no session. Thread-safe.
#ifndef EQUILENS_AUTH_SECRETS_H_
#define EQUILENS_AUTH_SECRETS_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace equilens {

inline constexpr std::size_t kTokenBytes = 32;
inline constexpr std::size_t kTokenHexLength = 2 * kTokenBytes;

// Initializes libsodium once (thread-safe); false when it cannot (no entropy source).
bool SodiumReady();

// 32 fresh random bytes as 64 hex characters. Precondition: SodiumReady().
std::string RandomToken();

// Whether `text` looks like a token: 64 lowercase hex characters.
bool IsTokenShaped(std::string_view text);

// What the database stores for a token: hex SHA-256 of it.
std::string TokenDigest(std::string_view token);

// The CSRF token that goes with a session token: hex SHA-256("equilens-csrf:" + token).
// Derived, so it need not be stored, and it reveals nothing of the session token.
std::string CsrfTokenFor(std::string_view session_token);

// Equality in time that depends only on the lengths, never on where the bytes differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace equilens

#endif  // EQUILENS_AUTH_SECRETS_H_
