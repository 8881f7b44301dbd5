// The server's Request helpers and Response factories, and the small HTTP text helpers
// (URL coding, cookies, random tokens) every route shares.
#include "server/http.h"

#include <cctype>
#include <cstdint>
#include <random>

#include "server/http_util.h"

namespace equilens::server {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  const std::size_t last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

template <typename Pairs>
std::string FirstValue(const Pairs& pairs, const std::string& name) {
  for (const auto& [key, value] : pairs) {
    if (key == name) return value;
  }
  return "";
}

}  // namespace

// ------------------------------------------------------------------------------- helpers

std::string UrlDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      const int high = HexValue(text[i + 1]);
      const int low = HexValue(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

std::string UrlEncode(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ParseUrlEncoded(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view pair = text.substr(start, end - start);
    if (!pair.empty()) {
      const std::size_t equals = pair.find('=');
      if (equals == std::string_view::npos) {
        pairs.emplace_back(UrlDecode(pair, true), "");
      } else {
        pairs.emplace_back(UrlDecode(pair.substr(0, equals), true),
                           UrlDecode(pair.substr(equals + 1), true));
      }
    }
    start = end + 1;
  }
  return pairs;
}

std::string SetCookie(const std::string& name, const std::string& value, bool secure,
                      int max_age_seconds) {
  std::string cookie = name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) cookie += "; Secure";
  if (max_age_seconds >= 0) cookie += "; Max-Age=" + std::to_string(max_age_seconds);
  return cookie;
}

std::string RandomHex32() {
  // libstdc++'s "/dev/urandom" token reads the kernel's CSPRNG directly.
  static thread_local std::random_device device("/dev/urandom");
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 8; ++i) {
    std::uint32_t word = device();
    for (int j = 0; j < 8; ++j) {
      out.push_back(kHex[word & 15]);
      word >>= 4;
    }
  }
  return out;
}

std::string SafeLocalTarget(const std::string& target) {
  if (target.empty() || target[0] != '/') return "";
  if (target.size() > 1 && (target[1] == '/' || target[1] == '\\')) return "";
  for (const unsigned char c : target) {
    if (c < 0x20 || c == 0x7f || c == '\\') return "";
  }
  return target;
}

// ------------------------------------------------------------------------------- Request

std::string Request::Param(const std::string& name) const {
  auto it = path_params.find(name);
  return it == path_params.end() ? "" : it->second;
}

std::string Request::Query(const std::string& name) const { return FirstValue(query, name); }

std::string Request::Form(const std::string& name) const { return FirstValue(form, name); }

std::vector<std::string> Request::FormAll(const std::string& name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : form) {
    if (key == name) values.push_back(value);
  }
  return values;
}

std::string Request::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

std::string Request::Cookie(const std::string& name) const {
  const std::string header = Header("cookie");
  std::size_t start = 0;
  while (start < header.size()) {
    std::size_t end = header.find(';', start);
    if (end == std::string::npos) end = header.size();
    const std::string_view pair = std::string_view(header).substr(start, end - start);
    const std::size_t equals = pair.find('=');
    if (equals != std::string_view::npos && Trim(pair.substr(0, equals)) == name) {
      return Trim(pair.substr(equals + 1));
    }
    start = end + 1;
  }
  return "";
}

// ------------------------------------------------------------------------------ Response

Response Response::Json(int status, std::string body) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = std::move(body);
  return response;
}

Response Response::Html(int status, std::string body) {
  Response response;
  response.status = status;
  response.content_type = "text/html; charset=utf-8";
  response.body = std::move(body);
  return response;
}

Response Response::Redirect(const std::string& location) {
  Response response;
  response.status = 303;
  response.content_type = "text/plain; charset=utf-8";
  response.headers.emplace_back("Location", location);
  return response;
}

Response Response::RedirectWithNotice(const std::string& location, const std::string& notice) {
  Response response = Redirect(location);
  // Not Secure-flagged: a notice is no secret, and the cookie must survive plain-HTTP
  // development servers. HttpOnly + SameSite=Strict keep it out of scripts and other sites.
  response.headers.emplace_back("Set-Cookie",
                                SetCookie(kFlashCookie, UrlEncode(notice), false, kFlashSeconds));
  return response;
}

}  // namespace equilens::server
