#include "aws/profile_provider.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/credential_time.h"
#include "aws/environment_provider.h"
#include "credential_test_support.h"

namespace tk::aws {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;
using testing::FakeRoleAssumer;
using testing::TempDir;

class ProfileProviderTest : public ::testing::Test {
 protected:
  void Config(const std::string& text) { dir_.Write(".aws/config", text); }
  void CredentialsFile(const std::string& text) { dir_.Write(".aws/credentials", text); }

  ProfileProvider Provider() {
    ProfileProviderOptions options;
    options.env = EnvironmentFromMap(env_);
    options.role_assumer = sts_;
    options.clock = &clock_;
    options.credential_source = [this](std::string_view name) -> Result<CredentialProviderPtr> {
      sources_asked_.emplace_back(name);
      if (name == "Environment") {
        return CredentialProviderPtr(std::make_shared<EnvironmentProvider>(EnvironmentFromMap(env_)));
      }
      return Status(Code::kInvalidArgument, "unknown credential_source");
    };
    return ProfileProvider(std::move(options));
  }

  Result<ExpiringCredentials> Fetch() { return Provider().Fetch(); }

  Status Failure() {
    Result<ExpiringCredentials> credentials = Fetch();
    EXPECT_FALSE(credentials.ok());
    return credentials.ok() ? OkStatus() : credentials.status();
  }

  TempDir dir_;
  ManualClock clock_{*ParseCredentialTime("2030-01-01T00:00:00Z")};
  std::map<std::string, std::string> env_{{"HOME", dir_.path()}};
  std::shared_ptr<FakeRoleAssumer> sts_ = std::make_shared<FakeRoleAssumer>();
  std::vector<std::string> sources_asked_;
};

TEST_F(ProfileProviderTest, StaticKeysOfTheDefaultProfile) {
  CredentialsFile("[default]\naws_access_key_id = AKID\naws_secret_access_key = s\naws_session_token = t\n");
  Result<ExpiringCredentials> credentials = Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->credentials.access_key_id, "AKID");
  EXPECT_EQ(credentials->credentials.secret_access_key, "s");
  EXPECT_EQ(credentials->credentials.session_token, "t");
  EXPECT_FALSE(credentials->expiration.has_value());
  EXPECT_EQ(Provider().Name(), "shared config profile \"default\"");
}

TEST_F(ProfileProviderTest, TheCredentialsFileWinsOverTheConfigFileForKeys) {
  Config("[default]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = config\n");
  CredentialsFile("[default]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = creds\n");
  Result<ExpiringCredentials> credentials = Fetch();
  ASSERT_TRUE(credentials.ok());
  EXPECT_EQ(credentials->credentials.access_key_id, "AKIDCREDS");
  EXPECT_EQ(credentials->credentials.secret_access_key, "creds");
}

TEST_F(ProfileProviderTest, KeysInTheConfigFileAloneWork) {
  Config("[profile dev]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = config\n");
  env_["AWS_PROFILE"] = "dev";
  Result<ExpiringCredentials> credentials = Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->credentials.access_key_id, "AKIDCONFIG");
}

TEST_F(ProfileProviderTest, AwsProfileSelectsAndVariablesMoveTheFiles) {
  const std::string config = dir_.Write("elsewhere/config", "[profile dev]\nregion = us-east-1\n");
  const std::string creds = dir_.Write("elsewhere/creds",
                                       "[default]\naws_access_key_id = D\naws_secret_access_key = d\n"
                                       "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev\n");
  env_["AWS_CONFIG_FILE"] = config;
  env_["AWS_SHARED_CREDENTIALS_FILE"] = creds;
  env_["AWS_PROFILE"] = "dev";
  Result<ExpiringCredentials> credentials = Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->credentials.access_key_id, "AKIDDEV");
  EXPECT_EQ(Provider().Name(), "shared config profile \"dev\"");
}

TEST_F(ProfileProviderTest, NotConfiguredWithoutFiles) {
  const Status status = Failure();
  EXPECT_TRUE(IsNotConfigured(status)) << status.ToString();
  EXPECT_THAT(status.message(), HasSubstr("no profile \"default\""));
  EXPECT_THAT(status.message(), HasSubstr(".aws/config (absent)"));
}

TEST_F(ProfileProviderTest, NotConfiguredWhenTheProfileHasNoCredentials) {
  Config("[default]\nregion = us-east-1\n");
  const Status status = Failure();
  EXPECT_TRUE(IsNotConfigured(status)) << status.ToString();
  EXPECT_THAT(status.message(), HasSubstr("has no credentials"));
}

TEST_F(ProfileProviderTest, AProfileNamedByAwsProfileMustExist) {
  Config("[default]\naws_access_key_id = A\naws_secret_access_key = s\n");
  env_["AWS_PROFILE"] = "missing";
  const Status status = Failure();
  EXPECT_EQ(status.code(), Code::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("AWS_PROFILE names profile \"missing\""));
}

TEST_F(ProfileProviderTest, AMalformedFileIsAFailureNotAbsence) {
  Config("[default]\nthis is not a property\n");
  const Status status = Failure();
  EXPECT_EQ(status.code(), Code::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("line 2"));
}

TEST_F(ProfileProviderTest, HalfAKeyPairIsAnError) {
  CredentialsFile("[default]\naws_secret_access_key = s\n");
  const Status status = Failure();
  EXPECT_EQ(status.code(), Code::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("has aws_secret_access_key but no aws_access_key_id"));
}

TEST_F(ProfileProviderTest, CredentialProcessIsRunAndWinsOverKeys) {
  const std::string script = dir_.Script(
      "process.sh", "echo '{\"Version\":1,\"AccessKeyId\":\"AKIDPROC\",\"SecretAccessKey\":\"p\"}'\n");
  Config("[default]\ncredential_process = " + script + "\naws_access_key_id = A\naws_secret_access_key = s\n");
  Result<ExpiringCredentials> credentials = Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->credentials.access_key_id, "AKIDPROC");
}

TEST_F(ProfileProviderTest, CredentialProcessFailuresNameTheProfile) {
  Config("[profile tool]\ncredential_process = " + dir_.Script("fail.sh", "exit 4\n") + "\n");
  env_["AWS_PROFILE"] = "tool";
  const Status status = Failure();
  EXPECT_EQ(status.code(), Code::kUnauthenticated);
  EXPECT_THAT(status.message(), HasSubstr("credential_process of profile \"tool\" exited with code 4"));
}

TEST_F(ProfileProviderTest, RoleArnWithSourceProfileAssumesTheRole) {
  Config(
      "[profile app]\n"
      "role_arn = arn:aws:iam::111122223333:role/app\n"
      "source_profile = base\n"
      "role_session_name = my-session\n"
      "external_id = ext-123\n"
      "duration_seconds = 1800\n");
  CredentialsFile("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n");
  env_["AWS_PROFILE"] = "app";
  sts_->expiration = *ParseCredentialTime("2030-01-01T01:00:00Z");
  Result<ExpiringCredentials> credentials = Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->credentials.access_key_id, "AKID:arn:aws:iam::111122223333:role/app");
  EXPECT_EQ(credentials->expiration, sts_->expiration);

  const auto calls = sts_->assume_role_calls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_EQ(calls[0].request.role_arn, "arn:aws:iam::111122223333:role/app");
  EXPECT_EQ(calls[0].request.role_session_name, "my-session");
  EXPECT_EQ(calls[0].request.external_id, "ext-123");
  EXPECT_EQ(calls[0].request.duration, std::chrono::seconds(1800));
  EXPECT_EQ(calls[0].source.access_key_id, "AKIDBASE");
  EXPECT_EQ(calls[0].source.secret_access_key, "base-secret");
}

TEST_F(ProfileProviderTest, RoleArnWinsOverKeysInTheSameProfile) {
  Config("[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n");
  CredentialsFile(
      "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = d\n"
      "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = b\n");
  Result<ExpiringCredentials> credentials = Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->credentials.access_key_id, "AKID:arn:aws:iam::1:role/r");
}

TEST_F(ProfileProviderTest, TheDefaultSessionNameCarriesTheTime) {
  Config("[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n"
         "[profile base]\naws_access_key_id = A\naws_secret_access_key = s\n");
  ASSERT_TRUE(Fetch().ok());
  const auto calls = sts_->assume_role_calls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_EQ(calls[0].request.role_session_name, "tablekeeper-1893456000");
  EXPECT_FALSE(calls[0].request.external_id.has_value());
  EXPECT_FALSE(calls[0].request.duration.has_value());
}

TEST_F(ProfileProviderTest, RolesChainThroughSourceProfiles) {
  Config(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::2:role/b\nsource_profile = c\n"
      "[profile c]\naws_access_key_id = AKIDC\naws_secret_access_key = c-secret\n");
  env_["AWS_PROFILE"] = "a";
  Result<ExpiringCredentials> credentials = Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->credentials.access_key_id, "AKID:arn:aws:iam::1:role/a");
  const auto calls = sts_->assume_role_calls();
  ASSERT_THAT(calls, SizeIs(2));
  EXPECT_EQ(calls[0].request.role_arn, "arn:aws:iam::2:role/b");
  EXPECT_EQ(calls[0].source.access_key_id, "AKIDC");
  EXPECT_EQ(calls[1].request.role_arn, "arn:aws:iam::1:role/a");
  EXPECT_EQ(calls[1].source.access_key_id, "AKID:arn:aws:iam::2:role/b");
}

TEST_F(ProfileProviderTest, ASourceProfileWithKeysUsesThemEvenWithARoleOfItsOwn) {
  Config(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::2:role/b\nsource_profile = c\n"
      "aws_access_key_id = AKIDB\naws_secret_access_key = b\n");
  env_["AWS_PROFILE"] = "a";
  ASSERT_TRUE(Fetch().ok());
  const auto calls = sts_->assume_role_calls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_EQ(calls[0].source.access_key_id, "AKIDB");
}

TEST_F(ProfileProviderTest, AProfileMayBeItsOwnSourceWhenItHasKeys) {
  Config("[profile self]\nrole_arn = arn:aws:iam::1:role/self\nsource_profile = self\n"
         "aws_access_key_id = AKIDSELF\naws_secret_access_key = s\n");
  env_["AWS_PROFILE"] = "self";
  Result<ExpiringCredentials> credentials = Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  const auto calls = sts_->assume_role_calls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_EQ(calls[0].source.access_key_id, "AKIDSELF");
}

TEST_F(ProfileProviderTest, ACycleOfSourceProfilesIsAnErrorListingIt) {
  Config(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::2:role/b\nsource_profile = c\n"
      "[profile c]\nrole_arn = arn:aws:iam::3:role/c\nsource_profile = a\n");
  env_["AWS_PROFILE"] = "a";
  const Status status = Failure();
  EXPECT_EQ(status.code(), Code::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("cycle: a -> b -> c -> a"));
  EXPECT_THAT(sts_->assume_role_calls(), SizeIs(0));
}

TEST_F(ProfileProviderTest, AProfileWithoutKeysCannotBeItsOwnSource) {
  Config("[profile self]\nrole_arn = arn:aws:iam::1:role/self\nsource_profile = self\n");
  env_["AWS_PROFILE"] = "self";
  EXPECT_THAT(Failure().message(), HasSubstr("cycle: self -> self"));
}

TEST_F(ProfileProviderTest, SourceProfileProblemsAreNamed) {
  Config("[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = ghost\n"
         "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = empty\n"
         "[profile empty]\nregion = us-east-1\n"
         "[profile c]\nrole_arn = arn:aws:iam::1:role/c\n"
         "[profile d]\nrole_arn = arn:aws:iam::1:role/d\nsource_profile = empty\n"
         "credential_source = Environment\n");
  env_["AWS_PROFILE"] = "a";
  EXPECT_THAT(Failure().message(),
              HasSubstr("profile \"ghost\", the source_profile of profile \"a\", is in neither"));
  env_["AWS_PROFILE"] = "b";
  EXPECT_THAT(Failure().message(),
              HasSubstr("profile \"empty\", the source_profile of profile \"b\", has no credentials"));
  env_["AWS_PROFILE"] = "c";
  EXPECT_THAT(Failure().message(), HasSubstr("has role_arn but nothing to assume it with"));
  env_["AWS_PROFILE"] = "d";
  EXPECT_THAT(Failure().message(), HasSubstr("both source_profile and credential_source"));
  EXPECT_THAT(sts_->assume_role_calls(), SizeIs(0));
}

TEST_F(ProfileProviderTest, CredentialSourceSuppliesTheSourceCredentials) {
  Config("[default]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Environment\n");
  env_["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  env_["AWS_SECRET_ACCESS_KEY"] = "env-secret";
  Result<ExpiringCredentials> credentials = Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_THAT(sources_asked_, ::testing::ElementsAre("Environment"));
  const auto calls = sts_->assume_role_calls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_EQ(calls[0].source.access_key_id, "AKIDENV");
}

TEST_F(ProfileProviderTest, AnUnconfiguredOrUnknownCredentialSourceIsAFailure) {
  Config("[default]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Environment\n");
  Status status = Failure();
  EXPECT_FALSE(IsNotConfigured(status)) << status.ToString();
  EXPECT_THAT(status.message(), HasSubstr("credential_source Environment"));
  EXPECT_THAT(status.message(), HasSubstr("AWS_ACCESS_KEY_ID is not set"));

  Config("[default]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Moon\n");
  status = Failure();
  EXPECT_EQ(status.code(), Code::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("unknown credential_source"));
}

TEST_F(ProfileProviderTest, WebIdentityInAProfile) {
  const std::string token = dir_.Write("token", "profile-web-token\n");
  Config("[default]\nrole_arn = arn:aws:iam::1:role/web\nweb_identity_token_file = " + token +
         "\nrole_session_name = web-session\n");
  Result<ExpiringCredentials> credentials = Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->credentials.access_key_id, "AKID:arn:aws:iam::1:role/web");
  const auto calls = sts_->web_identity_calls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_EQ(calls[0].role_arn, "arn:aws:iam::1:role/web");
  EXPECT_EQ(calls[0].role_session_name, "web-session");
  EXPECT_EQ(calls[0].web_identity_token, "profile-web-token");
}

TEST_F(ProfileProviderTest, WebIdentityWithoutRoleArnIsAnError) {
  Config("[default]\nweb_identity_token_file = /var/token\n");
  EXPECT_THAT(Failure().message(), HasSubstr("web_identity_token_file but no role_arn"));
}

TEST_F(ProfileProviderTest, WhatNeedsAPersonIsRefused) {
  Config("[profile mfa]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = k\nmfa_serial = arn:mfa\n"
         "[profile k]\naws_access_key_id = A\naws_secret_access_key = s\n"
         "[profile sso]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = r\n");
  env_["AWS_PROFILE"] = "mfa";
  EXPECT_THAT(Failure().message(), HasSubstr("MFA"));
  env_["AWS_PROFILE"] = "sso";
  EXPECT_THAT(Failure().message(), HasSubstr("IAM Identity Center"));
}

TEST_F(ProfileProviderTest, DurationSecondsMustBeInRange) {
  Config("[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = k\nduration_seconds = 60\n"
         "[profile k]\naws_access_key_id = A\naws_secret_access_key = s\n");
  const Status status = Failure();
  EXPECT_EQ(status.code(), Code::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("duration_seconds: must be a number of seconds from 900"));
}

TEST_F(ProfileProviderTest, StsFailuresAreFailuresEvenWhenTheyAreNotFound) {
  Config("[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = k\n"
         "[profile k]\naws_access_key_id = A\naws_secret_access_key = s\n");
  sts_->on_assume_role = [](const AssumeRoleRequest&, const Credentials&) -> Result<ExpiringCredentials> {
    return Status(Code::kNotFound, "NoSuchEntity: the role does not exist");
  };
  const Status status = Failure();
  EXPECT_EQ(status.code(), Code::kUnauthenticated);
  EXPECT_THAT(status.message(), HasSubstr("AssumeRole of role arn:aws:iam::1:role/r"));
  EXPECT_THAT(status.message(), HasSubstr("NoSuchEntity"));
}

TEST_F(ProfileProviderTest, WithoutAnStsClientRolesFail) {
  Config("[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = k\n"
         "[profile k]\naws_access_key_id = A\naws_secret_access_key = s\n");
  sts_ = nullptr;
  EXPECT_EQ(Failure().code(), Code::kInternal);
}

TEST_F(ProfileProviderTest, TheFilesAreReadAgainAtEachFetch) {
  CredentialsFile("[default]\naws_access_key_id = FIRST\naws_secret_access_key = s\n");
  ProfileProvider provider = Provider();
  EXPECT_EQ(provider.Fetch()->credentials.access_key_id, "FIRST");
  CredentialsFile("[default]\naws_access_key_id = SECOND\naws_secret_access_key = s\n");
  EXPECT_EQ(provider.Fetch()->credentials.access_key_id, "SECOND");
}

}  // namespace
}  // namespace tk::aws
