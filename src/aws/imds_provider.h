// ImdsProvider: credentials of the EC2 instance profile, from the instance
// metadata service, IMDSv2 only (session tokens; IMDSv1's unauthenticated GET
// is never used):
//
//   PUT /latest/api/token                    X-aws-ec2-metadata-token-ttl-seconds: 21600
//   GET /latest/meta-data/iam/security-credentials/         -> the role name
//   GET /latest/meta-data/iam/security-credentials/ROLE     -> the credentials
//   (both GETs with X-aws-ec2-metadata-token: TOKEN)
//
// The endpoint is AWS_EC2_METADATA_SERVICE_ENDPOINT, else
// http://[fd00:ec2::254] when AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE is IPv6,
// else http://169.254.169.254. AWS_EC2_METADATA_DISABLED=true turns the
// provider off. Each request has a short time-out (1 s) and one retry, so a
// machine without a metadata service costs about 2 s once per chain walk.
//
// Not configured when disabled, when nothing answers the token request (not
// on EC2, or a pod whose hop limit stops it), when the token request is
// answered 404 or 405 (not an IMDSv2 service), or when no role is attached.
// Errors once the service answers: kPermissionDenied (token request refused
// with 403), kUnavailable (5xx, no answer after the token), kUnauthenticated
// (bad answer). Never the session token.
//
// Note: tk::http::HttpClient honours the http_proxy variables; a proxy must
// exclude the metadata address (NO_PROXY=169.254.169.254,...).
#pragma once

#include <chrono>
#include <string>

#include "aws/credential_env.h"
#include "aws/credential_http.h"
#include "aws/credential_provider.h"

namespace tk::aws {

struct ImdsOptions {
  // Bounds each request, connecting included. Default: 1 s.
  std::chrono::milliseconds timeout{std::chrono::seconds(1)};
  // Attempts per request; the second follows a transport failure or 5xx at
  // once. Default: 2.
  int attempts = 2;
  // Lifetime asked for the session token. Default: 6 hours (the maximum).
  std::chrono::seconds token_ttl{21600};
};

inline constexpr std::string_view kImdsDefaultEndpoint = "http://169.254.169.254";
inline constexpr std::string_view kImdsIpv6Endpoint = "http://[fd00:ec2::254]";

class ImdsProvider final : public CredentialProvider {
 public:
  ImdsProvider(HttpSender http, EnvLookup env = ProcessEnvironment(), ImdsOptions options = {});

  // CredentialProvider
  std::string Name() const override { return "EC2 instance metadata (IMDSv2)"; }
  Result<ExpiringCredentials> Fetch() override;

  // The endpoint `env` selects, without a trailing '/'.
  static std::string Endpoint(const EnvLookup& env);

 private:
  http::Request MakeRequest(std::string method, std::string url) const;

  const HttpSender http_;
  const EnvLookup env_;
  const ImdsOptions options_;
};

}  // namespace tk::aws
