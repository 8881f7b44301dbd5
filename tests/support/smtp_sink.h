// A real SMTP server on loopback for the mail tests: tests/support/smtp_sink.py (aiosmtpd),
// started by the test that needs it and stopped when it ends, and what it received, parsed.
#ifndef EQUILENS_TESTS_SUPPORT_SMTP_SINK_H_
#define EQUILENS_TESTS_SUPPORT_SMTP_SINK_H_

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "support/process.h"

namespace equilens::testing {

// One message the sink accepted.
struct ReceivedMail {
  std::string mail_from;             // the envelope sender (MAIL FROM), without '<' '>'
  std::vector<std::string> rcpt_to;  // the accepted envelope recipients (RCPT TO)
  std::string auth_login;            // the user that logged in with AUTH; "" = none
  std::string helo;                  // the name the client gave in EHLO / HELO
  std::string raw;                   // the DATA as received (CRLF line ends, dots unstuffed)

  // The first header `name` (case-insensitive), unfolded, with RFC 2047 encoded words
  // decoded to UTF-8; "" when absent.
  std::string Header(const std::string& name) const;
  // The same, unfolded only: what was on the wire ("=?UTF-8?B?...?=").
  std::string RawHeader(const std::string& name) const;
  // The body after the blank line, its Content-Transfer-Encoding (quoted-printable, base64,
  // 7bit, 8bit) undone and CRLF turned into '\n'.
  std::string Body() const;
};

class SmtpSink {
 public:
  struct Options {
    std::vector<std::string> reject_rcpt;    // refused with 550 5.1.1 at RCPT TO
    std::vector<std::string> tempfail_rcpt;  // refused with 451 4.3.0 at RCPT TO
    std::string auth;                        // "user:pass": AUTH offered and required
  };

  // Starts the sink and waits (at most 10 s) for its "PORT <n>" line; a doctest FAIL with
  // the sink's stderr when it does not come up.
  explicit SmtpSink(const Options& options = {});
  ~SmtpSink();  // Stop()
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int port() const { return port_; }
  // Every message accepted so far, in the order accepted.
  std::vector<ReceivedMail> Messages() const;
  // How many SMTP connections were opened to the sink so far.
  int Connections() const;
  // Whether at least `count` messages have arrived within `timeout`.
  bool WaitFor(std::size_t count, std::chrono::milliseconds timeout) const;
  // Ends the sink (closes its stdin, SIGTERM, SIGKILL after 5 s). Idempotent. The messages
  // stay readable until the sink object is destroyed.
  void Stop();

 private:
  TempDir dir_;  // the messages, and the sink's stderr
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int port_ = 0;
};

// A loopback port that nothing listens on: bound on 127.0.0.1:0, read and closed. (Another
// process could take it later; for a "server down" test that is unlikely enough.)
int FreeClosedPort();

}  // namespace equilens::testing

#endif  // EQUILENS_TESTS_SUPPORT_SMTP_SINK_H_
