// The server's own request and response: what every route handler sees. cpp-httplib stays
// in http_server.cc; nothing else in server/ includes it.
#ifndef EQUILENS_SERVER_HTTP_H_
#define EQUILENS_SERVER_HTTP_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace equilens::server {

// An uploaded file from a multipart/form-data body.
struct UploadedFile {
  std::string filename;
  std::string content_type;
  std::string content;
};

struct Request {
  std::string method;                              // "GET", "POST", "PATCH", "DELETE"
  std::string path;                                // "/initiatives/EQ-2026-0001", without the query
  std::map<std::string, std::string> path_params;  // from the route's ":name" parts
  std::vector<std::pair<std::string, std::string>> query;
  // application/x-www-form-urlencoded or multipart/form-data fields, in posted order.
  std::vector<std::pair<std::string, std::string>> form;
  std::map<std::string, UploadedFile> files;   // multipart file parts by field name
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;                            // raw body (JSON for /api/)
  std::string remote_addr;

  std::string Param(const std::string& name) const;  // path parameter; "" when absent
  std::string Query(const std::string& name) const;  // first value; "" when absent
  std::string Form(const std::string& name) const;   // first value; "" when absent
  std::vector<std::string> FormAll(const std::string& name) const;
  std::string Header(const std::string& lower_name) const;
  std::string Cookie(const std::string& name) const;  // from the Cookie header
  bool IsApi() const { return path.rfind("/api/", 0) == 0; }
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, ...)

  static Response Json(int status, std::string body);
  static Response Html(int status, std::string body);
  static Response Redirect(const std::string& location);  // 303 See Other (after a POST)
  // A 303 that shows `notice` once on the next page (a short-lived HttpOnly cookie).
  static Response RedirectWithNotice(const std::string& location, const std::string& notice);
};

}  // namespace equilens::server

#endif  // EQUILENS_SERVER_HTTP_H_
