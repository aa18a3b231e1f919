// PlanTableUpdate: a converged table plans to nothing (every example, every
// spelling of the key); each difference plans exactly its step, in the
// documented order; AWS busy means wait; an index whose keys change is
// replaced in two steps; unset members are left alone.
#include "services/dynamodb/update_planner.h"

#include <gtest/gtest.h>

#include <string>

#include "services/dynamodb/table_steps.h"
#include "table_examples.h"

namespace tk::services::dynamodb {
namespace {

using nlohmann::json;
using testing::CreateAndConverge;
using testing::Describe;
using testing::FakeDynamoDbTable;
using testing::FullSpec;
using testing::MinimalSpec;
using testing::PlanFor;
using testing::SeedSpec;

std::vector<std::string> Operations(const runtime::Plan& plan) {
  std::vector<std::string> operations;
  for (const auto& step : plan.steps) operations.push_back(step.operation);
  return operations;
}

// The single step of `plan` (fails the test if there is not exactly one).
runtime::PlanStep OnlyStep(const runtime::Plan& plan) {
  EXPECT_EQ(plan.steps.size(), 1u) << Describe(plan);
  return plan.steps.empty() ? runtime::PlanStep{} : plan.steps.front();
}

// ---- The central property: converged means an empty plan -------------------

TEST(UpdatePlannerTest, EveryExampleConvergesToAnEmptyPlan) {
  for (const auto& [name, spec] : testing::ExampleSpecs()) {
    SCOPED_TRACE(name);
    FakeDynamoDbTable table = CreateAndConverge(spec);
    const runtime::Plan plan = PlanFor(spec, table.observed());
    EXPECT_TRUE(plan.Synced()) << Describe(plan);
    EXPECT_TRUE(plan.advisories.empty());
    // And again: planning is a pure function of what it is given.
    EXPECT_TRUE(PlanFor(spec, table.observed()).Synced());
  }
}

TEST(UpdatePlannerTest, FullSpecNeedsOnlyTheSeparateApisAfterCreateTable) {
  FakeDynamoDbTable table = CreateAndConverge(FullSpec());
  EXPECT_EQ(table.writes(), 3);  // TTL, point-in-time recovery, contributor insights
}

// DescribeTable's answer for a table under alias/orders, as AWS gives it:
// the key ARN, never the alias.
constexpr const char* kSeedDescribeTable = R"({
  "Table": {
    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
    "TableName": "orders",
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
    "TableStatus": "ACTIVE",
    "CreationDateTime": 1714564800.123,
    "ProvisionedThroughput": {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0},
    "TableSizeBytes": 0,
    "ItemCount": 0,
    "TableArn": "arn:aws:dynamodb:us-east-1:111122223333:table/orders",
    "TableId": "6a1c7e2e-0000-4000-8000-123456789abc",
    "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST", "LastUpdateToPayPerRequestDateTime": 1714564800.123},
    "SSEDescription": {
      "Status": "ENABLED",
      "SSEType": "KMS",
      "KMSMasterKeyArn": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    },
    "DeletionProtectionEnabled": false,
    "WarmThroughput": {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"}
  }
})";

ObservedTable SeedTableAsDescribed() {
  Result<ddb::TableDescription> table =
      ddb::FromJson<ddb::TableDescription>(json::parse(kSeedDescribeTable).at("Table"), "Table");
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  ObservedTable observed;
  if (table.ok()) observed.table = *table;
  return observed;
}

TEST(UpdatePlannerTest, AllFourKeyNamesConvergeAgainstDescribeTable) {
  const ObservedTable observed = SeedTableAsDescribed();
  for (const char* key : {testing::kOrdersKeyId, testing::kOrdersKeyArn, testing::kOrdersAlias,
                          testing::kOrdersAliasArn}) {
    SCOPED_TRACE(key);
    const runtime::Plan plan = PlanFor(SeedSpec(key), observed);
    EXPECT_TRUE(plan.Synced()) << Describe(plan);
  }
}

TEST(UpdatePlannerTest, ATableMadeWithOneKeyNameConvergesUnderTheOthers) {
  FakeDynamoDbTable table = CreateAndConverge(SeedSpec(testing::kOrdersAlias));
  for (const char* key : {testing::kOrdersKeyId, testing::kOrdersKeyArn, testing::kOrdersAliasArn}) {
    EXPECT_TRUE(PlanFor(SeedSpec(key), table.observed()).Synced()) << key;
  }
}

TEST(UpdatePlannerTest, UnsetMembersAreLeftAsAwsHasThem) {
  // A table with everything set, planned against the minimal spec of the
  // same keys: only what the minimal spec sets counts.
  json full = FullSpec();
  FakeDynamoDbTable table = CreateAndConverge(full);
  json spec = {{"tableName", full["tableName"]},
               {"attributeDefinitions", full["attributeDefinitions"]},
               {"keySchema", full["keySchema"]},
               {"sseSpecification", full["sseSpecification"]}};
  const runtime::Plan plan = PlanFor(spec, table.observed());
  EXPECT_TRUE(plan.Synced()) << Describe(plan);
}

// ---- Waiting for AWS -----------------------------------------------------------

TEST(UpdatePlannerTest, WaitsWhileTheTableIsNotActive) {
  FakeDynamoDbTable table = CreateAndConverge(MinimalSpec());
  table.mutable_observed().table.table_status = "UPDATING";
  json spec = MinimalSpec();
  spec["deletionProtectionEnabled"] = true;
  const runtime::Plan plan = PlanFor(spec, table.observed());
  EXPECT_TRUE(plan.steps.empty()) << Describe(plan);
  EXPECT_EQ(plan.waiting_for, "table orders is UPDATING");
  EXPECT_FALSE(plan.Synced());
}

TEST(UpdatePlannerTest, WaitsWhileAnIndexIsNotActive) {
  FakeDynamoDbTable table = CreateAndConverge(FullSpec());
  table.mutable_observed().table.global_secondary_indexes[0].index_status = "CREATING";
  const runtime::Plan plan = PlanFor(FullSpec(), table.observed());
  EXPECT_TRUE(plan.steps.empty());
  EXPECT_EQ(plan.waiting_for, "index byStatus of table shop-orders is CREATING");
}

TEST(UpdatePlannerTest, WaitsWhileAnIndexBackfills) {
  FakeDynamoDbTable table = CreateAndConverge(FullSpec());
  table.mutable_observed().table.global_secondary_indexes[0].backfilling = true;
  EXPECT_EQ(PlanFor(FullSpec(), table.observed()).waiting_for,
            "index byStatus of table shop-orders is backfilling");
}

TEST(UpdatePlannerTest, WaitsWhileTheEncryptionIsUpdating) {
  FakeDynamoDbTable table = CreateAndConverge(SeedSpec(testing::kOrdersAlias));
  table.mutable_observed().table.sse_description->status = "UPDATING";
  EXPECT_EQ(PlanFor(SeedSpec("alias/billing"), table.observed()).waiting_for,
            "the encryption of table orders is UPDATING");
}

TEST(UpdatePlannerTest, AnUnusableKeyWaitsLongAndSaysWhatToDo) {
  FakeDynamoDbTable table = CreateAndConverge(SeedSpec(testing::kOrdersAlias));
  table.mutable_observed().table.table_status = "INACCESSIBLE_ENCRYPTION_CREDENTIALS";
  const runtime::Plan plan = PlanFor(SeedSpec(testing::kOrdersAlias), table.observed());
  EXPECT_TRUE(plan.steps.empty());
  EXPECT_NE(plan.waiting_for.find("enable the key"), std::string::npos) << plan.waiting_for;
  EXPECT_NE(plan.waiting_for.find(testing::kOrdersKeyArn), std::string::npos);
  EXPECT_EQ(plan.requeue_after, std::chrono::minutes(5));
}

// ---- Indexes ---------------------------------------------------------------------

TEST(UpdatePlannerTest, AddingAnIndexCreatesItWithTheKeyDefinitions) {
  json spec = FullSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["attributeDefinitions"].push_back({{"attributeName", "sku"}, {"attributeType", "S"}});
  spec["globalSecondaryIndexes"].push_back(
      {{"indexName", "bySku"},
       {"keySchema", {{{"attributeName", "sku"}, {"keyType", "HASH"}}}},
       {"projection", {{"projectionType", "KEYS_ONLY"}}},
       {"provisionedThroughput", {{"readCapacityUnits", 1}, {"writeCapacityUnits", 1}}}});
  const runtime::PlanStep step = OnlyStep(PlanFor(spec, table.observed()));
  EXPECT_EQ(step.operation, "UpdateTable");
  EXPECT_EQ(step.fields, (std::vector<std::string>{"spec.globalSecondaryIndexes[1]"}));
  const json expected = json::parse(R"({
    "TableName": "shop-orders",
    "AttributeDefinitions": [
      {"AttributeName": "customer", "AttributeType": "S"},
      {"AttributeName": "orderId", "AttributeType": "S"},
      {"AttributeName": "placedAt", "AttributeType": "N"},
      {"AttributeName": "sku", "AttributeType": "S"},
      {"AttributeName": "status", "AttributeType": "S"}
    ],
    "GlobalSecondaryIndexUpdates": [{"Create": {
      "IndexName": "bySku",
      "KeySchema": [{"AttributeName": "sku", "KeyType": "HASH"}],
      "Projection": {"ProjectionType": "KEYS_ONLY"},
      "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
    }}]
  })");
  EXPECT_EQ(step.request, expected) << step.request.dump(2);
  testing::Converge(spec, table);
  EXPECT_EQ(table.writes(), 4);
}

TEST(UpdatePlannerTest, RemovingAnIndexDeletesIt) {
  json spec = FullSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["globalSecondaryIndexes"] = json::array();
  const runtime::PlanStep step = OnlyStep(PlanFor(spec, table.observed()));
  EXPECT_EQ(step.request, json::parse(R"({"TableName": "shop-orders",
      "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "byStatus"}}]})"));
  EXPECT_NE(step.description.find("not in spec.globalSecondaryIndexes"), std::string::npos);
}

TEST(UpdatePlannerTest, IndexesLeftOutOfTheSpecAreNotManaged) {
  json spec = FullSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec.erase("globalSecondaryIndexes");
  EXPECT_TRUE(PlanFor(spec, table.observed()).Synced());
}

TEST(UpdatePlannerTest, AnIndexWhoseKeysChangeIsReplacedInTwoSteps) {
  json spec = FullSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["globalSecondaryIndexes"][0]["keySchema"] = {{{"attributeName", "status"}, {"keyType", "HASH"}}};
  const runtime::Plan plan = PlanFor(spec, table.observed());
  ASSERT_EQ(plan.steps.size(), 2u) << Describe(plan);
  EXPECT_TRUE(plan.steps[0].request.dump().find("\"Delete\"") != std::string::npos);
  EXPECT_TRUE(plan.steps[1].request.dump().find("\"Create\"") != std::string::npos);
  EXPECT_NE(plan.steps[0].description.find("key schema changes"), std::string::npos);
  const int before = table.writes();
  testing::Converge(spec, table);
  EXPECT_EQ(table.writes() - before, 2);
}

TEST(UpdatePlannerTest, AnIndexWhoseProjectionChangesIsReplaced) {
  json spec = FullSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["globalSecondaryIndexes"][0]["projection"] = {{"projectionType", "ALL"}};
  const runtime::Plan plan = PlanFor(spec, table.observed());
  ASSERT_EQ(plan.steps.size(), 2u) << Describe(plan);
  EXPECT_NE(plan.steps[0].description.find("projection changes from INCLUDE to ALL"),
            std::string::npos);
  const int before = table.writes();
  testing::Converge(spec, table);
  EXPECT_EQ(table.writes() - before, 2);
}

TEST(UpdatePlannerTest, AnIndexKeyAttributeTypeChangeReplacesTheIndex) {
  json spec = FullSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["attributeDefinitions"][3]["attributeType"] = "N";  // status: S -> N
  const runtime::Plan plan = PlanFor(spec, table.observed());
  ASSERT_EQ(plan.steps.size(), 2u) << Describe(plan);
  EXPECT_NE(plan.steps[0].description.find("type of its key attribute status changes from S to N"),
            std::string::npos);
}

TEST(UpdatePlannerTest, NonKeyAttributesCompareAsASet) {
  json spec = FullSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["globalSecondaryIndexes"][0]["projection"]["nonKeyAttributes"] = {"currency", "total"};
  EXPECT_TRUE(PlanFor(spec, table.observed()).Synced());
}

TEST(UpdatePlannerTest, AttributeDefinitionsCompareAsASetOfKeyAttributes) {
  json spec = FullSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  std::reverse(spec["attributeDefinitions"].begin(), spec["attributeDefinitions"].end());
  spec["attributeDefinitions"].push_back({{"attributeName", "unused"}, {"attributeType", "B"}});
  EXPECT_TRUE(PlanFor(spec, table.observed()).Synced());
}

TEST(UpdatePlannerTest, IndexThroughputChangeIsOneStep) {
  json spec = FullSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["globalSecondaryIndexes"][0]["provisionedThroughput"]["readCapacityUnits"] = 7;
  const runtime::PlanStep step = OnlyStep(PlanFor(spec, table.observed()));
  EXPECT_EQ(step.request, json::parse(R"({"TableName": "shop-orders",
      "GlobalSecondaryIndexUpdates": [{"Update": {"IndexName": "byStatus",
        "ProvisionedThroughput": {"ReadCapacityUnits": 7, "WriteCapacityUnits": 1}}}]})"));
}

TEST(UpdatePlannerTest, OneIndexCreateOrDeletePerStep) {
  json spec = FullSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["attributeDefinitions"].push_back({{"attributeName", "a"}, {"attributeType", "S"}});
  spec["attributeDefinitions"].push_back({{"attributeName", "b"}, {"attributeType", "S"}});
  const auto index = [](const char* name, const char* key) {
    return json{{"indexName", name},
                {"keySchema", {{{"attributeName", key}, {"keyType", "HASH"}}}},
                {"projection", {{"projectionType", "ALL"}}},
                {"provisionedThroughput", {{"readCapacityUnits", 1}, {"writeCapacityUnits", 1}}}};
  };
  spec["globalSecondaryIndexes"] = {index("byA", "a"), index("byB", "b")};
  const runtime::Plan plan = PlanFor(spec, table.observed());
  ASSERT_EQ(plan.steps.size(), 3u) << Describe(plan);  // delete byStatus, create byA, create byB
  const int before = table.writes();
  testing::Converge(spec, table);  // the fake fails on two index changes in one call
  EXPECT_EQ(table.writes() - before, 3);
}

// ---- Capacity --------------------------------------------------------------------

TEST(UpdatePlannerTest, ThroughputChangeIsOneStep) {
  json spec = FullSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["provisionedThroughput"] = {{"readCapacityUnits", 20}, {"writeCapacityUnits", 5}};
  const runtime::PlanStep step = OnlyStep(PlanFor(spec, table.observed()));
  EXPECT_EQ(step.request, json::parse(R"({"TableName": "shop-orders",
      "ProvisionedThroughput": {"ReadCapacityUnits": 20, "WriteCapacityUnits": 5}})"));
  EXPECT_EQ(step.fields, (std::vector<std::string>{"spec.provisionedThroughput"}));
}

TEST(UpdatePlannerTest, SwitchToProvisionedCarriesTheIndexThroughputs) {
  json spec = testing::OnDemandSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["billingMode"] = "PROVISIONED";
  spec.erase("onDemandThroughput");
  spec["provisionedThroughput"] = {{"readCapacityUnits", 5}, {"writeCapacityUnits", 5}};
  spec["globalSecondaryIndexes"][0].erase("onDemandThroughput");
  spec["globalSecondaryIndexes"][0]["provisionedThroughput"] = {{"readCapacityUnits", 2},
                                                                {"writeCapacityUnits", 3}};
  const runtime::PlanStep step = OnlyStep(PlanFor(spec, table.observed()));
  EXPECT_EQ(step.request, json::parse(R"({"TableName": "events", "BillingMode": "PROVISIONED",
      "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
      "GlobalSecondaryIndexUpdates": [{"Update": {"IndexName": "gsi1",
        "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 3}}}]})"));
  EXPECT_EQ(step.fields, (std::vector<std::string>{"spec.billingMode", "spec.provisionedThroughput",
                                                   "spec.globalSecondaryIndexes"}));
  testing::Converge(spec, table);
  EXPECT_TRUE(PlanFor(spec, table.observed()).Synced());
}

TEST(UpdatePlannerTest, SwitchToPayPerRequestIsOneStep) {
  json spec = FullSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["billingMode"] = "PAY_PER_REQUEST";
  spec.erase("provisionedThroughput");
  spec["globalSecondaryIndexes"][0].erase("provisionedThroughput");
  const runtime::PlanStep step = OnlyStep(PlanFor(spec, table.observed()));
  EXPECT_EQ(step.request, json::parse(R"({"TableName": "shop-orders", "BillingMode": "PAY_PER_REQUEST"})"));
  testing::Converge(spec, table);
  EXPECT_TRUE(PlanFor(spec, table.observed()).Synced());
}

TEST(UpdatePlannerTest, SwitchToProvisionedWithoutThroughputIsRefused) {
  FakeDynamoDbTable table = CreateAndConverge(MinimalSpec());
  json spec = MinimalSpec();
  spec["billingMode"] = "PROVISIONED";
  const TableSpec parsed = testing::MustParse(spec);
  Result<runtime::Plan> plan = PlanTableUpdate(parsed, table.observed(), {});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), Code::kInvalidArgument);
  EXPECT_NE(plan.status().message().find("spec.provisionedThroughput: required to switch billingMode "
                                         "to PROVISIONED"),
            std::string::npos)
      << plan.status().message();
}

TEST(UpdatePlannerTest, SwitchToProvisionedNeedsUnlistedIndexes) {
  json spec = testing::OnDemandSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["billingMode"] = "PROVISIONED";
  spec.erase("onDemandThroughput");
  spec.erase("globalSecondaryIndexes");
  spec["provisionedThroughput"] = {{"readCapacityUnits", 5}, {"writeCapacityUnits", 5}};
  const TableSpec parsed = testing::MustParse(spec);
  Result<runtime::Plan> plan = PlanTableUpdate(parsed, table.observed(), {});
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("throughput of index gsi1"), std::string::npos);
}

TEST(UpdatePlannerTest, OnDemandMaximumsCompareTheMembersSet) {
  json spec = testing::OnDemandSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["onDemandThroughput"] = {{"maxReadRequestUnits", 200}};
  const runtime::PlanStep step = OnlyStep(PlanFor(spec, table.observed()));
  EXPECT_EQ(step.request, json::parse(R"({"TableName": "events",
      "OnDemandThroughput": {"MaxReadRequestUnits": 200}})"));
}

// ---- Stream, encryption, class, protection ---------------------------------------------

TEST(UpdatePlannerTest, StreamEnableAndDisable) {
  json spec = testing::AckBasicSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["streamSpecification"] = {{"streamEnabled", false}};
  EXPECT_EQ(OnlyStep(PlanFor(spec, table.observed())).request,
            json::parse(R"({"TableName": "forums", "StreamSpecification": {"StreamEnabled": false}})"));
  testing::Converge(spec, table);
  spec["streamSpecification"] = {{"streamEnabled", true}, {"streamViewType", "KEYS_ONLY"}};
  EXPECT_EQ(OnlyStep(PlanFor(spec, table.observed())).request,
            json::parse(R"({"TableName": "forums",
                "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "KEYS_ONLY"}})"));
}

TEST(UpdatePlannerTest, StreamViewTypeChangeIsDisableThenEnable) {
  json spec = testing::AckBasicSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["streamSpecification"]["streamViewType"] = "KEYS_ONLY";
  const std::vector<runtime::PlanStep> taken = testing::Converge(spec, table);
  ASSERT_EQ(taken.size(), 2u);
  EXPECT_EQ(taken[0].request["StreamSpecification"], json::parse(R"({"StreamEnabled": false})"));
  EXPECT_EQ(taken[1].request["StreamSpecification"]["StreamViewType"], "KEYS_ONLY");
}

struct KeySwitch {
  std::string name;
  json from_sse;  // null: no sseSpecification
  json to_sse;
  json expected_sse;  // the step's SSESpecification; null: no step
};

class EncryptionSwitchTest : public ::testing::TestWithParam<KeySwitch> {};

TEST_P(EncryptionSwitchTest, IsOneSseStep) {
  json from = MinimalSpec();
  if (!GetParam().from_sse.is_null()) from["sseSpecification"] = GetParam().from_sse;
  json to = MinimalSpec();
  if (!GetParam().to_sse.is_null()) to["sseSpecification"] = GetParam().to_sse;
  FakeDynamoDbTable table = CreateAndConverge(from);
  const runtime::Plan plan = PlanFor(to, table.observed());
  if (GetParam().expected_sse.is_null()) {
    EXPECT_TRUE(plan.Synced()) << Describe(plan);
    return;
  }
  const runtime::PlanStep step = OnlyStep(plan);
  EXPECT_EQ(step.operation, "UpdateTable");
  EXPECT_EQ(step.fields, (std::vector<std::string>{"spec.sseSpecification"}));
  EXPECT_EQ(step.request, (json{{"TableName", "orders"}, {"SSESpecification", GetParam().expected_sse}}))
      << step.request.dump();
  testing::Converge(to, table);
  EXPECT_TRUE(PlanFor(to, table.observed()).Synced());
}

const json kOwned = {{"enabled", false}};
const json kManaged = {{"enabled", true}};
const json kOrders = {{"enabled", true}, {"sseType", "KMS"}, {"kmsMasterKeyID", "alias/orders"}};
const json kOrdersById = {{"enabled", true}, {"kmsMasterKeyID", testing::kOrdersKeyId}};
const json kBilling = {{"enabled", true}, {"sseType", "KMS"}, {"kmsMasterKeyID", "alias/billing"}};

INSTANTIATE_TEST_SUITE_P(
    Keys, EncryptionSwitchTest,
    ::testing::Values(
        KeySwitch{"OwnedToCustomer", kOwned, kOrders,
                  {{"Enabled", true}, {"SSEType", "KMS"}, {"KMSMasterKeyId", testing::kOrdersKeyArn}}},
        KeySwitch{"NoSpecToCustomer", nullptr, kOrders,
                  {{"Enabled", true}, {"SSEType", "KMS"}, {"KMSMasterKeyId", testing::kOrdersKeyArn}}},
        KeySwitch{"CustomerToCustomer", kOrders, kBilling,
                  {{"Enabled", true}, {"SSEType", "KMS"}, {"KMSMasterKeyId", testing::kBillingKeyArn}}},
        KeySwitch{"SameKeyOtherName", kOrders, kOrdersById, nullptr},
        KeySwitch{"CustomerToManaged", kOrders, kManaged,
                  {{"Enabled", true}, {"SSEType", "KMS"}, {"KMSMasterKeyId", testing::kManagedKeyArn}}},
        KeySwitch{"OwnedToManaged", kOwned, kManaged, {{"Enabled", true}, {"SSEType", "KMS"}}},
        KeySwitch{"ManagedToCustomer", kManaged, kOrders,
                  {{"Enabled", true}, {"SSEType", "KMS"}, {"KMSMasterKeyId", testing::kOrdersKeyArn}}},
        KeySwitch{"ManagedToOwned", kManaged, kOwned, {{"Enabled", false}}},
        KeySwitch{"CustomerToOwned", kOrders, kOwned, {{"Enabled", false}}},
        KeySwitch{"CustomerToNoSpec", kOrders, nullptr, {{"Enabled", false}}},
        KeySwitch{"ManagedStaysManaged", kManaged, {{"sseType", "KMS"}}, nullptr},
        KeySwitch{"OwnedStaysOwned", nullptr, kOwned, nullptr}),
    [](const ::testing::TestParamInfo<KeySwitch>& case_info) { return case_info.param.name; });

TEST(UpdatePlannerTest, TheSameKeyInAnyFormGivesTheSameFingerprint) {
  FakeDynamoDbTable table = CreateAndConverge(MinimalSpec());
  std::set<std::string> fingerprints;
  for (const char* key : {testing::kOrdersKeyId, testing::kOrdersKeyArn, testing::kOrdersAlias,
                          testing::kOrdersAliasArn}) {
    fingerprints.insert(OnlyStep(PlanFor(SeedSpec(key), table.observed())).fingerprint);
  }
  EXPECT_EQ(fingerprints.size(), 1u);
  EXPECT_NE(*fingerprints.begin(),
            OnlyStep(PlanFor(SeedSpec("alias/billing"), table.observed())).fingerprint);
}

TEST(UpdatePlannerTest, AMissingCanonicalKeyIsAnInternalError) {
  FakeDynamoDbTable table = CreateAndConverge(MinimalSpec());
  Result<runtime::Plan> plan =
      PlanTableUpdate(testing::MustParse(SeedSpec("alias/orders")), table.observed(), {});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), Code::kInternal);
}

TEST(UpdatePlannerTest, KeysToCanonicaliseAsksOnlyForWhatIsCompared) {
  FakeDynamoDbTable owned = CreateAndConverge(MinimalSpec());
  FakeDynamoDbTable encrypted = CreateAndConverge(SeedSpec("alias/orders"));
  json managed = MinimalSpec();
  managed["sseSpecification"] = kManaged;
  // The managed key needs no ARN while the table is under the owned key.
  EXPECT_FALSE(KeysToCanonicalise(testing::MustParse(managed), owned.observed())->sse_key);
  EXPECT_EQ(KeysToCanonicalise(testing::MustParse(managed), encrypted.observed())->sse_key,
            "alias/aws/dynamodb");
  EXPECT_EQ(KeysToCanonicalise(testing::MustParse(SeedSpec("alias/x")), owned.observed())->sse_key,
            "alias/x");
  EXPECT_FALSE(KeysToCanonicalise(testing::MustParse(MinimalSpec()), encrypted.observed())->sse_key);
  json unresolved = MinimalSpec();
  unresolved["sseSpecification"] = {{"kmsMasterKeyRef", {{"from", {{"name", "k"}}}}}};
  Result<KeyNames> names = KeysToCanonicalise(testing::MustParse(unresolved), owned.observed());
  ASSERT_FALSE(names.ok());
  EXPECT_EQ(names.status().code(), Code::kFailedPrecondition);
}

TEST(UpdatePlannerTest, TableClassAndDeletionProtection) {
  json spec = MinimalSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["tableClass"] = "STANDARD";  // AWS's default: nothing to do
  EXPECT_TRUE(PlanFor(spec, table.observed()).Synced());
  spec["tableClass"] = "STANDARD_INFREQUENT_ACCESS";
  EXPECT_EQ(OnlyStep(PlanFor(spec, table.observed())).request,
            json::parse(R"({"TableName": "orders", "TableClass": "STANDARD_INFREQUENT_ACCESS"})"));
  spec.erase("tableClass");
  spec["deletionProtectionEnabled"] = false;  // AWS's default
  EXPECT_TRUE(PlanFor(spec, table.observed()).Synced());
  spec["deletionProtectionEnabled"] = true;
  const runtime::PlanStep step = OnlyStep(PlanFor(spec, table.observed()));
  EXPECT_EQ(step.request, json::parse(R"({"TableName": "orders", "DeletionProtectionEnabled": true})"));
  EXPECT_EQ(step.description, "turn deletion protection on");
}

// ---- The separate APIs -------------------------------------------------------------------

TEST(UpdatePlannerTest, TimeToLiveEnableChangeDisable) {
  json spec = MinimalSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["timeToLive"] = {{"enabled", true}, {"attributeName", "expiresAt"}};
  runtime::PlanStep step = OnlyStep(PlanFor(spec, table.observed()));
  EXPECT_EQ(step.operation, "UpdateTimeToLive");
  EXPECT_EQ(step.request, json::parse(R"({"TableName": "orders",
      "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "expiresAt"}})"));
  testing::Converge(spec, table);

  spec["timeToLive"]["attributeName"] = "ttl";
  const std::vector<runtime::PlanStep> taken = testing::Converge(spec, table);
  ASSERT_EQ(taken.size(), 2u);  // disable on expiresAt, then enable on ttl
  EXPECT_EQ(taken[0].request["TimeToLiveSpecification"],
            json::parse(R"({"Enabled": false, "AttributeName": "expiresAt"})"));
  EXPECT_EQ(taken[1].request["TimeToLiveSpecification"],
            json::parse(R"({"Enabled": true, "AttributeName": "ttl"})"));

  spec["timeToLive"] = {{"enabled", false}};
  step = OnlyStep(PlanFor(spec, table.observed()));
  EXPECT_EQ(step.request["TimeToLiveSpecification"],
            json::parse(R"({"Enabled": false, "AttributeName": "ttl"})"));
}

TEST(UpdatePlannerTest, TimeToLiveInTransitionWaitsOnlyWhenNothingElseIsToDo) {
  json spec = MinimalSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  table.mutable_observed().time_to_live = ddb::TimeToLiveDescription{"DISABLING", "old"};
  spec["timeToLive"] = {{"enabled", true}, {"attributeName", "expiresAt"}};
  runtime::Plan plan = PlanFor(spec, table.observed());
  EXPECT_TRUE(plan.steps.empty());
  EXPECT_EQ(plan.waiting_for, "time to live is DISABLING (on attribute old)");
  spec["deletionProtectionEnabled"] = true;
  plan = PlanFor(spec, table.observed());
  EXPECT_EQ(Operations(plan), (std::vector<std::string>{"UpdateTable"}));
  EXPECT_TRUE(plan.waiting_for.empty());
}

TEST(UpdatePlannerTest, PointInTimeRecovery) {
  json spec = MinimalSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["continuousBackups"] = {{"pointInTimeRecoveryEnabled", false}};
  EXPECT_TRUE(PlanFor(spec, table.observed()).Synced());
  spec["continuousBackups"]["pointInTimeRecoveryEnabled"] = true;
  const runtime::PlanStep step = OnlyStep(PlanFor(spec, table.observed()));
  EXPECT_EQ(step.operation, "UpdateContinuousBackups");
  EXPECT_EQ(step.request, json::parse(R"({"TableName": "orders",
      "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true}})"));
}

TEST(UpdatePlannerTest, ContributorInsights) {
  json spec = MinimalSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["contributorInsights"] = "ENABLE";
  const runtime::PlanStep step = OnlyStep(PlanFor(spec, table.observed()));
  EXPECT_EQ(step.operation, "UpdateContributorInsights");
  EXPECT_EQ(step.request,
            json::parse(R"({"TableName": "orders", "ContributorInsightsAction": "ENABLE"})"));
  table.mutable_observed().contributor_insights->contributor_insights_status = "ENABLING";
  EXPECT_TRUE(PlanFor(spec, table.observed()).Synced());
  spec["contributorInsights"] = "DISABLE";
  EXPECT_EQ(PlanFor(spec, table.observed()).waiting_for, "contributor insights are ENABLING");
}

TEST(UpdatePlannerTest, TagsCompareAsAMap) {
  json spec = FullSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  // Another order, and AWS's own tag: nothing to do.
  spec["tags"] = {{{"key", "team"}, {"value", "shop"}}, {{"key", "env"}, {"value", "prod"}}};
  table.mutable_observed().tags->push_back({"aws:cloudformation:stack-name", "x"});
  EXPECT_TRUE(PlanFor(spec, table.observed()).Synced());

  spec["tags"] = {{{"key", "team"}, {"value", "checkout"}}, {{"key", "cost"}, {"value", "42"}}};
  const runtime::Plan plan = PlanFor(spec, table.observed());
  ASSERT_EQ(Operations(plan), (std::vector<std::string>{"TagResource", "UntagResource"}));
  const std::string arn = "arn:aws:dynamodb:us-east-1:111122223333:table/shop-orders";
  EXPECT_EQ(plan.steps[0].request,
            (json{{"ResourceArn", arn},
                  {"Tags", {{{"Key", "cost"}, {"Value", "42"}}, {{"Key", "team"}, {"Value", "checkout"}}}}}));
  EXPECT_EQ(plan.steps[1].request, (json{{"ResourceArn", arn}, {"TagKeys", {"env"}}}));
  testing::Converge(spec, table);
  EXPECT_TRUE(PlanFor(spec, table.observed()).Synced());
}

TEST(UpdatePlannerTest, ResourcePolicyComparesByMeaning) {
  json spec = FullSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  // AWS's form of the same document: one-item lists, the account's root ARN.
  table.mutable_observed().resource_policy->document = R"({"Statement":[{"Resource":["*"],
      "Action":["dynamodb:GetItem"],"Principal":{"AWS":["arn:aws:iam::111122223333:root"]},
      "Effect":"Allow"}],"Version":"2012-10-17"})";
  EXPECT_TRUE(PlanFor(spec, table.observed()).Synced());

  spec["resourcePolicy"] = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny",
      "Principal": "*", "Action": "dynamodb:DeleteTable", "Resource": "*"}]})";
  runtime::PlanStep step = OnlyStep(PlanFor(spec, table.observed()));
  EXPECT_EQ(step.operation, "PutResourcePolicy");
  EXPECT_EQ(step.request["Policy"], spec["resourcePolicy"]);
  testing::Converge(spec, table);

  spec["resourcePolicy"] = "";
  step = OnlyStep(PlanFor(spec, table.observed()));
  EXPECT_EQ(step.operation, "DeleteResourcePolicy");
  testing::Converge(spec, table);
  EXPECT_FALSE(table.observed().resource_policy->document);
}

TEST(UpdatePlannerTest, PartsThatWereNotReadPlanNothing) {
  json spec = FullSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  ObservedTable observed = table.observed();
  observed.time_to_live.reset();
  observed.continuous_backups.reset();
  observed.contributor_insights.reset();
  observed.tags.reset();
  observed.resource_policy.reset();
  spec["timeToLive"]["enabled"] = false;
  spec["continuousBackups"]["pointInTimeRecoveryEnabled"] = false;
  spec["tags"] = json::array();
  EXPECT_TRUE(PlanFor(spec, observed).Synced());
}

// ---- Replicas ---------------------------------------------------------------------------

TEST(UpdatePlannerTest, ReplicasOnePerStep) {
  json spec = testing::AckBasicSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  ddb::ReplicaDescription own;
  own.region_name = "us-east-1";
  own.replica_status = "ACTIVE";
  ddb::ReplicaDescription old;
  old.region_name = "ap-south-1";
  old.replica_status = "ACTIVE";
  table.mutable_observed().table.replicas = {own, old};
  spec["tableReplicas"] = {{{"regionName", "eu-west-1"}, {"kmsMasterKeyID", "alias/orders"}},
                           {{"regionName", "us-west-2"}}};
  const runtime::Plan plan = PlanFor(spec, table.observed());
  ASSERT_EQ(plan.steps.size(), 3u) << Describe(plan);
  EXPECT_EQ(plan.steps[0].request["ReplicaUpdates"],
            json::parse(R"([{"Delete": {"RegionName": "ap-south-1"}}])"));
  EXPECT_EQ(plan.steps[1].request["ReplicaUpdates"],
            (json{{{"Create", {{"RegionName", "eu-west-1"}, {"KMSMasterKeyId", testing::kOrdersKeyArn}}}}}));
  EXPECT_EQ(plan.steps[2].request["ReplicaUpdates"],
            json::parse(R"([{"Create": {"RegionName": "us-west-2"}}])"));
  for (const auto& step : plan.steps) EXPECT_EQ(step.fields, (std::vector<std::string>{"spec.tableReplicas"}));
}

TEST(UpdatePlannerTest, AReplicaNotActiveMakesTheTableWait) {
  FakeDynamoDbTable table = CreateAndConverge(testing::AckBasicSpec());
  ddb::ReplicaDescription replica;
  replica.region_name = "eu-west-1";
  replica.replica_status = "CREATING";
  table.mutable_observed().table.replicas = {replica};
  EXPECT_EQ(PlanFor(testing::AckBasicSpec(), table.observed()).waiting_for,
            "replica eu-west-1 of table forums is CREATING");
}

// ---- Order and what AWS cannot change ------------------------------------------------------

TEST(UpdatePlannerTest, StepsFollowTheDocumentedOrder) {
  json spec = FullSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["attributeDefinitions"].push_back({{"attributeName", "sku"}, {"attributeType", "S"}});
  spec["globalSecondaryIndexes"] = {
      {{"indexName", "bySku"},
       {"keySchema", {{{"attributeName", "sku"}, {"keyType", "HASH"}}}},
       {"projection", {{"projectionType", "ALL"}}},
       {"provisionedThroughput", {{"readCapacityUnits", 1}, {"writeCapacityUnits", 1}}}}};
  spec["provisionedThroughput"]["readCapacityUnits"] = 11;
  spec["streamSpecification"] = {{"streamEnabled", false}};
  spec["sseSpecification"]["kmsMasterKeyID"] = "alias/billing";
  spec["tableClass"] = "STANDARD";
  spec["deletionProtectionEnabled"] = false;
  spec["timeToLive"]["enabled"] = false;
  spec["continuousBackups"]["pointInTimeRecoveryEnabled"] = false;
  spec["contributorInsights"] = "DISABLE";
  spec["tags"] = {{{"key", "team"}, {"value", "other"}}};
  spec["resourcePolicy"] = "";
  const runtime::Plan plan = PlanFor(spec, table.observed());
  std::vector<std::string> fields;
  for (const auto& step : plan.steps) fields.push_back(step.fields.front());
  EXPECT_EQ(fields, (std::vector<std::string>{
                        "spec.globalSecondaryIndexes",     // delete byStatus
                        "spec.provisionedThroughput",      // table throughput
                        "spec.globalSecondaryIndexes[0]",  // create bySku
                        "spec.streamSpecification",
                        "spec.sseSpecification",
                        "spec.tableClass",
                        "spec.deletionProtectionEnabled",
                        "spec.timeToLive",
                        "spec.continuousBackups",
                        "spec.contributorInsights",
                        "spec.tags",  // TagResource
                        "spec.tags",  // UntagResource
                        "spec.resourcePolicy",
                    }))
      << Describe(plan);
  for (const auto& step : plan.steps) EXPECT_EQ(step.fingerprint, StepFingerprint(step.operation, step.request));
  testing::Converge(spec, table, 20);
  EXPECT_TRUE(PlanFor(spec, table.observed()).Synced());
}

TEST(UpdatePlannerTest, KeySchemaChangesAreAdvisoriesNotSteps) {
  json spec = testing::AckBasicSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["keySchema"] = {{{"attributeName", "ForumName"}, {"keyType", "HASH"}}};
  spec["attributeDefinitions"][0]["attributeType"] = "N";
  const runtime::Plan plan = PlanFor(spec, table.observed());
  EXPECT_TRUE(plan.steps.empty());
  ASSERT_EQ(plan.advisories.size(), 2u);
  EXPECT_NE(plan.advisories[0].find("spec.keySchema: the table's key schema is (ForumName HASH, "
                                    "LastPostDateTime RANGE)"),
            std::string::npos)
      << plan.advisories[0];
  EXPECT_NE(plan.advisories[1].find("attribute ForumName is of type S in the table, N in the spec"),
            std::string::npos)
      << plan.advisories[1];
}

TEST(UpdatePlannerTest, LocalIndexChangesAreAdvisories) {
  json spec = FullSpec();
  FakeDynamoDbTable table = CreateAndConverge(spec);
  spec["localSecondaryIndexes"][0]["projection"] = {{"projectionType", "ALL"}};
  const runtime::Plan plan = PlanFor(spec, table.observed());
  EXPECT_TRUE(plan.steps.empty());
  ASSERT_EQ(plan.advisories.size(), 1u);
  EXPECT_NE(plan.advisories[0].find("spec.localSecondaryIndexes"), std::string::npos);
}

}  // namespace
}  // namespace tk::services::dynamodb
