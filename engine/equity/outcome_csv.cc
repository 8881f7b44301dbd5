// Outcome CSV files: header mapping, value conversion, and collecting every refusal.
//
// The file is checked in three passes, each needing the one before: encoding (UTF-8 and size,
// or nothing else can be trusted), records and values (csv_reader.cc, then this file), and
// the rules across rows (outcome_table.cc). Problems of the last two passes are gathered and
// reported together, in line order, so one run of `equilens data` shows what to fix.
#include "equity/outcome_csv.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "common/did_you_mean.h"
#include "common/utf8.h"
#include "equity/csv_reader.h"

namespace equilens {
namespace {

enum Column { kGroup, kInGroup, kWithOutcome, kOutcome, kYear, kSchool, kFavourable, kColumns };
constexpr std::array<const char*, kColumns> kColumnNames = {
    "group", "in_group", "with_outcome", "outcome", "year", "school", "favourable"};
constexpr int kRequiredColumns = 3;  // the first three of kColumnNames
constexpr std::size_t kMaxEchoBytes = 40;

// Problems with their lines, capped at kMaxCsvErrors; the cap stops the reader.
class Refusals {
 public:
  explicit Refusals(const std::string& source) : source_(source) {}
  bool full() const { return problems_.size() >= kMaxCsvErrors; }
  // Notes that there was more to read when the cap was reached.
  void Stop() { stopped_ = true; }
  bool empty() const { return problems_.empty(); }
  void Add(int line, std::string message) {
    if (full()) {
      stopped_ = true;
      return;
    }
    problems_.push_back({line, std::move(message)});
  }
  Status ToStatus() {
    std::stable_sort(problems_.begin(), problems_.end(),
                     [](const TableProblem& a, const TableProblem& b) { return a.line < b.line; });
    std::string text;
    for (const TableProblem& problem : problems_) {
      if (!text.empty()) text += '\n';
      text += source_;
      if (problem.line > 0) text += ":" + std::to_string(problem.line);
      text += ": " + problem.message;
    }
    if (stopped_) {
      text += "\n" + source_ + ": stopped after " + std::to_string(kMaxCsvErrors) +
              " problems; nothing was read from the file";
    }
    return InvalidInput(std::move(text));
  }

 private:
  std::string source_;
  std::vector<TableProblem> problems_;
  bool stopped_ = false;
};

std::string Trim(std::string_view text) {
  const std::size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return "";
  const std::size_t end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

// "'12.5'", shortened: messages echo what they refuse without repeating a whole huge value.
std::string Echo(const std::string& value) {
  if (value.size() <= kMaxEchoBytes) return "'" + value + "'";
  std::size_t cut = kMaxEchoBytes;
  while (cut > 0 && (static_cast<std::uint8_t>(value[cut]) & 0xC0) == 0x80) --cut;
  return "'" + value.substr(0, cut) + "...'";
}

// A header name as matched: lower case, '-' and ' ' as '_'.
std::string NormalizeColumnName(std::string_view name) {
  std::string out = Trim(name);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '-' || c == ' ') c = '_';
  }
  return out;
}

std::string KnownColumns() {
  std::string text;
  for (int c = 0; c < kColumns; ++c) {
    text += c == 0 ? "" : ", ";
    text += kColumnNames[c];
    if (c == kRequiredColumns - 1) text += " (required)";
  }
  return text;
}

std::string UnknownColumnMessage(const std::string& name) {
  const std::vector<std::string> known(std::begin(kColumnNames), std::end(kColumnNames));
  return "unknown column " + Echo(name) + DidYouMean(name, known) + "; the columns are " +
         KnownColumns();
}

// Maps each header field to a column; -1 for none. Returns false when the header is refused.
bool MapHeader(const CsvRecord& header, const CsvOptions& options,
               std::array<int, kColumns>& index_of, Refusals& refusals) {
  index_of.fill(-1);
  bool ok = true;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    std::string name = NormalizeColumnName(header.fields[i]);
    if (name == "favorable") name = "favourable";
    const auto known = std::find(kColumnNames.begin(), kColumnNames.end(), name);
    if (name.empty()) {
      refusals.Add(header.line, "column " + std::to_string(i + 1) +
                                    " has no name; the columns are " + KnownColumns());
      ok = false;
    } else if (known == kColumnNames.end()) {
      refusals.Add(header.line, UnknownColumnMessage(name));
      ok = false;
    } else if (index_of[known - kColumnNames.begin()] != -1) {
      refusals.Add(header.line, "column '" + name + "' appears twice");
      ok = false;
    } else {
      index_of[known - kColumnNames.begin()] = static_cast<int>(i);
    }
  }
  for (int c = 0; c < kRequiredColumns; ++c) {
    if (index_of[c] == -1) {
      refusals.Add(header.line, std::string("missing column '") + kColumnNames[c] +
                                    "'; the columns are " + KnownColumns());
      ok = false;
    }
  }
  if (index_of[kOutcome] == -1 && options.outcome.empty()) {
    refusals.Add(header.line,
                 "no outcome column: add one, or name the outcome the whole file is about");
    ok = false;
  }
  return ok;
}

// A whole number, possibly negative (so that the rules can say why it is refused).
bool ParseInteger(const std::string& text, std::int64_t& value) {
  std::size_t i = text[0] == '-' ? 1 : 0;
  if (i == text.size() || text.size() - i > 15) return false;  // 15 digits: far past kMaxCount
  value = 0;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  if (text[0] == '-') value = -value;
  return true;
}

std::optional<bool> ParseBoolean(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (text == "true" || text == "yes" || text == "1") return true;
  if (text == "false" || text == "no" || text == "0") return false;
  return std::nullopt;
}

// Converts one record's values; problems go to `refusals`. Returns whether `row` is sound.
bool ReadRow(const CsvRecord& record, const std::array<int, kColumns>& index_of,
             const CsvOptions& options, OutcomeRow& row, Refusals& refusals) {
  bool ok = true;
  row.line = record.line;
  const auto value = [&](Column column) {
    return index_of[column] == -1 ? std::string() : Trim(record.fields[index_of[column]]);
  };
  const auto count = [&](Column column, std::int64_t& out) {
    const std::string text = value(column);
    if (text.empty()) {
      refusals.Add(record.line, std::string(kColumnNames[column]) + " is empty");
      ok = false;
    } else if (!ParseInteger(text, out)) {
      refusals.Add(record.line, std::string(kColumnNames[column]) + " " + Echo(text) +
                                    " is not a whole number (write digits only, e.g. 1200)");
      ok = false;
    }
  };
  row.group = value(kGroup);
  row.school = value(kSchool);
  row.outcome = value(kOutcome);
  if (row.outcome.empty()) row.outcome = options.outcome;
  count(kInGroup, row.in_group);
  count(kWithOutcome, row.with_outcome);

  const std::string year = value(kYear);
  std::int64_t year_value = options.year;
  if (!year.empty() &&
      (!ParseInteger(year, year_value) || year_value < kMinYear || year_value > kMaxYear)) {
    refusals.Add(record.line, "year " + Echo(year) +
                                  " is not a year: write the spring of the school year, e.g. "
                                  "2025 for 2024-25");
    ok = false;
  }
  row.year = static_cast<int>(year_value);

  const std::string favourable = value(kFavourable);
  row.favourable = options.favourable;
  if (!favourable.empty()) {
    row.favourable = ParseBoolean(favourable);
    if (!row.favourable) {
      refusals.Add(record.line, "favourable " + Echo(favourable) +
                                    " is not true or false (yes/no and 1/0 are accepted too)");
      ok = false;
    }
  }
  return ok;
}

bool AllBlank(const CsvRecord& record) {
  return std::all_of(record.fields.begin(), record.fields.end(),
                     [](const std::string& field) { return Trim(field).empty(); });
}

}  // namespace

Result<OutcomeTable> ParseOutcomeCsv(const std::string& source_name, std::string_view text,
                                     const CsvOptions& options) {
  Refusals refusals(source_name);
  if (text.size() > kMaxCsvBytes) {
    refusals.Add(0, "the file is " + std::to_string(text.size()) + " bytes; the limit is " +
                        std::to_string(kMaxCsvBytes) + " (16 MiB): split it by year or outcome");
    return refusals.ToStatus();
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (const std::size_t bad = FirstInvalidUtf8(text); bad != std::string_view::npos) {
    const std::string_view before = text.substr(0, bad);
    const int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
    const std::size_t line_start = before.rfind('\n') + 1;  // npos + 1 == 0
    std::size_t column = 1;
    for (std::size_t i = line_start; i < bad; ++i) {
      if ((static_cast<std::uint8_t>(text[i]) & 0xC0) != 0x80) ++column;  // characters
    }
    static const char kHex[] = "0123456789ABCDEF";
    const auto byte = static_cast<std::uint8_t>(text[bad]);
    refusals.Add(line, "column " + std::to_string(column) + ": invalid UTF-8 (byte 0x" +
                           kHex[byte >> 4] + kHex[byte & 0xF] +
                           "); save the file as UTF-8 (\"CSV UTF-8\" in a spreadsheet)");
    return refusals.ToStatus();
  }

  CsvReader reader(text);
  CsvRecord record;
  std::optional<CsvSyntaxError> error;
  std::optional<CsvRecord> header;
  std::array<int, kColumns> index_of{};
  OutcomeTable table;
  table.source_name = source_name;
  bool any_row = false;
  while (reader.Next(record, error)) {
    if (refusals.full()) {
      refusals.Stop();
      break;
    }
    if (error) {
      refusals.Add(error->line, error->message);
      if (error->fatal || !header) break;  // no column names to read the rest by
      any_row = true;
      continue;
    }
    if (AllBlank(record)) continue;
    if (!header) {
      header = record;
      if (!MapHeader(*header, options, index_of, refusals)) return refusals.ToStatus();
      continue;
    }
    any_row = true;
    if (table.rows.size() >= kMaxCsvRows) {
      refusals.Add(record.line, "more than " + std::to_string(kMaxCsvRows) +
                                    " rows: split the file by year or outcome");
      return refusals.ToStatus();
    }
    if (record.fields.size() != header->fields.size()) {
      refusals.Add(record.line, std::to_string(record.fields.size()) +
                                    " values, but the header names " +
                                    std::to_string(header->fields.size()) + " columns");
      continue;
    }
    OutcomeRow row;
    if (ReadRow(record, index_of, options, row, refusals)) table.rows.push_back(std::move(row));
  }
  if (!header) {
    if (refusals.empty()) {
      refusals.Add(1, "the file is empty: its first line names the columns, " + KnownColumns());
    }
    return refusals.ToStatus();
  }
  if (!any_row) {
    refusals.Add(header->line, "the file names its columns but has no rows");
    return refusals.ToStatus();
  }
  if (!refusals.full()) {
    for (TableProblem& problem : CheckOutcomeTable(table, options.state_figures)) {
      refusals.Add(problem.line, std::move(problem.message));
    }
  }
  if (!refusals.empty()) return refusals.ToStatus();
  return table;
}

}  // namespace equilens
