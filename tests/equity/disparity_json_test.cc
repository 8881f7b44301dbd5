// Stored computations: parameters, inputs and results round-trip exactly, encoding is
// deterministic, and a recomputation catches a changed result or a changed input.
#include "equity/disparity_json.h"

#include <doctest/doctest.h>

#include <string>

#include "equity/equity_test_support.h"

namespace equilens {
namespace {

using nlohmann::json;

DisparityInputs SampleInputs() {
  DisparityInputs inputs;
  inputs.district = Table({Row("g", 400, 80), Row("h", 1588, 158), Row("tiny", 12, 2),
                           Row("x", 60, 15, 2025, "Lincoln"), Row("y", 25, 12, 2025, "Lincoln"),
                           FavourableRow("A", 80, 48), FavourableRow("B", 50, 21)},
                          "outcomes.csv");
  inputs.state = Table({Row("x", 9000, 1000), Row("y", 500000, 60000)}, "state.csv");
  return inputs;
}

// Results rows come cell by cell: ap_enrollment (A, B), then oss (g, h, tiny), then Lincoln.
constexpr int kRowOfG = 2;
constexpr int kRowOfTiny = 4;

json StoredRecord() {
  const DisparityInputs inputs = SampleInputs();
  DisparityParameters parameters;
  parameters.risk_ratio_threshold = 1.9;
  Result<DisparityReport> report = ComputeDisparities(inputs, parameters);
  REQUIRE(report.ok());
  // Through text, as the event log keeps it.
  return json::parse(EncodeComputation(inputs, parameters, *report).dump());
}

}  // namespace

TEST_CASE("parameters encode with every key and decode to the same values") {
  DisparityParameters p;
  p.min_cell = 5;
  p.risk_ratio_threshold = 2.5;
  const json encoded = EncodeParameters(p);
  CHECK(encoded.dump() ==
        R"({"impact_ratio_floor":0.8,"min_cell":5,"min_n":30,"persistent_years":3,)"
        R"("risk_ratio_threshold":2.5})");
  Result<DisparityParameters> decoded = DecodeParameters(encoded);
  REQUIRE(decoded.ok());
  CHECK(decoded->min_cell == 5);
  CHECK(decoded->risk_ratio_threshold == 2.5);
  CHECK(EncodeParameters(*decoded) == encoded);
}

TEST_CASE("parameters decode with defaults for missing keys and refuse bad ones by name") {
  Result<DisparityParameters> partial = DecodeParameters(json::parse(R"({"min_n": 20})"));
  REQUIRE(partial.ok());
  CHECK(partial->min_n == 20);
  CHECK(partial->min_cell == 10);
  CHECK(partial->risk_ratio_threshold == 3.0);

  const auto refusal = [](const char* text) {
    Result<DisparityParameters> p = DecodeParameters(json::parse(text));
    REQUIRE_FALSE(p.ok());
    CHECK(p.status().category() == ErrorCategory::kInvalidInput);
    return p.status().message();
  };
  CHECK(Contains(refusal(R"({"min_cel": 5})"), "parameters.min_cel is not a known key"));
  CHECK(Contains(refusal(R"({"min_cell": "ten"})"), "parameters.min_cell is not a whole number"));
  CHECK(Contains(refusal(R"({"min_cell": 10.5})"), "parameters.min_cell is not a whole number"));
  CHECK(Contains(refusal(R"({"risk_ratio_threshold": -1})"), "risk_ratio_threshold is -1"));
  CHECK(Contains(refusal(R"({"persistent_years": 99999999999})"), "out of range"));
  CHECK(Contains(refusal(R"([1, 2])"), "parameters is not an object"));
}

TEST_CASE("inputs round-trip with their sources, lines and the state figures") {
  const DisparityInputs inputs = SampleInputs();
  const json encoded = EncodeInputs(inputs);
  Result<DisparityInputs> decoded = DecodeInputs(json::parse(encoded.dump()));
  REQUIRE(decoded.ok());
  CHECK(decoded->district.source_name == "outcomes.csv");
  REQUIRE(decoded->district.rows.size() == 7);
  CHECK(decoded->district.rows[5].favourable == std::optional<bool>(true));
  CHECK_FALSE(decoded->district.rows[0].favourable);
  CHECK(decoded->district.rows[3].school == "Lincoln");
  CHECK(decoded->district.rows[3].line == 5);
  REQUIRE(decoded->state);
  CHECK(decoded->state->rows[1].in_group == 500000);
  CHECK(EncodeInputs(*decoded) == encoded);

  DisparityInputs no_state = inputs;
  no_state.state.reset();
  CHECK(EncodeInputs(no_state)["state"].is_null());
  Result<DisparityInputs> decoded_no_state = DecodeInputs(EncodeInputs(no_state));
  REQUIRE(decoded_no_state.ok());
  CHECK_FALSE(decoded_no_state->state);

  json bad = encoded;
  bad["district"]["rows"][2]["in_group"] = "twelve";
  Result<DisparityInputs> refused = DecodeInputs(bad);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().message() ==
        "disparity record: inputs.district.rows[2].in_group is not a whole number");
}

TEST_CASE("results round-trip exactly and encode the same way every time") {
  const json record = StoredRecord();
  Result<DisparityReport> decoded = DecodeReport(record["results"]);
  REQUIRE(decoded.ok());
  CHECK(EncodeReport(*decoded) == record["results"]);
  CHECK(EncodeReport(*decoded).dump() == record["results"].dump());
  CHECK(StoredRecord().dump() == record.dump());

  const json& g = record["results"]["rows"][kRowOfG];
  CHECK(g["group"] == "g");
  CHECK(g["ratio"] == 2.0);
  CHECK(g["ratio_kind"] == "risk_ratio");
  CHECK(g["status"] == "ok");
  CHECK(g["flagged"] == true);  // threshold 1.9 in this record
  CHECK(record["results"]["max_risk_ratio"].get<double>() == 25.0 / 12.0);
  CHECK(record["results"]["min_impact_ratio"].get<double>() == 0.7);
  const json& tiny = record["results"]["rows"][kRowOfTiny];
  CHECK(tiny["status"] == "insufficient_data");
  CHECK(tiny["ratio"].is_null());
  CHECK(tiny["risk"].is_null());

  json bad = record["results"];
  bad["rows"][1]["status"] = "fine";
  Result<DisparityReport> refused = DecodeReport(bad);
  REQUIRE_FALSE(refused.ok());
  CHECK(Contains(refused.status().message(), "results.rows[1].status 'fine' is not a known value"));
}

TEST_CASE("a stored computation recomputes to the same results") {
  const json record = StoredRecord();
  const Status verified = VerifyComputation(record);
  CHECK_MESSAGE(verified.ok(), verified.ToString());

  Result<DisparityInputs> inputs = DecodeInputs(record["inputs"]);
  Result<DisparityParameters> parameters = DecodeParameters(record["parameters"]);
  Result<DisparityReport> stored = DecodeReport(record["results"]);
  REQUIRE(inputs.ok());
  REQUIRE(parameters.ok());
  REQUIRE(stored.ok());
  Result<DisparityReport> again = ComputeDisparities(*inputs, *parameters);
  REQUIRE(again.ok());
  CHECK(SameResults(*again, *stored));
}

TEST_CASE("a changed result or input is caught by the recomputation") {
  json record = StoredRecord();
  SUBCASE("a ratio edited in the results") {
    record["results"]["rows"][kRowOfG]["ratio"] = 1.5;
    const Status status = VerifyComputation(record);
    CHECK(status.category() == ErrorCategory::kIntegrity);
    CHECK(status.message() ==
          "the stored results differ from a recomputation at /rows/2/ratio: stored 1.5, "
          "recomputed 2.0");
  }
  SUBCASE("a count edited in the inputs") {
    record["inputs"]["district"]["rows"][0]["with_outcome"] = 60;
    const Status status = VerifyComputation(record);
    CHECK(status.category() == ErrorCategory::kIntegrity);
    // g's ratio falls to 1.5, under the threshold: the count of flagged groups differs first.
    CHECK(Contains(status.message(),
                   "differ from a recomputation at /flagged_groups: stored 3, "
                   "recomputed 2"));
  }
  SUBCASE("a parameter edited") {
    record["parameters"]["risk_ratio_threshold"] = 3.0;
    CHECK(VerifyComputation(record).category() == ErrorCategory::kIntegrity);
  }
  SUBCASE("inputs edited into ones no file could hold") {
    record["inputs"]["district"]["rows"][0]["with_outcome"] = 4000;
    const Status status = VerifyComputation(record);
    CHECK(status.category() == ErrorCategory::kIntegrity);
    CHECK(Contains(status.message(),
                   "the stored inputs no longer compute: outcomes.csv:2: "
                   "with_outcome 4000 is more than in_group 400"));
  }
  SUBCASE("a record missing its parts") {
    record.erase("parameters");
    CHECK(VerifyComputation(record).category() == ErrorCategory::kInvalidInput);
    CHECK(VerifyComputation(json::array()).category() == ErrorCategory::kInvalidInput);
  }
}

}  // namespace equilens
