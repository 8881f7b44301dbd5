// ParseCalendar: calendar YAML -> CalendarDefinition, checking the schema (unknown keys with a
// did-you-mean) and the calendar's own rules: real dates, the year in order and at most one
// year long, the week's school days named once, every holiday, break and pause inside the
// school year, and a holiday on a day school would meet (else it is probably a typo).
#include <map>
#include <utility>

#include "common/civil_date.h"
#include "common/did_you_mean.h"
#include "definition/schema.h"
#include "definition/yaml_tree.h"
#include "equilens/definition.h"
#include "equilens/sha256.h"

namespace equilens {
namespace {

// A school year is at most this many days from its first day to its last: a longer span is
// almost always a mistyped year, and a district loads one calendar per school year.
constexpr long kMaxYearDays = 366;

const std::vector<std::string>& WeekdayKeys() {
  static const std::vector<std::string> kKeys = {"sunday",   "monday", "tuesday", "wednesday",
                                                 "thursday", "friday", "saturday"};
  return kKeys;
}

class CalendarReader {
 public:
  explicit CalendarReader(Reporter& reporter) : reporter_(reporter) {}

  std::optional<CalendarDefinition> Read(const YamlNode& root) {
    if (!CheckDefinitionRoot(root, "calendar", "workflow",
                             "calendar, version, title, first_day and last_day", reporter_)) {
      return std::nullopt;
    }
    CheckKeys(root,
              {{"calendar", true},
               {"version", true},
               {"title", true},
               {"description", false},
               {"first_day", true},
               {"last_day", true},
               {"school_week", false},
               {"holidays", false},
               {"breaks", false},
               {"pauses", false}},
              "the calendar", reporter_);
    CalendarDefinition calendar;
    DefinitionHeader header = ReadHeader(root, "calendar", reporter_);
    calendar.id = std::move(header.id);
    calendar.version = header.version;
    calendar.title = std::move(header.title);
    calendar.description = std::move(header.description);
    if (const YamlNode* week = root.Find("school_week")) ReadWeek(*week, calendar);
    const YamlNode* first = root.Find("first_day");
    const YamlNode* last = root.Find("last_day");
    if (first != nullptr) first_ = ReadDate(*first, "`first_day`", calendar.first_day);
    if (last != nullptr) last_ = ReadDate(*last, "`last_day`", calendar.last_day);
    if (first_ && last_) {
      if (*last_ < *first_) {
        reporter_.Error(last->pos, "`last_day` " + calendar.last_day + " is before `first_day` " +
                                       calendar.first_day);
        first_.reset();  // nothing can be inside a year that has no days
      } else if (*last_ - *first_ > kMaxYearDays) {
        reporter_.Error(last->pos, "the school year runs " + std::to_string(*last_ - *first_) +
                                       " days from " + calendar.first_day + " to " +
                                       calendar.last_day + "; a calendar covers one school year " +
                                       "(at most " + std::to_string(kMaxYearDays) +
                                       " days): check the years, or load one calendar per year");
        first_.reset();
      } else {
        CheckMeets(*first_, first->pos, "`first_day`", calendar);
        CheckMeets(*last_, last->pos, "`last_day`", calendar);
      }
    }
    if (const YamlNode* holidays = root.Find("holidays")) {
      calendar.holidays = ReadDays(*holidays, "holiday", Shape::kOneDay, calendar);
    }
    if (const YamlNode* breaks = root.Find("breaks")) {
      calendar.breaks = ReadDays(*breaks, "break", Shape::kRange, calendar);
    }
    if (const YamlNode* pauses = root.Find("pauses")) {
      calendar.pauses = ReadDays(*pauses, "pause", Shape::kEither, calendar);
    }
    return calendar;
  }

 private:
  enum class Shape { kOneDay, kRange, kEither };  // `date:`; `from:` + `to:`; either

  std::optional<long> ReadDate(const YamlNode& node, const std::string& what, std::string& out) {
    if (!node.IsScalar() || !IsIsoDate(node.text)) {
      reporter_.Error(node.pos, what + " must be a real date written YYYY-MM-DD, not " +
                                    (node.IsNull() ? std::string("nothing") : Describe(node)));
      return std::nullopt;
    }
    out = node.text;
    return DayOf(node.text);
  }

  void ReadWeek(const YamlNode& node, CalendarDefinition& calendar) {
    std::vector<const YamlNode*> days =
        ReadScalarList(node, "`school_week`", /*allow_empty=*/false, reporter_);
    if (days.empty()) return;
    bool week[7] = {false, false, false, false, false, false, false};
    const std::vector<std::string>& keys = WeekdayKeys();
    for (const YamlNode* day : days) {
      int index = -1;
      for (int i = 0; i < 7; ++i) index = keys[i] == day->text ? i : index;
      if (index < 0) {
        reporter_.Error(day->pos, "unknown day of the week '" + day->text + "' in `school_week`" +
                                      DidYouMean(day->text, keys) + "; write " + JoinNames(keys));
      } else if (week[index]) {
        reporter_.Error(day->pos, "`school_week` names " + day->text + " twice");
      }
      if (index >= 0) week[index] = true;
    }
    for (int i = 0; i < 7; ++i) calendar.school_week[i] = week[i];
  }

  // A day the year's edges or a holiday name must be a day school meets on.
  void CheckMeets(long day, SourcePos pos, const std::string& what,
                  const CalendarDefinition& calendar) {
    const int weekday = WeekdayOf(day);
    if (!calendar.school_week[weekday]) {
      reporter_.Error(pos, what + " " + CivilFromDays(day) + " is a " + WeekdayName(weekday) +
                               ", which is not in the school week: check the date");
    }
  }

  std::vector<CalendarDays> ReadDays(const YamlNode& list, const char* kind, Shape shape,
                                     const CalendarDefinition& calendar) {
    std::vector<CalendarDays> result;
    const std::string plural = std::string(kind) + "s";
    if (!ExpectSequence(list, "`" + plural + "`", reporter_)) return result;
    std::map<std::string, SourcePos> seen;  // holidays: each date once
    for (const YamlNode& node : list.children) {
      const std::string where = std::string(kind) + " " + std::to_string(result.size() + 1);
      if (!ExpectMap(node, where, reporter_)) {
        result.push_back({});
        continue;
      }
      CalendarDays days;
      days.pos = node.pos;
      switch (shape) {
        case Shape::kOneDay:
          CheckKeys(node, {{"date", true}, {"name", true}}, where, reporter_);
          break;
        case Shape::kRange:
          CheckKeys(node, {{"from", true}, {"to", true}, {"name", true}}, where, reporter_);
          break;
        case Shape::kEither:
          CheckKeys(node, {{"date", false}, {"from", false}, {"to", false}, {"name", true}}, where,
                    reporter_);
          break;
      }
      if (const YamlNode* name = node.Find("name")) {
        days.name = ReadText(*name, where + " `name`", reporter_).value_or("");
      }
      const std::string named =
          days.name.empty() ? where : std::string(kind) + " '" + days.name + "'";
      std::optional<long> from, to;
      SourcePos to_pos = node.pos;
      if (const YamlNode* date = node.Find("date")) {
        from = ReadDate(*date, named + " `date`", days.from);
        to = from;
        days.to = days.from;
        to_pos = date->pos;
        if (shape == Shape::kEither && (node.Find("from") || node.Find("to"))) {
          reporter_.Error(date->key_pos, named + " gives `date` and `from`/`to`: give a `date` " +
                                             "for one day or `from` and `to` for several");
          from.reset();
        }
      } else {
        const YamlNode* from_node = node.Find("from");
        const YamlNode* to_node = node.Find("to");
        if (shape == Shape::kEither && (from_node == nullptr || to_node == nullptr)) {
          reporter_.Error(node.pos, named + " needs a `date`, or both `from` and `to`");
        }
        if (from_node != nullptr) from = ReadDate(*from_node, named + " `from`", days.from);
        if (to_node != nullptr) {
          to = ReadDate(*to_node, named + " `to`", days.to);
          to_pos = to_node->pos;
        }
        if (from && to && *to < *from) {
          reporter_.Error(to_pos,
                          named + " ends (" + days.to + ") before it begins (" + days.from + ")");
          from.reset();
        }
      }
      if (from && to) CheckInsideYear(*from, *to, node.pos, named, days, calendar);
      if (from && shape == Shape::kOneDay) {
        auto [first, inserted] = seen.emplace(days.from, days.pos);
        if (!inserted) {
          reporter_.Error(days.pos, "holiday " + days.from + " is listed twice (first at line " +
                                        std::to_string(first->second.line) + ")");
        }
        if (first_ && last_ && *from >= *first_ && *from <= *last_) {
          CheckMeets(*from, days.pos, named, calendar);
        }
      }
      result.push_back(std::move(days));
    }
    return result;
  }

  void CheckInsideYear(long from, long to, SourcePos pos, const std::string& named,
                       const CalendarDays& days, const CalendarDefinition& calendar) {
    if (!first_ || !last_) return;  // the year itself is wrong: already reported
    if (from < *first_ || to > *last_) {
      const std::string span = days.from == days.to ? days.from : days.from + " to " + days.to;
      reporter_.Error(pos, named + " (" + span + ") is outside the school year " +
                               calendar.first_day + " to " + calendar.last_day +
                               ": days outside it already count Monday to Friday");
    }
  }

  Reporter& reporter_;
  std::optional<long> first_;  // the school year's first and last day, when readable
  std::optional<long> last_;
};

}  // namespace

std::optional<CalendarDefinition> ParseCalendar(const DefinitionSource& source,
                                                std::vector<Diagnostic>& errors) {
  Reporter reporter(source.name, errors);
  std::optional<YamlNode> root = ReadYamlTree(source, reporter);
  if (!root) return std::nullopt;
  std::optional<CalendarDefinition> calendar = CalendarReader(reporter).Read(*root);
  if (!calendar || reporter.count() > 0) return std::nullopt;
  calendar->source_name = source.name;
  calendar->sha256 = Sha256Hex(source.text);
  return calendar;
}

}  // namespace equilens
