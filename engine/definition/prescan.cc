// The lexical pre-scan of definition text, run before yaml-cpp sees it.
//
// yaml-cpp's parser recurses once per nested collection, so the nesting of a text is bounded
// here, from the characters alone, before the parser starts. The scan reads the text once,
// line by line, keeping just enough of YAML's lexical state to count levels:
//  - flow depth: `[` and `{` outside quoted scalars, comments and plain scalars;
//  - block depth: the stack of indentation columns YAML's own scanner keeps, where `- `, `? `,
//    `: ` and `key:` open a level at their column (compact `- - x` opens several on one line,
//    a sequence may sit at its parent key's column) and a key at a lesser column closes them.
// Block scalar content (after `|` or `>`) is skipped. The count equals yaml-cpp's nesting for
// text written the way definitions are; for exotic text it may be off, which is why the tree
// builder (yaml_tree.cc) enforces the same bound again in the parser's callbacks, each of which
// runs before the parser recurses.
#include "definition/prescan.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "common/utf8.h"

namespace equilens {
namespace {

// The first place a kind of problem was seen and how often it was seen.
struct Finding {
  SourcePos pos;
  std::string message;
  int count = 0;

  void Note(SourcePos where, std::string what) {
    if (count++ == 0) {
      pos = where;
      message = std::move(what);
    }
  }
  void ReportTo(Reporter& reporter) const {
    if (count == 0) return;
    std::string text = message;
    if (count > 1) text += " (" + std::to_string(count - 1) + " more like it in this file)";
    reporter.Error(pos, text);
  }
};

std::string Hex(std::uint32_t value, int digits) {
  static const char kDigits[] = "0123456789ABCDEF";
  std::string out(digits, '0');
  for (int i = digits - 1; i >= 0; --i, value >>= 4) out[i] = kDigits[value & 0xF];
  return out;
}

// Invalid UTF-8 and control characters (YAML allows tab, LF and CR only).
bool CheckEncoding(std::string_view text, Reporter& reporter) {
  Finding invalid, control;
  int line = 1, column = 1;
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // a byte order mark is allowed
  while (i < text.size()) {
    char32_t code_point = 0;
    const std::size_t length = Utf8Length(text.substr(i), code_point);
    if (length == 0) {
      invalid.Note({line, column}, "invalid UTF-8: byte 0x" +
                                       Hex(static_cast<std::uint8_t>(text[i]), 2) +
                                       " does not start a character (save the file as UTF-8)");
      ++i, ++column;
      continue;
    }
    if (code_point == '\n') {
      ++line, column = 1;
    } else {
      if ((code_point < 0x20 && code_point != '\t' && code_point != '\r') || code_point == 0x7F) {
        control.Note({line, column}, "control character U+" + Hex(code_point, 4) +
                                         " is not allowed in a definition");
      }
      ++column;
    }
    i += length;
  }
  invalid.ReportTo(reporter);
  control.ReportTo(reporter);
  return invalid.count == 0 && control.count == 0;
}

// One line of valid UTF-8, walked a character at a time with its 1-based column.
class Cursor {
 public:
  explicit Cursor(std::string_view line) : line_(line) {}
  bool end() const { return i_ >= line_.size(); }
  char ch() const { return end() ? '\0' : line_[i_]; }
  char next() const { return i_ + 1 < line_.size() ? line_[i_ + 1] : '\0'; }
  bool NextIsBlank() const { return next() == '\0' || next() == ' ' || next() == '\t'; }
  int column() const { return column_; }
  std::size_t index() const { return i_; }
  void Advance() {
    ++i_;
    while (i_ < line_.size() && (static_cast<std::uint8_t>(line_[i_]) & 0xC0) == 0x80) ++i_;
    ++column_;
  }
  std::string_view rest() const { return line_.substr(i_); }

 private:
  std::string_view line_;
  std::size_t i_ = 0;
  int column_ = 1;
};

bool IsFlowIndicator(char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }

// `|` or `>` with its optional indentation and chomping indicators, then nothing but a comment.
bool IsBlockScalarHeader(std::string_view rest) {
  std::size_t i = 1;
  while (i < rest.size() &&
         (rest[i] == '+' || rest[i] == '-' || (rest[i] >= '0' && rest[i] <= '9'))) {
    ++i;
  }
  if (i == rest.size()) return true;
  if (rest[i] != ' ' && rest[i] != '\t') return false;
  while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) ++i;
  return i == rest.size() || rest[i] == '#';
}

class Prescanner {
 public:
  explicit Prescanner(Reporter& reporter) : reporter_(reporter) {}

  bool Run(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    for (std::size_t start = 0; start <= text.size();) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ++line_number_;
      ScanLine(line);
      start = end + 1;
    }
    tabs_.ReportTo(reporter_);
    return tabs_.count == 0 && !too_deep_;
  }

 private:
  enum class Quote { kNone, kSingle, kDouble };
  enum class Collection { kSequence, kMap };
  struct Indent {
    int column;
    Collection kind;
  };
  static constexpr int kNoBlockScalar = std::numeric_limits<int>::min();

  void ScanLine(std::string_view line) {
    Cursor cursor(line);
    if (quote_ != Quote::kNone) {  // a quoted scalar that began on an earlier line goes on
      SkipQuoted(cursor);
      if (quote_ == Quote::kNone) ScanTokens(cursor, false);
      return;
    }
    int tab_column = 0;
    while (cursor.ch() == ' ' || cursor.ch() == '\t') {
      if (cursor.ch() == '\t' && tab_column == 0) tab_column = cursor.column();
      cursor.Advance();
    }
    if (cursor.end() || cursor.ch() == '#') return;  // blank or only a comment
    const int indent = cursor.column() - 1;
    if (block_scalar_owner_ != kNoBlockScalar) {
      if (indent > block_scalar_owner_) return;  // content of a `|` or `>` scalar
      block_scalar_owner_ = kNoBlockScalar;
    }
    if (tab_column != 0) {
      tabs_.Note({line_number_, tab_column},
                 "tab character in indentation: YAML indents with spaces only");
    }
    if (indent == 0 && flow_depth_ == 0 && cursor.ch() == '%') return;  // a directive
    bool structure = flow_depth_ == 0;  // inside a flow, indentation opens nothing
    if (structure && indent == 0 && (line.substr(0, 3) == "---" || line.substr(0, 3) == "...") &&
        (line.size() == 3 || line[3] == ' ' || line[3] == '\t')) {
      indents_.clear();  // a document marker: the next document starts from nothing
      for (int i = 0; i < 3; ++i) cursor.Advance();
      structure = false;
    }
    ScanTokens(cursor, structure);
  }

  // Walks the tokens of a line from `cursor`. `structure` is true while the line may still
  // open block levels: at its start, after `- `/`? `/`: `, and up to its first `key:`.
  void ScanTokens(Cursor& cursor, bool structure) {
    bool plain = false;       // inside a plain (unquoted) scalar
    bool after_blank = true;  // the previous character was white space or the line start
    int node_column = 0;      // where the node that may turn out to be a key starts; 0 = none
    while (!cursor.end()) {
      const char c = cursor.ch();
      if (c == ' ' || c == '\t') {
        after_blank = true;
        cursor.Advance();
        continue;
      }
      const bool was_after_blank = after_blank;
      after_blank = false;
      if (plain) {
        const bool ends_at_colon =
            c == ':' &&
            (cursor.NextIsBlank() || (flow_depth_ > 0 && IsFlowIndicator(cursor.next())));
        const bool ends_at_indicator = flow_depth_ > 0 && IsFlowIndicator(c);
        const bool ends_at_comment = c == '#' && was_after_blank;
        if (!ends_at_colon && !ends_at_indicator && !ends_at_comment) {
          cursor.Advance();
          continue;
        }
        plain = false;
      }
      if (c == '#' && was_after_blank) return;  // a comment runs to the end of the line
      if (c == '[' || c == '{') {
        ++flow_depth_;
        CheckDepth(cursor.column());
        structure = false;
      } else if (c == ']' || c == '}') {
        if (flow_depth_ > 0) --flow_depth_;
      } else if (c == '\'' || c == '"') {
        if (structure && node_column == 0) node_column = cursor.column();
        quote_ = c == '\'' ? Quote::kSingle : Quote::kDouble;
        cursor.Advance();
        SkipQuoted(cursor);
        if (quote_ != Quote::kNone) return;  // it goes on to the next line
        continue;
      } else if ((c == '-' || c == '?' || c == ':') && cursor.NextIsBlank() && flow_depth_ == 0) {
        if (c == ':' && node_column != 0) {
          Open(node_column, Collection::kMap);  // the node before it was a key
          node_column = 0;
          structure = false;
        } else if (structure) {
          Open(cursor.column(), c == '-' ? Collection::kSequence : Collection::kMap);
        }
      } else if (c == '|' || c == '>') {
        if (flow_depth_ == 0 && IsBlockScalarHeader(cursor.rest())) {
          block_scalar_owner_ = indents_.empty() ? -1 : indents_.back().column - 1;
          return;
        }
        plain = true;
      } else if (c == '&' || c == '*' || c == '!') {
        // An anchor, alias or tag runs to the next blank (or flow indicator in a flow).
        while (!cursor.end() && cursor.ch() != ' ' && cursor.ch() != '\t' &&
               !(flow_depth_ > 0 && IsFlowIndicator(cursor.ch()))) {
          cursor.Advance();
        }
        continue;
      } else if (c == ',' || (c == ':' && flow_depth_ > 0) ||
                 ((c == '-' || c == '?') && flow_depth_ > 0 && cursor.NextIsBlank())) {
        // a flow separator, a flow value indicator, or an indicator that flows ignore here
      } else {
        if (structure && node_column == 0) node_column = cursor.column();
        plain = true;
      }
      cursor.Advance();
    }
  }

  // Moves past the rest of the current quoted scalar; leaves quote_ set when the line ends
  // inside it.
  void SkipQuoted(Cursor& cursor) {
    while (!cursor.end()) {
      const char c = cursor.ch();
      const bool escape = (quote_ == Quote::kDouble && c == '\\') ||
                          (quote_ == Quote::kSingle && c == '\'' && cursor.next() == '\'');
      if (escape) {
        cursor.Advance();  // `\x` in double quotes, `''` in single: the next character is text
      } else if ((quote_ == Quote::kDouble && c == '"') ||
                 (quote_ == Quote::kSingle && c == '\'')) {
        cursor.Advance();
        quote_ = Quote::kNone;
        return;
      }
      cursor.Advance();
    }
  }

  // A block collection of `kind` whose entries start at `column` (1-based), as YAML's scanner
  // tracks indentation: deeper columns close, the same column continues, a sequence may sit at
  // its parent map's column.
  void Open(int column, Collection kind) {
    while (!indents_.empty() && indents_.back().column > column) indents_.pop_back();
    if (!indents_.empty() && indents_.back().column == column) {
      if (indents_.back().kind == kind) return;
      if (kind == Collection::kMap) {
        indents_.pop_back();  // a key at a sequence's column ends the sequence
        if (!indents_.empty() && indents_.back().column == column) return;
      }
    }
    indents_.push_back({column, kind});
    CheckDepth(column);
  }

  void CheckDepth(int column) {
    const std::size_t depth = indents_.size() + static_cast<std::size_t>(flow_depth_);
    if (depth <= static_cast<std::size_t>(kMaxDefinitionDepth) || too_deep_) return;
    too_deep_ = true;
    reporter_.Error({line_number_, column},
                    "nesting deeper than " + std::to_string(kMaxDefinitionDepth) +
                        " levels of maps and lists: a definition never needs that many");
  }

  Reporter& reporter_;
  int line_number_ = 0;
  int flow_depth_ = 0;
  Quote quote_ = Quote::kNone;
  int block_scalar_owner_ = kNoBlockScalar;  // content lines are indented more than this
  std::vector<Indent> indents_;
  Finding tabs_;
  bool too_deep_ = false;
};

}  // namespace

bool PrescanYaml(std::string_view text, Reporter& reporter) {
  if (text.size() > kMaxDefinitionBytes) {
    reporter.Error({1, 1}, "the file is " + std::to_string(text.size()) +
                               " bytes; a definition may be at most " +
                               std::to_string(kMaxDefinitionBytes) + " bytes (1 MiB)");
    return false;
  }
  if (!CheckEncoding(text, reporter)) return false;
  return Prescanner(reporter).Run(text);
}

}  // namespace equilens
