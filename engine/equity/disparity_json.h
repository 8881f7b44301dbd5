// A disparity computation as JSON: what the event log records, so that an ombuds office can
// recompute it from its inputs and parameters and get the same results.
//
// The stored record is {"inputs": ..., "parameters": ..., "results": ...}. Objects are
// written with sorted keys and doubles in nlohmann's shortest round-trip form, so encoding is
// deterministic, and decoding then re-encoding gives the same text. A recomputation runs the
// same code on the same values, so its results compare equal to the stored ones exactly.
#ifndef EQUILENS_EQUITY_DISPARITY_JSON_H_
#define EQUILENS_EQUITY_DISPARITY_JSON_H_

#include <nlohmann/json.hpp>

#include "equilens/status.h"
#include "equity/disparity.h"

namespace equilens {

// {"impact_ratio_floor": 0.8, "min_cell": 10, "min_n": 30, "persistent_years": 3,
//  "risk_ratio_threshold": 3.0}
nlohmann::json EncodeParameters(const DisparityParameters& parameters);
// Missing keys keep their defaults (a district's settings may give only some). Fails with
// InvalidInput on a value of the wrong type, an unknown key, or a value ValidateParameters
// refuses; the message names the key.
Result<DisparityParameters> DecodeParameters(const nlohmann::json& json);

// {"district": {"source": ..., "rows": [...]}, "state": null or the same shape}; each row
// {"favourable": true/false/null, "group", "in_group", "line", "outcome", "school", "with_outcome",
//  "year"}.
nlohmann::json EncodeInputs(const DisparityInputs& inputs);
// Fails with InvalidInput naming the path of the first value missing or of the wrong type
// ("inputs.district.rows[3].in_group is not a whole number"). Does not apply the table rules;
// ComputeDisparities does.
Result<DisparityInputs> DecodeInputs(const nlohmann::json& json);

// {"flagged_groups", "max_risk_ratio" (null when none), "min_impact_ratio" (likewise),
//  "persistent_groups", "rows": [...]}; each row has every DisparityRow field under its own
// name, optional values as null, ratio_kind and status as their names.
nlohmann::json EncodeReport(const DisparityReport& report);
// Fails with InvalidInput naming the path of the first value missing or of the wrong type.
Result<DisparityReport> DecodeReport(const nlohmann::json& json);

// The record the event log stores.
nlohmann::json EncodeComputation(const DisparityInputs& inputs,
                                 const DisparityParameters& parameters,
                                 const DisparityReport& report);

// Whether two reports would be stored identically.
bool SameResults(const DisparityReport& a, const DisparityReport& b);

// Recomputes a stored record from its inputs and parameters and compares the results with
// the stored ones. Ok when identical. InvalidInput when the record cannot be read; Integrity
// when the stored inputs no longer compute, or when the results differ (the message gives
// the first differing place, "/rows/12/ratio", and both values). Thread-safe.
Status VerifyComputation(const nlohmann::json& record);

}  // namespace equilens

#endif  // EQUILENS_EQUITY_DISPARITY_JSON_H_
