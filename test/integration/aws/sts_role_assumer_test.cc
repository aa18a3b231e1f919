// StsRoleAssumer against the emulator's STS, and through it the credential
// chain's role profiles end to end: the assumed credentials sign a real call
// whose caller is the assumed role.
#include "aws/sts_role_assumer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "aws/credentials_source.h"
#include "aws/profile_provider.h"
#include "aws/sts_caller_identity.h"
#include "http/http_client.h"
#include "testing/test_world.h"

namespace tk::aws {
namespace {

using tk::testing::TestWorld;

constexpr char kRoleArn[] = "arn:aws:iam::123456789012:role/tablekeeper-tenant";

class StsRoleAssumerTest : public ::testing::Test {
 protected:
  StsRoleAssumerTest() : base_({"testing", "testing", ""}) {}

  std::unique_ptr<ServiceClient> StsClient(CredentialsSource& credentials) {
    ServiceClientOptions options;
    options.region = "us-east-1";
    options.endpoint.endpoint_url = TestWorld::AwsEndpoint();
    Result<std::unique_ptr<ServiceClient>> client =
        ServiceClient::Create(kStsModel, options, credentials, http_);
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return std::move(client).value();
  }

  http::HttpClient http_;
  StaticCredentialsSource base_;
};

TEST_F(StsRoleAssumerTest, AssumeRoleReturnsSessionCredentialsThatActAsTheRole) {
  std::unique_ptr<ServiceClient> sts = StsClient(base_);
  StsRoleAssumer assumer(*sts);
  AssumeRoleRequest request{kRoleArn, "reconcile", "tenant-a", std::chrono::seconds(900)};
  Result<ExpiringCredentials> assumed = assumer.AssumeRole(request, {"testing", "testing", ""});
  ASSERT_TRUE(assumed.ok()) << assumed.status().ToString();
  EXPECT_FALSE(assumed->credentials.session_token.empty());
  ASSERT_TRUE(assumed->expiration.has_value());
  EXPECT_GT(*assumed->expiration, std::chrono::system_clock::now());

  StaticCredentialsSource as_role(assumed->credentials);
  std::unique_ptr<ServiceClient> sts_as_role = StsClient(as_role);
  AwsResult<CallerIdentity> identity = GetCallerIdentity(*sts_as_role);
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->arn,
            "arn:aws:sts::123456789012:assumed-role/tablekeeper-tenant/reconcile");
}

TEST_F(StsRoleAssumerTest, AssumeRoleWithWebIdentityIsSentUnsigned) {
  std::unique_ptr<ServiceClient> sts = StsClient(base_);
  StsRoleAssumer assumer(*sts);
  WebIdentityRequest request{kRoleArn, "irsa", "a-projected-service-account-token",
                             std::nullopt};
  Result<ExpiringCredentials> assumed = assumer.AssumeRoleWithWebIdentity(request);
  ASSERT_TRUE(assumed.ok()) << assumed.status().ToString();
  EXPECT_FALSE(assumed->credentials.access_key_id.empty());
  EXPECT_TRUE(assumed->expiration.has_value());
}

TEST_F(StsRoleAssumerTest, ARejectedCallNamesTheRoleAndNoSecret) {
  StaticCredentialsSource unused({"testing", "testing", ""});
  std::unique_ptr<ServiceClient> sts = StsClient(unused);
  StsRoleAssumer assumer(*sts);
  TestWorld::InjectFault(
      R"({"match":"sts:AssumeRole","error":"AccessDenied","status":403,"count":1})");
  AssumeRoleRequest request{kRoleArn, "denied", std::nullopt, std::nullopt};
  Result<ExpiringCredentials> assumed =
      assumer.AssumeRole(request, {"AKIDSECRETCHECK", "very-secret-value", "token-value"});
  ASSERT_FALSE(assumed.ok());
  EXPECT_EQ(assumed.status().code(), Code::kPermissionDenied);
  EXPECT_NE(assumed.status().message().find(kRoleArn), std::string::npos)
      << assumed.status().message();
  EXPECT_EQ(assumed.status().message().find("very-secret-value"), std::string::npos);
  EXPECT_EQ(assumed.status().message().find("token-value"), std::string::npos);
}

TEST_F(StsRoleAssumerTest, AProfileWithRoleArnAndSourceProfileAssumesTheRole) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("tk-sts-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "credentials") << "[base]\naws_access_key_id = testing\n"
                                        "aws_secret_access_key = testing\n";
  std::ofstream(dir / "config") << "[profile tenant]\nrole_arn = " << kRoleArn
                                << "\nsource_profile = base\nrole_session_name = from-profile\n";

  std::unique_ptr<ServiceClient> sts = StsClient(base_);
  ProfileProviderOptions options;
  options.env = EnvironmentFromMap({{"AWS_PROFILE", "tenant"},
                                    {"AWS_CONFIG_FILE", (dir / "config").string()},
                                    {"AWS_SHARED_CREDENTIALS_FILE", (dir / "credentials").string()}});
  options.role_assumer = std::make_shared<StsRoleAssumer>(*sts);
  ProfileProvider provider(options);
  Result<ExpiringCredentials> fetched = provider.Fetch();
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(fetched.ok()) << fetched.status().ToString();

  StaticCredentialsSource as_role(fetched->credentials);
  std::unique_ptr<ServiceClient> sts_as_role = StsClient(as_role);
  AwsResult<CallerIdentity> identity = GetCallerIdentity(*sts_as_role);
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->arn,
            "arn:aws:sts::123456789012:assumed-role/tablekeeper-tenant/from-profile");
}

}  // namespace
}  // namespace tk::aws
