// Typed reads of YamlNode values and the allowed-keys check, each failure worded as advice.
#include "definition/schema.h"

#include <charconv>
#include <cmath>

#include "common/did_you_mean.h"

namespace equilens {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Digits only, at most `max_digits` of them (so that the value fits an int).
std::optional<int> ParseDigits(std::string_view text, std::size_t max_digits) {
  if (text.empty() || text.size() > max_digits) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (!IsDigit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

void WrongType(const YamlNode& node, const std::string& what, const std::string& expected,
               Reporter& reporter) {
  if (node.IsNull()) {
    reporter.Error(node.pos, what + " needs a value: " + expected);
  } else {
    reporter.Error(node.pos, what + " must be " + expected + ", not " + Describe(node));
  }
}

}  // namespace

std::string Describe(const YamlNode& node) {
  switch (node.kind) {
    case YamlNode::Kind::kNull:
      return "nothing";
    case YamlNode::Kind::kScalar:
      return "'" + node.text + "'";
    case YamlNode::Kind::kSequence:
      return "a list";
    case YamlNode::Kind::kMap:
      return "a map";
  }
  return "a value";
}

bool CheckKeys(const YamlNode& map, std::initializer_list<KeyRule> rules, const std::string& where,
               Reporter& reporter) {
  if (!map.IsMap()) return false;
  bool ok = true;
  std::vector<std::string> allowed;
  for (const KeyRule& rule : rules) allowed.emplace_back(rule.name);
  for (const YamlNode& child : map.children) {
    bool known = false;
    for (const KeyRule& rule : rules) known = known || child.key == rule.name;
    if (!known) {
      reporter.Error(child.key_pos, "unknown key '" + child.key + "' in " + where +
                                        DidYouMean(child.key, allowed));
      ok = false;
    }
  }
  for (const KeyRule& rule : rules) {
    if (rule.required && map.Find(rule.name) == nullptr) {
      reporter.Error(map.Anchor(),
                     where + " is missing the required key '" + std::string(rule.name) + "'");
      ok = false;
    }
  }
  return ok;
}

bool CheckDefinitionRoot(const YamlNode& root, const std::string& kind, const std::string& other,
                         const std::string& keys, Reporter& reporter) {
  if (!root.IsMap()) {
    reporter.Error(
        root.pos, "a " + kind + " file is a map with the keys " + keys + ", not " + Describe(root));
    return false;
  }
  const YamlNode* other_key = root.Find(other);
  if (root.Find(kind) == nullptr && other_key != nullptr) {
    reporter.Error(other_key->key_pos,
                   "this is a " + other + " (it has `" + other + ":`), not a " + kind);
    return false;
  }
  return true;
}

DefinitionHeader ReadHeader(const YamlNode& root, const std::string& kind, Reporter& reporter) {
  DefinitionHeader header;
  if (const YamlNode* id = root.Find(kind)) {
    header.id = ReadId(*id, IdStyle::kDashed, kind + " id", reporter).value_or("");
  }
  if (const YamlNode* version = root.Find("version")) {
    header.version = ReadInteger(*version, "`version`", 1, reporter).value_or(0);
  }
  if (const YamlNode* title = root.Find("title")) {
    header.title = ReadText(*title, "`title`", reporter).value_or("");
  }
  if (const YamlNode* description = root.Find("description")) {
    header.description = ReadText(*description, "`description`", reporter).value_or("");
  }
  return header;
}

bool ExpectMap(const YamlNode& node, const std::string& what, Reporter& reporter) {
  if (node.IsMap()) return true;
  WrongType(node, what, "a map of `key: value` lines", reporter);
  return false;
}

bool ExpectSequence(const YamlNode& node, const std::string& what, Reporter& reporter) {
  if (node.IsSequence()) return true;
  WrongType(node, what, "a list", reporter);
  return false;
}

std::optional<std::string> ReadText(const YamlNode& node, const std::string& what,
                                    Reporter& reporter) {
  if (node.IsScalar()) return node.text;
  WrongType(node, what, "text", reporter);
  return std::nullopt;
}

std::optional<int> ReadInteger(const YamlNode& node, const std::string& what, int min,
                               Reporter& reporter) {
  if (node.IsScalar() && !node.quoted) {
    std::optional<int> value = ParseDigits(node.text, 9);
    if (value && *value >= min) return value;
  }
  WrongType(node, what, "a whole number >= " + std::to_string(min), reporter);
  return std::nullopt;
}

std::optional<double> ParseNumber(const YamlNode& node) {
  if (!node.IsScalar() || node.quoted) return std::nullopt;
  std::string_view text = node.text;
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  // from_chars would also take "inf", "nan" and hex; a definition's numbers are decimal.
  for (char c : text) {
    if (!IsDigit(c) && c != '-' && c != '.' && c != 'e' && c != 'E' && c != '+') {
      return std::nullopt;
    }
  }
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<double> ReadNumber(const YamlNode& node, const std::string& what,
                                 Reporter& reporter) {
  if (std::optional<double> value = ParseNumber(node)) return value;
  WrongType(node, what, "a number", reporter);
  return std::nullopt;
}

std::optional<bool> ParseBool(const YamlNode& node) {
  if (!node.IsScalar() || node.quoted) return std::nullopt;
  const std::string& t = node.text;
  if (t == "true" || t == "True" || t == "TRUE") return true;
  if (t == "false" || t == "False" || t == "FALSE") return false;
  return std::nullopt;
}

std::optional<bool> ReadBool(const YamlNode& node, const std::string& what, Reporter& reporter) {
  if (std::optional<bool> value = ParseBool(node)) return value;
  WrongType(node, what, "true or false", reporter);
  return std::nullopt;
}

std::optional<int> ReadSchoolDays(const YamlNode& node, const std::string& what,
                                  Reporter& reporter) {
  if (node.IsScalar()) {
    const std::string& text = node.text;
    const std::size_t space = text.find(' ');
    const std::string_view unit =
        space == std::string::npos ? std::string_view() : std::string_view(text).substr(space);
    if (unit == " school days" || unit == " school day") {
      if (std::optional<int> days = ParseDigits(std::string_view(text).substr(0, space), 6)) {
        return days;
      }
    }
  }
  WrongType(node, what, "'N school days' (for example '10 school days')", reporter);
  return std::nullopt;
}

bool IsValidId(std::string_view id, IdStyle style) {
  if (id.empty() || !(IsDigit(id.front()) || (id.front() >= 'a' && id.front() <= 'z'))) {
    return false;
  }
  const char joiner = style == IdStyle::kDashed ? '-' : '_';
  for (char c : id) {
    if (!IsDigit(c) && !(c >= 'a' && c <= 'z') && c != joiner) return false;
  }
  return true;
}

namespace {

std::string IdRule(IdStyle style) {
  return style == IdStyle::kDashed
             ? "lowercase letters, digits and '-', starting with a letter or digit"
             : "lowercase letters, digits and '_', starting with a letter or digit";
}

}  // namespace

std::optional<std::string> ReadId(const YamlNode& node, IdStyle style, const std::string& what,
                                  Reporter& reporter) {
  if (!node.IsScalar()) {
    WrongType(node, what, "a name of " + IdRule(style), reporter);
    return std::nullopt;
  }
  if (!IsValidId(node.text, style)) {
    reporter.Error(node.pos, what + " '" + node.text + "' may use only " + IdRule(style));
    return std::nullopt;
  }
  return node.text;
}

bool CheckKeyId(const YamlNode& value, IdStyle style, const std::string& what, Reporter& reporter) {
  if (IsValidId(value.key, style)) return true;
  reporter.Error(value.key_pos, what + " '" + value.key + "' may use only " + IdRule(style));
  return false;
}

std::vector<const YamlNode*> ReadScalarList(const YamlNode& node, const std::string& what,
                                            bool allow_empty, Reporter& reporter) {
  std::vector<const YamlNode*> items;
  if (!node.IsSequence()) {
    WrongType(node, what, "a list", reporter);
    return items;
  }
  if (node.children.empty() && !allow_empty) {
    reporter.Error(node.pos, what + " is an empty list: give at least one");
  }
  for (const YamlNode& item : node.children) {
    if (item.IsScalar()) {
      items.push_back(&item);
    } else {
      reporter.Error(item.pos,
                     "each item of " + what + " must be a single value, not " + Describe(item));
    }
  }
  return items;
}

std::vector<const YamlNode*> ReadScalarOrList(const YamlNode& node, const std::string& what,
                                              bool allow_empty, Reporter& reporter) {
  if (node.IsScalar()) return {&node};
  if (!node.IsSequence()) {
    WrongType(node, what, "a name or a list of names", reporter);
    return {};
  }
  return ReadScalarList(node, what, allow_empty, reporter);
}

}  // namespace equilens
