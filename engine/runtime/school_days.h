// Counting school days for stage deadlines.
//
// Until the district calendar lands (holidays, breaks, pauses), a school day is Monday to
// Friday. Every deadline is computed here and nowhere else, so the calendar replaces this
// one function.
#ifndef EQUILENS_RUNTIME_SCHOOL_DAYS_H_
#define EQUILENS_RUNTIME_SCHOOL_DAYS_H_

#include <string>

namespace equilens {

// The date `school_days` school days after the date part of `timestamp` (an ISO 8601 UTC
// timestamp or a YYYY-MM-DD date), as YYYY-MM-DD. Empty when school_days <= 0.
std::string AddSchoolDays(const std::string& timestamp, int school_days);

// School days after the date of `from` up to and including the date of `to` (timestamps or
// dates); 0 when `to` is not later.
int SchoolDaysBetween(const std::string& from, const std::string& to);

// Calendar days from the date of `from` to the date of `to` (timestamps or dates); 0 when
// `to` is not later or either is unreadable.
int CalendarDaysBetween(const std::string& from, const std::string& to);

// Whether `text` is a real calendar date written YYYY-MM-DD (2099-02-30 is not).
bool IsIsoDate(const std::string& text);

// Today's date (UTC) as YYYY-MM-DD.
std::string TodayUtc();

}  // namespace equilens

#endif  // EQUILENS_RUNTIME_SCHOOL_DAYS_H_
