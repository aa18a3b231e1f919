#include "services/kms/key_reference.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <utility>

namespace tk::services::kms {
namespace {

constexpr char kArn[] =
    "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

class MapLookup final : public runtime::ReferenceLookup {
 public:
  void Put(std::string namespace_name, std::string name, nlohmann::json object) {
    objects_[namespace_name + "/" + name] =
        std::make_shared<const nlohmann::json>(std::move(object));
  }
  std::shared_ptr<const nlohmann::json> Get(std::string_view kind,
                                             const std::string& namespace_name,
                                             const std::string& name) const override {
    EXPECT_EQ(kind, "Key");
    const auto found = objects_.find(namespace_name + "/" + name);
    return found == objects_.end() ? nullptr : found->second;
  }

 private:
  std::map<std::string, std::shared_ptr<const nlohmann::json>> objects_;
};

// A Key the controller has synced, in `key_state`.
nlohmann::json SyncedKey(std::string key_state = "Enabled") {
  return {{"apiVersion", "kms.services.k8s.aws/v1alpha1"},
          {"kind", "Key"},
          {"metadata", {{"name", "orders"}, {"namespace", "shop"}}},
          {"status",
           {{"ackResourceMetadata", {{"arn", kArn}, {"ownerAccountID", "111122223333"}}},
            {"keyID", "1234abcd-12ab-34cd-56ef-1234567890ab"},
            {"keyState", std::move(key_state)},
            {"conditions",
             nlohmann::json::array({{{"type", "ACK.ResourceSynced"}, {"status", "True"}}})}}}};
}

class KeyReferenceTest : public ::testing::Test {
 protected:
  // The failure for the Key shop/orders, which must be kFailedPrecondition.
  std::string FailureFor(nlohmann::json key) {
    lookup_.Put("shop", "orders", std::move(key));
    Result<std::string> arn = UsableKeyArn(lookup_, "shop", "orders");
    EXPECT_FALSE(arn.ok());
    if (arn.ok()) return "";
    EXPECT_EQ(arn.status().code(), Code::kFailedPrecondition);
    EXPECT_NE(arn.status().message().find("Key shop/orders"), std::string::npos);
    return arn.status().message();
  }

  MapLookup lookup_;
};

TEST_F(KeyReferenceTest, ASyncedEnabledKeyGivesItsArn) {
  lookup_.Put("shop", "orders", SyncedKey());
  Result<std::string> arn = UsableKeyArn(lookup_, "shop", "orders");
  ASSERT_TRUE(arn.ok()) << arn.status().ToString();
  EXPECT_EQ(*arn, kArn);
}

TEST_F(KeyReferenceTest, AMissingKeyIsNotUsable) {
  Result<std::string> arn = UsableKeyArn(lookup_, "shop", "nothing");
  ASSERT_FALSE(arn.ok());
  EXPECT_EQ(arn.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(arn.status().message().find("Key shop/nothing does not exist"), std::string::npos);
}

TEST_F(KeyReferenceTest, AKeyNotSyncedYetIsNotUsable) {
  nlohmann::json key = SyncedKey();
  key["status"]["conditions"][0]["status"] = "False";
  key["status"]["conditions"][0]["message"] = "creating";
  const std::string message = FailureFor(key);
  EXPECT_NE(message.find("not synced yet"), std::string::npos) << message;
  EXPECT_NE(message.find("creating"), std::string::npos) << message;

  nlohmann::json no_conditions = SyncedKey();
  no_conditions["status"].erase("conditions");
  EXPECT_NE(FailureFor(no_conditions).find("not synced yet"), std::string::npos);
}

TEST_F(KeyReferenceTest, ATerminalKeyIsNotUsableEvenIfSynced) {
  nlohmann::json key = SyncedKey();
  key["status"]["conditions"].push_back(
      {{"type", "ACK.Terminal"}, {"status", "True"}, {"message", "bad policy"}});
  const std::string message = FailureFor(key);
  EXPECT_NE(message.find("Terminal (bad policy)"), std::string::npos) << message;
}

TEST_F(KeyReferenceTest, AKeyWithoutArnIsNotUsable) {
  nlohmann::json key = SyncedKey();
  key["status"].erase("ackResourceMetadata");
  EXPECT_NE(FailureFor(key).find("status.ackResourceMetadata.arn"), std::string::npos);
}

TEST_F(KeyReferenceTest, OnlyEnabledKeysAreUsable) {
  for (const char* state : {"Disabled", "PendingDeletion", "PendingImport", "Creating"}) {
    const std::string message = FailureFor(SyncedKey(state));
    EXPECT_NE(message.find(std::string("key state is ") + state), std::string::npos) << message;
  }
  nlohmann::json no_state = SyncedKey();
  no_state["status"].erase("keyState");
  EXPECT_NE(FailureFor(no_state).find("key state is unknown"), std::string::npos);
}

TEST_F(KeyReferenceTest, AKeyBeingDeletedIsNotUsable) {
  nlohmann::json key = SyncedKey();
  key["metadata"]["deletionTimestamp"] = "2024-01-01T00:00:00Z";
  EXPECT_NE(FailureFor(key).find("being deleted"), std::string::npos);
}

TEST_F(KeyReferenceTest, MalformedStatusReadsAsNotSynced) {
  nlohmann::json key = SyncedKey();
  key["status"]["conditions"] = "True";
  EXPECT_NE(FailureFor(key).find("not synced"), std::string::npos);
  key["status"] = 42;
  EXPECT_NE(FailureFor(key).find("not synced"), std::string::npos);
}

}  // namespace
}  // namespace tk::services::kms
