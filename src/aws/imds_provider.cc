#include "aws/imds_provider.h"

#include <fmt/format.h>

#include <utility>

#include "aws/credential_json.h"
#include "aws/credential_text.h"

namespace tk::aws {
namespace {

constexpr std::string_view kTokenPath = "/latest/api/token";
constexpr std::string_view kRolesPath = "/latest/meta-data/iam/security-credentials/";

// IAM role names: letters, digits and +=,.@_- (the IAM name alphabet).
bool IsRoleName(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("+=,.@_-").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

Status Unexpected(std::string_view endpoint, std::string_view what, int status) {
  const Code code = status >= 500 || status == 429 ? Code::kUnavailable : Code::kUnauthenticated;
  return Status(code, fmt::format("EC2 instance metadata at {}: {} answered HTTP {}", endpoint,
                                  what, status));
}

}  // namespace

ImdsProvider::ImdsProvider(HttpSender http, EnvLookup env, ImdsOptions options)
    : http_(std::move(http)), env_(std::move(env)), options_(options) {}

std::string ImdsProvider::Endpoint(const EnvLookup& env) {
  std::string endpoint;
  if (const auto configured = NonEmptyEnv(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT")) {
    endpoint = *configured;
  } else if (AsciiLower(NonEmptyEnv(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE").value_or("")) ==
             "ipv6") {
    endpoint = kImdsIpv6Endpoint;
  } else {
    endpoint = kImdsDefaultEndpoint;
  }
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  return endpoint;
}

http::Request ImdsProvider::MakeRequest(std::string method, std::string url) const {
  http::Request request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.timeout = options_.timeout;
  request.connect_timeout = options_.timeout;
  request.use_environment_proxy = false;  // a link-local service
  return request;
}

Result<ExpiringCredentials> ImdsProvider::Fetch() {
  if (AsciiLower(TrimCredentialText(NonEmptyEnv(env_, "AWS_EC2_METADATA_DISABLED").value_or(""))) ==
      "true") {
    return NotConfigured("disabled by AWS_EC2_METADATA_DISABLED=true");
  }
  const std::string endpoint = Endpoint(env_);

  // 1. A session token.
  http::Request token_request = MakeRequest("PUT", endpoint + std::string(kTokenPath));
  token_request.headers.emplace_back("X-aws-ec2-metadata-token-ttl-seconds",
                                     std::to_string(options_.token_ttl.count()));
  Result<http::Response> token = SendWithRetries(http_, token_request, options_.attempts);
  if (!token.ok()) {
    return NotConfigured(fmt::format("no answer from {} ({})", endpoint, token.status().message()));
  }
  if (token->status == 404 || token->status == 405) {
    return NotConfigured(fmt::format("{} answered HTTP {} to the IMDSv2 token request: not an "
                                     "EC2 metadata service with IMDSv2",
                                     endpoint, token->status));
  }
  if (token->status == 403) {
    return Status(Code::kPermissionDenied,
                  fmt::format("EC2 instance metadata at {} refused the IMDSv2 token request (HTTP "
                              "403): the instance's metadata options may disable it",
                              endpoint));
  }
  if (token->status != 200) return Unexpected(endpoint, "the token request", token->status);
  const std::string session_token(TrimCredentialText(token->body));
  if (session_token.empty() || HasLineBreak(session_token)) {
    return Status(Code::kUnavailable,
                  fmt::format("EC2 instance metadata at {}: the IMDSv2 token answer is not a token",
                              endpoint));
  }

  // 2. The role of the instance profile.
  http::Request roles_request = MakeRequest("GET", endpoint + std::string(kRolesPath));
  roles_request.headers.emplace_back("X-aws-ec2-metadata-token", session_token);
  Result<http::Response> roles = SendWithRetries(http_, roles_request, options_.attempts);
  if (!roles.ok()) {
    return Status(Code::kUnavailable, fmt::format("EC2 instance metadata at {}: {}", endpoint,
                                                  roles.status().message()));
  }
  if (roles->status == 404) {
    return NotConfigured(fmt::format("{} has no IAM role for this instance (no instance profile)",
                                     endpoint));
  }
  if (roles->status != 200) return Unexpected(endpoint, "the role list request", roles->status);
  std::string_view listing = TrimCredentialText(roles->body);
  const std::string role(TrimCredentialText(listing.substr(0, listing.find('\n'))));
  if (role.empty()) {
    return NotConfigured(fmt::format("{} has no IAM role for this instance (no instance profile)",
                                     endpoint));
  }
  if (!IsRoleName(role)) {
    return Status(Code::kUnauthenticated,
                  fmt::format("EC2 instance metadata at {}: the role list holds no valid role name",
                              endpoint));
  }

  // 3. The role's credentials.
  http::Request credentials_request = MakeRequest("GET", endpoint + std::string(kRolesPath) + role);
  credentials_request.headers.emplace_back("X-aws-ec2-metadata-token", session_token);
  Result<http::Response> credentials =
      SendWithRetries(http_, credentials_request, options_.attempts);
  if (!credentials.ok()) {
    return Status(Code::kUnavailable, fmt::format("EC2 instance metadata at {}: {}", endpoint,
                                                  credentials.status().message()));
  }
  if (credentials->status != 200) {
    return Unexpected(endpoint, fmt::format("the credentials request of role {}", role),
                      credentials->status);
  }
  return ParseCredentialJson(credentials->body, CredentialJsonFormat::kImds,
                             fmt::format("EC2 instance metadata at {}, role {}", endpoint, role));
}

}  // namespace tk::aws
