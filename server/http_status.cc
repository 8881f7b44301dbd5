// The one switch from an engine error category to an HTTP status, and the JSON error body.
// docs/api.md lists the same table; the server-level answers (401, 405, 413, 415) are in
// dispatch.cc and api_support.cc (ApiError).
#include <spdlog/spdlog.h>

#include "equilens/json_input.h"
#include "server/routes.h"

namespace equilens::server {

int HttpStatusFor(ErrorCategory category) {
  switch (category) {
    case ErrorCategory::kOk:
      return 200;
    case ErrorCategory::kUsage:
      return 400;  // the request itself is malformed (an unknown query parameter, format)
    case ErrorCategory::kForbidden:
      return 403;  // the role or scope does not allow it (sign-in failures are 401)
    case ErrorCategory::kNotFound:
      return 404;  // no such thing, or not one the user may see (the same answer)
    case ErrorCategory::kConflict:
      return 409;  // a stale expect_version, a lost race, a duplicate
    case ErrorCategory::kInvalidInput:
      return 422;  // well-formed, but the values do not fit (answers, CSV, JSON keys)
    case ErrorCategory::kRefusedByRule:
      return 422;  // allowed in principle, but a workflow or lifecycle rule says no now
    case ErrorCategory::kIntegrity:
      return 500;  // the record does not verify: the district must look, not the client
    case ErrorCategory::kInternal:
      return 500;
  }
  return 500;
}

Response ErrorJson(const Status& status) {
  if (status.category() == ErrorCategory::kInternal) {
    // An internal message can name files and SQL: it goes to the log, not to the client.
    if (auto log = spdlog::get("server")) log->error("internal error: {}", status.message());
    return Response::Json(
        500, ToJson(InternalError("the server could not complete this request; its log "
                                  "has the cause")));
  }
  return Response::Json(HttpStatusFor(status.category()), ToJson(status));
}

Response ApiError(int http_status, const std::string& category, const std::string& message) {
  return Response::Json(http_status, "{\"error\":{\"category\":" + JsonQuote(category) +
                                         ",\"message\":" + JsonQuote(message) + "}}");
}

}  // namespace equilens::server
