// SchoolCalendar: which days count toward a deadline, and counting them.
#include "runtime/school_days.h"

#include <algorithm>
#include <chrono>
#include <optional>

namespace equilens {
namespace {

// Marks each day of `days` as not counted, keeping the first reason given for a day.
void MarkOff(const std::vector<CalendarDays>& all, const char* kind,
             std::map<long, std::string>& off) {
  for (const CalendarDays& days : all) {
    std::optional<long> from = DayOf(days.from), to = DayOf(days.to);
    if (!from || !to) continue;  // the parser refuses these; a hand-edited store is skipped
    for (long day = *from; day <= *to; ++day) {
      off.emplace(day, std::string(kind) + " (" + days.name + ")");
    }
  }
}

}  // namespace

SchoolCalendar::SchoolCalendar(
    const std::vector<std::shared_ptr<const CalendarDefinition>>& calendars) {
  for (const auto& calendar : calendars) {
    std::optional<long> first = DayOf(calendar->first_day), last = DayOf(calendar->last_day);
    if (!first || !last) continue;
    Year year;
    year.first = *first;
    year.last = *last;
    std::copy(std::begin(calendar->school_week), std::end(calendar->school_week), year.week);
    MarkOff(calendar->holidays, "holiday", year.off);
    MarkOff(calendar->breaks, "break", year.off);
    MarkOff(calendar->pauses, "pause", year.off);
    year.label = calendar->id + " v" + std::to_string(calendar->version) + " (" +
                 calendar->first_day + " to " + calendar->last_day + ")";
    years_.push_back(std::move(year));
  }
  std::sort(years_.begin(), years_.end(),
            [](const Year& a, const Year& b) { return a.first < b.first; });
}

const SchoolCalendar::Year* SchoolCalendar::YearOf(long day) const {
  const Year* found = nullptr;
  for (const Year& year : years_) {
    if (day >= year.first && day <= year.last) found = &year;  // the latest start wins
  }
  return found;
}

std::string SchoolCalendar::WhyNotCounted(long day) const {
  const int weekday = WeekdayOf(day);
  const Year* year = YearOf(day);
  if (year == nullptr) {
    return weekday == 0 || weekday == 6 ? std::string(WeekdayName(weekday)) : std::string();
  }
  if (auto off = year->off.find(day); off != year->off.end()) return off->second;
  if (!year->week[weekday]) {
    return weekday == 0 || weekday == 6
               ? std::string(WeekdayName(weekday))
               : std::string(WeekdayName(weekday)) + ": school does not meet";
  }
  return "";
}

std::string SchoolCalendar::AddSchoolDays(const std::string& timestamp, int school_days) const {
  if (school_days <= 0) return "";
  std::optional<long> start = DayOf(timestamp);
  if (!start) return "";
  long day = *start;
  // Terminates: outside every loaded year five days in seven count, and the years are finite.
  for (int counted = 0; counted < school_days;) {
    ++day;
    if (Counts(day)) ++counted;
  }
  return CivilFromDays(day);
}

int SchoolCalendar::SchoolDaysBetween(const std::string& from, const std::string& to) const {
  std::optional<long> first = DayOf(from), last = DayOf(to);
  if (!first || !last || *last <= *first) return 0;
  int counted = 0;
  for (long day = *first + 1; day <= *last; ++day) counted += Counts(day) ? 1 : 0;
  return counted;
}

std::vector<std::string> SchoolCalendar::Describe() const {
  std::vector<std::string> labels;
  for (const Year& year : years_) labels.push_back(year.label);
  return labels;
}

std::string AddSchoolDays(const std::string& timestamp, int school_days) {
  return SchoolCalendar().AddSchoolDays(timestamp, school_days);
}

int SchoolDaysBetween(const std::string& from, const std::string& to) {
  return SchoolCalendar().SchoolDaysBetween(from, to);
}

int CalendarDaysBetween(const std::string& from, const std::string& to) {
  std::optional<long> first = DayOf(from), last = DayOf(to);
  if (!first || !last || *last <= *first) return 0;
  return static_cast<int>(*last - *first);
}

std::string TodayUtc() {
  const auto now = std::chrono::system_clock::now();
  const long days = static_cast<long>(
      std::chrono::duration_cast<std::chrono::hours>(now.time_since_epoch()).count() / 24);
  return CivilFromDays(days);
}

}  // namespace equilens
