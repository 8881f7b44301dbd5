// RFC 4180 records out of a text: quoted values, "" escapes, commas and line breaks inside
// quotes, CRLF or LF line ends. Knows nothing of columns; outcome_csv.cc gives them meaning.
#ifndef EQUILENS_EQUITY_CSV_READER_H_
#define EQUILENS_EQUITY_CSV_READER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace equilens {

struct CsvRecord {
  int line = 0;                     // physical line (1-based) where the record starts
  std::vector<std::string> fields;  // unquoted; a CRLF inside quotes becomes LF
};

// Why a record could not be read. The reader resumes on the next line, except after an
// unterminated quote, which swallows the rest of the text (then `fatal`).
struct CsvSyntaxError {
  int line = 0;  // where the record starts
  std::string message;
  bool fatal = false;
};

// Reads records one at a time. Borrows `text`, which must outlive the reader and must not
// start with a byte order mark (the caller strips it). Not thread-safe.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {}

  // Reads the next record into `record` and returns true, or returns false at the end of the
  // text. A trailing line end does not make an empty last record. On a malformed record,
  // sets `error` and leaves `record.fields` partial; otherwise resets `error`.
  bool Next(CsvRecord& record, std::optional<CsvSyntaxError>& error);

 private:
  // Moves past the rest of the current physical line, after a syntax error.
  void SkipLine();
  // Consumes a line end (LF or CRLF) at pos_ and returns true, or returns false.
  bool ConsumeLineEnd();

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace equilens

#endif  // EQUILENS_EQUITY_CSV_READER_H_
