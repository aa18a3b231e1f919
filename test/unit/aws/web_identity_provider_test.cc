#include "aws/web_identity_provider.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/credential_time.h"
#include "credential_test_support.h"

namespace tk::aws {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;
using testing::FakeRoleAssumer;
using testing::TempDir;

class WebIdentityProviderTest : public ::testing::Test {
 protected:
  WebIdentityProvider Provider() {
    return WebIdentityProvider(sts_, EnvironmentFromMap(env_), clock_);
  }
  Status Failure() {
    Result<ExpiringCredentials> credentials = Provider().Fetch();
    EXPECT_FALSE(credentials.ok());
    return credentials.ok() ? OkStatus() : credentials.status();
  }

  TempDir dir_;
  ManualClock clock_{*ParseCredentialTime("2030-01-01T00:00:00Z")};
  std::shared_ptr<FakeRoleAssumer> sts_ = std::make_shared<FakeRoleAssumer>();
  std::map<std::string, std::string> env_{{"HOME", dir_.path()}};
};

TEST_F(WebIdentityProviderTest, AssumesTheRoleWithTheTokenFile) {
  env_["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/irsa";
  env_["AWS_WEB_IDENTITY_TOKEN_FILE"] = dir_.Write("token", "  jwt-one\n");
  env_["AWS_ROLE_SESSION_NAME"] = "pod-session";
  sts_->expiration = *ParseCredentialTime("2030-01-01T01:00:00Z");
  Result<ExpiringCredentials> credentials = Provider().Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->credentials.access_key_id, "AKID:arn:aws:iam::1:role/irsa");
  EXPECT_EQ(credentials->expiration, sts_->expiration);
  const auto calls = sts_->web_identity_calls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_EQ(calls[0].role_arn, "arn:aws:iam::1:role/irsa");
  EXPECT_EQ(calls[0].role_session_name, "pod-session");
  EXPECT_EQ(calls[0].web_identity_token, "jwt-one");
  EXPECT_FALSE(calls[0].duration.has_value());
}

TEST_F(WebIdentityProviderTest, ReadsTheTokenFileAgainAtEachFetch) {
  env_["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/irsa";
  env_["AWS_WEB_IDENTITY_TOKEN_FILE"] = "~/token";  // "~/" means $HOME
  dir_.Write("token", "jwt-one");
  WebIdentityProvider provider = Provider();
  ASSERT_TRUE(provider.Fetch().ok());
  dir_.Write("token", "jwt-two");  // the kubelet rotated it
  ASSERT_TRUE(provider.Fetch().ok());
  const auto calls = sts_->web_identity_calls();
  ASSERT_THAT(calls, SizeIs(2));
  EXPECT_EQ(calls[0].web_identity_token, "jwt-one");
  EXPECT_EQ(calls[1].web_identity_token, "jwt-two");
}

TEST_F(WebIdentityProviderTest, TheDefaultSessionNameCarriesTheTime) {
  env_["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/irsa";
  env_["AWS_WEB_IDENTITY_TOKEN_FILE"] = dir_.Write("token", "jwt");
  ASSERT_TRUE(Provider().Fetch().ok());
  EXPECT_EQ(sts_->web_identity_calls().at(0).role_session_name, "tablekeeper-1893456000");
}

TEST_F(WebIdentityProviderTest, NotConfiguredWithoutTheVariables) {
  const Status status = Failure();
  EXPECT_TRUE(IsNotConfigured(status));
  EXPECT_THAT(status.message(), HasSubstr("AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE are not set"));
}

TEST_F(WebIdentityProviderTest, OneVariableWithoutTheOtherIsAnError) {
  env_["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/irsa";
  EXPECT_EQ(Failure().code(), Code::kInvalidArgument);
  env_.erase("AWS_ROLE_ARN");
  env_["AWS_WEB_IDENTITY_TOKEN_FILE"] = dir_.Write("token", "jwt");
  const Status status = Failure();
  EXPECT_EQ(status.code(), Code::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("AWS_ROLE_ARN is not"));
}

TEST_F(WebIdentityProviderTest, AMissingOrEmptyTokenFileIsAFailure) {
  env_["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/irsa";
  env_["AWS_WEB_IDENTITY_TOKEN_FILE"] = dir_.path() + "/absent";
  Status status = Failure();
  EXPECT_EQ(status.code(), Code::kUnauthenticated);
  EXPECT_THAT(status.message(), HasSubstr("absent"));
  env_["AWS_WEB_IDENTITY_TOKEN_FILE"] = dir_.Write("empty", "\n");
  status = Failure();
  EXPECT_EQ(status.code(), Code::kUnauthenticated);
  EXPECT_THAT(status.message(), HasSubstr("is empty"));
  EXPECT_THAT(sts_->web_identity_calls(), SizeIs(0));
}

TEST_F(WebIdentityProviderTest, StsErrorsNameTheRole) {
  env_["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/irsa";
  env_["AWS_WEB_IDENTITY_TOKEN_FILE"] = dir_.Write("token", "jwt");
  sts_->on_web_identity = [](const WebIdentityRequest&) -> Result<ExpiringCredentials> {
    return Status(Code::kPermissionDenied, "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity");
  };
  const Status status = Failure();
  EXPECT_EQ(status.code(), Code::kPermissionDenied);
  EXPECT_THAT(status.message(), HasSubstr("AssumeRoleWithWebIdentity of role arn:aws:iam::1:role/irsa"));
}

TEST_F(WebIdentityProviderTest, WithoutAnStsClientItFails) {
  env_["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/irsa";
  env_["AWS_WEB_IDENTITY_TOKEN_FILE"] = dir_.Write("token", "jwt");
  sts_ = nullptr;
  EXPECT_EQ(Failure().code(), Code::kInternal);
}

}  // namespace
}  // namespace tk::aws
