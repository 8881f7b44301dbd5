// Civil dates (proleptic Gregorian, no time zones) as day numbers: the arithmetic every
// school-day count and every calendar check shares (engine-internal).
#ifndef EQUILENS_COMMON_CIVIL_DATE_H_
#define EQUILENS_COMMON_CIVIL_DATE_H_

#include <optional>
#include <string>

namespace equilens {

// Days since 1970-01-01 for a civil date (Howard Hinnant's days_from_civil).
long DaysFromCivil(int year, unsigned month, unsigned day);

// The date `days` after 1970-01-01, as YYYY-MM-DD.
std::string CivilFromDays(long days);

// 0 = Sunday, 1 = Monday, ... 6 = Saturday.
int WeekdayOf(long days);

// Days since 1970-01-01 for the date part of an ISO 8601 timestamp or a YYYY-MM-DD date
// (only the first 10 characters are read); nullopt when unreadable. Does not check that the
// day exists (2099-02-30 reads as 2099-03-02): IsIsoDate does.
std::optional<long> DayOf(const std::string& timestamp);

// Whether `text` is a real calendar date written YYYY-MM-DD (2099-02-30 is not).
bool IsIsoDate(const std::string& text);

// "Monday" .. "Sunday" for WeekdayOf's numbers.
const char* WeekdayName(int weekday);

}  // namespace equilens

#endif  // EQUILENS_COMMON_CIVIL_DATE_H_
