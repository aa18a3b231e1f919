#include "kube/resource_path.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tk::kube {
namespace {

using ::testing::HasSubstr;

const GroupVersionResource kConfigMaps{"", "v1", "configmaps"};
const GroupVersionResource kKeys{"kms.services.k8s.aws", "v1alpha1", "keys"};
const GroupVersionResource kNamespaces{"", "v1", "namespaces"};

std::string PathOf(const ResourcePath& path) {
  Result<std::string> url = BuildUrlPath(path);
  EXPECT_TRUE(url.ok()) << url.status().ToString();
  return url.ok() ? *url : "";
}

TEST(ResourcePathTest, BuildsCoreGroupPaths) {
  EXPECT_EQ(PathOf({kConfigMaps, "ns", "", ""}), "/api/v1/namespaces/ns/configmaps");
  EXPECT_EQ(PathOf({kConfigMaps, "ns", "cm", ""}), "/api/v1/namespaces/ns/configmaps/cm");
  EXPECT_EQ(PathOf({kConfigMaps, "", "", ""}), "/api/v1/configmaps");
  EXPECT_EQ(PathOf({kNamespaces, "", "ns", ""}), "/api/v1/namespaces/ns");
}

TEST(ResourcePathTest, BuildsNamedGroupPathsWithSubresources) {
  EXPECT_EQ(PathOf({kKeys, "shop", "", ""}), "/apis/kms.services.k8s.aws/v1alpha1/namespaces/shop/keys");
  EXPECT_EQ(PathOf({kKeys, "shop", "orders", "status"}),
            "/apis/kms.services.k8s.aws/v1alpha1/namespaces/shop/keys/orders/status");
  EXPECT_EQ(PathOf({{"apiextensions.k8s.io", "v1", "customresourcedefinitions"}, "", "keys.kms", ""}),
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/keys.kms");
}

TEST(ResourcePathTest, EncodesNamesThatNeedIt) {
  EXPECT_EQ(PathOf({kConfigMaps, "ns", "a b:c", ""}), "/api/v1/namespaces/ns/configmaps/a%20b%3Ac");
}

TEST(ResourcePathTest, RefusesPathsTheServerWouldRefuse) {
  const std::pair<ResourcePath, std::string> cases[] = {
      {{kConfigMaps, "ns", "a/b", ""}, "name \"a/b\" may not contain '/'"},
      {{kConfigMaps, "ns", "..", ""}, "name \"..\" may not be '.' or '..'"},
      {{kConfigMaps, "ns", "100%", ""}, "may not contain '%'"},
      {{kConfigMaps, "n/s", "x", ""}, "namespace \"n/s\""},
      {{kConfigMaps, "ns", "", "status"}, "subresource \"status\" of configmaps needs an object name"},
      {{{"", "", "configmaps"}, "ns", "", ""}, "version \"\" is empty"},
      {{{"", "v1", ""}, "ns", "", ""}, "resource \"\" is empty"},
  };
  for (const auto& [path, expected] : cases) {
    Result<std::string> url = BuildUrlPath(path);
    ASSERT_FALSE(url.ok()) << expected;
    EXPECT_EQ(url.status().code(), Code::kInvalidArgument);
    EXPECT_THAT(url.status().message(), HasSubstr(expected));
  }
}

TEST(ResourcePathTest, EncodesQueries) {
  EXPECT_EQ(EncodeQuery({}), "");
  EXPECT_EQ(EncodeQuery({{"labelSelector", "app=orders,tier!=cache"}, {"limit", "2"}}),
            "?labelSelector=app%3Dorders%2Ctier%21%3Dcache&limit=2");
  EXPECT_EQ(PercentEncode("a-b_c.d~e f/+"), "a-b_c.d~e%20f%2F%2B");
}

}  // namespace
}  // namespace tk::kube
