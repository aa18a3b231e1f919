// ServiceClient: calls the operations of one AWS service in one region.
//
//   ServiceClientOptions options;
//   options.region = "us-east-1";
//   options.endpoint.endpoint_url = flags.aws_endpoint_url;   // may be empty
//   options.metrics = &metrics;
//   auto dynamodb = ServiceClient::Create(kDynamoDbModel, options, credentials, http);
//   AwsResult<nlohmann::json> table =
//       (*dynamodb)->Call("DescribeTable", {{"TableName", "orders"}});
//   if (table.IsError("ResourceNotFoundException")) ...
//
// Each call:
// 1. builds the request of the service's protocol (json_protocol.h for
//    DynamoDB and KMS, query_protocol.h for STS);
// 2. per attempt: waits for the shared rate limit (options.rate_limit, a
//    token bucket bounding the whole controller's calls to the service) and
//    the adaptive limiter (options.adaptive_limiter) when given, asks the
//    CredentialsSource for credentials (or the call's own, CallOptions),
//    signs with SigV4 as of clock.WallNow() (unless the call is unsigned),
//    and sends through the HttpClient;
// 3. reports each answer to the adaptive limiter (throttled or not; a quota
//    error such as LimitExceededException is not a rate and counts as not);
//    classifies a failed attempt (retry_classification.h) and retries per
//    RetryStrategy (retry_strategy.h: standard mode, at most
//    options.retry.max_attempts attempts, jittered back-off slept on the
//    clock, a retry quota shared by the client's calls). LimitExceededException
//    is never retried: the caller backs off (DESIGN.md §3);
// 4. records the call in options.metrics (call_metrics.h).
//
// Outcomes: the output (a JSON object, or QueryResult fields), or a failure:
// an AwsError answer (aws_error.h: code, message, HTTP status, request id,
// and its tk::Code), a transport failure after the last attempt
// (kUnavailable), the credentials source's own Status, or kInternal for a
// 2xx answer that cannot be parsed. Calling the wrong protocol's method is
// kInvalidArgument, and nothing is sent. Messages name the service, the
// operation and the AWS error code; never credentials, headers or bodies of
// requests.
//
// Thread-safe: any number of threads may call at once. The client borrows the
// credentials source, the HTTP client and everything options point to: they
// must outlive it.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "aws/adaptive_rate_limiter.h"
#include "aws/aws_error.h"
#include "aws/call_metrics.h"
#include "aws/credentials_source.h"
#include "aws/endpoint_resolver.h"
#include "aws/query_protocol.h"
#include "aws/retry_strategy.h"
#include "aws/service_model.h"
#include "aws/sigv4_signer.h"
#include "http/http_client.h"
#include "util/clock.h"
#include "util/token_bucket.h"

namespace tk::aws {

struct ServiceClientOptions {
  // The region to sign for and, unless an endpoint is configured, to call.
  // Required.
  std::string region;
  // How the endpoint is found: an explicit URL (--aws-endpoint-url) and the
  // environment (AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL). See
  // endpoint_resolver.h. Default: the process environment, no explicit URL.
  EndpointOptions endpoint;
  // Default: standard mode, 3 attempts.
  RetryOptions retry;
  // Each attempt must finish within this time (then it is a time-out and
  // retried). Default: 30 s.
  std::chrono::milliseconds attempt_timeout{std::chrono::seconds(30)};
  // Default: 5 s.
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(5)};

  // Optional, borrowed, may be shared with other clients. nullptr: none.
  CallMetrics* metrics = nullptr;
  TokenBucket* rate_limit = nullptr;
  AdaptiveRateLimiter* adaptive_limiter = nullptr;
  // Back-off jitter. nullptr: a DefaultRandomSource owned by the client.
  RandomSource* random = nullptr;
  // Signing time and back-off sleeps. nullptr: SystemClock().
  Clock* clock = nullptr;
};

// Per-call departures from the client's defaults.
struct CallOptions {
  // Sign with these credentials instead of the client's source: e.g. STS
  // AssumeRole signed with the source profile's credentials. Borrowed for the
  // call. nullptr: the client's source.
  CredentialsSource* credentials = nullptr;
  // Send the request unsigned, for operations AWS documents as such (STS
  // AssumeRoleWithWebIdentity, AssumeRoleWithSAML). Default: false.
  bool unsigned_request = false;
};

class ServiceClient {
 public:
  // A client for the service `model` describes. Fails with kInvalidArgument
  // when the region is missing or malformed, the endpoint configuration is
  // malformed, or options.retry.max_attempts < 1.
  static Result<std::unique_ptr<ServiceClient>> Create(const ServiceModel& model,
                                                       ServiceClientOptions options,
                                                       CredentialsSource& credentials,
                                                       http::HttpClient& http);

  ServiceClient(const ServiceClient&) = delete;
  ServiceClient& operator=(const ServiceClient&) = delete;

  // A JSON-protocol operation (DynamoDB, KMS): `input` is the request object
  // (null for none); returns the response object.
  AwsResult<nlohmann::json> Call(std::string_view operation,
                                 const nlohmann::json& input = nullptr,
                                 const CallOptions& call = {});

  // A query-protocol action (STS): returns the fields of <ActionResult>.
  AwsResult<QueryResult> CallQuery(std::string_view action, const QueryParams& params = {},
                                   const CallOptions& call = {});

  const ServiceModel& model() const { return model_; }
  const std::string& region() const { return region_; }
  const Endpoint& endpoint() const { return endpoint_; }
  // Tokens left in the retry quota.
  int AvailableRetryQuota() const { return retry_.AvailableQuota(); }

 private:
  struct Exchange;

  ServiceClient(const ServiceModel& model, ServiceClientOptions options, Endpoint endpoint,
                SigV4Signer signer, CredentialsSource& credentials, http::HttpClient& http);

  // Sends until success, a final failure or the last attempt. `parse_error`
  // reads the error of a non-2xx answer.
  Exchange Send(std::string_view operation, const HttpHeaders& protocol_headers,
                const std::string& body, AwsError (*parse_error)(const http::Response&),
                const CallOptions& call);
  void Record(std::string_view operation, const Status& status, const AwsError* error,
              int attempts, Clock::TimePoint start);

  // Immutable after construction.
  const ServiceModel model_;
  const ServiceClientOptions options_;
  const std::string region_;
  const Endpoint endpoint_;
  const SigV4Signer signer_;
  CredentialsSource& credentials_;
  http::HttpClient& http_;
  Clock& clock_;
  std::unique_ptr<RandomSource> owned_random_;  // when options gave none

  RetryStrategy retry_;  // thread-safe
};

}  // namespace tk::aws
