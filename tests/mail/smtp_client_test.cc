// SendMail against a real SMTP server (tests/support/smtp_sink.py on loopback, one per test):
// what arrives is what was sent (envelope, headers, UTF-8 text, dot-stuffing), and each way
// a send can fail is classified as permanent or transient, with the reason in its detail.
#include "mail/smtp_client.h"

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "support/smtp_sink.h"

namespace equilens {
namespace {

using testing::FreeClosedPort;
using testing::ReceivedMail;
using testing::SmtpSink;
using namespace std::chrono_literals;

MailSettings SinkSettings(int port) {
  MailSettings settings;
  settings.host = "127.0.0.1";
  settings.port = port;
  settings.security = SmtpSecurity::kNone;
  settings.from_address = "equity@district.example";
  settings.from_name = "Equity Review";
  settings.timeout_seconds = 10;
  return settings;
}

MailMessage Message() {
  MailMessage message;
  message.to_address = "lead@district.example";
  message.to_name = "Pat Lead";
  message.subject = "EQ-2026-0007 is waiting for your sign-off";
  message.body = "Hello Pat,\n\nEQ-2026-0007 is waiting for you.\n";
  message.message_id = "<outbox-17.equilens@district.example>";
  message.date = "Tue, 03 Mar 2026 12:00:00 +0000";
  return message;
}

const char* ResultName(SendResult result) {
  switch (result) {
    case SendResult::kSent:
      return "sent";
    case SendResult::kTransient:
      return "transient";
    case SendResult::kPermanent:
      return "permanent";
  }
  return "?";
}

// The longest line of `raw`, without its CRLF.
std::size_t LongestLine(const std::string& raw) {
  std::size_t longest = 0;
  for (std::size_t start = 0; start < raw.size();) {
    std::size_t end = raw.find("\r\n", start);
    if (end == std::string::npos) end = raw.size();
    longest = std::max(longest, end - start);
    start = end + 2;
  }
  return longest;
}

// Whether `date` reads "Www, DD Mmm YYYY HH:MM:SS +0000", as FormatMessage writes it.
bool IsRfc5322Date(const std::string& date) {
  const std::string shape = "Www, 00 Mmm 0000 00:00:00 +0000";
  if (date.size() != shape.size()) return false;
  const std::string days = "Mon Tue Wed Thu Fri Sat Sun";
  const std::string months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec";
  if (days.find(date.substr(0, 3)) % 4 != 0 || months.find(date.substr(8, 3)) % 4 != 0) {
    return false;
  }
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == '0' && !std::isdigit(static_cast<unsigned char>(date[i]))) return false;
    if (shape[i] != '0' && shape[i] != 'W' && shape[i] != 'w' && shape[i] != 'M' &&
        shape[i] != 'm' && shape[i] != date[i]) {
      return false;
    }
  }
  return true;
}

// Sends and requires kSent; returns the one message the sink then holds.
ReceivedMail SendAndReceive(const MailSettings& settings, const MailMessage& message,
                            const SmtpSink& sink) {
  const SendOutcome outcome = SendMail(settings, message);
  INFO("outcome: " << ResultName(outcome.result) << ": " << outcome.detail);
  REQUIRE(outcome.result == SendResult::kSent);
  REQUIRE(sink.WaitFor(1, 5s));
  const std::vector<ReceivedMail> received = sink.Messages();
  REQUIRE(received.size() == 1);
  return received[0];
}

TEST_CASE("mail: a message arrives with its envelope, headers and UTF-8 text intact") {
  SmtpSink sink;
  MailSettings settings = SinkSettings(sink.port());
  settings.from_name = "Revisión de Equidad";
  MailMessage message = Message();
  message.to_name = "María Niñez-Ortiz";
  message.subject = "Evaluación de equidad: «Niñez y familias» — EQ-2026-0007 espera su firma";
  message.body =
      "Hola María,\n"
      "\n"
      "La evaluación de Niñez y familias está lista.\n"
      ".\n"
      ".. empieza con dos puntos\n"
      "tab\tand trailing space \n"
      "= signs = kept\n"
      "Fin.\n";
  const SendOutcome outcome = SendMail(settings, message);
  INFO(outcome.detail);
  REQUIRE(outcome.result == SendResult::kSent);
  CHECK(outcome.detail.find("accepted by 127.0.0.1:" + std::to_string(sink.port()) + ": 250") == 0);
  REQUIRE(sink.WaitFor(1, 5s));
  const ReceivedMail mail = sink.Messages().at(0);
  INFO(mail.raw);
  CHECK(mail.mail_from == "equity@district.example");
  CHECK(mail.rcpt_to == std::vector<std::string>{"lead@district.example"});
  CHECK(mail.Header("Date") == message.date);
  CHECK(mail.Header("From") == "Revisión de Equidad <equity@district.example>");
  CHECK(mail.Header("To") == "María Niñez-Ortiz <lead@district.example>");
  CHECK(mail.Header("Subject") == message.subject);
  CHECK(mail.RawHeader("Subject").rfind("=?UTF-8?B?", 0) == 0);
  CHECK(mail.Header("Message-ID") == "<outbox-17.equilens@district.example>");
  CHECK(mail.Header("MIME-Version") == "1.0");
  CHECK(mail.Header("Content-Type") == "text/plain; charset=utf-8");
  CHECK(mail.Header("Content-Transfer-Encoding") == "quoted-printable");
  CHECK(mail.Body() == message.body);
  CHECK(LongestLine(mail.raw) <= 78);
  // The headers come in this order, Date first.
  std::size_t previous = 0;
  for (const char* name : {"Date:", "From:", "To:", "Subject:", "Message-ID:", "MIME-Version:",
                           "Content-Type:", "Content-Transfer-Encoding:"}) {
    const std::size_t at = previous == 0 && mail.raw.rfind(name, 0) == 0
                               ? 0
                               : mail.raw.find(std::string("\r\n") + name);
    CHECK_MESSAGE(at != std::string::npos, name);
    CHECK_MESSAGE((at >= previous), name);
    previous = at;
  }
}

TEST_CASE("mail: an ASCII message goes as 7bit, and lines starting with a dot survive") {
  SmtpSink sink;
  MailMessage message = Message();
  message.body = ".\n.hidden line\n..two dots\nend without a line end";
  const ReceivedMail mail = SendAndReceive(SinkSettings(sink.port()), message, sink);
  CHECK(mail.Header("Content-Transfer-Encoding") == "7bit");
  CHECK(mail.Header("Subject") == message.subject);
  CHECK(mail.RawHeader("Subject") == message.subject);  // plain ASCII stays plain
  CHECK(mail.Header("From") == "Equity Review <equity@district.example>");
  CHECK(mail.Header("To") == "Pat Lead <lead@district.example>");
  CHECK(mail.Body() == message.body + "\n");  // a last line end is added
}

TEST_CASE("mail: mostly non-ASCII text goes as base64 and long subjects fold") {
  SmtpSink sink;
  MailMessage message = Message();
  message.to_name = "";
  message.subject =
      "Оценка воздействия на равенство: 学校交通路线调整 — "
      "Оценка воздействия на равенство готова к подписи";
  message.body = "Здравствуйте!\nОценка воздействия на равенство готова.\n学校交通路线调整。\n";
  const ReceivedMail mail = SendAndReceive(SinkSettings(sink.port()), message, sink);
  INFO(mail.raw);
  CHECK(mail.Header("Content-Transfer-Encoding") == "base64");
  CHECK(mail.Body() == message.body);
  CHECK(mail.Header("Subject") == message.subject);
  CHECK(mail.RawHeader("Subject").find("?= =?UTF-8?B?") != std::string::npos);  // several words
  CHECK(mail.Header("To") == "lead@district.example");
  CHECK(LongestLine(mail.raw) <= 76);
}

TEST_CASE("mail: long lines are kept within the limits and come back whole") {
  SmtpSink sink;
  MailMessage message = Message();
  std::string subject;
  for (int i = 0; i < 30; ++i) subject += "word" + std::to_string(i) + " ";
  message.subject = subject + "end";
  message.to_name = "Lead, \"Pat\" (Transportation)";
  message.body = std::string(2500, 'x') + "\nshort\n";
  const ReceivedMail mail = SendAndReceive(SinkSettings(sink.port()), message, sink);
  INFO(mail.raw);
  CHECK(mail.Header("Subject") == message.subject);
  CHECK(mail.raw.find("word") < mail.raw.find("\r\n word"));  // folded at a space
  CHECK(mail.Header("To") == "\"Lead, \\\"Pat\\\" (Transportation)\" <lead@district.example>");
  CHECK(mail.Header("Content-Transfer-Encoding") == "quoted-printable");  // 7bit allows 998
  CHECK(mail.Body() == message.body);
  CHECK(LongestLine(mail.raw) <= 78);
}

TEST_CASE("mail: a 550 for the recipient is permanent and names the reply") {
  SmtpSink::Options options;
  options.reject_rcpt = {"gone@district.example"};
  SmtpSink sink(options);
  MailMessage message = Message();
  message.to_address = "gone@district.example";
  const SendOutcome outcome = SendMail(SinkSettings(sink.port()), message);
  INFO(outcome.detail);
  CHECK(outcome.result == SendResult::kPermanent);
  CHECK(outcome.detail.find("550 5.1.1 mailbox unavailable (RCPT TO)") == 0);
  CHECK(sink.Messages().empty());
}

TEST_CASE("mail: a 451 for the recipient is transient") {
  SmtpSink::Options options;
  options.tempfail_rcpt = {"busy@district.example"};
  SmtpSink sink(options);
  MailMessage message = Message();
  message.to_address = "busy@district.example";
  const SendOutcome outcome = SendMail(SinkSettings(sink.port()), message);
  INFO(outcome.detail);
  CHECK(outcome.result == SendResult::kTransient);
  CHECK(outcome.detail.find("451 4.3.0") == 0);
  CHECK(outcome.detail.find("(RCPT TO)") != std::string::npos);
  CHECK(sink.Messages().empty());
}

TEST_CASE("mail: nothing listening is transient") {
  const int port = FreeClosedPort();
  const SendOutcome outcome = SendMail(SinkSettings(port), Message());
  INFO(outcome.detail);
  CHECK(outcome.result == SendResult::kTransient);
  CHECK(outcome.detail ==
        "could not connect to 127.0.0.1:" + std::to_string(port) + ": Connection refused");
}

TEST_CASE("mail: a server that never answers times out, transiently") {
  // A listening socket nobody accepts on: the kernel completes the handshake, and the
  // greeting never comes.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(listen(fd, 4) == 0);
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  MailSettings settings = SinkSettings(ntohs(address.sin_port));
  settings.timeout_seconds = 1;
  const SendOutcome outcome = SendMail(settings, Message());
  close(fd);
  INFO(outcome.detail);
  CHECK(outcome.result == SendResult::kTransient);
  CHECK(outcome.detail.find("timed out after 1 s with 127.0.0.1:") == 0);
}

TEST_CASE("mail: a header injection is permanent and nothing reaches the server") {
  SmtpSink sink;
  const MailSettings settings = SinkSettings(sink.port());
  std::vector<MailMessage> attempts(5, Message());
  attempts[0].to_address = "lead@district.example\r\nBcc: all@district.example";
  attempts[1].to_name = "Pat\nBcc: all@district.example";
  attempts[2].subject = "Sign-off\r\nBcc: all@district.example";
  attempts[3].message_id = "<x@y>\nBcc: all@district.example";
  attempts[4].to_address = "<lead@district.example>";
  for (const MailMessage& message : attempts) {
    const SendOutcome outcome = SendMail(settings, message);
    INFO(outcome.detail);
    CHECK(outcome.result == SendResult::kPermanent);
    CHECK(outcome.detail.find("refused before sending") == 0);
  }
  CHECK(sink.Connections() == 0);
  CHECK(sink.Messages().empty());
  // FormatMessage alone never emits the line break either.
  const std::string text = FormatMessage(settings, attempts[2]);
  CHECK(text.find("\r\nBcc:") == std::string::npos);
  CHECK(text.find("\nBcc:") == std::string::npos);
}

TEST_CASE("mail: plain SMTP to a host that is not loopback is refused without connecting") {
  MailSettings settings = SinkSettings(25);
  settings.host = "192.0.2.1";  // TEST-NET-1: nothing would answer anyway
  const SendOutcome outcome = SendMail(settings, Message());
  CHECK(outcome.result == SendResult::kPermanent);
  CHECK(outcome.detail.find("only to a loopback test sink") != std::string::npos);
}

TEST_CASE("mail: AUTH logs in with the settings' user; a wrong password is permanent") {
  SmtpSink::Options options;
  options.auth = "equilens:s3cret";
  SmtpSink sink(options);
  MailSettings settings = SinkSettings(sink.port());
  settings.username = "equilens";
  settings.password = "wrong";
  const SendOutcome denied = SendMail(settings, Message());
  INFO(denied.detail);
  CHECK(denied.result == SendResult::kPermanent);
  CHECK(denied.detail.find("535") == 0);
  CHECK(denied.detail.find("(AUTH)") != std::string::npos);
  CHECK(denied.detail.find("wrong") == std::string::npos);  // never the password

  settings.password = "s3cret";
  const ReceivedMail mail = SendAndReceive(settings, Message(), sink);
  CHECK(mail.auth_login == "equilens");

  settings.username.clear();  // the sink requires AUTH: 530 at MAIL FROM
  const SendOutcome anonymous = SendMail(settings, Message());
  INFO(anonymous.detail);
  CHECK(anonymous.result == SendResult::kPermanent);
  CHECK(anonymous.detail.find("530") == 0);
  CHECK(anonymous.detail.find("(MAIL FROM)") != std::string::npos);
}

TEST_CASE("mail: TLS that cannot be had is transient") {
  SmtpSink sink;
  MailSettings settings = SinkSettings(sink.port());
  settings.host = "localhost";
  settings.security = SmtpSecurity::kStartTls;  // the sink offers no STARTTLS
  const SendOutcome no_starttls = SendMail(settings, Message());
  INFO(no_starttls.detail);
  CHECK(no_starttls.result == SendResult::kTransient);
  CHECK(no_starttls.detail.find("does not offer STARTTLS") != std::string::npos);

  settings.security = SmtpSecurity::kTls;  // a plain server answers the TLS hello
  const SendOutcome no_tls = SendMail(settings, Message());
  INFO(no_tls.detail);
  CHECK(no_tls.result == SendResult::kTransient);
  CHECK(no_tls.detail.find("TLS with localhost:") == 0);
  CHECK(sink.Messages().empty());
}

TEST_CASE("mail: sends from several threads at once each arrive") {
  SmtpSink sink;
  const MailSettings settings = SinkSettings(sink.port());
  constexpr int kThreads = 4;
  constexpr int kEach = 3;
  std::vector<SendResult> results(kThreads * kEach, SendResult::kTransient);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        MailMessage message = Message();
        message.message_id = "<outbox-" + std::to_string(t * kEach + i) + ".equilens@x>";
        results[t * kEach + i] = SendMail(settings, message).result;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (SendResult result : results) CHECK(result == SendResult::kSent);
  REQUIRE(sink.WaitFor(kThreads * kEach, 5s));
  std::vector<std::string> ids;
  for (const ReceivedMail& mail : sink.Messages()) ids.push_back(mail.Header("Message-ID"));
  std::sort(ids.begin(), ids.end());
  CHECK(std::unique(ids.begin(), ids.end()) == ids.end());
}

TEST_CASE("mail: FormatMessage dates a message without a date, in RFC 5322 form") {
  MailMessage message = Message();
  message.date.clear();
  message.message_id.clear();
  const std::string text = FormatMessage(SinkSettings(25), message);
  REQUIRE(text.rfind("Date: ", 0) == 0);
  const std::string date = text.substr(6, text.find("\r\n") - 6);
  CHECK_MESSAGE(IsRfc5322Date(date), date);
  CHECK(text.find("Message-ID:") == std::string::npos);  // none given, none written
  CHECK(text.find("\r\n\r\nHello Pat,\r\n\r\nEQ-2026-0007") != std::string::npos);
}

}  // namespace
}  // namespace equilens
