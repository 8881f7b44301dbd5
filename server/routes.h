// The route table: every URL the server answers, who may reach it, and its handler.
//
// Dispatch (dispatch.cc) does, for every request, what no handler repeats: it finds the
// route, authenticates the session cookie, refuses a state-changing request without the
// session's CSRF token (form field `csrf` or header X-CSRF-Token), leases an Engine, runs the
// handler, maps an engine Status to a response (JSON under /api/, a page otherwise), and
// writes the access log line. GET and HEAD never change state.
#ifndef EQUILENS_SERVER_ROUTES_H_
#define EQUILENS_SERVER_ROUTES_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "equilens/engine.h"
#include "equilens/web_pages.h"
#include "server/http.h"
#include "server/server.h"

namespace equilens::server {

enum class Access {
  kPublic,    // sign-in page, invitation page, static files
  kSignedIn,  // everything else: no session = 401 (API) or a redirect to /signin (pages)
};

// What a handler works with besides the request.
struct RequestContext {
  Engine& engine;  // leased to this request alone
  const ServeOptions& options;
  const PageRenderer& pages;
  std::optional<SessionInfo> session;  // set for kSignedIn routes
  std::string session_token;           // the cookie's value, when signed in
  std::string flash;  // a notice carried across a redirect (a one-time cookie), shown once

  // The engine's CommandOptions for the signed-in user.
  CommandOptions As() const;
};

using Handler = std::function<Response(const Request&, RequestContext&)>;

struct Route {
  std::string method;   // "GET", "POST", "PATCH", "DELETE"
  std::string pattern;  // "/api/initiatives/:id/actions/:event"
  Access access = Access::kSignedIn;
  Handler handler;
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Access access, Handler handler);
  // The route for `method` and `path`, its ":name" parts filled into `params`; nullptr when
  // none matches. `path_exists` tells a 405 (another method matches) from a 404.
  const Route* Match(const std::string& method, const std::string& path,
                     std::map<std::string, std::string>& params, bool& path_exists) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// One HTTP status per engine error category (http_status.cc).
int HttpStatusFor(ErrorCategory category);
// The JSON error response for `status` ({"error": {"category", "message"}}).
Response ErrorJson(const Status& status);
// A server-level JSON error no engine category names: 401 "not_signed_in", 405, 413, 415
// (same shape as ErrorJson; `category` is the name the body carries).
Response ApiError(int http_status, const std::string& category, const std::string& message);
// An engine refusal as the client should see it: ErrorJson under /api/, else the error page
// (dispatch.cc) with the engine's message.
Response ErrorResponse(const Request& request, const RequestContext& context, const Status& status);

// Route families, one file each.
void AddSessionRoutes(Router& router);  // sign-in, sign-out, invitations (session_routes.cc)
void AddApiRoutes(Router& router);      // /api/... (api_*.cc)
void AddPageRoutes(Router& router);     // the web pages and /static/ (page_*.cc)

}  // namespace equilens::server

#endif  // EQUILENS_SERVER_ROUTES_H_
