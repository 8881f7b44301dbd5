// Helpers for the definition loader's tests: fixture paths, parsing inline YAML, and checking
// that a list of diagnostics is exactly the expected one.
#ifndef EQUILENS_TESTS_DEFINITION_DEFINITION_TEST_SUPPORT_H_
#define EQUILENS_TESTS_DEFINITION_DEFINITION_TEST_SUPPORT_H_

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "equilens/definition.h"

namespace equilens::definition_test {

inline std::string DataDir() {
  return std::string(EQUILENS_SOURCE_DIR) + "/tests/data/definitions";
}

inline std::string ReadFileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The forms under tests/data/definitions/valid/forms, loaded once.
inline const DefinitionSet& FixtureForms() {
  static const DefinitionSet kForms = [] {
    std::vector<Diagnostic> errors;
    return LoadDefinitionDirs(DataDir() + "/valid/forms", DataDir() + "/valid/workflows", errors);
  }();
  return kForms;
}

inline std::vector<Diagnostic> WorkflowErrors(const std::string& text) {
  std::vector<Diagnostic> errors;
  const std::optional<WorkflowDefinition> workflow =
      ParseWorkflow({"test.yaml", text}, FixtureForms().Lookup(), errors);
  if (workflow && !errors.empty()) errors.push_back({"", {}, "BUG: a workflow and errors"});
  if (!workflow && errors.empty()) errors.push_back({"", {}, "BUG: no workflow, no errors"});
  return errors;
}

inline std::vector<Diagnostic> FormErrors(const std::string& text) {
  std::vector<Diagnostic> errors;
  const std::optional<FormDefinition> form = ParseForm({"test.yaml", text}, errors);
  if (form && !errors.empty()) errors.push_back({"", {}, "BUG: a form and errors"});
  if (!form && errors.empty()) errors.push_back({"", {}, "BUG: no form, no errors"});
  return errors;
}

struct Expected {
  int line;
  int column;
  std::string text;  // a part of the message
};

// "" when `errors` are exactly `expected` (same count; each expected at its line and column
// with its text, in order); else a listing of both, for the failure message.
inline std::string Mismatch(const std::vector<Diagnostic>& errors,
                            const std::vector<Expected>& expected) {
  bool same = errors.size() == expected.size();
  for (std::size_t i = 0; same && i < errors.size(); ++i) {
    same = errors[i].pos.line == expected[i].line && errors[i].pos.column == expected[i].column &&
           errors[i].message.find(expected[i].text) != std::string::npos;
  }
  if (same) return "";
  std::string listing = "\nexpected:\n";
  for (const Expected& e : expected) {
    listing +=
        "  " + std::to_string(e.line) + ":" + std::to_string(e.column) + ": ..." + e.text + "...\n";
  }
  listing += "got:\n";
  for (const Diagnostic& d : errors) listing += "  " + d.ToString() + "\n";
  return listing;
}

// The 1-based column where the `nth` occurrence of `needle` starts in `line` (ASCII lines).
inline int ColumnOf(std::string_view line, std::string_view needle, int nth = 1) {
  std::size_t at = std::string_view::npos;
  std::size_t from = 0;
  for (int i = 0; i < nth; ++i) {
    at = line.find(needle, from);
    if (at == std::string_view::npos) return -1;
    from = at + 1;
  }
  return static_cast<int>(at) + 1;
}

// A YAML text as numbered lines, so that a test can change one line and name positions.
class Lines {
 public:
  explicit Lines(std::vector<std::string> lines) : lines_(std::move(lines)) {}
  Lines& Set(int line, std::string text) {
    lines_.at(line - 1) = std::move(text);
    return *this;
  }
  Lines& Append(std::string text) {
    lines_.push_back(std::move(text));
    return *this;
  }
  const std::string& operator[](int line) const { return lines_.at(line - 1); }
  // The column of `needle` on `line`.
  int Col(int line, std::string_view needle, int nth = 1) const {
    return ColumnOf((*this)[line], needle, nth);
  }
  std::string Text() const {
    std::string text;
    for (const std::string& line : lines_) text += line + "\n";
    return text;
  }

 private:
  std::vector<std::string> lines_;
};

}  // namespace equilens::definition_test

#endif  // EQUILENS_TESTS_DEFINITION_DEFINITION_TEST_SUPPORT_H_
