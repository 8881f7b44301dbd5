// The adversarial corpus (tests/data/definitions/adversarial, plus huge and deep texts made
// at test time): each is refused at the exact line and column, with no crash or hang, before
// anything walks a tree that could loop or recurse without bound.
#include <doctest/doctest.h>
#include <pthread.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "definition_test_support.h"

namespace equilens {
namespace {

namespace fs = std::filesystem;
using definition_test::DataDir;
using definition_test::Expected;
using definition_test::Mismatch;

std::vector<Diagnostic> ErrorsOfFile(const std::string& path) {
  std::vector<Diagnostic> errors;
  Result<DefinitionSource> source = ReadDefinitionFile(path);
  if (!source.ok()) {
    errors.push_back({path, {}, source.status().message()});
    return errors;
  }
  SniffDefinitionKind(*source);  // must not crash either
  const std::optional<WorkflowDefinition> workflow =
      ParseWorkflow(*source, definition_test::FixtureForms().Lookup(), errors);
  if (workflow) errors.push_back({path, {}, "BUG: accepted"});
  for (Diagnostic& error : errors) {
    if (error.file != path) error.message += " [BUG: file " + error.file + "]";
  }
  return errors;
}

std::vector<Diagnostic> Corpus(const std::string& name) {
  return ErrorsOfFile(DataDir() + "/adversarial/" + name);
}

// A file in a fresh temporary folder, removed when the test ends.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& text)
      : path_(fs::temp_directory_path() / ("equilens_adversarial_" + name)) {
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TempFile() {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

std::string Repeat(const std::string& piece, int times) {
  std::string text;
  text.reserve(piece.size() * times);
  for (int i = 0; i < times; ++i) text += piece;
  return text;
}

TEST_CASE("adversarial: a self-referencing alias") {
  CHECK(Mismatch(Corpus("self_alias.yaml"),
                 {{3, 9,
                   "anchor '&a' is not allowed: definitions are read without anchors, "
                   "aliases and merge keys"},
                  {3, 13, "alias '*a' is not allowed"}}) == "");
}

TEST_CASE("adversarial: an alias bomb (billion laughs)") {
  std::vector<Expected> expected = {{3, 4, "anchor '&a' is not allowed"}};
  for (int line = 4; line <= 11; ++line) {
    expected.push_back(
        {line, 4,
         "anchor '&" + std::string(1, static_cast<char>('a' + line - 3)) + "' is not allowed"});
    if (line == 4) {
      for (int i = 0; i < 10; ++i) expected.push_back({4, 8 + 3 * i, "alias '*a' is not allowed"});
    }
  }
  expected.push_back({5, 8, "... and 70 more aliases from here on"});
  CHECK(Mismatch(Corpus("alias_bomb.yaml"), expected) == "");
}

TEST_CASE("adversarial: merge keys, tags and several documents") {
  CHECK(Mismatch(Corpus("merge_key.yaml"), {{4, 1, "merge key '<<' is not allowed"}}) == "");
  CHECK(Mismatch(Corpus("tag.yaml"), {{3, 10, "tag '!!int' is not allowed"},
                                      {4, 8, "tag '!custom' is not allowed"}}) == "");
  CHECK(Mismatch(Corpus("multiple_documents.yaml"),
                 {{4, 1,
                   "a second YAML document starts here: a definition file holds one "
                   "document"}}) == "");
}

TEST_CASE("adversarial: characters: tabs in indentation, invalid UTF-8, control characters") {
  CHECK(Mismatch(Corpus("tab_indentation.yaml"),
                 {{4, 1,
                   "tab character in indentation: YAML indents with spaces only (1 more "
                   "like it in this file)"}}) == "");
  CHECK(Mismatch(Corpus("invalid_utf8.yaml"),
                 {{3, 9,
                   "invalid UTF-8: byte 0xE9 does not start a character (save the file as "
                   "UTF-8) (2 more like it in this file)"}}) == "");
  CHECK(Mismatch(Corpus("control_character.yaml"),
                 {{3, 13, "control character U+0007 is not allowed in a definition"}}) == "");
}

TEST_CASE("adversarial: schema and meaning mistakes in files") {
  CHECK(Mismatch(Corpus("duplicate_key.yaml"),
                 {{10, 3, "duplicate key 'intake' (first given at line 8, column 3)"}}) == "");
  CHECK(Mismatch(Corpus("unknown_key.yaml"),
                 {{9, 5, "unknown key 'ownr' in stage 'intake' (did you mean 'owner'?)"},
                  {8, 3, "stage 'intake' needs an `owner`"}}) == "");
  CHECK(Mismatch(Corpus("missing_stage.yaml"),
                 {{11, 37, "transition 1 `to` names unknown stage 'review'"},
                  {12, 13, "transition 2 `from` names unknown stage 'review'"}}) == "");
  CHECK(Mismatch(Corpus("unreachable_stage.yaml"),
                 {{9, 3, "stage 'forgotten' can never be reached"}}) == "");
  CHECK(Mismatch(Corpus("bad_guard_operator.yaml"),
                 {{15, 37, "unknown key 'greater_than' in guard"}}) == "");
}

TEST_CASE("adversarial: broken and empty YAML") {
  CHECK(Mismatch(Corpus("syntax_error.yaml"),
                 {{4, 6, "this is not valid YAML: end of sequence flow not found"}}) == "");
  CHECK(Mismatch(Corpus("empty.yaml"),
                 {{1, 1, "the file is empty: a definition starts with `workflow:` or `form:`"}}) ==
        "");
}

TEST_CASE("adversarial: nesting past the limit, in the corpus") {
  CHECK(Mismatch(Corpus("deep_block.yaml"),
                 {{35, 65, "nesting deeper than 32 levels of maps and lists"}}) == "");
  // The pre-scan misreads this text; the parser's callbacks refuse at the same depth.
  CHECK(Mismatch(Corpus("prescan_decoy.yaml"),
                 {{7, 40, "nesting deeper than 32 levels of maps and lists"}}) == "");
}

TEST_CASE("adversarial: 100000 levels deep, written three ways") {
  const int kDeep = 100000;
  const TempFile flow("deep_flow.yaml", Repeat("[", kDeep));
  CHECK(Mismatch(ErrorsOfFile(flow.path()), {{1, 33, "nesting deeper than 32 levels"}}) == "");
  const TempFile compact("deep_compact.yaml", Repeat("- ", kDeep) + "x\n");
  CHECK(Mismatch(ErrorsOfFile(compact.path()), {{1, 65, "nesting deeper than 32 levels"}}) == "");
  const TempFile maps("deep_maps.yaml", Repeat("{a: ", kDeep));
  CHECK(Mismatch(ErrorsOfFile(maps.path()), {{1, 129, "nesting deeper than 32 levels"}}) == "");
  // Exactly at the limit is fine as far as nesting goes.
  std::vector<Diagnostic> errors;
  ParseWorkflow({"edge.yaml", Repeat("[", 32) + Repeat("]", 32)}, {}, errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.find("a workflow file is a map") == 0);
}

// Runs `work` on a thread with a `stack_bytes` stack, as a server's worker might have.
void RunOnSmallStack(std::size_t stack_bytes, std::function<void()> work) {
  pthread_attr_t attributes;
  REQUIRE(pthread_attr_init(&attributes) == 0);
  REQUIRE(pthread_attr_setstacksize(&attributes, stack_bytes) == 0);
  pthread_t thread;
  const auto run = [](void* argument) -> void* {
    (*static_cast<std::function<void()>*>(argument))();
    return nullptr;
  };
  REQUIRE(pthread_create(&thread, &attributes, run, &work) == 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attributes);
}

TEST_CASE("adversarial: deep texts are refused on a 256 KiB thread stack") {
  const std::vector<std::string> texts = {
      Repeat("[", 100000), Repeat("- ", 100000) + "x\n", Repeat("{a: ", 100000),
      definition_test::ReadFileText(DataDir() + "/adversarial/prescan_decoy.yaml")};
  std::vector<std::vector<Diagnostic>> results(texts.size());
  RunOnSmallStack(256 * 1024, [&] {
    for (std::size_t i = 0; i < texts.size(); ++i) {
      ParseWorkflow({"deep.yaml", texts[i]}, {}, results[i]);
    }
  });
  for (const std::vector<Diagnostic>& errors : results) {
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message.find("nesting deeper than 32 levels") == 0);
  }
}

TEST_CASE("adversarial: a 10 MB file is refused before it is read whole or parsed") {
  const std::string big =
      "workflow: big\n" + Repeat("# padding padding padding padding\n", 10 * 1024 * 1024 / 34);
  REQUIRE(big.size() > 10 * 1000 * 1000);
  const TempFile file("big.yaml", big);
  Result<DefinitionSource> source = ReadDefinitionFile(file.path());
  REQUIRE_FALSE(source.ok());
  CHECK(source.status().category() == ErrorCategory::kInvalidInput);
  CHECK(source.status().message() == file.path() + " is " + std::to_string(big.size()) +
                                         " bytes; a definition may be at most 1048576 bytes "
                                         "(1 MiB)");
  // Text that did not come from a file (say, from the database) is bounded too.
  std::vector<Diagnostic> errors;
  CHECK_FALSE(ParseWorkflow({"big.yaml", big}, {}, errors).has_value());
  CHECK(Mismatch(errors, {{1, 1,
                           "the file is " + std::to_string(big.size()) +
                               " bytes; a definition may be at most 1048576 bytes"}}) == "");
}

TEST_CASE("adversarial: more than 50000 values") {
  const std::string wide = "[" + Repeat("a,", 60000) + "a]";
  const TempFile file("wide.yaml", wide);
  CHECK(Mismatch(ErrorsOfFile(file.path()),
                 {{1, 100000, "more than 50000 values: a definition is never this large"}}) == "");
}

TEST_CASE("adversarial: every corpus file is refused with positions") {
  for (const fs::directory_entry& entry : fs::directory_iterator(DataDir() + "/adversarial")) {
    CAPTURE(entry.path().string());
    const std::vector<Diagnostic> errors = ErrorsOfFile(entry.path().string());
    REQUIRE_FALSE(errors.empty());
    for (const Diagnostic& error : errors) {
      CHECK(error.pos.line >= 1);
      CHECK(error.pos.column >= 1);
    }
    std::vector<Diagnostic> form_errors;
    Result<DefinitionSource> source = ReadDefinitionFile(entry.path().string());
    REQUIRE(source.ok());
    CHECK_FALSE(ParseForm(*source, form_errors).has_value());
  }
}

}  // namespace
}  // namespace equilens
