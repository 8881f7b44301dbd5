// Sending one e-mail over SMTP: the message's RFC 5322 text, and one delivery attempt through
// libcurl whose outcome says whether trying again later could help.
//
// This is the leaf the outbox calls; it knows nothing of retries or queues. Thread-safety:
// both functions are reentrant (each SendMail uses its own libcurl handle, no signals), and
// may run on any number of threads at once.
#ifndef EQUILENS_MAIL_SMTP_CLIENT_H_
#define EQUILENS_MAIL_SMTP_CLIENT_H_

#include <string>

#include "equilens/mail_settings.h"

namespace equilens {

struct MailMessage {
  std::string to_address;  // "lead@district.example"; ASCII, no spaces, '<', '>', CR or LF
  std::string to_name;     // display name, may be empty or non-ASCII; no CR or LF
  std::string subject;     // UTF-8, may be non-ASCII (sent as RFC 2047 =?UTF-8?B?...?=); no CR/LF
  std::string body;        // UTF-8 plain text, '\n' line ends (sent as CRLF; a last one added)
  // "<outbox-17.equilens@district.example>": stable per message, so that a resend is
  // recognisable as the same message. The caller supplies it; empty = no Message-ID header.
  std::string message_id;
  std::string date;  // an RFC 5322 date ("Tue, 03 Mar 2026 12:00:00 +0000"); empty = now
};

enum class SendResult {
  kSent,       // the server accepted the message for delivery
  kTransient,  // may succeed later: a 4xx reply, no connection, a timeout, a TLS failure
  kPermanent,  // will not succeed as it is: a 5xx reply, or a message refused before sending
};

struct SendOutcome {
  SendResult result = SendResult::kTransient;
  // What happened, for the outbox's log and the operator: the server's reply and the command
  // it answered ("550 5.1.1 mailbox unavailable (RCPT TO)"), or what failed around it
  // ("could not connect to 127.0.0.1:2525: Connection refused"). Never holds the password.
  std::string detail;
};

// Sends `message` from settings.from_address to message.to_address through the server in
// `settings`, in one SMTP transaction bounded by settings.timeout_seconds: STARTTLS required
// for kStartTls, implicit TLS (smtps) for kTls, plain for kNone; AUTH when settings.username
// is set; the server's certificate is verified for both TLS modes.
// Returns kSent when the server accepted the message (after the final "." of DATA);
// kPermanent without connecting when a header would be injected (CR or LF in the address,
// name, subject, Message-ID or date, or in the From settings), the address is not
// local@domain in ASCII, or kNone is asked for a host that is not loopback; kPermanent for a
// 5xx reply at any step (AUTH included); kTransient for a 4xx reply, a refused or failed
// connection, a timeout, a TLS handshake or certificate failure, or a server that does not
// offer STARTTLS. Never throws.
SendOutcome SendMail(const MailSettings& settings, const MailMessage& message);

// The message as SendMail uploads it (exposed for tests): CRLF line ends; headers Date,
// From, To, Subject, Message-ID (when given), MIME-Version, Content-Type: text/plain;
// charset=utf-8 and Content-Transfer-Encoding: 7bit for an ASCII body with lines of at most
// 998 octets, else quoted-printable (mostly-ASCII text) or base64; every line within 998
// octets, headers folded near 78. Non-ASCII names and subjects are RFC 2047 encoded words.
// Dot-stuffing is not applied here (libcurl does it while sending). Does not refuse
// anything, but never emits a header line break from its input: a CR or LF inside a header
// value becomes a space (SendMail refuses such a message before formatting it).
std::string FormatMessage(const MailSettings& settings, const MailMessage& message);

}  // namespace equilens

#endif  // EQUILENS_MAIL_SMTP_CLIENT_H_
