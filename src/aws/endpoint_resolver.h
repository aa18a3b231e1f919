// Endpoint resolution: which URL a service client sends a service's requests
// to, and which region it signs for.
//
// Endpoint precedence (highest first), as the AWS SDKs document for
// "service-specific endpoints":
//   1. EndpointOptions::endpoint_url: an explicit URL, the controller's
//      --aws-endpoint-url flag;
//   2. AWS_ENDPOINT_URL_<SERVICE> (AWS_ENDPOINT_URL_DYNAMODB, _KMS, _STS);
//   3. AWS_ENDPOINT_URL, for every service;
//   4. the standard regional endpoint of the region's partition:
//        https://{service}.{region}.amazonaws.com      aws, aws-us-gov
//        https://{service}.{region}.amazonaws.com.cn   aws-cn (cn-*)
//      STS uses its regional endpoint too (https://sts.{region}.amazonaws.com),
//      never the legacy global one.
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true disables 2 and 3 (not 1), as in
// the SDKs. An empty variable counts as unset.
//
// Region precedence: RegionOptions::region (the --aws-region flag or the
// object's annotation), then AWS_REGION, then AWS_DEFAULT_REGION. The shared
// config file's region is the credential providers' business; callers that
// read it pass it as RegionOptions::region.
//
// The environment is read through an injected lookup so tests need not touch
// the process environment.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "aws/credential_env.h"
#include "util/status.h"

namespace tk::aws {

// Where an endpoint came from, for logs and tests.
enum class EndpointSource {
  kExplicit,         // EndpointOptions::endpoint_url
  kServiceEnv,       // AWS_ENDPOINT_URL_<SERVICE>
  kGlobalEnv,        // AWS_ENDPOINT_URL
  kStandard,         // the partition's regional endpoint
};

struct Endpoint {
  // scheme://host[:port][/base], without a trailing '/'.
  std::string url;
  // "http" or "https".
  std::string scheme;
  // The Host header value: host, plus ":port" when the URL names one.
  std::string host;
  // The path every request of this endpoint starts with: "" or "/base".
  std::string base_path;
  EndpointSource source = EndpointSource::kStandard;
};

// Parses an endpoint URL: http:// or https://, a host, an optional port and
// base path; no query, fragment or user info. Fails with kInvalidArgument,
// naming the URL, otherwise.
Result<Endpoint> ParseEndpointUrl(std::string_view url, EndpointSource source);

struct EndpointOptions {
  // An explicit endpoint for every service (--aws-endpoint-url); empty: none.
  std::string endpoint_url;
  // Default: the process environment.
  EnvLookup env = ProcessEnvironment();
};

// The endpoint of `service` ("dynamodb", "kms", "sts": the endpoint prefix of
// the service's model) in `region`. Fails with kInvalidArgument when a
// configured URL is malformed (naming where it came from), or when the
// standard endpoint is needed and `region` is empty or not a region name.
Result<Endpoint> ResolveEndpoint(std::string_view service, std::string_view region,
                                 const EndpointOptions& options = {});

// The environment variable that overrides `service`'s endpoint, e.g.
// "AWS_ENDPOINT_URL_DYNAMODB".
std::string ServiceEndpointVariable(std::string_view service);

struct RegionOptions {
  // An explicit region; empty: look in the environment.
  std::string region;
  // Default: the process environment.
  EnvLookup env = ProcessEnvironment();
};

// The region to use, per the precedence above. Fails with kInvalidArgument
// when none is set, saying how to set one.
Result<std::string> ResolveRegion(const RegionOptions& options = {});

}  // namespace tk::aws
