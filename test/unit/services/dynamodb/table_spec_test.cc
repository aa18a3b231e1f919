// ParseTableSpec and CreateTableInputOf (create_table_input.h): ACK's field names and meaning, unset
// members left unmanaged, and every malformed spec refused with the field's
// path and what to do, before anything reaches AWS.
#include "services/dynamodb/table_spec.h"
#include "services/dynamodb/create_table_input.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "table_examples.h"

namespace tk::services::dynamodb {
namespace {

using nlohmann::json;
using testing::FullSpec;
using testing::MinimalSpec;

TEST(TableSpecTest, ContributorInsightsAcceptsAcksSpellingOfTheState) {
  json spec = testing::MinimalSpec();
  spec["contributorInsights"] = "ENABLED";
  EXPECT_EQ(testing::MustParse(spec).contributor_insights, "ENABLE");
  spec["contributorInsights"] = "DISABLED";
  EXPECT_EQ(testing::MustParse(spec).contributor_insights, "DISABLE");
}

TEST(TableSpecTest, MinimalSpecLeavesEverythingElseUnmanaged) {
  Result<TableSpec> spec = ParseTableSpec(MinimalSpec());
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->table_name, "orders");
  EXPECT_EQ(spec->billing_mode, "PAY_PER_REQUEST");
  EXPECT_FALSE(spec->provisioned_throughput);
  EXPECT_FALSE(spec->global_secondary_indexes);
  EXPECT_FALSE(spec->local_secondary_indexes);
  EXPECT_FALSE(spec->stream_specification);
  EXPECT_FALSE(spec->sse_specification);
  EXPECT_FALSE(spec->table_class);
  EXPECT_FALSE(spec->deletion_protection_enabled);
  EXPECT_FALSE(spec->tags);
  EXPECT_FALSE(spec->time_to_live);
  EXPECT_FALSE(spec->point_in_time_recovery_enabled);
  EXPECT_FALSE(spec->contributor_insights);
  EXPECT_FALSE(spec->resource_policy);
  EXPECT_FALSE(spec->table_replicas);
  EXPECT_EQ(spec->encryption(), Encryption::kAwsOwnedKey);
}

TEST(TableSpecTest, FullSpecReadsEveryAckField) {
  Result<TableSpec> spec = ParseTableSpec(FullSpec());
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  // HASH first whatever the spec's order.
  ASSERT_EQ(spec->key_schema.size(), 2u);
  EXPECT_EQ(spec->key_schema[0].attribute_name, "customer");
  EXPECT_EQ(spec->key_schema[0].key_type, "HASH");
  EXPECT_EQ(spec->provisioned_throughput, (ddb::ProvisionedThroughput{10, 5}));
  ASSERT_TRUE(spec->global_secondary_indexes);
  ASSERT_EQ(spec->global_secondary_indexes->size(), 1u);
  const GlobalIndexSpec& index = spec->global_secondary_indexes->front();
  EXPECT_EQ(index.index_name, "byStatus");
  EXPECT_EQ(index.projection.projection_type, "INCLUDE");
  EXPECT_EQ(index.projection.non_key_attributes, (std::vector<std::string>{"total", "currency"}));
  EXPECT_EQ(index.provisioned_throughput, (ddb::ProvisionedThroughput{2, 1}));
  ASSERT_TRUE(spec->local_secondary_indexes);
  EXPECT_EQ(spec->local_secondary_indexes->front().index_name, "byPlacedAt");
  EXPECT_EQ(spec->stream_specification, (ddb::StreamSpecification{true, "NEW_IMAGE"}));
  EXPECT_EQ(spec->encryption(), Encryption::kCustomerKey);
  EXPECT_EQ(spec->sse_specification->kms_master_key_id, "alias/orders");
  EXPECT_EQ(spec->table_class, "STANDARD_INFREQUENT_ACCESS");
  EXPECT_EQ(spec->deletion_protection_enabled, true);
  EXPECT_EQ(*spec->tags, (std::map<std::string, std::string>{{"env", "prod"}, {"team", "shop"}}));
  EXPECT_EQ(spec->time_to_live->attribute_name, "expiresAt");
  EXPECT_TRUE(spec->time_to_live->enabled);
  EXPECT_EQ(spec->point_in_time_recovery_enabled, true);
  EXPECT_EQ(spec->contributor_insights, "ENABLE");
  EXPECT_TRUE(spec->resource_policy);
}

TEST(TableSpecTest, EncryptionFollowsAwsMeaning) {
  const auto encryption_of = [](const json& sse) {
    json spec = MinimalSpec();
    spec["sseSpecification"] = sse;
    Result<TableSpec> parsed = ParseTableSpec(spec);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    return parsed.ok() ? parsed->encryption() : Encryption::kAwsOwnedKey;
  };
  EXPECT_EQ(encryption_of({{"enabled", false}}), Encryption::kAwsOwnedKey);
  EXPECT_EQ(encryption_of(json::object()), Encryption::kAwsOwnedKey);
  EXPECT_EQ(encryption_of({{"enabled", true}}), Encryption::kAwsManagedKey);
  EXPECT_EQ(encryption_of({{"sseType", "KMS"}}), Encryption::kAwsManagedKey);
  EXPECT_EQ(encryption_of({{"enabled", true}, {"kmsMasterKeyID", "alias/x"}}),
            Encryption::kCustomerKey);
  EXPECT_EQ(encryption_of({{"kmsMasterKeyRef", {{"from", {{"name", "orders-key"}}}}}}),
            Encryption::kCustomerKey);
}

TEST(TableSpecTest, ReadsTheKeyReference) {
  json spec = MinimalSpec();
  spec["sseSpecification"] = {
      {"enabled", true},
      {"kmsMasterKeyRef", {{"from", {{"name", "orders-key"}, {"namespace", "shop"}}}}}};
  Result<TableSpec> parsed = ParseTableSpec(spec);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_TRUE(parsed->sse_specification->kms_master_key_ref);
  EXPECT_EQ(parsed->sse_specification->kms_master_key_ref->name, "orders-key");
  EXPECT_EQ(parsed->sse_specification->kms_master_key_ref->namespace_name, "shop");
}

TEST(TableSpecTest, ZeroThroughputOfAnOnDemandTableReadsAsUnset) {
  json spec = MinimalSpec();
  spec["provisionedThroughput"] = {{"readCapacityUnits", 0}, {"writeCapacityUnits", 0}};
  Result<TableSpec> parsed = ParseTableSpec(spec);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_FALSE(parsed->provisioned_throughput);
}

TEST(TableSpecTest, KeyAttributeDefinitionsLeaveUnusedOnesOut) {
  Result<TableSpec> parsed = ParseTableSpec(testing::OnDemandSpec());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const std::vector<ddb::AttributeDefinition> expected = {{"gsi1pk", "S"}, {"pk", "S"}};
  EXPECT_EQ(parsed->KeyAttributeDefinitions(), expected);
}

struct InvalidCase {
  std::string name;
  std::function<void(json&)> change;
  std::string message;  // a part of the expected message
};

class InvalidSpecTest : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidSpecTest, IsRefusedNamingTheField) {
  json spec = FullSpec();
  GetParam().change(spec);
  Result<TableSpec> parsed = ParseTableSpec(spec);
  ASSERT_FALSE(parsed.ok()) << "accepted: " << spec.dump();
  EXPECT_EQ(parsed.status().code(), Code::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find(GetParam().message), std::string::npos)
      << parsed.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, InvalidSpecTest,
    ::testing::Values(
        InvalidCase{"NoTableName", [](json& s) { s.erase("tableName"); }, "spec.tableName: required"},
        InvalidCase{"BadTableName", [](json& s) { s["tableName"] = "a b"; },
                    "spec.tableName: \"a b\" is not a valid DynamoDB name"},
        InvalidCase{"NoAttributeDefinitions", [](json& s) { s.erase("attributeDefinitions"); },
                    "spec.attributeDefinitions: required"},
        InvalidCase{"BadAttributeType",
                    [](json& s) { s["attributeDefinitions"][1]["attributeType"] = "STRING"; },
                    "spec.attributeDefinitions[1].attributeType: \"STRING\" is not one of S, N, B"},
        InvalidCase{"DuplicateAttribute",
                    [](json& s) { s["attributeDefinitions"][1]["attributeName"] = "customer"; },
                    "spec.attributeDefinitions[1].attributeName: \"customer\" is defined twice"},
        InvalidCase{"KeyAttributeNotDefined",
                    [](json& s) { s["keySchema"][0]["attributeName"] = "missing"; },
                    "spec.keySchema[0].attributeName: attribute \"missing\" is not in "
                    "spec.attributeDefinitions"},
        InvalidCase{"TwoHashKeys", [](json& s) { s["keySchema"][0]["keyType"] = "HASH"; },
                    "spec.keySchema: needs exactly one HASH key"},
        InvalidCase{"BadKeyType", [](json& s) { s["keySchema"][0]["keyType"] = "hash"; },
                    "spec.keySchema[0].keyType: \"hash\" is not one of HASH, RANGE"},
        InvalidCase{"NoKeySchema", [](json& s) { s.erase("keySchema"); }, "spec.keySchema: required"},
        InvalidCase{"BadBillingMode", [](json& s) { s["billingMode"] = "ON_DEMAND"; },
                    "spec.billingMode: \"ON_DEMAND\" is not one of PROVISIONED, PAY_PER_REQUEST"},
        InvalidCase{"ThroughputHalf",
                    [](json& s) { s["provisionedThroughput"].erase("writeCapacityUnits"); },
                    "spec.provisionedThroughput: needs both readCapacityUnits and writeCapacityUnits"},
        InvalidCase{"ThroughputZeroWhenProvisioned",
                    [](json& s) { s["provisionedThroughput"]["readCapacityUnits"] = 0; },
                    "spec.provisionedThroughput: with billingMode PROVISIONED, both units must be "
                    "at least 1"},
        InvalidCase{"ThroughputNotANumber",
                    [](json& s) { s["provisionedThroughput"]["readCapacityUnits"] = "5"; },
                    "spec.provisionedThroughput.readCapacityUnits: expected a whole number, got a "
                    "string"},
        InvalidCase{"ThroughputWithPayPerRequest",
                    [](json& s) {
                      s["billingMode"] = "PAY_PER_REQUEST";
                      s["globalSecondaryIndexes"][0].erase("provisionedThroughput");
                    },
                    "spec.provisionedThroughput: not allowed with billingMode PAY_PER_REQUEST"},
        InvalidCase{"OnDemandWithProvisioned",
                    [](json& s) { s["onDemandThroughput"] = {{"maxReadRequestUnits", 5}}; },
                    "spec.onDemandThroughput: only allowed with billingMode PAY_PER_REQUEST"},
        InvalidCase{"GsiOnUndefinedAttribute",
                    [](json& s) {
                      s["globalSecondaryIndexes"][0]["keySchema"][0]["attributeName"] = "nope";
                    },
                    "spec.globalSecondaryIndexes[0].keySchema[0].attributeName: attribute \"nope\" "
                    "is not in spec.attributeDefinitions"},
        InvalidCase{"GsiWithoutProjection",
                    [](json& s) { s["globalSecondaryIndexes"][0].erase("projection"); },
                    "spec.globalSecondaryIndexes[0].projection: required"},
        InvalidCase{"IncludeWithoutAttributes",
                    [](json& s) {
                      s["globalSecondaryIndexes"][0]["projection"].erase("nonKeyAttributes");
                    },
                    "spec.globalSecondaryIndexes[0].projection.nonKeyAttributes: required with "
                    "projectionType INCLUDE"},
        InvalidCase{"AttributesWithoutInclude",
                    [](json& s) {
                      s["globalSecondaryIndexes"][0]["projection"]["projectionType"] = "ALL";
                    },
                    "only allowed with projectionType INCLUDE"},
        InvalidCase{"DuplicateIndexName",
                    [](json& s) { s["localSecondaryIndexes"][0]["indexName"] = "byStatus"; },
                    "spec.localSecondaryIndexes[0].indexName: index name \"byStatus\" is used twice"},
        InvalidCase{"LsiWithOtherHashKey",
                    [](json& s) {
                      s["localSecondaryIndexes"][0]["keySchema"][0]["attributeName"] = "status";
                    },
                    "spec.localSecondaryIndexes[0].keySchema: a local index needs the table's HASH "
                    "key \"customer\""},
        InvalidCase{"StreamWithoutViewType",
                    [](json& s) { s["streamSpecification"].erase("streamViewType"); },
                    "spec.streamSpecification.streamViewType: required when the stream is enabled"},
        InvalidCase{"StreamWithoutEnabled",
                    [](json& s) { s["streamSpecification"].erase("streamEnabled"); },
                    "spec.streamSpecification.streamEnabled: required"},
        InvalidCase{"KeyByIdAndReference",
                    [](json& s) {
                      s["sseSpecification"]["kmsMasterKeyRef"] = {{"from", {{"name", "k"}}}};
                    },
                    "spec.sseSpecification: kmsMasterKeyID and kmsMasterKeyRef are both set"},
        InvalidCase{"KeyWhileDisabled", [](json& s) { s["sseSpecification"]["enabled"] = false; },
                    "spec.sseSpecification.enabled: is false (the AWS owned key) but a KMS key is "
                    "named"},
        InvalidCase{"Aes256", [](json& s) { s["sseSpecification"]["sseType"] = "AES256"; },
                    "spec.sseSpecification.sseType: \"AES256\" is not supported"},
        InvalidCase{"ReferenceWithoutName",
                    [](json& s) {
                      s["sseSpecification"].erase("kmsMasterKeyID");
                      s["sseSpecification"]["kmsMasterKeyRef"] = {{"from", json::object()}};
                    },
                    "spec.sseSpecification.kmsMasterKeyRef.from.name: required"},
        InvalidCase{"BadTableClass", [](json& s) { s["tableClass"] = "INFREQUENT"; },
                    "spec.tableClass: \"INFREQUENT\" is not one of STANDARD, "
                    "STANDARD_INFREQUENT_ACCESS"},
        InvalidCase{"DeletionProtectionNotBool",
                    [](json& s) { s["deletionProtectionEnabled"] = "yes"; },
                    "spec.deletionProtectionEnabled: expected a boolean"},
        InvalidCase{"DuplicateTag", [](json& s) { s["tags"][1]["key"] = "team"; },
                    "spec.tags[1].key: \"team\" appears twice"},
        InvalidCase{"ReservedTag", [](json& s) { s["tags"][0]["key"] = "aws:cloudformation"; },
                    "spec.tags[0].key: \"aws:cloudformation\": keys starting with aws: are reserved"},
        InvalidCase{"TtlWithoutAttribute", [](json& s) { s["timeToLive"].erase("attributeName"); },
                    "spec.timeToLive.attributeName: required when TTL is enabled"},
        InvalidCase{"TtlWithoutEnabled", [](json& s) { s["timeToLive"].erase("enabled"); },
                    "spec.timeToLive.enabled: required"},
        InvalidCase{"PitrNotBool",
                    [](json& s) { s["continuousBackups"]["pointInTimeRecoveryEnabled"] = 1; },
                    "spec.continuousBackups.pointInTimeRecoveryEnabled: expected a boolean"},
        InvalidCase{"BadContributorInsights", [](json& s) { s["contributorInsights"] = "ON"; },
                    "spec.contributorInsights: \"ON\" is not one of ENABLE, DISABLE"},
        InvalidCase{"PolicyNotJson", [](json& s) { s["resourcePolicy"] = "{not json"; },
                    "spec.resourcePolicy: is not a JSON policy document"},
        InvalidCase{"ReplicaWithoutRegion",
                    [](json& s) { s["tableReplicas"] = json::array({json::object()}); },
                    "spec.tableReplicas[0].regionName: required"},
        InvalidCase{"ReplicaTwice",
                    [](json& s) {
                      s["tableReplicas"] = {{{"regionName", "eu-west-1"}}, {{"regionName", "eu-west-1"}}};
                    },
                    "spec.tableReplicas[1].regionName: \"eu-west-1\" is listed twice"},
        InvalidCase{"SpecNotAnObject", [](json& s) { s = json::array(); },
                    "spec: expected an object, got a list"}),
    [](const ::testing::TestParamInfo<InvalidCase>& case_info) { return case_info.param.name; });

TEST(CreateTableInputTest, CarriesEverythingCreateTableTakes) {
  Result<TableSpec> spec = ParseTableSpec(FullSpec());
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  Result<ddb::CreateTableInput> input = CreateTableInputOf(*spec);
  ASSERT_TRUE(input.ok()) << input.status().ToString();
  EXPECT_EQ(input->table_name, "shop-orders");
  EXPECT_EQ(input->billing_mode, "PROVISIONED");
  EXPECT_EQ(input->provisioned_throughput, (ddb::ProvisionedThroughput{10, 5}));
  ASSERT_EQ(input->global_secondary_indexes.size(), 1u);
  EXPECT_EQ(input->global_secondary_indexes[0].provisioned_throughput,
            (ddb::ProvisionedThroughput{2, 1}));
  ASSERT_EQ(input->local_secondary_indexes.size(), 1u);
  EXPECT_EQ(input->stream_specification, (ddb::StreamSpecification{true, "NEW_IMAGE"}));
  EXPECT_EQ(input->sse_specification, (ddb::SSESpecification{true, "KMS", "alias/orders"}));
  EXPECT_EQ(input->table_class, "STANDARD_INFREQUENT_ACCESS");
  EXPECT_EQ(input->deletion_protection_enabled, true);
  EXPECT_EQ(input->tags, (std::vector<ddb::Tag>{{"env", "prod"}, {"team", "shop"}}));
  EXPECT_TRUE(input->resource_policy);
  // Only the attributes keys use, which AWS requires.
  EXPECT_EQ(input->attribute_definitions.size(), 4u);
}

TEST(CreateTableInputTest, DropsAttributeDefinitionsNoKeyUses) {
  Result<TableSpec> spec = ParseTableSpec(testing::OnDemandSpec());
  ASSERT_TRUE(spec.ok());
  Result<ddb::CreateTableInput> input = CreateTableInputOf(*spec);
  ASSERT_TRUE(input.ok()) << input.status().ToString();
  EXPECT_EQ(input->attribute_definitions,
            (std::vector<ddb::AttributeDefinition>{{"gsi1pk", "S"}, {"pk", "S"}}));
  EXPECT_FALSE(input->provisioned_throughput);
  EXPECT_EQ(input->on_demand_throughput, (ddb::OnDemandThroughput{100, 50}));
  EXPECT_EQ(input->sse_specification, (ddb::SSESpecification{true, "KMS", std::nullopt}));
}

TEST(CreateTableInputTest, ProvisionedByDefaultNeedsThroughput) {
  json spec = MinimalSpec();
  spec.erase("billingMode");
  Result<TableSpec> parsed = ParseTableSpec(spec);
  ASSERT_TRUE(parsed.ok());
  Result<ddb::CreateTableInput> input = CreateTableInputOf(*parsed);
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.status().code(), Code::kInvalidArgument);
  EXPECT_NE(input.status().message().find("spec.provisionedThroughput: required to create a table "
                                          "with billingMode PROVISIONED (the default)"),
            std::string::npos)
      << input.status().message();
}

TEST(CreateTableInputTest, ProvisionedIndexNeedsThroughput) {
  json spec = FullSpec();
  spec["globalSecondaryIndexes"][0].erase("provisionedThroughput");
  Result<TableSpec> parsed = ParseTableSpec(spec);
  ASSERT_TRUE(parsed.ok());
  Result<ddb::CreateTableInput> input = CreateTableInputOf(*parsed);
  ASSERT_FALSE(input.ok());
  EXPECT_NE(input.status().message().find("spec.globalSecondaryIndexes[0].provisionedThroughput"),
            std::string::npos);
}

TEST(CreateTableInputTest, AnUnresolvedReferenceWaits) {
  json spec = MinimalSpec();
  spec["sseSpecification"] = {{"enabled", true}, {"kmsMasterKeyRef", {{"from", {{"name", "k"}}}}}};
  Result<TableSpec> parsed = ParseTableSpec(spec);
  ASSERT_TRUE(parsed.ok());
  Result<ddb::CreateTableInput> input = CreateTableInputOf(*parsed);
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.status().code(), Code::kFailedPrecondition);
}

TEST(CreateTableInputTest, AwsOwnedKeySendsNoSseSpecification) {
  json spec = MinimalSpec();
  spec["sseSpecification"] = {{"enabled", false}};
  Result<TableSpec> parsed = ParseTableSpec(spec);
  ASSERT_TRUE(parsed.ok());
  Result<ddb::CreateTableInput> input = CreateTableInputOf(*parsed);
  ASSERT_TRUE(input.ok());
  EXPECT_FALSE(input->sse_specification);
}

TEST(ParseTableNameTest, ReadsOnlyTheName) {
  Result<std::string> name = ParseTableName({{"tableName", "orders"}, {"keySchema", "garbage"}});
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(*name, "orders");
  EXPECT_FALSE(ParseTableName(json::object()).ok());
}

}  // namespace
}  // namespace tk::services::dynamodb
