// Reading subgroup outcome data from CSV: a district's figures, or a state's comparison
// figures for the alternate risk ratio. A file is accepted whole or refused whole.
#ifndef EQUILENS_EQUITY_OUTCOME_CSV_H_
#define EQUILENS_EQUITY_OUTCOME_CSV_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "equilens/status.h"
#include "equity/outcome_table.h"

namespace equilens {

inline constexpr std::size_t kMaxCsvBytes = 16 * 1024 * 1024;  // a district-wide file is ~3 MB
inline constexpr std::size_t kMaxCsvRows = 1'000'000;          // data rows, header excluded
inline constexpr std::size_t kMaxCsvErrors = 50;  // refusals listed before the reader stops

// What a file does not say itself (the CLI's --outcome, --year, --favourable), and which kind
// of file it is.
struct CsvOptions {
  std::string outcome;             // for rows without an outcome value; "" = each row names it
  int year = 0;                    // for rows without a year value; 0 = not given
  std::optional<bool> favourable;  // for rows without a favourable value; absent = adverse
  bool state_figures = false;      // a state comparison file: a school column is refused
};

// Parses `text`, the whole content of the file called `source_name`.
//
// The format is RFC 4180 in UTF-8 (a byte order mark is allowed), with LF or CRLF line ends
// and an optional final line end. The first record names the columns in any order; names are
// matched without regard to case, surrounding spaces, or '-'/' ' for '_'. Required: group,
// in_group, with_outcome. Optional: outcome, year, school, favourable (true/false, yes/no,
// 1/0; "favorable" is accepted too). Values are trimmed of spaces and tabs; records whose
// values are all empty are skipped.
//
// Returns the rows in file order. Fails with InvalidInput when the file is larger than
// kMaxCsvBytes, is not UTF-8, is empty or has no rows, names an unknown, duplicated or
// nameless column or lacks a required one, has more than kMaxCsvRows rows, or when any row
// is malformed or breaks a rule of CheckOutcomeTable. The message lists every problem found
// (up to kMaxCsvErrors), one per line, as "source_name:LINE: message", LINE being the
// physical line where the record starts. Nothing is returned from a refused file.
//
// Thread-safe: touches nothing but its arguments.
Result<OutcomeTable> ParseOutcomeCsv(const std::string& source_name, std::string_view text,
                                     const CsvOptions& options);

}  // namespace equilens

#endif  // EQUILENS_EQUITY_OUTCOME_CSV_H_
