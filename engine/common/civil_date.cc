// Civil-date arithmetic on day numbers (days since 1970-01-01, UTC dates only).
#include "common/civil_date.h"

#include <cstdio>

namespace equilens {

long DaysFromCivil(int year, unsigned month, unsigned day) {
  year -= month <= 2;
  const long era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
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

int WeekdayOf(long days) {
  return static_cast<int>(((days % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday (4)
}

std::optional<long> DayOf(const std::string& timestamp) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (timestamp.size() < 10 || std::sscanf(timestamp.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) {
    return std::nullopt;
  }
  return DaysFromCivil(y, m, d);
}

bool IsIsoDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  std::optional<long> day = DayOf(text);
  return day && CivilFromDays(*day) == text;  // round-trips only when the day exists
}

const char* WeekdayName(int weekday) {
  static const char* const kNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                       "Thursday", "Friday", "Saturday"};
  return weekday >= 0 && weekday < 7 ? kNames[weekday] : "?";
}

}  // namespace equilens
