// RFC 3629 UTF-8 decoding, one sequence at a time.
#include "common/utf8.h"

#include <cstdint>

namespace equilens {

std::size_t Utf8Length(std::string_view s, char32_t& code_point) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(s[i]); };
  const std::uint8_t lead = byte(0);
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  }
  std::size_t length;
  char32_t min;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, min = 0x80, code_point = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, min = 0x800, code_point = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, min = 0x10000, code_point = lead & 0x07;
  } else {
    return 0;
  }
  if (s.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(i) & 0x3F);
  }
  if (code_point < min || code_point > 0x10FFFF) return 0;
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return 0;
  return length;
}

std::size_t FirstInvalidUtf8(std::string_view s) {
  char32_t code_point = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t length = Utf8Length(s.substr(i), code_point);
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

}  // namespace equilens
