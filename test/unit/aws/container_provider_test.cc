#include "aws/container_provider.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/credential_time.h"
#include "credential_test_support.h"

namespace tk::aws {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;
using testing::Answer;
using testing::HeaderOf;
using testing::ScriptedHttp;
using testing::TempDir;

constexpr const char* kGoodAnswer =
    R"({"AccessKeyId":"AKIDCONTAINER","SecretAccessKey":"container-secret","Token":"container-token",
        "Expiration":"2030-01-01T06:00:00Z"})";

TEST(ContainerCredentialsUrlTest, AllowsLoopbackEcsAndPodIdentityHostsOnly) {
  for (const char* url :
       {"http://127.0.0.1:8080/creds", "http://127.1.2.3/x", "http://localhost/x", "http://LOCALHOST:1",
        "http://[::1]:9000/x", "http://169.254.170.2/v2/credentials", "http://169.254.170.23/v1/credentials",
        "http://[fd00:ec2::23]/v1/credentials", "http://[fd00:0ec2:0:0:0:0:0:0023]/v1",
        "https://127.0.0.1/x", "HTTP://127.0.0.1/x?query"}) {
    EXPECT_TRUE(CheckContainerCredentialsUrl(url).ok()) << url;
  }
  for (const char* url :
       {"http://169.254.169.254/latest", "http://example.com/creds", "http://10.0.0.1/x",
        "http://169.254.170.3/x", "http://[fd00:ec2::24]/x", "http://127.0.0.1@evil.com/x",
        "http://evil.com#@127.0.0.1/", "ftp://127.0.0.1/x", "127.0.0.1/x", "http:///x",
        "http://[::1/x", "http://[::1]x/", "http://localhost.evil.com/x", "http://0x7f000001/x"}) {
    const Status status = CheckContainerCredentialsUrl(url);
    EXPECT_EQ(status.code(), Code::kInvalidArgument) << url;
  }
  EXPECT_THAT(CheckContainerCredentialsUrl("http://example.com/creds").message(),
              HasSubstr("host \"example.com\", which is not allowed"));
}

class ContainerProviderTest : public ::testing::Test {
 protected:
  ContainerProviderTest() {
    http_.handler = [](const http::Request&) -> Result<http::Response> { return Answer(200, kGoodAnswer); };
  }
  ContainerProvider Provider() { return ContainerProvider(http_.sender(), EnvironmentFromMap(env_)); }
  Status Failure() {
    Result<ExpiringCredentials> credentials = Provider().Fetch();
    EXPECT_FALSE(credentials.ok());
    return credentials.ok() ? OkStatus() : credentials.status();
  }

  TempDir dir_;
  ScriptedHttp http_;
  std::map<std::string, std::string> env_;
};

TEST_F(ContainerProviderTest, NotConfiguredWithoutAUri) {
  const Status status = Failure();
  EXPECT_TRUE(IsNotConfigured(status));
  EXPECT_THAT(http_.requests(), SizeIs(0));
}

TEST_F(ContainerProviderTest, ARelativeUriGoesToTheEcsEndpoint) {
  env_["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/abc";
  Result<ExpiringCredentials> credentials = Provider().Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->credentials.access_key_id, "AKIDCONTAINER");
  EXPECT_EQ(credentials->credentials.secret_access_key, "container-secret");
  EXPECT_EQ(credentials->credentials.session_token, "container-token");
  EXPECT_EQ(credentials->expiration, ParseCredentialTime("2030-01-01T06:00:00Z"));
  const auto requests = http_.requests();
  ASSERT_THAT(requests, SizeIs(1));
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].url, "http://169.254.170.2/v2/credentials/abc");
  EXPECT_EQ(HeaderOf(requests[0], "Authorization"), "");
  EXPECT_EQ(requests[0].timeout, std::chrono::seconds(2));
}

TEST_F(ContainerProviderTest, TheRelativeUriWinsOverTheFullUri) {
  env_["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "v2/x";
  env_["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1/ignored";
  ASSERT_TRUE(Provider().Fetch().ok());
  EXPECT_EQ(http_.requests().at(0).url, "http://169.254.170.2/v2/x");
}

TEST_F(ContainerProviderTest, AFullUriWithTheTokenFileReadEachTime) {
  env_["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://169.254.170.23/v1/credentials";
  env_["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = dir_.Write("token", "pod-token-1\n");
  env_["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "ignored-when-the-file-is-set";
  ContainerProvider provider = Provider();
  ASSERT_TRUE(provider.Fetch().ok());
  dir_.Write("token", "pod-token-2");
  ASSERT_TRUE(provider.Fetch().ok());
  const auto requests = http_.requests();
  ASSERT_THAT(requests, SizeIs(2));
  EXPECT_EQ(requests[0].url, "http://169.254.170.23/v1/credentials");
  EXPECT_EQ(HeaderOf(requests[0], "Authorization"), "pod-token-1");
  EXPECT_EQ(HeaderOf(requests[1], "Authorization"), "pod-token-2");
}

TEST_F(ContainerProviderTest, TheTokenVariableIsUsedWithoutAFile) {
  env_["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:9/creds";
  env_["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "Basic abc";
  ASSERT_TRUE(Provider().Fetch().ok());
  EXPECT_EQ(HeaderOf(http_.requests().at(0), "Authorization"), "Basic abc");
}

TEST_F(ContainerProviderTest, RefusesOtherHostsBeforeSendingAnything) {
  env_["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://attacker.example/creds";
  env_["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "precious";
  const Status status = Failure();
  EXPECT_EQ(status.code(), Code::kInvalidArgument);
  EXPECT_THAT(http_.requests(), SizeIs(0));
}

TEST_F(ContainerProviderTest, TokenProblemsAreFailures) {
  env_["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1/creds";
  env_["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "line\r\nX-Injected: yes";
  EXPECT_EQ(Failure().code(), Code::kInvalidArgument);
  env_["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = dir_.path() + "/absent";
  Status status = Failure();
  EXPECT_EQ(status.code(), Code::kUnauthenticated);
  EXPECT_THAT(status.message(), HasSubstr("absent"));
  env_["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = dir_.Write("empty", "  \n");
  status = Failure();
  EXPECT_EQ(status.code(), Code::kUnauthenticated);
  EXPECT_THAT(status.message(), HasSubstr("is empty"));
  EXPECT_THAT(http_.requests(), SizeIs(0));
}

TEST_F(ContainerProviderTest, RetriesOnceAfterA5xxOrNoAnswer) {
  env_["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/creds";
  int calls = 0;
  http_.handler = [&](const http::Request&) -> Result<http::Response> {
    if (++calls == 1) return Answer(503, "");
    return Answer(200, kGoodAnswer);
  };
  ASSERT_TRUE(Provider().Fetch().ok());
  EXPECT_EQ(calls, 2);

  http_.handler = [](const http::Request&) -> Result<http::Response> {
    return Status(Code::kUnavailable, "GET http://169.254.170.2/creds: connection refused");
  };
  const Status status = Failure();
  EXPECT_EQ(status.code(), Code::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr("connection refused"));
  EXPECT_THAT(http_.requests(), SizeIs(4));
}

TEST_F(ContainerProviderTest, ErrorAnswersAreFailuresWithTheirCode) {
  env_["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/creds";
  http_.handler = [](const http::Request&) -> Result<http::Response> {
    return Answer(403, R"({"code":"AccessDeniedException","message":"pod identity association missing"})");
  };
  Status status = Failure();
  EXPECT_EQ(status.code(), Code::kUnauthenticated);
  EXPECT_THAT(status.message(), HasSubstr("answered HTTP 403: AccessDeniedException: pod identity"));
  EXPECT_THAT(http_.requests(), SizeIs(1));  // no retry of a 4xx

  http_.handler = [](const http::Request&) -> Result<http::Response> { return Answer(500, "oops"); };
  status = Failure();
  EXPECT_EQ(status.code(), Code::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr("answered HTTP 500"));
}

TEST_F(ContainerProviderTest, BadAnswersAreFailures) {
  env_["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/creds";
  http_.handler = [](const http::Request&) -> Result<http::Response> {
    return Answer(200, R"({"AccessKeyId":"A"})");
  };
  const Status status = Failure();
  EXPECT_EQ(status.code(), Code::kUnauthenticated);
  EXPECT_THAT(status.message(), HasSubstr("no \"SecretAccessKey\""));
}

}  // namespace
}  // namespace tk::aws
