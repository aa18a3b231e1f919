#include "aws/container_provider.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>

#include <array>
#include <cstring>
#include <optional>
#include <utility>

#include "aws/credential_file.h"
#include "aws/credential_json.h"
#include "aws/credential_text.h"

namespace tk::aws {
namespace {

constexpr std::string_view kAllowedHosts =
    "loopback (127.0.0.0/8, ::1, localhost), 169.254.170.2 (ECS), 169.254.170.23 and "
    "fd00:ec2::23 (EKS Pod Identity)";

// The host part of an http(s) URL, without brackets around an IPv6 address.
std::optional<std::string> UrlHost(std::string_view url) {
  const std::string lower = AsciiLower(url.substr(0, 8));
  size_t start = 0;
  if (lower.rfind("http://", 0) == 0) {
    start = 7;
  } else if (lower.rfind("https://", 0) == 0) {
    start = 8;
  } else {
    return std::nullopt;
  }
  std::string_view authority = url.substr(start);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  if (authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
    return std::string(authority.substr(1, close - 1));
  }
  return std::string(authority.substr(0, authority.find(':')));
}

bool IsAllowedHost(const std::string& host) {
  if (AsciiLower(host) == "localhost") return true;
  in_addr v4{};
  if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    const uint32_t address = ntohl(v4.s_addr);
    return (address >> 24) == 127 || address == 0xA9FEAA02u /* 169.254.170.2 */ ||
           address == 0xA9FEAA17u /* 169.254.170.23 */;
  }
  in6_addr v6{};
  if (::inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    in6_addr pod_identity{};
    ::inet_pton(AF_INET6, "fd00:ec2::23", &pod_identity);
    return std::memcmp(&v6, &in6addr_loopback, sizeof v6) == 0 ||
           std::memcmp(&v6, &pod_identity, sizeof v6) == 0;
  }
  return false;
}

}  // namespace

Status CheckContainerCredentialsUrl(std::string_view url) {
  const std::optional<std::string> host = UrlHost(url);
  if (!host) {
    return Status(Code::kInvalidArgument,
                  "AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http:// or https:// URL with a "
                  "host");
  }
  if (!IsAllowedHost(*host)) {
    return Status(Code::kInvalidArgument,
                  fmt::format("AWS_CONTAINER_CREDENTIALS_FULL_URI names host \"{}\", which is not "
                              "allowed to serve credentials; allowed: {}",
                              host->substr(0, 255), kAllowedHosts));
  }
  return OkStatus();
}

ContainerProvider::ContainerProvider(HttpSender http, EnvLookup env,
                                     ContainerProviderOptions options)
    : http_(std::move(http)), env_(std::move(env)), options_(options) {}

Result<std::string> ContainerProvider::AuthorizationToken() const {
  std::string token;
  std::string from;
  if (const auto file = NonEmptyEnv(env_, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    Result<std::string> content = ReadCredentialFile(ExpandHome(env_, *file));
    if (!content.ok()) {
      return Status(Code::kUnauthenticated,
                    fmt::format("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: {}",
                                content.status().message()));
    }
    token = std::string(TrimCredentialText(*content));
    from = "the file AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE names";
    if (token.empty()) {
      return Status(Code::kUnauthenticated,
                    fmt::format("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: {} is empty", *file));
    }
  } else if (const auto value = NonEmptyEnv(env_, "AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
    token = *value;
    from = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
  }
  if (HasLineBreak(token)) {
    return Status(Code::kInvalidArgument,
                  fmt::format("the container authorization token from {} holds a line break, "
                              "which an HTTP header cannot carry",
                              from));
  }
  return token;
}

Result<ExpiringCredentials> ContainerProvider::Fetch() {
  std::string url;
  if (const auto relative = NonEmptyEnv(env_, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    url = std::string(kEcsCredentialsEndpoint) + (relative->front() == '/' ? "" : "/") + *relative;
  } else if (const auto full = NonEmptyEnv(env_, "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    Status allowed = CheckContainerCredentialsUrl(*full);
    if (!allowed.ok()) return allowed;
    url = *full;
  } else {
    return NotConfigured(
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not "
        "set");
  }
  Result<std::string> token = AuthorizationToken();
  if (!token.ok()) return token.status();

  http::Request request;
  request.method = "GET";
  request.url = url;
  request.headers.emplace_back("Accept", "application/json");
  if (!token->empty()) request.headers.emplace_back("Authorization", *token);
  request.timeout = options_.timeout;
  request.connect_timeout = options_.timeout;
  request.use_environment_proxy = false;  // a link-local or loopback service
  // The URL is shown without its query, as the transport shows it.
  const std::string shown = url.substr(0, url.find('?'));
  Result<http::Response> response = SendWithRetries(http_, request, options_.attempts);
  if (!response.ok()) {
    return Status(Code::kUnavailable,
                  fmt::format("container credentials endpoint: {}", response.status().message()));
  }
  if (response->status != 200) {
    const std::string detail = DescribeErrorBody(response->body);
    const Code code = response->status >= 500 || response->status == 429 ? Code::kUnavailable
                                                                           : Code::kUnauthenticated;
    return Status(code, fmt::format("container credentials endpoint {} answered HTTP {}{}{}", shown,
                                    response->status, detail.empty() ? "" : ": ", detail));
  }
  return ParseCredentialJson(response->body, CredentialJsonFormat::kContainer,
                             fmt::format("container credentials endpoint {}", shown));
}

}  // namespace tk::aws
