// The JSON API's shared reading and answering, and AddApiRoutes gathering every family.
#include "server/api_support.h"

#include <cctype>
#include <climits>

namespace equilens::server {

JsonBody ReadJson(const Request& request, bool empty_ok) {
  JsonBody body;
  const bool empty = request.body.find_first_not_of(" \t\r\n") == std::string::npos;
  if (empty && empty_ok) {
    body.json.emplace(JsonInput::Parse("{}").value());
    return body;
  }
  std::string type = request.Header("content-type");
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool is_json = type.rfind("application/json", 0) == 0 &&
                       (type.size() == 16 || type[16] == ';' || type[16] == ' ');
  if (!empty && !is_json) {
    body.refusal = ApiError(415, "usage",
                            "the request body must be JSON, sent with Content-Type: "
                            "application/json");
    return body;
  }
  Result<JsonInput> parsed = JsonInput::Parse(request.body);
  if (!parsed.ok()) {
    body.refusal = ErrorJson(parsed.status());
    return body;
  }
  body.json.emplace(std::move(*parsed));
  return body;
}

CommandOptions WriteOptions(const RequestContext& context, JsonInput& body) {
  CommandOptions options = context.As();
  options.expect_version = body.Int("expect_version");
  options.request_id = body.String("request_id").value_or("");
  return options;
}

Status CheckQuery(const Request& request, const std::vector<std::string>& allowed) {
  std::vector<std::string> names;
  for (const auto& [name, value] : request.query) names.push_back(name);
  return CheckNames(request.path, "query parameter", names, allowed);
}

Result<int> QueryInt(const Request& request, const std::string& name, int fallback, int min,
                     int max) {
  bool present = false;
  for (const auto& [key, value] : request.query) present = present || key == name;
  if (!present) return fallback;
  const std::string text = request.Query(name);
  long long value = 0;
  bool digits = !text.empty() && text.size() <= 10;
  for (std::size_t i = 0; digits && i < text.size(); ++i) {
    if (i == 0 && text[i] == '-' && text.size() > 1) continue;
    digits = std::isdigit(static_cast<unsigned char>(text[i])) != 0;
  }
  if (digits) value = std::stoll(text);
  if (!digits || value < min || value > max) {
    return UsageError("query parameter '" + name + "' must be a whole number from " +
                      std::to_string(min) + " to " + std::to_string(max) + ", not '" + text + "'");
  }
  return static_cast<int>(value);
}

Result<bool> QueryBool(const Request& request, const std::string& name, bool fallback) {
  bool present = false;
  for (const auto& [key, value] : request.query) present = present || key == name;
  if (!present) return fallback;
  const std::string text = request.Query(name);
  if (text == "true" || text == "1" || text == "yes" || text.empty()) return true;
  if (text == "false" || text == "0" || text == "no") return false;
  return UsageError("query parameter '" + name + "' must be true or false, not '" + text + "'");
}

Response Text(int status, const std::string& content_type, std::string body) {
  Response response;
  response.status = status;
  response.content_type = content_type;
  response.body = std::move(body);
  return response;
}

std::optional<std::int64_t> PositiveNumber(const std::string& text) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  for (const char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  const std::int64_t value = std::stoll(text);
  if (value <= 0) return std::nullopt;
  return value;
}

void AddApiRoutes(Router& router) {
  AddInitiativeApi(router);
  AddReviewApi(router);
  AddDataApi(router);
  AddOverviewApi(router);
  AddAuditApi(router);
  AddAdminApi(router);
}

}  // namespace equilens::server
