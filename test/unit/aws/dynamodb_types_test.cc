// The DynamoDB shapes against JSON written in the model's shape
// (../shared/reference/aws-api-models/dynamodb/service-2.json): every member
// decoded to its C++ field, encoded back to the same JSON, unknown members
// ignored, wrong types reported with their path, unset optionals omitted.
#include "aws/dynamodb_types.h"

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "dynamodb_test_documents.h"

namespace tk::aws::dynamodb {
namespace {

using nlohmann::json;
using test_documents::kFullTable;

TEST(DynamoDbTypesTest, DecodesEveryMemberOfATableDescription) {
  Result<TableDescription> decoded = FromJson<TableDescription>(json::parse(kFullTable), "Table");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  const TableDescription& table = *decoded;

  ASSERT_EQ(table.attribute_definitions.size(), 3u);
  EXPECT_EQ(table.attribute_definitions[1], (AttributeDefinition{"sk", "N"}));
  EXPECT_EQ(table.table_name, "orders");
  ASSERT_EQ(table.key_schema.size(), 2u);
  EXPECT_EQ(table.key_schema[1], (KeySchemaElement{"sk", "RANGE"}));
  EXPECT_EQ(table.table_status, table_status::kActive);
  EXPECT_EQ(table.creation_date_time, 1700000000.123);
  ASSERT_TRUE(table.provisioned_throughput.has_value());
  EXPECT_EQ(table.provisioned_throughput->last_increase_date_time, 1700000100.5);
  EXPECT_EQ(table.provisioned_throughput->last_decrease_date_time, 1700000200.25);
  EXPECT_EQ(table.provisioned_throughput->number_of_decreases_today, 1);
  EXPECT_EQ(table.provisioned_throughput->read_capacity_units, 5);
  EXPECT_EQ(table.provisioned_throughput->write_capacity_units, 10);
  EXPECT_EQ(table.table_size_bytes, 123456789012);
  EXPECT_EQ(table.item_count, 42);
  EXPECT_EQ(table.table_arn, "arn:aws:dynamodb:us-east-1:111122223333:table/orders");
  EXPECT_EQ(table.table_id, "0a1b2c3d-4e5f-6789-abcd-ef0123456789");
  ASSERT_TRUE(table.billing_mode_summary.has_value());
  EXPECT_EQ(table.billing_mode_summary->billing_mode, billing_mode::kProvisioned);
  EXPECT_EQ(table.billing_mode_summary->last_update_to_pay_per_request_date_time, 1690000000.0);

  ASSERT_EQ(table.local_secondary_indexes.size(), 1u);
  const LocalSecondaryIndexDescription& lsi = table.local_secondary_indexes[0];
  EXPECT_EQ(lsi.index_name, "by-sk");
  EXPECT_EQ(lsi.key_schema.size(), 2u);
  ASSERT_TRUE(lsi.projection.has_value());
  EXPECT_EQ(lsi.projection->projection_type, "INCLUDE");
  EXPECT_EQ(lsi.projection->non_key_attributes, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(lsi.index_size_bytes, 100);
  EXPECT_EQ(lsi.item_count, 3);
  EXPECT_EQ(lsi.index_arn, "arn:aws:dynamodb:us-east-1:111122223333:table/orders/index/by-sk");

  ASSERT_EQ(table.global_secondary_indexes.size(), 1u);
  const GlobalSecondaryIndexDescription& gsi = table.global_secondary_indexes[0];
  EXPECT_EQ(gsi.index_name, "by-gsi");
  EXPECT_EQ(gsi.key_schema, (std::vector<KeySchemaElement>{{"gsi_pk", "HASH"}}));
  EXPECT_EQ(gsi.projection->projection_type, "KEYS_ONLY");
  EXPECT_TRUE(gsi.projection->non_key_attributes.empty());
  EXPECT_EQ(gsi.index_status, index_status::kCreating);
  EXPECT_EQ(gsi.backfilling, true);
  EXPECT_EQ(gsi.provisioned_throughput->read_capacity_units, 1);
  EXPECT_EQ(gsi.provisioned_throughput->write_capacity_units, 2);
  EXPECT_FALSE(gsi.provisioned_throughput->last_increase_date_time.has_value());
  EXPECT_EQ(gsi.index_size_bytes, 0);
  EXPECT_EQ(gsi.item_count, 0);
  EXPECT_EQ(gsi.index_arn, "arn:aws:dynamodb:us-east-1:111122223333:table/orders/index/by-gsi");
  EXPECT_EQ(gsi.on_demand_throughput, (OnDemandThroughput{100, 50}));
  EXPECT_EQ(gsi.warm_throughput,
            (GlobalSecondaryIndexWarmThroughputDescription{12000, 4000, "ACTIVE"}));

  EXPECT_EQ(table.stream_specification, (StreamSpecification{true, "NEW_AND_OLD_IMAGES"}));
  EXPECT_EQ(table.latest_stream_label, "2023-11-14T22:13:20.123");
  EXPECT_EQ(table.latest_stream_arn,
            "arn:aws:dynamodb:us-east-1:111122223333:table/orders/stream/2023-11-14T22:13:20.123");
  EXPECT_EQ(table.global_table_version, "2019.11.21");

  ASSERT_EQ(table.replicas.size(), 1u);
  const ReplicaDescription& replica = table.replicas[0];
  EXPECT_EQ(replica.region_name, "eu-west-1");
  EXPECT_EQ(replica.replica_status, "ACTIVE");
  EXPECT_EQ(replica.replica_arn, "arn:aws:dynamodb:eu-west-1:111122223333:table/orders");
  EXPECT_EQ(replica.replica_status_description, "ok");
  EXPECT_EQ(replica.replica_status_percent_progress, "100");
  EXPECT_EQ(replica.kms_master_key_id,
            "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
  EXPECT_EQ(replica.provisioned_throughput_override, (ProvisionedThroughputOverride{7}));
  EXPECT_EQ(replica.on_demand_throughput_override, (OnDemandThroughputOverride{70}));
  EXPECT_EQ(replica.warm_throughput, (TableWarmThroughputDescription{1, 2, "UPDATING"}));
  ASSERT_EQ(replica.global_secondary_indexes.size(), 1u);
  EXPECT_EQ(replica.global_secondary_indexes[0].index_name, "by-gsi");
  EXPECT_EQ(replica.global_secondary_indexes[0].provisioned_throughput_override,
            (ProvisionedThroughputOverride{3}));
  EXPECT_EQ(replica.global_secondary_indexes[0].on_demand_throughput_override,
            (OnDemandThroughputOverride{30}));
  EXPECT_EQ(replica.global_secondary_indexes[0].warm_throughput,
            (GlobalSecondaryIndexWarmThroughputDescription{5, 6, "ACTIVE"}));
  EXPECT_EQ(replica.replica_inaccessible_date_time, 1700000300.0);
  EXPECT_EQ(replica.replica_table_class_summary, (TableClassSummary{"STANDARD", 1700000400.0}));
  EXPECT_EQ(replica.global_table_settings_replication_mode, "ENABLED");

  EXPECT_EQ(table.global_table_witnesses,
            (std::vector<GlobalTableWitnessDescription>{{"us-west-2", "ACTIVE"}}));
  EXPECT_EQ(table.global_table_settings_replication_mode, "ENABLED");
  ASSERT_TRUE(table.restore_summary.has_value());
  EXPECT_EQ(table.restore_summary->source_table_arn,
            "arn:aws:dynamodb:us-east-1:111122223333:table/old");
  EXPECT_EQ(table.restore_summary->restore_date_time, 1699999999.5);
  EXPECT_FALSE(table.restore_summary->restore_in_progress);
  ASSERT_TRUE(table.sse_description.has_value());
  EXPECT_EQ(table.sse_description->status, sse_status::kEnabled);
  EXPECT_EQ(table.sse_description->sse_type, sse_type::kKms);
  EXPECT_EQ(table.sse_description->kms_master_key_arn,
            "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
  EXPECT_EQ(table.sse_description->inaccessible_encryption_date_time, 1700000500.0);
  ASSERT_TRUE(table.archival_summary.has_value());
  EXPECT_EQ(table.archival_summary->archival_date_time, 1700000600.0);
  EXPECT_EQ(table.archival_summary->archival_reason, "INACCESSIBLE_ENCRYPTION_CREDENTIALS");
  EXPECT_TRUE(table.archival_summary->archival_backup_arn.has_value());
  EXPECT_EQ(table.table_class_summary,
            (TableClassSummary{"STANDARD_INFREQUENT_ACCESS", 1700000700.0}));
  EXPECT_EQ(table.deletion_protection_enabled, true);
  EXPECT_EQ(table.on_demand_throughput, (OnDemandThroughput{-1, -1}));
  EXPECT_EQ(table.warm_throughput, (TableWarmThroughputDescription{12000, 4000, "ACTIVE"}));
  EXPECT_EQ(table.multi_region_consistency, "EVENTUAL");
}

TEST(DynamoDbTypesTest, TableDescriptionRoundTripsToTheSameJson) {
  const json original = json::parse(kFullTable);
  Result<TableDescription> decoded = FromJson<TableDescription>(original);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(ToJson(*decoded), original);
  Result<TableDescription> again = FromJson<TableDescription>(ToJson(*decoded));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *decoded);
}

TEST(DynamoDbTypesTest, UnknownMembersAreIgnoredAtEveryLevel) {
  json document = json::parse(kFullTable);
  document["VectorIndexes"] = json::array({{{"IndexName", "v"}, {"Dimensions", 3}}});
  document["SomethingNew"] = {{"Deep", {1, 2, 3}}};
  document["GlobalSecondaryIndexes"][0]["FutureField"] = "x";
  document["SSEDescription"]["FutureField"] = nullptr;
  document["KeySchema"][0]["FutureField"] = 1.5;
  Result<TableDescription> with_extras = FromJson<TableDescription>(document);
  ASSERT_TRUE(with_extras.ok()) << with_extras.status().ToString();
  Result<TableDescription> plain = FromJson<TableDescription>(json::parse(kFullTable));
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*with_extras, *plain);
}

TEST(DynamoDbTypesTest, WrongTypesAreInternalErrorsNamingTheMemberPath) {
  struct Case {
    const char* pointer;  // JSON pointer of the member to spoil
    json value;
    const char* message;
  };
  const Case cases[] = {
      {"/TableStatus", 1, "Table.TableStatus: expected a string, got an integer"},
      {"/ItemCount", "42", "Table.ItemCount: expected a 64-bit integer, got a string"},
      {"/CreationDateTime", "2023-11-14T22:13:20Z",
       "Table.CreationDateTime: expected a number (epoch seconds), got a string"},
      {"/DeletionProtectionEnabled", "true",
       "Table.DeletionProtectionEnabled: expected a boolean, got a string"},
      {"/KeySchema", json::object(), "Table.KeySchema: expected a list, got an object"},
      {"/GlobalSecondaryIndexes/0/KeySchema/0/KeyType", true,
       "Table.GlobalSecondaryIndexes[0].KeySchema[0].KeyType: expected a string, got a boolean"},
      {"/GlobalSecondaryIndexes/0/ProvisionedThroughput/ReadCapacityUnits", 1.5,
       "Table.GlobalSecondaryIndexes[0].ProvisionedThroughput.ReadCapacityUnits: expected a "
       "64-bit integer, got a number with a fraction"},
      {"/Replicas/0/GlobalSecondaryIndexes/0/IndexName", json::array(),
       "Table.Replicas[0].GlobalSecondaryIndexes[0].IndexName: expected a string, got a list"},
      {"/SSEDescription", "KMS", "Table.SSEDescription: expected an object, got a string"},
      {"/LocalSecondaryIndexes/0/Projection/NonKeyAttributes/1", 7,
       "Table.LocalSecondaryIndexes[0].Projection.NonKeyAttributes[1]: expected a string, got "
       "an integer"},
  };
  for (const Case& c : cases) {
    json document = json::parse(kFullTable);
    document[json::json_pointer(c.pointer)] = c.value;
    Result<TableDescription> decoded = FromJson<TableDescription>(document, "Table");
    ASSERT_FALSE(decoded.ok()) << c.pointer;
    EXPECT_EQ(decoded.status().code(), Code::kInternal) << c.pointer;
    EXPECT_EQ(decoded.status().message(), c.message) << c.pointer;
  }
}

TEST(DynamoDbTypesTest, MissingRequiredMembersAreReported) {
  json document = json::parse(kFullTable);
  document["AttributeDefinitions"][2].erase("AttributeType");
  Result<TableDescription> decoded = FromJson<TableDescription>(document, "Table");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().message(),
            "Table.AttributeDefinitions[2].AttributeType: required member missing");

  Result<ContinuousBackupsDescription> backups =
      FromJson<ContinuousBackupsDescription>(json::object(), "ContinuousBackupsDescription");
  ASSERT_FALSE(backups.ok());
  EXPECT_EQ(backups.status().message(),
            "ContinuousBackupsDescription.ContinuousBackupsStatus: required member missing");
}

TEST(DynamoDbTypesTest, AMinimalTableLeavesEverythingElseUnset) {
  // What DescribeTable answers for a table using the AWS owned key: no
  // SSEDescription at all.
  Result<TableDescription> decoded = FromJson<TableDescription>(json::parse(R"({
    "TableName": "t", "TableStatus": "CREATING",
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
    "GlobalSecondaryIndexes": []
  })"));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_FALSE(decoded->sse_description.has_value());
  EXPECT_FALSE(decoded->table_arn.has_value());
  EXPECT_FALSE(decoded->deletion_protection_enabled.has_value());
  EXPECT_TRUE(decoded->global_secondary_indexes.empty());
  EXPECT_EQ(ToJson(*decoded), json::parse(R"({
    "TableName": "t", "TableStatus": "CREATING",
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]
  })")) << "unset optionals and empty lists are not written";
}

TEST(DynamoDbTypesTest, EncodesInputShapesWithOnlyWhatIsSet) {
  SSESpecification sse;
  EXPECT_EQ(ToJson(sse), json::object());
  sse.enabled = false;
  EXPECT_EQ(ToJson(sse), json::parse(R"({"Enabled": false})"));
  sse = {true, "KMS", "alias/orders"};
  EXPECT_EQ(ToJson(sse), json::parse(R"({"Enabled": true, "SSEType": "KMS",
                                          "KMSMasterKeyId": "alias/orders"})"));

  GlobalSecondaryIndex gsi;
  gsi.index_name = "by-status";
  gsi.key_schema = {{"status", "HASH"}, {"created", "RANGE"}};
  gsi.projection.projection_type = "INCLUDE";
  gsi.projection.non_key_attributes = {"total"};
  gsi.provisioned_throughput = ProvisionedThroughput{5, 6};
  EXPECT_EQ(ToJson(gsi), json::parse(R"({
    "IndexName": "by-status",
    "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"},
                  {"AttributeName": "created", "KeyType": "RANGE"}],
    "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["total"]},
    "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 6}
  })"));
  Result<GlobalSecondaryIndex> back = FromJson<GlobalSecondaryIndex>(ToJson(gsi));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, gsi);

  EXPECT_EQ(ToJson(StreamSpecification{false, std::nullopt}),
            json::parse(R"({"StreamEnabled": false})"));
  EXPECT_EQ(ToJson(TimeToLiveSpecification{true, "expires_at"}),
            json::parse(R"({"Enabled": true, "AttributeName": "expires_at"})"));
  EXPECT_EQ(ToJson(PointInTimeRecoverySpecification{true, 7}),
            json::parse(R"({"PointInTimeRecoveryEnabled": true, "RecoveryPeriodInDays": 7})"));
  EXPECT_EQ(ToJson(PointInTimeRecoverySpecification{false, std::nullopt}),
            json::parse(R"({"PointInTimeRecoveryEnabled": false})"));
  EXPECT_EQ(ToJson(Tag{"team", ""}), json::parse(R"({"Key": "team", "Value": ""})"));
}

TEST(DynamoDbTypesTest, GlobalSecondaryIndexUpdatesHoldExactlyOneAction) {
  CreateGlobalSecondaryIndexAction create;
  create.index_name = "by-status";
  create.key_schema = {{"status", "HASH"}};
  create.projection.projection_type = "ALL";
  create.on_demand_throughput = OnDemandThroughput{10, std::nullopt};
  const GlobalSecondaryIndexUpdate updates[] = {
      {create},
      {UpdateGlobalSecondaryIndexAction{"by-status", ProvisionedThroughput{3, 4}, std::nullopt,
                                        std::nullopt}},
      {DeleteGlobalSecondaryIndexAction{"by-status"}},
  };
  const json expected[] = {
      json::parse(R"({"Create": {"IndexName": "by-status",
                                 "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"},
                                 "OnDemandThroughput": {"MaxReadRequestUnits": 10}}})"),
      json::parse(R"({"Update": {"IndexName": "by-status",
                                 "ProvisionedThroughput": {"ReadCapacityUnits": 3,
                                                           "WriteCapacityUnits": 4}}})"),
      json::parse(R"({"Delete": {"IndexName": "by-status"}})"),
  };
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ToJson(updates[i]), expected[i]) << i;
    Result<GlobalSecondaryIndexUpdate> back = FromJson<GlobalSecondaryIndexUpdate>(expected[i]);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, updates[i]) << i;
  }

  Result<GlobalSecondaryIndexUpdate> none =
      FromJson<GlobalSecondaryIndexUpdate>(json::object(), "GlobalSecondaryIndexUpdates[0]");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(),
            "GlobalSecondaryIndexUpdates[0]: expected exactly one of Create, Update and Delete, "
            "got 0");
  json both = expected[0];
  both["Delete"] = {{"IndexName", "x"}};
  EXPECT_FALSE(FromJson<GlobalSecondaryIndexUpdate>(both).ok());
  Result<GlobalSecondaryIndexUpdate> bad = FromJson<GlobalSecondaryIndexUpdate>(
      json::parse(R"({"Delete": {"IndexName": 3}})"), "U");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "U.Delete.IndexName: expected a string, got an integer");
}

TEST(DynamoDbTypesTest, ReplicationGroupUpdatesEncodeTheirAction) {
  CreateReplicationGroupMemberAction create;
  create.region_name = "eu-west-1";
  create.kms_master_key_id = "alias/orders";
  create.global_secondary_indexes = {{"by-gsi", ProvisionedThroughputOverride{2}, std::nullopt}};
  create.table_class_override = "STANDARD";
  const ReplicationGroupUpdate update{create};
  const json expected = json::parse(R"({"Create": {
    "RegionName": "eu-west-1", "KMSMasterKeyId": "alias/orders",
    "GlobalSecondaryIndexes": [{"IndexName": "by-gsi",
                                "ProvisionedThroughputOverride": {"ReadCapacityUnits": 2}}],
    "TableClassOverride": "STANDARD"}})");
  EXPECT_EQ(ToJson(update), expected);
  Result<ReplicationGroupUpdate> back = FromJson<ReplicationGroupUpdate>(expected);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, update);
  EXPECT_EQ(ToJson(ReplicationGroupUpdate{DeleteReplicationGroupMemberAction{"eu-west-1"}}),
            json::parse(R"({"Delete": {"RegionName": "eu-west-1"}})"));
  Result<ReplicationGroupUpdate> updated = FromJson<ReplicationGroupUpdate>(
      json::parse(R"({"Update": {"RegionName": "eu-west-1", "TableClassOverride": "STANDARD"}})"));
  ASSERT_TRUE(updated.ok());
  ASSERT_TRUE(std::holds_alternative<UpdateReplicationGroupMemberAction>(updated->action));
}

TEST(DynamoDbTypesTest, ContinuousBackupsAndTimeToLiveDescriptionsDecode) {
  Result<ContinuousBackupsDescription> backups =
      FromJson<ContinuousBackupsDescription>(json::parse(R"({
        "ContinuousBackupsStatus": "ENABLED",
        "PointInTimeRecoveryDescription": {
          "PointInTimeRecoveryStatus": "ENABLED", "RecoveryPeriodInDays": 35,
          "EarliestRestorableDateTime": 1700000000.5, "LatestRestorableDateTime": 1700000900.25}
      })"));
  ASSERT_TRUE(backups.ok()) << backups.status().ToString();
  EXPECT_EQ(backups->continuous_backups_status, "ENABLED");
  EXPECT_EQ(backups->point_in_time_recovery_description,
            (PointInTimeRecoveryDescription{"ENABLED", 35, 1700000000.5, 1700000900.25}));

  Result<TimeToLiveDescription> ttl = FromJson<TimeToLiveDescription>(
      json::parse(R"({"TimeToLiveStatus": "ENABLING", "AttributeName": "expires_at"})"));
  ASSERT_TRUE(ttl.ok());
  EXPECT_EQ(*ttl, (TimeToLiveDescription{"ENABLING", "expires_at"}));
  // DISABLED comes without an attribute name.
  ttl = FromJson<TimeToLiveDescription>(json::parse(R"({"TimeToLiveStatus": "DISABLED"})"));
  ASSERT_TRUE(ttl.ok());
  EXPECT_FALSE(ttl->attribute_name.has_value());
}

}  // namespace
}  // namespace tk::aws::dynamodb
