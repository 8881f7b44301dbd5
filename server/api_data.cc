// /api/initiatives/:id/data and /metrics: subgroup outcome data attached as JSON (the CSV as
// text) or as a multipart upload (files `csv` and `state_csv`), and the computed measures.
#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "server/api_support.h"

namespace equilens::server {
namespace {

// The parameters both encodings share, by name and JSON type.
struct DataFields {
  std::vector<std::string> problems;  // multipart fields that are not of their type
};

std::optional<int> IntField(const Request& request, const std::string& name, DataFields& fields) {
  const std::string text = request.Form(name);
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (*end != '\0' || value < INT32_MIN || value > INT32_MAX) {
    fields.problems.push_back("'" + name + "' must be a whole number, not '" + text + "'");
    return std::nullopt;
  }
  return static_cast<int>(value);
}

std::optional<double> NumberField(const Request& request, const std::string& name,
                                  DataFields& fields) {
  const std::string text = request.Form(name);
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (*end != '\0') {
    fields.problems.push_back("'" + name + "' must be a number, not '" + text + "'");
    return std::nullopt;
  }
  return value;
}

// multipart/form-data: the figures as uploaded files, the parameters as text fields.
Result<DataRequest> FromMultipart(const Request& request, CommandOptions& options) {
  std::vector<std::string> names;
  for (const auto& [name, value] : request.form) names.push_back(name);
  for (const auto& [name, file] : request.files) names.push_back(name);
  if (Status status = CheckNames("upload", "field", names,
                                 {"csv", "state_csv", "outcome", "year", "favourable", "min_cell",
                                  "min_n", "risk_ratio_threshold", "impact_ratio_floor",
                                  "persistent_years", "expect_version", "request_id", "csrf"},
                                 ErrorCategory::kInvalidInput);
      !status.ok()) {
    return status;
  }
  auto csv = request.files.find("csv");
  if (csv == request.files.end()) {
    return InvalidInput("upload: the district's figures are required as the file field 'csv'");
  }
  DataRequest data;
  data.csv = {csv->second.filename.empty() ? "csv" : csv->second.filename, csv->second.content};
  auto state = request.files.find("state_csv");
  if (state != request.files.end()) {
    data.state =
        DefinitionSource{state->second.filename.empty() ? "state_csv" : state->second.filename,
                         state->second.content};
  }
  DataFields fields;
  data.outcome = request.Form("outcome");
  data.year = IntField(request, "year", fields).value_or(0);
  const std::string favourable = request.Form("favourable");
  if (favourable == "true") data.favourable = true;
  if (favourable == "false") data.favourable = false;
  if (!favourable.empty() && !data.favourable) {
    fields.problems.push_back("'favourable' must be true or false, not '" + favourable + "'");
  }
  data.min_cell = IntField(request, "min_cell", fields);
  data.min_n = IntField(request, "min_n", fields);
  data.risk_ratio_threshold = NumberField(request, "risk_ratio_threshold", fields);
  data.impact_ratio_floor = NumberField(request, "impact_ratio_floor", fields);
  data.persistent_years = IntField(request, "persistent_years", fields);
  if (std::optional<int> version = IntField(request, "expect_version", fields)) {
    options.expect_version = *version;
  }
  options.request_id = request.Form("request_id");
  if (!fields.problems.empty()) {
    std::string message = "upload: ";
    for (std::size_t i = 0; i < fields.problems.size(); ++i) {
      message += (i ? "; " : "") + fields.problems[i];
    }
    return InvalidInput(message);
  }
  return data;
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
