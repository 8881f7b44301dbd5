// Equity data through the real binary: `data ID --csv` attaches subgroup outcome data,
// `metrics ID` shows the measures. The public test vectors of the domain notes (risk ratio
// 2.00, alternate risk ratio 2.083, insufficient data, four-fifths 0.70 and 0.80), routing on
// the measures in the shipped workflows, refusals of bad files, who may attach, persistence
// over years, recomputation, the statement, and approvals bound to the data.
//
// The CSV files are in tests/data/equity/.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e/form_answers.h"
#include "e2e/runtime_fixture.h"

namespace equilens::testing {
namespace {

using nlohmann::json;

const std::string kOss = "out_of_school_suspension";

std::string Csv(const std::string& name) { return SourceDir() + "/tests/data/equity/" + name; }

json Show(const Cli& cli, const std::string& user, const std::string& id) {
  return json::parse(cli.Ok(user, {"--json", "show", id}));
}

json Metrics(const Cli& cli, const std::string& user, const std::string& id) {
  return json::parse(cli.Ok(user, {"--json", "metrics", id}));
}

json History(const Cli& cli, const std::string& user, const std::string& id) {
  return json::parse(cli.Ok(user, {"--json", "history", id}));
}

int CountKind(const json& history, const std::string& kind) {
  int count = 0;
  for (const json& entry : history) count += entry["kind"] == kind ? 1 : 0;
  return count;
}

// The row of `group` (in `year`, when given) in a metrics view; fails the test when absent.
json Row(const json& metrics, const std::string& group, int year = 0) {
  for (const json& row : metrics["rows"]) {
    if (row["group"] == group && (year == 0 || row["year"] == year)) return row;
  }
  FAIL("no row for " << group << " " << year << " in " << metrics.dump());
  return json();
}

struct Shipped : RuntimeFixture {
  Shipped() : RuntimeFixture(SourceDir() + "/workflows", SourceDir() + "/templates") {}

  // A draft equity-impact-review by dana (transportation).
  std::string Draft(const std::string& workflow = "equity-impact-review") {
    return cli.Ok("dana", {"file", "--workflow", workflow, "--title", "Consolidate two bus routes",
                           "--department", "transportation", "--summary", "Saves 40 minutes."});
  }

  // Filed, submitted and accepted at intake: at assessment, held by dana.
  std::string AtAssessment() {
    const std::string id = Draft();
    cli.Ok("dana", {"act", id, "submit"});
    cli.Ok("rey", {"act", id, "accept"});
    REQUIRE(Show(cli, "dana", id)["stage"] == "assessment");
    return id;
  }

  // Fills the current stage's form as `user` with a generic answer for every field, with
  // `overrides` on top.
  void FillAll(const std::string& user, const std::string& id, const json& overrides) {
    json answers = AnswersFor(Show(cli, user, id)["form"]);
    answers.update(overrides);
    ProcessResult filled = Fill(user, id, answers.dump(2));
    INFO(filled.err);
    REQUIRE(filled.exit_code == 0);
  }

  ProcessResult Data(const std::string& user, const std::string& id,
                     const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"--json", "data", id};
    args.insert(args.end(), extra.begin(), extra.end());
    return cli.Run(user, args);
  }

  json DataOk(const std::string& id, const std::vector<std::string>& extra) {
    ProcessResult attached = Data("dana", id, extra);
    INFO(attached.err);
    REQUIRE(attached.exit_code == 0);
    return json::parse(attached.out);
  }

  // At assessment with a low-risk assessment (and the data `csv`, when given), submitted to
  // feedback and accepted by rey; returns the stage it went to.
  std::string AcceptLowRisk(const std::string& id, const std::string& csv) {
    FillAll("dana", id, {{"risk_level", "low"}});
    if (!csv.empty()) DataOk(id, {"--csv", Csv(csv)});
    cli.Ok("dana", {"act", id, "submit"});
    REQUIRE(Show(cli, "rey", id)["stage"] == "feedback");
    cli.Ok("rey", {"act", id, "accept"});
    return Show(cli, "dana", id)["stage"];
  }
};

// Whether `actor`'s accept at feedback is in force (as the ombuds sees the record).
bool AcceptInForce(const Cli& cli, const std::string& id, const std::string& actor) {
  const json shown = Show(cli, "olga", id);  // kept alive while its approvals are read
  for (const json& approval : shown["approvals"]) {
    if (approval["event"] == "accept" && approval["stage"] == "feedback" &&
        approval["actor"] == actor) {
      return approval["in_force"].get<bool>();
    }
  }
  FAIL("no accept by " << actor << " at feedback in " << shown["approvals"].dump());
  return false;
}

}  // namespace

// ------------------------------------------------------------------ the public vectors

TEST_CASE("equity data: the public risk ratio vector gives 2.00 through data and metrics") {
  Shipped f;
  const std::string id = f.Draft();
  CHECK(Metrics(f.cli, "dana", id)["attached"] == false);

  // g 80/400 = 0.20, all others 160/1600 = 0.10: RR = 2.00.
  const json attached = f.DataOk(id, {"--csv", Csv("rr_2_00.csv")});
  const json m = Metrics(f.cli, "dana", id);
  CHECK(m["attached"] == true);
  CHECK(m["by"] == "dana");
  CHECK(m["sources"].get<std::string>().find("rr_2_00.csv") != std::string::npos);
  CHECK(m["rows"] == attached["rows"]);  // `data` shows what `metrics` later reads
  CHECK(m["seq"] == attached["seq"]);
  CHECK(m["parameters"] == json{{"min_cell", 10},
                                {"min_n", 30},
                                {"risk_ratio_threshold", 3.0},
                                {"impact_ratio_floor", 0.8},
                                {"persistent_years", 3}});
  REQUIRE(m["rows"].size() == 2);

  const json black = Row(m, "Black");
  CHECK(black["outcome"] == kOss);
  CHECK(black["year"] == 2025);
  CHECK(black["school"] == "");
  CHECK(black["n"] == 400);
  CHECK(black["with_outcome"] == 80);
  CHECK(black["risk"].get<double>() == 0.2);
  CHECK(black["comparison_risk"].get<double>() == 0.1);
  CHECK(black["ratio"].get<double>() == 2.0);  // from the counts: exactly 2
  CHECK(black["ratio_kind"] == "risk_ratio");
  CHECK(black["status"] == "ok");
  CHECK(black["gap_points"].get<double>() == doctest::Approx(10.0));
  CHECK(black["flagged"] == false);  // 2.00 does not exceed 3.0
  CHECK(black["persistent"] == false);

  const json white = Row(m, "White");
  CHECK(white["ratio"].get<double>() == 0.5);
  CHECK(white["gap_points"].get<double>() == doctest::Approx(-10.0));
  CHECK(white["flagged"] == false);

  CHECK(m["summary"] == json{{"max_risk_ratio", 2.0},
                             {"flagged_groups", 0.0},
                             {"persistent_groups", 0.0}});  // no impact ratio: absent

  // The text table shows the same figures.
  const std::string text = f.cli.Ok("olga", {"metrics", id});
  CHECK(text.find("Black") != std::string::npos);
  CHECK(text.find("0.200") != std::string::npos);
  CHECK(text.find("2.00") != std::string::npos);
  CHECK(text.find("risk_ratio") != std::string::npos);
  CHECK(text.find("max_risk_ratio=2") != std::string::npos);
}

TEST_CASE("equity data: the alternate risk ratio vector uses the state's other groups (2.083)") {
  Shipped f;
  // g 15/60 = 0.25; the district's other group has n = 25 < 30; the state's other groups are
  // 60000/500000 = 0.12 (the state file lists every group, the group itself included).
  const std::string with_state = f.Draft();
  f.DataOk(with_state, {"--csv", Csv("alternate_district.csv"), "--state-csv",
                        Csv("alternate_state.csv"), "--outcome", kOss, "--year", "2025"});
  json m = Metrics(f.cli, "dana", with_state);
  json hispanic = Row(m, "Hispanic");
  CHECK(hispanic["outcome"] == kOss);
  CHECK(hispanic["year"] == 2025);
  CHECK(hispanic["status"] == "ok");
  CHECK(hispanic["ratio_kind"] == "alternate_risk_ratio");
  CHECK(hispanic["risk"].get<double>() == 0.25);
  CHECK(hispanic["comparison_risk"].get<double>() == doctest::Approx(0.12));
  CHECK(hispanic["ratio"].get<double>() == doctest::Approx(2.0833333333).epsilon(1e-9));
  CHECK(hispanic["gap_points"].get<double>() == doctest::Approx(13.0));
  CHECK(hispanic["flagged"] == false);
  // The other group has 3 with the outcome: insufficient, no risk (never 0).
  const json white = Row(m, "White");
  CHECK(white["status"] == "insufficient_data");
  CHECK(white["risk"].is_null());
  CHECK(white["ratio"].is_null());
  CHECK(white["flagged"] == false);
  CHECK(m["summary"]["max_risk_ratio"].get<double>() == doctest::Approx(2.0833333333));
  // The text table says which ratio it shows.
  CHECK(f.cli.Ok("dana", {"metrics", with_state}).find("alternate_risk_ratio") !=
        std::string::npos);

  // Without state figures there is no comparison: insufficient, and no ratio at all.
  const std::string without_state = f.Draft();
  f.DataOk(without_state,
           {"--csv", Csv("alternate_district.csv"), "--outcome", kOss, "--year", "2025"});
  m = Metrics(f.cli, "dana", without_state);
  hispanic = Row(m, "Hispanic");
  CHECK(hispanic["status"] == "insufficient_data");
  CHECK(hispanic["ratio"].is_null());
  CHECK(hispanic["ratio_kind"] == "none");
  CHECK(hispanic["risk"].get<double>() == 0.25);  // the group itself is big enough
  CHECK(hispanic["flagged"] == false);
  CHECK_FALSE(m["summary"].contains("max_risk_ratio"));
}

TEST_CASE("equity data: 6 with the outcome is insufficient data, its risk null and never 0") {
  Shipped f;
  const std::string id = f.Draft();
  f.DataOk(id, {"--csv", Csv("small_cell.csv")});
  json m = Metrics(f.cli, "dana", id);
  json small = Row(m, "American Indian");
  CHECK(small["n"] == 60);
  CHECK(small["with_outcome"] == 6);
  CHECK(small["status"] == "insufficient_data");
  CHECK(small["risk"].is_null());
  CHECK(small["ratio"].is_null());
  CHECK(small["gap_points"].is_null());
  CHECK(small["ratio_kind"] == "none");
  CHECK(small["flagged"] == false);
  CHECK(small["reason"].get<std::string>().find("minimum cell size 10") != std::string::npos);
  // Its comparison (the small group) is below the minimums too: nothing is measured, so no
  // max_risk_ratio is given at all, rather than 0.
  CHECK(Row(m, "White")["status"] == "insufficient_data");
  CHECK(m["summary"] == json{{"flagged_groups", 0.0}, {"persistent_groups", 0.0}});
  // The statement prints n/a, not 0.
  const std::string md = f.cli.Ok("dana", {"report", id, "--format", "md"});
  CHECK(md.find("| American Indian | 60 | 6 | n/a |") != std::string::npos);

  // A district minimum of 5 measures it; the new file replaces the same outcome and year.
  f.DataOk(id, {"--csv", Csv("small_cell.csv"), "--min-cell", "5"});
  m = Metrics(f.cli, "dana", id);
  REQUIRE(m["rows"].size() == 2);
  CHECK(m["parameters"]["min_cell"] == 5);
  small = Row(m, "American Indian");
  CHECK(small["status"] == "ok");
  CHECK(small["risk"].get<double>() == 0.1);
  CHECK(small["ratio"].get<double>() == 1.0);
  CHECK(m["summary"]["max_risk_ratio"].get<double>() == 1.0);
}

TEST_CASE("equity data: the four-fifths rule flags an impact ratio of 0.70 and not exactly 0.80") {
  Shipped f;
  const std::string id = f.Draft();
  // 2024: A 48/80 = 0.60 (highest), B 21/50 = 0.42: IR 0.70. 2025: B 24/50 = 0.48: IR 0.80.
  f.DataOk(id,
           {"--csv", Csv("four_fifths.csv"), "--outcome", "ap_enrollment", "--favourable", "true"});
  const json m = Metrics(f.cli, "dana", id);
  REQUIRE(m["rows"].size() == 4);

  const json b2024 = Row(m, "Black", 2024);
  CHECK(b2024["ratio_kind"] == "impact_ratio");
  CHECK(b2024["status"] == "ok");
  CHECK(b2024["risk"].get<double>() == 0.42);
  CHECK(b2024["comparison_risk"].get<double>() == 0.6);
  CHECK(b2024["ratio"].get<double>() == 0.7);
  CHECK(b2024["flagged"] == true);

  const json b2025 = Row(m, "Black", 2025);
  CHECK(b2025["ratio_kind"] == "impact_ratio");
  CHECK(b2025["ratio"].get<double>() == 0.8);  // exactly the floor
  CHECK(b2025["flagged"] == false);

  for (int year : {2024, 2025}) {
    const json a = Row(m, "Asian", year);
    CHECK(a["ratio"].get<double>() == 1.0);  // the highest group against itself
    CHECK(a["flagged"] == false);
  }
  CHECK(m["summary"] ==
        json{{"min_impact_ratio", 0.7}, {"flagged_groups", 1.0}, {"persistent_groups", 0.0}});
}

// ------------------------------------------------------------------ routing on the data

TEST_CASE(
    "equity data: a low-risk accept goes to signoff without data and to mitigation when "
    "the data flag a group") {
  Shipped f;
  // No data: low risk, no metric, so the accept skips mitigation.
  CHECK(f.AcceptLowRisk(f.AtAssessment(), "") == "signoff");
  // Data under both guards (RR 1.50, nothing flagged): still signoff.
  CHECK(f.AcceptLowRisk(f.AtAssessment(), "rr_1_50.csv") == "signoff");
  // RR exactly 2.00 meets `max_risk_ratio gte 2.0`, though nothing is flagged.
  CHECK(f.AcceptLowRisk(f.AtAssessment(), "rr_2_00.csv") == "mitigation");
  // RR 4.00 > 3.0: a flagged group.
  const std::string flagged = f.AtAssessment();
  CHECK(f.AcceptLowRisk(flagged, "rr_4_00.csv") == "mitigation");
  const json m = Metrics(f.cli, "rey", flagged);
  CHECK(Row(m, "Black")["ratio"].get<double>() == 4.0);
  CHECK(Row(m, "Black")["flagged"] == true);
  CHECK(m["summary"]["flagged_groups"].get<double>() == 1.0);
}

TEST_CASE("equity data: a flagged group bars approval in the expedited review") {
  Shipped f;
  auto to_review = [&](const std::string& csv) {
    const std::string id = f.Draft("expedited-review");
    f.cli.Ok("dana", {"act", id, "submit"});
    REQUIRE(Show(f.cli, "dana", id)["stage"] == "assessment");
    f.FillAll("dana", id, {{"risk_level", "low"}});
    if (!csv.empty()) f.DataOk(id, {"--csv", Csv(csv)});
    f.cli.Ok("dana", {"act", id, "submit"});
    REQUIRE(Show(f.cli, "rey", id)["stage"] == "review");
    json decision = AnswersFor(Show(f.cli, "rey", id)["form"]);
    decision["outcome"] = "no_change";
    f.FillAll("rey", id, decision);
    return id;
  };
  const std::string clean = to_review("rr_1_50.csv");
  f.cli.Ok("rey", {"act", clean, "approve"});
  CHECK(Show(f.cli, "olga", clean)["stage"] == "approved");

  const std::string flagged = to_review("rr_4_00.csv");
  const ProcessResult refused = f.cli.Run("rey", {"act", flagged, "approve"});
  CHECK(refused.exit_code == 5);
  CHECK(Show(f.cli, "olga", flagged)["stage"] == "review");
}

// ------------------------------------------------------------------ refusals

TEST_CASE("equity data: a malformed file is refused whole with FILE:LINE and exit 7") {
  Shipped f;
  const std::string id = f.AtAssessment();
  const std::string head_before = f.cli.Ok("olga", {"audit", "head"});

  auto refused = [&](const std::string& name, const std::vector<std::string>& expected) {
    INFO(name);
    const ProcessResult r = f.Data("dana", id, {"--csv", Csv(name)});
    INFO(r.err);
    CHECK(r.exit_code == 7);
    CHECK(r.out.empty());
    for (const std::string& part : expected) CHECK(r.err.find(part) != std::string::npos);
  };
  refused("empty.csv", {Csv("empty.csv") + ":1: the file is empty"});
  refused("with_outcome_over_in_group.csv", {Csv("with_outcome_over_in_group.csv") +
                                             ":3: with_outcome 140 is more than in_group 100"});
  refused("duplicate_group.csv",
          {Csv("duplicate_group.csv") + ":4: group 'Black' appears twice", "first on line 2"});
  // Every problem of a file is listed, not only the first; the good rows are not kept.
  refused("several_problems.csv",
          {Csv("several_problems.csv") + ":3:", Csv("several_problems.csv") + ":5:"});

  CHECK(Metrics(f.cli, "olga", id)["attached"] == false);
  CHECK(CountKind(History(f.cli, "olga", id), "equity_data_attached") == 0);
  CHECK(f.cli.Ok("olga", {"audit", "head"}) == head_before);  // nothing written at all

  // A bad file later leaves the attached data as it was.
  const json good = f.DataOk(id, {"--csv", Csv("rr_4_00.csv")});
  refused("with_outcome_over_in_group.csv", {":3:"});
  const json after = Metrics(f.cli, "olga", id);
  CHECK(after["seq"] == good["seq"]);
  CHECK(after["rows"] == good["rows"]);
  CHECK(CountKind(History(f.cli, "olga", id), "equity_data_attached") == 1);

  // Bad parameters are invalid input too.
  CHECK(f.Data("dana", id, {"--csv", Csv("rr_4_00.csv"), "--min-n", "0"}).exit_code == 7);
  CHECK(f.Data("dana", id, {"--csv", Csv("rr_4_00.csv"), "--impact-floor", "1.5"}).exit_code == 7);
  CHECK(Metrics(f.cli, "olga", id)["seq"] == good["seq"]);
}

// ------------------------------------------------------------------ who may attach

TEST_CASE("equity data: only the filer attaches, while they hold the initiative") {
  Shipped f;
  f.cli.Ok("ada",
           {"user", "add", "tess", "--role", "department_head", "--department", "transportation"});
  const std::string id = f.AtAssessment();
  const std::vector<std::string> csv = {"--csv", Csv("rr_4_00.csv")};

  CHECK(f.Data("rey", id, csv).exit_code == 4);   // a reviewer
  CHECK(f.Data("lee", id, csv).exit_code == 4);   // the lead
  CHECK(f.Data("olga", id, csv).exit_code == 4);  // the ombuds changes nothing
  CHECK(f.Data("omar", id, csv).exit_code == 3);  // another department cannot see it
  CHECK(f.Data("tess", id, csv).exit_code == 4);  // the same department, not the filer
  CHECK(Metrics(f.cli, "olga", id)["attached"] == false);

  // The ombuds and the reviewers read the measures; the other department cannot.
  f.DataOk(id, csv);
  CHECK(Metrics(f.cli, "olga", id)["attached"] == true);
  CHECK(Metrics(f.cli, "rey", id)["attached"] == true);
  CHECK(f.cli.Run("omar", {"metrics", id}).exit_code == 3);

  // At feedback the reviewer holds it: the filer's data waits.
  f.FillAll("dana", id, {{"risk_level", "low"}});
  f.cli.Ok("dana", {"act", id, "submit"});
  REQUIRE(Show(f.cli, "dana", id)["stage"] == "feedback");
  const json before = Metrics(f.cli, "olga", id);
  const ProcessResult at_feedback = f.Data("dana", id, {"--csv", Csv("rr_1_50.csv")});
  CHECK(at_feedback.exit_code == 5);
  CHECK(at_feedback.err.find("feedback") != std::string::npos);
  CHECK(Metrics(f.cli, "olga", id)["seq"] == before["seq"]);
  CHECK(CountKind(History(f.cli, "olga", id), "equity_data_attached") == 1);
}

// ------------------------------------------------------------------ years

TEST_CASE(
    "equity data: a group flagged three years running is persistent until a year is "
    "revised") {
  Shipped f;
  const std::string id = f.Draft();
  f.DataOk(id, {"--csv", Csv("oss_2023.csv")});
  f.DataOk(id, {"--csv", Csv("oss_2024.csv")});
  json m = Metrics(f.cli, "dana", id);
  CHECK(m["rows"].size() == 4);
  CHECK(m["summary"]["persistent_groups"].get<double>() == 0.0);

  f.DataOk(id, {"--csv", Csv("oss_2025.csv")});
  m = Metrics(f.cli, "dana", id);
  REQUIRE(m["rows"].size() == 6);
  for (const char* file : {"oss_2023.csv", "oss_2024.csv", "oss_2025.csv"}) {
    CHECK(m["sources"].get<std::string>().find(file) != std::string::npos);
  }
  for (int year : {2023, 2024, 2025}) {
    CHECK(Row(m, "Black", year)["ratio"].get<double>() == 4.0);
    CHECK(Row(m, "Black", year)["flagged"] == true);
    CHECK(Row(m, "White", year)["flagged"] == false);
  }
  CHECK(Row(m, "Black", 2023)["persistent"] == false);
  CHECK(Row(m, "Black", 2024)["persistent"] == false);
  CHECK(Row(m, "Black", 2025)["persistent"] == true);
  CHECK(m["summary"]["persistent_groups"].get<double>() == 1.0);
  CHECK(m["summary"]["flagged_groups"].get<double>() == 1.0);
  CHECK(f.cli.Ok("dana", {"metrics", id}).find("FLAG*") != std::string::npos);

  // Revised 2024 figures (RR 1.20) replace that year only, and break the run.
  f.DataOk(id, {"--csv", Csv("oss_2024_revised.csv")});
  m = Metrics(f.cli, "dana", id);
  REQUIRE(m["rows"].size() == 6);
  CHECK(Row(m, "Black", 2024)["ratio"].get<double>() == doctest::Approx(1.2));
  CHECK(Row(m, "Black", 2024)["flagged"] == false);
  CHECK(Row(m, "Black", 2023)["flagged"] == true);
  CHECK(Row(m, "Black", 2025)["flagged"] == true);
  CHECK(Row(m, "Black", 2025)["persistent"] == false);
  CHECK(m["summary"]["persistent_groups"].get<double>() == 0.0);
  CHECK(m["summary"]["flagged_groups"].get<double>() == 1.0);
  CHECK(CountKind(History(f.cli, "olga", id), "equity_data_attached") == 4);

  // Two years running is persistent when the district says so.
  const std::string two = f.Draft();
  f.DataOk(two, {"--csv", Csv("oss_2024.csv"), "--persistent-years", "2"});
  f.DataOk(two, {"--csv", Csv("oss_2025.csv"), "--persistent-years", "2"});
  m = Metrics(f.cli, "dana", two);
  CHECK(m["parameters"]["persistent_years"] == 2);
  CHECK(Row(m, "Black", 2025)["persistent"] == true);
  CHECK(m["summary"]["persistent_groups"].get<double>() == 1.0);
}

// ------------------------------------------------------------------ the record

TEST_CASE("equity data: recompute is identical, the log verifies, the statement shows the table") {
  Shipped f;
  const std::string id = f.AtAssessment();
  f.DataOk(id, {"--csv", Csv("rr_4_00.csv")});
  f.DataOk(id, {"--csv", Csv("alternate_district.csv"), "--state-csv", Csv("alternate_state.csv"),
                "--outcome", "chronic_absence", "--year", "2025"});

  const std::string text = f.cli.Ok("olga", {"metrics", id, "--recompute"});
  CHECK(text.find("recomputed from the recorded inputs: identical") != std::string::npos);
  const json recomputed = json::parse(f.cli.Ok("olga", {"--json", "metrics", id, "--recompute"}));
  CHECK(recomputed["recomputed"] == true);
  CHECK(recomputed["recompute"] == "identical");
  CHECK(recomputed["rows"].size() == 4);
  CHECK(Metrics(f.cli, "olga", id)["recomputed"] == false);

  CHECK(f.cli.Ok("olga", {"audit", "verify"}).find("intact") != std::string::npos);

  const std::string md = f.cli.Ok("olga", {"report", id, "--format", "md"});
  CHECK(md.find("## Outcome data") != std::string::npos);
  CHECK(md.find("No outcome data was attached") == std::string::npos);
  CHECK(md.find("| " + kOss +
                " | 2025 | all schools | Black | 100 | 40 | 0.400 | 0.100 | 4.00 "
                "(risk_ratio) | 30.0 | ok | **flagged** |") != std::string::npos);
  CHECK(md.find("| White | 1000 | 100 | 0.100 | 0.400 | 0.25 (risk_ratio) |") != std::string::npos);
  CHECK(md.find("| chronic_absence | 2025 | all schools | Hispanic | 60 | 15 | 0.250 | 0.120 | "
                "2.08 (alternate_risk_ratio) |") != std::string::npos);

  const std::string html = f.cli.Ok("olga", {"report", id, "--format", "html"});
  CHECK(html.find("Hispanic") != std::string::npos);
  CHECK(html.find("4.00") != std::string::npos);
  const std::string path = f.dir.Write("statement.html", html);
  // env finds xmllint on PATH; 127 means it is missing (.ci/deps installs libxml2-utils).
  const ProcessResult lint = RunProcess("/usr/bin/env", {"xmllint", "--noout", path});
  REQUIRE_MESSAGE(lint.exit_code != 127, "xmllint not found: install libxml2-utils");
  CHECK_MESSAGE(lint.exit_code == 0, (lint.out + lint.err));

  // Without data, the statement says so.
  const std::string none = f.AtAssessment();
  CHECK(f.cli.Ok("olga", {"report", none, "--format", "md"})
            .find("No outcome data was attached to this initiative.") != std::string::npos);
}

// ------------------------------------------------------------------ approvals

TEST_CASE("equity data: changing the data after the reviewer's accept voids the accept") {
  Shipped f;
  const std::string id = f.AtAssessment();
  REQUIRE(f.AcceptLowRisk(id, "rr_1_50.csv") == "signoff");
  REQUIRE(AcceptInForce(f.cli, id, "rey"));

  f.cli.Ok("lee", {"act", id, "request_changes", "--note", "Attach this year's figures."});
  REQUIRE(Show(f.cli, "dana", id)["stage"] == "assessment");
  // The same file again is the same content: the accept stands.
  f.DataOk(id, {"--csv", Csv("rr_1_50.csv")});
  CHECK(AcceptInForce(f.cli, id, "rey"));

  // Changed figures are not what rey accepted.
  f.DataOk(id, {"--csv", Csv("rr_4_00.csv")});
  CHECK_FALSE(AcceptInForce(f.cli, id, "rey"));
  const json history = History(f.cli, "olga", id);
  REQUIRE(CountKind(history, "approvals_voided") == 1);
  for (const json& entry : history) {
    if (entry["kind"] == "approvals_voided") {
      CHECK(entry["what"].get<std::string>().find("the equity data") != std::string::npos);
    }
  }
  CHECK(f.cli.Ok("olga", {"audit", "verify"}).find("intact") != std::string::npos);

  // Resubmitted, the new accept sees the flagged group and goes to mitigation.
  f.cli.Ok("dana", {"act", id, "submit"});
  f.cli.Ok("sam", {"act", id, "accept"});
  CHECK(Show(f.cli, "dana", id)["stage"] == "mitigation");
}

TEST_CASE("equity data: the first data attached after the reviewer's accept voids the accept") {
  Shipped f;
  const std::string id = f.AtAssessment();
  REQUIRE(f.AcceptLowRisk(id, "") == "signoff");  // accepted with no data at all
  f.cli.Ok("lee", {"act", id, "request_changes", "--note", "Attach the suspension figures."});
  REQUIRE(Show(f.cli, "dana", id)["stage"] == "assessment");
  f.DataOk(id, {"--csv", Csv("rr_4_00.csv")});
  // What rey accepted had no data; a flagged group now would have sent it to mitigation.
  // (At b5bca0f it stayed in force: ChangedParts compared only the parts the approval saw;
  // dd7b4fd makes equity data a content part from the start.)
  CHECK_FALSE(AcceptInForce(f.cli, id, "rey"));
}

TEST_CASE("equity data: changed data at mitigation voids the accept and says so") {
  Shipped f;
  const std::string id = f.AtAssessment();
  REQUIRE(f.AcceptLowRisk(id, "rr_4_00.csv") == "mitigation");
  REQUIRE(AcceptInForce(f.cli, id, "rey"));
  // The filer holds mitigation, so may attach; the figures rey saw are no longer the record's.
  const ProcessResult attached = f.cli.Run("dana", {"data", id, "--csv", Csv("rr_2_00.csv")});
  REQUIRE(attached.exit_code == 0);
  CHECK_FALSE(AcceptInForce(f.cli, id, "rey"));
  // Mitigation's submit does not lead to feedback, so the initiative goes back for review.
  CHECK(Show(f.cli, "dana", id)["stage"] == "feedback");
  // Like `fill` and `feedback answer`, `data` tells the filer the initiative left their hands.
  INFO(attached.out);
  CHECK(attached.out.find("approval void") != std::string::npos);
  CHECK(attached.out.find("went back to feedback") != std::string::npos);
}

// ------------------------------------------------------------------ more of the measures

TEST_CASE("equity data: a comparison with no one with the outcome is undefined and flagged") {
  Shipped f;
  const std::string id = f.AtAssessment();
  f.FillAll("dana", id, {{"risk_level", "low"}});
  const std::string csv =
      f.dir.Write("zero.csv", "group,in_group,with_outcome\nBlack,100,20\nWhite,1000,0\n");
  f.DataOk(id, {"--csv", csv, "--outcome", kOss, "--year", "2025"});
  const json m = Metrics(f.cli, "rey", id);
  const json black = Row(m, "Black");
  CHECK(black["status"] == "undefined_comparison");
  CHECK(black["ratio"].is_null());  // never divided by 0
  CHECK(black["risk"].get<double>() == 0.2);
  CHECK(black["comparison_risk"].get<double>() == 0.0);
  CHECK(black["flagged"] == true);
  const json white = Row(m, "White");
  CHECK(white["status"] == "insufficient_data");
  CHECK(white["risk"].is_null());  // 0 with the outcome is below the cell size: not 0
  CHECK(m["summary"] == json{{"flagged_groups", 1.0}, {"persistent_groups", 0.0}});
  // No ratio, but a flagged group: the accept still goes to mitigation.
  f.cli.Ok("dana", {"act", id, "submit"});
  f.cli.Ok("rey", {"act", id, "accept"});
  CHECK(Show(f.cli, "dana", id)["stage"] == "mitigation");
}

TEST_CASE("equity data: an Excel CSV with a byte order mark, CRLF and quoted school is read") {
  Shipped f;
  const std::string id = f.Draft();
  const std::string csv =
      f.dir.Write("excel.csv", std::string("\xEF\xBB\xBF") +
                                   "Outcome,Year,School,Group,In Group,With-Outcome\r\n"
                                   "oss,2025,\"Lincoln Middle, East campus\",Hispanic,120,14\r\n"
                                   "oss,2025,\"Lincoln Middle, East campus\",White,300,10\r\n"
                                   "\r\n"
                                   "oss,2025,,Hispanic,1200,140\r\n"
                                   "oss,2025,,White,3000,100");
  f.DataOk(id, {"--csv", csv});
  const json m = Metrics(f.cli, "dana", id);
  REQUIRE(m["rows"].size() == 4);
  int schools = 0;
  for (const json& row : m["rows"]) {
    if (row["school"] == "Lincoln Middle, East campus") ++schools;
    if (row["group"] == "Hispanic") {
      // 14/120 against 10/300, and 140/1200 against 100/3000: 3.50 in each cell.
      CHECK(row["ratio"].get<double>() == 3.5);
      CHECK(row["flagged"] == true);
    }
  }
  CHECK(schools == 2);  // the school is its own cell, not added into the district's
  CHECK(Row(m, "Hispanic")["outcome"] == "oss");
}

TEST_CASE("equity data: a repeated request id attaches once") {
  Shipped f;
  const std::string id = f.Draft();
  const json first = f.DataOk(id, {"--csv", Csv("rr_4_00.csv"), "--request-id", "upload-1"});
  const json again = f.DataOk(id, {"--csv", Csv("rr_4_00.csv"), "--request-id", "upload-1"});
  CHECK(again["seq"] == first["seq"]);
  CHECK(again["rows"] == first["rows"]);
  CHECK(CountKind(History(f.cli, "olga", id), "equity_data_attached") == 1);
}

TEST_CASE("equity data: later state figures for another outcome keep the earlier ones") {
  Shipped f;
  const std::string id = f.Draft();
  f.DataOk(id, {"--csv", Csv("alternate_district.csv"), "--state-csv", Csv("alternate_state.csv"),
                "--outcome", kOss, "--year", "2025"});
  REQUIRE(Row(Metrics(f.cli, "dana", id), "Hispanic")["ratio_kind"] == "alternate_risk_ratio");
  // Another outcome with its own state figures: g 20/60; state others 50000/500000.
  const std::string district =
      f.dir.Write("absence.csv", "group,in_group,with_outcome\nHispanic,60,20\nWhite,25,2\n");
  const std::string state =
      f.dir.Write("absence-state.csv",
                  "group,in_group,with_outcome\nHispanic,100000,10000\nWhite,500000,50000\n");
  f.DataOk(id, {"--csv", district, "--state-csv", state, "--outcome", "chronic_absence", "--year",
                "2025"});
  const json m = Metrics(f.cli, "dana", id);
  REQUIRE(m["rows"].size() == 4);
  for (const json& row : m["rows"]) {
    if (row["group"] != "Hispanic") continue;
    INFO(row.dump());
    // State figures merge by outcome and year as district rows do: the suspension row keeps
    // its alternate risk ratio 2.08.
    CHECK(row["ratio_kind"] == "alternate_risk_ratio");
    CHECK(row["status"] == "ok");
  }
}

TEST_CASE("equity data: an outcome adverse in one file and favourable in another is refused") {
  Shipped f;
  const std::string id = f.Draft();
  const std::string y2024 = f.dir.Write(
      "ap-2024.csv", "year,group,in_group,with_outcome\n2024,Asian,80,48\n2024,Black,50,21\n");
  const std::string y2025 = f.dir.Write(
      "ap-2025.csv", "year,group,in_group,with_outcome\n2025,Asian,80,48\n2025,Black,50,21\n");
  const json first =
      f.DataOk(id, {"--csv", y2024, "--outcome", "ap_enrollment", "--favourable", "true"});
  const ProcessResult refused = f.Data("dana", id, {"--csv", y2025, "--outcome", "ap_enrollment"});
  INFO(refused.err);
  CHECK(refused.exit_code == 7);
  CHECK(refused.err.find("is adverse here but favourable") != std::string::npos);
  CHECK(Metrics(f.cli, "dana", id)["seq"] == first["seq"]);
  // A rule across files names the new file and what was attached before, since the lines
  // of both are in the message.
  CHECK(refused.err.find(y2025 + " does not fit the data already attached to " + id + " (" + y2024 +
                         "); nothing was attached") != std::string::npos);
}

}  // namespace equilens::testing
