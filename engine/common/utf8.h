// UTF-8 validation as RFC 3629 defines it: no overlong forms, no surrogates, nothing past
// U+10FFFF. Shared by every reader of text a district hands in (YAML, CSV).
#ifndef EQUILENS_COMMON_UTF8_H_
#define EQUILENS_COMMON_UTF8_H_

#include <cstddef>
#include <string_view>

namespace equilens {

// The length of the UTF-8 sequence at the start of `s` (1-4), with its code point, or 0
// when it is not valid UTF-8. Precondition: `s` is not empty.
std::size_t Utf8Length(std::string_view s, char32_t& code_point);

// The offset of the first byte that does not begin a valid UTF-8 character, or npos.
std::size_t FirstInvalidUtf8(std::string_view s);

}  // namespace equilens

#endif  // EQUILENS_COMMON_UTF8_H_
