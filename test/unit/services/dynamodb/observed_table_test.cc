// StatusOf and SpecOf: DescribeTable (and the separate reads) in ACK's status
// field names, and the spec adoption takes from AWS, which must plan to
// nothing against the table it came from.
#include "services/dynamodb/observed_table.h"

#include <gtest/gtest.h>

#include "table_examples.h"

namespace tk::services::dynamodb {
namespace {

using nlohmann::json;
using testing::CreateAndConverge;
using testing::FakeDynamoDbTable;

TEST(ObservedTableTest, StatusUsesAckFieldNames) {
  FakeDynamoDbTable table = CreateAndConverge(testing::FullSpec());
  const json status = StatusOf(table.observed());
  const std::string arn = "arn:aws:dynamodb:us-east-1:111122223333:table/shop-orders";
  EXPECT_EQ(status["ackResourceMetadata"], (json{{"arn", arn}, {"ownerAccountID", "111122223333"}}));
  EXPECT_EQ(status["tableARN"], arn);
  EXPECT_EQ(status["tableID"], "11111111-2222-3333-4444-555555555555");
  EXPECT_EQ(status["tableStatus"], "ACTIVE");
  EXPECT_EQ(status["creationDateTime"], "2024-05-01T12:00:00Z");
  EXPECT_EQ(status["itemCount"], 0);
  EXPECT_EQ(status["tableSizeBytes"], 0);
  EXPECT_EQ(status["latestStreamARN"], arn + "/stream/2024-05-01T12:00:00.000");
  EXPECT_EQ(status["latestStreamLabel"], "2024-05-01T12:00:00.000");
  ASSERT_EQ(status["globalSecondaryIndexesDescriptions"].size(), 1u);
  const json& index = status["globalSecondaryIndexesDescriptions"][0];
  EXPECT_EQ(index["indexName"], "byStatus");
  EXPECT_EQ(index["indexStatus"], "ACTIVE");
  EXPECT_EQ(index["indexARN"], arn + "/index/byStatus");
  EXPECT_EQ(index["keySchema"][0], (json{{"attributeName", "status"}, {"keyType", "HASH"}}));
  EXPECT_EQ(index["projection"]["projectionType"], "INCLUDE");
  EXPECT_EQ(index["provisionedThroughput"]["readCapacityUnits"], 2);
  EXPECT_EQ(status["sseDescription"],
            (json{{"status", "ENABLED"}, {"sseType", "KMS"}, {"kmsMasterKeyARN", testing::kOrdersKeyArn}}));
  EXPECT_EQ(status["billingModeSummary"], (json{{"billingMode", "PROVISIONED"}}));
  EXPECT_EQ(status["tableClassSummary"]["tableClass"], "STANDARD_INFREQUENT_ACCESS");
}

TEST(ObservedTableTest, FieldsAwsNoLongerReportsAreNull) {
  FakeDynamoDbTable table = CreateAndConverge(testing::MinimalSpec());
  const json status = StatusOf(table.observed());
  EXPECT_TRUE(status.contains("sseDescription"));
  EXPECT_TRUE(status["sseDescription"].is_null());
  EXPECT_TRUE(status["globalSecondaryIndexesDescriptions"].is_null());
  EXPECT_TRUE(status["replicas"].is_null());
}

TEST(ObservedTableTest, AdoptedSpecPlansToNothing) {
  for (const auto& [name, spec] : testing::ExampleSpecs()) {
    SCOPED_TRACE(name);
    FakeDynamoDbTable table = CreateAndConverge(spec);
    const json adopted = SpecOf(table.observed());
    const runtime::Plan plan = testing::PlanFor(adopted, table.observed());
    EXPECT_TRUE(plan.Synced()) << adopted.dump(2) << "\n" << testing::Describe(plan);
  }
}

TEST(ObservedTableTest, AdoptedSpecCarriesEveryReadSetting) {
  FakeDynamoDbTable table = CreateAndConverge(testing::FullSpec());
  const json spec = SpecOf(table.observed());
  EXPECT_EQ(spec["tableName"], "shop-orders");
  EXPECT_EQ(spec["billingMode"], "PROVISIONED");
  EXPECT_EQ(spec["provisionedThroughput"], (json{{"readCapacityUnits", 10}, {"writeCapacityUnits", 5}}));
  EXPECT_EQ(spec["sseSpecification"]["kmsMasterKeyID"], testing::kOrdersKeyArn);
  EXPECT_EQ(spec["streamSpecification"], (json{{"streamEnabled", true}, {"streamViewType", "NEW_IMAGE"}}));
  EXPECT_EQ(spec["tableClass"], "STANDARD_INFREQUENT_ACCESS");
  EXPECT_EQ(spec["deletionProtectionEnabled"], true);
  EXPECT_EQ(spec["tags"], json::parse(R"([{"key": "env", "value": "prod"}, {"key": "team", "value": "shop"}])"));
  EXPECT_EQ(spec["timeToLive"], (json{{"enabled", true}, {"attributeName", "expiresAt"}}));
  EXPECT_EQ(spec["continuousBackups"], (json{{"pointInTimeRecoveryEnabled", true}}));
  EXPECT_EQ(spec["contributorInsights"], "ENABLE");
  EXPECT_TRUE(spec["resourcePolicy"].is_string());
  EXPECT_EQ(spec["localSecondaryIndexes"][0]["indexName"], "byPlacedAt");
}

TEST(ObservedTableTest, BusyReasons) {
  ddb::TableDescription table;
  table.table_name = "t";
  table.table_status = "CREATING";
  EXPECT_EQ(BusyReason(table), "table t is CREATING");
  table.table_status = "ACTIVE";
  EXPECT_EQ(BusyReason(table), "");
  ddb::GlobalSecondaryIndexDescription index;
  index.index_name = "i";
  index.index_status = "DELETING";
  table.global_secondary_indexes.push_back(index);
  EXPECT_EQ(BusyReason(table), "index i of table t is DELETING");
}

TEST(ObservedTableTest, Helpers) {
  EXPECT_EQ(Rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(Rfc3339(1714564800.9), "2024-05-01T12:00:00Z");
  EXPECT_EQ(AccountOfArn("arn:aws:dynamodb:us-east-1:111122223333:table/x"), "111122223333");
  EXPECT_EQ(AccountOfArn("not an arn"), "");
  ddb::TableDescription table;
  EXPECT_EQ(ObservedBillingMode(table), "PROVISIONED");
  EXPECT_FALSE(ObservedKmsKeyArn(table));
  table.sse_description = ddb::SSEDescription{"DISABLED", "KMS", "arn:x", std::nullopt};
  EXPECT_FALSE(ObservedKmsKeyArn(table));
}

}  // namespace
}  // namespace tk::services::dynamodb
