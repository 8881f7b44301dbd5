// The account page's context: where the signed-in user's notifications go and how
// (docs/notifications.md). A refused change comes back with what was posted.
#include <algorithm>

#include "render/web_context.h"

namespace equilens::web {

using nlohmann::json;

json AccountContext(const PageFrame& frame, const PostedForm& posted) {
  json context = FrameContext(frame);
  const UserInfo user = frame.user.value_or(UserInfo{});
  std::string email = user.email;
  std::string notify = user.notify;
  for (const PostedField& field : posted.fields) {
    if (field.name == "email") email = field.value;
    if (field.name == "notify") notify = field.value;
  }
  struct Choice {
    const char* value;
    const char* label;
    const char* hint;
  };
  static const Choice kChoices[] = {
      {"immediate", "A message for each", "Sent as each thing happens."},
      {"digest", "A daily digest", "One message a day listing everything since the last."},
      {"off", "No e-mail", "Your inbox here still shows what waits for you."},
  };
  json choices = json::array();
  for (const Choice& choice : kChoices) {
    choices.push_back({{"value", choice.value},
                       {"label", choice.label},
                       {"hint", choice.hint},
                       {"checked", notify == choice.value}});
  }
  context["account"] = {
      {"name", user.name},
      {"email", email},
      {"has_email", !user.email.empty()},
      {"choices", choices},
      // The engine's word on it (SessionInfo::may): the ombuds changes nothing.
      {"may_change", std::find(frame.may.begin(), frame.may.end(), "user mail") != frame.may.end()},
      {"current", notify == "digest" ? "a daily digest"
                  : notify == "off"  ? "no e-mail"
                                     : "a message for each"},
      {"action", "/account"}};
  return context;
}

}  // namespace equilens::web
