// SHA-256 (libsodium), the one hash equilens uses: definition identity and the event chain.
#ifndef EQUILENS_SHA256_H_
#define EQUILENS_SHA256_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace equilens {

using Sha256Digest = std::array<std::uint8_t, 32>;

// The digest of `bytes`. Thread-safe.
Sha256Digest Sha256(std::string_view bytes);

// The digest as 64 lowercase hex characters.
std::string Sha256Hex(std::string_view bytes);
std::string ToHex(const Sha256Digest& digest);

}  // namespace equilens

#endif  // EQUILENS_SHA256_H_
