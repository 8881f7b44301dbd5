// Mail settings: how a district's equilens reaches its SMTP server to send notifications.
//
// A district writes them as a small YAML file (docs/examples/mail-settings.yaml). The loader
// checks it as strictly as a definition (unknown keys with a did-you-mean, every problem
// reported as FILE:LINE:COL) and reads the SMTP password from a separate file that only its
// owner may read, so that the settings file itself holds no secret.
//
// Thread-safety: LoadMailSettings is reentrant; MailSettings is a plain value.
#ifndef EQUILENS_MAIL_SETTINGS_H_
#define EQUILENS_MAIL_SETTINGS_H_

#include <string>

#include "equilens/status.h"

namespace equilens {

// How the SMTP connection is protected.
enum class SmtpSecurity {
  kStartTls,  // `starttls`: plain connect, then STARTTLS, required (refused if not offered)
  kTls,       // `tls`: implicit TLS from the first byte (smtps, usually port 465)
  kNone,      // `none`: plain SMTP; only to a loopback test sink (127.0.0.1, localhost, ::1)
};

struct MailSettings {
  std::string host;  // the SMTP server's name or address
  int port = 587;    // 1-65535; when the file gives none: 587, or 465 for `tls`, 25 for `none`
  SmtpSecurity security = SmtpSecurity::kStartTls;
  std::string username;          // AUTH user; empty = no AUTH
  std::string password;          // the contents of `password_file`, trailing newline stripped
  std::string from_address;      // envelope sender and From: "equity@district.example"
  std::string from_name;         // From: display name, "Equity Review"; may be empty
  int timeout_seconds = 30;      // connect, and the whole SMTP transaction; 1-600
  int max_attempts = 8;          // sends of one message before it is a permanent failure; 1-100
  int first_retry_seconds = 60;  // wait after the first transient failure; the wait doubles,
  int max_retry_seconds = 3600;  // ... up to this; >= first_retry_seconds
  std::string digest_time = "12:00";  // HH:MM, UTC: when the daily digests go out
  std::string base_url;  // "https://equity.district.example" (no trailing '/'); "" = no links
  std::string source;    // the path the settings were read from
};

// Reads and validates the mail settings file at `path` (format: docs/examples/
// mail-settings.yaml; a relative `password_file` is relative to the folder of `path`).
//
// Success: every field filled, defaults for what the file leaves out, `source` = `path`,
// `password` read from `password_file` (empty, with `username`, when neither is given).
// Failures:
//   not_found     `path` does not exist or cannot be opened (or is a folder).
//   invalid_input anything wrong in the file, all of it in one message, one line per problem
//                 as FILE:LINE:COL: message: YAML the definition loader would refuse too;
//                 unknown keys (with a did-you-mean); a missing `mail`, `smtp.host` or
//                 `from.address`; `mail` other than 1; a port outside 1-65535; an unknown
//                 `security`; `username` without `password_file` or the other way round;
//                 a password file that is missing, unreadable, empty, not one line, or
//                 readable or writable by group or others (mode & 077 != 0); a timeout
//                 outside 1-600 seconds; `max_attempts` outside 1-100; a retry wait under
//                 1 second or over 7 days, or `max_retry` shorter than `first_retry`; a
//                 `digest_time` that is not a real HH:MM; a `base_url` not starting with
//                 http:// or https://; a `from.address` that is not local@domain or holds
//                 spaces, CR, LF, '<' or '>'; a `from.name` with a line break or control
//                 character; `security: none` to a host other than a loopback one.
Result<MailSettings> LoadMailSettings(const std::string& path);

}  // namespace equilens

#endif  // EQUILENS_MAIL_SETTINGS_H_
