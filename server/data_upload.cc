// The equity-data upload's multipart fields (server/data_upload.h), for the API and the page.
#include "server/data_upload.h"

#include <cstdint>
#include <cstdlib>

#include "equilens/json_input.h"

namespace equilens::server {
namespace {

std::optional<int> WholeNumber(const Request& request, const std::string& name,
                               std::vector<std::string>& problems) {
  const std::string text = request.Form(name);
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (*end != '\0' || value < INT32_MIN || value > INT32_MAX) {
    problems.push_back("'" + name + "' must be a whole number, not '" + text + "'");
    return std::nullopt;
  }
  return static_cast<int>(value);
}

std::optional<double> Number(const Request& request, const std::string& name,
                             std::vector<std::string>& problems) {
  const std::string text = request.Form(name);
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (*end != '\0') {
    problems.push_back("'" + name + "' must be a number, not '" + text + "'");
    return std::nullopt;
  }
  return value;
}

// The file part `name` when it holds something; null when absent or posted empty.
const UploadedFile* FilePart(const Request& request, const std::string& name) {
  auto file = request.files.find(name);
  if (file == request.files.end() || file->second.content.empty()) return nullptr;
  return &file->second;
}

}  // namespace

const std::vector<std::string>& DataUploadFields() {
  // clang-format off
  static const std::vector<std::string> kFields = {
      "csv", "state_csv",                         // the files
      "outcome", "year", "favourable",            // for rows without those columns
      "min_cell", "min_n", "risk_ratio_threshold", "impact_ratio_floor", "persistent_years",
      "expect_version", "request_id", "csrf"};    // the guards
  // clang-format on
  return kFields;
}

DataUpload ReadDataUpload(const Request& request, CommandOptions& options) {
  DataUpload upload;
  std::vector<std::string>& problems = upload.problems;
  std::vector<std::string> names;
  for (const auto& [name, value] : request.form) names.push_back(name);
  for (const auto& [name, file] : request.files) names.push_back(name);
  // CheckNames says "upload: unknown field 'x' ..."; each front end adds its own prefix.
  const std::string what = "upload";
  if (Status status = CheckNames(what, "field", names, DataUploadFields()); !status.ok()) {
    problems.push_back(status.message().substr(what.size() + 2));
  }
  DataRequest& data = upload.data;
  if (const UploadedFile* csv = FilePart(request, "csv")) {
    data.csv = {csv->filename.empty() ? "csv" : csv->filename, csv->content};
  } else {
    problems.push_back(
        "the district's outcome figures are required: choose a CSV file (field "
        "'csv')");
  }
  if (const UploadedFile* state = FilePart(request, "state_csv")) {
    data.state =
        DefinitionSource{state->filename.empty() ? "state_csv" : state->filename, state->content};
  }
  data.outcome = request.Form("outcome");
  data.year = WholeNumber(request, "year", problems).value_or(0);
  const std::string favourable = request.Form("favourable");
  if (favourable == "true" || favourable == "false") {
    data.favourable = favourable == "true";
  } else if (!favourable.empty()) {
    problems.push_back("'favourable' must be true or false, not '" + favourable + "'");
  }
  data.min_cell = WholeNumber(request, "min_cell", problems);
  data.min_n = WholeNumber(request, "min_n", problems);
  data.risk_ratio_threshold = Number(request, "risk_ratio_threshold", problems);
  data.impact_ratio_floor = Number(request, "impact_ratio_floor", problems);
  data.persistent_years = WholeNumber(request, "persistent_years", problems);
  if (std::optional<int> version = WholeNumber(request, "expect_version", problems)) {
    options.expect_version = *version;
  }
  options.request_id = request.Form("request_id");
  return upload;
}

}  // namespace equilens::server
