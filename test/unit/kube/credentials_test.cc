#include "kube/credentials.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "temp_dir.h"

namespace tk::kube {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;

TEST(StaticCredentialProviderTest, ReturnsWhatItWasGivenAndHasNothingElse) {
  StaticCredentialProvider provider({"token", "cert", "key"});
  Result<Credentials> credentials = provider.Get();
  ASSERT_TRUE(credentials.ok());
  EXPECT_EQ(*credentials, (Credentials{"token", "cert", "key"}));
  EXPECT_FALSE(provider.Invalidate(*credentials));
}

TEST(TokenFileCredentialProviderTest, ReadsTheTokenTrimmedAndKeepsTheBaseCertificate) {
  TempDir dir;
  const std::string path = dir.Write("token", "  the-token \n");
  TokenFileCredentialProvider provider(path, "test token", {"ignored", "cert", "key"});
  Result<Credentials> credentials = provider.Get();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(*credentials, (Credentials{"the-token", "cert", "key"}));
}

TEST(TokenFileCredentialProviderTest, FollowsRotationBySymlinkSwap) {
  TempDir dir;
  dir.Write("v1/token", "token-one");
  dir.Write("v2/token", "token-two");
  const std::filesystem::path link = std::filesystem::path(dir.path()) / "current";
  std::filesystem::create_directory_symlink(dir.path() + "/v1", link);
  TokenFileCredentialProvider provider(link.string() + "/token", "test token");
  EXPECT_EQ(provider.Get()->bearer_token, "token-one");
  // How kubelet rotates projected tokens: a new folder, then an atomic rename of the link.
  std::filesystem::create_directory_symlink(dir.path() + "/v2", dir.path() + "/next");
  std::filesystem::rename(dir.path() + "/next", link);
  EXPECT_EQ(provider.Get()->bearer_token, "token-two");
}

TEST(TokenFileCredentialProviderTest, KeepsTheLastTokenWhenTheFileGoesAway) {
  TempDir dir;
  const std::string path = dir.Write("token", "kept");
  TokenFileCredentialProvider provider(path, "test token");
  ASSERT_TRUE(provider.Get().ok());
  std::filesystem::remove(path);
  Result<Credentials> credentials = provider.Get();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->bearer_token, "kept");
}

TEST(TokenFileCredentialProviderTest, InvalidateSaysWhetherTheFileHoldsAnotherToken) {
  TempDir dir;
  const std::string path = dir.Write("token", "old");
  TokenFileCredentialProvider provider(path, "test token");
  const Credentials old = *provider.Get();
  EXPECT_FALSE(provider.Invalidate(old));  // the same token again: no use retrying
  dir.Write("token", "new");
  EXPECT_TRUE(provider.Invalidate(old));
  EXPECT_EQ(provider.Get()->bearer_token, "new");
}

TEST(TokenFileCredentialProviderTest, ErrorsNameTheSourceAndFile) {
  TempDir dir;
  TokenFileCredentialProvider missing(dir.path() + "/none", "kubeconfig user \"u\": tokenFile");
  Result<Credentials> credentials = missing.Get();
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), Code::kUnauthenticated);
  EXPECT_THAT(credentials.status().message(), HasSubstr("kubeconfig user \"u\": tokenFile"));
  EXPECT_THAT(credentials.status().message(), HasSubstr(dir.path() + "/none"));

  TokenFileCredentialProvider empty(dir.Write("empty", "\n"), "test token");
  credentials = empty.Get();
  ASSERT_FALSE(credentials.ok());
  EXPECT_THAT(credentials.status().message(), HasSubstr("is empty"));
}

}  // namespace
}  // namespace tk::kube
