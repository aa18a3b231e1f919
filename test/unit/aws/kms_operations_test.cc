// The request and response shapes of kms_operations.h against JSON literals
// in the shape of the KMS API model.
#include "aws/kms_operations.h"

#include <gtest/gtest.h>

namespace tk::aws::kms {
namespace {

TEST(KmsOperationsTest, EmptyCreateKeyRequestIsAnEmptyObject) {
  EXPECT_EQ(EncodeCreateKeyRequest({}), nlohmann::json::object());
}

TEST(KmsOperationsTest, CreateKeyRequestCarriesEveryMember) {
  CreateKeyRequest request;
  request.policy = R"({"Version":"2012-10-17","Statement":[]})";
  request.description = "orders";
  request.key_usage = "ENCRYPT_DECRYPT";
  request.customer_master_key_spec = "SYMMETRIC_DEFAULT";
  request.key_spec = "SYMMETRIC_DEFAULT";
  request.origin = "AWS_KMS";
  request.custom_key_store_id = "cks-1";
  request.bypass_policy_lockout_safety_check = false;
  request.tags = std::vector<Tag>{{"team", "storage"}, {"env", "prod"}};
  request.multi_region = false;
  request.xks_key_id = "xks-1";
  EXPECT_EQ(EncodeCreateKeyRequest(request), nlohmann::json::parse(R"({
    "Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[]}",
    "Description": "orders",
    "KeyUsage": "ENCRYPT_DECRYPT",
    "CustomerMasterKeySpec": "SYMMETRIC_DEFAULT",
    "KeySpec": "SYMMETRIC_DEFAULT",
    "Origin": "AWS_KMS",
    "CustomKeyStoreId": "cks-1",
    "BypassPolicyLockoutSafetyCheck": false,
    "Tags": [{"TagKey": "team", "TagValue": "storage"}, {"TagKey": "env", "TagValue": "prod"}],
    "MultiRegion": false,
    "XksKeyId": "xks-1"
  })"));

  CreateKeyRequest no_tags;
  no_tags.tags = std::vector<Tag>{};
  EXPECT_EQ(EncodeCreateKeyRequest(no_tags), nlohmann::json::parse(R"({"Tags": []})"));
}

TEST(KmsOperationsTest, PutKeyPolicyNamesTheDefaultPolicyUnlessTold) {
  PutKeyPolicyRequest request;
  request.key_id = "k-1";
  request.policy = "{}";
  EXPECT_EQ(EncodePutKeyPolicyRequest(request),
            nlohmann::json::parse(R"({"KeyId":"k-1","PolicyName":"default","Policy":"{}"})"));
  request.policy_name.reset();
  request.bypass_policy_lockout_safety_check = true;
  EXPECT_EQ(EncodePutKeyPolicyRequest(request),
            nlohmann::json::parse(
                R"({"KeyId":"k-1","Policy":"{}","BypassPolicyLockoutSafetyCheck":true})"));
}

TEST(KmsOperationsTest, SmallRequests) {
  EXPECT_EQ(EncodeEnableKeyRotationRequest({"k-1", std::nullopt}),
            nlohmann::json::parse(R"({"KeyId":"k-1"})"));
  EXPECT_EQ(EncodeEnableKeyRotationRequest({"k-1", 180}),
            nlohmann::json::parse(R"({"KeyId":"k-1","RotationPeriodInDays":180})"));
  EXPECT_EQ(EncodeScheduleKeyDeletionRequest({"arn:aws:kms:us-east-1:1:key/k", 7}),
            nlohmann::json::parse(
                R"({"KeyId":"arn:aws:kms:us-east-1:1:key/k","PendingWindowInDays":7})"));
  EXPECT_EQ(EncodeScheduleKeyDeletionRequest({"k", std::nullopt}),
            nlohmann::json::parse(R"({"KeyId":"k"})"));
  EXPECT_EQ(EncodeListResourceTagsRequest({"k", 10, "m-2"}),
            nlohmann::json::parse(R"({"KeyId":"k","Limit":10,"Marker":"m-2"})"));
  EXPECT_EQ(EncodeListAliasesRequest({}), nlohmann::json::object());
  EXPECT_EQ(EncodeListAliasesRequest({"k", 5, std::nullopt}),
            nlohmann::json::parse(R"({"KeyId":"k","Limit":5})"));
}

TEST(KmsOperationsTest, ResponsesDecode) {
  Result<GetKeyPolicyResponse> policy = DecodeGetKeyPolicyResponse(
      nlohmann::json::parse(R"({"Policy":"{\"Statement\":[]}","PolicyName":"default"})"));
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();
  EXPECT_EQ(policy->policy, R"({"Statement":[]})");
  EXPECT_EQ(policy->policy_name, "default");

  Result<GetKeyRotationStatusResponse> rotation =
      DecodeGetKeyRotationStatusResponse(nlohmann::json::parse(R"({
        "KeyRotationEnabled": true, "KeyId": "k", "RotationPeriodInDays": 365,
        "NextRotationDate": 1731536000, "OnDemandRotationStartDate": 1700000000.5})"));
  ASSERT_TRUE(rotation.ok()) << rotation.status().ToString();
  EXPECT_EQ(rotation->key_rotation_enabled, true);
  EXPECT_EQ(rotation->key_id, "k");
  EXPECT_EQ(rotation->rotation_period_in_days, 365);
  EXPECT_EQ(rotation->next_rotation_date, 1731536000.0);
  EXPECT_EQ(rotation->on_demand_rotation_start_date, 1700000000.5);

  Result<ScheduleKeyDeletionResponse> deletion =
      DecodeScheduleKeyDeletionResponse(nlohmann::json::parse(R"({
        "KeyId": "arn:aws:kms:us-east-1:1:key/k", "DeletionDate": 1700604800.0,
        "KeyState": "PendingDeletion", "PendingWindowInDays": 7})"));
  ASSERT_TRUE(deletion.ok()) << deletion.status().ToString();
  EXPECT_EQ(deletion->key_id, "arn:aws:kms:us-east-1:1:key/k");
  EXPECT_EQ(deletion->deletion_date, 1700604800.0);
  EXPECT_EQ(deletion->key_state, "PendingDeletion");
  EXPECT_EQ(deletion->pending_window_in_days, 7);

  Result<CancelKeyDeletionResponse> cancel =
      DecodeCancelKeyDeletionResponse(nlohmann::json::parse(R"({"KeyId":"arn:k"})"));
  ASSERT_TRUE(cancel.ok());
  EXPECT_EQ(cancel->key_id, "arn:k");
}

TEST(KmsOperationsTest, ListPagesDecode) {
  Result<ListResourceTagsResponse> tags = DecodeListResourceTagsResponse(nlohmann::json::parse(R"({
    "Tags": [{"TagKey": "a", "TagValue": "1"}, {"TagKey": "b", "TagValue": "2"}],
    "NextMarker": "m-1", "Truncated": true, "Extra": 1})"));
  ASSERT_TRUE(tags.ok()) << tags.status().ToString();
  ASSERT_TRUE(tags->tags.has_value());
  EXPECT_EQ(*tags->tags, (std::vector<Tag>{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(tags->next_marker, "m-1");
  EXPECT_EQ(tags->truncated, true);

  // moto's last page: NextMarker null.
  Result<ListResourceTagsResponse> last = DecodeListResourceTagsResponse(
      nlohmann::json::parse(R"({"Tags": [], "NextMarker": null, "Truncated": false})"));
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  EXPECT_FALSE(last->next_marker.has_value());

  Result<ListAliasesResponse> aliases = DecodeListAliasesResponse(nlohmann::json::parse(R"({
    "Aliases": [{"AliasName": "alias/a", "TargetKeyId": "k"}], "Truncated": false})"));
  ASSERT_TRUE(aliases.ok()) << aliases.status().ToString();
  ASSERT_EQ(aliases->aliases->size(), 1u);
  EXPECT_EQ(aliases->aliases->at(0).alias_name, "alias/a");
  EXPECT_EQ(aliases->truncated, false);
}

TEST(KmsOperationsTest, ResponseErrorsNameTheMember) {
  Result<ListResourceTagsResponse> tags = DecodeListResourceTagsResponse(
      nlohmann::json::parse(R"({"Tags": [{"TagKey": "a", "TagValue": "1"}, {"TagKey": "b"}]})"));
  ASSERT_FALSE(tags.ok());
  EXPECT_EQ(tags.status().code(), Code::kInternal);
  EXPECT_EQ(tags.status().message(), "Tags[1].TagValue: missing");

  Result<ListAliasesResponse> aliases =
      DecodeListAliasesResponse(nlohmann::json::parse(R"({"Truncated": "no"})"));
  ASSERT_FALSE(aliases.ok());
  EXPECT_EQ(aliases.status().message(), "Truncated: expected a boolean, found a string");

  Result<ScheduleKeyDeletionResponse> deletion =
      DecodeScheduleKeyDeletionResponse(nlohmann::json::parse(R"({"PendingWindowInDays": "7"})"));
  ASSERT_FALSE(deletion.ok());
  EXPECT_EQ(deletion.status().message(),
            "PendingWindowInDays: expected an integer within int's range, found a string");

  Result<GetKeyPolicyResponse> not_object = DecodeGetKeyPolicyResponse(nlohmann::json::array());
  ASSERT_FALSE(not_object.ok());
  EXPECT_EQ(not_object.status().message(), "the answer: expected an object, found an array");
}

}  // namespace
}  // namespace tk::aws::kms
