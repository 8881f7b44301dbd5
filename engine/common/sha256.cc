// SHA-256 through libsodium; sodium.h stays in this file.
#include "equilens/sha256.h"

#include <sodium.h>

namespace equilens {

Sha256Digest Sha256(std::string_view bytes) {
  // crypto_hash_sha256 needs no sodium_init(): it is pure computation.
  Sha256Digest digest;
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  return digest;
}

std::string ToHex(const Sha256Digest& digest) {
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(64);
  for (std::uint8_t byte : digest) {
    hex.push_back(kHex[byte >> 4]);
    hex.push_back(kHex[byte & 0xf]);
  }
  return hex;
}

std::string Sha256Hex(std::string_view bytes) { return ToHex(Sha256(bytes)); }

}  // namespace equilens
