// The rules an outcome table meets before measures are computed from it.
#include "equity/outcome_table.h"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace equilens {
namespace {

std::string Quoted(const std::string& text) { return "'" + text + "'"; }

// C0 controls other than tab and line feed, and DEL: nothing a name needs, and a stray
// carriage return or escape would garble every message and document that shows the name.
bool IsControl(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return (byte < 0x20 && c != '\t' && c != '\n') || byte == 0x7F;
}

void CheckName(const OutcomeRow& row, const char* column, const std::string& value, bool required,
               std::vector<TableProblem>& problems) {
  if (required && value.empty()) {
    problems.push_back({row.line, std::string(column) + " is empty"});
  } else if (value.size() > kMaxValueBytes) {
    problems.push_back({row.line, std::string(column) + " is " + std::to_string(value.size()) +
                                      " bytes long; the limit is " +
                                      std::to_string(kMaxValueBytes)});
  } else if (std::any_of(value.begin(), value.end(), IsControl)) {
    problems.push_back({row.line, std::string(column) +
                                      " holds a control character; only text, tabs and line "
                                      "breaks are allowed"});
  }
}

void CheckCount(const OutcomeRow& row, const char* column, std::int64_t value,
                std::vector<TableProblem>& problems) {
  if (value < 0) {
    problems.push_back({row.line, std::string(column) + " is " + std::to_string(value) +
                                      ": a count of students cannot be negative"});
  } else if (value > kMaxCount) {
    problems.push_back({row.line, std::string(column) + " is " + std::to_string(value) +
                                      ", more than the limit " + std::to_string(kMaxCount)});
  }
}

void CheckRow(const OutcomeRow& row, bool state_figures, std::vector<TableProblem>& problems) {
  CheckName(row, "group", row.group, true, problems);
  CheckName(row, "outcome", row.outcome, true, problems);
  CheckName(row, "school", row.school, false, problems);
  if (state_figures && !row.school.empty()) {
    problems.push_back({row.line, "school is " + Quoted(row.school) +
                                      ", but state figures are for the whole state: leave "
                                      "school out"});
  }
  if (row.year != 0 && (row.year < kMinYear || row.year > kMaxYear)) {
    problems.push_back({row.line, "year " + std::to_string(row.year) + " is not between " +
                                      std::to_string(kMinYear) + " and " +
                                      std::to_string(kMaxYear)});
  }
  CheckCount(row, "in_group", row.in_group, problems);
  CheckCount(row, "with_outcome", row.with_outcome, problems);
  if (row.with_outcome > row.in_group && row.in_group >= 0) {
    problems.push_back({row.line, "with_outcome " + std::to_string(row.with_outcome) +
                                      " is more than in_group " + std::to_string(row.in_group) +
                                      ": the students with the outcome are counted in the group"});
  }
}

std::string LineRef(int line) { return line > 0 ? "line " + std::to_string(line) : "another row"; }

}  // namespace

std::string DescribeCell(const std::string& outcome, int year, const std::string& school) {
  std::string text = "outcome " + Quoted(outcome);
  if (year != 0) text += ", year " + std::to_string(year);
  if (!school.empty()) text += ", school " + Quoted(school);
  return text;
}

std::string CellKeyOf(const OutcomeRow& row) {
  std::string key = row.outcome;
  key += '\0';
  key += std::to_string(row.year);
  key += '\0';
  key += row.school;
  return key;
}

std::vector<TableProblem> CheckOutcomeTable(const OutcomeTable& table, bool state_figures) {
  std::vector<TableProblem> problems;
  struct CellTotals {
    std::int64_t in_group = 0;
    bool reported = false;
  };
  struct Direction {
    bool favourable;
    int line;
  };
  // Hashed, not ordered: a district file has tens of thousands of rows, and these are lookups.
  std::unordered_map<std::string, int> first_line_of_group;  // cell key + group
  std::unordered_map<std::string, CellTotals> totals;        // by cell key
  std::unordered_map<std::string, Direction> direction_of_outcome;
  first_line_of_group.reserve(table.rows.size());

  for (const OutcomeRow& row : table.rows) {
    const std::size_t before = problems.size();
    CheckRow(row, state_figures, problems);
    if (problems.size() != before) continue;  // cross-row rules need sound values

    std::string key = CellKeyOf(row);
    const auto [group_at, inserted] = first_line_of_group.emplace(key + '\0' + row.group, row.line);
    if (!inserted) {
      problems.push_back({row.line, "group " + Quoted(row.group) + " appears twice for " +
                                        DescribeCell(row.outcome, row.year, row.school) +
                                        " (first on " + LineRef(group_at->second) + ")"});
      continue;
    }
    const bool favourable = row.favourable.value_or(false);
    const auto [direction, first] =
        direction_of_outcome.emplace(row.outcome, Direction{favourable, row.line});
    if (!first && direction->second.favourable != favourable) {
      problems.push_back({row.line, "outcome " + Quoted(row.outcome) + " is " +
                                        (favourable ? "favourable" : "adverse") + " here but " +
                                        (favourable ? "adverse" : "favourable") + " on " +
                                        LineRef(direction->second.line) +
                                        ": an outcome is one or the other throughout"});
    }
    CellTotals& cell = totals[std::move(key)];
    cell.in_group += row.in_group;  // each term <= kMaxCount, so no overflow before the check
    if (cell.in_group > kMaxCount && !cell.reported) {
      cell.reported = true;
      problems.push_back(
          {row.line, "the groups of " + DescribeCell(row.outcome, row.year, row.school) +
                         " add up to more than " + std::to_string(kMaxCount) + " students"});
    }
  }
  std::stable_sort(problems.begin(), problems.end(),
                   [](const TableProblem& a, const TableProblem& b) { return a.line < b.line; });
  return problems;
}

}  // namespace equilens
