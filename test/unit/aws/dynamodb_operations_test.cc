// Requests of the DynamoDB operations as AWS expects them (member names and
// nesting of the model's <Operation>Input shapes), and answers decoded.
#include "aws/dynamodb_operations.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace tk::aws::dynamodb {
namespace {

using nlohmann::json;

CreateTableInput OrdersTable() {
  CreateTableInput input;
  input.table_name = "orders";
  input.attribute_definitions = {{"pk", "S"}, {"sk", "S"}, {"status", "S"}};
  input.key_schema = {{"pk", "HASH"}, {"sk", "RANGE"}};
  LocalSecondaryIndex lsi;
  lsi.index_name = "by-status-local";
  lsi.key_schema = {{"pk", "HASH"}, {"status", "RANGE"}};
  lsi.projection.projection_type = "KEYS_ONLY";
  input.local_secondary_indexes = {lsi};
  GlobalSecondaryIndex gsi;
  gsi.index_name = "by-status";
  gsi.key_schema = {{"status", "HASH"}};
  gsi.projection.projection_type = "ALL";
  input.global_secondary_indexes = {gsi};
  input.billing_mode = "PAY_PER_REQUEST";
  input.stream_specification = StreamSpecification{true, "NEW_IMAGE"};
  input.sse_specification = SSESpecification{true, "KMS", "alias/orders"};
  input.tags = {{"team", "payments"}};
  input.table_class = "STANDARD";
  input.deletion_protection_enabled = false;
  input.resource_policy = R"({"Version":"2012-10-17","Statement":[]})";
  input.on_demand_throughput = OnDemandThroughput{100, 200};
  return input;
}

TEST(DynamoDbOperationsTest, CreateTableInputEncodesEveryMemberSet) {
  EXPECT_EQ(ToJson(OrdersTable()), json::parse(R"({
    "TableName": "orders",
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                             {"AttributeName": "sk", "AttributeType": "S"},
                             {"AttributeName": "status", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                  {"AttributeName": "sk", "KeyType": "RANGE"}],
    "LocalSecondaryIndexes": [{"IndexName": "by-status-local",
                               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                             {"AttributeName": "status", "KeyType": "RANGE"}],
                               "Projection": {"ProjectionType": "KEYS_ONLY"}}],
    "GlobalSecondaryIndexes": [{"IndexName": "by-status",
                                "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                                "Projection": {"ProjectionType": "ALL"}}],
    "BillingMode": "PAY_PER_REQUEST",
    "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_IMAGE"},
    "SSESpecification": {"Enabled": true, "SSEType": "KMS", "KMSMasterKeyId": "alias/orders"},
    "Tags": [{"Key": "team", "Value": "payments"}],
    "TableClass": "STANDARD",
    "DeletionProtectionEnabled": false,
    "ResourcePolicy": "{\"Version\":\"2012-10-17\",\"Statement\":[]}",
    "OnDemandThroughput": {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 200}
  })"));
  Result<CreateTableInput> back = FromJson<CreateTableInput>(ToJson(OrdersTable()));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, OrdersTable());
}

TEST(DynamoDbOperationsTest, CreateTableInputOmitsWhatIsUnset) {
  CreateTableInput input;
  input.table_name = "t";
  input.attribute_definitions = {{"pk", "S"}};
  input.key_schema = {{"pk", "HASH"}};
  input.provisioned_throughput = ProvisionedThroughput{1, 1};
  EXPECT_EQ(ToJson(input), json::parse(R"({
    "TableName": "t",
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
    "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
  })"));
}

TEST(DynamoDbOperationsTest, UpdateTableInputCarriesOnlyTheChange) {
  UpdateTableInput billing;
  billing.table_name = "orders";
  billing.billing_mode = "PROVISIONED";
  billing.provisioned_throughput = ProvisionedThroughput{5, 5};
  EXPECT_EQ(ToJson(billing), json::parse(R"({
    "TableName": "orders", "BillingMode": "PROVISIONED",
    "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
  })"));

  UpdateTableInput index;
  index.table_name = "orders";
  index.attribute_definitions = {{"status", "S"}};
  CreateGlobalSecondaryIndexAction create;
  create.index_name = "by-status";
  create.key_schema = {{"status", "HASH"}};
  create.projection.projection_type = "KEYS_ONLY";
  index.global_secondary_index_updates = {{create}};
  EXPECT_EQ(ToJson(index), json::parse(R"({
    "TableName": "orders",
    "AttributeDefinitions": [{"AttributeName": "status", "AttributeType": "S"}],
    "GlobalSecondaryIndexUpdates": [{"Create": {
      "IndexName": "by-status",
      "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
      "Projection": {"ProjectionType": "KEYS_ONLY"}}}]
  })"));

  UpdateTableInput sse;
  sse.table_name = "orders";
  sse.sse_specification = SSESpecification{true, "KMS", "arn:aws:kms:us-east-1:1:key/k"};
  sse.deletion_protection_enabled = true;
  sse.table_class = "STANDARD_INFREQUENT_ACCESS";
  sse.replica_updates = {{DeleteReplicationGroupMemberAction{"eu-west-1"}}};
  const json encoded = ToJson(sse);
  EXPECT_EQ(encoded, json::parse(R"({
    "TableName": "orders",
    "SSESpecification": {"Enabled": true, "SSEType": "KMS",
                         "KMSMasterKeyId": "arn:aws:kms:us-east-1:1:key/k"},
    "ReplicaUpdates": [{"Delete": {"RegionName": "eu-west-1"}}],
    "TableClass": "STANDARD_INFREQUENT_ACCESS",
    "DeletionProtectionEnabled": true
  })"));
  Result<UpdateTableInput> back = FromJson<UpdateTableInput>(encoded);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, sse);
}

TEST(DynamoDbOperationsTest, ContributorInsightsAndPolicyShapes) {
  UpdateContributorInsightsInput insights{"orders", "by-status", "ENABLE", std::nullopt};
  EXPECT_EQ(ToJson(insights), json::parse(R"({"TableName": "orders", "IndexName": "by-status",
                                              "ContributorInsightsAction": "ENABLE"})"));

  Result<DescribeContributorInsightsOutput> described =
      FromJson<DescribeContributorInsightsOutput>(json::parse(R"({
        "TableName": "orders", "IndexName": "by-status",
        "ContributorInsightsRuleList": ["DynamoDBContributorInsights-PKC-orders-1"],
        "ContributorInsightsStatus": "FAILED", "LastUpdateDateTime": 1700000000,
        "FailureException": {"ExceptionName": "AccessDenied", "ExceptionDescription": "no"},
        "ContributorInsightsMode": "THROTTLED_KEYS"
      })"));
  ASSERT_TRUE(described.ok()) << described.status().ToString();
  EXPECT_EQ(described->contributor_insights_rule_list.size(), 1u);
  EXPECT_EQ(described->contributor_insights_status, "FAILED");
  EXPECT_EQ(described->last_update_date_time, 1700000000.0);
  EXPECT_EQ(described->failure_exception, (FailureException{"AccessDenied", "no"}));
  EXPECT_EQ(described->contributor_insights_mode, "THROTTLED_KEYS");

  PutResourcePolicyInput put{"arn:aws:dynamodb:us-east-1:1:table/orders", "{}", "7",
                             std::nullopt};
  EXPECT_EQ(ToJson(put), json::parse(R"({"ResourceArn": "arn:aws:dynamodb:us-east-1:1:table/orders",
                                         "Policy": "{}", "ExpectedRevisionId": "7"})"));
  Result<GetResourcePolicyOutput> policy = FromJson<GetResourcePolicyOutput>(
      json::parse(R"({"Policy": "{\"Version\": \"2012-10-17\"}", "RevisionId": "12"})"));
  ASSERT_TRUE(policy.ok());
  EXPECT_EQ(policy->policy, R"({"Version": "2012-10-17"})");
  EXPECT_EQ(policy->revision_id, "12");

  Result<ListTagsOfResourceOutput> page = FromJson<ListTagsOfResourceOutput>(
      json::parse(R"({"Tags": [{"Key": "a", "Value": "1"}], "NextToken": "a"})"));
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->tags, (std::vector<Tag>{{"a", "1"}}));
  EXPECT_EQ(page->next_token, "a");
  Result<ListTagsOfResourceOutput> bad =
      FromJson<ListTagsOfResourceOutput>(json::parse(R"({"Tags": [{"Key": "a"}]})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "Tags[0].Value: required member missing");
}

}  // namespace
}  // namespace tk::aws::dynamodb
