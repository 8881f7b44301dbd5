// Signing in and out, and accepting an invitation: the JSON API (/api/session) and the pages
// (/signin, /signout, /invitation/:token). The engine checks passwords, throttles failures and
// keeps sessions; this file moves cookies.
//
// Login CSRF (a foreign site signing the victim in as the attacker) is refused twice over:
// the sign-in and invitation forms carry a pre-session token that must equal the
// `equilens_presession` cookie set with the form (double submit; SameSite=Strict keeps the
// cookie off cross-site posts), and a browser's Origin (or Referer) must name this host.
// POST /api/session takes only application/json, which a cross-site form cannot send.
#include "server/api_support.h"
#include "server/dispatch.h"
#include "server/http_util.h"

namespace equilens::server {
namespace {

constexpr char kAfterSignIn[] = "/inbox";

std::string SessionCookie(const RequestContext& context, const std::string& token) {
  return SetCookie(kSessionCookie, token, context.options.secure_cookies);
}

std::string ClearedSessionCookie(const RequestContext& context) {
  return SetCookie(kSessionCookie, "", context.options.secure_cookies, 0);
}

// Does a browser's Origin (or, without one, its Referer) name this host? Clients that send
// neither (curl, scripts) pass: they carry no victim's cookies.
bool SameOrigin(const Request& request) {
  std::string origin = request.Header("origin");
  if (origin.empty()) origin = request.Header("referer");
  if (origin.empty()) return true;
  if (origin == "null") return false;
  const std::size_t scheme = origin.find("://");
  if (scheme == std::string::npos) return false;
  std::string host = origin.substr(scheme + 3);
  host = host.substr(0, host.find('/'));
  return !host.empty() && host == request.Header("host");
}

bool IsHex64(const std::string& text) {
  if (text.size() != 64) return false;
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// The pre-session token for a form: the browser's own when it has one, else a new one.
std::string PreSessionToken(const Request& request) {
  const std::string current = request.Cookie(kPreSessionCookie);
  return IsHex64(current) ? current : RandomHex32();
}

bool PreSessionMatches(const Request& request) {
  const std::string cookie = request.Cookie(kPreSessionCookie);
  return IsHex64(cookie) && SecretsEqual(cookie, request.Form("csrf"));
}

Response WithPreSession(Response response, const RequestContext& context,
                        const std::string& token) {
  response.headers.emplace_back(
      "Set-Cookie", SetCookie(kPreSessionCookie, token, context.options.secure_cookies));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

PageFrame SignInFrame(const RequestContext& context, const std::string& token,
                      const std::string& title) {
  PageFrame frame;
  frame.csrf_token = token;
  frame.title = title;
  if (!context.flash.empty()) frame.notices.push_back(context.flash);
  return frame;
}

std::string NextTarget(const Request& request) {
  std::string next = SafeLocalTarget(request.Form("next"));
  if (next.empty()) next = SafeLocalTarget(request.Query("next"));
  return next.empty() ? kAfterSignIn : next;
}

std::string SessionJson(const UserInfo& user, const std::string& csrf_token,
                        const std::string& signed_in_at, const std::string& expires_at) {
  return "{\"user\":" + ToJson(user) + ",\"csrf_token\":" + JsonQuote(csrf_token) +
         (signed_in_at.empty() ? "" : ",\"signed_in_at\":" + JsonQuote(signed_in_at)) +
         ",\"expires_at\":" + JsonQuote(expires_at) + "}";
}

Response CrossSite(const Request& request) {
  return ApiError(403, "forbidden",
                  "this request came from another site (Origin " + request.Header("origin") +
                      "); sign in from this server's own pages");
}

// ------------------------------------------------------------------------------ the API

Response ApiSignIn(const Request& request, RequestContext& context) {
  if (!SameOrigin(request)) return CrossSite(request);
  JsonBody body = ReadJson(request);
  if (!body.ok()) return body.refusal;
  const std::string user = body.json->RequiredString("user");
  const std::string password = body.json->RequiredString("password", /*non_empty=*/false);
  if (Status status = body.json->Finish(); !status.ok()) return ErrorJson(status);
  Result<SignedIn> signed_in = context.engine.SignIn(user, password, context.options.sessions);
  if (!signed_in.ok()) {
    if (signed_in.status().category() != ErrorCategory::kForbidden) {
      return ErrorJson(signed_in.status());
    }
    return ApiError(401, "not_signed_in", signed_in.status().message());
  }
  Response response = Response::Json(
      200, SessionJson(signed_in->user, signed_in->csrf_token, "", signed_in->expires_at));
  response.headers.emplace_back("Set-Cookie", SessionCookie(context, signed_in->token));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

Response ApiMe(const Request&, RequestContext& context) {
  const SessionInfo& session = *context.session;
  return Response::Json(
      200, SessionJson(session.user, session.csrf_token, session.signed_in_at, session.expires_at));
}

Response ApiSignOut(const Request&, RequestContext& context) {
  if (Status status = context.engine.SignOut(context.session_token); !status.ok()) {
    return ErrorJson(status);
  }
  Response response = Response::Json(200, "{\"signed_out\":true}");
  response.headers.emplace_back("Set-Cookie", ClearedSessionCookie(context));
  return response;
}

Response ApiAcceptInvitation(const Request& request, RequestContext& context) {
  if (!SameOrigin(request)) return CrossSite(request);
  JsonBody body = ReadJson(request);
  if (!body.ok()) return body.refusal;
  const std::string password = body.json->RequiredString("password", /*non_empty=*/false);
  if (Status status = body.json->Finish(); !status.ok()) return ErrorJson(status);
  if (Status status = context.engine.AcceptInvitation(request.Param("token"), password);
      !status.ok()) {
    return ErrorJson(status);
  }
  return Response::Json(200, "{\"password_set\":true}");
}

// ---------------------------------------------------------------------------- the pages

Response SignInPage(const RequestContext& context, const std::string& token,
                    const std::string& user_name, const std::string& error, int status) {
  PageFrame frame = SignInFrame(context, token, "Sign in");
  if (!error.empty()) frame.errors.push_back(error);
  Result<std::string> page = context.pages.SignInPage(frame, user_name);
  if (!page.ok()) return ErrorResponse(Request{}, context, page.status());
  return WithPreSession(Response::Html(status, *page), context, token);
}

Response ShowSignIn(const Request& request, RequestContext& context) {
  // Already signed in: straight on.
  const std::string session = request.Cookie(kSessionCookie);
  if (!session.empty() && context.engine.Authenticate(session, context.options.sessions).ok()) {
    return Response::Redirect(NextTarget(request));
  }
  return SignInPage(context, PreSessionToken(request), "", "", 200);
}

Response SignInForm(const Request& request, RequestContext& context) {
  if (!SameOrigin(request) || !PreSessionMatches(request)) {
    return WithPreSession(
        ErrorPageResponse(context.pages, std::nullopt, 403,
                          "This sign-in form has expired or came from another site. Open the "
                          "sign-in page again."),
        context, RandomHex32());
  }
  const std::string user = request.Form("user");
  Result<SignedIn> signed_in =
      context.engine.SignIn(user, request.Form("password"), context.options.sessions);
  if (!signed_in.ok()) {
    if (signed_in.status().category() != ErrorCategory::kForbidden) {
      return ErrorResponse(request, context, signed_in.status());
    }
    return SignInPage(context, PreSessionToken(request), user, signed_in.status().message(), 401);
  }
  Response response = Response::Redirect(NextTarget(request));
  response.headers.emplace_back("Set-Cookie", SessionCookie(context, signed_in->token));
  // The pre-session token has done its work; a fresh one comes with the next form.
  response.headers.emplace_back(
      "Set-Cookie", SetCookie(kPreSessionCookie, "", context.options.secure_cookies, 0));
  return response;
}

Response SignOutForm(const Request&, RequestContext& context) {
  if (Status status = context.engine.SignOut(context.session_token); !status.ok()) {
    return ErrorResponse(Request{}, context, status);
  }
  Response response = Response::RedirectWithNotice("/signin", "You have signed out.");
  response.headers.emplace_back("Set-Cookie", ClearedSessionCookie(context));
  return response;
}

Response InvitationPage(const RequestContext& context, const std::string& invitation,
                        const std::string& token, const std::string& error, int status) {
  PageFrame frame = SignInFrame(context, token, "Choose your password");
  if (!error.empty()) frame.errors.push_back(error);
  Result<std::string> page = context.pages.InvitationPage(frame, invitation);
  if (!page.ok()) return ErrorResponse(Request{}, context, page.status());
  return WithPreSession(Response::Html(status, *page), context, token);
}

Response ShowInvitation(const Request& request, RequestContext& context) {
  return InvitationPage(context, request.Param("token"), PreSessionToken(request), "", 200);
}

Response InvitationForm(const Request& request, RequestContext& context) {
  const std::string invitation = request.Param("token");
  if (!SameOrigin(request) || !PreSessionMatches(request)) {
    return InvitationPage(context, invitation, RandomHex32(),
                          "This form has expired or came from another site. Please try again.",
                          403);
  }
  const std::string password = request.Form("password");
  const std::vector<std::string> confirm = request.FormAll("password_confirm");
  if (!confirm.empty() && confirm.front() != password) {
    return InvitationPage(context, invitation, PreSessionToken(request),
                          "The two passwords differ. Type the same password twice.", 422);
  }
  Status status = context.engine.AcceptInvitation(invitation, password);
  if (status.category() == ErrorCategory::kInvalidInput) {
    return InvitationPage(context, invitation, PreSessionToken(request), status.message(), 422);
  }
  if (!status.ok()) return ErrorResponse(request, context, status);
  return Response::RedirectWithNotice("/signin", "Your password is set. Sign in with it.");
}

}  // namespace

void AddSessionRoutes(Router& router) {
  router.Add("POST", "/api/session", Access::kPublic, ApiSignIn);
  router.Add("GET", "/api/session", Access::kSignedIn, ApiMe);
  router.Add("DELETE", "/api/session", Access::kSignedIn, ApiSignOut);
  router.Add("POST", "/api/invitations/:token", Access::kPublic, ApiAcceptInvitation);

  router.Add("GET", "/signin", Access::kPublic, ShowSignIn);
  router.Add("POST", "/signin", Access::kPublic, SignInForm);
  router.Add("POST", "/signout", Access::kSignedIn, SignOutForm);
  router.Add("GET", "/invitation/:token", Access::kPublic, ShowInvitation);
  router.Add("POST", "/invitation/:token", Access::kPublic, InvitationForm);
}

}  // namespace equilens::server
