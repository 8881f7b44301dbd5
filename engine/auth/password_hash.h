// Password hashing (engine-internal): argon2id through libsodium, and the rules a new
// password must meet.
//
// The stored form is libsodium's self-describing string ("$argon2id$v=19$m=19456,t=2,p=1$
// salt$hash"), so a later equilens with stronger parameters can still verify it and rehash
// at the next sign-in. Every function is thread-safe. Hashing and verifying each cost one
// argon2id run (about 19 MiB and tens of milliseconds): call them outside any transaction.
#ifndef EQUILENS_AUTH_PASSWORD_HASH_H_
#define EQUILENS_AUTH_PASSWORD_HASH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "equilens/status.h"

namespace equilens {

// argon2id cost: at least OWASP's minimum (m = 19 MiB, t = 2, p = 1).
inline constexpr unsigned long long kPasswordOpsLimit = 2;          // passes over memory
inline constexpr std::size_t kPasswordMemLimit = 19 * 1024 * 1024;  // bytes

// Password rules: counted in Unicode code points, bounded in bytes.
inline constexpr std::size_t kPasswordMinCharacters = 12;
inline constexpr std::size_t kPasswordMaxBytes = 256;

// invalid_input naming the rule unless `password` is valid UTF-8, has at least 12 code
// points and at most 256 bytes.
Status CheckPasswordRules(std::string_view password);

// The argon2id string for `password` under a fresh random salt. internal when libsodium
// cannot (out of memory).
Result<std::string> HashPassword(std::string_view password);

// Whether `password` matches `stored` (an argon2id string). False for a malformed string.
bool VerifyPassword(const std::string& stored, std::string_view password);

// Spends exactly the work of VerifyPassword against a fixed hash and returns false: what a
// sign-in for an unknown user or a user without a password costs, so timing tells nothing.
bool VerifyAgainstDummy(std::string_view password);
// Whether the fixed hash VerifyAgainstDummy uses has today's parameters (else its timing
// would differ from a real verify's).
bool DummyHashIsCurrent();

// Whether `stored` was made with other parameters than today's (rehash at the next sign-in).
bool PasswordNeedsRehash(const std::string& stored);

}  // namespace equilens

#endif  // EQUILENS_AUTH_PASSWORD_HASH_H_
