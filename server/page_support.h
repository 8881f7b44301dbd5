// What the web pages' handlers (page_*.cc) share: the frame of a signed-in page, a rendered
// page or the error page, the posted fields of a form, and the route families.
#ifndef EQUILENS_SERVER_PAGE_SUPPORT_H_
#define EQUILENS_SERVER_PAGE_SUPPORT_H_

#include <string>
#include <vector>

#include "equilens/engine.h"
#include "equilens/web_pages.h"
#include "server/http.h"
#include "server/routes.h"

namespace equilens::server {

// The frame for a page of the signed-in user: title, navigation entry `nav`, the session's
// CSRF token, and the flash notice carried across the last redirect.
PageFrame SignedInFrame(const RequestContext& context, const std::string& title,
                        const std::string& nav);

// `page` as an HTML response with `status`, or the error page when it did not render.
Response PageResponse(const Request& request, const RequestContext& context,
                      const Result<std::string>& page, int status = 200);

// A form's fields as posted, without the page's own ones (`csrf` and those in `skip`).
std::vector<PostedField> PostedFields(const Request& request,
                                      const std::vector<std::string>& skip = {});

// The 303 after a form that worked: back to `location`, `notice` shown there once.
Response Done(const std::string& location, const std::string& notice);

// "moved from feedback to signoff" -> "Moved from feedback to signoff."
std::string Sentence(std::string text);

// Route families (page_*.cc), gathered by AddPageRoutes.
void AddInitiativePages(Router& router);  // the initiative page and its forms, the statement
void AddListPages(Router& router);        // inbox, file, queue, dashboard
void AddAuditPages(Router& router);       // audit search, verify, export
void AddAccountPages(Router& router);     // the user's own notification choice
void AddStaticFiles(Router& router);      // /static/...

}  // namespace equilens::server

#endif  // EQUILENS_SERVER_PAGE_SUPPORT_H_
