// The KMS shapes of kms_types.h against JSON in the shape of the KMS API
// model: what decodes, what encodes back, and how a wrong answer is reported.
#include "aws/kms_types.h"

#include <gtest/gtest.h>

#include <string>

namespace tk::aws::kms {
namespace {

// Every member of KeyMetadata, as the model names and types them.
const nlohmann::json kFullKeyMetadata = nlohmann::json::parse(R"({
  "AWSAccountId": "111122223333",
  "KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab",
  "Arn": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  "CreationDate": 1700000000.25,
  "Enabled": false,
  "Description": "orders table key",
  "KeyUsage": "ENCRYPT_DECRYPT",
  "KeyState": "PendingDeletion",
  "DeletionDate": 1700604800,
  "ValidTo": 1800000000.5,
  "Origin": "EXTERNAL",
  "CustomKeyStoreId": "cks-1234567890abcdef0",
  "CloudHsmClusterId": "cluster-1a23b4cdefg",
  "ExpirationModel": "KEY_MATERIAL_EXPIRES",
  "KeyManager": "CUSTOMER",
  "CustomerMasterKeySpec": "SYMMETRIC_DEFAULT",
  "KeySpec": "SYMMETRIC_DEFAULT",
  "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"],
  "SigningAlgorithms": [],
  "KeyAgreementAlgorithms": ["ECDH"],
  "MultiRegion": true,
  "MultiRegionConfiguration": {
    "MultiRegionKeyType": "PRIMARY",
    "PrimaryKey": {"Arn": "arn:aws:kms:us-east-1:111122223333:key/mrk-1", "Region": "us-east-1"},
    "ReplicaKeys": [
      {"Arn": "arn:aws:kms:eu-west-1:111122223333:key/mrk-1", "Region": "eu-west-1"},
      {"Arn": "arn:aws:kms:ap-south-1:111122223333:key/mrk-1", "Region": "ap-south-1"}
    ]
  },
  "PendingDeletionWindowInDays": 7,
  "MacAlgorithms": ["HMAC_SHA_256"],
  "XksKeyConfiguration": {"Id": "bb8562717f809024"},
  "CurrentKeyMaterialId": "a7c1f8e0b2d94c3e8f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e"
})");

TEST(KmsTypesTest, EveryKeyMetadataMemberDecodes) {
  Result<KeyMetadata> decoded = DecodeKeyMetadata(kFullKeyMetadata);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  const KeyMetadata& key = *decoded;
  EXPECT_EQ(key.aws_account_id, "111122223333");
  EXPECT_EQ(key.key_id, "1234abcd-12ab-34cd-56ef-1234567890ab");
  EXPECT_EQ(key.arn,
            "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
  EXPECT_EQ(key.creation_date, 1700000000.25);
  EXPECT_EQ(key.enabled, false);
  EXPECT_EQ(key.description, "orders table key");
  EXPECT_EQ(key.key_usage, "ENCRYPT_DECRYPT");
  EXPECT_EQ(key.key_state, "PendingDeletion");
  EXPECT_EQ(key.deletion_date, 1700604800.0);  // an integer timestamp is read too
  EXPECT_EQ(key.valid_to, 1800000000.5);
  EXPECT_EQ(key.origin, "EXTERNAL");
  EXPECT_EQ(key.custom_key_store_id, "cks-1234567890abcdef0");
  EXPECT_EQ(key.cloud_hsm_cluster_id, "cluster-1a23b4cdefg");
  EXPECT_EQ(key.expiration_model, "KEY_MATERIAL_EXPIRES");
  EXPECT_EQ(key.key_manager, "CUSTOMER");
  EXPECT_EQ(key.customer_master_key_spec, "SYMMETRIC_DEFAULT");
  EXPECT_EQ(key.key_spec, "SYMMETRIC_DEFAULT");
  EXPECT_EQ(key.encryption_algorithms, std::vector<std::string>{"SYMMETRIC_DEFAULT"});
  ASSERT_TRUE(key.signing_algorithms.has_value());
  EXPECT_TRUE(key.signing_algorithms->empty()) << "an empty list is not an absent one";
  EXPECT_EQ(key.key_agreement_algorithms, std::vector<std::string>{"ECDH"});
  EXPECT_EQ(key.multi_region, true);
  ASSERT_TRUE(key.multi_region_configuration.has_value());
  EXPECT_EQ(key.multi_region_configuration->multi_region_key_type, "PRIMARY");
  ASSERT_TRUE(key.multi_region_configuration->primary_key.has_value());
  EXPECT_EQ(key.multi_region_configuration->primary_key->region, "us-east-1");
  ASSERT_TRUE(key.multi_region_configuration->replica_keys.has_value());
  ASSERT_EQ(key.multi_region_configuration->replica_keys->size(), 2u);
  EXPECT_EQ(key.multi_region_configuration->replica_keys->at(1).region, "ap-south-1");
  EXPECT_EQ(key.multi_region_configuration->replica_keys->at(1).arn,
            "arn:aws:kms:ap-south-1:111122223333:key/mrk-1");
  EXPECT_EQ(key.pending_deletion_window_in_days, 7);
  EXPECT_EQ(key.mac_algorithms, std::vector<std::string>{"HMAC_SHA_256"});
  ASSERT_TRUE(key.xks_key_configuration.has_value());
  EXPECT_EQ(key.xks_key_configuration->id, "bb8562717f809024");
  EXPECT_EQ(key.current_key_material_id,
            "a7c1f8e0b2d94c3e8f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e");
}

TEST(KmsTypesTest, KeyMetadataRoundTripsToTheSameJson) {
  Result<KeyMetadata> decoded = DecodeKeyMetadata(kFullKeyMetadata);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  // nlohmann compares 1700604800 and 1700604800.0 as equal numbers.
  EXPECT_EQ(EncodeKeyMetadata(*decoded), kFullKeyMetadata);
}

TEST(KmsTypesTest, MinimalKeyMetadataEncodesOnlyWhatIsSet) {
  const nlohmann::json minimal = {{"KeyId", "k-1"}};
  Result<KeyMetadata> decoded = DecodeKeyMetadata(minimal);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->key_id, "k-1");
  EXPECT_FALSE(decoded->arn.has_value());
  EXPECT_FALSE(decoded->encryption_algorithms.has_value());
  EXPECT_FALSE(decoded->multi_region_configuration.has_value());
  EXPECT_EQ(EncodeKeyMetadata(*decoded), minimal);

  KeyMetadata built;
  built.key_id = "k-2";
  built.enabled = true;
  built.multi_region_configuration = MultiRegionConfiguration{};
  EXPECT_EQ(EncodeKeyMetadata(built), nlohmann::json::parse(
                                          R"({"KeyId":"k-2","Enabled":true,
                                              "MultiRegionConfiguration":{}})"));
}

TEST(KmsTypesTest, UnknownMembersAreIgnoredAndNullsAreAbsent) {
  nlohmann::json answer = kFullKeyMetadata;
  answer["SomeFutureField"] = {{"nested", {1, 2, 3}}};
  answer["MultiRegionConfiguration"]["PrimaryKey"]["Partition"] = "aws";
  answer["KeyUsage"] = nullptr;     // moto sends these as null
  answer["MultiRegion"] = nullptr;
  Result<KeyMetadata> decoded = DecodeKeyMetadata(answer);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_FALSE(decoded->key_usage.has_value());
  EXPECT_FALSE(decoded->multi_region.has_value());
  EXPECT_EQ(decoded->key_state, "PendingDeletion");
  const nlohmann::json encoded = EncodeKeyMetadata(*decoded);
  EXPECT_FALSE(encoded.contains("SomeFutureField"));
  EXPECT_FALSE(encoded.contains("KeyUsage"));
}

TEST(KmsTypesTest, UnknownEnumValuesAreKept) {
  nlohmann::json answer = {{"KeyId", "k"}, {"KeyState", "SomeStateFrom2030"}};
  Result<KeyMetadata> decoded = DecodeKeyMetadata(answer);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->key_state, "SomeStateFrom2030");
}

// The message of decoding `answer` as KeyMetadata, which must fail with kInternal.
std::string KeyMetadataFailure(const nlohmann::json& answer) {
  Result<KeyMetadata> decoded = DecodeKeyMetadata(answer);
  EXPECT_FALSE(decoded.ok()) << answer.dump();
  if (decoded.ok()) return "";
  EXPECT_EQ(decoded.status().code(), Code::kInternal);
  return decoded.status().message();
}

TEST(KmsTypesTest, WrongTypesAreReportedWithTheFieldPath) {
  struct Case {
    const char* pointer;  // JSON pointer into kFullKeyMetadata
    nlohmann::json value;
    const char* message;
  };
  const Case cases[] = {
      {"/Enabled", "false", "KeyMetadata.Enabled: expected a boolean, found a string"},
      {"/KeyId", 42, "KeyMetadata.KeyId: expected a string, found a number"},
      {"/CreationDate", "2023-11-14T22:13:20Z",
       "KeyMetadata.CreationDate: expected a number, found a string"},
      {"/PendingDeletionWindowInDays", 7.5,
       "KeyMetadata.PendingDeletionWindowInDays: expected an integer within int's range, "
       "found a number"},
      {"/PendingDeletionWindowInDays", 4294967296LL,
       "KeyMetadata.PendingDeletionWindowInDays: expected an integer within int's range, "
       "found a number"},
      {"/EncryptionAlgorithms", "SYMMETRIC_DEFAULT",
       "KeyMetadata.EncryptionAlgorithms: expected an array, found a string"},
      {"/EncryptionAlgorithms/0", true,
       "KeyMetadata.EncryptionAlgorithms[0]: expected a string, found a boolean"},
      {"/MultiRegionConfiguration", nlohmann::json::array(),
       "KeyMetadata.MultiRegionConfiguration: expected an object, found an array"},
      {"/MultiRegionConfiguration/ReplicaKeys/1/Region", 1,
       "KeyMetadata.MultiRegionConfiguration.ReplicaKeys[1].Region: expected a string, "
       "found a number"},
      {"/MultiRegionConfiguration/ReplicaKeys", nlohmann::json::object(),
       "KeyMetadata.MultiRegionConfiguration.ReplicaKeys: expected an array, found an object"},
      {"/MultiRegionConfiguration/PrimaryKey", "mrk-1",
       "KeyMetadata.MultiRegionConfiguration.PrimaryKey: expected an object, found a string"},
      {"/XksKeyConfiguration/Id", nlohmann::json::object(),
       "KeyMetadata.XksKeyConfiguration.Id: expected a string, found an object"},
  };
  for (const Case& c : cases) {
    nlohmann::json answer = kFullKeyMetadata;
    answer[nlohmann::json::json_pointer(c.pointer)] = c.value;
    EXPECT_EQ(KeyMetadataFailure(answer), c.message) << c.pointer;
  }
}

TEST(KmsTypesTest, RequiredMembersAndObjectsAreChecked) {
  nlohmann::json no_key_id = kFullKeyMetadata;
  no_key_id.erase("KeyId");
  EXPECT_EQ(KeyMetadataFailure(no_key_id), "KeyMetadata.KeyId: missing");
  nlohmann::json null_key_id = kFullKeyMetadata;
  null_key_id["KeyId"] = nullptr;
  EXPECT_EQ(KeyMetadataFailure(null_key_id), "KeyMetadata.KeyId: missing");
  EXPECT_EQ(KeyMetadataFailure("a key"), "KeyMetadata: expected an object, found a string");

  Result<KeyMetadata> named = DecodeKeyMetadata(nlohmann::json::array(), "Answer.KeyMetadata");
  ASSERT_FALSE(named.ok());
  EXPECT_EQ(named.status().message(), "Answer.KeyMetadata: expected an object, found an array");
}

TEST(KmsTypesTest, TagsNeedBothMembers) {
  const nlohmann::json literal = {{"TagKey", "team"}, {"TagValue", ""}};
  Result<Tag> tag = DecodeTag(literal);
  ASSERT_TRUE(tag.ok()) << tag.status().ToString();
  EXPECT_EQ(*tag, (Tag{"team", ""}));
  EXPECT_EQ(EncodeTag(*tag), literal);

  Result<Tag> no_value = DecodeTag({{"TagKey", "team"}}, "Tags[3]");
  ASSERT_FALSE(no_value.ok());
  EXPECT_EQ(no_value.status().message(), "Tags[3].TagValue: missing");
  Result<Tag> bad_key = DecodeTag({{"TagKey", 1}, {"TagValue", "x"}});
  ASSERT_FALSE(bad_key.ok());
  EXPECT_EQ(bad_key.status().message(), "Tag.TagKey: expected a string, found a number");
}

TEST(KmsTypesTest, AliasListEntryRoundTrips) {
  const nlohmann::json literal = nlohmann::json::parse(R"({
    "AliasName": "alias/orders",
    "AliasArn": "arn:aws:kms:us-east-1:111122223333:alias/orders",
    "TargetKeyId": "1234abcd-12ab-34cd-56ef-1234567890ab",
    "CreationDate": 1700000000.0,
    "LastUpdatedDate": 1700000123.5
  })");
  Result<AliasListEntry> alias = DecodeAliasListEntry(literal);
  ASSERT_TRUE(alias.ok()) << alias.status().ToString();
  EXPECT_EQ(alias->alias_name, "alias/orders");
  EXPECT_EQ(alias->alias_arn, "arn:aws:kms:us-east-1:111122223333:alias/orders");
  EXPECT_EQ(alias->target_key_id, "1234abcd-12ab-34cd-56ef-1234567890ab");
  EXPECT_EQ(alias->creation_date, 1700000000.0);
  EXPECT_EQ(alias->last_updated_date, 1700000123.5);
  EXPECT_EQ(EncodeAliasListEntry(*alias), literal);

  // An AWS-managed alias not yet used has no target.
  const nlohmann::json managed = {
      {"AliasName", "alias/aws/dynamodb"},
      {"AliasArn", "arn:aws:kms:us-east-1:111122223333:alias/aws/dynamodb"}};
  Result<AliasListEntry> unused = DecodeAliasListEntry(managed);
  ASSERT_TRUE(unused.ok());
  EXPECT_FALSE(unused->target_key_id.has_value());
  EXPECT_EQ(EncodeAliasListEntry(*unused), managed);

  Result<AliasListEntry> bad = DecodeAliasListEntry({{"LastUpdatedDate", "yesterday"}},
                                                    "Aliases[0]");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "Aliases[0].LastUpdatedDate: expected a number, found a string");
}

}  // namespace
}  // namespace tk::aws::kms
