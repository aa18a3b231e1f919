// The status subresource of a custom resource (ACK's kms Key CRD, applied
// with kubectl as admin) written through the RestClient, as the controller
// identity would write it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "kube/rest_client.h"
#include "kube_world.h"

namespace tk::kube {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

const GroupVersionResource kKeys{"kms.services.k8s.aws", "v1alpha1", "keys"};

class StatusSubresourceTest : public testing::NamespaceTest {
 protected:
  static void SetUpTestSuite() {
    const std::string crd = std::string(TK_SHARED_DIR) + "/reference/ack-crds/kms.services.k8s.aws_keys.yaml";
    const testing::CommandResult applied = testing::Kubectl({"apply", "-f", crd});
    ASSERT_EQ(applied.exit_code, 0) << applied.output;
    const testing::CommandResult established = testing::Kubectl(
        {"wait", "--for", "condition=established", "--timeout", "60s", "crd/keys.kms.services.k8s.aws"},
        std::chrono::seconds(90));
    ASSERT_EQ(established.exit_code, 0) << established.output;
  }

  void SetUp() override {
    NamespaceTest::SetUp();
    controller_ = std::make_unique<RestClient>(testing::ControllerConfig());
  }

  ResourcePath Key(const std::string& name, const std::string& subresource = "") const {
    return {kKeys, namespace_, name, subresource};
  }

  // Creates a Key as admin; retries briefly while the new resource is not yet
  // served (bounded).
  json CreateKey(const std::string& name) {
    const json key = {{"apiVersion", "kms.services.k8s.aws/v1alpha1"},
                      {"kind", "Key"},
                      {"metadata", {{"name", name}}},
                      {"spec", {{"description", "orders"}}}};
    Result<json> created = Status(Code::kNotFound, "not tried");
    for (int attempt = 0; attempt < 50; ++attempt) {
      created = admin_->Create({kKeys, namespace_, "", ""}, key);
      if (created.ok() || created.status().code() != Code::kNotFound) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : json();
  }

  std::unique_ptr<RestClient> controller_;
};

TEST_F(StatusSubresourceTest, TheControllerPatchesStatusAndSpecStaysAsItWas) {
  CreateKey("orders-key");
  Result<json> patched = controller_->Patch(Key("orders-key", "status"), PatchType::kMerge,
                                            {{"status", {{"keyID", "k-1"}, {"enabled", true}}},
                                             {"spec", {{"description", "ignored"}}}});
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  EXPECT_EQ((*patched)["status"]["keyID"], "k-1");
  EXPECT_EQ((*patched)["spec"]["description"], "orders");

  Result<json> read = controller_->Get(Key("orders-key"));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ((*read)["status"]["enabled"], true);
}

TEST_F(StatusSubresourceTest, UpdatesGoToTheirOwnPart) {
  json key = CreateKey("split-key");
  key["status"] = {{"keyState", "Enabled"}};
  key["spec"]["description"] = "changed through status";
  Result<json> status_updated = controller_->Update(Key("split-key", "status"), key);
  ASSERT_TRUE(status_updated.ok()) << status_updated.status().ToString();
  EXPECT_EQ((*status_updated)["status"]["keyState"], "Enabled");
  EXPECT_EQ((*status_updated)["spec"]["description"], "orders");

  json main = *status_updated;
  main["status"]["keyState"] = "Disabled";
  main["spec"]["tags"] = json::array({{{"tagKey", "team"}, {"tagValue", "orders"}}});
  Result<json> main_updated = admin_->Update(Key("split-key"), main);
  ASSERT_TRUE(main_updated.ok()) << main_updated.status().ToString();
  EXPECT_EQ((*main_updated)["spec"]["tags"][0]["tagValue"], "orders");
  EXPECT_EQ((*main_updated)["status"]["keyState"], "Enabled");
}

TEST_F(StatusSubresourceTest, TheControllerAppliesStatusAsItsFieldManager) {
  CreateKey("applied-key");
  ApplyOptions options;
  options.field_manager = "tablekeeper";
  Result<json> applied = controller_->Apply(
      Key("applied-key", "status"),
      {{"apiVersion", "kms.services.k8s.aws/v1alpha1"},
       {"kind", "Key"},
       {"metadata", {{"name", "applied-key"}, {"namespace", namespace_}}},
       {"status", {{"keyID", "k-applied"}}}},
      options);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ((*applied)["status"]["keyID"], "k-applied");
  bool found = false;
  for (const json& entry : (*applied)["metadata"]["managedFields"]) {
    found = found || (entry["manager"] == "tablekeeper" && entry.value("subresource", "") == "status");
  }
  EXPECT_TRUE(found) << (*applied)["metadata"]["managedFields"].dump();
}

TEST_F(StatusSubresourceTest, TheControllerMayNotCreateKeys) {
  CreateKey("exists-first");  // makes sure the resource is served
  const Status denied = controller_->Create(
      {kKeys, namespace_, "", ""},
      {{"apiVersion", "kms.services.k8s.aws/v1alpha1"}, {"kind", "Key"}, {"metadata", {{"name", "mine"}}}}).status();
  EXPECT_EQ(denied.code(), Code::kPermissionDenied);
  EXPECT_THAT(denied.message(), HasSubstr("cannot create resource \"keys\""));
}

}  // namespace
}  // namespace tk::kube
