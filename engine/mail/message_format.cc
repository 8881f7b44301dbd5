// FormatMessage: a MailMessage as the RFC 5322 text SendMail uploads, with the MIME headers of
// RFC 2045 (a text/plain UTF-8 body, 7bit, quoted-printable or base64) and RFC 2047 encoded
// words for non-ASCII names and subjects.
#include <algorithm>
#include <cassert>
#include <cstdio>
#include <ctime>
#include <string_view>
#include <vector>

#include "mail/smtp_client.h"

namespace equilens {
namespace {

constexpr std::size_t kFoldAt = 78;          // RFC 5322: lines SHOULD stay within 78 chars
constexpr std::size_t kMaxLine = 998;        // RFC 5322: lines MUST stay within 998, sans CRLF
constexpr std::size_t kMaxEncodedLine = 76;  // RFC 2045/2047: QP, base64 and encoded-word lines

bool IsAscii(std::string_view text) {
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return (static_cast<unsigned char>(c) & 0x80) != 0; });
}

bool IsUtf8Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// A header value on one line: CR and LF (which would start a new header) become spaces.
std::string OneLine(std::string_view text) {
  std::string line(text);
  std::replace(line.begin(), line.end(), '\r', ' ');
  std::replace(line.begin(), line.end(), '\n', ' ');
  return line;
}

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    unsigned value = 0;
    for (std::size_t j = 0; j < 3; ++j) {
      value = value << 8 | (j < n ? static_cast<unsigned char>(bytes[i + j]) : 0u);
    }
    for (std::size_t j = 0; j < 4; ++j) {
      out += j <= n ? kAlphabet[(value >> (18 - 6 * j)) & 0x3F] : '=';
    }
  }
  return out;
}

// `text` as RFC 2047 B-encoded words, none splitting a UTF-8 character, each line holding
// them within 76 chars: the first after the `used` chars already on its line, the others on
// continuation lines ("\r\n ", which a reader unfolds and drops between encoded words).
std::string EncodedWords(std::string_view text, std::size_t used) {
  assert(used + 16 < kMaxEncodedLine);
  std::string out;
  std::size_t at = 0;
  bool first = true;
  while (at < text.size()) {
    const std::size_t room = kMaxEncodedLine - (first ? used : 1);
    const std::size_t max_bytes = (room - 12) / 4 * 3;  // "=?UTF-8?B?" + "?=" is 12
    std::size_t end = std::min(text.size(), at + max_bytes);
    while (end > at && end < text.size() && IsUtf8Continuation(text[end])) --end;
    if (end == at) end = std::min(text.size(), at + max_bytes);  // not UTF-8: split anywhere
    if (!first) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(text.substr(at, end - at)) + "?=";
    at = end;
    first = false;
  }
  return out;
}

bool IsAtext(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// "Name <address>" for From: and To:, the name as atoms, a quoted string, or encoded words.
std::string Mailbox(std::string_view raw_name, std::string_view raw_address, std::size_t used) {
  const std::string name = OneLine(raw_name);
  std::string address = OneLine(raw_address);
  if (name.empty()) return address;
  constexpr std::size_t kLongName = 200;  // longer ones are folded as encoded words
  if (!IsAscii(name) || name.find("=?") != std::string::npos || name.size() > kLongName) {
    return EncodedWords(name, used) + " <" + address + ">";
  }
  const bool atoms =
      name.front() != ' ' && name.back() != ' ' &&
      std::all_of(name.begin(), name.end(), [](char c) { return c == ' ' || IsAtext(c); });
  if (atoms) return name + " <" + address + ">";
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\" <" + address + ">";
}

// An ASCII subject folded at spaces near 78 chars (unfolding gives it back exactly); a
// non-ASCII one, one that could be mistaken for encoded words, or one with a word too long
// for a line, as encoded words.
std::string SubjectValue(std::string_view raw) {
  constexpr std::size_t kPrefix = 9;  // "Subject: "
  const std::string subject = OneLine(raw);
  if (!IsAscii(subject) || subject.find("=?") != std::string::npos) {
    return EncodedWords(subject, kPrefix);
  }
  std::string out;
  std::size_t line = kPrefix;
  std::size_t start = 0;
  bool first = true;
  while (start <= subject.size()) {
    std::size_t end = subject.find(' ', start);
    if (end == std::string::npos) end = subject.size();
    const std::size_t length = end - start;
    if (first) {
      out.append(subject, start, length);
      line += length;
    } else if (length > 0 && line + 1 + length > kFoldAt) {
      out += "\r\n ";
      out.append(subject, start, length);
      line = 1 + length;
    } else {
      out += ' ';
      out.append(subject, start, length);
      line += 1 + length;
    }
    if (line > kMaxLine) return EncodedWords(subject, kPrefix);
    first = false;
    start = end + 1;
  }
  return out;
}

std::string Now() {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday],
                utc.tm_mday, kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                utc.tm_sec);
  return text;
}

// The body with every line end as '\n' (CRLF and a lone CR too), ending with one.
std::string NormalizedBody(const std::string& body) {
  std::string text;
  text.reserve(body.size() + 1);
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\r') {
      text += '\n';
      if (i + 1 < body.size() && body[i + 1] == '\n') ++i;
    } else {
      text += body[i];
    }
  }
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

std::string WithCrlf(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// RFC 2045 6.7: '=' and bytes outside printable ASCII as =XX, a space or tab at a line's end
// too; soft breaks ("=" CRLF) keep encoded lines within 76 chars. Hard line ends are CRLF.
std::string QuotedPrintable(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  std::size_t column = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\r\n";
      column = 0;
      continue;
    }
    const bool at_end = i + 1 == text.size() || text[i + 1] == '\n';
    const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_end);
    const std::size_t width = literal ? 1 : 3;
    if (column + width > kMaxEncodedLine - 1) {  // leave room for the soft break's '='
      out += "=\r\n";
      column = 0;
    }
    if (literal) {
      out += static_cast<char>(c);
    } else {
      out += '=';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
    column += width;
  }
  return out;
}

std::string Base64Lines(const std::string& bytes) {
  const std::string encoded = Base64(bytes);
  std::string out;
  for (std::size_t at = 0; at < encoded.size(); at += kMaxEncodedLine) {
    out.append(encoded, at, kMaxEncodedLine);
    out += "\r\n";
  }
  return out;
}

struct EncodedBody {
  const char* transfer_encoding;
  std::string text;
};

EncodedBody EncodeBody(const std::string& body) {
  const std::string text = NormalizedBody(body);
  std::size_t longest = 0, non_ascii = 0, line = 0;
  bool nul = false;
  for (char c : text) {
    line = c == '\n' ? 0 : line + 1;
    longest = std::max(longest, line);
    non_ascii += (static_cast<unsigned char>(c) & 0x80) != 0 ? 1 : 0;
    nul = nul || c == '\0';
  }
  if (non_ascii == 0 && !nul && longest <= kMaxLine) return {"7bit", WithCrlf(text)};
  // Mostly non-ASCII text (Cyrillic, CJK) is shorter and no less readable as base64.
  if (non_ascii * 3 > text.size()) return {"base64", Base64Lines(WithCrlf(text))};
  return {"quoted-printable", QuotedPrintable(text)};
}

}  // namespace

std::string FormatMessage(const MailSettings& settings, const MailMessage& message) {
  const EncodedBody body = EncodeBody(message.body);
  std::string text;
  text += "Date: " + (message.date.empty() ? Now() : OneLine(message.date)) + "\r\n";
  text += "From: " + Mailbox(settings.from_name, settings.from_address, 6) + "\r\n";
  text += "To: " + Mailbox(message.to_name, message.to_address, 4) + "\r\n";
  text += "Subject: " + SubjectValue(message.subject) + "\r\n";
  if (!message.message_id.empty()) text += "Message-ID: " + OneLine(message.message_id) + "\r\n";
  text += "MIME-Version: 1.0\r\n";
  text += "Content-Type: text/plain; charset=utf-8\r\n";
  text += std::string("Content-Transfer-Encoding: ") + body.transfer_encoding + "\r\n";
  text += "\r\n";
  text += body.text;
  return text;
}

}  // namespace equilens
