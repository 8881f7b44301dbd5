// Small text helpers the page builders share: names in words, times, hashes, figures, URLs.
#include <cctype>
#include <cstdio>

#include "render/web_context.h"

namespace equilens::web {

std::string Humanize(const std::string& name) {
  // Abbreviations a district reads in capitals; every other word stays lower case.
  static const char* const kUpper[] = {"cesj", "csv", "id", "sla", "ell", "sped"};
  std::string out;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    bool upper = false;
    for (const char* abbreviation : kUpper) upper = upper || word == abbreviation;
    if (upper) {
      for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    if (!out.empty()) out += ' ';
    out += word;
    word.clear();
  };
  for (const char c : name) {
    if (c == '_' || c == '-' || c == ' ') {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string WhenText(const std::string& iso) {
  // "YYYY-MM-DDTHH:MM..." -> "YYYY-MM-DD HH:MM UTC"; the engine keeps every time in UTC.
  if (iso.size() >= 16 && iso[10] == 'T')
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
  return iso;
}

std::string ShortHash(const std::string& hash) { return hash.substr(0, 12); }

std::string Decimal(double value, int places) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.*f", places, value);
  return buffer;
}

std::string UrlEncode(const std::string& text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
  return out;
}

std::string FieldId(const std::string& name) {
  std::string id = "f-";
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    id += std::isalnum(byte) || c == '_' || c == '-' ? c : '-';
  }
  return id;
}

std::string PostedValue(const PostedForm& posted, const std::string& form,
                        const std::string& name) {
  if (posted.form != form) return "";
  for (const PostedField& field : posted.fields) {
    if (field.name == name) return field.value;
  }
  return "";
}

std::string ProblemFor(const PostedForm& posted, const std::string& form,
                       const std::string& field) {
  if (posted.form != form) return "";
  for (const FieldProblem& problem : posted.problems) {
    if (problem.field == field) return problem.message;
  }
  return "";
}

}  // namespace equilens::web
