#include "aws/shared_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "credential_test_support.h"

namespace tk::aws {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;

TEST(SharedConfigTest, PathsDefaultToTheHomeFolder) {
  const SharedConfigPaths paths = SharedConfigPathsFrom(EnvironmentFromMap({{"HOME", "/home/u"}}));
  EXPECT_EQ(paths.config_file, "/home/u/.aws/config");
  EXPECT_EQ(paths.credentials_file, "/home/u/.aws/credentials");
}

TEST(SharedConfigTest, VariablesNameTheFilesAndTildeMeansHome) {
  const SharedConfigPaths paths = SharedConfigPathsFrom(EnvironmentFromMap(
      {{"HOME", "/home/u"}, {"AWS_CONFIG_FILE", "~/cfg"}, {"AWS_SHARED_CREDENTIALS_FILE", "/etc/creds"}}));
  EXPECT_EQ(paths.config_file, "/home/u/cfg");
  EXPECT_EQ(paths.credentials_file, "/etc/creds");
}

TEST(SharedConfigTest, NoHomeAndNoVariablesMeansNoFiles) {
  const SharedConfigPaths paths = SharedConfigPathsFrom(EnvironmentFromMap({{"HOME", ""}}));
  EXPECT_EQ(paths.config_file, "");
  EXPECT_EQ(paths.credentials_file, "");
  Result<SharedConfig> config = SharedConfig::Load(paths);
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->Find("default"), nullptr);
  EXPECT_THAT(config->DescribeFiles(), HasSubstr("$HOME is not set"));
}

TEST(SharedConfigTest, SelectedProfileIsAwsProfileOrDefault) {
  bool named = true;
  EXPECT_EQ(SelectedProfile(EnvironmentFromMap({}), &named), "default");
  EXPECT_FALSE(named);
  EXPECT_EQ(SelectedProfile(EnvironmentFromMap({{"AWS_PROFILE", ""}}), &named), "default");
  EXPECT_FALSE(named);
  EXPECT_EQ(SelectedProfile(EnvironmentFromMap({{"AWS_PROFILE", "dev"}}), &named), "dev");
  EXPECT_TRUE(named);
}

TEST(SharedConfigTest, TheCredentialsFileWinsOverTheConfigFile) {
  TempDir dir;
  SharedConfigPaths paths;
  paths.config_file = dir.Write("config",
                                "[profile dev]\n"
                                "aws_access_key_id = AKIDCONFIG\n"
                                "aws_secret_access_key = config-secret\n"
                                "region = us-east-1\n"
                                "[profile only-config]\n"
                                "region = eu-west-1\n");
  paths.credentials_file = dir.Write("credentials",
                                     "[dev]\n"
                                     "aws_access_key_id = AKIDCREDS\n"
                                     "aws_secret_access_key = creds-secret\n"
                                     "[only-creds]\n"
                                     "aws_access_key_id = AKIDONLY\n");
  Result<SharedConfig> config = SharedConfig::Load(paths);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_TRUE(config->config_file_found());
  EXPECT_TRUE(config->credentials_file_found());
  const auto* dev = config->Find("dev");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(dev->at("aws_access_key_id"), "AKIDCREDS");
  EXPECT_EQ(dev->at("aws_secret_access_key"), "creds-secret");
  EXPECT_EQ(dev->at("region"), "us-east-1");
  EXPECT_NE(config->Find("only-config"), nullptr);
  EXPECT_NE(config->Find("only-creds"), nullptr);
  EXPECT_EQ(config->Find("nobody"), nullptr);
}

TEST(SharedConfigTest, MissingFilesAreEmptyButUnreadableOrMalformedOnesAreErrors) {
  TempDir dir;
  SharedConfigPaths paths{dir.path() + "/absent-config", dir.path() + "/absent-credentials"};
  Result<SharedConfig> config = SharedConfig::Load(paths);
  ASSERT_TRUE(config.ok());
  EXPECT_FALSE(config->config_file_found());
  EXPECT_THAT(config->DescribeFiles(), HasSubstr("absent-config (absent)"));

  paths.config_file = dir.Write("bad", "[profile a]\nnot a property\n");
  config = SharedConfig::Load(paths);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(config.status().message(), HasSubstr("bad line 2"));

  paths.config_file = dir.path();  // a folder
  config = SharedConfig::Load(paths);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), Code::kInvalidArgument);
}

TEST(SharedConfigTest, ProfileValueTreatsEmptyAsAbsent) {
  const std::map<std::string, std::string> profile{{"a", "1"}, {"b", ""}};
  EXPECT_EQ(ProfileValue(profile, "a"), "1");
  EXPECT_EQ(ProfileValue(profile, "b"), std::nullopt);
  EXPECT_EQ(ProfileValue(profile, "c"), std::nullopt);
}

}  // namespace
}  // namespace tk::aws
