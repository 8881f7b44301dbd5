// The RFC 4180 record reader.
//
// Deliberately a little more forgiving than the RFC where spreadsheets and hand-edited files
// differ from it and nothing is ambiguous: spaces before an opening quote and after a closing
// one are ignored (`a, "b,c"`). Everything else the RFC does not allow is refused rather than
// guessed at: a quote inside an unquoted value, text after a closing quote, and a carriage
// return that is not followed by a line feed.
#include "equity/csv_reader.h"

#include <string>

namespace equilens {
namespace {

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t") == std::string_view::npos;
}

std::string FieldNumber(std::size_t index) { return "field " + std::to_string(index + 1); }

}  // namespace

bool CsvReader::ConsumeLineEnd() {
  if (pos_ < text_.size() && text_[pos_] == '\n') {
    ++pos_, ++line_;
    return true;
  }
  if (pos_ + 1 < text_.size() && text_[pos_] == '\r' && text_[pos_ + 1] == '\n') {
    pos_ += 2, ++line_;
    return true;
  }
  return false;
}

void CsvReader::SkipLine() {
  const std::size_t end = text_.find('\n', pos_);
  if (end == std::string_view::npos) {
    pos_ = text_.size();
  } else {
    pos_ = end + 1;
    ++line_;
  }
}

bool CsvReader::Next(CsvRecord& record, std::optional<CsvSyntaxError>& error) {
  error.reset();
  if (pos_ >= text_.size()) return false;
  record.line = line_;
  record.fields.clear();
  std::string field;
  const auto fail = [&](std::string message, bool fatal) {
    error = CsvSyntaxError{record.line, std::move(message), fatal};
    if (!fatal) SkipLine();
    return true;
  };

  while (true) {
    // An unquoted value, or the spaces before an opening quote: up to the next special byte.
    const std::size_t special = text_.find_first_of(",\"\r\n", pos_);
    const std::size_t stop = special == std::string_view::npos ? text_.size() : special;
    field.append(text_.data() + pos_, stop - pos_);
    pos_ = stop;

    if (pos_ < text_.size() && text_[pos_] == '"') {
      if (!IsBlank(field)) {
        return fail("a quote inside the unquoted value of " + FieldNumber(record.fields.size()) +
                        ": put the whole value in quotes and double the quote inside it",
                    false);
      }
      field.clear();
      const int opened_on = line_;
      ++pos_;
      bool closed = false;
      while (pos_ < text_.size()) {
        const char c = text_[pos_];
        if (c == '"') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
            field += '"';
            pos_ += 2;
            continue;
          }
          ++pos_;
          closed = true;
          break;
        }
        if (c == '\n' || (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n')) {
          ConsumeLineEnd();
          field += '\n';  // the same value whichever line ends the file was saved with
          continue;
        }
        field += c;
        ++pos_;
      }
      if (!closed) {
        std::string where = opened_on == record.line
                                ? std::string()
                                : " (the quote opens on line " + std::to_string(opened_on) + ")";
        return fail("the quoted value of " + FieldNumber(record.fields.size()) +
                        " is never closed" + where + ": a closing \" is missing",
                    true);
      }
      while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
      if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\r' && text_[pos_] != '\n') {
        return fail("text after the closing quote of " + FieldNumber(record.fields.size()) +
                        ": a value is either all in quotes or not quoted",
                    false);
      }
    }

    if (pos_ >= text_.size()) {
      record.fields.push_back(std::move(field));
      return true;
    }
    if (text_[pos_] == ',') {
      record.fields.push_back(std::move(field));
      field.clear();
      ++pos_;
      continue;
    }
    if (ConsumeLineEnd()) {
      record.fields.push_back(std::move(field));
      return true;
    }
    // A carriage return alone: neither a line end this reader accepts nor part of a value.
    return fail("a carriage return without a line feed: save the file with LF or CRLF line ends",
                false);
  }
}

}  // namespace equilens
