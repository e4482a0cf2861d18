// Status and Result<T>: how every layer reports an expected failure. No exception crosses a layer.
// The mapping from Code to HTTP status and problem type lives in http/problem.cc, nowhere else.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace baton {

enum class Code {
  kOk,
  kInvalid,             // the input breaks a rule; errors name the fields
  kNotFound,
  kConflict,            // would break a uniqueness rule or a state transition
  kPreconditionFailed,  // If-Match / expected version is stale
  kPreconditionRequired,
  kUnauthenticated,
  kForbidden,
  kTooManyRequests,
  kPayloadTooLarge,
  kUnsupportedMediaType,  // the body is not in a format the endpoint reads
  kUnavailable,  // the store or a dependency is down; retry later
  kCorruption,   // stored data fails an integrity check
  kInternal,
};

struct FieldError {
  std::string field;  // dotted path, e.g. "admin1" or "roles[1]"
  std::string message;
  bool operator==(const FieldError&) const = default;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return {}; }
  static Status Invalid(std::string message, std::vector<FieldError> errors = {}) {
    return Status(Code::kInvalid, std::move(message), std::move(errors));
  }
  // Ok for no errors; otherwise kInvalid with them all, summarised by the first ("field: message
  // (and 2 more)").
  static Status InvalidFields(std::vector<FieldError> errors) {
    if (errors.empty()) return {};
    std::string summary = errors[0].field + ": " + errors[0].message;
    if (errors.size() > 1) summary += " (and " + std::to_string(errors.size() - 1) + " more)";
    return Status(Code::kInvalid, std::move(summary), std::move(errors));
  }
  static Status InvalidField(std::string field, std::string message) {
    std::string summary = field + ": " + message;
    return Status(Code::kInvalid, std::move(summary), {{std::move(field), std::move(message)}});
  }
  static Status ConflictField(std::string field, std::string message) {
    std::string summary = field + " " + message;
    return Status(Code::kConflict, std::move(summary), {{std::move(field), std::move(message)}});
  }
  static Status NotFound(std::string m) { return Status(Code::kNotFound, std::move(m)); }
  static Status Conflict(std::string m) { return Status(Code::kConflict, std::move(m)); }
  static Status PreconditionFailed(std::string m) { return Status(Code::kPreconditionFailed, std::move(m)); }
  static Status PreconditionRequired(std::string m) { return Status(Code::kPreconditionRequired, std::move(m)); }
  static Status Unauthenticated(std::string m) { return Status(Code::kUnauthenticated, std::move(m)); }
  static Status Forbidden(std::string m) { return Status(Code::kForbidden, std::move(m)); }
  static Status TooManyRequests(std::string m) { return Status(Code::kTooManyRequests, std::move(m)); }
  static Status PayloadTooLarge(std::string m) { return Status(Code::kPayloadTooLarge, std::move(m)); }
  static Status UnsupportedMediaType(std::string m) { return Status(Code::kUnsupportedMediaType, std::move(m)); }
  static Status Unavailable(std::string m) { return Status(Code::kUnavailable, std::move(m)); }
  static Status Corruption(std::string m) { return Status(Code::kCorruption, std::move(m)); }
  static Status Internal(std::string m) { return Status(Code::kInternal, std::move(m)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<FieldError>& errors() const { return errors_; }
  std::string ToString() const;

 private:
  Status(Code code, std::string message, std::vector<FieldError> errors = {})
      : code_(code), message_(std::move(message)), errors_(std::move(errors)) {}
  Code code_ = Code::kOk;
  std::string message_;
  std::vector<FieldError> errors_;
};

const char* CodeName(Code code);

// Result<T>: a value or a non-ok Status.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (status_.ok()) status_ = Status::Internal("Result built from an ok Status without a value");
  }
  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace baton

#define BATON_CONCAT_INNER(a, b) a##b
#define BATON_CONCAT(a, b) BATON_CONCAT_INNER(a, b)

// Returns the status from the enclosing function when expr is not ok.
#define BATON_RETURN_IF_ERROR(expr)          \
  do {                                       \
    ::baton::Status baton_status_ = (expr);  \
    if (!baton_status_.ok()) return baton_status_; \
  } while (0)

// BATON_ASSIGN_OR_RETURN(auto x, Foo()): unwraps a Result or returns its status.
#define BATON_ASSIGN_OR_RETURN(lhs, expr) \
  BATON_ASSIGN_OR_RETURN_IMPL(BATON_CONCAT(baton_result_, __LINE__), lhs, expr)
#define BATON_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()
