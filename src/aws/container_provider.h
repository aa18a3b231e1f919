// ContainerProvider: credentials from the container credentials endpoint of
// Amazon ECS and of EKS Pod Identity.
//
// Configured by AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (a path on
// http://169.254.170.2, ECS) or, when that is unset,
// AWS_CONTAINER_CREDENTIALS_FULL_URI (a whole URL, EKS Pod Identity's
// http://169.254.170.23/v1/credentials). A full URI may only name a loopback
// host (127.0.0.0/8, ::1, localhost), ECS's 169.254.170.2 or EKS Pod
// Identity's 169.254.170.23 / fd00:ec2::23: any other host is refused, so a
// variable pointing elsewhere cannot send the authorization token away.
//
// The `Authorization` header carries the content of
// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, read again at every Fetch (Pod
// Identity rotates it), or else AWS_CONTAINER_AUTHORIZATION_TOKEN. The answer
// is {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}.
//
// Errors: kInvalidArgument (a refused URI, a token with a line break),
// kUnauthenticated (unreadable token file, 4xx answer, bad JSON),
// kUnavailable (no answer or 5xx after the retry). Never the token.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "aws/credential_env.h"
#include "aws/credential_http.h"
#include "aws/credential_provider.h"

namespace tk::aws {

struct ContainerProviderOptions {
  // Bounds each attempt, connecting included. Default: 2 s (botocore's).
  std::chrono::milliseconds timeout{std::chrono::seconds(2)};
  // Attempts per Fetch; the second follows a transport failure or 5xx at
  // once. Default: 2.
  int attempts = 2;
};

// The ECS endpoint a relative URI is appended to.
inline constexpr std::string_view kEcsCredentialsEndpoint = "http://169.254.170.2";

// OK when `url` is http(s) and names an allowed host (see above); else
// kInvalidArgument saying which host was refused and which are allowed.
Status CheckContainerCredentialsUrl(std::string_view url);

class ContainerProvider final : public CredentialProvider {
 public:
  ContainerProvider(HttpSender http, EnvLookup env = ProcessEnvironment(),
                    ContainerProviderOptions options = {});

  // CredentialProvider
  std::string Name() const override { return "container credentials endpoint"; }
  Result<ExpiringCredentials> Fetch() override;

 private:
  // The Authorization header value, or "" when none is configured.
  Result<std::string> AuthorizationToken() const;

  const HttpSender http_;
  const EnvLookup env_;
  const ContainerProviderOptions options_;
};

}  // namespace tk::aws
