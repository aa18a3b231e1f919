#include "aws/endpoint_resolver.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace tk::aws {
namespace {

std::string AsciiUpper(std::string_view text) {
  std::string upper(text);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return upper;
}

std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// The variable's value, or nullopt when it is unset or empty.
std::optional<std::string> NonEmpty(const EnvLookup& env, std::string_view name) {
  if (!env) return std::nullopt;
  return NonEmptyEnv(env, std::string(name));
}

bool IsRegionName(std::string_view region) {
  return !region.empty() && std::all_of(region.begin(), region.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// The DNS suffix of the partition `region` belongs to.
std::string_view DnsSuffix(std::string_view region) {
  if (region.starts_with("cn-")) return "amazonaws.com.cn";  // aws-cn
  return "amazonaws.com";                                     // aws, aws-us-gov
}

Status BadUrl(std::string_view url, std::string_view why) {
  return Status(Code::kInvalidArgument, fmt::format("AWS endpoint URL \"{}\": {}", url, why));
}

std::string_view SourceName(EndpointSource source) {
  switch (source) {
    case EndpointSource::kExplicit:
      return "the endpoint URL option";
    case EndpointSource::kServiceEnv:
      return "a service-specific AWS_ENDPOINT_URL_* variable";
    case EndpointSource::kGlobalEnv:
      return "AWS_ENDPOINT_URL";
    case EndpointSource::kStandard:
      break;
  }
  return "the standard endpoint";
}

}  // namespace

Result<Endpoint> ParseEndpointUrl(std::string_view url, EndpointSource source) {
  Endpoint endpoint;
  endpoint.source = source;
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return BadUrl(url, "must start with http:// or https://");
  }
  endpoint.scheme = AsciiLower(url.substr(0, scheme_end));
  if (endpoint.scheme != "http" && endpoint.scheme != "https") {
    return BadUrl(url, "must start with http:// or https://");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return BadUrl(url, "must not have a query or fragment");
  }
  const std::size_t path_start = rest.find('/');
  const std::string_view authority = rest.substr(0, path_start);
  std::string_view path =
      path_start == std::string_view::npos ? std::string_view() : rest.substr(path_start);
  if (authority.empty()) return BadUrl(url, "has no host");
  if (authority.find('@') != std::string_view::npos) return BadUrl(url, "must not hold user info");
  if (authority.find_first_of(" \t\r\n") != std::string_view::npos) {
    return BadUrl(url, "holds white space");
  }
  // A port, when there is one, is digits after the last ':' outside [IPv6].
  const std::size_t colon = authority.rfind(':');
  const std::size_t bracket = authority.rfind(']');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    const std::string_view port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return BadUrl(url, "has a malformed port");
    }
    if (colon == 0) return BadUrl(url, "has no host");
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  endpoint.host = AsciiLower(authority);
  endpoint.base_path = std::string(path);
  endpoint.url = fmt::format("{}://{}{}", endpoint.scheme, endpoint.host, endpoint.base_path);
  return endpoint;
}

std::string ServiceEndpointVariable(std::string_view service) {
  std::string name = "AWS_ENDPOINT_URL_" + AsciiUpper(service);
  std::replace(name.begin(), name.end(), ' ', '_');
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

Result<Endpoint> ResolveEndpoint(std::string_view service, std::string_view region,
                                 const EndpointOptions& options) {
  if (service.empty()) return Status(Code::kInvalidArgument, "no AWS service named");
  const auto parse = [&](const std::string& url, EndpointSource source) -> Result<Endpoint> {
    Result<Endpoint> endpoint = ParseEndpointUrl(url, source);
    if (!endpoint.ok()) {
      return endpoint.status().WithContext(
          fmt::format("{} endpoint from {}", service, SourceName(source)));
    }
    return endpoint;
  };
  if (!options.endpoint_url.empty()) return parse(options.endpoint_url, EndpointSource::kExplicit);

  const std::optional<std::string> ignore =
      NonEmpty(options.env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  if (!ignore || AsciiLower(*ignore) != "true") {
    if (auto url = NonEmpty(options.env, ServiceEndpointVariable(service))) {
      return parse(*url, EndpointSource::kServiceEnv);
    }
    if (auto url = NonEmpty(options.env, "AWS_ENDPOINT_URL")) {
      return parse(*url, EndpointSource::kGlobalEnv);
    }
  }

  if (!IsRegionName(region)) {
    return Status(Code::kInvalidArgument,
                  fmt::format("{} endpoint: \"{}\" is not an AWS region name; set --aws-region "
                              "or AWS_REGION (e.g. us-east-1)",
                              service, region));
  }
  return parse(fmt::format("https://{}.{}.{}", AsciiLower(service), region, DnsSuffix(region)),
               EndpointSource::kStandard);
}

Result<std::string> ResolveRegion(const RegionOptions& options) {
  if (!options.region.empty()) return options.region;
  if (auto region = NonEmpty(options.env, "AWS_REGION")) return *region;
  if (auto region = NonEmpty(options.env, "AWS_DEFAULT_REGION")) return *region;
  return Status(Code::kInvalidArgument,
                "no AWS region: pass --aws-region or set AWS_REGION (e.g. us-east-1)");
}

}  // namespace tk::aws
