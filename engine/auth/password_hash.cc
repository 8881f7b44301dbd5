// argon2id hashing and verification through libsodium, and the password rules.
#include "auth/password_hash.h"

#include <sodium.h>

#include <array>

#include "auth/secrets.h"
#include "common/utf8.h"

namespace equilens {

Status CheckPasswordRules(std::string_view password) {
  if (password.size() > kPasswordMaxBytes) {
    return InvalidInput("a password may be at most " + std::to_string(kPasswordMaxBytes) +
                        " bytes long; this one has " + std::to_string(password.size()));
  }
  if (FirstInvalidUtf8(password) != std::string_view::npos) {
    return InvalidInput("a password must be UTF-8 text; this one has bytes that are not");
  }
  std::size_t characters = 0;
  for (std::string_view rest = password; !rest.empty(); ++characters) {
    char32_t code_point = 0;
    rest.remove_prefix(Utf8Length(rest, code_point));  // valid: checked above, so >= 1
  }
  if (characters < kPasswordMinCharacters) {
    return InvalidInput("a password needs at least " + std::to_string(kPasswordMinCharacters) +
                        " characters; this one has " + std::to_string(characters) +
                        " (a few unrelated words make a long one easy to remember)");
  }
  return Status::Ok();
}

Result<std::string> HashPassword(std::string_view password) {
  if (!SodiumReady()) return InternalError("libsodium could not be initialized");
  std::array<char, crypto_pwhash_argon2id_STRBYTES> out{};
  if (crypto_pwhash_argon2id_str(out.data(), password.data(), password.size(), kPasswordOpsLimit,
                                 kPasswordMemLimit) != 0) {
    return InternalError("could not hash the password: argon2id needs " +
                         std::to_string(kPasswordMemLimit / (1024 * 1024)) +
                         " MiB of memory and could not get it");
  }
  return std::string(out.data());
}

bool VerifyPassword(const std::string& stored, std::string_view password) {
  if (!SodiumReady() || stored.size() >= crypto_pwhash_argon2id_STRBYTES) return false;
  // libsodium reads the stored string up to its NUL; c_str() provides one.
  return crypto_pwhash_argon2id_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

// A hash with today's parameters of a random password nobody kept. Fixed, so that even the
// first unknown-user sign-in of a process costs exactly one verify (a test checks that its
// parameters stay today's).
const char kDummyHash[] =
    "$argon2id$v=19$m=19456,t=2,p=1$CJarAt4HhhbyS133y2x3uQ"
    "$J2xttawXosJL/8v0Tb+aWOl4qiFZ6GsA+WeOq51Yp+E";

bool VerifyAgainstDummy(std::string_view password) {
  (void)VerifyPassword(kDummyHash, password);
  return false;
}

bool DummyHashIsCurrent() { return !PasswordNeedsRehash(kDummyHash); }

bool PasswordNeedsRehash(const std::string& stored) {
  if (stored.size() >= crypto_pwhash_argon2id_STRBYTES) return true;
  return crypto_pwhash_argon2id_str_needs_rehash(stored.c_str(), kPasswordOpsLimit,
                                                 kPasswordMemLimit) != 0;
}

}  // namespace equilens
