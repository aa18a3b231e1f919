#include "services/kms/key_plan.h"

#include <gtest/gtest.h>

#include <string>

#include "scripted_kms.h"

namespace tk::services::kms {
namespace {

using testing::KeyMetadataAnswer;
using testing::kKeyId;

constexpr char kPolicy[] =
    R"({"Version":"2012-10-17","Statement":[{"Sid":"Root","Effect":"Allow",)"
    R"("Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]})";
// The same policy as KMS might give it back: indented, reordered, one
// statement as an object, strings as one-item lists.
constexpr char kPolicyReformatted[] = R"({
  "Statement": {
    "Resource": ["*"], "Action": "kms:*", "Effect": "Allow", "Sid": "Root",
    "Principal": {"AWS": ["arn:aws:iam::111122223333:root"]}
  },
  "Version": "2012-10-17"
})";
constexpr char kOtherPolicy[] =
    R"({"Version":"2012-10-17","Statement":[{"Sid":"Root","Effect":"Allow",)"
    R"("Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:Decrypt",)"
    R"("Resource":"*"}]})";

// A key as Observe reads it when the spec manages everything.
ObservedKey Converged(nlohmann::json metadata = {}) {
  ObservedKey key;
  key.metadata =
      aws::kms::DecodeKeyMetadata(KeyMetadataAnswer(kKeyId, std::move(metadata))["KeyMetadata"])
          .value();
  key.policy = kPolicyReformatted;
  key.tags = std::map<std::string, std::string>{{"team", "storage"}, {"env", "prod"}};
  key.rotation_enabled = true;
  return key;
}

// A spec that matches Converged().
DesiredKey Desired() {
  DesiredKey desired;
  desired.description = "";
  desired.key_spec = "SYMMETRIC_DEFAULT";
  desired.key_usage = "ENCRYPT_DECRYPT";
  desired.origin = "AWS_KMS";
  desired.multi_region = false;
  desired.policy = kPolicy;
  desired.tags = std::map<std::string, std::string>{{"env", "prod"}, {"team", "storage"}};
  desired.enable_key_rotation = true;
  return desired;
}

runtime::Plan PlanOf(const DesiredKey& desired, const ObservedKey& observed) {
  Result<runtime::Plan> plan = PlanKeyChanges(desired, observed);
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  return plan.ok() ? *plan : runtime::Plan{};
}

TEST(KeyPlanTest, AConvergedKeyGivesAnEmptyPlan) {
  runtime::Plan plan = PlanOf(Desired(), Converged());
  EXPECT_TRUE(plan.Synced());
  EXPECT_TRUE(plan.steps.empty());
  EXPECT_TRUE(plan.advisories.empty());
}

TEST(KeyPlanTest, UnsetFieldsAreUnmanaged) {
  ObservedKey key = Converged({{"Description", "made elsewhere"}});
  key.policy = kOtherPolicy;
  key.tags = std::map<std::string, std::string>{{"owner", "someone"}};
  key.rotation_enabled = false;
  runtime::Plan plan = PlanOf(DesiredKey{}, key);
  EXPECT_TRUE(plan.Synced());
  EXPECT_TRUE(plan.advisories.empty());
}

TEST(KeyPlanTest, APolicyOfAnotherMeaningGivesOnePutKeyPolicy) {
  DesiredKey desired = Desired();
  desired.policy = kOtherPolicy;
  desired.bypass_policy_lockout_safety_check = false;
  runtime::Plan plan = PlanOf(desired, Converged());
  ASSERT_EQ(plan.steps.size(), 1u);
  const runtime::PlanStep& step = plan.steps[0];
  EXPECT_EQ(step.operation, "PutKeyPolicy");
  EXPECT_EQ(step.fields, std::vector<std::string>{"spec.policy"});
  EXPECT_EQ(step.request["KeyId"], kKeyId);
  EXPECT_EQ(step.request["PolicyName"], "default");
  EXPECT_EQ(step.request["Policy"], kOtherPolicy);
  EXPECT_EQ(step.request["BypassPolicyLockoutSafetyCheck"], false);
  EXPECT_EQ(step.fingerprint, "PutKeyPolicy " + step.request.dump());
  EXPECT_FALSE(step.description.empty());
}

TEST(KeyPlanTest, AnUnparseablePolicyIsTerminalNamingTheField) {
  DesiredKey desired = Desired();
  desired.policy = "{not json";
  Result<runtime::Plan> plan = PlanKeyChanges(desired, Converged());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(plan.status().message().rfind("spec.policy: ", 0), 0u) << plan.status().message();
}

TEST(KeyPlanTest, AnUnreadableObservedPolicyIsReplaced) {
  ObservedKey key = Converged();
  key.policy = "";
  runtime::Plan plan = PlanOf(Desired(), key);
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].operation, "PutKeyPolicy");
}

TEST(KeyPlanTest, AChangedOrAddedTagGivesOneTagResource) {
  DesiredKey desired = Desired();
  (*desired.tags)["team"] = "payments";
  (*desired.tags)["cost-center"] = "42";
  runtime::Plan plan = PlanOf(desired, Converged());
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].operation, "TagResource");
  EXPECT_EQ(plan.steps[0].fields, std::vector<std::string>{"spec.tags"});
  EXPECT_EQ(plan.steps[0].request,
            nlohmann::json::parse(R"({"KeyId":")" + std::string(kKeyId) +
                                  R"(","Tags":[{"TagKey":"cost-center","TagValue":"42"},)"
                                  R"({"TagKey":"team","TagValue":"payments"}]})"));
}

TEST(KeyPlanTest, ATagTheSpecDoesNotListGivesOneUntagResourceButAwsTagsStay) {
  ObservedKey key = Converged();
  (*key.tags)["stray"] = "x";
  (*key.tags)["aws:cloudformation:stack-name"] = "s";
  runtime::Plan plan = PlanOf(Desired(), key);
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].operation, "UntagResource");
  EXPECT_EQ(plan.steps[0].request["TagKeys"], nlohmann::json::array({"stray"}));
}

TEST(KeyPlanTest, EmptySpecTagsRemoveEveryTag) {
  DesiredKey desired = Desired();
  desired.tags = std::map<std::string, std::string>{};
  runtime::Plan plan = PlanOf(desired, Converged());
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].request["TagKeys"], nlohmann::json::array({"env", "team"}));
}

TEST(KeyPlanTest, RotationDifferenceGivesOneStepEachWay) {
  DesiredKey off = Desired();
  off.enable_key_rotation = false;
  runtime::Plan plan = PlanOf(off, Converged());
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].operation, "DisableKeyRotation");
  EXPECT_EQ(plan.steps[0].fields, std::vector<std::string>{"spec.enableKeyRotation"});
  EXPECT_EQ(plan.steps[0].request, nlohmann::json({{"KeyId", kKeyId}}));

  ObservedKey not_rotating = Converged();
  not_rotating.rotation_enabled = false;
  plan = PlanOf(Desired(), not_rotating);
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].operation, "EnableKeyRotation");
}

TEST(KeyPlanTest, StepsComeInOrderPolicyTagsRotation) {
  DesiredKey desired = Desired();
  desired.policy = kOtherPolicy;
  desired.tags = std::map<std::string, std::string>{{"team", "payments"}};
  desired.enable_key_rotation = false;
  runtime::Plan plan = PlanOf(desired, Converged());
  std::vector<std::string> operations;
  for (const runtime::PlanStep& step : plan.steps) operations.push_back(step.operation);
  EXPECT_EQ(operations, (std::vector<std::string>{"PutKeyPolicy", "TagResource", "UntagResource",
                                                  "DisableKeyRotation"}));
}

TEST(KeyPlanTest, RotationOnAKeyThatCannotRotateIsTerminalUnlessFalse) {
  ObservedKey key = Converged({{"KeySpec", "RSA_2048"}, {"KeyUsage", "SIGN_VERIFY"}});
  key.rotation_enabled.reset();
  key.rotation_unsupported = true;
  DesiredKey desired;
  desired.enable_key_rotation = true;
  Result<runtime::Plan> plan = PlanKeyChanges(desired, key);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), Code::kInvalidArgument);
  EXPECT_NE(plan.status().message().find("spec.enableKeyRotation"), std::string::npos);
  EXPECT_NE(plan.status().message().find("RSA_2048"), std::string::npos);

  desired.enable_key_rotation = false;
  EXPECT_TRUE(PlanOf(desired, key).Synced());
}

TEST(KeyPlanTest, RotationChangesWaitWhileTheKeyIsDisabled) {
  ObservedKey key = Converged({{"KeyState", "Disabled"}, {"Enabled", false}});
  key.rotation_enabled = false;
  runtime::Plan plan = PlanOf(Desired(), key);
  EXPECT_TRUE(plan.steps.empty());
  ASSERT_EQ(plan.advisories.size(), 1u);
  EXPECT_NE(plan.advisories[0].find("Disabled"), std::string::npos);
}

TEST(KeyPlanTest, ImmutableFieldsThatDifferAreAdvisoriesNotSteps) {
  DesiredKey desired = Desired();
  desired.key_spec = "RSA_2048";
  desired.multi_region = true;
  runtime::Plan plan = PlanOf(desired, Converged());
  EXPECT_TRUE(plan.steps.empty());
  ASSERT_EQ(plan.advisories.size(), 2u);
  EXPECT_NE(plan.advisories[0].find("spec.keySpec is \"RSA_2048\""), std::string::npos)
      << plan.advisories[0];
  EXPECT_NE(plan.advisories[1].find("spec.multiRegion"), std::string::npos);
}

TEST(KeyPlanTest, ADescriptionChangeIsOneUpdateKeyDescription) {
  DesiredKey desired = Desired();
  desired.description = "new words";
  runtime::Plan plan = PlanOf(desired, Converged());
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].operation, "UpdateKeyDescription");
  EXPECT_EQ(plan.steps[0].request["Description"], "new words");
  EXPECT_EQ(plan.steps[0].fields, std::vector<std::string>{"spec.description"});
}

TEST(KeyPlanTest, EnablingComesFirstAndDisablingLast) {
  DesiredKey desired = Desired();
  desired.enabled = true;
  desired.description = "back in service";
  runtime::Plan enabling = PlanOf(desired, Converged({{"KeyState", "Disabled"}, {"Enabled", false}}));
  ASSERT_EQ(enabling.steps.size(), 2u);
  EXPECT_EQ(enabling.steps[0].operation, "EnableKey");
  EXPECT_EQ(enabling.steps[1].operation, "UpdateKeyDescription");

  desired.enabled = false;
  desired.description = "retired";
  runtime::Plan disabling = PlanOf(desired, Converged());
  ASSERT_EQ(disabling.steps.size(), 2u);
  EXPECT_EQ(disabling.steps[0].operation, "UpdateKeyDescription");
  EXPECT_EQ(disabling.steps[1].operation, "DisableKey");

  // Unset leaves the state alone; a match plans nothing.
  desired = Desired();
  EXPECT_TRUE(PlanOf(desired, Converged({{"KeyState", "Disabled"}, {"Enabled", false}})).Synced());
  desired.enabled = true;
  EXPECT_TRUE(PlanOf(desired, Converged()).Synced());
}

TEST(KeyPlanTest, AKeyPendingDeletionWaitsAndSaysWhatToDo) {
  ObservedKey key = Converged({{"KeyState", "PendingDeletion"}, {"DeletionDate", 1700604800.0}});
  DesiredKey desired = Desired();
  desired.policy = kOtherPolicy;
  runtime::Plan plan = PlanOf(desired, key);
  EXPECT_TRUE(plan.steps.empty());
  EXPECT_FALSE(plan.Synced());
  EXPECT_NE(plan.waiting_for.find("PendingDeletion"), std::string::npos);
  EXPECT_NE(plan.waiting_for.find("2023-11-21"), std::string::npos) << plan.waiting_for;
  EXPECT_NE(plan.waiting_for.find("CancelKeyDeletion"), std::string::npos);
  EXPECT_NE(plan.waiting_for.find("delete this object"), std::string::npos);
  EXPECT_EQ(plan.requeue_after, kScheduledForDeletionRecheck);
}

TEST(KeyPlanTest, SettlingKeysWait) {
  for (const char* state : {"Creating", "Updating"}) {
    runtime::Plan plan = PlanOf(Desired(), Converged({{"KeyState", state}}));
    EXPECT_TRUE(plan.steps.empty());
    EXPECT_NE(plan.waiting_for.find(state), std::string::npos);
  }
}

TEST(KeyPlanTest, AwsManagedKeysAreNeverChanged) {
  ObservedKey key = Converged({{"KeyManager", "AWS"}});
  key.policy = kOtherPolicy;
  runtime::Plan plan = PlanOf(Desired(), key);
  EXPECT_TRUE(plan.steps.empty());
  ASSERT_EQ(plan.advisories.size(), 1u);
  EXPECT_NE(plan.advisories[0].find("AWS-managed"), std::string::npos);
}

TEST(KeyPlanTest, ManagedFieldsThatWereNotReadAreABug) {
  ObservedKey key = Converged();
  key.tags.reset();
  Result<runtime::Plan> plan = PlanKeyChanges(Desired(), key);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), Code::kInternal);
}

}  // namespace
}  // namespace tk::services::kms
