// The frame every page shares (title, the signed-in user, navigation, notices, errors) and
// the three doorway pages: sign-in, invitation, error.
#include <algorithm>

#include "render/web_context.h"

namespace equilens::web {
namespace {

using nlohmann::json;

// The main navigation. A link shows only when the command behind it is among those the
// engine says the user may attempt (PageFrame::may, from runtime/authorization.cc's table), so
// nobody is led to a refusal; this hides links, it grants nothing: the engine still decides
// every request.
struct NavEntry {
  const char* id;
  const char* href;
  const char* label;
  const char* command;  // as the CLI names it
};

const std::vector<NavEntry>& Navigation() {
  static const std::vector<NavEntry> kNav = {
      {"inbox", "/inbox", "Inbox", "inbox"},
      {"file", "/initiatives/new", "File an initiative", "file"},
      {"initiatives", "/queue", "Initiatives", "list"},
      {"dashboard", "/dashboard", "Dashboard", "dashboard"},
      {"audit", "/audit", "Audit", "audit search"},
  };
  return kNav;
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 400:
      return "Bad request";
    case 401:
      return "Please sign in";
    case 403:
      return "Not allowed";
    case 404:
      return "Not found";
    case 405:
      return "Method not allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Too large";
    case 422:
      return "Not accepted";
    case 429:
      return "Too many requests";
    default:
      return status >= 500 ? "Something went wrong" : "Request refused";
  }
}

}  // namespace

json FrameContext(const PageFrame& frame) {
  json context;
  context["page"] = {{"title", frame.title.empty() ? "equilens" : frame.title},
                     {"signed_in", frame.user.has_value()}};
  const UserInfo user = frame.user.value_or(UserInfo{});
  context["user"] = {{"name", user.name},
                     {"display", user.display.empty() ? user.name : user.display},
                     {"role", user.role},
                     {"role_label", Humanize(user.role)},
                     {"department", user.department},
                     {"has_department", !user.department.empty()}};
  context["csrf"] = frame.csrf_token;
  json nav = json::array();
  if (frame.user) {
    for (const NavEntry& entry : Navigation()) {
      if (std::find(frame.may.begin(), frame.may.end(), entry.command) == frame.may.end()) {
        continue;
      }
      nav.push_back({{"id", entry.id},
                     {"href", entry.href},
                     {"label", entry.label},
                     {"current", frame.active_nav == entry.id}});
    }
  }
  context["nav"] = std::move(nav);
  context["notices"] = frame.notices;
  context["has_notices"] = !frame.notices.empty();
  context["errors"] = frame.errors;
  context["problems"] = json::array();
  context["has_errors"] = !frame.errors.empty();
  return context;
}

void AddProblem(json& context, const std::string& text, const std::string& href) {
  context["problems"].push_back({{"text", text}, {"href", href}});
  context["has_errors"] = true;
}

json SignInContext(const PageFrame& frame, const std::string& user_name) {
  json context = FrameContext(frame);
  context["signin"] = {{"user_name", user_name}};
  return context;
}

json InvitationContext(const PageFrame& frame, const std::string& token) {
  json context = FrameContext(frame);
  context["invitation"] = {{"token", token}};
  return context;
}

json ErrorContext(const PageFrame& frame, int http_status, const std::string& message) {
  json context = FrameContext(frame);
  if (frame.title.empty()) context["page"]["title"] = ReasonPhrase(http_status);
  context["error"] = {
      {"status", http_status}, {"reason", ReasonPhrase(http_status)}, {"message", message}};
  return context;
}

}  // namespace equilens::web
