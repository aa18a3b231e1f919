// What the Table manager's integration tests share: a ServiceClientPool aimed
// at the test world's AWS emulator (testenv/up.sh; env.sh sets
// AWS_ENDPOINT_URL), the manager over it with the real KeyIdentityResolver,
// plain clients to set up KMS keys and check DynamoDB behind the manager's
// back, and a loop that drives the manager the way the runtime does
// (Observe; Create, or PlanChanges and one Apply per pass; waits while AWS
// settles; status merged back into the object as a JSON merge patch),
// without Kubernetes.
//
// The emulator's tables and indexes stay CREATING/UPDATING/DELETING for its
// state delay (0.5 s by default), so every loop here polls, bounded by
// kSettleTimeout. Names are unique per run: tests neither reset the emulator
// nor depend on what ran before them. Call counts are deltas of the
// emulator's request log (ctest runs the integration binaries one at a
// time).
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/call_metrics.h"
#include "aws/credentials_source.h"
#include "aws/dynamodb_client.h"
#include "aws/kms_client.h"
#include "integration/aws/emulator_control.h"
#include "services/aws_client_pool.h"
#include "services/dynamodb/table_resource_manager.h"
#include "services/kms/key_identity_resolver.h"
#include "testing/test_world.h"

namespace tk::services::dynamodb::testing {

inline constexpr char kRegion[] = "us-east-1";
inline constexpr char kAccount[] = "123456789012";  // the emulator's
inline constexpr auto kSettleTimeout = std::chrono::seconds(60);
inline constexpr auto kPollInterval = std::chrono::milliseconds(100);

// A name DynamoDB and KMS aliases accept, used by no other test.
inline std::string Unique(std::string_view prefix) {
  static std::atomic<int> counter{0};
  return fmt::format("{}-{}-{}-{}", prefix, ::getpid(),
                     std::chrono::steady_clock::now().time_since_epoch().count() % 1000000000,
                     ++counter);
}

// A Table object as the API server would serve it.
inline nlohmann::json TableObject(nlohmann::json spec) {
  return {{"apiVersion", "dynamodb.services.k8s.aws/v1alpha1"},
          {"kind", "Table"},
          {"metadata", {{"name", Unique("table")}, {"namespace", "default"}, {"uid", Unique("uid")}}},
          {"spec", std::move(spec)},
          {"status", nlohmann::json::object()}};
}

// An on-demand table with one HASH key, named uniquely.
inline nlohmann::json OnDemandSpec() {
  return {{"tableName", Unique("tk-table")},
          {"attributeDefinitions", {{{"attributeName", "id"}, {"attributeType", "S"}}}},
          {"keySchema", {{{"attributeName", "id"}, {"keyType", "HASH"}}}},
          {"billingMode", "PAY_PER_REQUEST"}};
}

class DynamoDbWorld : public ::testing::Test {
 protected:
  // One write the loop made: "CreateTable", or "<operation> <first field>".
  using Writes = std::vector<std::string>;

  DynamoDbWorld() : emulator_(ControlUrl()) {
    ServiceClientPoolOptions options;
    options.client.endpoint.endpoint_url = tk::testing::TestWorld::AwsEndpoint();
    options.client.retry.base_delay = std::chrono::milliseconds(20);
    options.client.attempt_timeout = std::chrono::seconds(20);
    pool_ = std::make_unique<ServiceClientPool>(options, credentials_, metrics_);
    resolver_ = std::make_unique<kms::KeyIdentityResolver>(*pool_, kms::KeyIdentityResolverOptions{});
    manager_ = std::make_unique<TableResourceManager>(*pool_, *resolver_);
  }

  // Deletes the tables the test named, best effort (protection off first).
  void TearDown() override {
    for (const std::string& name : tables_) {
      aws::dynamodb::UpdateTableInput input;
      input.table_name = name;
      input.deletion_protection_enabled = false;
      (void)WaitUntilDescribed(name, [](const auto& t) { return t.table_status == "ACTIVE"; },
                               std::chrono::seconds(5));
      (void)dynamodb().UpdateTable(input);
      (void)WaitUntilDescribed(name, [](const auto& t) { return t.table_status == "ACTIVE"; },
                               std::chrono::seconds(5));
      (void)dynamodb().DeleteTable(name);
    }
  }

  static std::string ControlUrl() {
    const char* url = std::getenv("TESTENV_EMULATOR_CONTROL");
    return url != nullptr ? url : tk::testing::TestWorld::AwsEndpoint() + "/_emulator";
  }

  aws::kms::Client& kms() {
    Result<aws::kms::Client*> client = pool_->Kms(kRegion);
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return **client;
  }
  aws::dynamodb::DynamoDbClient& dynamodb() {
    Result<aws::dynamodb::DynamoDbClient*> client = pool_->DynamoDb(kRegion);
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return **client;
  }

  // A Table object for `spec`, whose table TearDown deletes.
  nlohmann::json NewTable(nlohmann::json spec) {
    tables_.push_back(spec.at("tableName").get<std::string>());
    return TableObject(std::move(spec));
  }

  runtime::ReconcileRequest RequestFor(const nlohmann::json& object) {
    return {object, kRegion, nullptr};
  }

  // Drives the manager over `object` until its plan is empty: Create when
  // there is no table, else the plan's first step, one write per pass; a
  // pass whose plan waits sleeps instead. The writes, in order; fails the
  // test after `max_writes` writes or kSettleTimeout.
  Writes Converge(nlohmann::json& object, int max_writes = 10) {
    Writes writes;
    const auto deadline = std::chrono::steady_clock::now() + kSettleTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
      const runtime::ReconcileRequest request = RequestFor(object);
      Result<runtime::Observation> observed = manager_->Observe(request);
      if (!observed.ok()) {
        ADD_FAILURE() << "Observe: " << observed.status().ToString();
        return writes;
      }
      object["status"].merge_patch(observed->status);
      if (!observed->exists) {
        Result<runtime::Observation> created = manager_->Create(request);
        if (!created.ok()) {
          ADD_FAILURE() << "Create: " << created.status().ToString();
          return writes;
        }
        object["status"].merge_patch(created->status);
        writes.push_back("CreateTable");
        continue;
      }
      Result<runtime::Plan> plan = manager_->PlanChanges(request, *observed);
      if (!plan.ok()) {
        ADD_FAILURE() << "PlanChanges: " << plan.status().ToString();
        return writes;
      }
      if (!plan->waiting_for.empty()) {
        std::this_thread::sleep_for(kPollInterval);
        continue;
      }
      if (plan->steps.empty()) return writes;
      if (static_cast<int>(writes.size()) >= max_writes) break;
      const runtime::PlanStep& step = plan->steps.front();
      Result<nlohmann::json> applied = manager_->Apply(request, *observed, step);
      if (!applied.ok()) {
        ADD_FAILURE() << step.operation << " (" << step.description
                      << "): " << applied.status().ToString();
        return writes;
      }
      object["status"].merge_patch(*applied);
      writes.push_back(step.operation + " " + (step.fields.empty() ? "" : step.fields.front()));
    }
    ADD_FAILURE() << "no empty plan after " << writes.size() << " writes: "
                  << ::testing::PrintToString(writes);
    return writes;
  }

  // Observe, then PlanChanges, for `object` as it is now.
  Result<runtime::Plan> PlanNow(const nlohmann::json& object) {
    const runtime::ReconcileRequest request = RequestFor(object);
    Result<runtime::Observation> observed = manager_->Observe(request);
    if (!observed.ok()) return observed.status();
    if (!observed->exists) return Status(Code::kNotFound, "no table");
    return manager_->PlanChanges(request, *observed);
  }

  // Observe, then Delete, as the runtime does for an object being deleted.
  Result<runtime::DeleteOutcome> DeleteNow(nlohmann::json& object) {
    object["metadata"]["deletionTimestamp"] = "2024-01-01T00:00:00Z";
    const runtime::ReconcileRequest request = RequestFor(object);
    Result<runtime::Observation> observed = manager_->Observe(request);
    if (!observed.ok()) return observed.status();
    return manager_->Delete(request, *observed);
  }

  // Polls DescribeTable until `done` holds for the table (false on time-out
  // or error).
  template <typename Done>
  bool WaitUntilDescribed(const std::string& name, Done done,
                          std::chrono::milliseconds timeout = kSettleTimeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      auto table = dynamodb().DescribeTable(name);
      if (table.ok() && done(*table)) return true;
      std::this_thread::sleep_for(kPollInterval);
    }
    return false;
  }

  // A customer managed key with an alias, made behind the manager's back.
  struct Key {
    std::string id;
    std::string arn;
    std::string alias;      // "alias/..."
    std::string alias_arn;  // "arn:aws:kms:...:alias/..."
  };
  Key NewKey() {
    aws::kms::CreateKeyRequest request;
    request.description = "tablekeeper dynamodb integration test";
    aws::AwsResult<aws::kms::KeyMetadata> key = kms().CreateKey(request);
    EXPECT_TRUE(key.ok()) << key.status().ToString();
    if (!key.ok()) return {};
    Key made;
    made.id = key->key_id;
    made.arn = key->arn.value_or("");
    made.alias = "alias/" + Unique("tk-key");
    made.alias_arn = fmt::format("arn:aws:kms:{}:{}:{}", kRegion, kAccount, made.alias);
    aws::AwsResult<aws::kms::Done> alias = kms().CreateAlias(made.alias, made.id);
    EXPECT_TRUE(alias.ok()) << alias.status().ToString();
    return made;
  }

  aws::StaticCredentialsSource credentials_{aws::Credentials{"testing", "testing", ""}};
  aws::CallMetrics metrics_;
  aws::testing::EmulatorControl emulator_;
  std::unique_ptr<ServiceClientPool> pool_;
  std::unique_ptr<kms::KeyIdentityResolver> resolver_;
  std::unique_ptr<TableResourceManager> manager_;
  std::vector<std::string> tables_;
};

}  // namespace tk::services::dynamodb::testing
