// Outcome CSV files: what is read (RFC 4180 quoting, BOM, CRLF, columns in any order,
// defaults) and what is refused, whole, with FILE:LINE for each problem.
#include "equity/outcome_csv.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "equity/equity_test_support.h"

namespace equilens {
namespace {

OutcomeTable ParseOrDie(const std::string& text, const CsvOptions& options = {}) {
  Result<OutcomeTable> table = ParseOutcomeCsv("outcomes.csv", text, options);
  REQUIRE_MESSAGE(table.ok(), table.status().message());
  return std::move(table).value();
}

// The whole refusal message of a file that must be refused.
std::string Refusal(const std::string& text, const CsvOptions& options = {}) {
  Result<OutcomeTable> table = ParseOutcomeCsv("outcomes.csv", text, options);
  REQUIRE_FALSE(table.ok());
  CHECK(table.status().category() == ErrorCategory::kInvalidInput);
  return table.status().message();
}

const char* const kHeader = "outcome,year,school,group,in_group,with_outcome\n";

}  // namespace

TEST_CASE("a file with every column reads into rows in file order") {
  const OutcomeTable table = ParseOrDie(
      "outcome,year,school,group,in_group,with_outcome,favourable\n"
      "oss,2025,,Black,400,80,false\n"
      "oss,2025,Lincoln,Hispanic,120,9,\n"
      "ap_enrollment,2024,,Asian,80,48,true\n");
  CHECK(table.source_name == "outcomes.csv");
  REQUIRE(table.rows.size() == 3);
  const OutcomeRow& black = table.rows[0];
  CHECK(black.outcome == "oss");
  CHECK(black.year == 2025);
  CHECK(black.school.empty());
  CHECK(black.group == "Black");
  CHECK(black.in_group == 400);
  CHECK(black.with_outcome == 80);
  CHECK(black.favourable == std::optional<bool>(false));
  CHECK(black.line == 2);
  CHECK(table.rows[1].school == "Lincoln");
  CHECK_FALSE(table.rows[1].favourable);
  CHECK(table.rows[2].favourable == std::optional<bool>(true));
  CHECK(table.rows[2].line == 4);
}

TEST_CASE("columns may come in any order, any case, spaced, and with the file's defaults") {
  CsvOptions options;
  options.outcome = "oss";
  options.year = 2025;
  const OutcomeTable table = ParseOrDie(" With Outcome ,IN-GROUP,Group\n80,400,Black\n", options);
  REQUIRE(table.rows.size() == 1);
  CHECK(table.rows[0].group == "Black");
  CHECK(table.rows[0].in_group == 400);
  CHECK(table.rows[0].with_outcome == 80);
  CHECK(table.rows[0].outcome == "oss");
  CHECK(table.rows[0].year == 2025);

  SUBCASE("a row's own values win over the defaults") {
    const OutcomeTable own = ParseOrDie(
        "group,in_group,with_outcome,outcome,year\nBlack,400,80,gifted,2023\n"
        "White,900,60,,\n",
        options);
    CHECK(own.rows[0].outcome == "gifted");
    CHECK(own.rows[0].year == 2023);
    CHECK(own.rows[1].outcome == "oss");
    CHECK(own.rows[1].year == 2025);
  }
  SUBCASE("favourable takes true/false, yes/no, 1/0 in any case, and the US spelling") {
    const OutcomeTable flags = ParseOrDie(
        "outcome,group,in_group,with_outcome,Favorable\n"
        "ap,a,50,20,YES\nsuspension,b,50,20,no\ngifted,c,50,20,1\nexpulsion,d,50,20,0\n");
    CHECK(flags.rows[0].favourable == std::optional<bool>(true));
    CHECK(flags.rows[1].favourable == std::optional<bool>(false));
    CHECK(flags.rows[2].favourable == std::optional<bool>(true));
    CHECK(flags.rows[3].favourable == std::optional<bool>(false));
  }
}

TEST_CASE("RFC 4180 quoting - commas, doubled quotes and line breaks inside quotes") {
  const OutcomeTable table = ParseOrDie(std::string(kHeader) +
                                        "oss,2025,\"Adams, John Q.\",\"Two or more\nraces\",40,12\n"
                                        "oss,2025,,\"The \"\"other\"\" group\", 50 ,  10\n"
                                        "oss,2025,, \"spaced\" ,60,11\n");
  REQUIRE(table.rows.size() == 3);
  CHECK(table.rows[0].school == "Adams, John Q.");
  CHECK(table.rows[0].group == "Two or more\nraces");
  CHECK(table.rows[0].line == 2);
  CHECK(table.rows[1].group == "The \"other\" group");
  CHECK(table.rows[1].in_group == 50);
  CHECK(table.rows[1].line == 4);  // the record before spans lines 2 and 3
  CHECK(table.rows[2].group == "spaced");
}

TEST_CASE("BOM, CRLF and a missing final line end read the same as plain LF") {
  const std::string lf = std::string(kHeader) + "oss,2025,,\"a\nb\",400,80\noss,2025,,c,90,9\n";
  std::string crlf;
  for (char c : lf) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const std::string bom_crlf_unterminated = "\xEF\xBB\xBF" + crlf.substr(0, crlf.size() - 2);
  const OutcomeTable plain = ParseOrDie(lf);
  const OutcomeTable other = ParseOrDie(bom_crlf_unterminated);
  REQUIRE(other.rows.size() == 2);
  CHECK(other.rows[0].outcome == "oss");  // the BOM is not part of the first column's name
  CHECK(other.rows[0].group == "a\nb");   // CRLF inside quotes is kept as LF
  CHECK(other.rows[1].group == "c");
  CHECK(other.rows[1].with_outcome == 9);
  CHECK(other.rows[1].line == 4);
  CHECK(plain.rows[1].line == 4);
}

TEST_CASE("blank lines and rows of empty values are skipped") {
  const OutcomeTable table = ParseOrDie("\n" + std::string(kHeader) +
                                        "\noss,2025,,a,40,12\n,,,,,\n  \noss,2025,,b,40,12\n");
  REQUIRE(table.rows.size() == 2);
  CHECK(table.rows[0].line == 4);
  CHECK(table.rows[1].line == 7);
}

TEST_CASE("a bad row is refused with FILE:LINE and the column") {
  const std::string h = kHeader;
  CHECK(Refusal(h + "oss,2025,,a,forty,12\n") ==
        "outcomes.csv:2: in_group 'forty' is not a whole number (write digits only, e.g. 1200)");
  CHECK(Refusal(h + "oss,2025,,a,40,12.5\n") ==
        "outcomes.csv:2: with_outcome '12.5' is not a whole number (write digits only, e.g. "
        "1200)");
  CHECK(Refusal(h + "oss,2025,,a,\"1,200\",12\n") ==
        "outcomes.csv:2: in_group '1,200' is not a whole number (write digits only, e.g. 1200)");
  CHECK(Refusal(h + "oss,2025,,a,,12\n") == "outcomes.csv:2: in_group is empty");
  CHECK(Refusal(h + "oss,2025,,a,-40,12\n") ==
        "outcomes.csv:2: in_group is -40: a count of students cannot be negative");
  CHECK(Refusal(h + "oss,2025,,a,40,50\n") ==
        "outcomes.csv:2: with_outcome 50 is more than in_group 40: the students with the "
        "outcome are counted in the group");
  CHECK(Refusal(h + "oss,2025,,a,40,12,extra\n") ==
        "outcomes.csv:2: 7 values, but the header names 6 columns");
  CHECK(Refusal(h + "oss,2025,,,40,12\n") == "outcomes.csv:2: group is empty");
  CHECK(Refusal(h + "oss,2024-25,,a,40,12\n") ==
        "outcomes.csv:2: year '2024-25' is not a year: write the spring of the school year, "
        "e.g. 2025 for 2024-25");
  CHECK(Refusal(h + "oss,2025,,a,5000000000,12\n") ==
        "outcomes.csv:2: in_group is 5000000000, more than the limit 1000000000");
  CHECK(Refusal(h + "oss,2025,," + std::string(201, 'x') + ",40,12\n") ==
        "outcomes.csv:2: group is 201 bytes long; the limit is 200");
  CHECK(Refusal(h + "oss,2025,,\"a\x1b[31m\",40,12\n") ==
        "outcomes.csv:2: group holds a control character; only text, tabs and line breaks are "
        "allowed");
  CHECK(Refusal("group,in_group,with_outcome,favourable\na,40,12,maybe\n",
                CsvOptions{"oss", 0, std::nullopt, false}) ==
        "outcomes.csv:2: favourable 'maybe' is not true or false (yes/no and 1/0 are accepted "
        "too)");
}

TEST_CASE("rules across rows - duplicates within a cell and one direction per outcome") {
  const std::string h = kHeader;
  CHECK(
      Refusal(h + "oss,2025,Lincoln,a,40,12\noss,2025,Adams,a,40,12\noss,2025,Lincoln,a,50,12\n") ==
      "outcomes.csv:4: group 'a' appears twice for outcome 'oss', year 2025, school 'Lincoln' "
      "(first on line 2)");
  // The same group in another year, school or outcome is not a duplicate.
  CHECK(
      ParseOrDie(h + "oss,2025,,a,40,12\noss,2024,,a,40,12\ngifted,2025,,a,40,12\n").rows.size() ==
      3);
  CHECK(
      Refusal("outcome,group,in_group,with_outcome,favourable\nap,a,40,12,true\nap,b,40,12,no\n") ==
      "outcomes.csv:3: outcome 'ap' is adverse here but favourable on line 2: an outcome is one "
      "or the other throughout");
}

TEST_CASE("the header is refused for unknown, repeated, nameless or missing columns") {
  CHECK(Refusal("outcome,grup,in_group,with_outcome\n") ==
        "outcomes.csv:1: unknown column 'grup' (did you mean 'group'?); the columns are group, "
        "in_group, with_outcome (required), outcome, year, school, favourable\n"
        "outcomes.csv:1: missing column 'group'; the columns are group, in_group, with_outcome "
        "(required), outcome, year, school, favourable");
  CHECK(Refusal("outcome,group,in_group,with_outcome,district_code\n") ==
        "outcomes.csv:1: unknown column 'district_code'; the columns are group, in_group, "
        "with_outcome (required), outcome, year, school, favourable");
  CHECK(Refusal("outcome,group,group,in_group,with_outcome\n") ==
        "outcomes.csv:1: column 'group' appears twice");
  CHECK(Refusal("outcome,group,,in_group,with_outcome\n") ==
        "outcomes.csv:1: column 3 has no name; the columns are group, in_group, with_outcome "
        "(required), outcome, year, school, favourable");
  CHECK(Refusal("group,in_group,with_outcome\na,40,12\n") ==
        "outcomes.csv:1: no outcome column: add one, or name the outcome the whole file is about");
}

TEST_CASE("empty files and files with only a header are refused") {
  CHECK(Refusal("") ==
        "outcomes.csv:1: the file is empty: its first line names the columns, group, in_group, "
        "with_outcome (required), outcome, year, school, favourable");
  CHECK(Refusal("\xEF\xBB\xBF\r\n\r\n").find("outcomes.csv:1: the file is empty") == 0);
  CHECK(Refusal(kHeader) == "outcomes.csv:1: the file names its columns but has no rows");
  CHECK(Refusal("\n\noutcome,group,in_group,with_outcome\n\n") ==
        "outcomes.csv:3: the file names its columns but has no rows");
}

TEST_CASE("quoting errors are refused at the line where the record starts") {
  const std::string h = kHeader;
  CHECK(Refusal(h + "oss,2025,,a,40,12\noss,2025,,\"unclosed,40,12\noss,2025,,b,40,12\n") ==
        "outcomes.csv:3: the quoted value of field 4 is never closed: a closing \" is missing");
  CHECK(Refusal(h + "oss,2025,,5'10\",40,12\n") ==
        "outcomes.csv:2: a quote inside the unquoted value of field 4: put the whole value in "
        "quotes and double the quote inside it");
  CHECK(Refusal(h + "oss,2025,,\"a\"b,40,12\n") ==
        "outcomes.csv:2: text after the closing quote of field 4: a value is either all in "
        "quotes or not quoted");
  CHECK(Refusal(h + "oss,2025,,a,40,12\ross,2025,,b,40,12\n") ==
        "outcomes.csv:2: a carriage return without a line feed: save the file with LF or CRLF "
        "line ends");
}

TEST_CASE("invalid UTF-8 is refused with its line and column") {
  CHECK(Refusal(std::string(kHeader) + "oss,2025,,Caf\xE9,40,12\n") ==
        "outcomes.csv:2: column 14: invalid UTF-8 (byte 0xE9); save the file as UTF-8 (\"CSV "
        "UTF-8\" in a spreadsheet)");
  // Valid multi-byte characters count as one column each.
  CHECK(ParseOrDie(std::string(kHeader) + "oss,2025,,Métis,40,12\n").rows[0].group == "Métis");
  CHECK(Refusal(std::string(kHeader) + "oss,2025,,Métis\xC0\xAF,40,12\n")
            .find("outcomes.csv:2: column 16: invalid UTF-8 (byte 0xC0)") == 0);
}

TEST_CASE("every problem is listed at once, in line order, up to the cap") {
  const std::string message = Refusal(std::string(kHeader) +
                                      "oss,2025,,a,40,50\n"
                                      "oss,2025,,b,x,1\n"
                                      "oss,2025,,a,40,12\n"
                                      "oss,2025,,c,40,12,9\n");
  CHECK(message ==
        "outcomes.csv:2: with_outcome 50 is more than in_group 40: the students with the outcome "
        "are counted in the group\n"
        "outcomes.csv:3: in_group 'x' is not a whole number (write digits only, e.g. 1200)\n"
        "outcomes.csv:5: 7 values, but the header names 6 columns");

  std::string many = kHeader;
  for (int i = 0; i < 80; ++i) many += "oss,2025,,g" + std::to_string(i) + ",x,1\n";
  const std::string capped = Refusal(many);
  CHECK(std::count(capped.begin(), capped.end(), '\n') == 50);  // 50 problems and the last line
  CHECK(Contains(capped, "outcomes.csv:51: in_group 'x'"));
  CHECK_FALSE(Contains(capped, "outcomes.csv:52:"));
  CHECK(
      Contains(capped, "outcomes.csv: stopped after 50 problems; nothing was read from the file"));
}

TEST_CASE("state figures refuse schools") {
  CsvOptions state;
  state.state_figures = true;
  CHECK(
      ParseOrDie("outcome,group,in_group,with_outcome\noss,a,500000,60000\n", state).rows.size() ==
      1);
  CHECK(Refusal(std::string(kHeader) + "oss,2025,Lincoln,a,40,12\n", state) ==
        "outcomes.csv:2: school is 'Lincoln', but state figures are for the whole state: leave "
        "school out");
}

TEST_CASE("files past the size and row limits are refused") {
  const std::string huge(kMaxCsvBytes + 1, 'x');
  CHECK(Refusal(huge) ==
        "outcomes.csv: the file is 16777217 bytes; the limit is 16777216 (16 "
        "MiB): split it by year or outcome");

  std::string rows = "group,in_group,with_outcome\n";
  rows.reserve(kMaxCsvRows * 8);
  for (std::size_t i = 0; i <= kMaxCsvRows; ++i) rows += "a,1,0\n";
  CHECK(Refusal(rows, CsvOptions{"oss", 0, std::nullopt, false}) ==
        "outcomes.csv:1000002: more than 1000000 rows: split the file by year or outcome");
}

}  // namespace equilens
