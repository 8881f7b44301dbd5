// Counting school days on the district calendar: weekends, holidays, breaks, pause days, the
// year's edges and the turn of the year, a start on a day that does not count, SLAs of 0 and 1.
// Dates are checked against the shipped example (calendars/district-2026-27.yaml) and small
// calendars written here.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "definition/definition_test_support.h"
#include "equilens/definition.h"
#include "runtime/school_days.h"

namespace equilens {
namespace {

std::shared_ptr<const CalendarDefinition> Parse(const std::string& name, const std::string& text) {
  std::vector<Diagnostic> errors;
  auto calendar = ParseCalendar({name, text}, errors);
  INFO(definition_test::Mismatch(errors, {}));
  REQUIRE(calendar);
  return std::make_shared<const CalendarDefinition>(std::move(*calendar));
}

SchoolCalendar Example() {
  const std::string path = std::string(EQUILENS_SOURCE_DIR) + "/calendars/district-2026-27.yaml";
  return SchoolCalendar({Parse(path, definition_test::ReadFileText(path))});
}

long Day(const std::string& date) { return *DayOf(date); }

TEST_CASE("school days: with no calendar, Monday to Friday count") {
  const SchoolCalendar weekdays;
  CHECK(weekdays.AddSchoolDays("2026-11-20T15:00:00.000Z", 1) == "2026-11-23");  // Fri -> Mon
  CHECK(weekdays.AddSchoolDays("2026-11-20", 5) == "2026-11-27");  // holidays mean nothing
  CHECK(weekdays.AddSchoolDays("2026-12-31", 1) == "2027-01-01");  // a Friday
  CHECK(weekdays.AddSchoolDays("2026-12-31", 2) == "2027-01-04");
  CHECK(weekdays.SchoolDaysBetween("2026-11-20", "2026-11-30") == 6);
  CHECK(AddSchoolDays("2026-11-20", 1) == "2026-11-23");  // the free function is the same
  CHECK(weekdays.WhyNotCounted(Day("2026-11-21")) == "Saturday");
  CHECK(weekdays.Describe().empty());
}

TEST_CASE("school days: an SLA of 0 is no deadline, of 1 the next counted day") {
  const SchoolCalendar calendar = Example();
  CHECK(calendar.AddSchoolDays("2026-10-06T09:00:00.000Z", 0).empty());
  CHECK(calendar.AddSchoolDays("2026-10-06T09:00:00.000Z", -3).empty());
  CHECK(calendar.AddSchoolDays("2026-10-06T09:00:00.000Z", 1) == "2026-10-07");
  CHECK(calendar.AddSchoolDays("not a date", 1).empty());
}

TEST_CASE("school days: weekends and holidays do not count") {
  const SchoolCalendar calendar = Example();
  // Labor Day, Monday 2026-09-07: Friday + 1 is Tuesday.
  CHECK(calendar.AddSchoolDays("2026-09-04", 1) == "2026-09-08");
  CHECK(calendar.WhyNotCounted(Day("2026-09-07")) == "holiday (Labor Day)");
  // Veterans Day, a Wednesday: Tuesday 2026-11-10 + 1 is Thursday.
  CHECK(calendar.AddSchoolDays("2026-11-10", 1) == "2026-11-12");
  // 10 school days from Friday 2026-10-02 skip two weekends and Indigenous Peoples' Day.
  CHECK(calendar.AddSchoolDays("2026-10-02", 10) == "2026-10-19");
}

TEST_CASE("school days: breaks do not count, across the turn of the year") {
  const SchoolCalendar calendar = Example();
  // Thanksgiving break 2026-11-23..27: Friday 11-20 + 1 is Monday 11-30.
  CHECK(calendar.AddSchoolDays("2026-11-20", 1) == "2026-11-30");
  CHECK(calendar.WhyNotCounted(Day("2026-11-25")) == "break (Thanksgiving break)");
  // Winter break 2026-12-21..2027-01-01 and the grading-day pause on 12-18: Thursday 12-17
  // + 1 is Monday 2027-01-04.
  CHECK(calendar.AddSchoolDays("2026-12-17", 1) == "2027-01-04");
  CHECK(calendar.AddSchoolDays("2026-12-31T23:59:59.000Z", 1) == "2027-01-04");
  CHECK(calendar.AddSchoolDays("2026-12-16", 5) == "2027-01-07");  // 12-17, 01-04 .. 01-07
  CHECK(calendar.SchoolDaysBetween("2026-12-16", "2027-01-07") == 5);
  // Spring break 2027-03-22..26.
  CHECK(calendar.AddSchoolDays("2027-03-19", 1) == "2027-03-29");
}

TEST_CASE("school days: pause days stop the clock though school meets") {
  const SchoolCalendar calendar = Example();
  // The state testing window 2027-04-19..30: Friday 04-16 + 1 is Monday 05-03.
  CHECK(calendar.AddSchoolDays("2027-04-16", 1) == "2027-05-03");
  CHECK(calendar.WhyNotCounted(Day("2027-04-21")) == "pause (State testing window)");
  CHECK(calendar.SchoolDaysBetween("2027-04-16", "2027-05-03") == 1);
}

TEST_CASE("school days: a start on a day that does not count counts from the next one") {
  const SchoolCalendar calendar = Example();
  CHECK(calendar.AddSchoolDays("2026-09-05", 1) == "2026-09-08");  // Saturday before Labor Day
  CHECK(calendar.AddSchoolDays("2026-09-07", 1) == "2026-09-08");  // on Labor Day itself
  CHECK(calendar.AddSchoolDays("2026-11-25", 1) == "2026-11-30");  // in Thanksgiving break
  CHECK(calendar.AddSchoolDays("2027-04-20", 2) == "2027-05-04");  // in the testing pause
}

TEST_CASE("school days: outside every loaded school year, Monday to Friday count") {
  const SchoolCalendar calendar = Example();
  // The last day is Friday 2027-05-28; the summer after it counts weekdays (Memorial Day,
  // 05-31, is outside the year the calendar describes).
  CHECK(calendar.AddSchoolDays("2027-05-27", 1) == "2027-05-28");
  CHECK(calendar.AddSchoolDays("2027-05-27", 2) == "2027-05-31");
  CHECK(calendar.AddSchoolDays("2026-07-31", 1) == "2026-08-03");  // into the year
  CHECK(calendar.WhyNotCounted(Day("2027-06-02")).empty());
  CHECK(calendar.WhyNotCounted(Day("2027-06-05")) == "Saturday");
  REQUIRE(calendar.Describe().size() == 1);
  CHECK(calendar.Describe()[0] == "district-2026-27 v1 (2026-08-03 to 2027-05-28)");
}

TEST_CASE("school days: a four-day school week and two school years") {
  const auto fall = Parse("a.yaml",
                          "calendar: four-day\nversion: 1\ntitle: A\nfirst_day: 2026-08-03\n"
                          "last_day: 2026-12-17\n"
                          "school_week: [monday, tuesday, wednesday, thursday]\n");
  const auto spring = Parse("b.yaml",
                            "calendar: spring\nversion: 1\ntitle: B\nfirst_day: 2027-01-04\n"
                            "last_day: 2027-05-28\nholidays:\n"
                            "  - { date: 2027-01-04, name: Staff day }\n");
  const SchoolCalendar calendar({spring, fall});
  CHECK(calendar.AddSchoolDays("2026-10-08", 1) == "2026-10-12");  // Thursday -> Monday
  CHECK(calendar.WhyNotCounted(Day("2026-10-09")) == "Friday: school does not meet");
  // Between the two years (12-18 .. 01-03) weekdays count; 01-04 is a holiday.
  CHECK(calendar.AddSchoolDays("2026-12-17", 1) == "2026-12-18");
  CHECK(calendar.AddSchoolDays("2026-12-31", 1) == "2027-01-01");
  CHECK(calendar.AddSchoolDays("2027-01-01", 1) == "2027-01-05");
  CHECK(calendar.Describe().size() == 2);
  CHECK(calendar.Describe()[0].rfind("four-day", 0) == 0);  // by first day
}

}  // namespace
}  // namespace equilens
