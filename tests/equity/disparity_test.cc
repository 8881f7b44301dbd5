// The measures of one year: EQUITY.md's public vectors, the boundaries of every minimum and
// threshold, comparisons that are missing, too small or zero, and the summary figures.
#include "equity/disparity.h"

#include <doctest/doctest.h>

#include <string>

#include "equity/equity_test_support.h"

namespace equilens {

TEST_CASE("public vector - risk ratio 2.00 against all other groups in the district") {
  // g 80/400 = 0.20; the others together 160/1600 = 0.10.
  const DisparityReport report =
      Compute(Table({Row("g", 400, 80), Row("White", 1000, 100), Row("Asian", 600, 60)}));
  const DisparityRow& g = Find(report, "g");
  CHECK(g.status == CellStatus::kOk);
  CHECK(g.ratio_kind == RatioKind::kRiskRatio);
  CHECK(*g.ratio == 2.0);
  CHECK(*g.risk == 0.2);
  CHECK(*g.comparison_risk == 0.1);
  CHECK(g.comparison_n == 1600);
  CHECK(g.comparison_with_outcome == 160);
  CHECK(*g.gap_points == doctest::Approx(10.0));
  CHECK_FALSE(g.flagged);
  CHECK(g.reason ==
        "risk ratio 2.00 (20.0% against 10.0% in the other groups in the district) does not "
        "exceed the threshold 3.00");
  CHECK(*report.max_risk_ratio == 2.0);
  CHECK(report.flagged_groups == 0);
}

TEST_CASE("public vector - alternate risk ratio 2.083 when the district's others are under 30") {
  // g 15/60 = 0.25; the district's other groups have n = 25; the state's others 60000/500000.
  const OutcomeTable district = Table({Row("g", 60, 15), Row("h", 25, 12)});
  const OutcomeTable state = Table(
      {Row("g", 9000, 1000, 2025), Row("h", 300000, 40000), Row("i", 200000, 20000)}, "state.csv");
  const DisparityReport report = Compute(district, {}, state);
  const DisparityRow& g = Find(report, "g");
  CHECK(g.status == CellStatus::kOk);
  CHECK(g.ratio_kind == RatioKind::kAlternateRiskRatio);
  CHECK(*g.ratio == 25.0 / 12.0);  // 0.25 / 0.12, exactly as the division of the counts
  CHECK(*g.ratio == doctest::Approx(2.083).epsilon(0.0002));
  CHECK(g.comparison_n == 500000);
  CHECK(g.comparison_with_outcome == 60000);
  CHECK(*g.comparison_risk == 0.12);
  CHECK(*g.gap_points == doctest::Approx(13.0));
  CHECK_FALSE(g.flagged);
  CHECK(Contains(g.reason,
                 "alternate risk ratio 2.08 (25.0% against 12.0% in the other groups "
                 "in the state, used because the other groups in the district have 25 "
                 "students, below the minimum n-size 30)"));
  // h (12/25) is itself under the minimum n-size.
  CHECK(Find(report, "h").status == CellStatus::kInsufficientData);
  CHECK(*report.max_risk_ratio == 25.0 / 12.0);

  SUBCASE("without state figures the same group has no comparison") {
    const DisparityRow& alone = Find(Compute(district), "g");
    CHECK(alone.status == CellStatus::kInsufficientData);
    CHECK(alone.ratio_kind == RatioKind::kNone);
    CHECK_FALSE(alone.ratio);
    CHECK(*alone.risk == 0.25);  // the group itself is sufficient
    CHECK(alone.reason ==
          "no comparison with sufficient data: the other groups in the district have 25 "
          "students, below the minimum n-size 30, and no state figures were given for an "
          "alternate risk ratio");
  }
  SUBCASE("state figures without the group's own row cannot give the state's others") {
    const OutcomeTable partial = Table({Row("h", 300000, 40000)}, "state.csv");
    const DisparityRow& row = Find(Compute(district, {}, partial), "g");
    CHECK(row.status == CellStatus::kInsufficientData);
    CHECK(Contains(row.reason, "the state figures have no row for group 'g'"));
  }
  SUBCASE("state figures for another year are not used") {
    const OutcomeTable other_year =
        Table({Row("g", 9000, 1000, 2024), Row("h", 500000, 60000, 2024)});
    const DisparityRow& row = Find(Compute(district, {}, other_year), "g");
    CHECK(row.status == CellStatus::kInsufficientData);
    CHECK(Contains(row.reason, "the state figures have none for outcome 'oss', year 2025"));
  }
}

TEST_CASE("public vector - 6 with the outcome is insufficient data, never 0") {
  const DisparityReport report = Compute(Table({Row("g", 100, 6), Row("others", 1600, 160)}));
  const DisparityRow& g = Find(report, "g");
  CHECK(g.status == CellStatus::kInsufficientData);
  CHECK(g.ratio_kind == RatioKind::kNone);
  CHECK_FALSE(g.risk);
  CHECK_FALSE(g.ratio);
  CHECK_FALSE(g.gap_points);
  CHECK_FALSE(g.flagged);
  CHECK(g.reason == "6 with the outcome is below the minimum cell size 10");
}

TEST_CASE("public vector - impact ratio 0.70 is flagged and exactly 0.80 is not") {
  const DisparityReport report =
      Compute(Table({FavourableRow("A", 80, 48), FavourableRow("B", 50, 21)}));
  const DisparityRow& a = Find(report, "A");
  const DisparityRow& b = Find(report, "B");
  CHECK(a.ratio_kind == RatioKind::kImpactRatio);
  CHECK(*a.ratio == 1.0);
  CHECK_FALSE(a.flagged);
  CHECK(Contains(a.reason, "highest rate in this cell (60.0%)"));
  CHECK(b.ratio_kind == RatioKind::kImpactRatio);
  CHECK(b.reference_group == "A");
  CHECK(*b.ratio == doctest::Approx(0.70));
  CHECK(b.flagged);
  CHECK(*b.gap_points == doctest::Approx(-18.0));
  CHECK(b.reason ==
        "impact ratio 0.70 (42.0% against 60.0% for 'A', the highest) is below the four-fifths "
        "floor 0.80");
  CHECK(*report.min_impact_ratio == doctest::Approx(0.70));
  CHECK_FALSE(report.max_risk_ratio);
  CHECK(report.flagged_groups == 1);

  const DisparityReport at_floor =
      Compute(Table({FavourableRow("A", 80, 48), FavourableRow("B", 50, 24)}));
  const DisparityRow& b80 = Find(at_floor, "B");
  CHECK(*b80.ratio == 0.80);
  CHECK_FALSE(b80.flagged);
  CHECK(Contains(b80.reason, "is not below the four-fifths floor 0.80"));
  CHECK(at_floor.flagged_groups == 0);
}

TEST_CASE("a risk ratio exactly at the threshold is not flagged, just over it is") {
  // 0.3 / 0.1 in doubles is 2.9999999999999996; from the counts it is exactly 3.
  const DisparityRow& at = Find(Compute(Table({Row("g", 100, 30), Row("h", 100, 10)})), "g");
  CHECK(*at.ratio == 3.0);
  CHECK_FALSE(at.flagged);
  CHECK(Contains(at.reason, "risk ratio 3.00 (30.0% against 10.0%"));
  CHECK(Contains(at.reason, "does not exceed the threshold 3.00"));

  const DisparityRow& over = Find(Compute(Table({Row("g", 1000, 301), Row("h", 1000, 100)})), "g");
  CHECK(*over.ratio == doctest::Approx(3.01));
  CHECK(over.flagged);
  CHECK(Contains(over.reason, "risk ratio 3.01 "));
  CHECK(Contains(over.reason, "exceeds the threshold 3.00"));

  SUBCASE("a ratio a hair over shows enough decimals not to read as equal") {
    const DisparityRow& hair =
        Find(Compute(Table({Row("g", 100000, 30001), Row("h", 100000, 10000)})), "g");
    CHECK(hair.flagged);
    CHECK(Contains(hair.reason, "risk ratio 3.0001 "));
  }
  SUBCASE("the threshold is the district's choice") {
    DisparityParameters strict;
    strict.risk_ratio_threshold = 2.5;
    CHECK(Find(Compute(Table({Row("g", 100, 30), Row("h", 100, 10)}), strict), "g").flagged);
  }
}

TEST_CASE("the minimums are inclusive - exactly 10 with the outcome and exactly 30 suffice") {
  const DisparityReport report = Compute(Table({Row("g", 30, 10), Row("h", 300, 20)}));
  const DisparityRow& g = Find(report, "g");
  CHECK(g.status == CellStatus::kOk);
  CHECK(*g.ratio == 5.0);  // (10/30) / (20/300)
  CHECK(g.flagged);
  CHECK(Find(report, "h").status == CellStatus::kOk);  // its comparison g is exactly at both

  const DisparityRow& cell9 = Find(Compute(Table({Row("g", 30, 9), Row("h", 300, 20)})), "g");
  CHECK(cell9.status == CellStatus::kInsufficientData);
  CHECK(cell9.reason == "9 with the outcome is below the minimum cell size 10");
  const DisparityRow& n29 = Find(Compute(Table({Row("g", 29, 10), Row("h", 300, 20)})), "g");
  CHECK(n29.status == CellStatus::kInsufficientData);
  CHECK(n29.reason == "29 in the group is below the minimum n-size 30");
  const DisparityRow& both = Find(Compute(Table({Row("g", 12, 3), Row("h", 300, 20)})), "g");
  CHECK(both.reason ==
        "3 with the outcome is below the minimum cell size 10, and 12 in the group is below the "
        "minimum n-size 30");

  SUBCASE("the comparison is held to the same minimums") {
    const DisparityRow& row = Find(Compute(Table({Row("g", 300, 60), Row("h", 30, 9)})), "g");
    CHECK(row.status == CellStatus::kInsufficientData);
    CHECK(Contains(row.reason,
                   "the other groups in the district have 9 with the outcome, below "
                   "the minimum cell size 10"));
  }
  SUBCASE("a district may configure smaller minimums") {
    DisparityParameters small;
    small.min_cell = 5;
    small.min_n = 20;
    CHECK(Find(Compute(Table({Row("g", 100, 6), Row("h", 1600, 160)}), small), "g").status ==
          CellStatus::kOk);
  }
}

TEST_CASE("a comparison risk of 0 is undefined and flagged, never divided by") {
  const DisparityReport report = Compute(Table({Row("g", 100, 20), Row("h", 500, 0)}));
  const DisparityRow& g = Find(report, "g");
  CHECK(g.status == CellStatus::kUndefinedComparison);
  CHECK(g.ratio_kind == RatioKind::kRiskRatio);
  CHECK_FALSE(g.ratio);
  CHECK(*g.comparison_risk == 0.0);
  CHECK(g.comparison_n == 500);
  CHECK(*g.gap_points == doctest::Approx(20.0));
  CHECK(g.flagged);
  CHECK(g.reason ==
        "none of the 500 students in the other groups in the district has the outcome, so the "
        "risk ratio is undefined (never divided by 0); flagged for review");
  CHECK(Find(report, "h").status == CellStatus::kInsufficientData);  // h has 0 < 10 itself
  CHECK_FALSE(report.max_risk_ratio);  // an undefined ratio is not a figure
  CHECK(report.flagged_groups == 1);

  SUBCASE("state figures give an alternate risk ratio instead") {
    const OutcomeTable state = Table({Row("g", 10000, 500), Row("h", 90000, 4500)});
    const DisparityRow& row =
        Find(Compute(Table({Row("g", 100, 20), Row("h", 500, 0)}), {}, state), "g");
    CHECK(row.ratio_kind == RatioKind::kAlternateRiskRatio);
    CHECK(*row.ratio == 4.0);  // 0.20 / 0.05
    CHECK(row.flagged);
  }
  SUBCASE("with a minimum cell size of 0 the zero comparison is reached directly") {
    DisparityParameters zero;
    zero.min_cell = 0;
    const DisparityReport open = Compute(Table({Row("g", 100, 20), Row("h", 500, 0)}), zero);
    CHECK(Find(open, "g").status == CellStatus::kUndefinedComparison);
    CHECK(Find(open, "g").flagged);
    CHECK(*Find(open, "h").ratio == 0.0);  // 0 against 20 %: a ratio, and no disparity
    CHECK_FALSE(Find(open, "h").flagged);
  }
  SUBCASE("a zero comparison among too few students is insufficient, not undefined") {
    const DisparityRow& row = Find(Compute(Table({Row("g", 100, 20), Row("h", 20, 0)})), "g");
    CHECK(row.status == CellStatus::kInsufficientData);
    CHECK_FALSE(row.flagged);
  }
}

TEST_CASE("when every group is suppressed there is no max_risk_ratio") {
  const DisparityReport report = Compute(Table({Row("g", 20, 5), Row("h", 25, 3)}));
  for (const DisparityRow& row : report.rows) {
    CHECK(row.status == CellStatus::kInsufficientData);
    CHECK_FALSE(row.ratio);
  }
  CHECK_FALSE(report.max_risk_ratio);
  const std::map<std::string, double> metrics = SummaryMetrics(report);
  CHECK(metrics.count("max_risk_ratio") == 0);
  CHECK(metrics.count("min_impact_ratio") == 0);
  CHECK(metrics.at("flagged_groups") == 0);
  CHECK(metrics.at("persistent_groups") == 0);
}

TEST_CASE("a single group has nothing to compare with") {
  const DisparityRow& alone = Find(Compute(Table({Row("all", 5000, 400)})), "all");
  CHECK(alone.status == CellStatus::kInsufficientData);
  CHECK(alone.ratio_kind == RatioKind::kNone);
  CHECK(alone.reason ==
        "no comparison with sufficient data: there are no other groups in the district to "
        "compare with, and no state figures were given for an alternate risk ratio");
  const DisparityRow& favourable = Find(Compute(Table({FavourableRow("A", 80, 48)})), "A");
  CHECK(favourable.status == CellStatus::kInsufficientData);
  CHECK(favourable.reason == "no other group in this cell has sufficient data to compare with");
}

TEST_CASE("the impact ratio's reference is the highest group with sufficient data") {
  // C's rate is the highest (9/10) but C is too small to be the reference.
  const DisparityReport report = Compute(
      Table({FavourableRow("A", 80, 48), FavourableRow("B", 50, 21), FavourableRow("C", 10, 9)}));
  CHECK(Find(report, "B").reference_group == "A");
  CHECK(Find(report, "C").status == CellStatus::kInsufficientData);
  SUBCASE("of equal rates the first listed is the reference") {
    const DisparityReport tie =
        Compute(Table({FavourableRow("A", 50, 25), FavourableRow("B", 100, 50)}));
    CHECK(Find(tie, "B").reference_group == "A");
    CHECK(*Find(tie, "B").ratio == 1.0);
  }
}

TEST_CASE("schools and the district are measured as separate cells") {
  const DisparityReport report = Compute(Table({
      Row("g", 400, 80, 2025, ""),
      Row("h", 1600, 160, 2025, ""),
      Row("g", 100, 40, 2025, "Lincoln"),
      Row("h", 400, 40, 2025, "Lincoln"),
  }));
  REQUIRE(report.rows.size() == 4);
  CHECK(*Find(report, "g").ratio == 2.0);
  const DisparityRow& lincoln = Find(report, "g", 2025, "Lincoln");
  CHECK(*lincoln.ratio == 4.0);
  CHECK(lincoln.flagged);
  CHECK(Contains(lincoln.reason, "in the other groups at this school"));
  // Ordered by outcome, school, year: the district's cell ("") first.
  CHECK(report.rows[0].school.empty());
  CHECK(report.rows[2].school == "Lincoln");
  CHECK(report.flagged_groups == 1);
  CHECK(*report.max_risk_ratio == 4.0);
}

TEST_CASE("parameters out of range are refused by name") {
  const OutcomeTable table = Table({Row("g", 400, 80), Row("h", 1600, 160)});
  const auto refusal = [&](DisparityParameters p) {
    Result<DisparityReport> report = ComputeDisparities({table, std::nullopt}, p);
    REQUIRE_FALSE(report.ok());
    CHECK(report.status().category() == ErrorCategory::kInvalidInput);
    return report.status().message();
  };
  DisparityParameters p;
  p.min_cell = -1;
  CHECK(Contains(refusal(p), "min_cell is -1"));
  p = {};
  p.min_n = 0;
  CHECK(Contains(refusal(p), "min_n is 0"));
  p = {};
  p.risk_ratio_threshold = 0;
  CHECK(Contains(refusal(p), "risk_ratio_threshold"));
  p = {};
  p.impact_ratio_floor = 1.2;
  CHECK(Contains(refusal(p), "impact_ratio_floor"));
  p.impact_ratio_floor = 0;
  CHECK(Contains(refusal(p), "impact_ratio_floor"));
  p = {};
  p.persistent_years = 0;
  CHECK(Contains(refusal(p), "persistent_years is 0"));
  p = {};
  p.impact_ratio_floor = 1.0;  // the edges that are allowed
  p.min_cell = 0;
  p.min_n = 1;
  p.persistent_years = 1;
  CHECK(ValidateParameters(p).ok());
}

TEST_CASE("inputs built in code meet the same rules as a file") {
  Result<DisparityReport> report =
      ComputeDisparities({Table({Row("g", 40, 50), Row("g", 100, 10)}), std::nullopt}, {});
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().category() == ErrorCategory::kInvalidInput);
  CHECK(report.status().message() ==
        "test.csv:2: with_outcome 50 is more than in_group 40: the students with the outcome "
        "are counted in the group");
  Result<DisparityReport> state_school = ComputeDisparities(
      {Table({Row("g", 400, 80)}), Table({Row("g", 400, 80, 2025, "Lincoln")}, "state.csv")}, {});
  REQUIRE_FALSE(state_school.ok());
  CHECK(Contains(state_school.status().message(), "state.csv:2: school is 'Lincoln'"));
}

}  // namespace equilens
