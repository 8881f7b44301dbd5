// The ombuds' pages: searching the record, verifying the chain (only reads, so a GET), and
// exporting every event as CSV.
#include <sstream>

#include "server/page_support.h"

namespace equilens::server {
namespace {

constexpr int kSearchLimit = 500;  // events on one page; the export has them all

Response Audit(const Request& request, RequestContext& context) {
  EventFilter filter;
  filter.initiative = request.Query("initiative");
  filter.actor = request.Query("actor");
  filter.kind = request.Query("kind");
  filter.from = request.Query("from");
  filter.to = request.Query("to");
  filter.limit = kSearchLimit;
  PageFrame frame = SignedInFrame(context, "Audit", "audit");
  const bool searched = !request.Query("search").empty() || !filter.initiative.empty() ||
                        !filter.actor.empty() || !filter.kind.empty() || !filter.from.empty() ||
                        !filter.to.empty();
  if (!searched) {
    // Nothing searched yet: the chain's head is the cheapest read that asks the engine
    // whether this user may audit at all.
    if (Result<ChainHeadView> head = context.engine.Head(context.As()); !head.ok()) {
      return ErrorResponse(request, context, head.status());
    }
    return PageResponse(request, context, context.pages.AuditPage(frame, filter, nullptr));
  }
  Result<std::vector<EventView>> events = context.engine.SearchEvents(context.As(), filter);
  if (!events.ok()) {
    // A search the engine cannot run (a malformed date, say) is shown with the form to fix it.
    const ErrorCategory category = events.status().category();
    if (category != ErrorCategory::kInvalidInput && category != ErrorCategory::kUsage) {
      return ErrorResponse(request, context, events.status());
    }
    frame.errors.push_back(events.status().message());
    return PageResponse(request, context, context.pages.AuditPage(frame, filter, nullptr),
                        HttpStatusFor(category));
  }
  return PageResponse(request, context, context.pages.AuditPage(frame, filter, &*events));
}

Response Verify(const Request& request, RequestContext& context) {
  Result<VerifyOutcome> outcome = context.engine.Verify(context.As(), std::nullopt);
  if (!outcome.ok()) return ErrorResponse(request, context, outcome.status());
  return PageResponse(
      request, context,
      context.pages.VerifyPage(SignedInFrame(context, "Verify the record", "audit"), *outcome));
}

Response Export(const Request& request, RequestContext& context) {
  std::ostringstream out;
  if (Status status = context.engine.Export(context.As(), "csv", out); !status.ok()) {
    return ErrorResponse(request, context, status);
  }
  Response response;
  response.status = 200;
  response.content_type = "text/csv; charset=utf-8";
  response.body = out.str();
  response.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"equilens-events.csv\"");
  return response;
}

}  // namespace

void AddAuditPages(Router& router) {
  router.Add("GET", "/audit", Access::kSignedIn, Audit);
  router.Add("GET", "/audit/verify", Access::kSignedIn, Verify);
  router.Add("GET", "/audit/export.csv", Access::kSignedIn, Export);
}

}  // namespace equilens::server
