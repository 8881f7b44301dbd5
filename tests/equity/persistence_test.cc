// Years running: a group flagged in persistent_years consecutive school years is persistent;
// a gap year, or a year not flagged, starts the count again.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "equity/disparity.h"
#include "equity/equity_test_support.h"

namespace equilens {
namespace {

// g at risk 40 % against 10 % (ratio 4: flagged) or 20 % against 10 % (ratio 2: not).
std::vector<OutcomeRow> Year(int year, bool flagged, const std::string& school = "") {
  return {Row("g", 100, flagged ? 40 : 20, year, school), Row("h", 400, 40, year, school)};
}

OutcomeTable Years(const std::vector<std::vector<OutcomeRow>>& years) {
  std::vector<OutcomeRow> rows;
  for (const auto& year : years) rows.insert(rows.end(), year.begin(), year.end());
  return Table(rows);
}

}  // namespace

TEST_CASE("a group flagged three consecutive years is persistent in the third") {
  const DisparityReport report =
      Compute(Years({Year(2023, true), Year(2024, true), Year(2025, true), Year(2026, true)}));
  CHECK_FALSE(Find(report, "g", 2023).persistent);
  CHECK_FALSE(Find(report, "g", 2024).persistent);
  CHECK(Find(report, "g", 2025).persistent);
  CHECK(Find(report, "g", 2026).persistent);
  CHECK(Contains(Find(report, "g", 2025).reason, "; flagged 3 years running (2023 to 2025)"));
  CHECK(Contains(Find(report, "g", 2026).reason, "; flagged 4 years running (2023 to 2026)"));
  CHECK(report.persistent_groups == 1);
  CHECK(report.flagged_groups == 1);
  CHECK(SummaryMetrics(report).at("persistent_groups") == 1);
}

TEST_CASE("a gap year breaks the run") {
  // 2023, 2024, then no figures for 2025, then 2026: three flagged years, not consecutive.
  const DisparityReport report =
      Compute(Years({Year(2023, true), Year(2024, true), Year(2026, true)}));
  for (const DisparityRow& row : report.rows) CHECK_FALSE(row.persistent);
  CHECK(report.persistent_groups == 0);
  CHECK(report.flagged_groups == 1);
}

TEST_CASE("a year under the threshold breaks the run") {
  const DisparityReport report = Compute(Years(
      {Year(2022, true), Year(2023, true), Year(2024, false), Year(2025, true), Year(2026, true)}));
  for (const DisparityRow& row : report.rows) CHECK_FALSE(row.persistent);
  CHECK_FALSE(Find(report, "g", 2024).flagged);

  SUBCASE("and two years suffice when the district says so") {
    DisparityParameters two;
    two.persistent_years = 2;
    const DisparityReport again = Compute(
        Years({Year(2022, true), Year(2023, true), Year(2024, false), Year(2025, true)}), two);
    CHECK(Find(again, "g", 2023).persistent);
    CHECK_FALSE(Find(again, "g", 2025).persistent);
  }
}

TEST_CASE("years are counted per school, outcome and group, whatever the row order") {
  // Lincoln flagged three years; Adams only in 2025; rows given newest first and interleaved.
  std::vector<OutcomeRow> rows;
  for (int year : {2025, 2024, 2023}) {
    for (const OutcomeRow& row : Year(year, true, "Lincoln")) rows.push_back(row);
    for (const OutcomeRow& row : Year(year, year == 2025, "Adams")) rows.push_back(row);
  }
  const DisparityReport report = Compute(Table(rows));
  CHECK(Find(report, "g", 2025, "Lincoln").persistent);
  CHECK_FALSE(Find(report, "g", 2025, "Adams").persistent);
  CHECK(Find(report, "g", 2025, "Adams").flagged);
  CHECK(report.persistent_groups == 1);
}

TEST_CASE("rows without a year are never part of a run") {
  const DisparityReport report = Compute(Years({Year(0, true)}));
  CHECK(Find(report, "g", 0).flagged);
  CHECK_FALSE(Find(report, "g", 0).persistent);
  DisparityParameters one;
  one.persistent_years = 1;
  CHECK(Find(Compute(Years({Year(0, true)}), one), "g", 0).persistent);  // one year is a run
}

}  // namespace equilens
