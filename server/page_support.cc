// The pages' shared pieces, and AddPageRoutes: every page route, gathered.
#include "server/page_support.h"

#include <algorithm>
#include <cctype>

namespace equilens::server {

PageFrame SignedInFrame(const RequestContext& context, const std::string& title,
                        const std::string& nav) {
  PageFrame frame;
  if (context.session) {
    frame.user = context.session->user;
    frame.may = context.session->may;
    frame.csrf_token = context.session->csrf_token;
  }
  frame.title = title;
  frame.active_nav = nav;
  if (!context.flash.empty()) frame.notices.push_back(context.flash);
  return frame;
}

Response PageResponse(const Request& request, const RequestContext& context,
                      const Result<std::string>& page, int status) {
  if (!page.ok()) return ErrorResponse(request, context, page.status());
  return Response::Html(status, *page);
}

std::vector<PostedField> PostedFields(const Request& request,
                                      const std::vector<std::string>& skip) {
  std::vector<PostedField> fields;
  for (const auto& [name, value] : request.form) {
    if (name == "csrf" || std::find(skip.begin(), skip.end(), name) != skip.end()) continue;
    fields.push_back({name, value});
  }
  return fields;
}

Response Done(const std::string& location, const std::string& notice) {
  return Response::RedirectWithNotice(location, notice);
}

std::string Sentence(std::string text) {
  if (text.empty()) return text;
  text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  if (text.back() != '.' && text.back() != '!' && text.back() != '?') text += '.';
  return text;
}

void AddPageRoutes(Router& router) {
  router.Add("GET", "/", Access::kSignedIn,
             [](const Request&, RequestContext&) { return Response::Redirect("/inbox"); });
  AddListPages(router);
  AddInitiativePages(router);
  AddAuditPages(router);
  AddAccountPages(router);
  AddStaticFiles(router);
}

}  // namespace equilens::server
