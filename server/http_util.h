// Small HTTP text helpers shared inside server/: URL decoding, form bodies, cookies, and the
// names of the cookies the server sets.
#ifndef EQUILENS_SERVER_HTTP_UTIL_H_
#define EQUILENS_SERVER_HTTP_UTIL_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace equilens::server {

inline constexpr char kSessionCookie[] = "equilens_session";
inline constexpr char kFlashCookie[] = "flash";
// The sign-in form's pre-session token (login CSRF: a double-submit cookie).
inline constexpr char kPreSessionCookie[] = "equilens_presession";
inline constexpr int kFlashSeconds = 60;  // a notice not shown within a minute is dropped

// %XX and (when `plus_is_space`) '+' decoded; a malformed escape is kept as written.
std::string UrlDecode(std::string_view text, bool plus_is_space);
// Everything but unreserved characters (RFC 3986) as %XX.
std::string UrlEncode(std::string_view text);
// "a=1&b=x+y" -> {{"a","1"},{"b","x y"}}, in order; empty pairs skipped.
std::vector<std::pair<std::string, std::string>> ParseUrlEncoded(std::string_view text);

// A Set-Cookie value: NAME=VALUE; Path=/; HttpOnly; SameSite=Strict[; Secure][; Max-Age=N].
// `max_age_seconds` < 0 = a session cookie (ends with the browser); 0 = delete it now.
std::string SetCookie(const std::string& name, const std::string& value, bool secure,
                      int max_age_seconds = -1);

// 32 random bytes from the operating system as 64 hex characters.
std::string RandomHex32();

// A local path safe to redirect to after sign-in ("/initiatives/EQ-1"); "" when `target` is
// absent or could leave the site ("//evil", "https://...", "/\\evil", control characters).
std::string SafeLocalTarget(const std::string& target);

}  // namespace equilens::server

#endif  // EQUILENS_SERVER_HTTP_UTIL_H_
