// kms::Client against the AWS emulator of the test world (moto with our
// patches): every operation at least once, the four names of a key, the key
// lifecycle (disable, schedule deletion, cancel), policies, rotation, tags,
// aliases, and retries under injected throttling. Needs the environment of
// build/testenv/env.sh (`make env-up`).
//
// Every wait is bounded: each attempt times out after 20 s and a call makes
// at most 3 attempts. Names are unique per run, so tests neither reset the
// emulator nor depend on what ran before them.
#include "aws/kms_client.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "aws/call_metrics.h"
#include "aws/credentials_source.h"
#include "aws/service_client.h"
#include "emulator_control.h"
#include "http/http_client.h"
#include "testing/test_world.h"

namespace tk::aws::kms {
namespace {

using tk::testing::TestWorld;

constexpr char kAccount[] = "123456789012";
constexpr double kDay = 24 * 60 * 60;

std::string ControlUrl() {
  const char* url = std::getenv("TESTENV_EMULATOR_CONTROL");
  return url != nullptr ? url : TestWorld::AwsEndpoint() + "/_emulator";
}

// An alias name no other test uses: "alias/tk-<prefix>-<pid>-<n>".
std::string UniqueAlias(std::string_view prefix) {
  static std::atomic<int> counter{0};
  return fmt::format("alias/tk-{}-{}-{}-{}", prefix, ::getpid(),
                     std::chrono::steady_clock::now().time_since_epoch().count(), ++counter);
}

double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::map<std::string, std::string> TagMap(const std::vector<Tag>& tags) {
  std::map<std::string, std::string> map;
  for (const Tag& tag : tags) map[tag.tag_key] = tag.tag_value;
  return map;
}

class KmsClientIntegrationTest : public ::testing::Test {
 protected:
  KmsClientIntegrationTest() : emulator_(ControlUrl()) {
    ServiceClientOptions options;
    options.region = "us-east-1";
    options.endpoint.endpoint_url = TestWorld::AwsEndpoint();
    options.retry.base_delay = std::chrono::milliseconds(20);  // keep the tests quick
    options.attempt_timeout = std::chrono::seconds(20);
    options.metrics = &metrics_;
    Result<std::unique_ptr<ServiceClient>> service =
        ServiceClient::Create(kKmsModel, options, credentials_, http_);
    EXPECT_TRUE(service.ok()) << service.status().ToString();
    if (!service.ok()) return;
    service_ = std::move(*service);
    client_ = std::make_unique<Client>(*service_);
  }

  void SetUp() override { ASSERT_NE(client_, nullptr); }

  // A new symmetric key; fails the test when KMS refuses.
  KeyMetadata NewKey(std::string description, std::optional<std::vector<Tag>> tags = {}) {
    CreateKeyRequest request;
    request.description = std::move(description);
    request.tags = std::move(tags);
    AwsResult<KeyMetadata> key = kms().CreateKey(request);
    EXPECT_TRUE(key.ok()) << key.status().ToString();
    return key.ok() ? *key : KeyMetadata{};
  }

  Client& kms() { return *client_; }

  StaticCredentialsSource credentials_{Credentials{"testing", "testing", ""}};
  http::HttpClient http_;
  CallMetrics metrics_;
  testing::EmulatorControl emulator_;
  std::unique_ptr<ServiceClient> service_;
  std::unique_ptr<Client> client_;
};

TEST_F(KmsClientIntegrationTest, CreateKeyReportsTheModelsMetadata) {
  const double before = NowSeconds();
  KeyMetadata key = NewKey("tablekeeper kms create", std::vector<Tag>{{"team", "storage"}});
  ASSERT_FALSE(key.key_id.empty());
  EXPECT_EQ(key.arn, fmt::format("arn:aws:kms:us-east-1:{}:key/{}", kAccount, key.key_id));
  EXPECT_EQ(key.aws_account_id, kAccount);
  EXPECT_EQ(key.description, "tablekeeper kms create");
  EXPECT_EQ(key.enabled, true);
  EXPECT_EQ(key.key_state, "Enabled");
  EXPECT_EQ(key.key_manager, "CUSTOMER");
  EXPECT_EQ(key.key_spec, "SYMMETRIC_DEFAULT");
  EXPECT_EQ(key.origin, "AWS_KMS");
  ASSERT_TRUE(key.encryption_algorithms.has_value());
  EXPECT_NE(std::find(key.encryption_algorithms->begin(), key.encryption_algorithms->end(),
                      "SYMMETRIC_DEFAULT"),
            key.encryption_algorithms->end());
  ASSERT_TRUE(key.creation_date.has_value());
  EXPECT_NEAR(*key.creation_date, before, 300.0);
  EXPECT_FALSE(key.deletion_date.has_value());

  AwsResult<std::vector<Tag>> tags = kms().ListResourceTags({key.key_id, {}, {}});
  ASSERT_TRUE(tags.ok()) << tags.status().ToString();
  EXPECT_EQ(TagMap(*tags), (std::map<std::string, std::string>{{"team", "storage"}}));
}

TEST_F(KmsClientIntegrationTest, DescribeKeyByAllFourNamesGivesTheSameArn) {
  KeyMetadata key = NewKey("tablekeeper kms four names");
  ASSERT_TRUE(key.arn.has_value());
  const std::string alias = UniqueAlias("names");
  ASSERT_TRUE(kms().CreateAlias(alias, key.key_id).ok());
  const std::string alias_arn = fmt::format("arn:aws:kms:us-east-1:{}:{}", kAccount, alias);

  for (const std::string& name : {key.key_id, *key.arn, alias, alias_arn}) {
    AwsResult<KeyMetadata> described = kms().DescribeKey(name);
    ASSERT_TRUE(described.ok()) << name << ": " << described.status().ToString();
    EXPECT_EQ(described->arn, key.arn) << name;
    EXPECT_EQ(described->key_id, key.key_id) << name;
    EXPECT_EQ(described->key_state, "Enabled") << name;
  }
}

TEST_F(KmsClientIntegrationTest, MissingKeysAndAliasesAreNotFoundByCode) {
  for (const std::string& name :
       {UniqueAlias("missing"), std::string("00000000-0000-4000-8000-000000000000")}) {
    AwsResult<KeyMetadata> key = kms().DescribeKey(name);
    ASSERT_FALSE(key.ok()) << name;
    EXPECT_TRUE(key.IsError("NotFoundException")) << key.status().ToString();
    EXPECT_EQ(key.status().code(), Code::kNotFound);
    ASSERT_NE(key.error(), nullptr);
    EXPECT_EQ(key.error()->operation, "DescribeKey");
    EXPECT_EQ(key.error()->service, "kms");
  }
  AwsResult<Done> disabled = kms().DisableKey("00000000-0000-4000-8000-000000000000");
  EXPECT_TRUE(disabled.IsError("NotFoundException")) << disabled.status().ToString();
}

TEST_F(KmsClientIntegrationTest, KeyPolicyRoundTripsComparedParsed) {
  KeyMetadata key = NewKey("tablekeeper kms policy");
  AwsResult<GetKeyPolicyResponse> initial = kms().GetKeyPolicy(key.key_id);
  ASSERT_TRUE(initial.ok()) << initial.status().ToString();
  ASSERT_TRUE(initial->policy.has_value());
  const nlohmann::json default_policy =
      nlohmann::json::parse(*initial->policy, nullptr, /*allow_exceptions=*/false);
  ASSERT_TRUE(default_policy.is_object()) << *initial->policy;
  EXPECT_TRUE(default_policy.contains("Statement")) << *initial->policy;

  const nlohmann::json policy = {
      {"Version", "2012-10-17"},
      {"Id", "tablekeeper-test"},
      {"Statement",
       {{{"Sid", "Root"},
         {"Effect", "Allow"},
         {"Principal", {{"AWS", fmt::format("arn:aws:iam::{}:root", kAccount)}}},
         {"Action", "kms:*"},
         {"Resource", "*"}}}}};
  PutKeyPolicyRequest put;
  put.key_id = *key.arn;
  put.policy = policy.dump(2);  // indented: only the parsed form may be compared
  AwsResult<Done> stored = kms().PutKeyPolicy(put);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();

  AwsResult<GetKeyPolicyResponse> read = kms().GetKeyPolicy(*key.arn);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_TRUE(read->policy.has_value());
  EXPECT_EQ(nlohmann::json::parse(*read->policy, nullptr, false), policy) << *read->policy;
}

TEST_F(KmsClientIntegrationTest, RotationTurnsOnAndOff) {
  KeyMetadata key = NewKey("tablekeeper kms rotation");
  AwsResult<GetKeyRotationStatusResponse> status = kms().GetKeyRotationStatus(key.key_id);
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_EQ(status->key_rotation_enabled, false);

  ASSERT_TRUE(kms().EnableKeyRotation({key.key_id, std::nullopt}).ok());
  status = kms().GetKeyRotationStatus(*key.arn);
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_EQ(status->key_rotation_enabled, true);

  AwsResult<Done> disabled = kms().DisableKeyRotation(*key.arn);
  ASSERT_TRUE(disabled.ok()) << disabled.status().ToString();
  status = kms().GetKeyRotationStatus(key.key_id);
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_EQ(status->key_rotation_enabled, false);

  // A period within the model's 90..2560 days is accepted.
  AwsResult<Done> with_period = kms().EnableKeyRotation({key.key_id, 180});
  ASSERT_TRUE(with_period.ok()) << with_period.status().ToString();
  status = kms().GetKeyRotationStatus(key.key_id);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->key_rotation_enabled, true);
}

TEST_F(KmsClientIntegrationTest, DisableAndEnableChangeTheKeyState) {
  KeyMetadata key = NewKey("tablekeeper kms disable");
  ASSERT_TRUE(kms().DisableKey(*key.arn).ok());
  AwsResult<KeyMetadata> described = kms().DescribeKey(key.key_id);
  ASSERT_TRUE(described.ok()) << described.status().ToString();
  EXPECT_EQ(described->key_state, "Disabled");
  EXPECT_EQ(described->enabled, false);

  ASSERT_TRUE(kms().EnableKey(key.key_id).ok());
  described = kms().DescribeKey(*key.arn);
  ASSERT_TRUE(described.ok()) << described.status().ToString();
  EXPECT_EQ(described->key_state, "Enabled");
  EXPECT_EQ(described->enabled, true);
}

TEST_F(KmsClientIntegrationTest, ScheduledDeletionWithAKeyArnCanBeCancelled) {
  KeyMetadata key = NewKey("tablekeeper kms deletion");
  ASSERT_TRUE(key.arn.has_value());
  const double before = NowSeconds();
  AwsResult<ScheduleKeyDeletionResponse> scheduled = kms().ScheduleKeyDeletion({*key.arn, 7});
  ASSERT_TRUE(scheduled.ok()) << scheduled.status().ToString();
  EXPECT_EQ(scheduled->key_id, key.arn);  // the key ARN, whatever name was given
  EXPECT_EQ(scheduled->key_state, "PendingDeletion");
  EXPECT_EQ(scheduled->pending_window_in_days, 7);
  ASSERT_TRUE(scheduled->deletion_date.has_value());
  EXPECT_NEAR(*scheduled->deletion_date, before + 7 * kDay, 600.0);

  AwsResult<KeyMetadata> pending = kms().DescribeKey(key.key_id);
  ASSERT_TRUE(pending.ok()) << pending.status().ToString();
  EXPECT_EQ(pending->key_state, "PendingDeletion");
  EXPECT_EQ(pending->enabled, false);
  ASSERT_TRUE(pending->deletion_date.has_value());
  EXPECT_NEAR(*pending->deletion_date, *scheduled->deletion_date, 1.0);

  AwsResult<CancelKeyDeletionResponse> cancelled = kms().CancelKeyDeletion(*key.arn);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status().ToString();
  EXPECT_EQ(cancelled->key_id, key.arn);
  AwsResult<KeyMetadata> after = kms().DescribeKey(*key.arn);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->key_state, "Disabled");  // AWS: a cancelled deletion leaves the key disabled
  EXPECT_FALSE(after->deletion_date.has_value());
}

TEST_F(KmsClientIntegrationTest, DeletionWindowOutsideSevenToThirtyIsInvalid) {
  KeyMetadata key = NewKey("tablekeeper kms window");
  for (int days : {6, 31}) {
    AwsResult<ScheduleKeyDeletionResponse> scheduled =
        kms().ScheduleKeyDeletion({*key.arn, days});
    ASSERT_FALSE(scheduled.ok()) << days;
    EXPECT_TRUE(scheduled.IsError("ValidationException")) << scheduled.status().ToString();
    EXPECT_EQ(scheduled.status().code(), Code::kInvalidArgument);
  }
  AwsResult<KeyMetadata> described = kms().DescribeKey(key.key_id);
  ASSERT_TRUE(described.ok());
  EXPECT_EQ(described->key_state, "Enabled");
}

TEST_F(KmsClientIntegrationTest, TagsAreAddedOverwrittenListedAndRemoved) {
  KeyMetadata key = NewKey("tablekeeper kms tags", std::vector<Tag>{{"team", "storage"}});
  ASSERT_TRUE(kms().TagResource(*key.arn, {{"env", "dev"}, {"team", "platform"}, {"x", "1"}})
                  .ok());
  AwsResult<std::vector<Tag>> tags = kms().ListResourceTags({key.key_id, {}, {}});
  ASSERT_TRUE(tags.ok()) << tags.status().ToString();
  EXPECT_EQ(TagMap(*tags), (std::map<std::string, std::string>{
                               {"env", "dev"}, {"team", "platform"}, {"x", "1"}}));
  EXPECT_EQ(tags->size(), 3u) << "an overwritten tag must not appear twice";

  ASSERT_TRUE(kms().UntagResource(key.key_id, {"x", "not-there"}).ok());
  // Limit 1 asks for pages of one tag; every tag must come back however KMS pages.
  const long long before = emulator_.Count("kms:ListResourceTags");
  tags = kms().ListResourceTags({*key.arn, 1, {}});
  ASSERT_TRUE(tags.ok()) << tags.status().ToString();
  EXPECT_EQ(TagMap(*tags),
            (std::map<std::string, std::string>{{"env", "dev"}, {"team", "platform"}}));
  const long long pages = emulator_.Count("kms:ListResourceTags") - before;
  EXPECT_GE(pages, 1);
  RecordProperty("list_resource_tags_pages_for_2_tags_limit_1", std::to_string(pages));
  std::printf("ListResourceTags, 2 tags, Limit 1: %lld page(s) from the emulator\n", pages);
}

TEST_F(KmsClientIntegrationTest, AliasesAreCreatedRetargetedListedAndDeleted) {
  KeyMetadata first = NewKey("tablekeeper kms alias first");
  KeyMetadata second = NewKey("tablekeeper kms alias second");
  const std::string alias = UniqueAlias("retarget");

  ASSERT_TRUE(kms().CreateAlias(alias, first.key_id).ok());
  AwsResult<Done> again = kms().CreateAlias(alias, second.key_id);
  EXPECT_TRUE(again.IsError("AlreadyExistsException")) << again.status().ToString();
  EXPECT_EQ(again.status().code(), Code::kAlreadyExists);

  AwsResult<std::vector<AliasListEntry>> of_first = kms().ListAliases({first.key_id, {}, {}});
  ASSERT_TRUE(of_first.ok()) << of_first.status().ToString();
  ASSERT_EQ(of_first->size(), 1u);
  EXPECT_EQ(of_first->at(0).alias_name, alias);
  EXPECT_EQ(of_first->at(0).alias_arn,
            fmt::format("arn:aws:kms:us-east-1:{}:{}", kAccount, alias));
  EXPECT_EQ(of_first->at(0).target_key_id, first.key_id);

  // Retarget with the key ARN: the alias now names the second key.
  ASSERT_TRUE(kms().UpdateAlias(alias, *second.arn).ok());
  AwsResult<KeyMetadata> described = kms().DescribeKey(alias);
  ASSERT_TRUE(described.ok()) << described.status().ToString();
  EXPECT_EQ(described->arn, second.arn);
  of_first = kms().ListAliases({first.key_id, {}, {}});
  ASSERT_TRUE(of_first.ok());
  EXPECT_TRUE(of_first->empty());
  AwsResult<std::vector<AliasListEntry>> all = kms().ListAliases();
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  auto listed = std::find_if(all->begin(), all->end(), [&](const AliasListEntry& entry) {
    return entry.alias_name == alias;
  });
  ASSERT_NE(listed, all->end());
  EXPECT_EQ(listed->target_key_id, second.key_id);

  AwsResult<Done> missing_update = kms().UpdateAlias(UniqueAlias("never-made"), first.key_id);
  EXPECT_TRUE(missing_update.IsError("NotFoundException")) << missing_update.status().ToString();

  ASSERT_TRUE(kms().DeleteAlias(alias).ok());
  EXPECT_TRUE(kms().DescribeKey(alias).IsError("NotFoundException"));
  AwsResult<Done> deleted_again = kms().DeleteAlias(alias);
  EXPECT_TRUE(deleted_again.IsError("NotFoundException")) << deleted_again.status().ToString();
  // The key outlives its alias.
  described = kms().DescribeKey(second.key_id);
  ASSERT_TRUE(described.ok());
  EXPECT_EQ(described->key_state, "Enabled");
}

TEST_F(KmsClientIntegrationTest, ListAliasesWithASmallLimitReturnsEveryAlias) {
  KeyMetadata key = NewKey("tablekeeper kms alias pages");
  std::vector<std::string> made;
  for (int i = 0; i < 3; ++i) {
    made.push_back(UniqueAlias("page"));
    ASSERT_TRUE(kms().CreateAlias(made.back(), key.key_id).ok());
  }
  const long long before = emulator_.Count("kms:ListAliases");
  AwsResult<std::vector<AliasListEntry>> aliases = kms().ListAliases({*key.arn, 1, {}});
  ASSERT_TRUE(aliases.ok()) << aliases.status().ToString();
  std::vector<std::string> listed;
  for (const AliasListEntry& alias : *aliases) listed.push_back(alias.alias_name.value_or(""));
  std::sort(listed.begin(), listed.end());
  std::sort(made.begin(), made.end());
  EXPECT_EQ(listed, made);
  const long long pages = emulator_.Count("kms:ListAliases") - before;
  EXPECT_GE(pages, 1);
  // AWS would answer 3 pages; moto 5.2.5 ignores Limit and answers 1 (the
  // paging itself is unit-tested in test/unit/aws/kms_client_test.cc).
  RecordProperty("list_aliases_pages_for_3_aliases_limit_1", std::to_string(pages));
  std::printf("ListAliases, 3 aliases, Limit 1: %lld page(s) from the emulator\n", pages);
}

TEST_F(KmsClientIntegrationTest, ThrottlingIsRetriedAndTheTypedCallSucceeds) {
  KeyMetadata key = NewKey("tablekeeper kms throttled");
  const long long before = emulator_.Count("kms:DescribeKey");
  emulator_.AddFault({{"match", "kms:DescribeKey"},
                      {"error", "ThrottlingException"},
                      {"status", 400},
                      {"message", "Rate exceeded"},
                      {"count", 2}});
  AwsResult<KeyMetadata> described = kms().DescribeKey(*key.arn);
  ASSERT_TRUE(described.ok()) << described.status().ToString();
  EXPECT_EQ(described->key_id, key.key_id);
  EXPECT_EQ(emulator_.Count("kms:DescribeKey") - before, 3);
  EXPECT_EQ(metrics_.Attempts("kms", "DescribeKey"), 3);
  EXPECT_EQ(metrics_.Calls("kms", "DescribeKey", CallOutcome::kSuccess), 1);
}

TEST_F(KmsClientIntegrationTest, ThrottlingBeyondTheAttemptsIsThrottled) {
  KeyMetadata key = NewKey("tablekeeper kms throttled out");
  emulator_.AddFault({{"match", "kms:GetKeyRotationStatus"},
                      {"error", "ThrottlingException"},
                      {"status", 400},
                      {"count", 3}});
  AwsResult<GetKeyRotationStatusResponse> status = kms().GetKeyRotationStatus(key.key_id);
  emulator_.RemoveFaults();
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(status.IsError("ThrottlingException"));
  EXPECT_EQ(status.status().code(), Code::kThrottled);
  EXPECT_EQ(metrics_.Attempts("kms", "GetKeyRotationStatus"), 3);
}

}  // namespace
}  // namespace tk::aws::kms
