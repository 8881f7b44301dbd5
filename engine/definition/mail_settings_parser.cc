// LoadMailSettings: the mail settings YAML -> MailSettings, read the way a calendar is (the
// pre-scan and yaml_tree, then schema.h's key and type checks), plus the settings' own rules:
// ports, security, a password file only its owner can read, retry bounds, a real digest time,
// addresses that cannot smuggle a header, and no plain SMTP off the machine.
#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <utility>
#include <vector>

#include "common/did_you_mean.h"
#include "definition/schema.h"
#include "definition/yaml_tree.h"
#include "equilens/definition.h"
#include "equilens/mail_settings.h"

namespace equilens {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxTimeoutSeconds = 600;
constexpr int kMaxAttempts = 100;
constexpr long long kMaxRetrySeconds = 7LL * 24 * 3600;  // a week: longer is a typo
constexpr std::size_t kMaxPasswordBytes = 4096;          // a password, not a key ring

// strerror's text, thread-safely: loading is reentrant.
std::string ErrnoText(int error) {
  return std::error_code(error, std::generic_category()).message();
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool HasControl(const std::string& text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return true;
  }
  return false;
}

// `text` for a message: control characters written as \r, \n, \t or \xNN, so that a value
// that tried to break a line cannot break the message's own FILE:LINE:COL lines.
std::string Shown(const std::string& text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string shown;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\r') {
      shown += "\\r";
    } else if (c == '\n') {
      shown += "\\n";
    } else if (c == '\t') {
      shown += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      shown += std::string("\\x") + kHex[byte >> 4] + kHex[byte & 0xF];
    } else {
      shown += c;
    }
  }
  return shown;
}

bool IsLoopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

// A DNS name or an IPv4 address (letters, digits, '.', '-'), or an IPv6 address (hex digits,
// ':' and '.'): nothing that could change the meaning of the smtp:// URL it goes into.
bool IsHostName(const std::string& host) {
  if (host.empty()) return false;
  bool name = true;
  bool ipv6 = host.find(':') != std::string::npos;
  for (char c : host) {
    const bool alnum = IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool hex = IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    name = name && (alnum || c == '.' || c == '-');
    ipv6 = ipv6 && (hex || c == ':' || c == '.');
  }
  return name || ipv6;
}

// local@domain: one '@' with something either side, and nothing that would end or split an
// address in a header or an SMTP command.
bool IsMailAddress(const std::string& address) {
  const std::size_t at = address.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == address.size()) return false;
  if (address.find('@', at + 1) != std::string::npos) return false;
  for (char c : address) {
    if (c == ' ' || c == '<' || c == '>') return false;
  }
  return !HasControl(address);
}

// "HH:MM", 00:00 to 23:59.
bool IsTimeOfDay(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return false;
  for (int i : {0, 1, 3, 4}) {
    if (!IsDigit(text[i])) return false;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  return hours < 24 && minutes < 60;
}

// "N seconds", "N minutes" or "N hours" (singular too) as seconds; nullopt when the text is
// not one of those or N has more than 9 digits.
std::optional<long long> ParseDuration(const YamlNode& node) {
  if (!node.IsScalar()) return std::nullopt;
  const std::string& text = node.text;
  const std::size_t space = text.find(' ');
  if (space == 0 || space == std::string::npos || space > 9) return std::nullopt;
  long long count = 0;
  for (std::size_t i = 0; i < space; ++i) {
    if (!IsDigit(text[i])) return std::nullopt;
    count = count * 10 + (text[i] - '0');
  }
  const std::string unit = text.substr(space + 1);
  if (unit == "second" || unit == "seconds") return count;
  if (unit == "minute" || unit == "minutes") return count * 60;
  if (unit == "hour" || unit == "hours") return count * 3600;
  return std::nullopt;
}

std::string Seconds(long long seconds) {
  return std::to_string(seconds) + (seconds == 1 ? " second" : " seconds");
}

std::string OctalMode(unsigned mode) {
  std::string text = "0";
  for (int shift = 6; shift >= 0; shift -= 3)
    text += static_cast<char>('0' + ((mode >> shift) & 7));
  return text;
}

class MailSettingsReader {
 public:
  MailSettingsReader(std::string path, Reporter& reporter)
      : path_(std::move(path)), reporter_(reporter) {}

  MailSettings Read(const YamlNode& root) {
    MailSettings settings;
    settings.source = path_;
    if (!root.IsMap()) {
      reporter_.Error(root.pos,
                      "a mail settings file is a map with the keys mail, smtp and "
                      "from, not " +
                          Describe(root));
      return settings;
    }
    CheckKeys(
        root,
        {{"mail", true}, {"smtp", true}, {"from", true}, {"delivery", false}, {"base_url", false}},
        "the mail settings", reporter_);
    if (const YamlNode* version = root.Find("mail")) ReadVersion(*version);
    if (const YamlNode* smtp = root.Find("smtp")) ReadSmtp(*smtp, settings);
    if (const YamlNode* from = root.Find("from")) ReadFrom(*from, settings);
    if (const YamlNode* delivery = root.Find("delivery")) ReadDelivery(*delivery, settings);
    if (const YamlNode* base_url = root.Find("base_url")) ReadBaseUrl(*base_url, settings);
    return settings;
  }

 private:
  void ReadVersion(const YamlNode& node) {
    const std::optional<int> version =
        ReadInteger(node, "`mail` (the format version)", 1, reporter_);
    if (version && *version != 1) {
      reporter_.Error(node.pos, "`mail` is the settings format version and must be 1, not " +
                                    std::to_string(*version) + " (this equilens reads version 1)");
    }
  }

  void ReadSmtp(const YamlNode& smtp, MailSettings& settings) {
    if (!ExpectMap(smtp, "`smtp`", reporter_)) return;
    CheckKeys(smtp,
              {{"host", true},
               {"port", false},
               {"security", false},
               {"username", false},
               {"password_file", false},
               {"timeout", false}},
              "`smtp`", reporter_);
    const YamlNode* host = smtp.Find("host");
    bool host_ok = false;
    if (host != nullptr) {
      if (std::optional<std::string> text = ReadText(*host, "`smtp.host`", reporter_)) {
        host_ok = IsHostName(*text);
        if (host_ok) {
          settings.host = *text;
        } else {
          reporter_.Error(host->pos, "`smtp.host` '" + Shown(*text) +
                                         "' must be a host name or an IP address (letters, "
                                         "digits, '.' and '-', or an IPv6 address)");
        }
      }
    }
    const YamlNode* security = smtp.Find("security");
    if (security != nullptr) ReadSecurity(*security, settings);
    if (const YamlNode* port = smtp.Find("port")) {
      if (std::optional<int> value = ReadInteger(*port, "`smtp.port`", 0, reporter_)) {
        if (*value < 1 || *value > 65535) {
          reporter_.Error(port->pos, "`smtp.port` must be a port number from 1 to 65535, not " +
                                         std::to_string(*value));
        } else {
          settings.port = *value;
        }
      }
    } else if (settings.security == SmtpSecurity::kTls) {
      settings.port = 465;  // smtps
    } else if (settings.security == SmtpSecurity::kNone) {
      settings.port = 25;
    }
    if (security != nullptr && settings.security == SmtpSecurity::kNone && host_ok &&
        !IsLoopback(settings.host)) {
      reporter_.Error(security->pos,
                      "`smtp.security: none` with host '" + settings.host +
                          "' is refused: plain SMTP only to a loopback test sink (127.0.0.1, "
                          "localhost or ::1): credentials and mail would cross the network in "
                          "clear; use starttls or tls");
    }
    const YamlNode* username = smtp.Find("username");
    const YamlNode* password_file = smtp.Find("password_file");
    if (username != nullptr && password_file == nullptr) {
      reporter_.Error(username->key_pos,
                      "`smtp.username` needs `smtp.password_file` beside it: give both (to log "
                      "in) or neither (no AUTH)");
    } else if (password_file != nullptr && username == nullptr) {
      reporter_.Error(password_file->key_pos,
                      "`smtp.password_file` needs `smtp.username` beside it: give both (to log "
                      "in) or neither (no AUTH)");
    }
    if (username != nullptr) {
      if (std::optional<std::string> text = ReadText(*username, "`smtp.username`", reporter_)) {
        if (text->empty() || HasControl(*text)) {
          reporter_.Error(username->pos,
                          "`smtp.username` must be one line of text without control characters");
        } else {
          settings.username = *text;
        }
      }
    }
    if (password_file != nullptr) {
      if (std::optional<std::string> text =
              ReadText(*password_file, "`smtp.password_file`", reporter_)) {
        ReadPassword(*text, password_file->pos, settings);
      }
    }
    if (const YamlNode* timeout = smtp.Find("timeout")) {
      if (std::optional<long long> seconds =
              ReadDuration(*timeout, "`smtp.timeout`", 1, kMaxTimeoutSeconds)) {
        settings.timeout_seconds = static_cast<int>(*seconds);
      }
    }
  }

  void ReadSecurity(const YamlNode& node, MailSettings& settings) {
    std::optional<std::string> text = ReadText(node, "`smtp.security`", reporter_);
    if (!text) return;
    if (*text == "starttls") {
      settings.security = SmtpSecurity::kStartTls;
    } else if (*text == "tls") {
      settings.security = SmtpSecurity::kTls;
    } else if (*text == "none") {
      settings.security = SmtpSecurity::kNone;
    } else {
      const std::vector<std::string> names = {"starttls", "tls", "none"};
      reporter_.Error(node.pos, "unknown `smtp.security` '" + Shown(*text) + "'" +
                                    DidYouMean(*text, names) + "; write " + JoinNames(names));
    }
  }

  // The password file: present, a regular file, private to its owner, one line.
  void ReadPassword(const std::string& written, SourcePos pos, MailSettings& settings) {
    fs::path file(written);
    if (file.is_relative()) file = fs::path(path_).parent_path() / file;
    const std::string shown = file.string();
    struct stat info {};
    if (stat(shown.c_str(), &info) != 0) {
      const int error = errno;
      reporter_.Error(pos,
                      error == ENOENT
                          ? "password file " + shown + " (from `smtp.password_file`) does not exist"
                          : "cannot read password file " + shown + ": " + ErrnoText(error));
      return;
    }
    if (!S_ISREG(info.st_mode)) {
      reporter_.Error(pos, "password file " + shown + " is not a regular file");
      return;
    }
    const unsigned mode = static_cast<unsigned>(info.st_mode) & 0777;
    if ((mode & 077) != 0) {
      const char* who = (mode & 004) != 0   ? "readable by others"
                        : (mode & 040) != 0 ? "readable by its group"
                                            : "open to its group or others";
      reporter_.Error(pos, "password file " + shown + " is " + who + " (mode " + OctalMode(mode) +
                               "); chmod 600 it: it holds the SMTP password");
      return;
    }
    std::ifstream in(shown, std::ios::binary);
    if (!in) {
      reporter_.Error(pos, "cannot read password file " + shown + ": " + ErrnoText(errno));
      return;
    }
    std::string password(kMaxPasswordBytes + 1, '\0');
    in.read(password.data(), static_cast<std::streamsize>(password.size()));
    if (in.bad()) {
      reporter_.Error(pos, "cannot read password file " + shown + ": " + ErrnoText(errno));
      return;
    }
    password.resize(static_cast<std::size_t>(in.gcount()));
    if (password.size() > kMaxPasswordBytes) {
      reporter_.Error(pos, "password file " + shown + " is larger than " +
                               std::to_string(kMaxPasswordBytes) +
                               " bytes: it should hold the password alone");
      return;
    }
    if (!password.empty() && password.back() == '\n') password.pop_back();
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (password.empty()) {
      reporter_.Error(pos, "password file " + shown + " is empty: write the SMTP password in it");
    } else if (password.find_first_of("\r\n") != std::string::npos) {
      reporter_.Error(pos, "password file " + shown +
                               " has more than one line: it should hold the password alone");
    } else {
      settings.password = std::move(password);
    }
  }

  void ReadFrom(const YamlNode& from, MailSettings& settings) {
    if (!ExpectMap(from, "`from`", reporter_)) return;
    CheckKeys(from, {{"address", true}, {"name", false}}, "`from`", reporter_);
    if (const YamlNode* address = from.Find("address")) {
      if (std::optional<std::string> text = ReadText(*address, "`from.address`", reporter_)) {
        if (IsMailAddress(*text)) {
          settings.from_address = *text;
        } else {
          reporter_.Error(address->pos, "`from.address` '" + Shown(*text) +
                                            "' must be an address local@domain, without "
                                            "spaces, line breaks, '<' or '>'");
        }
      }
    }
    if (const YamlNode* name = from.Find("name")) {
      if (std::optional<std::string> text = ReadText(*name, "`from.name`", reporter_)) {
        if (HasControl(*text)) {
          reporter_.Error(name->pos,
                          "`from.name` must be one line of text, without line breaks or other "
                          "control characters");
        } else {
          settings.from_name = *text;
        }
      }
    }
  }

  void ReadDelivery(const YamlNode& delivery, MailSettings& settings) {
    if (!ExpectMap(delivery, "`delivery`", reporter_)) return;
    CheckKeys(delivery,
              {{"max_attempts", false},
               {"first_retry", false},
               {"max_retry", false},
               {"digest_time", false}},
              "`delivery`", reporter_);
    if (const YamlNode* attempts = delivery.Find("max_attempts")) {
      if (std::optional<int> value =
              ReadInteger(*attempts, "`delivery.max_attempts`", 0, reporter_)) {
        if (*value < 1 || *value > kMaxAttempts) {
          reporter_.Error(attempts->pos, "`delivery.max_attempts` must be from 1 to " +
                                             std::to_string(kMaxAttempts) + ", not " +
                                             std::to_string(*value));
        } else {
          settings.max_attempts = *value;
        }
      }
    }
    const YamlNode* first = delivery.Find("first_retry");
    const YamlNode* max = delivery.Find("max_retry");
    std::optional<long long> first_seconds, max_seconds;
    if (first != nullptr) {
      first_seconds = ReadDuration(*first, "`delivery.first_retry`", 1, kMaxRetrySeconds);
      if (first_seconds) settings.first_retry_seconds = static_cast<int>(*first_seconds);
    }
    if (max != nullptr) {
      max_seconds = ReadDuration(*max, "`delivery.max_retry`", 1, kMaxRetrySeconds);
      if (max_seconds) settings.max_retry_seconds = static_cast<int>(*max_seconds);
    }
    const bool first_ok = first == nullptr || first_seconds;
    const bool max_ok = max == nullptr || max_seconds;
    if (first_ok && max_ok && settings.max_retry_seconds < settings.first_retry_seconds) {
      const std::string rule =
          ": the wait doubles from `first_retry` up to `max_retry`, so `max_retry` must be at "
          "least `first_retry`";
      if (max != nullptr) {
        reporter_.Error(max->pos, "`delivery.max_retry` (" + Seconds(settings.max_retry_seconds) +
                                      ") is shorter than `delivery.first_retry` (" +
                                      Seconds(settings.first_retry_seconds) + ")" + rule);
      } else {
        reporter_.Error(first->pos,
                        "`delivery.first_retry` (" + Seconds(settings.first_retry_seconds) +
                            ") is longer than `delivery.max_retry` (" +
                            Seconds(settings.max_retry_seconds) + ", the default)" + rule);
      }
    }
    if (const YamlNode* digest = delivery.Find("digest_time")) {
      if (std::optional<std::string> text =
              ReadText(*digest, "`delivery.digest_time`", reporter_)) {
        if (IsTimeOfDay(*text)) {
          settings.digest_time = *text;
        } else {
          reporter_.Error(digest->pos,
                          "`delivery.digest_time` must be a time of day HH:MM (UTC), "
                          "00:00 to 23:59, not '" +
                              *text + "'");
        }
      }
    }
  }

  void ReadBaseUrl(const YamlNode& node, MailSettings& settings) {
    std::optional<std::string> text = ReadText(node, "`base_url`", reporter_);
    if (!text) return;
    std::string url = *text;
    if (!url.empty() && url.back() == '/') url.pop_back();  // links append "/path"
    const std::size_t scheme = url.rfind("https://", 0) == 0  ? 8
                               : url.rfind("http://", 0) == 0 ? 7
                                                              : 0;
    const bool ok = scheme > 0 && url.size() > scheme && url[scheme] != '/' && url.back() != '/' &&
                    url.find(' ') == std::string::npos && !HasControl(url);
    if (ok) {
      settings.base_url = std::move(url);
    } else {
      reporter_.Error(node.pos, "`base_url` '" + Shown(*text) +
                                    "' must be the address people open equilens at, starting "
                                    "with http:// or https://, such as "
                                    "https://equity.district.example");
    }
  }

  // A "N seconds" value from `min` to `max` seconds; reports and returns nullopt otherwise.
  std::optional<long long> ReadDuration(const YamlNode& node, const std::string& what,
                                        long long min, long long max) {
    const std::optional<long long> seconds = ParseDuration(node);
    if (!seconds) {
      reporter_.Error(node.pos, what +
                                    " must be a duration such as '30 seconds' (or minutes, "
                                    "hours), not " +
                                    Describe(node));
    } else if (*seconds < min || *seconds > max) {
      reporter_.Error(node.pos, what + " must be from " + Seconds(min) + " to " + Seconds(max) +
                                    ", not " + Seconds(*seconds));
    } else {
      return seconds;
    }
    return std::nullopt;
  }

  std::string path_;
  Reporter& reporter_;
};

}  // namespace

Result<MailSettings> LoadMailSettings(const std::string& path) {
  std::error_code error;
  if (!fs::exists(path, error)) return NotFound("no mail settings file at " + path);
  Result<DefinitionSource> source = ReadDefinitionFile(path);
  if (!source.ok()) return source.status();
  std::vector<Diagnostic> errors;
  Reporter reporter(path, errors);
  std::optional<YamlNode> root = ReadYamlTree(*source, reporter);
  if (!root && reporter.count() == 0) return InternalError("could not read " + path);
  MailSettings settings;
  if (root) settings = MailSettingsReader(path, reporter).Read(*root);
  if (reporter.count() == 0) return settings;
  std::string message = std::to_string(errors.size()) + " problem(s) in the mail settings " + path +
                        "; nothing was loaded:";
  for (const Diagnostic& diagnostic : errors) message += "\n  " + diagnostic.ToString();
  return InvalidInput(message);
}

}  // namespace equilens
