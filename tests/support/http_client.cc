// The server tests' HTTP client over cpp-httplib, and raw socket exchanges.
#include "support/http_client.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>

namespace equilens::testing {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

HttpReply ReplyOf(const httplib::Result& result) {
  HttpReply reply;
  if (!result) return reply;
  reply.status = result->status;
  reply.body = result->body;
  for (const auto& [name, value] : result->headers) reply.headers.emplace(Lower(name), value);
  return reply;
}

httplib::Headers ToHeaders(const std::vector<std::pair<std::string, std::string>>& headers) {
  httplib::Headers out;
  for (const auto& [name, value] : headers) out.emplace(name, value);
  return out;
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  static const char kHex[] = "0123456789ABCDEF";
  auto encode = [](const std::string& text) {
    std::string out;
    for (const unsigned char c : text) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        out.push_back(static_cast<char>(c));
      } else {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
    }
    return out;
  };
  std::string body;
  for (const auto& [name, value] : fields) {
    body += (body.empty() ? "" : "&") + encode(name) + "=" + encode(value);
  }
  return body;
}

}  // namespace

std::string HttpReply::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

std::vector<std::string> HttpReply::All(const std::string& lower_name) const {
  std::vector<std::string> values;
  auto [first, last] = headers.equal_range(lower_name);
  for (auto it = first; it != last; ++it) values.push_back(it->second);
  return values;
}

HttpClient::HttpClient(std::string host, int port) : host_(std::move(host)), port_(port) {}

std::vector<std::pair<std::string, std::string>> HttpClient::HeadersFor(
    const std::string& method,
    const std::vector<std::pair<std::string, std::string>>& extra) const {
  std::vector<std::pair<std::string, std::string>> headers = extra;
  if (!cookies_.empty()) {
    std::string cookie;
    for (const auto& [name, value] : cookies_) {
      cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
    }
    headers.emplace_back("Cookie", cookie);
  }
  if (method != "GET" && !csrf.empty()) headers.emplace_back("X-CSRF-Token", csrf);
  return headers;
}

void HttpClient::Remember(const HttpReply& reply) {
  for (const std::string& set_cookie : reply.All("set-cookie")) {
    const std::size_t equals = set_cookie.find('=');
    if (equals == std::string::npos) continue;
    const std::string name = set_cookie.substr(0, equals);
    const std::size_t end = set_cookie.find(';', equals);
    const std::string value = set_cookie.substr(equals + 1, end - equals - 1);
    if (value.empty() || set_cookie.find("Max-Age=0") != std::string::npos) {
      cookies_.erase(name);
    } else {
      cookies_[name] = value;
    }
  }
}

HttpReply HttpClient::Get(const std::string& path,
                          const std::vector<std::pair<std::string, std::string>>& headers) {
  httplib::Client client(host_, port_);
  client.set_read_timeout(30, 0);
  HttpReply reply = ReplyOf(client.Get(path.c_str(), ToHeaders(HeadersFor("GET", headers))));
  Remember(reply);
  return reply;
}

HttpReply HttpClient::Send(const std::string& method, const std::string& path,
                           const std::string& body, const std::string& content_type,
                           const std::vector<std::pair<std::string, std::string>>& headers) {
  httplib::Client client(host_, port_);
  client.set_read_timeout(30, 0);
  const httplib::Headers all = ToHeaders(HeadersFor(method, headers));
  httplib::Result result = [&] {
    if (method == "GET") return client.Get(path.c_str(), all);
    if (method == "POST") return client.Post(path.c_str(), all, body, content_type.c_str());
    if (method == "PUT") return client.Put(path.c_str(), all, body, content_type.c_str());
    if (method == "PATCH") return client.Patch(path.c_str(), all, body, content_type.c_str());
    if (method == "DELETE") return client.Delete(path.c_str(), all, body, content_type.c_str());
    return client.Options(path.c_str(), all);
  }();
  HttpReply reply = ReplyOf(result);
  Remember(reply);
  return reply;
}

HttpReply HttpClient::PostForm(const std::string& path,
                               const std::vector<std::pair<std::string, std::string>>& fields,
                               const std::vector<std::pair<std::string, std::string>>& headers) {
  return Send("POST", path, FormEncode(fields), "application/x-www-form-urlencoded", headers);
}

HttpReply HttpClient::PostMultipart(const std::string& path,
                                    const std::vector<MultipartField>& fields) {
  httplib::Client client(host_, port_);
  client.set_read_timeout(30, 0);
  httplib::MultipartFormDataItems items;
  for (const MultipartField& field : fields) {
    items.push_back({field.name, field.content, field.filename, field.content_type});
  }
  HttpReply reply = ReplyOf(client.Post(path.c_str(), ToHeaders(HeadersFor("POST", {})), items));
  Remember(reply);
  return reply;
}

HttpReply HttpClient::SignIn(const std::string& user, const std::string& password) {
  const std::string body = "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}";
  HttpReply reply = Send("POST", "/api/session", body);
  const std::string key = "\"csrf_token\":\"";
  const std::size_t at = reply.body.find(key);
  if (reply.status == 200 && at != std::string::npos) {
    csrf = reply.body.substr(at + key.size(), 64);
  }
  return reply;
}

std::string HttpClient::Cookie(const std::string& name) const {
  auto it = cookies_.find(name);
  return it == cookies_.end() ? "" : it->second;
}

void HttpClient::SetCookie(const std::string& name, const std::string& value) {
  cookies_[name] = value;
}

std::string RawExchange(int port, const std::string& bytes, int timeout_ms, bool close_after_send) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return "";
  }
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string received;
  if (!close_after_send) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    char buffer[4096];
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd poll_fd{fd, POLLIN, 0};
      const int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            deadline - std::chrono::steady_clock::now())
                                            .count());
      if (poll(&poll_fd, 1, std::max(left, 1)) <= 0) break;
      const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      received.append(buffer, static_cast<std::size_t>(n));
    }
  }
  close(fd);
  return received;
}

}  // namespace equilens::testing
