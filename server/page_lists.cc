// The list pages: the inbox, filing an initiative, the district queue and the dashboard.
#include "server/http_util.h"
#include "server/page_support.h"

namespace equilens::server {
namespace {

constexpr int kQueueLimit = 200;    // a page a person reads; the filter narrows the rest
constexpr int kInboxPageSize = 50;  // rows per inbox page; older ones are a link away

Response Inbox(const Request& request, RequestContext& context) {
  InboxRange range;
  range.limit = kInboxPageSize;
  // A page number a person edits in the address bar: anything unreadable is the first page.
  const std::string offset = request.Query("offset");
  if (!offset.empty() && offset.size() < 10 &&
      offset.find_first_not_of("0123456789") == std::string::npos) {
    range.offset = std::stoll(offset);
  }
  Result<InboxView> inbox = context.engine.Inbox(context.As(), range);
  if (!inbox.ok()) return ErrorResponse(request, context, inbox.status());
  return PageResponse(request, context,
                      context.pages.InboxPage(SignedInFrame(context, "Inbox", "inbox"), *inbox));
}

Response FileForm(const Request& request, RequestContext& context, const PostedForm& posted,
                  const Status& refusal) {
  Result<std::vector<DefinitionInfo>> definitions = context.engine.ListDefinitions(context.As());
  if (!definitions.ok()) return ErrorResponse(request, context, definitions.status());
  PageFrame frame = SignedInFrame(context, "File an initiative", "file");
  if (!refusal.ok()) frame.errors.push_back(refusal.message());
  return PageResponse(request, context, context.pages.FilePage(frame, *definitions, posted),
                      refusal.ok() ? 200 : HttpStatusFor(refusal.category()));
}

Response ShowFileForm(const Request& request, RequestContext& context) {
  // A role that may not file gets the engine's refusal now, not a form refused when sent.
  if (Status may = context.engine.MayAttempt(context.As(), "file"); !may.ok()) {
    return ErrorResponse(request, context, may);
  }
  return FileForm(request, context, PostedForm{}, Status::Ok());
}

Response FileInitiative(const Request& request, RequestContext& context) {
  FileRequest filing;
  filing.workflow_id = request.Form("workflow");
  filing.title = request.Form("title");
  filing.summary = request.Form("summary");
  filing.department = context.session->user.department;  // heads file in their own department
  Result<std::string> id = context.engine.File(context.As(), filing);
  if (!id.ok()) {
    if (id.status().category() == ErrorCategory::kInternal) {
      return ErrorResponse(request, context, id.status());
    }
    return FileForm(request, context, PostedForm{"file", PostedFields(request), {}}, id.status());
  }
  return Done("/initiatives/" + UrlEncode(*id), "Filed " + *id + " as a draft.");
}

Response Queue(const Request& request, RequestContext& context) {
  InitiativeFilter filter;
  filter.department = request.Query("department");
  filter.stage = request.Query("stage");
  filter.lifecycle = request.Query("lifecycle");
  filter.text = request.Query("text");
  filter.limit = kQueueLimit;
  PageFrame frame = SignedInFrame(context, "Initiatives", "initiatives");
  Result<std::vector<InitiativeSummary>> found =
      context.engine.ListInitiatives(context.As(), filter);
  if (!found.ok()) {
    // A filter the engine refuses (an unknown lifecycle, say) is shown with the form to fix it.
    if (found.status().category() != ErrorCategory::kInvalidInput &&
        found.status().category() != ErrorCategory::kUsage) {
      return ErrorResponse(request, context, found.status());
    }
    frame.errors.push_back(found.status().message());
    return PageResponse(request, context, context.pages.QueuePage(frame, {}, filter),
                        HttpStatusFor(found.status().category()));
  }
  return PageResponse(request, context, context.pages.QueuePage(frame, *found, filter));
}

Response Dashboard(const Request& request, RequestContext& context) {
  Result<DashboardView> dashboard = context.engine.Dashboard(context.As());
  if (!dashboard.ok()) return ErrorResponse(request, context, dashboard.status());
  return PageResponse(
      request, context,
      context.pages.DashboardPage(SignedInFrame(context, "Dashboard", "dashboard"), *dashboard));
}

}  // namespace

void AddListPages(Router& router) {
  router.Add("GET", "/inbox", Access::kSignedIn, Inbox);
  router.Add("GET", "/initiatives/new", Access::kSignedIn, ShowFileForm);
  router.Add("POST", "/initiatives", Access::kSignedIn, FileInitiative);
  router.Add("GET", "/queue", Access::kSignedIn, Queue);
  router.Add("GET", "/dashboard", Access::kSignedIn, Dashboard);
}

}  // namespace equilens::server
