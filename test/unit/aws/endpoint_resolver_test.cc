#include "aws/endpoint_resolver.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace tk::aws {
namespace {

// An environment of exactly these variables.
EnvLookup Env(std::map<std::string, std::string> variables) {
  return EnvironmentFromMap(std::move(variables));
}

EndpointOptions WithEnv(std::map<std::string, std::string> variables, std::string url = "") {
  EndpointOptions options;
  options.endpoint_url = std::move(url);
  options.env = Env(std::move(variables));
  return options;
}

TEST(EndpointResolverTest, StandardEndpointsPerServiceAndPartition) {
  const EndpointOptions none = WithEnv({});
  EXPECT_EQ(ResolveEndpoint("dynamodb", "us-east-1", none)->url,
            "https://dynamodb.us-east-1.amazonaws.com");
  EXPECT_EQ(ResolveEndpoint("kms", "eu-west-3", none)->url, "https://kms.eu-west-3.amazonaws.com");
  EXPECT_EQ(ResolveEndpoint("sts", "ap-south-1", none)->url,
            "https://sts.ap-south-1.amazonaws.com");
  EXPECT_EQ(ResolveEndpoint("dynamodb", "cn-north-1", none)->url,
            "https://dynamodb.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(ResolveEndpoint("kms", "us-gov-west-1", none)->url,
            "https://kms.us-gov-west-1.amazonaws.com");

  Result<Endpoint> endpoint = ResolveEndpoint("dynamodb", "us-east-1", none);
  ASSERT_TRUE(endpoint.ok()) << endpoint.status().ToString();
  EXPECT_EQ(endpoint->scheme, "https");
  EXPECT_EQ(endpoint->host, "dynamodb.us-east-1.amazonaws.com");
  EXPECT_EQ(endpoint->base_path, "");
  EXPECT_EQ(endpoint->source, EndpointSource::kStandard);
}

TEST(EndpointResolverTest, ServiceVariableBeatsGlobalVariableBeatsStandard) {
  const EndpointOptions options = WithEnv({{"AWS_ENDPOINT_URL", "http://global:4566"},
                                           {"AWS_ENDPOINT_URL_DYNAMODB", "http://ddb:8000"}});
  Result<Endpoint> dynamodb = ResolveEndpoint("dynamodb", "us-east-1", options);
  ASSERT_TRUE(dynamodb.ok()) << dynamodb.status().ToString();
  EXPECT_EQ(dynamodb->url, "http://ddb:8000");
  EXPECT_EQ(dynamodb->source, EndpointSource::kServiceEnv);

  Result<Endpoint> kms = ResolveEndpoint("kms", "us-east-1", options);
  ASSERT_TRUE(kms.ok()) << kms.status().ToString();
  EXPECT_EQ(kms->url, "http://global:4566");
  EXPECT_EQ(kms->host, "global:4566");
  EXPECT_EQ(kms->source, EndpointSource::kGlobalEnv);
}

TEST(EndpointResolverTest, ExplicitOptionBeatsEverything) {
  const EndpointOptions options =
      WithEnv({{"AWS_ENDPOINT_URL", "http://global:4566"},
               {"AWS_ENDPOINT_URL_KMS", "http://kms-local:1"},
               {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}},
              "https://flag.example.com:8443/prefix/");
  Result<Endpoint> kms = ResolveEndpoint("kms", "us-east-1", options);
  ASSERT_TRUE(kms.ok()) << kms.status().ToString();
  EXPECT_EQ(kms->url, "https://flag.example.com:8443/prefix");
  EXPECT_EQ(kms->host, "flag.example.com:8443");
  EXPECT_EQ(kms->base_path, "/prefix");
  EXPECT_EQ(kms->source, EndpointSource::kExplicit);
}

TEST(EndpointResolverTest, IgnoreConfiguredEndpointUrlsDisablesTheVariables) {
  const EndpointOptions options = WithEnv({{"AWS_ENDPOINT_URL", "http://global:4566"},
                                           {"AWS_ENDPOINT_URL_STS", "http://sts-local:1"},
                                           {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE"}});
  EXPECT_EQ(ResolveEndpoint("sts", "us-west-2", options)->url,
            "https://sts.us-west-2.amazonaws.com");
}

TEST(EndpointResolverTest, EmptyVariablesCountAsUnset) {
  const EndpointOptions options =
      WithEnv({{"AWS_ENDPOINT_URL_DYNAMODB", ""}, {"AWS_ENDPOINT_URL", "http://global:1"}});
  EXPECT_EQ(ResolveEndpoint("dynamodb", "us-east-1", options)->url, "http://global:1");
}

TEST(EndpointResolverTest, ServiceVariableNames) {
  EXPECT_EQ(ServiceEndpointVariable("dynamodb"), "AWS_ENDPOINT_URL_DYNAMODB");
  EXPECT_EQ(ServiceEndpointVariable("kms"), "AWS_ENDPOINT_URL_KMS");
  EXPECT_EQ(ServiceEndpointVariable("sts"), "AWS_ENDPOINT_URL_STS");
}

TEST(EndpointResolverTest, RefusesMalformedUrlsNamingTheirSource) {
  for (const char* url : {"localhost:4566", "ftp://host", "http://", "http://:80",
                          "http://host:port", "http://host?x=1", "http://user@host",
                          "http://host:123456"}) {
    Result<Endpoint> endpoint =
        ResolveEndpoint("dynamodb", "us-east-1", WithEnv({{"AWS_ENDPOINT_URL", url}}));
    ASSERT_FALSE(endpoint.ok()) << url;
    EXPECT_EQ(endpoint.status().code(), Code::kInvalidArgument) << url;
    EXPECT_NE(endpoint.status().message().find("AWS_ENDPOINT_URL"), std::string::npos)
        << endpoint.status().message();
  }
}

TEST(EndpointResolverTest, StandardEndpointNeedsARegion) {
  for (const char* region : {"", "US East", "us-east-1/../x"}) {
    Result<Endpoint> endpoint = ResolveEndpoint("kms", region, WithEnv({}));
    ASSERT_FALSE(endpoint.ok()) << region;
    EXPECT_EQ(endpoint.status().code(), Code::kInvalidArgument);
  }
  // With an endpoint configured the region only matters for signing.
  EXPECT_TRUE(ResolveEndpoint("kms", "", WithEnv({{"AWS_ENDPOINT_URL", "http://h:1"}})).ok());
}

TEST(EndpointResolverTest, KeepsIpv6HostsAndPorts) {
  Result<Endpoint> endpoint = ParseEndpointUrl("http://[::1]:4566", EndpointSource::kExplicit);
  ASSERT_TRUE(endpoint.ok()) << endpoint.status().ToString();
  EXPECT_EQ(endpoint->host, "[::1]:4566");
}

TEST(EndpointResolverTest, RegionPrecedence) {
  RegionOptions options;
  options.env = Env({{"AWS_REGION", "eu-west-1"}, {"AWS_DEFAULT_REGION", "eu-west-2"}});
  EXPECT_EQ(*ResolveRegion(options), "eu-west-1");
  options.region = "us-west-2";
  EXPECT_EQ(*ResolveRegion(options), "us-west-2");
  options.region.clear();
  options.env = Env({{"AWS_REGION", ""}, {"AWS_DEFAULT_REGION", "eu-west-2"}});
  EXPECT_EQ(*ResolveRegion(options), "eu-west-2");
  options.env = Env({});
  Result<std::string> none = ResolveRegion(options);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), Code::kInvalidArgument);
  EXPECT_NE(none.status().message().find("AWS_REGION"), std::string::npos);
}

}  // namespace
}  // namespace tk::aws
