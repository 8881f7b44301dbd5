// What the event log's hash chain is: the canonical encoding of an event and the link hash.
//
// These bytes are the proof an ombuds office relies on: changing them breaks every chain ever
// recorded. A future encoding is a new tag ("equilens.event.v2") beside this one, never an
// edit of v1.
#ifndef EQUILENS_STORE_EVENT_CHAIN_H_
#define EQUILENS_STORE_EVENT_CHAIN_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "equilens/sha256.h"

namespace equilens {

// The hashed fields of one event, borrowed (from a NewEvent, or a row being read).
struct EventFields {
  std::int64_t seq = 0;  // 1, 2, 3, ...
  std::string_view initiative;
  std::string_view at;
  std::string_view actor;
  std::string_view role;
  std::string_view kind;
  std::string_view payload;
};

// Appends the canonical encoding of `event` to `out` (v1, the only one so far).
void AppendCanonicalEncoding(const EventFields& event, std::string* out);

// hash(n) = SHA-256(hash(n-1) || canonical encoding of event n), where hash(0) is 32 zero
// bytes. `scratch` is working memory, reused across calls so a long walk does not allocate.
Sha256Digest ChainHash(const Sha256Digest& previous, const EventFields& event,
                       std::string* scratch);

// The hash before event 1: 32 zero bytes.
inline constexpr Sha256Digest kGenesisHash = {};

}  // namespace equilens

#endif  // EQUILENS_STORE_EVENT_CHAIN_H_
