// Reading a JSON request body (an object of named values) for a front end that may not parse
// JSON itself: typed getters that record what was wrong, and Finish() that reports it all at
// once, unknown keys with a did-you-mean. nlohmann-json stays inside the engine.
#ifndef EQUILENS_JSON_INPUT_H_
#define EQUILENS_JSON_INPUT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "equilens/status.h"

namespace equilens {

inline constexpr int kMaxJsonDepth = 32;  // nested objects and arrays in one request body

class JsonInput {
 public:
  // Parses `text` as one JSON object. invalid_input "WHAT: line L, column C: ..." for text that
  // is not JSON (or not UTF-8), is nested deeper than kMaxJsonDepth, or is not an object.
  // An empty text is refused as well: a body that should carry an object must carry one.
  static Result<JsonInput> Parse(const std::string& text, const std::string& what = "request body");

  JsonInput(JsonInput&& other) noexcept;
  JsonInput& operator=(JsonInput&& other) noexcept;
  ~JsonInput();

  bool Has(const std::string& key) const;  // present and not null

  // Each getter marks `key` as known. nullopt when it is absent or null; a value of another
  // type is recorded as a problem (Finish reports it) and also gives nullopt.
  std::optional<std::string> String(const std::string& key);
  std::optional<std::int64_t> Int(const std::string& key);  // an integer; 2.0 is not one
  std::optional<double> Number(const std::string& key);     // any JSON number
  std::optional<bool> Bool(const std::string& key);
  // The value as JSON text, whatever its type (an object of answers, say).
  std::optional<std::string> Raw(const std::string& key);
  // String(key), recording "'key' is required" when it is absent (or "" when `non_empty`).
  std::string RequiredString(const std::string& key, bool non_empty = true);

  // ok when every getter found what it wanted and the object has no key no getter asked for;
  // else invalid_input naming every problem: "request body: unknown key 'titel' (did you
  // mean 'title'?); 'year' must be an integer, not a string".
  Status Finish() const;

 private:
  struct Impl;
  explicit JsonInput(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// usage (or `category`) "WHAT: unknown NOUN 'x' (did you mean 'y'?); allowed: a, b" when
// a name in `given` is not in `allowed`; ok otherwise. For query parameters and form fields.
Status CheckNames(const std::string& what, const std::string& noun,
                  const std::vector<std::string>& given, const std::vector<std::string>& allowed,
                  ErrorCategory category = ErrorCategory::kUsage);

// `text` as a JSON string literal, quotes included (bytes that are not UTF-8 become U+FFFD).
// For front ends composing a small response around the engine's ToJson output.
std::string JsonQuote(std::string_view text);

}  // namespace equilens

#endif  // EQUILENS_JSON_INPUT_H_
