#include "aws/retry_classification.h"

#include <algorithm>
#include <array>

namespace tk::aws {
namespace {

constexpr std::array<std::string_view, 13> kThrottlingCodes = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
};

constexpr std::array<std::string_view, 2> kTransientCodes = {
    "RequestTimeout",
    "RequestTimeoutException",
};

constexpr std::array<int, 4> kTransientStatuses = {500, 502, 503, 504};
constexpr std::array<int, 2> kThrottlingStatuses = {429, 509};

struct ServiceCode {
  std::string_view service;
  std::string_view code;
  RetryClass retry_class;
};

constexpr std::array<ServiceCode, 2> kServiceCodes = {{
    {"dynamodb", "ReplicatedWriteConflictException", RetryClass::kTransient},
    {"sts", "IDPCommunicationError", RetryClass::kTransient},
}};

template <typename Array, typename Value>
bool Contains(const Array& array, const Value& value) {
  return std::find(array.begin(), array.end(), value) != array.end();
}

}  // namespace

std::string_view RetryClassName(RetryClass retry_class) {
  switch (retry_class) {
    case RetryClass::kNotRetryable:
      return "not_retryable";
    case RetryClass::kThrottling:
      return "throttling";
    case RetryClass::kTransient:
      return "transient";
    case RetryClass::kTimeout:
      return "timeout";
    case RetryClass::kQuota:
      return "quota";
  }
  return "unknown";
}

bool IsRetryable(RetryClass retry_class) {
  return retry_class == RetryClass::kThrottling || retry_class == RetryClass::kTransient ||
         retry_class == RetryClass::kTimeout;
}

RetryClass ClassifyAwsError(std::string_view service, std::string_view code, int http_status) {
  if (code == "LimitExceededException") return RetryClass::kQuota;
  if (Contains(kThrottlingCodes, code)) return RetryClass::kThrottling;
  for (const ServiceCode& entry : kServiceCodes) {
    if (entry.service == service && entry.code == code) return entry.retry_class;
  }
  if (Contains(kTransientCodes, code)) return RetryClass::kTransient;
  if (Contains(kThrottlingStatuses, http_status)) return RetryClass::kThrottling;
  if (Contains(kTransientStatuses, http_status)) return RetryClass::kTransient;
  return RetryClass::kNotRetryable;
}

RetryClass ClassifyTransportError(const Status& status) {
  if (status.code() != Code::kUnavailable) return RetryClass::kNotRetryable;
  // libcurl says "timed out" for every time-out it has (connect, resolve,
  // the whole operation).
  if (status.message().find("timed out") != std::string::npos) return RetryClass::kTimeout;
  return RetryClass::kTransient;
}

}  // namespace tk::aws
