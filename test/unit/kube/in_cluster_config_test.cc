#include "kube/in_cluster_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scoped_env.h"
#include "temp_dir.h"

namespace tk::kube {
namespace {

using ::testing::HasSubstr;
using testing::ScopedEnv;
using testing::TempDir;

class InClusterConfigTest : public ::testing::Test {
 protected:
  InClusterConfigTest() {
    paths_.token_file = dir_.Write("sa/token", "sa-token-1\n");
    paths_.ca_file = dir_.Write("sa/ca.crt", "SA CA");
    paths_.namespace_file = dir_.Write("sa/namespace", "tablekeeper-system\n");
    env_.Set("KUBERNETES_SERVICE_HOST", "10.96.0.1");
    env_.Set("KUBERNETES_SERVICE_PORT", "443");
    env_.Set("POD_NAMESPACE", std::nullopt);
  }

  TempDir dir_;
  ScopedEnv env_;
  InClusterPaths paths_;
};

TEST_F(InClusterConfigTest, ReadsTheServiceAccount) {
  EXPECT_TRUE(RunningInCluster());
  Result<RestConfig> config = InClusterRestConfig(paths_);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->host, "https://10.96.0.1:443");
  EXPECT_EQ(config->tls.ca_pem, "SA CA");
  EXPECT_EQ(config->default_namespace, "tablekeeper-system");
  EXPECT_EQ(config->credentials->Get()->bearer_token, "sa-token-1");
}

TEST_F(InClusterConfigTest, FollowsTokenRotation) {
  Result<RestConfig> config = InClusterRestConfig(paths_);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  dir_.Write("sa/token", "sa-token-rotated\n");
  EXPECT_EQ(config->credentials->Get()->bearer_token, "sa-token-rotated");
}

TEST_F(InClusterConfigTest, BracketsAnIpv6HostAndPrefersPodNamespace) {
  env_.Set("KUBERNETES_SERVICE_HOST", "fd00::1");
  env_.Set("POD_NAMESPACE", "from-env");
  Result<RestConfig> config = InClusterRestConfig(paths_);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->host, "https://[fd00::1]:443");
  EXPECT_EQ(config->default_namespace, "from-env");
}

TEST_F(InClusterConfigTest, FailsOutsideACluster) {
  env_.Set("KUBERNETES_SERVICE_PORT", std::nullopt);
  EXPECT_FALSE(RunningInCluster());
  Result<RestConfig> config = InClusterRestConfig(paths_);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), Code::kFailedPrecondition);
}

TEST_F(InClusterConfigTest, NamesAMissingTokenOrCaFile) {
  InClusterPaths no_token = paths_;
  no_token.token_file = dir_.path() + "/missing-token";
  Result<RestConfig> config = InClusterRestConfig(no_token);
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("missing-token"));

  InClusterPaths no_ca = paths_;
  no_ca.ca_file = dir_.path() + "/missing-ca";
  config = InClusterRestConfig(no_ca);
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("in-cluster CA: cannot read " + dir_.path() + "/missing-ca"));
}

TEST_F(InClusterConfigTest, DefaultsTheNamespace) {
  InClusterPaths no_namespace = paths_;
  no_namespace.namespace_file = dir_.path() + "/none";
  Result<RestConfig> config = InClusterRestConfig(no_namespace);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->default_namespace, "default");
}

}  // namespace
}  // namespace tk::kube
