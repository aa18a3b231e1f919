// AwsError and AwsResult: how an AWS error answer reaches callers, and the one
// table that turns AWS error codes into tk::Code.
//
// An AWS service that refuses a request answers an error code
// ("ResourceNotFoundException", "LimitExceededException", ...). Callers in the
// service adapters match on that code; the generic runtime sees only the
// tk::Code. So an AwsResult<T> holds a value, or a Status plus, when AWS
// answered, the AwsError with the code:
//
//   AwsResult<nlohmann::json> table = dynamodb.Call("DescribeTable", input);
//   if (table.IsError("ResourceNotFoundException")) { ... create it ... }
//   if (!table.ok()) return table.status();   // a tk::Status for the runtime
//
// The code table (first match wins):
//   throttling codes of retry_classification.h, LimitExceededException,
//   HTTP 429 and 509                                  kThrottled
//   transient codes of retry_classification.h, 5xx   kUnavailable
//   codes ending "NotFoundException" or "NotFound", NoSuchEntity
//                                                     kNotFound
//   codes holding "AlreadyExists"                     kAlreadyExists
//   ResourceInUseException, ...InUseException, ConditionalCheckFailedException,
//   DisabledException, KMSInvalidStateException, IncorrectKeyException,
//   ...InvalidStateException, ...NotActiveException   kFailedPrecondition
//   TransactionConflictException, ConflictException   kConflict
//   UnrecognizedClientException, InvalidSignatureException, SignatureDoesNotMatch,
//   IncompleteSignature, MissingAuthenticationToken(Exception),
//   InvalidClientTokenId, InvalidAccessKeyId, ExpiredToken(Exception)
//                                                     kUnauthenticated
//   AccessDenied(Exception), UnauthorizedOperation, NotAuthorized,
//   OutboundWebIdentityFederationDisabledException    kPermissionDenied
//   ValidationException, SerializationException, MalformedPolicyDocument(Exception),
//   MissingParameter, InvalidParameter*, Invalid*Exception
//                                                     kInvalidArgument
//   then by HTTP status: 400 kInvalidArgument, 401 kUnauthenticated,
//   403 kPermissionDenied, 404 kNotFound, 409 kConflict, otherwise kInternal.
//
// Messages name the service, the operation and the code, plus AWS's own
// message and the request id; never credentials, headers or the request body.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "util/status.h"

namespace tk::aws {

struct AwsError {
  std::string service;     // the endpoint prefix: "dynamodb", "kms", "sts"
  std::string operation;   // "DescribeTable"
  std::string code;        // "ResourceNotFoundException", no namespace prefix
  std::string message;     // AWS's message; may be empty
  int http_status = 0;
  std::string request_id;  // x-amzn-RequestId (or the XML RequestId); may be empty

  // The tk::Code of this error, per the table above.
  Code status_code() const;
  // A Status with status_code() and the message
  //   "dynamodb DescribeTable: ResourceNotFoundException: <message> (HTTP 400, request id X)".
  Status ToStatus() const;
};

// The tk::Code for an AWS error `code` of `service` (endpoint prefix)
// answered with `http_status`.
Code CodeForAwsError(std::string_view service, std::string_view code, int http_status);

// The outcome of one AWS call. Holds a value, or a non-OK Status and, when
// the failure is an error answer from AWS, its AwsError (transport failures,
// bad credentials sources and answers we cannot parse have none).
template <typename T>
class [[nodiscard]] AwsResult {
 public:
  AwsResult(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  // A failure that is not an AWS error answer; `status` must not be OK.
  AwsResult(Status status) : state_(Failure{std::move(status), std::nullopt}) {  // NOLINT
    if (std::get<Failure>(state_).status.ok()) std::abort();
  }
  // An AWS error answer.
  AwsResult(AwsError error) : state_(Failure{error.ToStatus(), std::move(error)}) {}  // NOLINT
  // An AWS error answer with a Status of the caller's wording (e.g. saying
  // how many attempts were made); `status` must not be OK.
  AwsResult(Status status, AwsError error) : state_(Failure{std::move(status), std::move(error)}) {
    if (std::get<Failure>(state_).status.ok()) std::abort();
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  // OK when a value is held, else the failure.
  Status status() const { return ok() ? Status() : std::get<Failure>(state_).status; }
  // The AWS error answer, or nullptr (success, or a failure of another kind).
  const AwsError* error() const {
    if (ok()) return nullptr;
    const std::optional<AwsError>& error = std::get<Failure>(state_).error;
    return error ? &*error : nullptr;
  }
  // Whether AWS answered the error `code`.
  bool IsError(std::string_view code) const {
    const AwsError* aws = error();
    return aws != nullptr && aws->code == code;
  }

  const T& value() const& { return Checked(); }
  T& value() & { return Checked(); }
  T&& value() && { return std::move(Checked()); }
  const T& operator*() const& { return Checked(); }
  T& operator*() & { return Checked(); }
  const T* operator->() const { return &Checked(); }
  T* operator->() { return &Checked(); }

  // As a tk::Result, dropping the AwsError.
  Result<T> ToResult() && {
    if (!ok()) return status();
    return std::move(Checked());
  }

 private:
  struct Failure {
    Status status;
    std::optional<AwsError> error;
  };

  T& Checked() {
    if (!ok()) std::abort();
    return std::get<T>(state_);
  }
  const T& Checked() const {
    if (!ok()) std::abort();
    return std::get<T>(state_);
  }

  std::variant<T, Failure> state_;
};

}  // namespace tk::aws
