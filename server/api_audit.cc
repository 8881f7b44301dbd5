// /api/audit: the ombuds' tools over the whole record: verify the chain (and the projections
// against a replay), its head, search the events, export them, and the audit report.
#include <sstream>

#include "server/api_support.h"

namespace equilens::server {
namespace {

Response Verify(const Request& request, RequestContext& context) {
  if (Status status = CheckQuery(request, {"expect_head"}); !status.ok()) return ErrorJson(status);
  std::optional<std::string> expect_head;
  if (!request.Query("expect_head").empty()) expect_head = request.Query("expect_head");
  Result<VerifyOutcome> outcome = context.engine.Verify(context.As(), expect_head);
  // A record that does not verify is the integrity category's status, as the CLI exits 8.
  const bool intact = outcome.ok() && outcome->intact;
  return JsonOf(outcome, intact ? 200 : HttpStatusFor(ErrorCategory::kIntegrity));
}

Response Head(const Request& request, RequestContext& context) {
  if (Status status = CheckQuery(request, {}); !status.ok()) return ErrorJson(status);
  Result<ChainHeadView> head = context.engine.Head(context.As());
  if (!head.ok()) return ErrorJson(head.status());
  return Response::Json(
      200, "{\"seq\":" + std::to_string(head->seq) + ",\"hash\":" + JsonQuote(head->hash) + "}");
}

Response Events(const Request& request, RequestContext& context) {
  if (Status status = CheckQuery(request, {"initiative", "actor", "kind", "from", "to", "limit"});
      !status.ok()) {
    return ErrorJson(status);
  }
  Result<int> limit = QueryInt(request, "limit", 500, 1, 5000);
  if (!limit.ok()) return ErrorJson(limit.status());
  EventFilter filter;
  filter.initiative = request.Query("initiative");
  filter.actor = request.Query("actor");
  filter.kind = request.Query("kind");
  filter.from = request.Query("from");
  filter.to = request.Query("to");
  filter.limit = *limit;
  return JsonOf(context.engine.SearchEvents(context.As(), filter));
}

// The whole log in memory: a district's record is megabytes, not gigabytes, and a complete
// answer (or a clean error) is worth more than a stream that fails half-way.
Response Export(const Request& request, RequestContext& context) {
  if (Status status = CheckQuery(request, {"format"}); !status.ok()) return ErrorJson(status);
  const std::string format = request.Query("format").empty() ? "jsonl" : request.Query("format");
  std::ostringstream out;
  if (Status status = context.engine.Export(context.As(), format, out); !status.ok()) {
    return ErrorJson(status);
  }
  const bool csv = format == "csv";
  Response response =
      Text(200, csv ? "text/csv; charset=utf-8" : "application/x-ndjson", out.str());
  response.headers.emplace_back(
      "Content-Disposition",
      std::string("attachment; filename=\"equilens-events.") + (csv ? "csv" : "jsonl") + "\"");
  return response;
}

Response Report(const Request& request, RequestContext& context) {
  if (Status status = CheckQuery(request, {"from", "to", "format"}); !status.ok()) {
    return ErrorJson(status);
  }
  const std::string from = request.Query("from");
  const std::string to = request.Query("to");
  if (from.empty() || to.empty()) {
    return ErrorJson(UsageError("the audit report needs ?from=YYYY-MM-DD&to=YYYY-MM-DD"));
  }
  const std::string format = request.Query("format").empty() ? "html" : request.Query("format");
  Result<std::string> text = context.engine.AuditReport(context.As(), from, to, format);
  if (!text.ok()) return ErrorJson(text.status());
  return Text(200, format == "md" ? "text/markdown; charset=utf-8" : "text/html; charset=utf-8",
              std::move(*text));
}

}  // namespace

void AddAuditApi(Router& router) {
  const Access in = Access::kSignedIn;
  router.Add("GET", "/api/audit/verify", in, Verify);
  router.Add("GET", "/api/audit/head", in, Head);
  router.Add("GET", "/api/audit/events", in, Events);
  router.Add("GET", "/api/audit/export", in, Export);
  router.Add("GET", "/api/audit/report", in, Report);
}

}  // namespace equilens::server
