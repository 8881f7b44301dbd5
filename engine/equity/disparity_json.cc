// Encoding and decoding disparity computations, and recomputing a stored one.
//
// Decoding never lets nlohmann throw: every value's type is checked before it is read, and
// the first problem is kept with its path. VerifyComputation still catches nlohmann's
// exceptions at its edge, because a record comes from disk and nothing may throw across the
// engine's API.
#include "equity/disparity_json.h"

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <utility>

#include "equity/outcome_csv.h"

namespace equilens {
namespace {

using nlohmann::json;

json Optional(const std::optional<double>& value) { return value ? json(*value) : json(nullptr); }

// Reads one JSON object's members by name, keeping the first problem with its path.
class ObjectReader {
 public:
  ObjectReader(const json& object, std::string path, std::string& error)
      : object_(object), path_(std::move(path)), error_(error) {
    if (!object_.is_object()) Fail(path_ + " is not an object");
  }

  bool Has(const char* key) const { return object_.is_object() && object_.contains(key); }

  std::string Text(const char* key) {
    const json* value = Find(key);
    if (value == nullptr) return {};
    if (!value->is_string()) return Fail(Path(key) + " is not a string"), std::string();
    return value->get<std::string>();
  }

  std::int64_t Integer(const char* key, std::int64_t min = std::numeric_limits<int>::min(),
                       std::int64_t max = std::numeric_limits<int>::max()) {
    const json* value = Find(key);
    if (value == nullptr) return 0;
    bool in_range = false;
    std::int64_t result = 0;
    if (value->is_number_unsigned()) {
      const std::uint64_t number = value->get<std::uint64_t>();
      in_range = number <= static_cast<std::uint64_t>(max);
      if (in_range) result = static_cast<std::int64_t>(number);
    } else if (value->is_number_integer()) {
      result = value->get<std::int64_t>();
      in_range = result >= min && result <= max;
    } else {
      return Fail(Path(key) + " is not a whole number"), 0;
    }
    if (!in_range) return Fail(Path(key) + " is out of range"), 0;
    return result;
  }

  double Number(const char* key) {
    const json* value = Find(key);
    if (value == nullptr) return 0;
    if (!value->is_number()) return Fail(Path(key) + " is not a number"), 0.0;
    return value->get<double>();
  }

  std::optional<double> OptionalNumber(const char* key) {
    const json* value = Find(key);
    if (value == nullptr || value->is_null()) return std::nullopt;
    return Number(key);
  }

  bool Boolean(const char* key) {
    const json* value = Find(key);
    if (value == nullptr) return false;
    if (!value->is_boolean()) return Fail(Path(key) + " is not true or false"), false;
    return value->get<bool>();
  }

  std::optional<bool> OptionalBoolean(const char* key) {
    const json* value = Find(key);
    if (value == nullptr || value->is_null()) return std::nullopt;
    return Boolean(key);
  }

  const json* Array(const char* key) {
    const json* value = Find(key);
    if (value == nullptr) return nullptr;
    if (!value->is_array()) return Fail(Path(key) + " is not an array"), nullptr;
    return value;
  }

  // Refuses members not named in `known`: a misspelt setting must not pass silently.
  void RefuseUnknown(std::initializer_list<const char*> known) {
    if (!object_.is_object()) return;
    for (const auto& item : object_.items()) {
      bool found = false;
      for (const char* name : known) found = found || item.key() == name;
      if (!found) Fail(Path(item.key().c_str()) + " is not a known key");
    }
  }

  std::string Path(const char* key) const { return path_ + "." + key; }
  void Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }

 private:
  // The member, or null after noting that it is missing.
  const json* Find(const char* key) {
    if (!object_.is_object()) return nullptr;
    const auto found = object_.find(key);
    if (found == object_.end()) return Fail(Path(key) + " is missing"), nullptr;
    return &*found;
  }

  const json& object_;
  std::string path_;
  std::string& error_;
};

json EncodeTable(const OutcomeTable& table) {
  json rows = json::array();
  for (const OutcomeRow& row : table.rows) {
    rows.push_back({{"group", row.group},
                    {"outcome", row.outcome},
                    {"school", row.school},
                    {"year", row.year},
                    {"in_group", row.in_group},
                    {"with_outcome", row.with_outcome},
                    {"favourable", row.favourable ? json(*row.favourable) : json(nullptr)},
                    {"line", row.line}});
  }
  return {{"source", table.source_name}, {"rows", std::move(rows)}};
}

OutcomeTable DecodeTable(const json& json_table, const std::string& path, std::string& error) {
  OutcomeTable table;
  ObjectReader reader(json_table, path, error);
  table.source_name = reader.Text("source");
  const json* rows = reader.Array("rows");
  if (rows == nullptr) return table;
  if (rows->size() > kMaxCsvRows) reader.Fail(reader.Path("rows") + " has too many rows");
  for (std::size_t i = 0; i < rows->size() && error.empty(); ++i) {
    ObjectReader row_reader((*rows)[i], path + ".rows[" + std::to_string(i) + "]", error);
    OutcomeRow& row = table.rows.emplace_back();
    row.group = row_reader.Text("group");
    row.outcome = row_reader.Text("outcome");
    row.school = row_reader.Text("school");
    row.year = static_cast<int>(row_reader.Integer("year"));
    row.in_group = row_reader.Integer("in_group", INT64_MIN, INT64_MAX);
    row.with_outcome = row_reader.Integer("with_outcome", INT64_MIN, INT64_MAX);
    row.favourable = row_reader.OptionalBoolean("favourable");
    row.line = static_cast<int>(row_reader.Integer("line"));
  }
  return table;
}

template <typename Enum>
Enum EnumFromName(const std::string& name, std::initializer_list<Enum> values,
                  const char* (*name_of)(Enum), const std::string& path, std::string& error) {
  for (Enum value : values) {
    if (name == name_of(value)) return value;
  }
  if (error.empty()) error = path + " '" + name + "' is not a known value";
  return *values.begin();
}

Status DecodeError(const std::string& error) { return InvalidInput("disparity record: " + error); }

}  // namespace

json EncodeParameters(const DisparityParameters& p) {
  return {{"min_cell", p.min_cell},
          {"min_n", p.min_n},
          {"risk_ratio_threshold", p.risk_ratio_threshold},
          {"impact_ratio_floor", p.impact_ratio_floor},
          {"persistent_years", p.persistent_years}};
}

Result<DisparityParameters> DecodeParameters(const json& json_parameters) {
  std::string error;
  DisparityParameters p;
  ObjectReader reader(json_parameters, "parameters", error);
  reader.RefuseUnknown(
      {"min_cell", "min_n", "risk_ratio_threshold", "impact_ratio_floor", "persistent_years"});
  if (reader.Has("min_cell")) p.min_cell = static_cast<int>(reader.Integer("min_cell"));
  if (reader.Has("min_n")) p.min_n = static_cast<int>(reader.Integer("min_n"));
  if (reader.Has("risk_ratio_threshold")) {
    p.risk_ratio_threshold = reader.Number("risk_ratio_threshold");
  }
  if (reader.Has("impact_ratio_floor")) p.impact_ratio_floor = reader.Number("impact_ratio_floor");
  if (reader.Has("persistent_years")) {
    p.persistent_years = static_cast<int>(reader.Integer("persistent_years"));
  }
  if (!error.empty()) return DecodeError(error);
  if (Status status = ValidateParameters(p); !status.ok()) return status;
  return p;
}

json EncodeInputs(const DisparityInputs& inputs) {
  return {{"district", EncodeTable(inputs.district)},
          {"state", inputs.state ? EncodeTable(*inputs.state) : json(nullptr)}};
}

Result<DisparityInputs> DecodeInputs(const json& json_inputs) {
  std::string error;
  DisparityInputs inputs;
  ObjectReader reader(json_inputs, "inputs", error);
  if (reader.Has("district")) {
    inputs.district = DecodeTable(json_inputs.at("district"), "inputs.district", error);
  } else {
    reader.Fail("inputs.district is missing");
  }
  if (reader.Has("state") && !json_inputs.at("state").is_null()) {
    inputs.state = DecodeTable(json_inputs.at("state"), "inputs.state", error);
  }
  if (!error.empty()) return DecodeError(error);
  return inputs;
}

json EncodeReport(const DisparityReport& report) {
  json rows = json::array();
  for (const DisparityRow& row : report.rows) {
    rows.push_back({{"outcome", row.outcome},
                    {"year", row.year},
                    {"school", row.school},
                    {"group", row.group},
                    {"favourable", row.favourable},
                    {"n", row.n},
                    {"with_outcome", row.with_outcome},
                    {"comparison_n", row.comparison_n},
                    {"comparison_with_outcome", row.comparison_with_outcome},
                    {"reference_group", row.reference_group},
                    {"risk", Optional(row.risk)},
                    {"comparison_risk", Optional(row.comparison_risk)},
                    {"ratio", Optional(row.ratio)},
                    {"ratio_kind", RatioKindName(row.ratio_kind)},
                    {"gap_points", Optional(row.gap_points)},
                    {"status", CellStatusName(row.status)},
                    {"flagged", row.flagged},
                    {"persistent", row.persistent},
                    {"reason", row.reason}});
  }
  return {{"rows", std::move(rows)},
          {"max_risk_ratio", Optional(report.max_risk_ratio)},
          {"min_impact_ratio", Optional(report.min_impact_ratio)},
          {"flagged_groups", report.flagged_groups},
          {"persistent_groups", report.persistent_groups}};
}

Result<DisparityReport> DecodeReport(const json& json_report) {
  std::string error;
  DisparityReport report;
  ObjectReader reader(json_report, "results", error);
  report.max_risk_ratio = reader.OptionalNumber("max_risk_ratio");
  report.min_impact_ratio = reader.OptionalNumber("min_impact_ratio");
  report.flagged_groups = static_cast<int>(reader.Integer("flagged_groups"));
  report.persistent_groups = static_cast<int>(reader.Integer("persistent_groups"));
  const json* rows = reader.Array("rows");
  for (std::size_t i = 0; rows != nullptr && i < rows->size() && error.empty(); ++i) {
    const std::string path = "results.rows[" + std::to_string(i) + "]";
    ObjectReader r((*rows)[i], path, error);
    DisparityRow& row = report.rows.emplace_back();
    row.outcome = r.Text("outcome");
    row.year = static_cast<int>(r.Integer("year"));
    row.school = r.Text("school");
    row.group = r.Text("group");
    row.favourable = r.Boolean("favourable");
    row.n = r.Integer("n", INT64_MIN, INT64_MAX);
    row.with_outcome = r.Integer("with_outcome", INT64_MIN, INT64_MAX);
    row.comparison_n = r.Integer("comparison_n", INT64_MIN, INT64_MAX);
    row.comparison_with_outcome = r.Integer("comparison_with_outcome", INT64_MIN, INT64_MAX);
    row.reference_group = r.Text("reference_group");
    row.risk = r.OptionalNumber("risk");
    row.comparison_risk = r.OptionalNumber("comparison_risk");
    row.ratio = r.OptionalNumber("ratio");
    row.ratio_kind = EnumFromName(r.Text("ratio_kind"),
                                  {RatioKind::kNone, RatioKind::kRiskRatio,
                                   RatioKind::kAlternateRiskRatio, RatioKind::kImpactRatio},
                                  RatioKindName, r.Path("ratio_kind"), error);
    row.gap_points = r.OptionalNumber("gap_points");
    row.status = EnumFromName(
        r.Text("status"),
        {CellStatus::kInsufficientData, CellStatus::kOk, CellStatus::kUndefinedComparison},
        CellStatusName, r.Path("status"), error);
    row.flagged = r.Boolean("flagged");
    row.persistent = r.Boolean("persistent");
    row.reason = r.Text("reason");
  }
  if (!error.empty()) return DecodeError(error);
  return report;
}

json EncodeComputation(const DisparityInputs& inputs, const DisparityParameters& parameters,
                       const DisparityReport& report) {
  return {{"inputs", EncodeInputs(inputs)},
          {"parameters", EncodeParameters(parameters)},
          {"results", EncodeReport(report)}};
}

bool SameResults(const DisparityReport& a, const DisparityReport& b) {
  return EncodeReport(a) == EncodeReport(b);
}

Status VerifyComputation(const json& record) {
  try {
    if (!record.is_object() || !record.contains("inputs") || !record.contains("parameters") ||
        !record.contains("results")) {
      return InvalidInput(
          "disparity record: expected an object with inputs, parameters and "
          "results");
    }
    Result<DisparityInputs> inputs = DecodeInputs(record.at("inputs"));
    if (!inputs.ok()) return inputs.status();
    Result<DisparityParameters> parameters = DecodeParameters(record.at("parameters"));
    if (!parameters.ok()) return parameters.status();
    Result<DisparityReport> report = ComputeDisparities(*inputs, *parameters);
    if (!report.ok()) {
      return IntegrityError("the stored inputs no longer compute: " + report.status().message());
    }
    const json recomputed = EncodeReport(*report);
    const json& stored = record.at("results");
    if (recomputed == stored) return Status::Ok();
    const json patch = json::diff(stored, recomputed);
    std::string where = "/", stored_text = "(absent)", recomputed_text = "(absent)";
    if (!patch.empty() && patch[0].contains("path")) {
      where = patch[0]["path"].get<std::string>();
      const json::json_pointer pointer(where.empty() ? "" : where);
      if (stored.contains(pointer)) stored_text = stored.at(pointer).dump();
      if (recomputed.contains(pointer)) recomputed_text = recomputed.at(pointer).dump();
    }
    return IntegrityError("the stored results differ from a recomputation at " + where +
                          ": stored " + stored_text + ", recomputed " + recomputed_text);
  } catch (const json::exception& e) {
    return InternalError(std::string("disparity record: ") + e.what());
  }
}

}  // namespace equilens
