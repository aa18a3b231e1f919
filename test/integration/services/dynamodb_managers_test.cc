// The Table manager against the AWS emulator (moto with our patches),
// driven directly, without Kubernetes, through the emulator's lifecycle
// delays: the seed scenario (a customer key named by alias, converged, then
// zero UpdateTable and zero KMS calls however often it is planned, in every
// spelling of the key), switching keys in one SSE step, indexes added,
// replaced and removed, billing mode both ways, stream and table class, tags,
// TTL, point-in-time recovery, resource policy, a key reference, and
// deletion with and without deletion protection. Needs the environment of
// testenv/up.sh's env.sh.
//
// Where the emulator departs from AWS, the test says so and skips that
// assertion (GTEST_SKIP naming the gap).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "dynamodb_test_world.h"

namespace tk::services::dynamodb::testing {
namespace {

using nlohmann::json;

class DynamoDbManagersTest : public DynamoDbWorld {
 protected:
  aws::dynamodb::TableDescription Describe(const std::string& name) {
    auto table = dynamodb().DescribeTable(name);
    EXPECT_TRUE(table.ok()) << table.status().ToString();
    return table.ok() ? *table : aws::dynamodb::TableDescription{};
  }
  std::string NameOf(const json& object) { return object["spec"]["tableName"].get<std::string>(); }

  // Plans `object` `rounds` times; each plan must be empty.
  void ExpectQuiet(const json& object, int rounds) {
    for (int i = 0; i < rounds; ++i) {
      Result<runtime::Plan> plan = PlanNow(object);
      ASSERT_TRUE(plan.ok()) << plan.status().ToString();
      ASSERT_TRUE(plan->Synced()) << plan->waiting_for
                                  << (plan->steps.empty() ? "" : plan->steps[0].description);
    }
  }

  // Calls Delete (after Observe) until the table is gone.
  void DeleteUntilGone(json& object) {
    const auto deadline = std::chrono::steady_clock::now() + kSettleTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
      Result<runtime::DeleteOutcome> outcome = DeleteNow(object);
      ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
      if (outcome->gone) return;
      std::this_thread::sleep_for(kPollInterval);
    }
    FAIL() << "table " << NameOf(object) << " not gone after " << kSettleTimeout.count() << " s";
  }
};

json WithSse(json spec, const std::string& key_name) {
  spec["sseSpecification"] = {{"enabled", true}, {"sseType", "KMS"}, {"kmsMasterKeyID", key_name}};
  return spec;
}

TEST_F(DynamoDbManagersTest, SeedScenarioConvergesAndThenCostsNoWrite) {
  const Key key = NewKey();
  json table = NewTable(WithSse(OnDemandSpec(), key.alias));
  EXPECT_EQ(Converge(table), Writes{"CreateTable"});
  EXPECT_EQ(table["status"]["tableStatus"], "ACTIVE");
  EXPECT_EQ(table["status"]["sseDescription"]["kmsMasterKeyARN"], key.arn) << table["status"].dump();
  EXPECT_EQ(table["status"]["ackResourceMetadata"]["arn"],
            fmt::format("arn:aws:dynamodb:{}:{}:table/{}", kRegion, kAccount, NameOf(table)));
  EXPECT_EQ(table["status"]["ackResourceMetadata"]["ownerAccountID"], kAccount);
  // tableID is not asserted: moto 5.2.5 reports no TableId (emulator gap).
  EXPECT_TRUE(table["status"]["creationDateTime"].is_string());

  // Every spelling of the key: the same key, nothing to do. The first round
  // fills the key identity cache.
  const std::vector<std::string> names = {key.id, key.arn, key.alias, key.alias_arn};
  for (const std::string& name : names) {
    table["spec"]["sseSpecification"]["kmsMasterKeyID"] = name;
    SCOPED_TRACE(name);
    ExpectQuiet(table, 1);
  }
  // Steady state: five resyncs of each spelling, zero writes, zero KMS calls.
  const long long updates = emulator_.Count("dynamodb:UpdateTable");
  const long long describe_key = emulator_.Count("kms:DescribeKey");
  const long long describe_table = emulator_.Count("dynamodb:DescribeTable");
  for (const std::string& name : names) {
    table["spec"]["sseSpecification"]["kmsMasterKeyID"] = name;
    SCOPED_TRACE(name);
    ExpectQuiet(table, 5);
  }
  EXPECT_EQ(emulator_.Count("dynamodb:UpdateTable") - updates, 0);
  EXPECT_EQ(emulator_.Count("kms:DescribeKey") - describe_key, 0);
  EXPECT_EQ(emulator_.Count("dynamodb:DescribeTable") - describe_table, 20)
      << "one DescribeTable per plan, nothing else";
  EXPECT_EQ(metrics_.Calls("dynamodb", "UpdateTable"), 0);
}

TEST_F(DynamoDbManagersTest, SwitchingKeysIsOneSseStepEach) {
  const Key first = NewKey();
  const Key second = NewKey();
  json table = NewTable(WithSse(OnDemandSpec(), first.alias));
  ASSERT_EQ(Converge(table), Writes{"CreateTable"});

  // Customer key to customer key, named by alias ARN this time.
  table["spec"]["sseSpecification"]["kmsMasterKeyID"] = second.alias_arn;
  EXPECT_EQ(Converge(table), Writes{"UpdateTable spec.sseSpecification"});
  EXPECT_EQ(table["status"]["sseDescription"]["kmsMasterKeyARN"], second.arn);
  ASSERT_TRUE(Describe(NameOf(table)).sse_description);
  EXPECT_EQ(Describe(NameOf(table)).sse_description->kms_master_key_arn, second.arn);

  // To the AWS managed key, then the AWS owned key.
  table["spec"]["sseSpecification"] = {{"enabled", true}};
  EXPECT_EQ(Converge(table), Writes{"UpdateTable spec.sseSpecification"});
  auto managed = kms().DescribeKey("alias/aws/dynamodb");
  ASSERT_TRUE(managed.ok()) << managed.status().ToString();
  ASSERT_TRUE(Describe(NameOf(table)).sse_description);
  EXPECT_EQ(Describe(NameOf(table)).sse_description->kms_master_key_arn, managed->arn);

  table["spec"]["sseSpecification"] = {{"enabled", false}};
  EXPECT_EQ(Converge(table), Writes{"UpdateTable spec.sseSpecification"});
  EXPECT_FALSE(Describe(NameOf(table)).sse_description);
  EXPECT_TRUE(table["status"]["sseDescription"].is_null()) << "removed from the status";

  const long long updates = emulator_.Count("dynamodb:UpdateTable");
  ExpectQuiet(table, 3);
  EXPECT_EQ(emulator_.Count("dynamodb:UpdateTable") - updates, 0);
}

TEST_F(DynamoDbManagersTest, IndexesAreAddedReplacedAndRemovedOneAtATime) {
  json spec = OnDemandSpec();
  spec["attributeDefinitions"].push_back({{"attributeName", "status"}, {"attributeType", "S"}});
  spec["attributeDefinitions"].push_back({{"attributeName", "placedAt"}, {"attributeType", "N"}});
  json table = NewTable(spec);
  ASSERT_EQ(Converge(table), Writes{"CreateTable"});

  table["spec"]["globalSecondaryIndexes"] = {
      {{"indexName", "byStatus"},
       {"keySchema", {{{"attributeName", "status"}, {"keyType", "HASH"}}}},
       {"projection", {{"projectionType", "KEYS_ONLY"}}}}};
  EXPECT_EQ(Converge(table), Writes{"UpdateTable spec.globalSecondaryIndexes[0]"});
  auto described = Describe(NameOf(table));
  ASSERT_EQ(described.global_secondary_indexes.size(), 1u);
  EXPECT_EQ(described.global_secondary_indexes[0].index_status, "ACTIVE");
  EXPECT_EQ(table["status"]["globalSecondaryIndexesDescriptions"][0]["indexName"], "byStatus");

  // A new key schema: deleted, then created again; never an endless diff.
  table["spec"]["globalSecondaryIndexes"][0]["keySchema"].push_back(
      {{"attributeName", "placedAt"}, {"keyType", "RANGE"}});
  EXPECT_EQ(Converge(table), (Writes{"UpdateTable spec.globalSecondaryIndexes",
                                     "UpdateTable spec.globalSecondaryIndexes[0]"}));
  described = Describe(NameOf(table));
  ASSERT_EQ(described.global_secondary_indexes.size(), 1u);
  EXPECT_EQ(described.global_secondary_indexes[0].key_schema.size(), 2u);

  table["spec"]["globalSecondaryIndexes"] = json::array();
  EXPECT_EQ(Converge(table), Writes{"UpdateTable spec.globalSecondaryIndexes"});
  EXPECT_TRUE(Describe(NameOf(table)).global_secondary_indexes.empty());
  EXPECT_TRUE(table["status"]["globalSecondaryIndexesDescriptions"].is_null());
  ExpectQuiet(table, 2);
}

TEST_F(DynamoDbManagersTest, BillingModeSwitchesBothWaysWithTheIndexThroughputs) {
  json spec = OnDemandSpec();
  spec["attributeDefinitions"].push_back({{"attributeName", "status"}, {"attributeType", "S"}});
  spec["billingMode"] = "PROVISIONED";
  spec["provisionedThroughput"] = {{"readCapacityUnits", 5}, {"writeCapacityUnits", 5}};
  spec["globalSecondaryIndexes"] = {
      {{"indexName", "byStatus"},
       {"keySchema", {{{"attributeName", "status"}, {"keyType", "HASH"}}}},
       {"projection", {{"projectionType", "ALL"}}},
       {"provisionedThroughput", {{"readCapacityUnits", 2}, {"writeCapacityUnits", 2}}}}};
  json table = NewTable(spec);
  ASSERT_EQ(Converge(table), Writes{"CreateTable"});

  table["spec"]["provisionedThroughput"]["readCapacityUnits"] = 7;
  EXPECT_EQ(Converge(table), Writes{"UpdateTable spec.provisionedThroughput"});
  ASSERT_TRUE(Describe(NameOf(table)).provisioned_throughput);
  EXPECT_EQ(Describe(NameOf(table)).provisioned_throughput->read_capacity_units, 7);

  table["spec"]["billingMode"] = "PAY_PER_REQUEST";
  table["spec"].erase("provisionedThroughput");
  table["spec"]["globalSecondaryIndexes"][0].erase("provisionedThroughput");
  EXPECT_EQ(Converge(table), Writes{"UpdateTable spec.billingMode"});
  ASSERT_TRUE(Describe(NameOf(table)).billing_mode_summary);
  EXPECT_EQ(Describe(NameOf(table)).billing_mode_summary->billing_mode, "PAY_PER_REQUEST");

  table["spec"]["billingMode"] = "PROVISIONED";
  table["spec"]["provisionedThroughput"] = {{"readCapacityUnits", 3}, {"writeCapacityUnits", 4}};
  table["spec"]["globalSecondaryIndexes"][0]["provisionedThroughput"] = {{"readCapacityUnits", 1},
                                                                         {"writeCapacityUnits", 1}};
  EXPECT_EQ(Converge(table), Writes{"UpdateTable spec.billingMode"});
  const auto described = Describe(NameOf(table));
  ASSERT_TRUE(described.billing_mode_summary && described.provisioned_throughput);
  EXPECT_EQ(described.billing_mode_summary->billing_mode, "PROVISIONED");
  EXPECT_EQ(described.provisioned_throughput->write_capacity_units, 4);
  ASSERT_EQ(described.global_secondary_indexes.size(), 1u);
  ASSERT_TRUE(described.global_secondary_indexes[0].provisioned_throughput);
  EXPECT_EQ(described.global_secondary_indexes[0].provisioned_throughput->read_capacity_units, 1);
  ExpectQuiet(table, 2);
}

TEST_F(DynamoDbManagersTest, StreamTableClassAndDeletionProtection) {
  json table = NewTable(OnDemandSpec());
  ASSERT_EQ(Converge(table), Writes{"CreateTable"});

  table["spec"]["streamSpecification"] = {{"streamEnabled", true}, {"streamViewType", "NEW_IMAGE"}};
  EXPECT_EQ(Converge(table), Writes{"UpdateTable spec.streamSpecification"});
  EXPECT_TRUE(table["status"]["latestStreamARN"].is_string());

  table["spec"]["tableClass"] = "STANDARD_INFREQUENT_ACCESS";
  EXPECT_EQ(Converge(table), Writes{"UpdateTable spec.tableClass"});
  EXPECT_EQ(table["status"]["tableClassSummary"]["tableClass"], "STANDARD_INFREQUENT_ACCESS");

  table["spec"]["deletionProtectionEnabled"] = true;
  EXPECT_EQ(Converge(table), Writes{"UpdateTable spec.deletionProtectionEnabled"});
  EXPECT_EQ(Describe(NameOf(table)).deletion_protection_enabled, true);

  table["spec"]["streamSpecification"] = {{"streamEnabled", false}};
  EXPECT_EQ(Converge(table), Writes{"UpdateTable spec.streamSpecification"});
  ExpectQuiet(table, 2);
}

TEST_F(DynamoDbManagersTest, StreamViewTypeChangeIsDisableThenEnable) {
  json spec = OnDemandSpec();
  spec["streamSpecification"] = {{"streamEnabled", true}, {"streamViewType", "NEW_IMAGE"}};
  json table = NewTable(spec);
  ASSERT_EQ(Converge(table), Writes{"CreateTable"});

  table["spec"]["streamSpecification"]["streamViewType"] = "KEYS_ONLY";
  Result<runtime::Plan> plan = PlanNow(table);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->steps.size(), 1u);
  EXPECT_EQ(plan->steps[0].request["StreamSpecification"], json::parse(R"({"StreamEnabled": false})"));
  Result<runtime::Observation> observed = manager_->Observe(RequestFor(table));
  ASSERT_TRUE(observed.ok());
  ASSERT_TRUE(manager_->Apply(RequestFor(table), *observed, plan->steps[0]).ok());
  ASSERT_TRUE(WaitUntilDescribed(NameOf(table), [](const auto& t) { return t.table_status == "ACTIVE"; }));

  plan = PlanNow(table);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->steps.size(), 1u);
  observed = manager_->Observe(RequestFor(table));
  ASSERT_TRUE(observed.ok());
  Result<json> enabled = manager_->Apply(RequestFor(table), *observed, plan->steps[0]);
  if (!enabled.ok() && enabled.status().message().find("Cannot enable stream") != std::string::npos) {
    GTEST_SKIP() << "emulator gap: moto 5.2.5 refuses to enable a stream on a table that ever had "
                    "one (StreamAlreadyEnabledException once latest_stream_label is set); AWS "
                    "enables a new stream after a disable: "
                 << enabled.status().message();
  }
  ASSERT_TRUE(enabled.ok()) << enabled.status().ToString();
  EXPECT_EQ(Converge(table), Writes{});
  const auto described = Describe(NameOf(table));
  ASSERT_TRUE(described.stream_specification);
  EXPECT_EQ(described.stream_specification->stream_view_type, "KEYS_ONLY");
}

TEST_F(DynamoDbManagersTest, TagsTimeToLiveAndPointInTimeRecoveryUseTheirOwnApis) {
  json spec = OnDemandSpec();
  spec["tags"] = {{{"key", "team"}, {"value", "shop"}}, {{"key", "env"}, {"value", "dev"}}};
  json table = NewTable(spec);
  ASSERT_EQ(Converge(table), Writes{"CreateTable"});
  const std::string arn = table["status"]["ackResourceMetadata"]["arn"];
  auto tags = dynamodb().ListTagsOfResource(arn);
  ASSERT_TRUE(tags.ok()) << tags.status().ToString();
  EXPECT_EQ(tags->size(), 2u);

  table["spec"]["tags"] = {{{"key", "team"}, {"value", "checkout"}}, {{"key", "cost"}, {"value", "7"}}};
  EXPECT_EQ(Converge(table), (Writes{"TagResource spec.tags", "UntagResource spec.tags"}));
  tags = dynamodb().ListTagsOfResource(arn);
  ASSERT_TRUE(tags.ok());
  std::map<std::string, std::string> tag_map;
  for (const auto& tag : *tags) tag_map[tag.key] = tag.value;
  EXPECT_EQ(tag_map, (std::map<std::string, std::string>{{"cost", "7"}, {"team", "checkout"}}));

  table["spec"]["timeToLive"] = {{"enabled", true}, {"attributeName", "expiresAt"}};
  EXPECT_EQ(Converge(table), Writes{"UpdateTimeToLive spec.timeToLive"});
  auto ttl = dynamodb().DescribeTimeToLive(NameOf(table));
  ASSERT_TRUE(ttl.ok());
  EXPECT_EQ(ttl->attribute_name, "expiresAt");

  table["spec"]["continuousBackups"] = {{"pointInTimeRecoveryEnabled", true}};
  EXPECT_EQ(Converge(table), Writes{"UpdateContinuousBackups spec.continuousBackups"});

  // Steady state: one read per managed setting, no write.
  const long long describe_ttl = emulator_.Count("dynamodb:DescribeTimeToLive");
  const long long writes = emulator_.Count("dynamodb:UpdateTimeToLive") +
                           emulator_.Count("dynamodb:TagResource") +
                           emulator_.Count("dynamodb:UntagResource") +
                           emulator_.Count("dynamodb:UpdateContinuousBackups");
  ExpectQuiet(table, 3);
  EXPECT_EQ(emulator_.Count("dynamodb:DescribeTimeToLive") - describe_ttl, 3);
  EXPECT_EQ(emulator_.Count("dynamodb:UpdateTimeToLive") + emulator_.Count("dynamodb:TagResource") +
                emulator_.Count("dynamodb:UntagResource") +
                emulator_.Count("dynamodb:UpdateContinuousBackups") - writes,
            0);
}

TEST_F(DynamoDbManagersTest, ResourcePolicyComparesByMeaning) {
  json table = NewTable(OnDemandSpec());
  ASSERT_EQ(Converge(table), Writes{"CreateTable"});
  table["spec"]["resourcePolicy"] =
      json{{"Version", "2012-10-17"},
           {"Statement",
            {{"Effect", "Allow"},
             {"Principal", {{"AWS", kAccount}}},
             {"Action", "dynamodb:GetItem"},
             {"Resource", "*"}}}}
          .dump();
  EXPECT_EQ(Converge(table), Writes{"PutResourcePolicy spec.resourcePolicy"});
  // The same document, written another way: nothing to do.
  table["spec"]["resourcePolicy"] = json::parse(table["spec"]["resourcePolicy"].get<std::string>()).dump(2);
  ExpectQuiet(table, 2);
  table["spec"]["resourcePolicy"] = "";
  EXPECT_EQ(Converge(table), Writes{"DeleteResourcePolicy spec.resourcePolicy"});
}

TEST_F(DynamoDbManagersTest, ContributorInsights) {
  json table = NewTable(OnDemandSpec());
  ASSERT_EQ(Converge(table), Writes{"CreateTable"});
  table["spec"]["contributorInsights"] = "ENABLE";
  Result<runtime::Plan> plan = PlanNow(table);
  if (!plan.ok() && plan.status().code() == Code::kUnavailable) {
    GTEST_SKIP() << "emulator gap: DescribeContributorInsights answers HTTP 500 (moto 5.2.5 does "
                    "not implement contributor insights; testenv/aws fix pending): "
                 << plan.status().message();
  }
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(Converge(table), Writes{"UpdateContributorInsights spec.contributorInsights"});
  ExpectQuiet(table, 2);
}

TEST_F(DynamoDbManagersTest, AKeyReferenceResolvesToTheKeysArn) {
  const Key key = NewKey();
  const json key_object = {
      {"metadata", {{"name", "orders-key"}, {"namespace", "default"}}},
      {"status",
       {{"ackResourceMetadata", {{"arn", key.arn}}},
        {"keyState", "Enabled"},
        {"conditions", {{{"type", "ACK.ResourceSynced"}, {"status", "True"}}}}}}};
  class Lookup final : public runtime::ReferenceLookup {
   public:
    explicit Lookup(json key) : key_(std::make_shared<const json>(std::move(key))) {}
    std::shared_ptr<const json> Get(std::string_view kind, const std::string& namespace_name,
                                    const std::string& name) const override {
      return kind == "Key" && namespace_name == "default" && name == "orders-key" ? key_ : nullptr;
    }

   private:
    std::shared_ptr<const json> key_;
  } lookup(key_object);

  json spec = OnDemandSpec();
  spec["sseSpecification"] = {{"enabled", true}, {"kmsMasterKeyRef", {{"from", {{"name", "orders-key"}}}}}};
  json table = NewTable(spec);
  ASSERT_EQ(manager_->ReferencesOf(table).size(), 1u);
  json resolved = table;  // the runtime resolves into a copy, never the user's spec
  ASSERT_TRUE(manager_->ResolveReferences(resolved, lookup).ok());
  EXPECT_EQ(Converge(resolved), Writes{"CreateTable"});
  ASSERT_TRUE(Describe(NameOf(table)).sse_description);
  EXPECT_EQ(Describe(NameOf(table)).sse_description->kms_master_key_arn, key.arn);
  const long long describe_key = emulator_.Count("kms:DescribeKey");
  ExpectQuiet(resolved, 3);
  EXPECT_EQ(emulator_.Count("kms:DescribeKey") - describe_key, 0) << "a key ARN needs no DescribeKey";
}

TEST_F(DynamoDbManagersTest, DeleteWaitsThroughDeleting) {
  json table = NewTable(OnDemandSpec());
  ASSERT_EQ(Converge(table), Writes{"CreateTable"});
  Result<runtime::DeleteOutcome> first = DeleteNow(table);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_FALSE(first->gone);
  EXPECT_EQ(first->waiting_for, fmt::format("table {} is DELETING", NameOf(table)));
  DeleteUntilGone(table);
  EXPECT_TRUE(dynamodb().DescribeTable(NameOf(table)).IsError("ResourceNotFoundException"));
}

TEST_F(DynamoDbManagersTest, DeletionProtectionStopsDeleteUntilTheSpecTurnsItOff) {
  json spec = OnDemandSpec();
  spec["deletionProtectionEnabled"] = true;
  json table = NewTable(spec);
  ASSERT_EQ(Converge(table), Writes{"CreateTable"});

  const long long deletes = emulator_.Count("dynamodb:DeleteTable");
  Result<runtime::DeleteOutcome> refused = DeleteNow(table);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("deletion protection on"), std::string::npos)
      << refused.status().message();
  EXPECT_NE(refused.status().message().find("services.k8s.aws/deletion-policy: retain"),
            std::string::npos);
  EXPECT_EQ(emulator_.Count("dynamodb:DeleteTable") - deletes, 0) << "nothing sent";
  EXPECT_EQ(Describe(NameOf(table)).table_status, "ACTIVE");

  table["spec"]["deletionProtectionEnabled"] = false;
  DeleteUntilGone(table);
  EXPECT_TRUE(dynamodb().DescribeTable(NameOf(table)).IsError("ResourceNotFoundException"));
}

}  // namespace
}  // namespace tk::services::dynamodb::testing
