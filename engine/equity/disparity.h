// Disparity measures over subgroup outcome data: the risk ratio and alternate risk ratio of
// IDEA significant disproportionality (34 CFR 300.647), the four-fifths impact ratio of the
// Uniform Guidelines (29 CFR 1607.4(D)), percentage-point gaps, and years-running flags.
//
// Pure computation: the same inputs and parameters always give the same report, bit for bit,
// which is what lets an ombuds office recompute a stored computation (disparity_json.h).
#ifndef EQUILENS_EQUITY_DISPARITY_H_
#define EQUILENS_EQUITY_DISPARITY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "equilens/status.h"
#include "equity/outcome_table.h"

namespace equilens {

// What a district configures. The minimums are inclusive: a group with exactly min_cell
// students with the outcome and exactly min_n students is sufficient.
struct DisparityParameters {
  int min_cell = 10;                  // students with the outcome, in a group and its comparison
  int min_n = 30;                     // students, in a group and its comparison
  double risk_ratio_threshold = 3.0;  // flag a risk ratio that exceeds this (equal is not flagged)
  double impact_ratio_floor = 0.80;   // flag an impact ratio below this (equal is not flagged)
  int persistent_years = 3;           // flagged this many consecutive years = persistent
};

// Ok, or InvalidInput naming the first parameter out of range: min_cell >= 0, min_n >= 1,
// risk_ratio_threshold > 0, impact_ratio_floor in (0, 1], persistent_years >= 1.
Status ValidateParameters(const DisparityParameters& parameters);

struct DisparityInputs {
  OutcomeTable district;
  // The state's figures, one row per group and per outcome and year (no schools), for the
  // alternate risk ratio; absent when the district has none.
  std::optional<OutcomeTable> state;
};

enum class RatioKind {
  kNone,                // no ratio: the group or every comparison has insufficient data
  kRiskRatio,           // adverse outcome: risk against all other groups in the same cell
  kAlternateRiskRatio,  // adverse outcome: risk against all other groups in the state
  kImpactRatio,         // favourable outcome: rate against the highest group's rate
};
enum class CellStatus {
  kOk,
  kInsufficientData,     // the group, or every comparison available, is below the minimums
  kUndefinedComparison,  // the comparison's risk or rate is 0: no ratio, never divided by 0
};

// "risk_ratio", "alternate_risk_ratio", "impact_ratio", "none".
const char* RatioKindName(RatioKind kind);
// "ok", "insufficient_data", "undefined_comparison".
const char* CellStatusName(CellStatus status);

// One group in one cell (outcome, year, school).
struct DisparityRow {
  std::string outcome;
  int year = 0;        // 0 = not given
  std::string school;  // "" = the district as a whole
  std::string group;
  bool favourable = false;
  std::int64_t n = 0;             // students in the group
  std::int64_t with_outcome = 0;  // of them, with the outcome
  // The comparison used: all other groups in the cell or in the state, or the highest group.
  // Zero when there was no comparison the group could be measured against.
  std::int64_t comparison_n = 0;
  std::int64_t comparison_with_outcome = 0;
  std::string reference_group;  // impact ratio: the highest-rate group; else ""
  // Absent for a group with insufficient data: it is never shown as 0.
  std::optional<double> risk;             // with_outcome / n, a fraction (0.20 = 20 %)
  std::optional<double> comparison_risk;  // the comparison's, likewise
  std::optional<double> ratio;            // the measure ratio_kind names; absent unless ok
  RatioKind ratio_kind = RatioKind::kNone;
  std::optional<double> gap_points;  // (risk - comparison_risk) x 100, percentage points
  CellStatus status = CellStatus::kInsufficientData;
  bool flagged = false;     // over the threshold, under the floor, or an undefined comparison
  bool persistent = false;  // flagged this year and the persistent_years - 1 years before
  std::string reason;       // why flagged, not flagged, or not measured, for a person
};

struct DisparityReport {
  // Sorted by outcome, school, year; within a cell, groups in input order.
  std::vector<DisparityRow> rows;
  std::optional<double> max_risk_ratio;    // over ok risk and alternate risk ratios
  std::optional<double> min_impact_ratio;  // over ok impact ratios
  int flagged_groups = 0;                  // distinct group names flagged in any cell
  int persistent_groups = 0;               // distinct group names persistent in any cell
};

// Computes every measure for every cell of `inputs.district` (rows grouped by outcome, year
// and school; rows with no school are the district's own cell, not a sum of the schools).
// Adverse outcomes get a risk ratio, or an alternate risk ratio against `inputs.state` when
// the cell's other groups are below the minimums; favourable outcomes get an impact ratio.
// State rows are matched by outcome, year and group name, exactly.
//
// Returns InvalidInput when the parameters are out of range or either table breaks a rule of
// CheckOutcomeTable (messages "source:LINE: ..."). Thread-safe: touches only its arguments.
Result<DisparityReport> ComputeDisparities(const DisparityInputs& inputs,
                                           const DisparityParameters& parameters);

// The figures workflow guards read, only those present: "max_risk_ratio",
// "min_impact_ratio", "flagged_groups", "persistent_groups" (the counts always).
std::map<std::string, double> SummaryMetrics(const DisparityReport& report);

}  // namespace equilens

#endif  // EQUILENS_EQUITY_DISPARITY_H_
