// The account page: the signed-in user's own e-mail address and notification choice
// (docs/notifications.md). The engine decides what is valid; a refusal is shown beside what
// was posted.
#include "server/page_support.h"

namespace equilens::server {
namespace {

constexpr const char* kTitle = "Your notifications";

Response Show(const Request& request, RequestContext& context) {
  return PageResponse(request, context,
                      context.pages.AccountPage(SignedInFrame(context, kTitle, ""), PostedForm{}));
}

Response Save(const Request& request, RequestContext& context) {
  Engine::MailChoice choice;
  choice.name = context.session->user.name;
  choice.email = request.Form("email");
  if (!request.Form("notify").empty()) choice.notify = request.Form("notify");
  Status status = context.engine.SetMailChoice(context.As(), choice);
  if (status.ok()) return Done("/account", "Your notification choice is saved.");
  const ErrorCategory category = status.category();
  if (category != ErrorCategory::kInvalidInput && category != ErrorCategory::kUsage) {
    return ErrorResponse(request, context, status);
  }
  PageFrame frame = SignedInFrame(context, kTitle, "");
  frame.errors.push_back(status.message());
  PostedForm posted;
  posted.form = "account";
  posted.fields = PostedFields(request);
  return PageResponse(request, context, context.pages.AccountPage(frame, posted),
                      HttpStatusFor(category));
}

}  // namespace

void AddAccountPages(Router& router) {
  router.Add("GET", "/account", Access::kSignedIn, Show);
  router.Add("POST", "/account", Access::kSignedIn, Save);
}

}  // namespace equilens::server
