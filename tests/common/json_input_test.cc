// JsonInput: a request body read key by key, every problem reported at once with where.
#include "equilens/json_input.h"

#include <doctest/doctest.h>

#include <string>

namespace equilens {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("json input: typed getters read what is there and Finish is ok") {
  Result<JsonInput> parsed = JsonInput::Parse(
      R"({"title": "Later start", "year": 2025, "ratio": 2.5, "draft": true, "answers": {"a": [1, 2]}, "gone": null})");
  REQUIRE(parsed.ok());
  JsonInput& body = *parsed;
  CHECK(body.String("title") == std::optional<std::string>("Later start"));
  CHECK(body.Int("year") == std::optional<std::int64_t>(2025));
  CHECK(body.Number("ratio") == std::optional<double>(2.5));
  CHECK(body.Number("year") == std::optional<double>(2025.0));
  CHECK(body.Bool("draft") == std::optional<bool>(true));
  CHECK(body.Raw("answers") == std::optional<std::string>(R"({"a":[1,2]})"));
  CHECK_FALSE(body.String("gone").has_value());  // null reads as absent
  CHECK_FALSE(body.String("missing").has_value());
  CHECK(body.Finish().ok());
}

TEST_CASE("json input: wrong types and unknown keys are all reported, with a did-you-mean") {
  Result<JsonInput> parsed =
      JsonInput::Parse(R"({"titel": "x", "year": "2025", "ratio": 2.0, "count": 2.5})");
  REQUIRE(parsed.ok());
  JsonInput& body = *parsed;
  CHECK_FALSE(body.String("title").has_value());
  CHECK_FALSE(body.Int("year").has_value());
  CHECK_FALSE(body.Int("count").has_value());
  CHECK(body.Int("ratio") == std::nullopt);  // 2.0 is a number, not an integer
  const std::string required = body.RequiredString("summary");
  CHECK(required.empty());
  Status status = body.Finish();
  REQUIRE_FALSE(status.ok());
  CHECK(status.category() == ErrorCategory::kInvalidInput);
  const std::string& message = status.message();
  CHECK(Contains(message, "request body: "));
  CHECK(Contains(message, "unknown key 'titel' (did you mean 'title'?)"));
  CHECK(Contains(message, "'year' must be an integer, not a string"));
  CHECK(Contains(message, "'count' must be an integer, not a number"));
  CHECK(Contains(message, "'summary' is required"));
}

TEST_CASE("json input: bad JSON is refused with its line and column") {
  Result<JsonInput> broken = JsonInput::Parse("{\n  \"title\": \"x\",\n  oops\n}");
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.status().category() == ErrorCategory::kInvalidInput);
  CHECK(Contains(broken.status().message(), "request body: line 3, column"));
  for (const char* text : {"[1, 2]", "\"text\"", "42", "", "   "}) {
    CAPTURE(text);
    Result<JsonInput> refused = JsonInput::Parse(text);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.status().category() == ErrorCategory::kInvalidInput);
  }
  CHECK(Contains(JsonInput::Parse("[1]").status().message(), "must be a JSON object"));
  // Not UTF-8 inside a string.
  CHECK_FALSE(JsonInput::Parse("{\"a\": \"\xff\"}").ok());
}

TEST_CASE("json input: nesting deeper than the limit is refused before parsing") {
  std::string deep = "{\"a\": ";
  for (int i = 0; i < 100000; ++i) deep += "[";
  Result<JsonInput> refused = JsonInput::Parse(deep);
  REQUIRE_FALSE(refused.ok());
  CHECK(Contains(refused.status().message(), "nested deeper than 32"));
  std::string fine = "{\"a\": ";
  for (int i = 0; i < 31; ++i) fine += "[";
  for (int i = 0; i < 31; ++i) fine += "]";
  CHECK(JsonInput::Parse(fine + "}").ok());
  // Brackets inside strings do not count.
  CHECK(JsonInput::Parse("{\"a\": \"" + std::string(100, '[') + "\"}").ok());
}

TEST_CASE("json input: CheckNames and JsonQuote") {
  CHECK(CheckNames("query", "parameter", {"stage"}, {"stage", "text"}).ok());
  Status typo = CheckNames("/api/initiatives", "query parameter", {"stag"}, {"stage", "text"});
  CHECK(typo.category() == ErrorCategory::kUsage);
  CHECK(Contains(typo.message(), "unknown query parameter 'stag' (did you mean 'stage'?)"));
  CHECK(Contains(typo.message(), "allowed: stage, text"));
  CHECK(JsonQuote("a \"b\"\n") == R"("a \"b\"\n")");
  CHECK(JsonQuote("\xff") == "\"\xef\xbf\xbd\"");  // U+FFFD
}

}  // namespace
}  // namespace equilens
