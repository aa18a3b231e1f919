// DynamoDbClient against the AWS emulator of the test world (moto with our
// patches, testenv/aws/README.md): every typed call at least once, on tables
// that go CREATING -> ACTIVE, with a GSI and encryption under a KMS key made
// here through the raw ServiceClient. Waits poll DescribeTable and are
// bounded; names are unique, so tests may run in parallel. Needs the
// environment of build/testenv/env.sh (`make env-up`).
//
// Where the emulator departs from AWS, the test says so next to the
// assertion; ContributorInsights* are not implemented by moto at all.
#include "aws/dynamodb_client.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/service_client.h"
#include "http/http_client.h"
#include "testing/test_world.h"

namespace tk::aws::dynamodb {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using tk::testing::TestWorld;

constexpr auto kSettleTimeout = std::chrono::seconds(20);
constexpr auto kPollInterval = milliseconds(100);

std::string ControlUrl() {
  const char* url = std::getenv("TESTENV_EMULATOR_CONTROL");
  return url != nullptr ? url : TestWorld::AwsEndpoint() + "/_emulator";
}

// A name no other test uses (DynamoDB and KMS alias names allow these
// characters).
std::string UniqueName(std::string_view prefix) {
  static std::atomic<int> counter{0};
  return fmt::format("{}-{}-{}-{}", prefix, ::getpid(),
                     std::chrono::steady_clock::now().time_since_epoch().count() % 1000000000,
                     ++counter);
}

// Whether the table and every index of it are ACTIVE.
bool Settled(const TableDescription& table) {
  if (table.table_status != table_status::kActive) return false;
  return std::all_of(table.global_secondary_indexes.begin(), table.global_secondary_indexes.end(),
                     [](const GlobalSecondaryIndexDescription& index) {
                       return index.index_status == index_status::kActive;
                     });
}

std::map<std::string, std::string> AsMap(const std::vector<Tag>& tags) {
  std::map<std::string, std::string> map;
  for (const Tag& tag : tags) map[tag.key] = tag.value;
  return map;
}

const GlobalSecondaryIndexDescription* FindIndex(const TableDescription& table,
                                                 std::string_view name) {
  for (const GlobalSecondaryIndexDescription& index : table.global_secondary_indexes) {
    if (index.index_name == name) return &index;
  }
  return nullptr;
}

CreateTableInput SimpleTable(const std::string& name) {
  CreateTableInput input;
  input.table_name = name;
  input.attribute_definitions = {{"pk", "S"}};
  input.key_schema = {{"pk", "HASH"}};
  input.billing_mode = std::string(billing_mode::kPayPerRequest);
  return input;
}

class DynamoDbClientIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service_ = MakeClient(kDynamoDbModel, 3);
    kms_ = MakeClient(kKmsModel, 3);
    ASSERT_NE(service_, nullptr);
    ASSERT_NE(kms_, nullptr);
    dynamodb_ = std::make_unique<DynamoDbClient>(*service_);
  }

  // Deletes the tables the test created, once they let it (best effort).
  void TearDown() override {
    if (dynamodb_ == nullptr) return;
    for (const std::string& name : tables_) {
      (void)WaitUntilSettled(name, std::chrono::seconds(5));
      (void)dynamodb_->DeleteTable(name);
    }
  }

  std::unique_ptr<ServiceClient> MakeClient(const ServiceModel& model, int max_attempts) {
    ServiceClientOptions options;
    options.region = "us-east-1";
    options.endpoint.endpoint_url = TestWorld::AwsEndpoint();
    options.retry.base_delay = milliseconds(20);
    options.retry.max_attempts = max_attempts;
    options.attempt_timeout = std::chrono::seconds(20);
    options.metrics = &metrics_;
    Result<std::unique_ptr<ServiceClient>> client =
        ServiceClient::Create(model, std::move(options), credentials_, http_);
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(*client) : nullptr;
  }

  // Creates the table and remembers it for TearDown.
  AwsResult<TableDescription> Create(const CreateTableInput& input) {
    AwsResult<TableDescription> created = dynamodb_->CreateTable(input);
    if (created.ok()) tables_.push_back(input.table_name);
    return created;
  }

  // Polls DescribeTable until the table and its indexes are ACTIVE; fails
  // with the last state seen after `timeout`, or with DescribeTable's error.
  Result<TableDescription> WaitUntilSettled(const std::string& name,
                                            std::chrono::milliseconds timeout = kSettleTimeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string last = "never described";
    while (true) {
      AwsResult<TableDescription> table = dynamodb_->DescribeTable(name);
      if (!table.ok()) return table.status();
      if (Settled(*table)) return std::move(table).value();
      last = table->table_status.value_or("(no status)");
      if (std::chrono::steady_clock::now() >= deadline) {
        return Status(Code::kUnavailable,
                      fmt::format("table {} still {} (or an index not ACTIVE) after {} ms", name,
                                  last, timeout.count()));
      }
      std::this_thread::sleep_for(kPollInterval);
    }
  }

  // Polls DescribeTable until it answers ResourceNotFoundException.
  Status WaitUntilGone(const std::string& name) {
    const auto deadline = std::chrono::steady_clock::now() + kSettleTimeout;
    while (true) {
      AwsResult<TableDescription> table = dynamodb_->DescribeTable(name);
      if (table.IsError("ResourceNotFoundException")) return OkStatus();
      if (!table.ok()) return table.status();
      if (std::chrono::steady_clock::now() >= deadline) {
        return Status(Code::kUnavailable, fmt::format("table {} still {}", name,
                                                      table->table_status.value_or("?")));
      }
      std::this_thread::sleep_for(kPollInterval);
    }
  }

  // A customer managed KMS key, through the raw KMS client, with an alias;
  // returns the key ARN.
  std::string CreateKeyWithAlias(const std::string& alias) {
    AwsResult<json> key = kms_->Call("CreateKey", {{"Description", "tablekeeper dynamodb test"}});
    EXPECT_TRUE(key.ok()) << key.status().ToString();
    if (!key.ok()) return "";
    const std::string key_id = key->at("KeyMetadata").at("KeyId").get<std::string>();
    AwsResult<json> aliased =
        kms_->Call("CreateAlias", {{"AliasName", alias}, {"TargetKeyId", key_id}});
    EXPECT_TRUE(aliased.ok()) << aliased.status().ToString();
    AwsResult<json> described = kms_->Call("DescribeKey", {{"KeyId", alias}});
    EXPECT_TRUE(described.ok()) << described.status().ToString();
    if (!described.ok()) return "";
    EXPECT_EQ(described->at("KeyMetadata").at("KeyId"), key_id);
    return key->at("KeyMetadata").at("Arn").get<std::string>();
  }

  // The emulator's current settings (sse_change_limit, ...).
  json EmulatorSettings() {
    http::Request request;
    request.method = "GET";
    request.url = ControlUrl() + "/settings";
    request.timeout = std::chrono::seconds(10);
    Result<http::Response> response = http_.Send(request);
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    if (!response.ok()) return json::object();
    return json::parse(response->body);
  }

  StaticCredentialsSource credentials_{Credentials{"testing", "testing", ""}};
  http::HttpClient http_;
  // This test's calls only (the emulator's counts include parallel tests').
  CallMetrics metrics_;
  std::unique_ptr<ServiceClient> service_;
  std::unique_ptr<ServiceClient> kms_;
  std::unique_ptr<DynamoDbClient> dynamodb_;
  std::vector<std::string> tables_;
};

TEST_F(DynamoDbClientIntegrationTest, CreatesATableWithAGsiUnderAKmsAliasAndWaitsForActive) {
  const std::string alias = "alias/" + UniqueName("orders-key");
  const std::string key_arn = CreateKeyWithAlias(alias);
  ASSERT_FALSE(key_arn.empty());

  const std::string name = UniqueName("orders");
  CreateTableInput input;
  input.table_name = name;
  input.attribute_definitions = {{"pk", "S"}, {"sk", "N"}, {"status", "S"}};
  input.key_schema = {{"pk", "HASH"}, {"sk", "RANGE"}};
  GlobalSecondaryIndex by_status;
  by_status.index_name = "by-status";
  by_status.key_schema = {{"status", "HASH"}};
  by_status.projection.projection_type = "INCLUDE";
  by_status.projection.non_key_attributes = {"total"};
  input.global_secondary_indexes = {by_status};
  input.billing_mode = std::string(billing_mode::kPayPerRequest);
  input.stream_specification = StreamSpecification{true, "NEW_AND_OLD_IMAGES"};
  input.sse_specification = SSESpecification{true, "KMS", alias};
  input.tags = {{"team", "payments"}, {"env", "test"}, {"owner", "tablekeeper"}};
  input.deletion_protection_enabled = false;

  AwsResult<TableDescription> created = Create(input);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->table_name, name);
  EXPECT_EQ(created->table_status, table_status::kCreating);
  ASSERT_EQ(created->global_secondary_indexes.size(), 1u);
  EXPECT_EQ(created->global_secondary_indexes[0].index_status, index_status::kCreating);
  ASSERT_TRUE(created->sse_description.has_value());
  EXPECT_EQ(created->sse_description->kms_master_key_arn, key_arn)
      << "DynamoDB reports the key ARN, not the alias it was given";

  // One change at a time: nothing but reads until the table is ACTIVE.
  UpdateTableInput too_early;
  too_early.table_name = name;
  too_early.deletion_protection_enabled = true;
  AwsResult<TableDescription> refused = dynamodb_->UpdateTable(too_early);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(refused.IsError("ResourceInUseException")) << refused.status().ToString();
  EXPECT_EQ(refused.status().code(), Code::kFailedPrecondition);
  AwsResult<TableDescription> not_deleted = dynamodb_->DeleteTable(name);
  EXPECT_TRUE(not_deleted.IsError("ResourceInUseException")) << not_deleted.status().ToString();

  Result<TableDescription> table = WaitUntilSettled(name);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->table_arn,
            fmt::format("arn:aws:dynamodb:us-east-1:123456789012:table/{}", name));
  EXPECT_EQ(table->key_schema, input.key_schema);
  EXPECT_TRUE(std::is_permutation(table->attribute_definitions.begin(),
                                  table->attribute_definitions.end(),
                                  input.attribute_definitions.begin(),
                                  input.attribute_definitions.end()));
  ASSERT_TRUE(table->billing_mode_summary.has_value());
  EXPECT_EQ(table->billing_mode_summary->billing_mode, billing_mode::kPayPerRequest);
  ASSERT_EQ(table->global_secondary_indexes.size(), 1u);
  const GlobalSecondaryIndexDescription& index = table->global_secondary_indexes[0];
  EXPECT_EQ(index.index_name, "by-status");
  EXPECT_EQ(index.key_schema, by_status.key_schema);
  EXPECT_EQ(index.projection, by_status.projection);
  EXPECT_EQ(index.index_status, index_status::kActive);
  EXPECT_EQ(table->stream_specification, input.stream_specification);
  ASSERT_TRUE(table->sse_description.has_value());
  EXPECT_EQ(table->sse_description->status, sse_status::kEnabled);
  EXPECT_EQ(table->sse_description->sse_type, sse_type::kKms);
  EXPECT_EQ(table->sse_description->kms_master_key_arn, key_arn);
  EXPECT_EQ(table->deletion_protection_enabled, false);
  ASSERT_TRUE(table->creation_date_time.has_value());
  EXPECT_GT(*table->creation_date_time, 1.6e9) << "epoch seconds";

  AwsResult<std::vector<Tag>> tags = dynamodb_->ListTagsOfResource(*table->table_arn);
  ASSERT_TRUE(tags.ok()) << tags.status().ToString();
  EXPECT_EQ(AsMap(*tags), AsMap(input.tags));

  // Same name again: DynamoDB's ResourceInUseException.
  AwsResult<TableDescription> again = dynamodb_->CreateTable(SimpleTable(name));
  EXPECT_TRUE(again.IsError("ResourceInUseException")) << again.status().ToString();
}

TEST_F(DynamoDbClientIntegrationTest, UpdateTableSwitchesBillingModeThenCreatesAGsi) {
  const std::string name = UniqueName("updates");
  ASSERT_TRUE(Create(SimpleTable(name)).ok());
  ASSERT_TRUE(WaitUntilSettled(name).ok());

  UpdateTableInput billing;
  billing.table_name = name;
  billing.billing_mode = std::string(billing_mode::kProvisioned);
  billing.provisioned_throughput = ProvisionedThroughput{2, 3};
  AwsResult<TableDescription> switched = dynamodb_->UpdateTable(billing);
  ASSERT_TRUE(switched.ok()) << switched.status().ToString();
  EXPECT_EQ(switched->table_status, table_status::kUpdating);
  ASSERT_TRUE(switched->billing_mode_summary.has_value());
  EXPECT_EQ(switched->billing_mode_summary->billing_mode, billing_mode::kProvisioned);

  // While UPDATING, the next update is refused.
  UpdateTableInput index_update;
  index_update.table_name = name;
  index_update.attribute_definitions = {{"status", "S"}};
  CreateGlobalSecondaryIndexAction create;
  create.index_name = "by-status";
  create.key_schema = {{"status", "HASH"}};
  create.projection.projection_type = "KEYS_ONLY";
  create.provisioned_throughput = ProvisionedThroughput{1, 1};
  index_update.global_secondary_index_updates = {{create}};
  AwsResult<TableDescription> refused = dynamodb_->UpdateTable(index_update);
  EXPECT_TRUE(refused.IsError("ResourceInUseException")) << refused.status().ToString();

  Result<TableDescription> provisioned = WaitUntilSettled(name);
  ASSERT_TRUE(provisioned.ok()) << provisioned.status().ToString();
  ASSERT_TRUE(provisioned->provisioned_throughput.has_value());
  EXPECT_EQ(provisioned->provisioned_throughput->read_capacity_units, 2);
  EXPECT_EQ(provisioned->provisioned_throughput->write_capacity_units, 3);

  AwsResult<TableDescription> indexing = dynamodb_->UpdateTable(index_update);
  ASSERT_TRUE(indexing.ok()) << indexing.status().ToString();
  EXPECT_EQ(indexing->table_status, table_status::kUpdating);
  const GlobalSecondaryIndexDescription* creating = FindIndex(*indexing, "by-status");
  ASSERT_NE(creating, nullptr);
  EXPECT_EQ(creating->index_status, index_status::kCreating);

  Result<TableDescription> indexed = WaitUntilSettled(name);
  ASSERT_TRUE(indexed.ok()) << indexed.status().ToString();
  const GlobalSecondaryIndexDescription* active = FindIndex(*indexed, "by-status");
  ASSERT_NE(active, nullptr);
  EXPECT_EQ(active->key_schema, create.key_schema);
  EXPECT_EQ(active->projection, create.projection);
  ASSERT_TRUE(active->provisioned_throughput.has_value());
  EXPECT_EQ(active->provisioned_throughput->read_capacity_units, 1);
  // The new index's attribute is defined. (AWS keeps "pk" too; moto 5.2.5
  // replaces the table's definitions with the update's, so "pk" is not
  // asserted here.)
  EXPECT_NE(std::find(indexed->attribute_definitions.begin(), indexed->attribute_definitions.end(),
                      AttributeDefinition{"status", "S"}),
            indexed->attribute_definitions.end());
}

TEST_F(DynamoDbClientIntegrationTest, DeleteTableAnswersDeletingAndTheTableGoes) {
  const std::string name = UniqueName("deleted");
  ASSERT_TRUE(Create(SimpleTable(name)).ok());
  ASSERT_TRUE(WaitUntilSettled(name).ok());

  AwsResult<TableDescription> deleting = dynamodb_->DeleteTable(name);
  ASSERT_TRUE(deleting.ok()) << deleting.status().ToString();
  EXPECT_EQ(deleting->table_name, name);
  EXPECT_EQ(deleting->table_status, table_status::kDeleting);
  Status gone = WaitUntilGone(name);
  EXPECT_TRUE(gone.ok()) << gone.ToString();

  AwsResult<TableDescription> missing = dynamodb_->DeleteTable(name);
  EXPECT_TRUE(missing.IsError("ResourceNotFoundException")) << missing.status().ToString();
  AwsResult<TableDescription> described = dynamodb_->DescribeTable(name);
  EXPECT_TRUE(described.IsError("ResourceNotFoundException")) << described.status().ToString();
  EXPECT_EQ(described.status().code(), Code::kNotFound);
}

TEST_F(DynamoDbClientIntegrationTest, TagsAreOverwrittenRemovedAndListedAcrossPages) {
  const std::string name = UniqueName("tagged");
  AwsResult<TableDescription> created = Create(SimpleTable(name));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const std::string arn = created->table_arn.value_or("");
  ASSERT_TRUE(WaitUntilSettled(name).ok());

  std::vector<Tag> tags;
  for (int i = 0; i < 25; ++i) tags.push_back({fmt::format("key-{:02}", i), "v1"});
  AwsResult<NoOutput> tagged = dynamodb_->TagResource(arn, tags);
  ASSERT_TRUE(tagged.ok()) << tagged.status().ToString();
  // An existing key is overwritten, not duplicated.
  ASSERT_TRUE(dynamodb_->TagResource(arn, {{"key-00", "v2"}}).ok());
  ASSERT_TRUE(dynamodb_->UntagResource(arn, {"key-24", "no-such-key"}).ok());

  // The emulator pages by 10: the first page ends with a NextToken.
  AwsResult<ListTagsOfResourceOutput> first = dynamodb_->ListTagsOfResourcePage(arn, std::nullopt);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->tags.size(), 10u);
  EXPECT_TRUE(first->next_token.has_value());

  const long long before = metrics_.Calls("dynamodb", "ListTagsOfResource", CallOutcome::kSuccess);
  AwsResult<std::vector<Tag>> listed = dynamodb_->ListTagsOfResource(arn);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ(metrics_.Calls("dynamodb", "ListTagsOfResource", CallOutcome::kSuccess) - before, 3)
      << "24 tags, 3 pages";
  EXPECT_EQ(listed->size(), 24u) << "no tag listed twice or lost between pages";
  std::map<std::string, std::string> expected;
  for (int i = 0; i < 24; ++i) expected[fmt::format("key-{:02}", i)] = "v1";
  expected["key-00"] = "v2";
  EXPECT_EQ(AsMap(*listed), expected);

  AwsResult<NoOutput> unknown = dynamodb_->TagResource(arn + "-missing", {{"a", "b"}});
  EXPECT_TRUE(unknown.IsError("ResourceNotFoundException")) << unknown.status().ToString();
  AwsResult<std::vector<Tag>> unknown_list = dynamodb_->ListTagsOfResource(arn + "-missing");
  EXPECT_TRUE(unknown_list.IsError("ResourceNotFoundException"))
      << unknown_list.status().ToString();
}

TEST_F(DynamoDbClientIntegrationTest, TimeToLiveIsEnabledAndDescribed) {
  const std::string name = UniqueName("ttl");
  ASSERT_TRUE(Create(SimpleTable(name)).ok());
  ASSERT_TRUE(WaitUntilSettled(name).ok());

  AwsResult<TimeToLiveDescription> fresh = dynamodb_->DescribeTimeToLive(name);
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  EXPECT_EQ(fresh->time_to_live_status, "DISABLED");

  const TimeToLiveSpecification spec{true, "expires_at"};
  AwsResult<TimeToLiveSpecification> updated = dynamodb_->UpdateTimeToLive(name, spec);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(*updated, spec);

  AwsResult<TimeToLiveDescription> described = dynamodb_->DescribeTimeToLive(name);
  ASSERT_TRUE(described.ok()) << described.status().ToString();
  // AWS shows ENABLING for up to an hour; moto is ENABLED at once.
  EXPECT_TRUE(described->time_to_live_status == "ENABLED" ||
              described->time_to_live_status == "ENABLING")
      << described->time_to_live_status.value_or("(none)");
  EXPECT_EQ(described->attribute_name, "expires_at");

  // AWS answers ResourceNotFoundException; moto 5.2.5 the code
  // "ResourceNotFound". Both are kNotFound.
  AwsResult<TimeToLiveDescription> missing = dynamodb_->DescribeTimeToLive(name + "-missing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kNotFound) << missing.status().ToString();
}

TEST_F(DynamoDbClientIntegrationTest, PointInTimeRecoveryIsEnabledWithARecoveryPeriod) {
  const std::string name = UniqueName("pitr");
  ASSERT_TRUE(Create(SimpleTable(name)).ok());
  ASSERT_TRUE(WaitUntilSettled(name).ok());

  AwsResult<ContinuousBackupsDescription> fresh = dynamodb_->DescribeContinuousBackups(name);
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  ASSERT_TRUE(fresh->point_in_time_recovery_description.has_value());
  EXPECT_EQ(fresh->point_in_time_recovery_description->point_in_time_recovery_status,
            "DISABLED");

  AwsResult<ContinuousBackupsDescription> enabled =
      dynamodb_->UpdateContinuousBackups(name, PointInTimeRecoverySpecification{true, 7});
  ASSERT_TRUE(enabled.ok()) << enabled.status().ToString();
  EXPECT_EQ(enabled->continuous_backups_status, "ENABLED");
  ASSERT_TRUE(enabled->point_in_time_recovery_description.has_value());
  const PointInTimeRecoveryDescription& pitr = *enabled->point_in_time_recovery_description;
  EXPECT_EQ(pitr.point_in_time_recovery_status, "ENABLED");
  EXPECT_EQ(pitr.recovery_period_in_days, 7);
  ASSERT_TRUE(pitr.earliest_restorable_date_time.has_value());
  EXPECT_GT(*pitr.earliest_restorable_date_time, 1.6e9);

  AwsResult<ContinuousBackupsDescription> described = dynamodb_->DescribeContinuousBackups(name);
  ASSERT_TRUE(described.ok()) << described.status().ToString();
  EXPECT_EQ(described->point_in_time_recovery_description,
            enabled->point_in_time_recovery_description);

  AwsResult<ContinuousBackupsDescription> missing =
      dynamodb_->DescribeContinuousBackups(name + "-missing");
  EXPECT_TRUE(missing.IsError("TableNotFoundException")) << missing.status().ToString();
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
}

TEST_F(DynamoDbClientIntegrationTest, ContributorInsightsAreEnabledDescribedAndDisabled) {
  const std::string name = UniqueName("insights");
  ASSERT_TRUE(Create(SimpleTable(name)).ok());
  ASSERT_TRUE(WaitUntilSettled(name).ok());
  DynamoDbClient& dynamodb = *dynamodb_;

  AwsResult<DescribeContributorInsightsOutput> before = dynamodb.DescribeContributorInsights(name);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_EQ(before->table_name, name);
  EXPECT_EQ(before->contributor_insights_status, "DISABLED");

  AwsResult<UpdateContributorInsightsOutput> enabled =
      dynamodb.UpdateContributorInsights({name, std::nullopt, "ENABLE", std::nullopt});
  ASSERT_TRUE(enabled.ok()) << enabled.status().ToString();
  EXPECT_EQ(enabled->table_name, name);
  ASSERT_TRUE(enabled->contributor_insights_status.has_value());
  // ENABLING for the emulator's state delay, then ENABLED, as AWS.
  EXPECT_TRUE(*enabled->contributor_insights_status == "ENABLING" ||
              *enabled->contributor_insights_status == "ENABLED")
      << *enabled->contributor_insights_status;

  std::optional<std::string> status;
  for (int i = 0; i < 100; ++i) {
    AwsResult<DescribeContributorInsightsOutput> described = dynamodb.DescribeContributorInsights(name);
    ASSERT_TRUE(described.ok()) << described.status().ToString();
    status = described->contributor_insights_status;
    if (status == "ENABLED") {
      EXPECT_FALSE(described->contributor_insights_rule_list.empty());
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, "ENABLED");

  AwsResult<DescribeContributorInsightsOutput> missing = dynamodb.DescribeContributorInsights(name + "-missing");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.IsError("ResourceNotFoundException")) << missing.status().ToString();
}

TEST_F(DynamoDbClientIntegrationTest, ResourcePolicyIsPutReadReplacedAndDeleted) {
  const std::string name = UniqueName("policy");
  AwsResult<TableDescription> created = Create(SimpleTable(name));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const std::string arn = created->table_arn.value_or("");
  ASSERT_TRUE(WaitUntilSettled(name).ok());

  AwsResult<GetResourcePolicyOutput> none = dynamodb_->GetResourcePolicy(arn);
  EXPECT_TRUE(none.IsError("PolicyNotFoundException")) << none.status().ToString();

  const json document = {
      {"Version", "2012-10-17"},
      {"Statement",
       {{{"Effect", "Allow"},
         {"Principal", {{"AWS", "arn:aws:iam::123456789012:root"}}},
         {"Action", "dynamodb:GetItem"},
         {"Resource", arn}}}}};
  AwsResult<ResourcePolicyRevision> put =
      dynamodb_->PutResourcePolicy({arn, document.dump(), std::nullopt, std::nullopt});
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  ASSERT_TRUE(put->revision_id.has_value());

  AwsResult<GetResourcePolicyOutput> got = dynamodb_->GetResourcePolicy(arn);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->policy.has_value());
  EXPECT_EQ(json::parse(*got->policy), document) << "the same document, maybe reformatted";
  EXPECT_EQ(got->revision_id, put->revision_id);

  // Replacing a revision that is not the current one is refused.
  json changed = document;
  changed["Statement"][0]["Action"] = "dynamodb:Query";
  AwsResult<ResourcePolicyRevision> stale =
      dynamodb_->PutResourcePolicy({arn, changed.dump(), "not-" + *put->revision_id, std::nullopt});
  EXPECT_TRUE(stale.IsError("PolicyNotFoundException")) << stale.status().ToString();
  AwsResult<ResourcePolicyRevision> replaced =
      dynamodb_->PutResourcePolicy({arn, changed.dump(), put->revision_id, std::nullopt});
  ASSERT_TRUE(replaced.ok()) << replaced.status().ToString();

  AwsResult<ResourcePolicyRevision> deleted = dynamodb_->DeleteResourcePolicy(arn);
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  // (AWS answers the deleted RevisionId; moto 5.2.5 answers {}.)
  AwsResult<GetResourcePolicyOutput> after = dynamodb_->GetResourcePolicy(arn);
  EXPECT_TRUE(after.IsError("PolicyNotFoundException")) << after.status().ToString();
}

TEST_F(DynamoDbClientIntegrationTest, EncryptionKeyChangesRunIntoTheQuota) {
  const std::string alias = "alias/" + UniqueName("quota-key");
  const std::string key_arn = CreateKeyWithAlias(alias);
  ASSERT_FALSE(key_arn.empty());
  const int limit = EmulatorSettings().value("sse_change_limit", 4);
  ASSERT_GE(limit, 1);
  ASSERT_LE(limit, 10) << "the emulator's quota is set too high for this test";

  const std::string name = UniqueName("quota");
  ASSERT_TRUE(Create(SimpleTable(name)).ok());
  ASSERT_TRUE(WaitUntilSettled(name).ok());

  UpdateTableInput sse;
  sse.table_name = name;
  sse.sse_specification = SSESpecification{true, std::string(sse_type::kKms), alias};
  for (int change = 1; change <= limit; ++change) {
    AwsResult<TableDescription> updated = dynamodb_->UpdateTable(sse);
    ASSERT_TRUE(updated.ok()) << "change " << change << ": " << updated.status().ToString();
    Result<TableDescription> settled = WaitUntilSettled(name);
    ASSERT_TRUE(settled.ok()) << settled.status().ToString();
    ASSERT_TRUE(settled->sse_description.has_value());
    EXPECT_EQ(settled->sse_description->kms_master_key_arn, key_arn);
  }
  AwsResult<TableDescription> over = dynamodb_->UpdateTable(sse);
  ASSERT_FALSE(over.ok());
  EXPECT_TRUE(over.IsError("LimitExceededException")) << over.status().ToString();
  EXPECT_EQ(over.status().code(), Code::kThrottled);
}

}  // namespace
}  // namespace tk::aws::dynamodb
