#include "aws/service_client.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <optional>
#include <utility>

#include "aws/json_protocol.h"

namespace tk::aws {
namespace {

constexpr std::string_view kUserAgent = "tablekeeper";

bool IsSuccess(int http_status) { return http_status >= 200 && http_status < 300; }

// What the caller is told when the call ends with `status` after `attempts`;
// `quota_exhausted` when a retryable failure was not retried for lack of quota.
Status Final(const Status& status, int attempts, bool quota_exhausted) {
  std::string message = status.message();
  if (attempts > 1) message += fmt::format(" (after {} attempts)", attempts);
  if (quota_exhausted) message += " (not retried: the client's retry quota is exhausted)";
  return Status(status.code(), std::move(message));
}

CallOutcome OutcomeOf(const Status& status) {
  if (status.ok()) return CallOutcome::kSuccess;
  if (status.code() == Code::kThrottled) return CallOutcome::kThrottled;
  if (status.code() == Code::kUnavailable) return CallOutcome::kTransient;
  return CallOutcome::kError;
}

}  // namespace

struct ServiceClient::Exchange {
  AwsResult<http::Response> response;
  int attempts = 1;
};

Result<std::unique_ptr<ServiceClient>> ServiceClient::Create(const ServiceModel& model,
                                                             ServiceClientOptions options,
                                                             CredentialsSource& credentials,
                                                             http::HttpClient& http) {
  const std::string_view service = model.endpoint_prefix;
  if (options.region.empty()) {
    return Status(Code::kInvalidArgument,
                  fmt::format("{} client: no AWS region; pass --aws-region or set AWS_REGION",
                              service));
  }
  if (options.retry.max_attempts < 1) {
    return Status(Code::kInvalidArgument,
                  fmt::format("{} client: max attempts must be at least 1, not {}", service,
                              options.retry.max_attempts));
  }
  Result<Endpoint> endpoint = ResolveEndpoint(service, options.region, options.endpoint);
  if (!endpoint.ok()) return endpoint.status();
  Result<SigV4Signer> signer = SigV4Signer::Create(options.region, std::string(service));
  if (!signer.ok()) return signer.status().WithContext(fmt::format("{} client", service));
  return std::unique_ptr<ServiceClient>(new ServiceClient(model, std::move(options),
                                                          std::move(*endpoint),
                                                          std::move(*signer), credentials, http));
}

ServiceClient::ServiceClient(const ServiceModel& model, ServiceClientOptions options,
                             Endpoint endpoint, SigV4Signer signer,
                             CredentialsSource& credentials, http::HttpClient& http)
    : model_(model),
      options_(std::move(options)),
      region_(options_.region),
      endpoint_(std::move(endpoint)),
      signer_(std::move(signer)),
      credentials_(credentials),
      http_(http),
      clock_(options_.clock != nullptr ? *options_.clock : SystemClock()),
      owned_random_(options_.random != nullptr ? nullptr
                                               : std::make_unique<DefaultRandomSource>()),
      retry_(options_.retry, options_.random != nullptr ? *options_.random : *owned_random_) {}

AwsResult<nlohmann::json> ServiceClient::Call(std::string_view operation,
                                              const nlohmann::json& input,
                                              const CallOptions& call) {
  const Clock::TimePoint start = clock_.Now();
  if (model_.protocol != Protocol::kJson) {
    return Status(Code::kInvalidArgument,
                  fmt::format("{} {}: {} speaks the query protocol; use CallQuery",
                              model_.endpoint_prefix, operation, model_.endpoint_prefix));
  }
  Result<std::string> body = JsonRequestBody(input);
  if (!body.ok()) {
    return body.status().WithContext(fmt::format("{} {}", model_.endpoint_prefix, operation));
  }
  Exchange exchange =
      Send(operation, JsonRequestHeaders(model_, operation), *body, &ParseJsonError, call);
  if (!exchange.response.ok()) {
    Record(operation, exchange.response.status(), exchange.response.error(), exchange.attempts,
           start);
    if (const AwsError* error = exchange.response.error()) {
      return AwsResult<nlohmann::json>(exchange.response.status(), *error);
    }
    return exchange.response.status();
  }
  Result<nlohmann::json> output = ParseJsonOutput(exchange.response->body);
  if (!output.ok()) {
    const Status status =
        output.status().WithContext(fmt::format("{} {}", model_.endpoint_prefix, operation));
    Record(operation, status, nullptr, exchange.attempts, start);
    return status;
  }
  Record(operation, Status(), nullptr, exchange.attempts, start);
  return std::move(*output);
}

AwsResult<QueryResult> ServiceClient::CallQuery(std::string_view action,
                                                const QueryParams& params,
                                                const CallOptions& call) {
  const Clock::TimePoint start = clock_.Now();
  if (model_.protocol != Protocol::kQuery) {
    return Status(Code::kInvalidArgument,
                  fmt::format("{} {}: {} speaks a JSON protocol; use Call", model_.endpoint_prefix,
                              action, model_.endpoint_prefix));
  }
  Exchange exchange = Send(action, QueryRequestHeaders(), QueryRequestBody(model_, action, params),
                           &ParseQueryError, call);
  if (!exchange.response.ok()) {
    Record(action, exchange.response.status(), exchange.response.error(), exchange.attempts,
           start);
    if (const AwsError* error = exchange.response.error()) {
      return AwsResult<QueryResult>(exchange.response.status(), *error);
    }
    return exchange.response.status();
  }
  Result<QueryResult> result = ParseQueryResponse(action, exchange.response->body);
  if (!result.ok()) {
    const Status status =
        result.status().WithContext(fmt::format("{} {}", model_.endpoint_prefix, action));
    Record(action, status, nullptr, exchange.attempts, start);
    return status;
  }
  Record(action, Status(), nullptr, exchange.attempts, start);
  return std::move(*result);
}

ServiceClient::Exchange ServiceClient::Send(std::string_view operation,
                                            const HttpHeaders& protocol_headers,
                                            const std::string& body,
                                            AwsError (*parse_error)(const http::Response&),
                                            const CallOptions& call) {
  const std::string_view service = model_.endpoint_prefix;
  const std::string context = fmt::format("{} {}", service, operation);
  const std::string path = endpoint_.base_path + "/";
  RetryToken token;
  for (;;) {
    if (options_.rate_limit != nullptr) options_.rate_limit->Take();
    if (options_.adaptive_limiter != nullptr) options_.adaptive_limiter->Acquire();

    HttpRequest request;
    request.method = "POST";
    request.path = path;
    request.headers.push_back({"Host", endpoint_.host});
    request.headers.insert(request.headers.end(), protocol_headers.begin(),
                           protocol_headers.end());
    request.body = body;
    if (!call.unsigned_request) {
      CredentialsSource& source = call.credentials != nullptr ? *call.credentials : credentials_;
      Result<Credentials> credentials = source.Get();
      if (!credentials.ok()) {
        return {credentials.status().WithContext(fmt::format("{}: credentials", context)),
                token.attempts};
      }
      Result<SigningResult> signing = signer_.Sign(request, *credentials, clock_.WallNow());
      if (!signing.ok()) {
        return {signing.status().WithContext(fmt::format("{}: signing", context)),
                token.attempts};
      }
      signing->ApplyTo(request);
    }

    http::Request wire;
    wire.method = request.method;
    wire.url = fmt::format("{}://{}{}", endpoint_.scheme, endpoint_.host, path);
    for (HttpHeader& header : request.headers) {
      wire.headers.emplace_back(std::move(header.name), std::move(header.value));
    }
    wire.headers.emplace_back("User-Agent", std::string(kUserAgent));
    wire.headers.emplace_back(
        "amz-sdk-request",
        fmt::format("attempt={}; max={}", token.attempts, options_.retry.max_attempts));
    wire.body = std::move(request.body);
    wire.timeout = options_.attempt_timeout;
    wire.connect_timeout = options_.connect_timeout;

    Result<http::Response> response = http_.Send(wire);
    RetryClass retry_class = RetryClass::kNotRetryable;
    std::optional<AwsError> error;
    Status failure;
    if (!response.ok()) {
      retry_class = ClassifyTransportError(response.status());
      failure = response.status().WithContext(context);
    } else if (IsSuccess(response->status)) {
      if (options_.adaptive_limiter != nullptr) options_.adaptive_limiter->OnResponse(false);
      retry_.OnSuccess(token);
      return {std::move(*response), token.attempts};
    } else {
      error = parse_error(*response);
      error->service = std::string(service);
      error->operation = std::string(operation);
      retry_class = ClassifyAwsError(service, error->code, error->http_status);
      failure = error->ToStatus();
      // A quota (LimitExceededException) limits one resource, not the
      // service's request rate, so it does not slow the whole client.
      if (options_.adaptive_limiter != nullptr) {
        options_.adaptive_limiter->OnResponse(retry_class == RetryClass::kThrottling);
      }
    }

    const int attempt = token.attempts;
    const std::optional<Clock::Duration> delay = retry_.OnFailure(retry_class, token);
    if (!delay) {
      const bool quota_exhausted =
          IsRetryable(retry_class) && attempt < options_.retry.max_attempts;
      Status final_status = Final(failure, attempt, quota_exhausted);
      if (error) {
        return {AwsResult<http::Response>(std::move(final_status), std::move(*error)), attempt};
      }
      return {std::move(final_status), attempt};
    }
    spdlog::debug("aws: {} attempt {} failed ({}): {}; retrying in {} ms", context, attempt,
                  RetryClassName(retry_class), failure.message(),
                  std::chrono::duration_cast<std::chrono::milliseconds>(*delay).count());
    clock_.SleepFor(*delay);
  }
}

void ServiceClient::Record(std::string_view operation, const Status& status,
                           const AwsError* error, int attempts, Clock::TimePoint start) {
  if (options_.metrics == nullptr) return;
  CallRecord record;
  record.service = model_.endpoint_prefix;
  record.operation = operation;
  record.outcome = OutcomeOf(status);
  record.error_code = error != nullptr ? std::string_view(error->code) : std::string_view();
  record.http_status = error != nullptr ? error->http_status : (status.ok() ? 200 : 0);
  record.attempts = attempts;
  record.latency = std::chrono::duration_cast<std::chrono::nanoseconds>(clock_.Now() - start);
  options_.metrics->Record(record);
}

}  // namespace tk::aws
