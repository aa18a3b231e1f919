#include "services/kms/observed_key.h"

#include <gtest/gtest.h>

#include "scripted_kms.h"

namespace tk::services::kms {
namespace {

using testing::KeyArn;
using testing::KeyMetadataAnswer;
using testing::kKeyId;

aws::kms::KeyMetadata Metadata(nlohmann::json extra = {}) {
  return aws::kms::DecodeKeyMetadata(KeyMetadataAnswer(kKeyId, std::move(extra))["KeyMetadata"])
      .value();
}

TEST(ObservedKeyTest, TimesAreRfc3339InUtcWithSeconds) {
  EXPECT_EQ(Rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(Rfc3339(1700000000.999), "2023-11-14T22:13:20Z");
}

TEST(ObservedKeyTest, StatusUsesAcksFieldNames) {
  const nlohmann::json status = KeyStatusJson(Metadata(
      {{"DeletionDate", 1700086400.0},
       {"PendingDeletionWindowInDays", 7},
       {"KeyState", "PendingDeletion"},
       {"MultiRegionConfiguration",
        {{"MultiRegionKeyType", "PRIMARY"},
         {"PrimaryKey", {{"Arn", KeyArn(kKeyId)}, {"Region", "us-east-1"}}},
         {"ReplicaKeys", nlohmann::json::array({{{"Arn", "r"}, {"Region", "eu-west-1"}}})}}}}));
  EXPECT_EQ(status["keyID"], kKeyId);
  EXPECT_EQ(status["ackResourceMetadata"]["arn"], KeyArn(kKeyId));
  EXPECT_EQ(status["ackResourceMetadata"]["ownerAccountID"], testing::kAccount);
  EXPECT_EQ(status["awsAccountID"], testing::kAccount);
  EXPECT_EQ(status["keyState"], "PendingDeletion");
  EXPECT_EQ(status["keyManager"], "CUSTOMER");
  EXPECT_EQ(status["enabled"], true);
  EXPECT_EQ(status["creationDate"], "2023-11-14T22:13:20Z");
  EXPECT_EQ(status["deletionDate"], "2023-11-15T22:13:20Z");
  EXPECT_EQ(status["pendingDeletionWindowInDays"], 7);
  EXPECT_EQ(status["encryptionAlgorithms"], nlohmann::json::array({"SYMMETRIC_DEFAULT"}));
  EXPECT_EQ(status["multiRegionConfiguration"]["multiRegionKeyType"], "PRIMARY");
  EXPECT_EQ(status["multiRegionConfiguration"]["primaryKey"]["region"], "us-east-1");
  EXPECT_EQ(status["multiRegionConfiguration"]["replicaKeys"][0]["region"], "eu-west-1");
}

TEST(ObservedKeyTest, FieldsKmsDidNotReportAreNullSoAMergeRemovesThem) {
  const nlohmann::json status = KeyStatusJson(Metadata());
  ASSERT_TRUE(status.contains("deletionDate"));
  EXPECT_TRUE(status["deletionDate"].is_null());
  EXPECT_TRUE(status["validTo"].is_null());
  EXPECT_TRUE(status["pendingDeletionWindowInDays"].is_null());
  EXPECT_TRUE(status["signingAlgorithms"].is_null());
}

TEST(ObservedKeyTest, SpecAsAwsHasItIncludesOnlyWhatWasRead) {
  ObservedKey key;
  key.metadata = Metadata({{"Description", "orders"}});
  nlohmann::json spec = KeySpecJson(key);
  EXPECT_EQ(spec["description"], "orders");
  EXPECT_EQ(spec["keySpec"], "SYMMETRIC_DEFAULT");
  EXPECT_EQ(spec["keyUsage"], "ENCRYPT_DECRYPT");
  EXPECT_EQ(spec["origin"], "AWS_KMS");
  EXPECT_EQ(spec["multiRegion"], false);
  EXPECT_FALSE(spec.contains("policy"));
  EXPECT_FALSE(spec.contains("tags"));
  EXPECT_FALSE(spec.contains("enableKeyRotation"));

  key.policy = "{}";
  key.tags = std::map<std::string, std::string>{{"team", "storage"}};
  key.rotation_enabled = true;
  spec = KeySpecJson(key);
  EXPECT_EQ(spec["policy"], "{}");
  EXPECT_EQ(spec["tags"], nlohmann::json::parse(R"([{"tagKey":"team","tagValue":"storage"}])"));
  EXPECT_EQ(spec["enableKeyRotation"], true);
}

TEST(ObservedKeyTest, ObservationCarriesTheKeyAndIsBusyWhileKmsSettles) {
  ObservedKey key;
  key.metadata = Metadata({{"KeyState", "Updating"}});
  runtime::Observation observation = KeyObservation(key);
  EXPECT_TRUE(observation.exists);
  EXPECT_TRUE(observation.busy);
  const ObservedKey* details = std::any_cast<ObservedKey>(&observation.details);
  ASSERT_NE(details, nullptr);
  EXPECT_EQ(details->metadata.key_id, kKeyId);

  key.metadata = Metadata();
  EXPECT_FALSE(KeyObservation(key).busy);
}

}  // namespace
}  // namespace tk::services::kms
