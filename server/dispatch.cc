// Dispatch: route, session, CSRF, engine lease, handler, error mapping, security headers and
// the access log line; what no handler repeats. Nothing thrown by a handler leaves here.
#include "server/dispatch.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <exception>

#include "server/http_util.h"

namespace equilens::server {
namespace {

// Every response: no framing, no sniffing, no inline script or style, no referrer leak.
constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'";

bool ChangesState(const std::string& method) { return method != "GET" && method != "HEAD"; }

bool HasHeader(const Response& response, const std::string& name, const std::string& prefix) {
  for (const auto& [key, value] : response.headers) {
    if (key == name && value.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

// The path as the log shows it: a route's ":token" part (an invitation's secret) is hidden,
// and control characters cannot forge a second log line.
std::string LoggedPath(const Request& request) {
  std::string path = request.path.substr(0, 300);
  auto token = request.path_params.find("token");
  if (token != request.path_params.end() && !token->second.empty()) {
    const std::size_t at = path.find(UrlEncode(token->second));
    if (at != std::string::npos) path.replace(at, UrlEncode(token->second).size(), "-");
    const std::size_t raw = path.find(token->second);
    if (raw != std::string::npos) path.replace(raw, token->second.size(), "-");
  }
  for (char& c : path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return path.empty() ? "-" : path;
}

std::string AllowedMethods(const Router& router, const std::string& path) {
  std::string allowed;
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
    std::map<std::string, std::string> params;
    bool exists = false;
    if (router.Match(method, path, params, exists) != nullptr) {
      allowed += (allowed.empty() ? "" : ", ") + std::string(method);
    }
  }
  return allowed;
}

// Where a signed-out browser goes to sign in and come back.
Response SignInRedirect(const Request& request) {
  std::string back = request.path;
  if (!request.query.empty()) {
    back += "?";
    for (std::size_t i = 0; i < request.query.size(); ++i) {
      back += (i ? "&" : "") + UrlEncode(request.query[i].first) + "=" +
              UrlEncode(request.query[i].second);
    }
  }
  if (ChangesState(request.method) || back == "/") return Response::Redirect("/signin");
  return Response::Redirect("/signin?next=" + UrlEncode(back));
}

}  // namespace

Response ErrorPageResponse(const PageRenderer& pages, const std::optional<SessionInfo>& session,
                           int status, const std::string& message) {
  PageFrame frame;
  if (session) {
    frame.user = session->user;
    frame.may = session->may;
    frame.csrf_token = session->csrf_token;
  }
  frame.title = status == 404   ? "Not found"
                : status == 403 ? "Not allowed"
                                : "Something went wrong";
  Result<std::string> page = pages.ErrorPage(frame, status, message);
  if (page.ok()) return Response::Html(status, *page);
  Response plain;
  plain.status = status;
  plain.content_type = "text/plain; charset=utf-8";
  plain.body = message + "\n";
  return plain;
}

Response ErrorResponse(const Request& request, const RequestContext& context,
                       const Status& status) {
  if (request.IsApi()) return ErrorJson(status);
  if (status.category() == ErrorCategory::kInternal) {
    ErrorJson(status);  // logs the cause; the page names nothing internal
    return ErrorPageResponse(context.pages, context.session, 500,
                             "The server could not complete this request.");
  }
  return ErrorPageResponse(context.pages, context.session, HttpStatusFor(status.category()),
                           status.message());
}

CommandOptions RequestContext::As() const {
  CommandOptions options;
  if (session) options.user = session->user.name;
  return options;
}

Dispatcher::Dispatcher(const ServeOptions& options, const Router& router, const PageRenderer& pages,
                       EnginePool& engines, GroupCommitter* committer,
                       std::shared_ptr<spdlog::logger> access_log)
    : options_(options),
      router_(router),
      pages_(pages),
      engines_(engines),
      committer_(committer),
      access_log_(std::move(access_log)),
      id_prefix_(RandomHex32().substr(0, 8)) {}

double Dispatcher::NowMs() {
  using std::chrono::steady_clock;
  return std::chrono::duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

std::string Dispatcher::NextRequestId() {
  char number[24];
  std::snprintf(number, sizeof number, "%06llx",
                static_cast<unsigned long long>(next_id_.fetch_add(1)));
  return id_prefix_ + "-" + number;
}

Response Dispatcher::Handle(Request& request) {
  const double started = NowMs();
  std::string user;
  Response response;
  try {
    response = Route(request, user);
  } catch (const std::exception& e) {
    if (auto log = spdlog::get("server")) log->error("handler threw: {}", e.what());
    response = request.IsApi() ? ErrorJson(InternalError(e.what()))
                               : ErrorPageResponse(pages_, std::nullopt, 500,
                                                   "The server could not complete this request.");
  } catch (...) {
    if (auto log = spdlog::get("server")) log->error("handler threw a non-standard exception");
    response = request.IsApi() ? ErrorJson(InternalError("unknown exception"))
                               : ErrorPageResponse(pages_, std::nullopt, 500,
                                                   "The server could not complete this request.");
  }
  return Finish(request, std::move(response), user, started);
}

Response Dispatcher::Route(Request& request, std::string& user) {
  bool path_exists = false;
  const server::Route* route =
      router_.Match(request.method, request.path, request.path_params, path_exists);
  if (route == nullptr) {
    if (path_exists) {
      const std::string allowed = AllowedMethods(router_, request.path);
      Response refused =
          ApiError(405, "usage",
                   request.method + " is not allowed on " + request.path + "; allowed: " + allowed);
      if (!request.IsApi()) {
        refused = ErrorPageResponse(pages_, std::nullopt, 405,
                                    "That address takes no " + request.method + " request.");
      }
      refused.headers.emplace_back("Allow", allowed);
      return refused;
    }
    if (request.IsApi()) return ApiError(404, "not_found", "no route " + request.path);
    return ErrorPageResponse(pages_, std::nullopt, 404, "There is no page at this address.");
  }

  Result<EnginePool::Lease> lease = engines_.Acquire();
  if (!lease.ok()) {
    if (request.IsApi()) return ErrorJson(lease.status());
    ErrorJson(lease.status());  // logs it
    return ErrorPageResponse(pages_, std::nullopt, 500,
                             "The server could not complete this request.");
  }
  RequestContext context{lease->engine(), options_, pages_, std::nullopt, "", ""};
  const std::string flash = request.Cookie(kFlashCookie);
  if (!flash.empty()) context.flash = UrlDecode(flash, false);

  std::vector<std::pair<std::string, std::string>> extra_headers;
  if (route->access == Access::kSignedIn) {
    const std::string token = request.Cookie(kSessionCookie);
    std::optional<Status> failure;
    if (token.empty()) {
      failure = Forbidden("no session");
    } else {
      Result<SessionInfo> session = context.engine.Authenticate(token, options_.sessions);
      if (session.ok()) {
        context.session = std::move(*session);
        context.session_token = token;
        user = context.session->user.name;
      } else if (session.status().category() == ErrorCategory::kForbidden) {
        failure = session.status();
        // The browser holds a session that ended: forget it.
        extra_headers.emplace_back("Set-Cookie",
                                   SetCookie(kSessionCookie, "", options_.secure_cookies, 0));
      } else {
        return ErrorResponse(request, context, session.status());
      }
    }
    if (failure) {
      Response refused = request.IsApi()
                             ? ApiError(401, "not_signed_in",
                                        "sign in first (POST /api/session); your session has "
                                        "ended or there is none")
                             : SignInRedirect(request);
      for (auto& header : extra_headers) refused.headers.push_back(header);
      return refused;
    }
    if (ChangesState(request.method)) {
      std::string sent = request.Header("x-csrf-token");
      if (sent.empty()) sent = request.Form("csrf");
      if (!SecretsEqual(sent, context.session->csrf_token)) {
        const std::string why =
            "this request needs the session's CSRF token (header X-CSRF-Token or form field "
            "csrf); it was missing or wrong";
        if (request.IsApi()) return ApiError(403, "forbidden", why);
        return ErrorPageResponse(pages_, context.session, 403,
                                 "This form has expired. Go back, reload the page and try again.");
      }
    }
  }

  Response response;
  if (committer_ != nullptr && context.session && ChangesState(request.method)) {
    response = RunGrouped(*route, request, context);
  } else {
    try {
      response = route->handler(request, context);
    } catch (...) {
      lease->Discard();  // an engine mid-call when it threw is not trusted again
      throw;
    }
  }
  for (auto& header : extra_headers) response.headers.push_back(header);
  // A notice is spent once a page has shown it.
  if (!flash.empty() && response.status == 200 &&
      response.content_type.rfind("text/html", 0) == 0 &&
      !HasHeader(response, "Set-Cookie", std::string(kFlashCookie) + "=")) {
    response.headers.emplace_back("Set-Cookie", SetCookie(kFlashCookie, "", false, 0));
  }
  if (context.session) response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

Response Dispatcher::RunGrouped(const server::Route& route, const Request& request,
                                const RequestContext& context) {
  Response response;
  const Status durable = committer_->Run([&](Engine& writer) {
    RequestContext on_writer{writer,          context.options,       context.pages,
                             context.session, context.session_token, context.flash};
    response = route.handler(request, on_writer);
  });
  // The handler's answer stands only if what it recorded was kept.
  if (!durable.ok()) return ErrorResponse(request, context, durable);
  return response;
}

Response Dispatcher::Finish(const Request& request, Response response, const std::string& user,
                            double started_ms) {
  const std::string request_id = NextRequestId();
  auto& headers = response.headers;
  headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
  headers.emplace_back("X-Content-Type-Options", "nosniff");
  headers.emplace_back("Referrer-Policy", "same-origin");
  headers.emplace_back("X-Frame-Options", "DENY");
  headers.emplace_back("X-Request-Id", request_id);
  if (request.IsApi() && !HasHeader(response, "Cache-Control", "")) {
    headers.emplace_back("Cache-Control", "no-store");
  }
  if (access_log_) {
    access_log_->info(
        "method={} path={} status={} bytes={} duration_ms={:.1f} user={} request_id={}",
        request.method.empty() ? "-" : request.method, LoggedPath(request), response.status,
        response.body.size(), NowMs() - started_ms, user.empty() ? "-" : user, request_id);
  }
  return response;
}

}  // namespace equilens::server
