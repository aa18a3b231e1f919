#include "aws/imds_provider.h"

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

constexpr const char* kRolePath = "/latest/meta-data/iam/security-credentials/";

// A scripted IMDSv2: issues "session-token", serves role "node-role" to
// requests carrying it.
class ImdsProviderTest : public ::testing::Test {
 protected:
  ImdsProviderTest() {
    http_.handler = [this](const http::Request& request) -> Result<http::Response> {
      const std::string path = request.url.substr(request.url.find('/', 8));
      if (path == "/latest/api/token") {
        if (request.method != "PUT") return Answer(405, "");
        return token_answer_;
      }
      if (HeaderOf(request, "X-aws-ec2-metadata-token") != "session-token") return Answer(401, "");
      if (path == kRolePath) return roles_answer_;
      if (path == std::string(kRolePath) + "node-role") return credentials_answer_;
      return Answer(404, "");
    };
  }

  ImdsProvider Provider() { return ImdsProvider(http_.sender(), EnvironmentFromMap(env_)); }
  Status Failure() {
    Result<ExpiringCredentials> credentials = Provider().Fetch();
    EXPECT_FALSE(credentials.ok());
    return credentials.ok() ? OkStatus() : credentials.status();
  }

  ScriptedHttp http_;
  std::map<std::string, std::string> env_;
  Result<http::Response> token_answer_ = Answer(200, "session-token");
  Result<http::Response> roles_answer_ = Answer(200, "node-role\n");
  Result<http::Response> credentials_answer_ = Answer(200, R"({
    "Code": "Success", "LastUpdated": "2030-01-01T00:00:00Z", "Type": "AWS-HMAC",
    "AccessKeyId": "ASIAIMDS", "SecretAccessKey": "imds-secret", "Token": "imds-token",
    "Expiration": "2030-01-01T06:00:00Z"})");
};

TEST_F(ImdsProviderTest, FollowsTheImdsV2Flow) {
  Result<ExpiringCredentials> credentials = Provider().Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->credentials.access_key_id, "ASIAIMDS");
  EXPECT_EQ(credentials->credentials.secret_access_key, "imds-secret");
  EXPECT_EQ(credentials->credentials.session_token, "imds-token");
  EXPECT_EQ(credentials->expiration, ParseCredentialTime("2030-01-01T06:00:00Z"));

  const auto requests = http_.requests();
  ASSERT_THAT(requests, SizeIs(3));
  EXPECT_EQ(requests[0].method, "PUT");
  EXPECT_EQ(requests[0].url, "http://169.254.169.254/latest/api/token");
  EXPECT_EQ(HeaderOf(requests[0], "X-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(requests[0].timeout, std::chrono::seconds(1));
  EXPECT_EQ(requests[0].connect_timeout, std::chrono::seconds(1));
  EXPECT_EQ(requests[1].method, "GET");
  EXPECT_EQ(requests[1].url, "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
  EXPECT_EQ(requests[2].url,
            "http://169.254.169.254/latest/meta-data/iam/security-credentials/node-role");
  EXPECT_EQ(HeaderOf(requests[2], "X-aws-ec2-metadata-token"), "session-token");
}

TEST_F(ImdsProviderTest, TheEndpointComesFromTheEnvironment) {
  EXPECT_EQ(ImdsProvider::Endpoint(EnvironmentFromMap({})), "http://169.254.169.254");
  EXPECT_EQ(ImdsProvider::Endpoint(EnvironmentFromMap({{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}})),
            "http://[fd00:ec2::254]");
  EXPECT_EQ(ImdsProvider::Endpoint(EnvironmentFromMap(
                {{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1338/"},
                 {"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}})),
            "http://127.0.0.1:1338");
  env_["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:1338";
  ASSERT_TRUE(Provider().Fetch().ok());
  EXPECT_EQ(http_.requests().at(0).url, "http://127.0.0.1:1338/latest/api/token");
}

TEST_F(ImdsProviderTest, DisabledByTheVariable) {
  env_["AWS_EC2_METADATA_DISABLED"] = "TRUE";
  const Status status = Failure();
  EXPECT_TRUE(IsNotConfigured(status));
  EXPECT_THAT(status.message(), HasSubstr("AWS_EC2_METADATA_DISABLED"));
  EXPECT_THAT(http_.requests(), SizeIs(0));
  env_["AWS_EC2_METADATA_DISABLED"] = "false";
  EXPECT_TRUE(Provider().Fetch().ok());
}

TEST_F(ImdsProviderTest, NoAnswerMeansNotConfiguredAfterOneRetry) {
  token_answer_ = Status(Code::kUnavailable, "PUT http://169.254.169.254/latest/api/token: timed out");
  const Status status = Failure();
  EXPECT_TRUE(IsNotConfigured(status));
  EXPECT_THAT(status.message(), HasSubstr("no answer from http://169.254.169.254"));
  EXPECT_THAT(http_.requests(), SizeIs(2));
}

TEST_F(ImdsProviderTest, AServiceWithoutImdsV2IsNotConfigured) {
  token_answer_ = Answer(404, "");
  EXPECT_TRUE(IsNotConfigured(Failure()));
  token_answer_ = Answer(403, "");
  EXPECT_EQ(Failure().code(), Code::kPermissionDenied);
  token_answer_ = Answer(400, "");
  EXPECT_EQ(Failure().code(), Code::kUnauthenticated);
}

TEST_F(ImdsProviderTest, RetriesA5xxOnce) {
  int token_calls = 0;
  auto scripted = http_.handler;
  http_.handler = [&](const http::Request& request) -> Result<http::Response> {
    if (request.method == "PUT" && ++token_calls == 1) return Answer(500, "");
    return scripted(request);
  };
  ASSERT_TRUE(Provider().Fetch().ok());
  EXPECT_EQ(token_calls, 2);

  token_answer_ = Answer(503, "");
  token_calls = 10;
  const Status status = Failure();
  EXPECT_EQ(status.code(), Code::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr("HTTP 503"));
}

TEST_F(ImdsProviderTest, NoRoleMeansNotConfigured) {
  roles_answer_ = Answer(404, "");
  Status status = Failure();
  EXPECT_TRUE(IsNotConfigured(status));
  EXPECT_THAT(status.message(), HasSubstr("no IAM role"));
  roles_answer_ = Answer(200, "\n");
  EXPECT_TRUE(IsNotConfigured(Failure()));
}

TEST_F(ImdsProviderTest, TheFirstListedRoleIsUsedAndMustBeAName) {
  roles_answer_ = Answer(200, "node-role\nother-role\n");
  EXPECT_TRUE(Provider().Fetch().ok());
  roles_answer_ = Answer(200, "../../etc\n");
  EXPECT_EQ(Failure().code(), Code::kUnauthenticated);
}

TEST_F(ImdsProviderTest, BadCredentialAnswersAreFailures) {
  credentials_answer_ = Answer(200, R"({"Code":"Failure","Message":"no"})");
  Status status = Failure();
  EXPECT_EQ(status.code(), Code::kUnauthenticated);
  EXPECT_THAT(status.message(), HasSubstr("Code is \"Failure\""));
  credentials_answer_ = Answer(200, "not json");
  EXPECT_THAT(Failure().message(), HasSubstr("role node-role: the answer is not JSON"));
  credentials_answer_ = Answer(404, "");
  EXPECT_THAT(Failure().message(), HasSubstr("credentials request of role node-role answered HTTP 404"));
}

}  // namespace
}  // namespace tk::aws
