// JsonInput: a JSON object from a request body, read key by key with every problem kept for
// one answer, the way the YAML loaders report (all of it, each with where).
#include "equilens/json_input.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "common/did_you_mean.h"

namespace equilens {
namespace {

using nlohmann::json;

// "line L, column C" of byte `offset` in `text` (both 1-based; columns count bytes).
std::string Position(const std::string& text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// The offset of the first bracket nested deeper than kMaxJsonDepth, or npos. Checked before
// parsing so that "[[[[..." of a few megabytes costs a scan, not a tree.
std::size_t TooDeepAt(const std::string& text) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) return i;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return std::string::npos;
}

const char* TypeName(const json& value) {
  switch (value.type()) {
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "true or false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "an integer";
    case json::value_t::number_float:
      return "a number";
    default:
      return "null";
  }
}

}  // namespace

struct JsonInput::Impl {
  std::string what;
  json object;
  std::set<std::string> known;        // keys some getter asked for
  std::vector<std::string> problems;  // in the order the getters met them

  // The value under `key` when present and not null; marks the key known.
  const json* Find(const std::string& key) {
    known.insert(key);
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return nullptr;
    return &*it;
  }
  void WrongType(const std::string& key, const char* wanted, const json& value) {
    problems.push_back("'" + key + "' must be " + wanted + ", not " + TypeName(value));
  }
};

JsonInput::JsonInput(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
JsonInput::JsonInput(JsonInput&& other) noexcept = default;
JsonInput& JsonInput::operator=(JsonInput&& other) noexcept = default;
JsonInput::~JsonInput() = default;

Result<JsonInput> JsonInput::Parse(const std::string& text, const std::string& what) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidInput(what + ": empty; send a JSON object");
  }
  const std::size_t deep = TooDeepAt(text);
  if (deep != std::string::npos) {
    return InvalidInput(what + ": " + Position(text, deep) + ": nested deeper than " +
                        std::to_string(kMaxJsonDepth) + " levels");
  }
  auto impl = std::make_unique<Impl>();
  impl->what = what;
  try {
    impl->object = json::parse(text);
  } catch (const json::parse_error& e) {
    // nlohmann's text reads "[json.exception.parse_error.101] parse error at line 1, column
    // 2: syntax error ..."; keep the reason after the position, which we state ourselves.
    std::string reason = e.what();
    const std::size_t colon = reason.find(": ", reason.find("column"));
    reason = colon == std::string::npos ? reason : reason.substr(colon + 2);
    const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    return InvalidInput(what + ": " + Position(text, offset) + ": " + reason);
  }
  if (!impl->object.is_object()) {
    return InvalidInput(what + ": must be a JSON object ({...}), not " +
                        std::string(TypeName(impl->object)));
  }
  return JsonInput(std::move(impl));
}

bool JsonInput::Has(const std::string& key) const {
  auto it = impl_->object.find(key);
  return it != impl_->object.end() && !it->is_null();
}

std::optional<std::string> JsonInput::String(const std::string& key) {
  const json* value = impl_->Find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    impl_->WrongType(key, "a string", *value);
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<std::int64_t> JsonInput::Int(const std::string& key) {
  const json* value = impl_->Find(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_number_integer() && !value->is_number_unsigned()) return value->get<std::int64_t>();
  if (value->is_number_unsigned() &&
      value->get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(value->get<std::uint64_t>());
  }
  impl_->WrongType(key, "an integer", *value);
  return std::nullopt;
}

std::optional<double> JsonInput::Number(const std::string& key) {
  const json* value = impl_->Find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number()) {
    impl_->WrongType(key, "a number", *value);
    return std::nullopt;
  }
  return value->get<double>();
}

std::optional<bool> JsonInput::Bool(const std::string& key) {
  const json* value = impl_->Find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    impl_->WrongType(key, "true or false", *value);
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<std::string> JsonInput::Raw(const std::string& key) {
  const json* value = impl_->Find(key);
  if (value == nullptr) return std::nullopt;
  return value->dump();
}

std::string JsonInput::RequiredString(const std::string& key, bool non_empty) {
  const bool present = Has(key);
  std::optional<std::string> value = String(key);
  if (!present || (non_empty && value && value->empty())) {
    impl_->problems.push_back("'" + key + "' is required");
  }
  return value.value_or("");
}

Status JsonInput::Finish() const {
  std::vector<std::string> problems;
  const std::vector<std::string> known(impl_->known.begin(), impl_->known.end());
  for (const auto& [key, value] : impl_->object.items()) {
    if (impl_->known.count(key) == 0) {
      problems.push_back("unknown key '" + key + "'" + DidYouMean(key, known));
    }
  }
  problems.insert(problems.end(), impl_->problems.begin(), impl_->problems.end());
  if (problems.empty()) return Status::Ok();
  std::string message = impl_->what + ": ";
  for (std::size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
  if (std::any_of(problems.begin(), problems.end(),
                  [](const std::string& p) { return p.rfind("unknown key", 0) == 0; })) {
    message += " (keys: " + JoinNames(known) + ")";
  }
  return InvalidInput(message);
}

Status CheckNames(const std::string& what, const std::string& noun,
                  const std::vector<std::string>& given, const std::vector<std::string>& allowed,
                  ErrorCategory category) {
  for (const std::string& name : given) {
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
    std::string message =
        what + ": unknown " + noun + " '" + name + "'" + DidYouMean(name, allowed);
    message += allowed.empty() ? "; it takes none" : "; allowed: " + JoinNames(allowed);
    return Status(category, message);
  }
  return Status::Ok();
}

std::string JsonQuote(std::string_view text) {
  return json(std::string(text)).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace equilens
