// Subgroup outcome data, as read from a district's CSV (or a state's comparison figures), and
// the rules a table must meet before any measure is computed from it.
//
// The same rules run on a freshly parsed file and on inputs decoded from a stored
// computation, so a hand-edited record cannot reach the arithmetic with values a file could
// not have had.
#ifndef EQUILENS_EQUITY_OUTCOME_TABLE_H_
#define EQUILENS_EQUITY_OUTCOME_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace equilens {

// Bounds on what one table may hold. kMaxCount also bounds every sum of a cell's counts, so
// the products the ratios are computed from (count x count) stay below 10^18 and fit int64.
inline constexpr std::int64_t kMaxCount = 1'000'000'000;  // students, in a row or a cell
inline constexpr std::size_t kMaxValueBytes = 200;        // a group, outcome or school name
inline constexpr int kMinYear = 1900;
inline constexpr int kMaxYear = 2999;

// One group's figures for one outcome, year and school.
struct OutcomeRow {
  std::string group;          // "Black", "English learners", ...; compared exactly (after trimming)
  std::string outcome;        // "out_of_school_suspension", "gifted_identification", ...
  std::string school;         // "" = the district as a whole (or the state, in state figures)
  int year = 0;               // the school year's spring, e.g. 2025 for 2024-25; 0 = not given
  std::int64_t in_group = 0;  // students in the group (the denominator)
  std::int64_t with_outcome = 0;  // of them, students with the outcome (the numerator)
  // Whether the outcome is one a student wants (AP enrolment) rather than one to avoid
  // (suspension). Absent = adverse, the default.
  std::optional<bool> favourable;
  int line = 0;  // physical line in the source file where the row starts; 0 = unknown
};

struct OutcomeTable {
  std::string source_name;  // the file name, for messages ("outcomes.csv")
  std::vector<OutcomeRow> rows;
};

// One rule a row breaks, with the line it came from.
struct TableProblem {
  int line = 0;  // the row's line; 0 = unknown
  std::string message;
};

// Checks every row's values (names present and not too long, counts from 0 to kMaxCount,
// with_outcome <= in_group, year 0 or within kMinYear..kMaxYear) and the rules across rows:
// a group at most once per outcome, year and school; an outcome favourable or adverse
// throughout; each cell's counts adding up to at most kMaxCount. State figures
// (`state_figures`) must not name schools. Returns the problems in line order; empty = ok.
std::vector<TableProblem> CheckOutcomeTable(const OutcomeTable& table, bool state_figures);

// A byte string naming the row's cell (outcome, year, school), for hashing. Distinct cells
// have distinct keys for rows that passed CheckOutcomeTable, whose names hold no NUL.
std::string CellKeyOf(const OutcomeRow& row);

// "outcome 'oss', year 2025, school 'Lincoln'": a cell as messages name it.
std::string DescribeCell(const std::string& outcome, int year, const std::string& school);

}  // namespace equilens

#endif  // EQUILENS_EQUITY_OUTCOME_TABLE_H_
