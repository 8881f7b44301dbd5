// An HTTP client for the server tests: a cookie jar, the session's CSRF token sent on every
// state-changing request, and raw socket exchanges for requests no polite client would send.
// The only test file that includes cpp-httplib is http_client.cc.
#ifndef EQUILENS_TESTS_SUPPORT_HTTP_CLIENT_H_
#define EQUILENS_TESTS_SUPPORT_HTTP_CLIENT_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace equilens::testing {

struct HttpReply {
  int status = 0;  // 0 = no answer (connection refused, reset, timed out)
  std::string body;
  std::multimap<std::string, std::string> headers;  // names lower-cased

  std::string Header(const std::string& lower_name) const;  // the first; "" when absent
  std::vector<std::string> All(const std::string& lower_name) const;
};

// One field of a multipart/form-data upload; a file when `filename` is set.
struct MultipartField {
  std::string name;
  std::string content;
  std::string filename;
  std::string content_type;
};

class HttpClient {
 public:
  HttpClient(std::string host, int port);

  HttpReply Get(const std::string& path,
                const std::vector<std::pair<std::string, std::string>>& headers = {});
  // `method` with `body` of `content_type`; adds X-CSRF-Token when `csrf` is set.
  HttpReply Send(const std::string& method, const std::string& path, const std::string& body,
                 const std::string& content_type = "application/json",
                 const std::vector<std::pair<std::string, std::string>>& headers = {});
  HttpReply PostForm(const std::string& path,
                     const std::vector<std::pair<std::string, std::string>>& fields,
                     const std::vector<std::pair<std::string, std::string>>& headers = {});
  HttpReply PostMultipart(const std::string& path, const std::vector<MultipartField>& fields);

  // POST /api/session; on success keeps the session cookie and the CSRF token.
  HttpReply SignIn(const std::string& user, const std::string& password);

  // The cookie jar (Set-Cookie values are kept by name; Max-Age=0 removes one).
  std::string Cookie(const std::string& name) const;
  void SetCookie(const std::string& name, const std::string& value);
  void ClearCookies() { cookies_.clear(); }

  std::string csrf;  // sent as X-CSRF-Token on every request but GET when not empty

 private:
  void Remember(const HttpReply& reply);
  std::vector<std::pair<std::string, std::string>> HeadersFor(
      const std::string& method,
      const std::vector<std::pair<std::string, std::string>>& extra) const;

  std::string host_;
  int port_;
  std::map<std::string, std::string> cookies_;
};

// Sends `bytes` to 127.0.0.1:`port` and returns what came back before the server closed the
// connection or `timeout_ms` passed. With `close_after_send`, closes at once instead (a client
// that disconnects mid-request) and returns "".
std::string RawExchange(int port, const std::string& bytes, int timeout_ms = 3000,
                        bool close_after_send = false);

}  // namespace equilens::testing

#endif  // EQUILENS_TESTS_SUPPORT_HTTP_CLIENT_H_
