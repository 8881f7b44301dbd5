// JSON to mstch values, and mstch's global escape function set and restored under one lock.
#include "render/mstch_render.h"

#include <climits>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <functional>
#include <mstch/mstch.hpp>
#include <mutex>

namespace equilens {
namespace {

using nlohmann::json;

std::string FormatDouble(double value) {
  // 15 significant digits: every decimal a person typed survives, and binary noise such as
  // 0.30000000000000004 does not.
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

mstch::node ToNode(const json& value) {
  switch (value.type()) {
    case json::value_t::object: {
      mstch::map map;
      for (const auto& item : value.items()) map.emplace(item.key(), ToNode(item.value()));
      return map;
    }
    case json::value_t::array: {
      mstch::array array;
      array.reserve(value.size());
      for (const json& item : value) array.push_back(ToNode(item));
      return array;
    }
    case json::value_t::string:
      return value.get<std::string>();
    case json::value_t::boolean:
      return value.get<bool>();
    case json::value_t::number_integer: {
      const auto number = value.get<std::int64_t>();
      if (number >= INT_MIN && number <= INT_MAX) return static_cast<int>(number);
      return std::to_string(number);
    }
    case json::value_t::number_unsigned: {
      const auto number = value.get<std::uint64_t>();
      if (number <= static_cast<std::uint64_t>(INT_MAX)) return static_cast<int>(number);
      return std::to_string(number);
    }
    case json::value_t::number_float:
      return FormatDouble(value.get<double>());
    case json::value_t::null:
    case json::value_t::binary:
    case json::value_t::discarded:
      break;
  }
  return std::string();
}

std::string HtmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;  // &apos; is not HTML 4; &#39; reads in both HTML and XML
      default:
        out += c;
        break;
    }
  }
  return out;
}

std::string Unchanged(const std::string& text) { return text; }

// mstch::config::escape is one global for the process: hold the lock while it is ours, and
// put back what was there, so another user of mstch in the process sees no change.
class ScopedEscape {
 public:
  explicit ScopedEscape(bool escape_html) : lock_(Mutex()), saved_(mstch::config::escape) {
    mstch::config::escape = escape_html ? HtmlEscape : Unchanged;
  }
  ~ScopedEscape() { mstch::config::escape = std::move(saved_); }
  ScopedEscape(const ScopedEscape&) = delete;
  ScopedEscape& operator=(const ScopedEscape&) = delete;

 private:
  static std::mutex& Mutex() {
    static std::mutex mutex;
    return mutex;
  }
  std::lock_guard<std::mutex> lock_;
  std::function<std::string(const std::string&)> saved_;
};

}  // namespace

Result<std::string> RenderMustache(const std::string& text, const nlohmann::json& context,
                                   bool escape_html) {
  return RenderMustache(text, context, escape_html, {});
}

Result<std::string> RenderMustache(const std::string& text, const nlohmann::json& context,
                                   bool escape_html,
                                   const std::map<std::string, std::string>& partials) {
  try {
    const mstch::node root = ToNode(context);
    ScopedEscape escape(escape_html);
    return mstch::render(text, root, partials);
  } catch (const std::exception& e) {
    return InternalError(std::string("rendering the template failed: ") + e.what());
  }
}

}  // namespace equilens
