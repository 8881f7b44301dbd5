// Small builders for the equity tests: tables written as rows, and reports read by group.
#ifndef EQUILENS_TESTS_EQUITY_EQUITY_TEST_SUPPORT_H_
#define EQUILENS_TESTS_EQUITY_EQUITY_TEST_SUPPORT_H_

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "equity/disparity.h"
#include "equity/outcome_table.h"

namespace equilens {

// A row of one outcome ("oss", adverse unless `favourable`), one year and one school.
inline OutcomeRow Row(const std::string& group, std::int64_t in_group, std::int64_t with_outcome,
                      int year = 2025, const std::string& school = "",
                      const std::string& outcome = "oss", std::optional<bool> favourable = {}) {
  OutcomeRow row;
  row.group = group;
  row.outcome = outcome;
  row.school = school;
  row.year = year;
  row.in_group = in_group;
  row.with_outcome = with_outcome;
  row.favourable = favourable;
  return row;
}

inline OutcomeRow FavourableRow(const std::string& group, std::int64_t in_group,
                                std::int64_t with_outcome) {
  return Row(group, in_group, with_outcome, 2025, "", "ap_enrollment", true);
}

inline OutcomeTable Table(std::vector<OutcomeRow> rows, const std::string& source = "test.csv") {
  int line = 2;
  for (OutcomeRow& row : rows) row.line = line++;
  return OutcomeTable{source, std::move(rows)};
}

// Computes or fails the test.
inline DisparityReport Compute(const OutcomeTable& district, const DisparityParameters& p = {},
                               std::optional<OutcomeTable> state = std::nullopt) {
  Result<DisparityReport> report = ComputeDisparities({district, std::move(state)}, p);
  REQUIRE_MESSAGE(report.ok(), report.status().ToString());
  return std::move(report).value();
}

// A copy of the result row of `group` (in `year`, at `school`), or fails the test. A copy,
// so that `Find(Compute(...), "g")` outlives the report it came from.
inline DisparityRow Find(const DisparityReport& report, const std::string& group, int year = 2025,
                         const std::string& school = "") {
  for (const DisparityRow& row : report.rows) {
    if (row.group == group && row.year == year && row.school == school) return row;
  }
  FAIL("no result row for group " << group << " year " << year << " school " << school);
  return {};  // not reached
}

inline bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace equilens

#endif  // EQUILENS_TESTS_EQUITY_EQUITY_TEST_SUPPORT_H_
