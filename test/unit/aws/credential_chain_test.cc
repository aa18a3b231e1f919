#include "aws/credential_chain.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>

#include "aws/credential_time.h"
#include "credential_test_support.h"

namespace tk::aws {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;
using testing::Answer;
using testing::FakeRoleAssumer;
using testing::ScriptedHttp;
using testing::TempDir;

class StubProvider final : public CredentialProvider {
 public:
  StubProvider(std::string name, Result<ExpiringCredentials> answer)
      : name_(std::move(name)), answer_(std::move(answer)) {}
  std::string Name() const override { return name_; }
  Result<ExpiringCredentials> Fetch() override {
    ++calls;
    return answer_;
  }
  std::atomic<int> calls{0};

 private:
  const std::string name_;
  const Result<ExpiringCredentials> answer_;
};

ExpiringCredentials Keys(const std::string& key_id) {
  return ExpiringCredentials{{key_id, "secret", ""}, std::nullopt};
}

TEST(CredentialChainTest, TheFirstConfiguredProviderAnswers) {
  auto absent = std::make_shared<StubProvider>("absent", NotConfigured("nothing here"));
  auto first = std::make_shared<StubProvider>("first", Keys("FIRST"));
  auto second = std::make_shared<StubProvider>("second", Keys("SECOND"));
  CredentialChain chain({absent, first, second});
  Result<ExpiringCredentials> credentials = chain.Fetch();
  ASSERT_TRUE(credentials.ok());
  EXPECT_EQ(credentials->credentials.access_key_id, "FIRST");
  EXPECT_EQ(absent->calls, 1);
  EXPECT_EQ(second->calls, 0);
}

TEST(CredentialChainTest, AConfiguredProviderThatFailsStopsTheChain) {
  auto broken = std::make_shared<StubProvider>(
      "broken", Status(Code::kPermissionDenied, "web identity: AccessDenied"));
  auto fallback = std::make_shared<StubProvider>("fallback", Keys("NODE"));
  CredentialChain chain({std::make_shared<StubProvider>("absent", NotConfigured("no")), broken, fallback});
  Result<ExpiringCredentials> credentials = chain.Fetch();
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), Code::kPermissionDenied);
  EXPECT_EQ(credentials.status().message(), "web identity: AccessDenied");
  EXPECT_EQ(fallback->calls, 0);
}

TEST(CredentialChainTest, WhenNothingIsConfiguredTheErrorListsEveryProvider) {
  CredentialChain chain({std::make_shared<StubProvider>("one", NotConfigured("ONE is not set")),
                         std::make_shared<StubProvider>("two", NotConfigured("no file"))});
  Result<ExpiringCredentials> credentials = chain.Fetch();
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), Code::kUnauthenticated);
  EXPECT_FALSE(IsNotConfigured(credentials.status()));
  EXPECT_THAT(credentials.status().message(),
              HasSubstr("no AWS credentials found. Tried, in order: one: ONE is not set; two: no file."));
  EXPECT_THAT(credentials.status().message(), HasSubstr("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"));
}

// The default chain with a scripted environment, STS and metadata endpoints.
class DefaultChainTest : public ::testing::Test {
 protected:
  DefaultChainTest() {
    env_["HOME"] = dir_.path();
    http_.handler = [this](const http::Request& request) -> Result<http::Response> {
      if (request.url.rfind("http://169.254.170.2/", 0) == 0) {
        return Answer(200, R"({"AccessKeyId":"CONTAINER","SecretAccessKey":"s"})");
      }
      if (!imds_) return Status(Code::kUnavailable, "connect timed out");
      if (request.url.ends_with("/api/token")) return Answer(200, "t");
      if (request.url.ends_with("/security-credentials/")) return Answer(200, "role");
      return Answer(200, R"({"Code":"Success","AccessKeyId":"IMDS","SecretAccessKey":"s",
                             "Token":"t","Expiration":"2030-01-01T06:00:00Z"})");
    };
  }

  Result<ExpiringCredentials> Fetch() {
    DefaultChainOptions options;
    options.env = EnvironmentFromMap(env_);
    options.role_assumer = sts_;
    options.http = http_.sender();
    options.clock = &clock_;
    return NewDefaultCredentialChain(std::move(options))->Fetch();
  }
  std::string KeyId() {
    Result<ExpiringCredentials> credentials = Fetch();
    EXPECT_TRUE(credentials.ok()) << credentials.status().ToString();
    return credentials.ok() ? credentials->credentials.access_key_id : "";
  }

  TempDir dir_;
  ManualClock clock_{*ParseCredentialTime("2030-01-01T00:00:00Z")};
  std::map<std::string, std::string> env_;
  ScriptedHttp http_;
  std::shared_ptr<FakeRoleAssumer> sts_ = std::make_shared<FakeRoleAssumer>();
  bool imds_ = true;
};

TEST_F(DefaultChainTest, FollowsTheSdkOrder) {
  env_["AWS_ACCESS_KEY_ID"] = "ENV";
  env_["AWS_SECRET_ACCESS_KEY"] = "s";
  dir_.Write(".aws/credentials", "[default]\naws_access_key_id = PROFILE\naws_secret_access_key = s\n");
  env_["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/WEB";
  env_["AWS_WEB_IDENTITY_TOKEN_FILE"] = dir_.Write("token", "jwt");
  env_["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/creds";

  EXPECT_EQ(KeyId(), "ENV");
  env_.erase("AWS_ACCESS_KEY_ID");
  env_.erase("AWS_SECRET_ACCESS_KEY");
  EXPECT_EQ(KeyId(), "PROFILE");
  std::filesystem::remove(dir_.path() + "/.aws/credentials");
  EXPECT_EQ(KeyId(), "AKID:arn:aws:iam::1:role/WEB");
  env_.erase("AWS_ROLE_ARN");
  env_.erase("AWS_WEB_IDENTITY_TOKEN_FILE");
  EXPECT_EQ(KeyId(), "CONTAINER");
  env_.erase("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  EXPECT_EQ(KeyId(), "IMDS");
}

TEST_F(DefaultChainTest, ProfileCredentialSourcesUseTheChainsProviders) {
  dir_.Write(".aws/config",
             "[default]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Ec2InstanceMetadata\n");
  EXPECT_EQ(KeyId(), "AKID:arn:aws:iam::1:role/r");
  ASSERT_THAT(sts_->assume_role_calls(), SizeIs(1));
  EXPECT_EQ(sts_->assume_role_calls()[0].source.access_key_id, "IMDS");
}

TEST_F(DefaultChainTest, ABrokenWebIdentitySetupDoesNotFallBackToTheNode) {
  env_["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/WEB";
  env_["AWS_WEB_IDENTITY_TOKEN_FILE"] = dir_.path() + "/not-mounted";
  Result<ExpiringCredentials> credentials = Fetch();
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), Code::kUnauthenticated);
  EXPECT_THAT(credentials.status().message(), HasSubstr("not-mounted"));
  EXPECT_THAT(http_.requests(), SizeIs(0));
}

TEST_F(DefaultChainTest, NothingConfiguredNamesAllFiveSources) {
  imds_ = false;
  Result<ExpiringCredentials> credentials = Fetch();
  ASSERT_FALSE(credentials.ok());
  const std::string message = credentials.status().message();
  EXPECT_EQ(credentials.status().code(), Code::kUnauthenticated);
  EXPECT_THAT(message, HasSubstr("environment variables: AWS_ACCESS_KEY_ID is not set"));
  EXPECT_THAT(message, HasSubstr("shared config profile \"default\": no profile \"default\""));
  EXPECT_THAT(message, HasSubstr("web identity (AWS_WEB_IDENTITY_TOKEN_FILE): AWS_ROLE_ARN and"));
  EXPECT_THAT(message, HasSubstr("container credentials endpoint: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"));
  EXPECT_THAT(message, HasSubstr("EC2 instance metadata (IMDSv2): no answer from http://169.254.169.254"));
}

TEST_F(DefaultChainTest, TheSourceCachesAndServesTheChain) {
  env_["AWS_ACCESS_KEY_ID"] = "ENV";
  env_["AWS_SECRET_ACCESS_KEY"] = "s";
  DefaultChainOptions options;
  options.env = EnvironmentFromMap(env_);
  options.http = http_.sender();
  options.clock = &clock_;
  std::shared_ptr<RefreshingCredentials> source = NewDefaultCredentialsSource(std::move(options));
  Result<Credentials> credentials = source->Get();
  ASSERT_TRUE(credentials.ok());
  EXPECT_EQ(credentials->access_key_id, "ENV");
  EXPECT_EQ(source->Name(), "the default credential chain");
}

}  // namespace
}  // namespace tk::aws
