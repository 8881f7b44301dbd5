// School-day arithmetic on civil dates (proleptic Gregorian, no time zones: dates only).
#include "runtime/school_days.h"

#include <chrono>
#include <cstdio>
#include <optional>

namespace equilens {
namespace {

// Days since 1970-01-01 for a civil date (Howard Hinnant's days_from_civil).
long DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

std::string CivilFromDays(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long y = static_cast<long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp + (mp < 10 ? 3 : -9);
  char buffer[48];  // ample for any year: no truncation
  std::snprintf(buffer, sizeof buffer, "%04ld-%02u-%02u", y + (m <= 2), m, d);
  return buffer;
}

bool IsWeekday(long days) {
  const long weekday = ((days % 7) + 7 + 4) % 7;  // 1970-01-01 was a Thursday (4); 0 = Sunday
  return weekday != 0 && weekday != 6;
}

// Days since 1970-01-01 for the date part of an ISO 8601 timestamp; nullopt if unreadable.
std::optional<long> DayOf(const std::string& timestamp) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (timestamp.size() < 10 || std::sscanf(timestamp.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) {
    return std::nullopt;
  }
  return DaysFromCivil(y, m, d);
}

}  // namespace

bool IsIsoDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  std::optional<long> day = DayOf(text);
  return day && CivilFromDays(*day) == text;  // round-trips only when the day exists
}

int SchoolDaysBetween(const std::string& from, const std::string& to) {
  std::optional<long> first = DayOf(from), last = DayOf(to);
  if (!first || !last || *last <= *first) return 0;
  int counted = 0;
  for (long day = *first + 1; day <= *last; ++day) counted += IsWeekday(day) ? 1 : 0;
  return counted;
}

int CalendarDaysBetween(const std::string& from, const std::string& to) {
  std::optional<long> first = DayOf(from), last = DayOf(to);
  if (!first || !last || *last <= *first) return 0;
  return static_cast<int>(*last - *first);
}

std::string AddSchoolDays(const std::string& timestamp, int school_days) {
  if (school_days <= 0) return "";
  std::optional<long> start = DayOf(timestamp);
  if (!start) return "";
  long day = *start;
  for (int counted = 0; counted < school_days;) {
    ++day;
    if (IsWeekday(day)) ++counted;
  }
  return CivilFromDays(day);
}

std::string TodayUtc() {
  const auto now = std::chrono::system_clock::now();
  const long days = static_cast<long>(
      std::chrono::duration_cast<std::chrono::hours>(now.time_since_epoch()).count() / 24);
  return CivilFromDays(days);
}

}  // namespace equilens
