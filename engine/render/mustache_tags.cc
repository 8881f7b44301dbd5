// A small scanner for Mustache tags with the default {{ }} delimiters.
#include "render/mustache_tags.h"

#include <cstddef>

namespace equilens {
namespace {

std::string Trim(std::string_view s) {
  const std::size_t first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const std::size_t last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

// The kind of tag `sigil`, the first character inside the braces, makes.
TagKind KindOf(char sigil) {
  static constexpr struct {
    char sigil;
    TagKind kind;
  } kSigils[] = {
      {'!', TagKind::kComment},       {'&', TagKind::kUnescaped},    {'#', TagKind::kSectionOpen},
      {'^', TagKind::kInvertedOpen},  {'/', TagKind::kSectionClose}, {'>', TagKind::kPartial},
      {'=', TagKind::kSetDelimiters},
  };
  for (const auto& entry : kSigils) {
    if (entry.sigil == sigil) return entry.kind;
  }
  return TagKind::kVariable;
}

// Tracks line and column while the scanner jumps forward through the text.
class Position {
 public:
  explicit Position(std::string_view text) : text_(text) {}

  // Moves to byte `offset`, never backwards; line() and column() then say where that is.
  void AdvanceTo(std::size_t offset) {
    for (; at_ < offset && at_ < text_.size(); ++at_) {
      const unsigned char c = static_cast<unsigned char>(text_[at_]);
      if (c == '\n') {
        ++line_;
        column_ = 1;
      } else if ((c & 0xC0) != 0x80) {  // a UTF-8 continuation byte is not a new character
        ++column_;
      }
    }
  }
  int line() const { return line_; }
  int column() const { return column_; }
  std::string Where() const { return std::to_string(line_) + ":" + std::to_string(column_); }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

Result<std::vector<MustacheTag>> ScanMustacheTags(std::string_view text) {
  std::vector<MustacheTag> tags;
  Position position(text);
  std::size_t at = 0;
  while ((at = text.find("{{", at)) != std::string_view::npos) {
    position.AdvanceTo(at);
    const bool triple = text.compare(at, 3, "{{{") == 0;
    const std::string_view closer = triple ? "}}}" : "}}";
    const std::size_t inside = at + closer.size();
    const std::size_t close = text.find(closer, inside);
    if (close == std::string_view::npos) {
      return InvalidInput(position.Where() + ": tag opened here is never closed with " +
                          std::string(closer));
    }
    const std::string_view body = text.substr(inside, close - inside);
    MustacheTag tag{TagKind::kVariable, "", position.line(), position.column()};
    if (triple) {
      tag.kind = TagKind::kUnescaped;
      tag.name = Trim(body);
    } else {
      const std::string trimmed = Trim(body);
      const char sigil = trimmed.empty() ? '\0' : trimmed[0];
      tag.kind = KindOf(sigil);
      tag.name = tag.kind == TagKind::kVariable || tag.kind == TagKind::kSetDelimiters
                     ? trimmed
                     : Trim(std::string_view(trimmed).substr(1));
    }
    if (tag.name.empty() && tag.kind != TagKind::kComment) {
      return InvalidInput(position.Where() + ": empty tag '" +
                          std::string(text.substr(at, close + closer.size() - at)) +
                          "' names no variable");
    }
    tags.push_back(std::move(tag));
    at = close + closer.size();
  }
  return tags;
}

}  // namespace equilens
