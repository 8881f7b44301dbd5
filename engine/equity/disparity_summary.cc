// A whole computation: parameters and inputs checked, cells measured (disparity.cc), years
// running marked, and the summary figures workflow guards read.
#include <cmath>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "equity/disparity.h"
#include "equity/disparity_internal.h"

namespace equilens {
namespace {

// Joins a table's problems as "source:LINE: message" lines.
void AppendProblems(const OutcomeTable& table, const std::vector<TableProblem>& problems,
                    std::string& text) {
  for (const TableProblem& problem : problems) {
    if (!text.empty()) text += '\n';
    text += table.source_name.empty() ? "(inputs)" : table.source_name;
    if (problem.line > 0) text += ":" + std::to_string(problem.line);
    text += ": " + problem.message;
  }
}

// Marks the rows flagged in `persistent_years` consecutive years of the same outcome, school
// and group. Relies on MeasureCells' order: each series' years come in ascending order.
void MarkPersistent(std::vector<DisparityRow>& rows, int persistent_years) {
  struct Run {
    int last_year = 0;
    int length = 0;  // consecutive flagged years ending at last_year
  };
  std::unordered_map<std::string, Run> runs;
  for (DisparityRow& row : rows) {
    std::string key = row.outcome;
    key.append(1, '\0').append(row.school).append(1, '\0').append(row.group);
    Run& run = runs[key];
    const bool continues = row.year != 0 && run.length > 0 && run.last_year == row.year - 1;
    run.length = row.flagged ? (continues ? run.length + 1 : 1) : 0;
    run.last_year = row.year;
    if (run.length < persistent_years) continue;
    row.persistent = true;
    if (persistent_years > 1) {
      row.reason += "; flagged " + std::to_string(run.length) + " years running (" +
                    std::to_string(row.year - run.length + 1) + " to " + std::to_string(row.year) +
                    ")";
    }
  }
}

void Summarize(DisparityReport& report) {
  std::set<std::string> flagged, persistent;
  for (const DisparityRow& row : report.rows) {
    if (row.flagged) flagged.insert(row.group);
    if (row.persistent) persistent.insert(row.group);
    if (row.status != CellStatus::kOk || !row.ratio) continue;
    std::optional<double>& extreme =
        row.ratio_kind == RatioKind::kImpactRatio ? report.min_impact_ratio : report.max_risk_ratio;
    if (!extreme || (row.ratio_kind == RatioKind::kImpactRatio ? *row.ratio < *extreme
                                                               : *row.ratio > *extreme)) {
      extreme = row.ratio;
    }
  }
  report.flagged_groups = static_cast<int>(flagged.size());
  report.persistent_groups = static_cast<int>(persistent.size());
}

}  // namespace

const char* RatioKindName(RatioKind kind) {
  switch (kind) {
    case RatioKind::kNone:
      return "none";
    case RatioKind::kRiskRatio:
      return "risk_ratio";
    case RatioKind::kAlternateRiskRatio:
      return "alternate_risk_ratio";
    case RatioKind::kImpactRatio:
      return "impact_ratio";
  }
  return "none";
}

const char* CellStatusName(CellStatus status) {
  switch (status) {
    case CellStatus::kOk:
      return "ok";
    case CellStatus::kInsufficientData:
      return "insufficient_data";
    case CellStatus::kUndefinedComparison:
      return "undefined_comparison";
  }
  return "insufficient_data";
}

Status ValidateParameters(const DisparityParameters& p) {
  if (p.min_cell < 0) {
    return InvalidInput("min_cell is " + std::to_string(p.min_cell) + "; it must be 0 or more");
  }
  if (p.min_n < 1) {
    return InvalidInput("min_n is " + std::to_string(p.min_n) + "; it must be 1 or more");
  }
  if (!std::isfinite(p.risk_ratio_threshold) || p.risk_ratio_threshold <= 0) {
    return InvalidInput("risk_ratio_threshold is " + std::to_string(p.risk_ratio_threshold) +
                        "; it must be a number above 0 (Washington uses 3.0)");
  }
  if (!std::isfinite(p.impact_ratio_floor) || p.impact_ratio_floor <= 0 ||
      p.impact_ratio_floor > 1) {
    return InvalidInput("impact_ratio_floor is " + std::to_string(p.impact_ratio_floor) +
                        "; it must be above 0 and at most 1 (the four-fifths rule uses 0.80)");
  }
  if (p.persistent_years < 1) {
    return InvalidInput("persistent_years is " + std::to_string(p.persistent_years) +
                        "; it must be 1 or more");
  }
  return Status::Ok();
}

Result<DisparityReport> ComputeDisparities(const DisparityInputs& inputs,
                                           const DisparityParameters& parameters) {
  if (Status status = ValidateParameters(parameters); !status.ok()) return status;
  std::string problems;
  AppendProblems(inputs.district, CheckOutcomeTable(inputs.district, false), problems);
  if (inputs.state) AppendProblems(*inputs.state, CheckOutcomeTable(*inputs.state, true), problems);
  if (!problems.empty()) return InvalidInput(std::move(problems));

  DisparityReport report;
  if (inputs.state) {
    const StateIndex state = IndexStateFigures(*inputs.state);
    report.rows = MeasureCells(inputs.district, &state, parameters);
  } else {
    report.rows = MeasureCells(inputs.district, nullptr, parameters);
  }
  MarkPersistent(report.rows, parameters.persistent_years);
  Summarize(report);
  return report;
}

std::map<std::string, double> SummaryMetrics(const DisparityReport& report) {
  std::map<std::string, double> metrics;
  if (report.max_risk_ratio) metrics["max_risk_ratio"] = *report.max_risk_ratio;
  if (report.min_impact_ratio) metrics["min_impact_ratio"] = *report.min_impact_ratio;
  metrics["flagged_groups"] = report.flagged_groups;
  metrics["persistent_groups"] = report.persistent_groups;
  return metrics;
}

}  // namespace equilens
