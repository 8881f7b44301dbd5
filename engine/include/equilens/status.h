// Status and Result<T>: how every fallible engine call says why it failed.
//
// Nothing throws across the engine's API. A failure carries a category (which the CLI maps
// to an exit code and the server to an HTTP status, each in one switch) and a message a
// person can act on: what is wrong, where, and which rule refused it.
#ifndef EQUILENS_STATUS_H_
#define EQUILENS_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace equilens {

enum class ErrorCategory {
  kOk,
  kInternal,       // a bug or an environment failure (disk, out of memory)
  kUsage,          // the command itself was malformed
  kNotFound,       // no such initiative, user, workflow, ... (or not visible to the actor)
  kForbidden,      // the actor's role or scope does not allow this
  kRefusedByRule,  // allowed in principle, but a workflow or lifecycle rule says no now
  kConflict,       // stale version, lost race, duplicate
  kInvalidInput,   // bad YAML, CSV, answers, arguments' values
  kIntegrity,      // the record does not verify
};

// The stable lower_snake name of a category ("refused_by_rule"), for JSON and logs.
const char* CategoryName(ErrorCategory category);

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  Status(ErrorCategory category, std::string message)
      : category_(category), message_(std::move(message)) {
    assert(category != ErrorCategory::kOk);
  }

  static Status Ok() { return Status(); }

  bool ok() const { return category_ == ErrorCategory::kOk; }
  ErrorCategory category() const { return category_; }
  const std::string& message() const { return message_; }

  // "refused_by_rule: sign-off needs someone other than ..."; "ok" when ok.
  std::string ToString() const;

 private:
  ErrorCategory category_ = ErrorCategory::kOk;
  std::string message_;
};

// Shorthands that read like the refusal they make.
inline Status InternalError(std::string m) { return {ErrorCategory::kInternal, std::move(m)}; }
inline Status UsageError(std::string m) { return {ErrorCategory::kUsage, std::move(m)}; }
inline Status NotFound(std::string m) { return {ErrorCategory::kNotFound, std::move(m)}; }
inline Status Forbidden(std::string m) { return {ErrorCategory::kForbidden, std::move(m)}; }
inline Status RefusedByRule(std::string m) { return {ErrorCategory::kRefusedByRule, std::move(m)}; }
inline Status Conflict(std::string m) { return {ErrorCategory::kConflict, std::move(m)}; }
inline Status InvalidInput(std::string m) { return {ErrorCategory::kInvalidInput, std::move(m)}; }
inline Status IntegrityError(std::string m) { return {ErrorCategory::kIntegrity, std::move(m)}; }

// A value or the Status that says why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok());
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // Precondition: ok().
  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace equilens

#endif  // EQUILENS_STATUS_H_
