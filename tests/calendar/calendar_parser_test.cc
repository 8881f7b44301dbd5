// The district calendar's loader: the shipped calendars validate, and each kind of mistake in
// a calendar file is reported at its FILE:LINE:COL, naming the rule.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "definition/definition_test_support.h"
#include "equilens/definition.h"
#include "equilens/lint.h"

namespace equilens {
namespace {

using definition_test::Lines;
using definition_test::Mismatch;

std::vector<Diagnostic> CalendarErrors(const std::string& text) {
  std::vector<Diagnostic> errors;
  const std::optional<CalendarDefinition> calendar = ParseCalendar({"cal.yaml", text}, errors);
  if (calendar && !errors.empty()) errors.push_back({"", {}, "BUG: a calendar and errors"});
  if (!calendar && errors.empty()) errors.push_back({"", {}, "BUG: no calendar, no errors"});
  return errors;
}

Lines Year() {
  return Lines({
      "calendar: test-year",                                           // 1
      "version: 1",                                                    // 2
      "title: Test year",                                              // 3
      "first_day: 2026-08-03",                                         // 4
      "last_day: 2027-05-28",                                          // 5
      "school_week: [monday, tuesday, wednesday, thursday, friday]",   // 6
      "holidays:",                                                     // 7
      "  - { date: 2026-09-07, name: Labor Day }",                     // 8
      "breaks:",                                                       // 9
      "  - { from: 2026-12-21, to: 2027-01-01, name: Winter break }",  // 10
      "pauses:",                                                       // 11
      "  - { from: 2027-04-19, to: 2027-04-30, name: Testing }",       // 12
      "  - { date: 2026-12-18, name: Grading day }",                   // 13
  });
}

TEST_CASE("calendar: the shipped calendars validate and load as calendars") {
  std::vector<Diagnostic> errors;
  std::vector<std::string> paths =
      YamlFilesIn(std::string(EQUILENS_SOURCE_DIR) + "/calendars", errors);
  REQUIRE(errors.empty());
  REQUIRE(!paths.empty());
  LintResult lint = LintDefinitionFiles(paths, "");
  INFO(Mismatch(lint.diagnostics, {}));
  CHECK(lint.ok());
  CHECK(lint.valid.calendars.size() == paths.size());
  CHECK(lint.valid.workflows.empty());
  const CalendarDefinition& example = *lint.valid.calendars.front();
  CHECK(example.id == "district-2026-27");
  CHECK(example.first_day == "2026-08-03");
  CHECK(example.last_day == "2027-05-28");
  CHECK(example.holidays.size() == 5);
  CHECK(example.breaks.size() == 3);
  CHECK(example.pauses.size() == 2);
  CHECK(example.sha256.size() == 64);
}

TEST_CASE("calendar: a calendar file is sniffed as one") {
  CHECK(SniffDefinitionKind({"a", "calendar: x\nversion: 1\n"}) == DefinitionKind::kCalendar);
}

TEST_CASE("calendar: the base year is valid and reads every part") {
  std::vector<Diagnostic> errors;
  auto calendar = ParseCalendar({"cal.yaml", Year().Text()}, errors);
  REQUIRE(calendar);
  CHECK(errors.empty());
  CHECK(calendar->school_week[1]);
  CHECK(!calendar->school_week[0]);
  CHECK(!calendar->school_week[6]);
  REQUIRE(calendar->pauses.size() == 2);
  CHECK(calendar->pauses[1].from == "2026-12-18");
  CHECK(calendar->pauses[1].to == "2026-12-18");
  CHECK(calendar->breaks[0].name == "Winter break");
}

TEST_CASE("calendar: the school week defaults to Monday to Friday") {
  std::vector<Diagnostic> errors;
  auto calendar = ParseCalendar({"cal.yaml",
                                 "calendar: c\nversion: 1\ntitle: C\nfirst_day: 2026-08-03\n"
                                 "last_day: 2027-05-28\n"},
                                errors);
  REQUIRE(calendar);
  for (int day = 0; day < 7; ++day) CHECK(calendar->school_week[day] == (day >= 1 && day <= 5));
}

TEST_CASE("calendar: unknown keys come with a did-you-mean") {
  const Lines top = Year().Set(7, "holiday:");
  CHECK(Mismatch(CalendarErrors(top.Text()),
                 {{7, 1, "unknown key 'holiday' in the calendar (did you mean 'holidays'?)"}}) ==
        "");
  const Lines inner = Year().Set(10, "  - { from: 2026-12-21, too: 2027-01-01, name: Winter }");
  CHECK(Mismatch(CalendarErrors(inner.Text()),
                 {{10, inner.Col(10, "too"), "unknown key 'too' in break 1 (did you mean 'to'?)"},
                  {10, 5, "break 1 is missing the required key 'to'"}}) == "");
  const Lines day = Year().Set(6, "school_week: [monday, tuesday, wensday, thursday, friday]");
  CHECK(Mismatch(CalendarErrors(day.Text()),
                 {{6, day.Col(6, "wensday"),
                   "unknown day of the week 'wensday' in `school_week` (did you mean "
                   "'wednesday'?)"}}) == "");
}

TEST_CASE("calendar: missing required keys are named") {
  const Lines no_last = Year().Set(5, "# no last day");
  CHECK(Mismatch(CalendarErrors(no_last.Text()),
                 {{1, 1, "the calendar is missing the required key 'last_day'"}}) == "");
}

TEST_CASE("calendar: dates must be real YYYY-MM-DD dates") {
  const Lines bad = Year().Set(8, "  - { date: 2026-02-30, name: Nope }");
  CHECK(Mismatch(CalendarErrors(bad.Text()),
                 {{8, bad.Col(8, "2026-02-30"),
                   "holiday 'Nope' `date` must be a real date written YYYY-MM-DD, not "
                   "'2026-02-30'"}}) == "");
  const Lines word = Year().Set(4, "first_day: August 3rd");
  CHECK(Mismatch(CalendarErrors(word.Text()),
                 {{4, 12, "`first_day` must be a real date written YYYY-MM-DD"}}) == "");
}

TEST_CASE("calendar: the year runs forward and at most one year") {
  const Lines backwards = Year().Set(5, "last_day: 2026-05-28");
  CHECK(Mismatch(CalendarErrors(backwards.Text()),
                 {{5, 11, "`last_day` 2026-05-28 is before `first_day` 2026-08-03"}}) == "");
  const Lines long_year = Year().Set(5, "last_day: 2028-05-26");
  CHECK(Mismatch(CalendarErrors(long_year.Text()),
                 {{5, 11, "a calendar covers one school year"}}) == "");
  const Lines weekend = Year().Set(4, "first_day: 2026-08-01");
  CHECK(Mismatch(CalendarErrors(weekend.Text()),
                 {{4, 12,
                   "`first_day` 2026-08-01 is a Saturday, which is not in the school "
                   "week"}}) == "");
}

TEST_CASE("calendar: holidays, breaks and pauses lie inside the school year") {
  const Lines summer = Year().Set(8, "  - { date: 2027-07-05, name: Independence Day }");
  CHECK(Mismatch(CalendarErrors(summer.Text()),
                 {{8, 5,
                   "holiday 'Independence Day' (2027-07-05) is outside the school year "
                   "2026-08-03 to 2027-05-28"}}) == "");
  const Lines late = Year().Set(12, "  - { from: 2027-05-24, to: 2027-06-04, name: Testing }");
  CHECK(Mismatch(CalendarErrors(late.Text()),
                 {{12, 5,
                   "pause 'Testing' (2027-05-24 to 2027-06-04) is outside the school "
                   "year"}}) == "");
}

TEST_CASE("calendar: a range ends after it begins") {
  const Lines reversed = Year().Set(10, "  - { from: 2027-01-01, to: 2026-12-21, name: Winter }");
  CHECK(Mismatch(CalendarErrors(reversed.Text()),
                 {{10, reversed.Col(10, "2026-12-21"),
                   "break 'Winter' ends (2026-12-21) before it begins (2027-01-01)"}}) == "");
}

TEST_CASE("calendar: a holiday on a day school does not meet is probably a typo") {
  const Lines saturday = Year().Set(8, "  - { date: 2026-09-05, name: Labor Day }");
  CHECK(Mismatch(CalendarErrors(saturday.Text()),
                 {{8, 5,
                   "holiday 'Labor Day' 2026-09-05 is a Saturday, which is not in the "
                   "school week"}}) == "");
  const Lines dup = Year().Set(8,
                               "  - { date: 2026-09-07, name: A }\n  - { date: 2026-09-07, "
                               "name: B }");
  CHECK(Mismatch(CalendarErrors(dup.Text()),
                 {{9, 5, "holiday 2026-09-07 is listed twice (first at line 8)"}}) == "");
}

TEST_CASE("calendar: a pause is one `date` or a `from`-`to` range, not both") {
  const Lines both = Year().Set(13,
                                "  - { date: 2026-12-18, from: 2026-12-18, to: 2026-12-18, "
                                "name: Grading }");
  CHECK(Mismatch(CalendarErrors(both.Text()),
                 {{13, both.Col(13, "date"), "pause 'Grading' gives `date` and `from`/`to`"}}) ==
        "");
  const Lines half = Year().Set(13, "  - { from: 2026-12-18, name: Grading }");
  CHECK(Mismatch(CalendarErrors(half.Text()),
                 {{13, 5, "pause 'Grading' needs a `date`, or both `from` and `to`"}}) == "");
}

TEST_CASE("calendar: diagnostics read FILE:LINE:COL: message") {
  std::vector<Diagnostic> errors;
  CHECK(!ParseCalendar({"calendars/x.yaml", Year().Set(7, "holiday:").Text()}, errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].ToString().rfind("calendars/x.yaml:7:1: unknown key 'holiday'", 0) == 0);
}

}  // namespace
}  // namespace equilens
