// Status and Result<T>: how errors cross layers in tablekeeper.
//
// Exceptions stay inside a layer; across a layer boundary a failure is a value.
// A Status is either OK or carries a Code and a message written for a person:
// it names the object, the field and what to do ("Table shop/orders:
// spec.sseSpecification.kmsMasterKeyID: key alias/x not found in us-east-1;
// create the alias or name another key"). A Result<T> holds a T or a non-OK
// Status.
//
// Codes are few on purpose: they drive the caller's decision (retry, back off,
// give up), the message carries the detail.
#pragma once

#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace tk {

enum class Code {
  kOk,
  kInvalidArgument,    // the input is wrong; retrying the same input fails again
  kNotFound,           // the named thing does not exist
  kAlreadyExists,      // a create found the thing there already
  kConflict,           // optimistic concurrency lost (HTTP 409); re-read and retry
  kPermissionDenied,   // authenticated but not allowed
  kUnauthenticated,    // credentials missing, expired or rejected
  kThrottled,          // a rate or quota limit answered; back off before retrying
  kUnavailable,        // transient: network, 5xx, timeouts; retry with back-off
  kFailedPrecondition, // the system is not in a state that allows this yet
  kInternal,           // a bug or an answer we cannot understand
};

// The lower-case name of a code, e.g. "not_found", for logs and metrics.
std::string_view CodeName(Code code);

class Status {
 public:
  // An OK status.
  Status() = default;
  // A failure; `code` must not be kOk.
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "not_found: <message>", or "ok".
  std::string ToString() const;

  // A copy whose message is prefixed with `context` and ": ", for adding the
  // object or field a lower layer did not know about.
  Status WithContext(std::string_view context) const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

inline Status OkStatus() { return Status(); }

// Holds either a value or a non-OK Status. Access to value() on an error, or
// construction from an OK Status, is a programming error and aborts.
template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {  // NOLINT: implicit by design
    if (std::get<Status>(state_).ok()) std::abort();
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  // OK when a value is held, else the error.
  Status status() const { return ok() ? Status() : std::get<Status>(state_); }

  const T& value() const& { return Checked(); }
  T& value() & { return Checked(); }
  T&& value() && { return std::move(Checked()); }
  const T& operator*() const& { return Checked(); }
  T& operator*() & { return Checked(); }
  const T* operator->() const { return &Checked(); }
  T* operator->() { return &Checked(); }

 private:
  T& Checked() {
    if (!ok()) std::abort();
    return std::get<T>(state_);
  }
  const T& Checked() const {
    if (!ok()) std::abort();
    return std::get<T>(state_);
  }

  std::variant<T, Status> state_;
};

}  // namespace tk
