// What waits and how things stand: /api/inbox, /api/dashboard, /api/mitigation/overdue and
// /api/workflows. Reads only.
#include <limits>

#include "server/api_support.h"

namespace equilens::server {
namespace {

Response Inbox(const Request& request, RequestContext& context) {
  if (Status status = CheckQuery(request, {"offset", "limit"}); !status.ok()) {
    return ErrorJson(status);
  }
  // Any integer: the engine says which offsets and limits it takes.
  constexpr int kMin = std::numeric_limits<int>::min(), kMax = std::numeric_limits<int>::max();
  InboxRange range;
  Result<int> offset = QueryInt(request, "offset", 0, kMin, kMax);
  if (!offset.ok()) return ErrorJson(offset.status());
  Result<int> limit = QueryInt(request, "limit", range.limit, kMin, kMax);
  if (!limit.ok()) return ErrorJson(limit.status());
  range.offset = *offset;
  range.limit = *limit;
  return JsonOf(context.engine.Inbox(context.As(), range));
}

Response Dashboard(const Request& request, RequestContext& context) {
  if (Status status = CheckQuery(request, {}); !status.ok()) return ErrorJson(status);
  return JsonOf(context.engine.Dashboard(context.As()));
}

Response OverdueActions(const Request& request, RequestContext& context) {
  if (Status status = CheckQuery(request, {"as_of"}); !status.ok()) return ErrorJson(status);
  return JsonOf(context.engine.OverdueActions(context.As(), request.Query("as_of")));
}

Response Workflows(const Request& request, RequestContext& context) {
  if (Status status = CheckQuery(request, {}); !status.ok()) return ErrorJson(status);
  return JsonOf(context.engine.ListDefinitions(context.As()));
}

}  // namespace

void AddOverviewApi(Router& router) {
  const Access in = Access::kSignedIn;
  router.Add("GET", "/api/inbox", in, Inbox);
  router.Add("GET", "/api/dashboard", in, Dashboard);
  router.Add("GET", "/api/mitigation/overdue", in, OverdueActions);
  router.Add("GET", "/api/workflows", in, Workflows);
}

}  // namespace equilens::server
