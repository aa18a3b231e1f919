// What the KMS managers' integration tests share: a ServiceClientPool aimed
// at the test world's AWS emulator (testenv/up.sh; env.sh sets
// AWS_ENDPOINT_URL), the managers over it, a plain kms::Client to set up and
// check AWS behind the managers' back, and a loop that drives a manager the
// way the runtime does (Observe, Create or PlanChanges, one Apply per pass,
// status merged back into the object), without Kubernetes.
//
// Names are unique per run, so tests neither reset the emulator nor depend on
// what ran before them.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/call_metrics.h"
#include "aws/credentials_source.h"
#include "aws/kms_client.h"
#include "integration/aws/emulator_control.h"
#include "services/aws_client_pool.h"
#include "services/kms/alias_resource_manager.h"
#include "services/kms/key_identity_resolver.h"
#include "services/kms/key_resource_manager.h"
#include "testing/test_world.h"

namespace tk::services::kms::testing {

inline constexpr char kRegion[] = "us-east-1";
inline constexpr char kAccount[] = "123456789012";  // the emulator's

// A name no other test uses: "<prefix>-<pid>-<clock>-<n>".
inline std::string Unique(std::string_view prefix) {
  static std::atomic<int> counter{0};
  return fmt::format("{}-{}-{}-{}", prefix, ::getpid(),
                     std::chrono::steady_clock::now().time_since_epoch().count(), ++counter);
}

// A key policy granting the account everything, with `sid`.
inline std::string RootPolicy(std::string_view sid) {
  return nlohmann::json{{"Version", "2012-10-17"},
                        {"Statement",
                         {{{"Sid", sid},
                           {"Effect", "Allow"},
                           {"Principal", {{"AWS", fmt::format("arn:aws:iam::{}:root", kAccount)}}},
                           {"Action", "kms:*"},
                           {"Resource", "*"}}}}}
      .dump();
}

inline nlohmann::json NewObject(std::string_view kind, nlohmann::json spec) {
  return {{"apiVersion", "kms.services.k8s.aws/v1alpha1"},
          {"kind", kind},
          {"metadata", {{"name", Unique("obj")}, {"namespace", "default"}, {"uid", Unique("uid")}}},
          {"spec", std::move(spec)},
          {"status", nlohmann::json::object()}};
}

inline void MarkDeleted(nlohmann::json& object) {
  object["metadata"]["deletionTimestamp"] = "2024-01-01T00:00:00Z";
}

class KmsWorld : public ::testing::Test {
 protected:
  KmsWorld() : emulator_(ControlUrl()) {
    ServiceClientPoolOptions options;
    options.client.endpoint.endpoint_url = tk::testing::TestWorld::AwsEndpoint();
    options.client.retry.base_delay = std::chrono::milliseconds(20);
    options.client.attempt_timeout = std::chrono::seconds(20);
    pool_ = std::make_unique<ServiceClientPool>(options, credentials_, metrics_);
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

  runtime::ReconcileRequest RequestFor(const nlohmann::json& object,
                                       nlohmann::json adoption = nullptr) {
    return {object, kRegion, std::move(adoption)};
  }

  // Drives `manager` over `object` until its plan is empty: one write
  // (Create or the plan's first step) per pass, the observed status merged
  // into the object as the runtime writes it. The writes, in order; fails
  // the test after `max_passes`.
  std::vector<std::string> Converge(runtime::ResourceManager& manager, nlohmann::json& object,
                                    int max_passes = 8) {
    std::vector<std::string> writes;
    for (int pass = 0; pass < max_passes; ++pass) {
      const runtime::ReconcileRequest request = RequestFor(object);
      Result<runtime::Observation> observed = manager.Observe(request);
      if (!observed.ok()) {
        ADD_FAILURE() << "Observe: " << observed.status().ToString();
        return writes;
      }
      object["status"].merge_patch(observed->status);
      if (!observed->exists) {
        Result<runtime::Observation> created = manager.Create(request);
        if (!created.ok()) {
          ADD_FAILURE() << "Create: " << created.status().ToString();
          return writes;
        }
        object["status"].merge_patch(created->status);
        writes.push_back("Create");
        continue;
      }
      Result<runtime::Plan> plan = manager.PlanChanges(request, *observed);
      if (!plan.ok()) {
        ADD_FAILURE() << "PlanChanges: " << plan.status().ToString();
        return writes;
      }
      EXPECT_TRUE(plan->waiting_for.empty()) << plan->waiting_for;
      if (plan->steps.empty()) return writes;
      Result<nlohmann::json> applied = manager.Apply(request, *observed, plan->steps[0]);
      if (!applied.ok()) {
        ADD_FAILURE() << plan->steps[0].operation << ": " << applied.status().ToString();
        return writes;
      }
      object["status"].merge_patch(*applied);
      writes.push_back(plan->steps[0].operation);
    }
    ADD_FAILURE() << "no empty plan after " << max_passes << " passes";
    return writes;
  }

  // The plan for `object` as it is now (Observe then PlanChanges).
  runtime::Plan PlanNow(runtime::ResourceManager& manager, const nlohmann::json& object) {
    const runtime::ReconcileRequest request = RequestFor(object);
    Result<runtime::Observation> observed = manager.Observe(request);
    EXPECT_TRUE(observed.ok()) << observed.status().ToString();
    if (!observed.ok()) return {};
    EXPECT_TRUE(observed->exists);
    Result<runtime::Plan> plan = manager.PlanChanges(request, *observed);
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    return plan.ok() ? *plan : runtime::Plan{};
  }

  // Deletes what `object` names, as the runtime does once the object is
  // being deleted: Observe, then Delete unless already gone.
  runtime::DeleteOutcome DeleteNow(runtime::ResourceManager& manager, nlohmann::json& object) {
    MarkDeleted(object);
    const runtime::ReconcileRequest request = RequestFor(object);
    Result<runtime::Observation> observed = manager.Observe(request);
    EXPECT_TRUE(observed.ok()) << observed.status().ToString();
    if (!observed.ok()) return {};
    Result<runtime::DeleteOutcome> deleted = manager.Delete(request, *observed);
    EXPECT_TRUE(deleted.ok()) << deleted.status().ToString();
    return deleted.ok() ? *deleted : runtime::DeleteOutcome{};
  }

  // A key made directly, behind the managers' back.
  aws::kms::KeyMetadata NewKey(std::string description) {
    aws::kms::CreateKeyRequest request;
    request.description = std::move(description);
    aws::AwsResult<aws::kms::KeyMetadata> key = kms().CreateKey(request);
    EXPECT_TRUE(key.ok()) << key.status().ToString();
    return key.ok() ? *key : aws::kms::KeyMetadata{};
  }

  aws::StaticCredentialsSource credentials_{aws::Credentials{"testing", "testing", ""}};
  aws::CallMetrics metrics_;
  aws::testing::EmulatorControl emulator_;
  std::unique_ptr<ServiceClientPool> pool_;
};

}  // namespace tk::services::kms::testing
