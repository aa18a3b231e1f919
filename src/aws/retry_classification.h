// Retry classification: which failed AWS attempts are worth another attempt.
//
// The data follows the SDKs' "standard" retry mode (botocore's
// retries/standard.py, the AWS SDKs and Tools reference guide, "Retry
// behavior") and the retry table the SDKs ship,
// ../shared/reference/aws-api-models/_retry.json; a unit test reads that file
// and checks every code and status it lists for dynamodb, kms and sts is
// retried here too.
//
//   kThrottling  error codes Throttling, ThrottlingException, ThrottledException,
//                RequestThrottledException, TooManyRequestsException,
//                ProvisionedThroughputExceededException,
//                TransactionInProgressException, RequestLimitExceeded,
//                BandwidthLimitExceeded, RequestThrottled, SlowDown,
//                PriorRequestNotComplete, EC2ThrottledException;
//                HTTP 429 and 509 whatever the code.
//   kTransient   HTTP 500, 502, 503, 504; error codes RequestTimeout,
//                RequestTimeoutException; DynamoDB
//                ReplicatedWriteConflictException (modelled retryable);
//                STS IDPCommunicationError; a transport failure (connection
//                refused or dropped, DNS, TLS).
//   kTimeout     a transport failure that was a time-out: retried like
//                kTransient but costs more retry quota.
//   kQuota       LimitExceededException: a quota, not a rate. The standard
//                mode retries it like throttling; we do not (DESIGN.md §3):
//                DynamoDB's encryption-change quota refills over hours, so the
//                controller backs off for minutes instead. Never retried here.
//   kNotRetryable everything else.
//
// Not implemented: _retry.json's DynamoDB "crc32" policy (retry when the
// x-amz-crc32 header does not match the body); we do not check that header.
#pragma once

#include <string_view>

#include "util/status.h"

namespace tk::aws {

enum class RetryClass {
  kNotRetryable,
  kThrottling,
  kTransient,
  kTimeout,
  kQuota,
};

// "throttling", "transient", ... for logs and metrics.
std::string_view RetryClassName(RetryClass retry_class);

// Whether an attempt of this class is retried by the client.
bool IsRetryable(RetryClass retry_class);

// The class of an error answer of `service` (endpoint prefix, e.g.
// "dynamodb") with error `code` (no namespace prefix; may be empty) and
// `http_status`.
RetryClass ClassifyAwsError(std::string_view service, std::string_view code, int http_status);

// The class of a failure of the transport (http::HttpClient's kUnavailable):
// kTimeout when it timed out, else kTransient. Other codes (kInternal: the
// transport could not even start) are kNotRetryable.
RetryClass ClassifyTransportError(const Status& status);

}  // namespace tk::aws
