// What the JSON API's handlers share: reading a JSON body, the write guards every write takes
// (expect_version, request_id), query parameters checked by name, and engine results as JSON.
#ifndef EQUILENS_SERVER_API_SUPPORT_H_
#define EQUILENS_SERVER_API_SUPPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "equilens/engine.h"
#include "equilens/json_input.h"
#include "server/http.h"
#include "server/routes.h"

namespace equilens::server {

// A JSON request body, or the response refusing it: 415 when a non-empty body is not
// application/json (also what stops a cross-site form from posting JSON-looking text), 422
// invalid_input when it is not a JSON object. An empty body reads as {} when `empty_ok`.
struct JsonBody {
  std::optional<JsonInput> json;
  Response refusal;
  bool ok() const { return json.has_value(); }
};
JsonBody ReadJson(const Request& request, bool empty_ok = false);

// The signed-in user's CommandOptions with the body's optional "expect_version" (integer) and
// "request_id" (string) read from `body`.
CommandOptions WriteOptions(const RequestContext& context, JsonInput& body);

// usage (400) naming a query parameter not in `allowed`, with a did-you-mean.
Status CheckQuery(const Request& request, const std::vector<std::string>& allowed);
// An integer query parameter; `fallback` when absent; usage when not an integer in range.
Result<int> QueryInt(const Request& request, const std::string& name, int fallback, int min,
                     int max);
// "true"/"1"/"yes" or "false"/"0"/"no"; `fallback` when absent; usage otherwise.
Result<bool> QueryBool(const Request& request, const std::string& name, bool fallback);

// 200 (or `ok_status`) with ToJson(value), or the engine's refusal as JSON.
template <typename T>
Response JsonOf(const Result<T>& result, int ok_status = 200) {
  if (!result.ok()) return ErrorJson(result.status());
  return Response::Json(ok_status, ToJson(*result));
}

// A document (statement, audit report, export) with its media type.
Response Text(int status, const std::string& content_type, std::string body);

// A positive number from a path part ("2" in /feedback/2/answer); nullopt otherwise.
std::optional<std::int64_t> PositiveNumber(const std::string& text);

// Route families (api_*.cc), gathered by AddApiRoutes.
void AddInitiativeApi(Router& router);  // list, file, show, answers, comments, actions, history
void AddReviewApi(Router& router);      // feedback, mitigation
void AddDataApi(Router& router);        // equity data and metrics
void AddOverviewApi(Router& router);    // inbox, dashboard, overdue actions, workflows
void AddAuditApi(Router& router);       // verify, head, export, events, report
void AddAdminApi(Router& router);       // users, invitations, passwords, mail, outbox

}  // namespace equilens::server

#endif  // EQUILENS_SERVER_API_SUPPORT_H_
