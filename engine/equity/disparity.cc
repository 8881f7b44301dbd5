// The measures of one cell (outcome, year, school): risk ratios for adverse outcomes, impact
// ratios for favourable ones. Years running and the summary are in disparity_summary.cc.
//
// Ratios are computed from the counts, not from rounded risks: (a/b)/(c/d) = (a*d)/(b*c),
// reduced by the greatest common divisor, then divided once. Each product is at most 10^18
// (outcome_table.h bounds every count and cell sum by 10^9), and the division of two integers
// below 2^53 is correctly rounded, so a ratio that is exactly the threshold (30/100 against
// 10/100 = 3) compares equal to it instead of landing one unit of rounding either side.
#include "equity/disparity.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "equity/disparity_internal.h"

namespace equilens {
namespace {

double Ratio(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d) {
  std::int64_t numerator = a * d;
  std::int64_t denominator = b * c;
  const std::int64_t divisor = std::gcd(numerator, denominator);
  if (divisor > 1) numerator /= divisor, denominator /= divisor;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

double Fraction(std::int64_t part, std::int64_t whole) {
  return static_cast<double>(part) / static_cast<double>(whole);
}

std::string Percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", fraction * 100);
  return text;
}

// "2.00"; with more decimals (up to 6) when two places would make `value` look equal to
// `limit` without being equal, so no reason reads "0.80 is below the floor 0.80".
std::string RatioText(double value, double limit) {
  char text[32], limit_text[32];
  for (int places = 2;; ++places) {
    std::snprintf(text, sizeof text, "%.*f", places, value);
    std::snprintf(limit_text, sizeof limit_text, "%.*f", places, limit);
    if (value == limit || std::string(text) != limit_text || places == 6) return text;
  }
}

std::string Fixed2(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

class CellMeasurer {
 public:
  CellMeasurer(const DisparityParameters& parameters, const StateIndex* state)
      : parameters_(parameters), state_(state) {}

  void Measure(const std::vector<const OutcomeRow*>& cell, std::vector<DisparityRow>& out) const {
    const bool favourable = cell.front()->favourable.value_or(false);
    if (favourable) {
      MeasureFavourable(cell, out);
    } else {
      MeasureAdverse(cell, out);
    }
  }

 private:
  bool Sufficient(std::int64_t with_outcome, std::int64_t n) const {
    return n > 0 && n >= parameters_.min_n && with_outcome >= parameters_.min_cell;
  }

  // Why a group is below the minimums: "6 with the outcome is below the minimum cell size 10".
  std::string GroupShortfall(const OutcomeRow& row) const {
    std::string text;
    if (row.with_outcome < parameters_.min_cell) {
      text = std::to_string(row.with_outcome) +
             " with the outcome is below the minimum cell size " +
             std::to_string(parameters_.min_cell);
    }
    if (row.in_group < parameters_.min_n) {
      if (!text.empty()) text += ", and ";
      text += std::to_string(row.in_group) + " in the group is below the minimum n-size " +
              std::to_string(parameters_.min_n);
    }
    return text;
  }

  // Why a comparison is below the minimums: "the other groups in the district have 25
  // students, below the minimum n-size 30".
  std::string ComparisonShortfall(std::int64_t with_outcome, std::int64_t n,
                                  const std::string& who) const {
    if (n == 0) return "there are no " + who.substr(sizeof "the " - 1) + " to compare with";
    std::string text = who + " have ";
    if (with_outcome < parameters_.min_cell) {
      text += std::to_string(with_outcome) + " with the outcome, below the minimum cell size " +
              std::to_string(parameters_.min_cell);
      if (n < parameters_.min_n) text += ", and ";
    }
    if (n < parameters_.min_n) {
      text += std::to_string(n) + " students, below the minimum n-size " +
              std::to_string(parameters_.min_n);
    }
    return text;
  }

  static DisparityRow Base(const OutcomeRow& row, bool favourable) {
    DisparityRow out;
    out.outcome = row.outcome;
    out.year = row.year;
    out.school = row.school;
    out.group = row.group;
    out.favourable = favourable;
    out.n = row.in_group;
    out.with_outcome = row.with_outcome;
    return out;
  }

  // Sets the comparison's figures, the risks and the gap.
  static void SetComparison(DisparityRow& out, std::int64_t with_outcome, std::int64_t n) {
    out.comparison_with_outcome = with_outcome;
    out.comparison_n = n;
    out.risk = Fraction(out.with_outcome, out.n);
    out.comparison_risk = Fraction(with_outcome, n);
    out.gap_points = (*out.risk - *out.comparison_risk) * 100;
  }

  // A risk ratio (or alternate) against a comparison that meets the minimums, or whose risk
  // is 0 among enough students. `against` names the comparison for the reason.
  void CompareRisk(DisparityRow& out, RatioKind kind, std::int64_t with_outcome, std::int64_t n,
                   const std::string& against, const std::string& why_this_comparison) const {
    SetComparison(out, with_outcome, n);
    out.ratio_kind = kind;
    const std::string name = kind == RatioKind::kRiskRatio ? "risk ratio" : "alternate risk ratio";
    if (with_outcome == 0) {
      out.status = CellStatus::kUndefinedComparison;
      out.flagged = out.with_outcome > 0;
      out.reason = "none of the " + std::to_string(n) + " students in " + against +
                   " has the outcome, so the " + name + " is undefined (never divided by 0)" +
                   (out.flagged ? "; flagged for review" : " and neither group has the outcome");
      return;
    }
    const double ratio = Ratio(out.with_outcome, out.n, with_outcome, n);
    const double threshold = parameters_.risk_ratio_threshold;
    out.ratio = ratio;
    out.status = CellStatus::kOk;
    out.flagged = ratio > threshold;
    out.reason = name + " " + RatioText(ratio, threshold) + " (" + Percent(*out.risk) +
                 " against " + Percent(*out.comparison_risk) + " in " + against +
                 why_this_comparison + ") " + (out.flagged ? "exceeds" : "does not exceed") +
                 " the threshold " + Fixed2(threshold);
  }

  void MeasureAdverse(const std::vector<const OutcomeRow*>& cell,
                      std::vector<DisparityRow>& out) const {
    std::int64_t total_n = 0, total_with = 0;
    for (const OutcomeRow* row : cell) total_n += row->in_group, total_with += row->with_outcome;
    const OutcomeRow& first = *cell.front();
    const std::string others = first.school.empty() ? "the other groups in the district"
                                                    : "the other groups at this school";
    const StateCell* state = nullptr;
    if (state_ != nullptr) {
      const auto found = state_->find({first.outcome, first.year});
      if (found != state_->end()) state = &found->second;
    }
    for (const OutcomeRow* row : cell) {
      DisparityRow& result = out.emplace_back(Base(*row, false));
      if (!Sufficient(row->with_outcome, row->in_group)) {
        result.reason = GroupShortfall(*row);
        continue;
      }
      const std::int64_t others_n = total_n - row->in_group;
      const std::int64_t others_with = total_with - row->with_outcome;
      if (Sufficient(others_with, others_n)) {
        CompareRisk(result, RatioKind::kRiskRatio, others_with, others_n, others, "");
        continue;
      }
      const std::string shortfall = ComparisonShortfall(others_with, others_n, others);
      std::string state_note;
      const OutcomeRow* state_row = nullptr;
      if (state != nullptr) {
        const auto found = state->groups.find(row->group);
        if (found != state->groups.end()) state_row = found->second;
      }
      if (state_row != nullptr) {
        const std::int64_t state_n = state->in_group - state_row->in_group;
        const std::int64_t state_with = state->with_outcome - state_row->with_outcome;
        const std::string state_others = "the other groups in the state";
        if (Sufficient(state_with, state_n)) {
          CompareRisk(result, RatioKind::kAlternateRiskRatio, state_with, state_n, state_others,
                      ", used because " + shortfall);
          continue;
        }
        state_note = ComparisonShortfall(state_with, state_n, state_others);
      } else if (state != nullptr) {
        state_note = "the state figures have no row for group '" + row->group + "'";
      } else if (state_ != nullptr) {
        state_note = "the state figures have none for " +
                     DescribeCell(first.outcome, first.year, std::string());
      } else {
        state_note = "no state figures were given for an alternate risk ratio";
      }
      if (others_n >= parameters_.min_n && others_with == 0) {
        CompareRisk(result, RatioKind::kRiskRatio, 0, others_n, others, "");
        continue;
      }
      result.risk = Fraction(row->with_outcome, row->in_group);
      result.reason = "no comparison with sufficient data: " + shortfall + ", and " + state_note;
    }
  }

  void MeasureFavourable(const std::vector<const OutcomeRow*>& cell,
                         std::vector<DisparityRow>& out) const {
    const OutcomeRow* highest = nullptr;
    int eligible = 0;
    for (const OutcomeRow* row : cell) {
      if (!Sufficient(row->with_outcome, row->in_group)) continue;
      ++eligible;
      // a/b > c/d as a*d > c*b: exact, and the first of equal rates stays the reference.
      if (highest == nullptr ||
          row->with_outcome * highest->in_group > highest->with_outcome * row->in_group) {
        highest = row;
      }
    }
    for (const OutcomeRow* row : cell) {
      DisparityRow& result = out.emplace_back(Base(*row, true));
      if (!Sufficient(row->with_outcome, row->in_group)) {
        result.reason = GroupShortfall(*row);
        continue;
      }
      if (eligible < 2) {
        result.risk = Fraction(row->with_outcome, row->in_group);
        result.reason = "no other group in this cell has sufficient data to compare with";
        continue;
      }
      SetComparison(result, highest->with_outcome, highest->in_group);
      result.ratio_kind = RatioKind::kImpactRatio;
      result.reference_group = highest->group;
      if (highest->with_outcome == 0) {  // only when min_cell is 0: no group has the outcome
        result.status = CellStatus::kUndefinedComparison;
        result.reason = "no group in this cell has the outcome, so the impact ratio is undefined";
        continue;
      }
      const double ratio =
          Ratio(row->with_outcome, row->in_group, highest->with_outcome, highest->in_group);
      const double floor = parameters_.impact_ratio_floor;
      result.ratio = ratio;
      result.status = CellStatus::kOk;
      result.flagged = ratio < floor;
      if (row == highest) {
        result.reason = "highest rate in this cell (" + Percent(*result.risk) +
                        "): the reference the other groups' impact ratios are measured against";
      } else {
        result.reason = "impact ratio " + RatioText(ratio, floor) + " (" + Percent(*result.risk) +
                        " against " + Percent(*result.comparison_risk) + " for '" + highest->group +
                        "', the highest) is " + (result.flagged ? "below" : "not below") +
                        " the four-fifths floor " + Fixed2(floor);
      }
    }
  }

  const DisparityParameters& parameters_;
  const StateIndex* state_;
};

}  // namespace

StateIndex IndexStateFigures(const OutcomeTable& state) {
  StateIndex index;
  for (const OutcomeRow& row : state.rows) {
    StateCell& cell = index[{row.outcome, row.year}];
    cell.in_group += row.in_group;
    cell.with_outcome += row.with_outcome;
    cell.groups.emplace(row.group, &row);
  }
  return index;
}

std::vector<DisparityRow> MeasureCells(const OutcomeTable& district, const StateIndex* state,
                                       const DisparityParameters& parameters) {
  // Gathered by hash, then put in order once: outcome, school, year, so that a school's years
  // sit side by side for reading and for counting years running.
  std::vector<std::vector<const OutcomeRow*>> cells;
  std::unordered_map<std::string, std::size_t> cell_of_key;
  for (const OutcomeRow& row : district.rows) {
    const auto [found, inserted] = cell_of_key.emplace(CellKeyOf(row), cells.size());
    if (inserted) cells.emplace_back();
    cells[found->second].push_back(&row);
  }
  std::sort(cells.begin(), cells.end(), [](const auto& a, const auto& b) {
    return std::tie(a.front()->outcome, a.front()->school, a.front()->year) <
           std::tie(b.front()->outcome, b.front()->school, b.front()->year);
  });
  std::vector<DisparityRow> rows;
  rows.reserve(district.rows.size());
  const CellMeasurer measurer(parameters, state);
  for (const auto& cell : cells) measurer.Measure(cell, rows);
  return rows;
}

}  // namespace equilens
