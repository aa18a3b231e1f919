#include "aws/aws_error.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "aws/retry_classification.h"

namespace tk::aws {
namespace {

constexpr std::array<std::string_view, 9> kUnauthenticatedCodes = {
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "MissingAuthenticationToken",
    "MissingAuthenticationTokenException",
    "InvalidClientTokenId",
    "InvalidAccessKeyId",
    "ExpiredToken",
};

constexpr std::array<std::string_view, 5> kPermissionDeniedCodes = {
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "NotAuthorized",
    "OutboundWebIdentityFederationDisabledException",
};

constexpr std::array<std::string_view, 4> kFailedPreconditionCodes = {
    "ResourceInUseException",
    "ConditionalCheckFailedException",
    "DisabledException",
    "IncorrectKeyException",
};

constexpr std::array<std::string_view, 2> kConflictCodes = {
    "TransactionConflictException",
    "ConflictException",
};

constexpr std::array<std::string_view, 5> kInvalidArgumentCodes = {
    "ValidationException",
    "SerializationException",
    "MalformedPolicyDocument",
    "MalformedPolicyDocumentException",
    "MissingParameter",
};

template <typename Array>
bool Contains(const Array& array, std::string_view value) {
  return std::find(array.begin(), array.end(), value) != array.end();
}

Code CodeForHttpStatus(int http_status) {
  if (http_status >= 500) return Code::kUnavailable;
  switch (http_status) {
    case 400:
      return Code::kInvalidArgument;
    case 401:
      return Code::kUnauthenticated;
    case 403:
      return Code::kPermissionDenied;
    case 404:
      return Code::kNotFound;
    case 409:
      return Code::kConflict;
    default:
      return Code::kInternal;
  }
}

}  // namespace

Code CodeForAwsError(std::string_view service, std::string_view code, int http_status) {
  const RetryClass retry_class = ClassifyAwsError(service, code, http_status);
  if (retry_class == RetryClass::kThrottling || retry_class == RetryClass::kQuota) {
    return Code::kThrottled;
  }
  if (retry_class == RetryClass::kTransient || retry_class == RetryClass::kTimeout) {
    return Code::kUnavailable;
  }
  if (code.ends_with("NotFoundException") || code.ends_with("NotFound") ||
      code == "NoSuchEntity") {
    return Code::kNotFound;
  }
  if (code.find("AlreadyExists") != std::string_view::npos) return Code::kAlreadyExists;
  if (Contains(kFailedPreconditionCodes, code) || code.ends_with("InUseException") ||
      code.ends_with("InvalidStateException") || code.ends_with("NotActiveException")) {
    return Code::kFailedPrecondition;
  }
  if (Contains(kConflictCodes, code)) return Code::kConflict;
  if (Contains(kUnauthenticatedCodes, code) || code.starts_with("ExpiredToken")) {
    return Code::kUnauthenticated;
  }
  if (Contains(kPermissionDeniedCodes, code)) return Code::kPermissionDenied;
  if (Contains(kInvalidArgumentCodes, code) || code.starts_with("InvalidParameter") ||
      (code.starts_with("Invalid") && code.ends_with("Exception"))) {
    return Code::kInvalidArgument;
  }
  return CodeForHttpStatus(http_status);
}

Code AwsError::status_code() const { return CodeForAwsError(service, code, http_status); }

Status AwsError::ToStatus() const {
  std::string text = fmt::format("{} {}: {}", service, operation, code.empty() ? "error" : code);
  if (!message.empty()) text += fmt::format(": {}", message);
  text += fmt::format(" (HTTP {}", http_status);
  if (!request_id.empty()) text += fmt::format(", request id {}", request_id);
  text += ")";
  return Status(status_code(), std::move(text));
}

}  // namespace tk::aws
