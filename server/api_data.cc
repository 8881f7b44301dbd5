// /api/initiatives/:id/data and /metrics: subgroup outcome data attached as JSON (the CSV as
// text) or as a multipart upload (files `csv` and `state_csv`), and the computed measures.
#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "server/api_support.h"
#include "server/data_upload.h"

namespace equilens::server {
namespace {

// multipart/form-data: the figures as uploaded files, the parameters as text fields, read as
// the page's upload form is (server/data_upload.h).
Result<DataRequest> FromMultipart(const Request& request, CommandOptions& options) {
  DataUpload upload = ReadDataUpload(request, options);
  if (!upload.problems.empty()) {
    std::string message = "upload: ";
    for (std::size_t i = 0; i < upload.problems.size(); ++i) {
      message += (i ? "; " : "") + upload.problems[i];
    }
    return InvalidInput(message);
  }
  return std::move(upload.data);
}

// application/json: {"csv": "group,in_group,with_outcome\n...", "year": 2025, ...}.
Result<DataRequest> FromJson(JsonInput& body, CommandOptions& options) {
  DataRequest data;
  data.csv = {body.String("csv_name").value_or("csv"), body.RequiredString("csv")};
  std::optional<std::string> state = body.String("state_csv");
  const std::string state_name = body.String("state_csv_name").value_or("state_csv");
  if (state) data.state = DefinitionSource{state_name, *state};
  data.outcome = body.String("outcome").value_or("");
  std::optional<std::int64_t> year = body.Int("year");
  data.year = static_cast<int>(year.value_or(0));
  data.favourable = body.Bool("favourable");
  auto small = [&](const char* key) -> std::optional<int> {
    std::optional<std::int64_t> value = body.Int(key);
    if (!value) return std::nullopt;
    return static_cast<int>(std::clamp<std::int64_t>(*value, INT32_MIN, INT32_MAX));
  };
  data.min_cell = small("min_cell");
  data.min_n = small("min_n");
  data.risk_ratio_threshold = body.Number("risk_ratio_threshold");
  data.impact_ratio_floor = body.Number("impact_ratio_floor");
  data.persistent_years = small("persistent_years");
  options.expect_version = body.Int("expect_version");
  options.request_id = body.String("request_id").value_or("");
  if (Status status = body.Finish(); !status.ok()) return status;
  return data;
}

Response AttachData(const Request& request, RequestContext& context) {
  CommandOptions options = context.As();
  Result<DataRequest> data = InvalidInput("unread");
  if (request.Header("content-type").rfind("multipart/form-data", 0) == 0) {
    data = FromMultipart(request, options);
  } else {
    JsonBody body = ReadJson(request);
    if (!body.ok()) return body.refusal;
    data = FromJson(*body.json, options);
  }
  if (!data.ok()) return ErrorJson(data.status());
  return JsonOf(context.engine.AttachData(options, request.Param("id"), *data));
}

Response Metrics(const Request& request, RequestContext& context) {
  if (Status status = CheckQuery(request, {"recompute"}); !status.ok()) return ErrorJson(status);
  Result<bool> recompute = QueryBool(request, "recompute", false);
  if (!recompute.ok()) return ErrorJson(recompute.status());
  return JsonOf(context.engine.Metrics(context.As(), request.Param("id"), *recompute));
}

}  // namespace

void AddDataApi(Router& router) {
  const Access in = Access::kSignedIn;
  router.Add("POST", "/api/initiatives/:id/data", in, AttachData);
  router.Add("GET", "/api/initiatives/:id/metrics", in, Metrics);
}

}  // namespace equilens::server
