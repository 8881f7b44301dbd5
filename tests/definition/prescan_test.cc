// The lexical pre-scan alone (engine/definition/prescan.h): nesting is counted as YAML nests,
// not fooled by brackets in comments, quotes, plain text or block scalars; the exact limits;
// tabs in indentation; invalid UTF-8 and control characters, each at line and column.
#include "definition/prescan.h"

#include <doctest/doctest.h>

#include "definition_test_support.h"

namespace equilens {
namespace {

using definition_test::Expected;
using definition_test::Mismatch;

std::vector<Diagnostic> Scan(const std::string& text) {
  std::vector<Diagnostic> errors;
  Reporter reporter("scan.yaml", errors);
  const bool ok = PrescanYaml(text, reporter);
  if (ok != errors.empty()) errors.push_back({"", {}, "BUG: result and diagnostics disagree"});
  return errors;
}

std::string Repeat(const std::string& piece, int times) {
  std::string text;
  for (int i = 0; i < times; ++i) text += piece;
  return text;
}

// `depth` nested block maps, two spaces per level, the last key without its value.
std::string OpenBlockMaps(int depth) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += std::string(2 * i, ' ') + "k" + std::to_string(i) + ":\n";
  return text;
}

std::string BlockMaps(int depth) {
  return OpenBlockMaps(depth) + std::string(2 * depth, ' ') + "v\n";
}

TEST_CASE("prescan: exactly 32 levels pass and 33 are refused where the 33rd opens") {
  const char* kTooDeep = "nesting deeper than 32 levels of maps and lists";
  CHECK(Mismatch(Scan(Repeat("[", 32) + Repeat("]", 32)), {}) == "");
  CHECK(Mismatch(Scan(Repeat("[", 33) + Repeat("]", 33)), {{1, 33, kTooDeep}}) == "");
  CHECK(Mismatch(Scan(Repeat("- ", 32) + "x"), {}) == "");
  CHECK(Mismatch(Scan(Repeat("- ", 33) + "x"), {{1, 65, kTooDeep}}) == "");
  CHECK(Mismatch(Scan(BlockMaps(32)), {}) == "");
  CHECK(Mismatch(Scan(BlockMaps(33)), {{33, 65, kTooDeep}}) == "");
  // Block and flow levels add up: 30 block maps, a 31st at column 61, then `{` and `[`.
  CHECK(Mismatch(Scan(OpenBlockMaps(30) + std::string(60, ' ') + "x: { y: [1] }\n"),
                 {{31, 69, kTooDeep}}) == "");
  CHECK(Mismatch(Scan(OpenBlockMaps(30) + std::string(60, ' ') + "x: { y: 1 }\n"), {}) == "");
  // Only the first place is reported.
  CHECK(Scan(Repeat("[", 40) + "\n" + Repeat("[", 40)).size() == 1);
}

TEST_CASE("prescan: sequences at their key's column and less-indented keys close levels") {
  // a: (1) / - (2) / - b: (3) / c: (4) ... back to 1 for each top-level key.
  std::string text;
  for (int i = 0; i < 200; ++i) {
    text += "key" + std::to_string(i) + ":\n- item\n- nested: { a: [1, 2] }\n  more:\n    x: 1\n";
  }
  CHECK(Mismatch(Scan(text), {}) == "");
}

TEST_CASE("prescan: brackets in comments, quotes, plain text and block scalars do not nest") {
  const std::string many = Repeat("[", 40) + Repeat("{", 40);
  CHECK(Mismatch(Scan("a: 1 # " + many + "\n# " + many + "\n"), {}) == "");
  CHECK(Mismatch(Scan("a: '" + many + "'\nb: \"" + many + "\\\" [\"\n"), {}) == "");
  CHECK(Mismatch(Scan("a: 'it''s " + many + "'\n"), {}) == "");
  CHECK(Mismatch(Scan("a: plain " + many + "\n- plain " + many + "\n"), {}) == "");
  CHECK(Mismatch(Scan("a: |\n  " + many + "\n  " + Repeat("- ", 40) + "\nb: >-\n  " + many + "\n"),
                 {}) == "");
  CHECK(Mismatch(Scan("a: \"multi\n  line " + many + "\"\nb: 1\n"), {}) == "");
  CHECK(Mismatch(Scan("a: [x, 'q]]]]', \"]]]\"]\n"), {}) == "");
  // In a flow, `[` after text is a new level, unlike in block context.
  CHECK(Scan("a: [x" + many + "]\n").size() == 1);
}

TEST_CASE("prescan: a block scalar ends at the first line not indented past its key") {
  const std::string text = "a: |\n  text\nb: " + Repeat("[", 33) + "\n";
  CHECK(Mismatch(Scan(text), {{3, 4 + 31, "nesting deeper than 32 levels"}}) == "");
}

TEST_CASE("prescan: tabs in indentation, not elsewhere") {
  CHECK(Mismatch(Scan("a:\n\tb: 1\n"),
                 {{2, 1, "tab character in indentation: YAML indents with spaces only"}}) == "");
  CHECK(Mismatch(Scan("a:\n  \tb: 1\n  c:\t1\n\t\n\t# comment\n"),
                 {{2, 3, "tab character in indentation"}}) == "");
  CHECK(Mismatch(Scan("a: |\n  code:\n  \tindented with a tab inside the text\n"), {}) == "");
  CHECK(Mismatch(Scan("a: 1\r\nb: [1,\r\n  2]\r\n"), {}) == "");
}

TEST_CASE("prescan: invalid UTF-8 and control characters") {
  CHECK(Mismatch(Scan("a: \xff\n"),
                 {{1, 4, "invalid UTF-8: byte 0xFF does not start a character"}}) == "");
  // Columns count characters: é and ü are one column each.
  CHECK(Mismatch(Scan("\xc3\xa9t\xc3\xa9: \xc3\xbc \xc3\n"),
                 {{1, 8, "invalid UTF-8: byte 0xC3 does not start a character"}}) == "");
  CHECK(Mismatch(Scan("a: \xc0\xaf\n"), {{1, 4, "byte 0xC0"}}) == "");          // overlong '/'
  CHECK(Mismatch(Scan("a: \xed\xa0\x80\n"), {{1, 4, "byte 0xED"}}) == "");      // a surrogate
  CHECK(Mismatch(Scan("a: \xf4\x90\x80\x80\n"), {{1, 4, "byte 0xF4"}}) == "");  // past U+10FFFF
  CHECK(Mismatch(Scan("\xef\xbb\xbf"
                      "a: \xe2\x82\xac \xf0\x9f\x99\x82\n"),
                 {}) == "");  // BOM, €, 🙂
  CHECK(Mismatch(Scan("a: x\nb: \x01\x02\n"),
                 {{2, 4,
                   "control character U+0001 is not allowed in a definition (1 more like "
                   "it in this file)"}}) == "");
  CHECK(Mismatch(Scan(std::string("a: \0\n", 5)), {{1, 4, "control character U+0000"}}) == "");
}

TEST_CASE("prescan: over 1 MiB is refused without scanning") {
  CHECK(Mismatch(Scan(std::string(kMaxDefinitionBytes, 'a')), {}) == "");
  CHECK(Mismatch(Scan(std::string(kMaxDefinitionBytes + 1, 'a')),
                 {{1, 1,
                   "the file is 1048577 bytes; a definition may be at most 1048576 bytes "
                   "(1 MiB)"}}) == "");
}

}  // namespace
}  // namespace equilens
