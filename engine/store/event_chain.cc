// The canonical event encoding, version 1, and the chain's link hash.
#include "store/event_chain.h"

#include <cassert>
#include <charconv>

namespace equilens {
namespace {

// Appends "\n" + the decimal byte length of `field` + ":" + `field`. The length prefix makes
// the encoding unambiguous whatever the bytes hold (newlines, colons, digits, NUL): no two
// different events encode alike, so no edit can move bytes between fields unnoticed.
void AppendField(std::string_view field, std::string* out) {
  char length[24];  // a 64-bit size in decimal is at most 20 digits
  const auto [end, error] = std::to_chars(length, length + sizeof length, field.size());
  assert(error == std::errc());
  out->push_back('\n');
  out->append(length, end);
  out->push_back(':');
  out->append(field);
}

}  // namespace

void AppendCanonicalEncoding(const EventFields& event, std::string* out) {
  // Version 1: the ASCII tag, then each field in this order as "\n<length>:<bytes>", the
  // sequence number as its decimal digits. Fixed forever; v2 would be a new tag.
  static constexpr std::string_view kTagV1 = "equilens.event.v1";
  char seq[24];
  const auto [seq_end, error] = std::to_chars(seq, seq + sizeof seq, event.seq);
  assert(error == std::errc());
  out->append(kTagV1);
  AppendField(std::string_view(seq, static_cast<std::size_t>(seq_end - seq)), out);
  AppendField(event.initiative, out);
  AppendField(event.at, out);
  AppendField(event.actor, out);
  AppendField(event.role, out);
  AppendField(event.kind, out);
  AppendField(event.payload, out);
}

Sha256Digest ChainHash(const Sha256Digest& previous, const EventFields& event,
                       std::string* scratch) {
  // One buffer and one Sha256 call: the libsodium wrapper hashes a single span, and reusing
  // `scratch` keeps Verify free of per-event allocations.
  scratch->clear();
  scratch->append(reinterpret_cast<const char*>(previous.data()), previous.size());
  AppendCanonicalEncoding(event, scratch);
  return Sha256(*scratch);
}

}  // namespace equilens
