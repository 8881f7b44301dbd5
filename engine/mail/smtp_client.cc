// SendMail: one SMTP transaction through libcurl, and the outcome classified from the reply
// code (5xx permanent, 4xx transient) or, without a reply, from what went wrong on the way.
//
// libcurl reports the last reply code but not its text or the command it answered, so a
// debug callback keeps a transcript: the verb of each command sent (never its arguments:
// AUTH's carry the password) and the first failing reply, which is what the outbox logs.
#include "mail/smtp_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string_view>
#include <system_error>

namespace equilens {
namespace {

constexpr std::size_t kMaxDetail = 300;  // of a server's reply text, kept for the log

void InitCurlOnce() {
  static std::once_flag once;
  // curl_global_init is not thread-safe itself; once it has run, easy handles are.
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// strerror's text, thread-safely ("Connection refused").
std::string ErrnoText(int error) {
  return std::error_code(error, std::generic_category()).message();
}

int Byte(char c) { return static_cast<unsigned char>(c); }

bool HasLineBreak(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

bool IsLoopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

// Why `message` (with `settings`' sender) must not be sent, or "" when it may be.
std::string Refusal(const MailSettings& settings, const MailMessage& message) {
  struct Field {
    const char* name;
    const std::string& value;
  };
  const Field fields[] = {{"the recipient's address", message.to_address},
                          {"the recipient's name", message.to_name},
                          {"the subject", message.subject},
                          {"the Message-ID", message.message_id},
                          {"the date", message.date},
                          {"the sender's address", settings.from_address},
                          {"the sender's name", settings.from_name}};
  for (const Field& field : fields) {
    if (HasLineBreak(field.value)) {
      return std::string("refused before sending: ") + field.name +
             " contains a line break, which would inject a header";
    }
  }
  for (const Field& field : {fields[0], fields[5]}) {
    const std::string& address = field.value;
    const std::size_t at = address.find('@');
    bool printable = true;  // so that it may be quoted in the detail
    for (char c : address) printable = printable && Byte(c) >= 0x20 && Byte(c) < 0x7f;
    bool ok = printable && at != std::string::npos && at > 0 && at + 1 < address.size() &&
              address.find('@', at + 1) == std::string::npos && address.size() <= 254;
    for (char c : address) ok = ok && c != ' ' && c != '<' && c != '>';
    if (!ok) {
      return std::string("refused before sending: ") + field.name +
             (printable ? " '" + address + "'" : std::string()) +
             " is not an ASCII address local@domain (at most 254 characters, no spaces, "
             "'<' or '>')";
    }
  }
  if (settings.security == SmtpSecurity::kNone && !IsLoopback(settings.host)) {
    return "refused before sending: plain SMTP (security none) only to a loopback test sink, "
           "not to " +
           settings.host;
  }
  return "";
}

std::string HostPort(const MailSettings& settings) {
  const bool ipv6 = settings.host.find(':') != std::string::npos;
  return (ipv6 ? "[" + settings.host + "]" : settings.host) + ":" + std::to_string(settings.port);
}

struct Upload {
  std::string_view text;
  std::size_t sent = 0;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* data) {
  auto* upload = static_cast<Upload*>(data);
  const std::size_t n = std::min(size * count, upload->text.size() - upload->sent);
  std::memcpy(buffer, upload->text.data() + upload->sent, n);
  upload->sent += n;
  return n;
}

// What the debug callback saw of the SMTP conversation.
struct Transcript {
  std::string command;   // the verb of the last command sent: "RCPT TO", "DATA"
  bool in_body = false;  // DATA was answered 354: the next reply ends the message
  std::string failure;   // the first reply >= 400, as "550 5.1.1 ... (RCPT TO)"
  long failure_code = 0;
  std::string last_reply;  // the last reply line, for a success's detail
  long last_code = 0;      // the code of the last complete reply
};

std::string Trimmed(std::string_view line) {
  std::string text;
  for (char c : line) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7f) text += c;
  }
  if (text.size() > kMaxDetail) text = text.substr(0, kMaxDetail) + "...";
  return text;
}

// "MAIL FROM:<a@b>" -> "MAIL FROM"; "AUTH PLAIN AGVx..." -> "AUTH"; "DATA" -> "DATA".
std::string VerbOf(std::string_view line) {
  std::string upper;
  for (char c : line.substr(0, 10)) upper += static_cast<char>(std::toupper(Byte(c)));
  if (upper.rfind("MAIL FROM", 0) == 0) return "MAIL FROM";
  if (upper.rfind("RCPT TO", 0) == 0) return "RCPT TO";
  const std::size_t end = line.find_first_of(" \r\n");
  std::string verb;
  for (char c : line.substr(0, std::min(end, std::size_t{12}))) {
    verb += static_cast<char>(std::toupper(Byte(c)));
  }
  return verb;
}

int OnDebug(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  auto* transcript = static_cast<Transcript*>(user);
  const std::string_view text(data, size);
  if (type == CURLINFO_HEADER_OUT) {
    // A line answering a 334 challenge is AUTH's next step (it carries credentials).
    if (transcript->last_code != 334) transcript->command = VerbOf(text);
    transcript->in_body = false;
    return 0;
  }
  // Replies to QUIT (sent when the handle is cleaned up) say nothing about the message.
  if (type != CURLINFO_HEADER_IN || transcript->command == "QUIT") return 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string line = Trimmed(text.substr(start, end - start));
    start = end + 1;
    if (line.size() < 3) continue;
    transcript->last_reply = line;
    const bool final_line = line.size() == 3 || line[3] != '-';  // "250-..." continues
    if (!final_line) continue;
    const long code = std::strtol(line.substr(0, 3).c_str(), nullptr, 10);
    transcript->last_code = code;
    if (code >= 400 && transcript->failure_code == 0) {
      const std::string step = transcript->in_body           ? "end of DATA"
                               : transcript->command.empty() ? "greeting"
                                                             : transcript->command;
      transcript->failure = line + " (" + step + ")";
      transcript->failure_code = code;
    }
    if (code == 354) transcript->in_body = true;
  }
  return 0;
}

SendOutcome Classify(CURLcode code, long reply, long os_errno, const char* error_text,
                     const Transcript& transcript, const MailSettings& settings) {
  const std::string where = HostPort(settings);
  if (code == CURLE_OK) {
    return {SendResult::kSent, "accepted by " + where + ": " + transcript.last_reply};
  }
  // A reply code decides: the server said what it thinks of trying again.
  const long server_code = transcript.failure_code != 0 ? transcript.failure_code : reply;
  if (server_code >= 400 && server_code < 600) {
    std::string detail = transcript.failure.empty()
                             ? std::to_string(server_code) + " (" + transcript.command + ")"
                             : transcript.failure;
    return {server_code >= 500 ? SendResult::kPermanent : SendResult::kTransient,
            detail + " from " + where};
  }
  const std::string during =
      transcript.command.empty() ? "" : " (during " + transcript.command + ")";
  const std::string curl_text = error_text[0] != '\0' ? error_text : curl_easy_strerror(code);
  switch (code) {
    case CURLE_COULDNT_CONNECT:
      return {SendResult::kTransient,
              "could not connect to " + where + ": " +
                  (os_errno != 0 ? ErrnoText(static_cast<int>(os_errno)) : curl_text)};
    case CURLE_COULDNT_RESOLVE_HOST:
      return {SendResult::kTransient, "could not resolve the host name '" + settings.host + "'"};
    case CURLE_OPERATION_TIMEDOUT:
      return {SendResult::kTransient, "timed out after " +
                                          std::to_string(settings.timeout_seconds) + " s with " +
                                          where + during};
    case CURLE_USE_SSL_FAILED:
      return {SendResult::kTransient,
              where + " does not offer STARTTLS, which security starttls requires"};
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return {SendResult::kTransient, "TLS with " + where + " failed: " + curl_text};
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_NOT_BUILT_IN:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_UNKNOWN_OPTION:
      // The settings (or this libcurl) can never send it: no retry would help.
      return {SendResult::kPermanent, "cannot send through " + where + ": " + curl_text};
    default:
      return {SendResult::kTransient, where + ": " + curl_text + during};
  }
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

SendOutcome SendMail(const MailSettings& settings, const MailMessage& message) {
  if (std::string refusal = Refusal(settings, message); !refusal.empty()) {
    return {SendResult::kPermanent, refusal};
  }
  InitCurlOnce();
  const std::string text = FormatMessage(settings, message);
  Upload upload{text};
  Transcript transcript;
  char error_text[CURL_ERROR_SIZE] = "";
  const std::string url =
      std::string(settings.security == SmtpSecurity::kTls ? "smtps://" : "smtp://") +
      HostPort(settings);
  const std::string from = "<" + settings.from_address + ">";
  std::unique_ptr<curl_slist, ListDeleter> recipients(
      curl_slist_append(nullptr, ("<" + message.to_address + ">").c_str()));
  if (!recipients) return {SendResult::kTransient, "out of memory building the recipient list"};
  // Declared after everything the handle points to, so that it is cleaned up first: cleanup
  // may still talk to the server (QUIT) and call back into `transcript`.
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return {SendResult::kTransient, "could not start a libcurl handle"};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM for timeouts: other threads run
  curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(settings.timeout_seconds));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(settings.timeout_seconds));
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_text);
  switch (settings.security) {
    case SmtpSecurity::kStartTls:
      curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
      break;
    case SmtpSecurity::kTls:
      break;  // smtps:// is TLS from the first byte
    case SmtpSecurity::kNone:
      curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_NONE));
      break;
  }
  curl_easy_setopt(h, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
  if (!settings.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, settings.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, settings.password.c_str());
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  // The debug callback is how the transcript is kept; libcurl calls it only when verbose.
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, OnDebug);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &transcript);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  const CURLcode code = curl_easy_perform(h);
  long reply = 0;
  long os_errno = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
  curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
  return Classify(code, reply, os_errno, error_text, transcript, settings);
}

}  // namespace equilens
