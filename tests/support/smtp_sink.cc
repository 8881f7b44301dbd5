// The SMTP sink's C++ side: fork/exec of smtp_sink.py, its PORT line, and reading back and
// decoding the messages it stored (headers unfolded, encoded words and bodies decoded).
#include "support/smtp_sink.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>
#include <thread>

namespace equilens::testing {
namespace {

constexpr std::chrono::seconds kStartTimeout{10};
constexpr std::chrono::seconds kStopTimeout{5};

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string DecodeBase64(std::string_view text) {
  std::string out;
  unsigned value = 0;
  int bits = 0;
  for (char c : text) {
    int digit = -1;
    if (c >= 'A' && c <= 'Z') digit = c - 'A';
    if (c >= 'a' && c <= 'z') digit = c - 'a' + 26;
    if (c >= '0' && c <= '9') digit = c - '0' + 52;
    if (c == '+') digit = 62;
    if (c == '/') digit = 63;
    if (digit < 0) continue;  // line breaks, padding
    value = value << 6 | static_cast<unsigned>(digit);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xFF);
    }
  }
  return out;
}

// Quoted-printable (RFC 2045 6.7); with `underscore_space`, the Q encoding of RFC 2047.
std::string DecodeQuoted(std::string_view text, bool underscore_space) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '_' && underscore_space) {
      out += ' ';
    } else if (c == '=' && i + 2 < text.size() && text.substr(i + 1, 2) == "\r\n") {
      i += 2;  // soft line break
    } else if (c == '=' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

// RFC 2047: "=?charset?B|Q?text?=" words decoded (the charset is taken to be UTF-8, which is
// all equilens writes), and the white space between two adjacent encoded words dropped.
std::string DecodeEncodedWords(const std::string& value) {
  std::string out;
  std::string pending_space;  // white space after an encoded word, dropped if another follows
  bool after_word = false;
  std::size_t i = 0;
  while (i < value.size()) {
    if (value.compare(i, 2, "=?") == 0) {
      const std::size_t charset_end = value.find('?', i + 2);
      const bool shape = charset_end != std::string::npos && charset_end + 2 < value.size() &&
                         value[charset_end + 2] == '?';
      const std::size_t end = shape ? value.find("?=", charset_end + 3) : std::string::npos;
      if (end != std::string::npos) {
        const char encoding = static_cast<char>(std::toupper(value[charset_end + 1]));
        const std::string_view text(value.data() + charset_end + 3, end - charset_end - 3);
        if (!after_word) out += pending_space;
        pending_space.clear();
        out += encoding == 'B' ? DecodeBase64(text) : DecodeQuoted(text, true);
        after_word = true;
        i = end + 2;
        continue;
      }
    }
    if (value[i] == ' ' || value[i] == '\t') {
      pending_space += value[i];
    } else {
      out += pending_space;
      pending_space.clear();
      out += value[i];
      after_word = false;
    }
    ++i;
  }
  return out + pending_space;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string ReceivedMail::RawHeader(const std::string& name) const {
  const std::size_t end = raw.find("\r\n\r\n");
  const std::string headers = raw.substr(0, end == std::string::npos ? raw.size() : end + 2);
  const std::string wanted = Lower(name) + ":";
  std::size_t start = 0;
  while (start < headers.size()) {
    std::size_t line_end = headers.find("\r\n", start);
    if (line_end == std::string::npos) line_end = headers.size();
    if (Lower(headers.substr(start, wanted.size())) == wanted) {
      std::string value = headers.substr(start + wanted.size(), line_end - start - wanted.size());
      // Continuation lines start with white space; unfolding drops only the CRLF.
      while (line_end + 2 < headers.size() &&
             (headers[line_end + 2] == ' ' || headers[line_end + 2] == '\t')) {
        const std::size_t next = headers.find("\r\n", line_end + 2);
        value += headers.substr(line_end + 2, next - line_end - 2);
        line_end = next;
      }
      const std::size_t first = value.find_first_not_of(" \t");
      return first == std::string::npos ? "" : value.substr(first);
    }
    start = line_end + 2;
  }
  return "";
}

std::string ReceivedMail::Header(const std::string& name) const {
  return DecodeEncodedWords(RawHeader(name));
}

std::string ReceivedMail::Body() const {
  const std::size_t end = raw.find("\r\n\r\n");
  if (end == std::string::npos) return "";
  std::string body = raw.substr(end + 4);
  const std::string encoding = Lower(RawHeader("Content-Transfer-Encoding"));
  if (encoding == "quoted-printable") body = DecodeQuoted(body, false);
  if (encoding == "base64") body = DecodeBase64(body);
  std::string text;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\r' && i + 1 < body.size() && body[i + 1] == '\n') continue;
    text += body[i];
  }
  return text;
}

SmtpSink::SmtpSink(const Options& options) {
  std::vector<std::string> args = {"/usr/bin/python3", SourceDir() + "/tests/support/smtp_sink.py",
                                   "--dir", dir_.path()};
  for (const std::string& address : options.reject_rcpt) {
    args.insert(args.end(), {"--reject-rcpt", address});
  }
  for (const std::string& address : options.tempfail_rcpt) {
    args.insert(args.end(), {"--tempfail-rcpt", address});
  }
  if (!options.auth.empty()) args.insert(args.end(), {"--auth", options.auth});
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  const std::string err_path = dir_.File("sink.stderr");
  int in_pipe[2], out_pipe[2];
  REQUIRE(pipe2(in_pipe, O_CLOEXEC) == 0);
  REQUIRE(pipe2(out_pipe, O_CLOEXEC) == 0);
  const int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  REQUIRE(err_fd >= 0);
  const pid_t pid = fork();
  if (pid == 0) {
    // dup2 clears close-on-exec on the copies; every other descriptor closes at exec.
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_fd, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_fd);
  stdin_fd_ = in_pipe[1];
  pid_ = pid;
  REQUIRE(pid > 0);

  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (out.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd fd = {out_pipe[0], POLLIN, 0};
    if (left.count() <= 0 || poll(&fd, 1, static_cast<int>(left.count())) <= 0) break;
    char buffer[256];
    const ssize_t n = read(out_pipe[0], buffer, sizeof buffer);
    if (n <= 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  close(out_pipe[0]);
  if (out.rfind("PORT ", 0) == 0) port_ = std::atoi(out.c_str() + 5);
  if (port_ <= 0) {
    Stop();
    FAIL("the SMTP sink (" << args[1] << ") did not print its PORT line within "
                           << kStartTimeout.count() << " s; stdout: '" << out << "'; stderr:\n"
                           << ReadAll(err_path));
  }
}

SmtpSink::~SmtpSink() { Stop(); }

void SmtpSink::Stop() {
  if (stdin_fd_ >= 0) {
    close(stdin_fd_);
    stdin_fd_ = -1;
  }
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + kStopTimeout;
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
}

std::vector<ReceivedMail> SmtpSink::Messages() const {
  std::vector<ReceivedMail> messages;
  for (int n = 1;; ++n) {
    const std::string base = dir_.File(std::to_string(n));
    if (!std::filesystem::exists(base + ".eml")) break;
    ReceivedMail mail;
    mail.raw = ReadAll(base + ".eml");
    const nlohmann::json envelope = nlohmann::json::parse(ReadAll(base + ".json"));
    mail.mail_from = envelope.at("mail_from").get<std::string>();
    mail.rcpt_to = envelope.at("rcpt_tos").get<std::vector<std::string>>();
    if (envelope.at("helo").is_string()) mail.helo = envelope.at("helo").get<std::string>();
    if (envelope.at("auth_login").is_string()) {
      mail.auth_login = envelope.at("auth_login").get<std::string>();
    }
    messages.push_back(std::move(mail));
  }
  return messages;
}

int SmtpSink::Connections() const {
  const std::string log = ReadAll(dir_.File("connections.log"));
  return static_cast<int>(std::count(log.begin(), log.end(), '\n'));
}

bool SmtpSink::WaitFor(std::size_t count, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (Messages().size() < count) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

int FreeClosedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  close(fd);
  REQUIRE(ok);
  return ntohs(address.sin_port);
}

}  // namespace equilens::testing
