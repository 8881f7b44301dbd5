// Counting school days for deadlines, on the district calendar (docs/calendar.md).
//
// A SchoolCalendar is built from the loaded calendars (one per school year). Inside a loaded
// school year a day counts when school meets that weekday and no holiday, break or pause
// covers it; outside every loaded school year (summer between two loaded years, a year not
// loaded yet) a day counts Monday to Friday, so that no deadline stalls for want of a
// calendar. With no calendar loaded every day counts Monday to Friday. Every deadline is
// computed here and nowhere else, at decision time, and recorded in the event's payload:
// loading a calendar later never moves a recorded due date.
#ifndef EQUILENS_RUNTIME_SCHOOL_DAYS_H_
#define EQUILENS_RUNTIME_SCHOOL_DAYS_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/civil_date.h"
#include "equilens/definition.h"

namespace equilens {

class SchoolCalendar {
 public:
  // Monday to Friday every week of every year.
  SchoolCalendar() = default;
  // The school years of `calendars`; where two overlap, the one starting later wins (the
  // loader refuses overlapping calendars, so this only settles a hand-edited store).
  explicit SchoolCalendar(const std::vector<std::shared_ptr<const CalendarDefinition>>& calendars);

  // Whether the day (days since 1970-01-01) counts toward a deadline.
  bool Counts(long day) const { return WhyNotCounted(day).empty(); }
  // "" when the day counts; else why not: "Saturday", "holiday (Labor Day)", "break (Winter
  // break)", "pause (State testing window)", "Wednesday: school does not meet".
  std::string WhyNotCounted(long day) const;

  // The date `school_days` counted days after the date part of `timestamp` (an ISO 8601 UTC
  // timestamp or YYYY-MM-DD), as YYYY-MM-DD: the day the start falls on never counts, so a
  // stage entered on a Saturday with 1 school day is due the next counted day. Empty when
  // school_days <= 0 (no deadline) or the timestamp is unreadable.
  std::string AddSchoolDays(const std::string& timestamp, int school_days) const;

  // Counted days after the date of `from` up to and including the date of `to`; 0 when `to`
  // is not later or either is unreadable.
  int SchoolDaysBetween(const std::string& from, const std::string& to) const;

  // The loaded school years, "id vN (first_day to last_day)", for messages.
  std::vector<std::string> Describe() const;
  bool empty() const { return years_.empty(); }

 private:
  struct Year {
    long first = 0;
    long last = 0;
    bool week[7] = {};
    std::map<long, std::string> off;  // day -> why it does not count (holiday, break, pause)
    std::string label;
  };
  const Year* YearOf(long day) const;

  std::vector<Year> years_;  // by first day
};

// Monday-to-Friday counts (a default SchoolCalendar), for callers with no calendar at hand.
std::string AddSchoolDays(const std::string& timestamp, int school_days);
int SchoolDaysBetween(const std::string& from, const std::string& to);

// Calendar days from the date of `from` to the date of `to` (timestamps or dates); 0 when
// `to` is not later or either is unreadable.
int CalendarDaysBetween(const std::string& from, const std::string& to);

// Today's date (UTC) as YYYY-MM-DD.
std::string TodayUtc();

}  // namespace equilens

#endif  // EQUILENS_RUNTIME_SCHOOL_DAYS_H_
