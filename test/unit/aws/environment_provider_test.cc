#include "aws/environment_provider.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/credential_time.h"

namespace tk::aws {
namespace {

using ::testing::HasSubstr;

TEST(EnvironmentProviderTest, ReadsKeysAndToken) {
  EnvironmentProvider provider(EnvironmentFromMap({{"AWS_ACCESS_KEY_ID", "AKID"},
                                                   {"AWS_SECRET_ACCESS_KEY", "secret"},
                                                   {"AWS_SESSION_TOKEN", "token"}}));
  Result<ExpiringCredentials> credentials = provider.Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->credentials.access_key_id, "AKID");
  EXPECT_EQ(credentials->credentials.secret_access_key, "secret");
  EXPECT_EQ(credentials->credentials.session_token, "token");
  EXPECT_FALSE(credentials->expiration.has_value());
}

TEST(EnvironmentProviderTest, TheTokenAndExpirationAreOptional) {
  EnvironmentProvider provider(EnvironmentFromMap({{"AWS_ACCESS_KEY_ID", "AKID"},
                                                   {"AWS_SECRET_ACCESS_KEY", "secret"},
                                                   {"AWS_CREDENTIAL_EXPIRATION", "2030-01-01T00:00:00Z"}}));
  Result<ExpiringCredentials> credentials = provider.Fetch();
  ASSERT_TRUE(credentials.ok());
  EXPECT_EQ(credentials->credentials.session_token, "");
  EXPECT_EQ(credentials->expiration, ParseCredentialTime("2030-01-01T00:00:00Z"));
}

TEST(EnvironmentProviderTest, NotConfiguredWithoutTheKeyId) {
  EnvironmentProvider provider(EnvironmentFromMap({{"AWS_ACCESS_KEY_ID", ""}}));
  Result<ExpiringCredentials> credentials = provider.Fetch();
  ASSERT_FALSE(credentials.ok());
  EXPECT_TRUE(IsNotConfigured(credentials.status()));
  EXPECT_THAT(credentials.status().message(), HasSubstr("AWS_ACCESS_KEY_ID is not set"));
}

TEST(EnvironmentProviderTest, HalfAKeyPairIsAnError) {
  Result<ExpiringCredentials> only_id =
      EnvironmentProvider(EnvironmentFromMap({{"AWS_ACCESS_KEY_ID", "AKID"}})).Fetch();
  ASSERT_FALSE(only_id.ok());
  EXPECT_EQ(only_id.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(only_id.status().message(), HasSubstr("AWS_SECRET_ACCESS_KEY is not"));

  Result<ExpiringCredentials> only_secret =
      EnvironmentProvider(EnvironmentFromMap({{"AWS_SECRET_ACCESS_KEY", "s"}})).Fetch();
  ASSERT_FALSE(only_secret.ok());
  EXPECT_EQ(only_secret.status().code(), Code::kInvalidArgument);
}

TEST(EnvironmentProviderTest, ABadExpirationIsAnError) {
  Result<ExpiringCredentials> credentials =
      EnvironmentProvider(EnvironmentFromMap({{"AWS_ACCESS_KEY_ID", "AKID"},
                                              {"AWS_SECRET_ACCESS_KEY", "secret"},
                                              {"AWS_CREDENTIAL_EXPIRATION", "tomorrow"}}))
          .Fetch();
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace tk::aws
