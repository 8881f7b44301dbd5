// Reporter: where the loader's parts append their diagnostics for one definition file.
#ifndef EQUILENS_DEFINITION_REPORT_H_
#define EQUILENS_DEFINITION_REPORT_H_

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "equilens/definition.h"

namespace equilens {

// Appends Diagnostics for one file to a caller's list and counts its own, so that a parser
// can tell whether anything went wrong in this file even when the list already held others.
class Reporter {
 public:
  Reporter(std::string file, std::vector<Diagnostic>& out) : file_(std::move(file)), out_(out) {}

  void Error(SourcePos pos, std::string message) {
    out_.push_back({file_, pos, std::move(message)});
    ++count_;
  }

  // Errors reported through this reporter so far.
  std::size_t count() const { return count_; }

 private:
  std::string file_;
  std::vector<Diagnostic>& out_;
  std::size_t count_ = 0;
};

}  // namespace equilens

#endif  // EQUILENS_DEFINITION_REPORT_H_
