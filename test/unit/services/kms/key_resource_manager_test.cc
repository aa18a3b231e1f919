// KeyResourceManager over a scripted KMS: which calls each step makes and
// with what, the cases the emulator cannot produce (a key pending deletion
// behind our back, rotation refused right after CreateKey, throttling), and
// that a key just created plans nothing. Against the emulator:
// test/integration/services/kms_managers_test.cc.
#include "services/kms/key_resource_manager.h"

#include <gtest/gtest.h>

#include <string>

#include "scripted_kms.h"
#include "services/kms/observed_key.h"

namespace tk::services::kms {
namespace {

using testing::KeyArn;
using testing::KeyMetadataAnswer;
using testing::kKeyId;
using testing::kRegion;

constexpr char kPolicy[] =
    R"({"Version":"2012-10-17","Statement":[{"Sid":"Root","Effect":"Allow",)"
    R"("Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]})";

nlohmann::json KeyObject(nlohmann::json spec, nlohmann::json status = nullptr) {
  nlohmann::json object = {
      {"apiVersion", "kms.services.k8s.aws/v1alpha1"},
      {"kind", "Key"},
      {"metadata", {{"name", "orders"}, {"namespace", "shop"}, {"uid", "u-1"}}},
      {"spec", std::move(spec)}};
  if (!status.is_null()) object["status"] = std::move(status);
  return object;
}

runtime::ReconcileRequest Request(nlohmann::json object, nlohmann::json adoption = nullptr) {
  return {std::move(object), kRegion, std::move(adoption)};
}

nlohmann::json Known() { return {{"keyID", kKeyId}}; }

class KeyResourceManagerTest : public ::testing::Test {
 protected:
  void TearDown() override { EXPECT_EQ(kms_.unused(), 0u) << "scripted answers left"; }

  runtime::Observation Observe(const runtime::ReconcileRequest& request) {
    Result<runtime::Observation> observed = manager_.Observe(request);
    EXPECT_TRUE(observed.ok()) << observed.status().ToString();
    return observed.ok() ? std::move(*observed) : runtime::Observation{};
  }

  runtime::Plan PlanFor(const runtime::ReconcileRequest& request,
                        const runtime::Observation& observed) {
    Result<runtime::Plan> plan = manager_.PlanChanges(request, observed);
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    return plan.ok() ? *plan : runtime::Plan{};
  }

  testing::ScriptedKms kms_;
  testing::ScriptedClientPool pool_{kms_};
  KeyResourceManager manager_{pool_};
};

TEST_F(KeyResourceManagerTest, ServesAcksKeyKind) {
  EXPECT_EQ(manager_.kind().ApiVersion(), "kms.services.k8s.aws/v1alpha1");
  EXPECT_EQ(manager_.kind().kind, "Key");
  EXPECT_EQ(manager_.kind().plural, "keys");
}

TEST_F(KeyResourceManagerTest, AnObjectWithoutKeyIdNamesNoKeyYet) {
  runtime::Observation observed = Observe(Request(KeyObject({{"description", "x"}})));
  EXPECT_FALSE(observed.exists);
  EXPECT_TRUE(kms_.sent().empty());
}

TEST_F(KeyResourceManagerTest, ObserveReadsOnlyWhatTheSpecManages) {
  kms_.Answer("DescribeKey", KeyMetadataAnswer(kKeyId));
  kms_.Answer("ListResourceTags", {{"Tags", {{{"TagKey", "team"}, {"TagValue", "storage"}}}},
                                   {"Truncated", false}});
  runtime::Observation observed =
      Observe(Request(KeyObject({{"tags", nlohmann::json::array()}}, Known())));
  EXPECT_TRUE(observed.exists);
  EXPECT_EQ(kms_.operations(), (std::vector<std::string>{"DescribeKey", "ListResourceTags"}));
  EXPECT_EQ(kms_.sent()[0].input["KeyId"], kKeyId);
  EXPECT_EQ(observed.status["keyID"], kKeyId);
  EXPECT_EQ(observed.status["ackResourceMetadata"]["arn"], KeyArn(kKeyId));
  EXPECT_EQ(observed.spec["tags"][0]["tagKey"], "team");
  EXPECT_FALSE(observed.spec.contains("policy"));
}

TEST_F(KeyResourceManagerTest, AdoptionFindsTheKeyByAdoptionFieldsAndReadsEverything) {
  kms_.Answer("DescribeKey", KeyMetadataAnswer(kKeyId, {{"Description", "adopted"}}));
  kms_.Answer("GetKeyPolicy", {{"Policy", kPolicy}, {"PolicyName", "default"}});
  kms_.Answer("ListResourceTags", {{"Tags", nlohmann::json::array()}, {"Truncated", false}});
  kms_.Answer("GetKeyRotationStatus", {{"KeyRotationEnabled", true}});
  runtime::Observation observed =
      Observe(Request(KeyObject(nlohmann::json::object()), {{"keyID", kKeyId}}));
  ASSERT_TRUE(observed.exists);
  EXPECT_EQ(kms_.sent()[0].input["KeyId"], kKeyId);
  EXPECT_EQ(kms_.sent()[1].input["PolicyName"], "default");
  EXPECT_EQ(observed.spec["description"], "adopted");
  EXPECT_EQ(observed.spec["policy"], kPolicy);
  EXPECT_EQ(observed.spec["tags"], nlohmann::json::array());
  EXPECT_EQ(observed.spec["enableKeyRotation"], true);
  EXPECT_EQ(observed.spec["keySpec"], "SYMMETRIC_DEFAULT");

  // Planning the adopted spec against its own observation: nothing to do.
  nlohmann::json adopted = KeyObject(observed.spec, Known());
  EXPECT_TRUE(PlanFor(Request(adopted), observed).Synced());
}

TEST_F(KeyResourceManagerTest, AKeyKmsDoesNotKnowIsNotThere) {
  kms_.Fail("DescribeKey", testing::KmsError("NotFoundException"));
  EXPECT_FALSE(Observe(Request(KeyObject({}, Known()))).exists);
}

TEST_F(KeyResourceManagerTest, ReadErrorsKeepTheirCodeAndNameTheKey) {
  kms_.Fail("DescribeKey", testing::KmsError("ThrottlingException"));
  Result<runtime::Observation> observed = manager_.Observe(Request(KeyObject({}, Known())));
  ASSERT_FALSE(observed.ok());
  EXPECT_EQ(observed.status().code(), Code::kThrottled);
  EXPECT_NE(observed.status().message().find(kKeyId), std::string::npos);
}

TEST_F(KeyResourceManagerTest, RotationUnsupportedIsObservedNotAnError) {
  kms_.Answer("DescribeKey", KeyMetadataAnswer(kKeyId, {{"KeySpec", "HMAC_256"}}));
  kms_.Fail("GetKeyRotationStatus", testing::KmsError("UnsupportedOperationException"));
  runtime::Observation observed =
      Observe(Request(KeyObject({{"enableKeyRotation", false}}, Known())));
  ASSERT_TRUE(observed.exists);
  EXPECT_TRUE(std::any_cast<ObservedKey>(observed.details).rotation_unsupported);
  EXPECT_TRUE(PlanFor(Request(KeyObject({{"enableKeyRotation", false}}, Known())), observed)
                  .Synced());
}

TEST_F(KeyResourceManagerTest, AKeyScheduledForDeletionBehindOurBackIsReportedAndWaits) {
  kms_.Answer("DescribeKey", KeyMetadataAnswer(kKeyId, {{"KeyState", "PendingDeletion"},
                                                        {"Enabled", false},
                                                        {"DeletionDate", 1700604800.0}}));
  runtime::ReconcileRequest request = Request(KeyObject({{"policy", kPolicy}}, Known()));
  runtime::Observation observed = Observe(request);
  EXPECT_TRUE(observed.exists);
  EXPECT_EQ(observed.status["keyState"], "PendingDeletion");
  EXPECT_EQ(observed.status["deletionDate"], "2023-11-21T22:13:20Z");
  EXPECT_EQ(kms_.operations(), std::vector<std::string>{"DescribeKey"});  // nothing else read

  runtime::Plan plan = PlanFor(request, observed);
  EXPECT_TRUE(plan.steps.empty());
  EXPECT_NE(plan.waiting_for.find("PendingDeletion"), std::string::npos);
  EXPECT_GT(plan.requeue_after.count(), 0);
}

TEST_F(KeyResourceManagerTest, AKeyPendingDeletionCountsAsGoneWhileTheObjectIsDeleted) {
  kms_.Answer("DescribeKey", KeyMetadataAnswer(kKeyId, {{"KeyState", "PendingDeletion"}}));
  nlohmann::json object = KeyObject({{"policy", kPolicy}}, Known());
  object["metadata"]["deletionTimestamp"] = "2024-01-01T00:00:00Z";
  runtime::Observation observed = Observe(Request(object));
  EXPECT_FALSE(observed.exists);
  EXPECT_EQ(observed.status["keyState"], "PendingDeletion");

  Result<runtime::DeleteOutcome> deleted = manager_.Delete(Request(object), observed);
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_TRUE(deleted->gone);
  EXPECT_EQ(kms_.sent().size(), 1u);
}

TEST_F(KeyResourceManagerTest, CreateSendsEverySpecFieldThenEnablesRotation) {
  kms_.Answer("CreateKey", KeyMetadataAnswer(kKeyId, {{"Description", "orders"}}));
  kms_.Answer("EnableKeyRotation", nullptr);
  nlohmann::json spec = {{"description", "orders"},
                         {"keySpec", "SYMMETRIC_DEFAULT"},
                         {"keyUsage", "ENCRYPT_DECRYPT"},
                         {"origin", "AWS_KMS"},
                         {"multiRegion", false},
                         {"policy", kPolicy},
                         {"bypassPolicyLockoutSafetyCheck", false},
                         {"enableKeyRotation", true},
                         {"tags", {{{"tagKey", "team"}, {"tagValue", "storage"}}}}};
  runtime::ReconcileRequest request = Request(KeyObject(spec));
  Result<runtime::Observation> created = manager_.Create(request);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(kms_.operations(), (std::vector<std::string>{"CreateKey", "EnableKeyRotation"}));
  EXPECT_EQ(kms_.sent()[0].input,
            nlohmann::json({{"Description", "orders"},
                            {"KeySpec", "SYMMETRIC_DEFAULT"},
                            {"KeyUsage", "ENCRYPT_DECRYPT"},
                            {"Origin", "AWS_KMS"},
                            {"MultiRegion", false},
                            {"Policy", kPolicy},
                            {"BypassPolicyLockoutSafetyCheck", false},
                            {"Tags", {{{"TagKey", "team"}, {"TagValue", "storage"}}}}}));
  EXPECT_EQ(kms_.sent()[1].input["KeyId"], kKeyId);
  EXPECT_TRUE(created->exists);
  EXPECT_EQ(created->status["keyID"], kKeyId);
  EXPECT_EQ(created->status["ackResourceMetadata"]["arn"], KeyArn(kKeyId));

  // What was just created needs nothing more.
  nlohmann::json object = KeyObject(spec, created->status);
  EXPECT_TRUE(PlanFor(Request(object), *created).Synced());
}

TEST_F(KeyResourceManagerTest, CreateWithAnEmptySpecSendsAnEmptyRequest) {
  kms_.Answer("CreateKey", KeyMetadataAnswer(kKeyId));
  Result<runtime::Observation> created = manager_.Create(Request(KeyObject(nullptr)));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(kms_.sent()[0].input, nlohmann::json::object());
}

TEST_F(KeyResourceManagerTest, ARotationFailureAfterCreateKeepsTheKeyAndIsPlannedAgain) {
  kms_.Answer("CreateKey", KeyMetadataAnswer(kKeyId));
  kms_.Fail("EnableKeyRotation", testing::KmsError("KMSInternalException"));
  nlohmann::json spec = {{"enableKeyRotation", true}};
  Result<runtime::Observation> created = manager_.Create(Request(KeyObject(spec)));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->status["keyID"], kKeyId);
  runtime::Plan plan = PlanFor(Request(KeyObject(spec, created->status)), *created);
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].operation, "EnableKeyRotation");
}

TEST_F(KeyResourceManagerTest, CreateRefusesAMalformedPolicyNamingTheField) {
  kms_.Fail("CreateKey", testing::KmsError("MalformedPolicyDocumentException", "bad principal"));
  Result<runtime::Observation> created = manager_.Create(Request(KeyObject({{"policy", "{}"}})));
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), Code::kInvalidArgument);
  EXPECT_NE(created.status().message().find("spec.policy"), std::string::npos);
  EXPECT_NE(created.status().message().find("bad principal"), std::string::npos);
}

TEST_F(KeyResourceManagerTest, CreateRefusesABadSpecWithoutACall) {
  for (const nlohmann::json& spec :
       {nlohmann::json{{"multiRegion", "yes"}}, nlohmann::json{{"policy", "{not json"}}}) {
    Result<runtime::Observation> created = manager_.Create(Request(KeyObject(spec)));
    ASSERT_FALSE(created.ok()) << spec.dump();
    EXPECT_EQ(created.status().code(), Code::kInvalidArgument);
  }
  EXPECT_TRUE(kms_.sent().empty());
}

TEST_F(KeyResourceManagerTest, ApplySendsEachPlannedStep) {
  kms_.Answer("DescribeKey", KeyMetadataAnswer(kKeyId));
  kms_.Answer("GetKeyPolicy", {{"Policy", "{\"Statement\":[]}"}});
  kms_.Answer("ListResourceTags",
              {{"Tags", {{{"TagKey", "old"}, {"TagValue", "1"}}}}, {"Truncated", false}});
  kms_.Answer("GetKeyRotationStatus", {{"KeyRotationEnabled", false}});
  runtime::ReconcileRequest request =
      Request(KeyObject({{"policy", kPolicy},
                         {"tags", {{{"tagKey", "new"}, {"tagValue", "2"}}}},
                         {"enableKeyRotation", true}},
                        Known()));
  runtime::Observation observed = Observe(request);
  runtime::Plan plan = PlanFor(request, observed);
  ASSERT_EQ(plan.steps.size(), 4u);

  for (int i = 0; i < 4; ++i) kms_.Answer(plan.steps[static_cast<size_t>(i)].operation, nullptr);
  for (const runtime::PlanStep& step : plan.steps) {
    Result<nlohmann::json> applied = manager_.Apply(request, observed, step);
    ASSERT_TRUE(applied.ok()) << step.operation << ": " << applied.status().ToString();
  }
  const std::vector<testing::SentCall> sent = kms_.sent();
  ASSERT_EQ(sent.size(), 8u);
  EXPECT_EQ(sent[4].operation, "PutKeyPolicy");
  EXPECT_EQ(sent[4].input, nlohmann::json({{"KeyId", kKeyId},
                                           {"PolicyName", "default"},
                                           {"Policy", kPolicy}}));
  EXPECT_EQ(sent[5].operation, "TagResource");
  EXPECT_EQ(sent[5].input["Tags"], nlohmann::json::parse(R"([{"TagKey":"new","TagValue":"2"}])"));
  EXPECT_EQ(sent[6].operation, "UntagResource");
  EXPECT_EQ(sent[6].input["TagKeys"], nlohmann::json::array({"old"}));
  EXPECT_EQ(sent[7].operation, "EnableKeyRotation");
  EXPECT_EQ(sent[7].input, nlohmann::json({{"KeyId", kKeyId}}));
}

TEST_F(KeyResourceManagerTest, ApplyNamesTheFieldsOfAFailedStep) {
  runtime::PlanStep step;
  step.operation = "DisableKeyRotation";
  step.fields = {"spec.enableKeyRotation"};
  step.request = {{"KeyId", kKeyId}};
  kms_.Fail("DisableKeyRotation", testing::KmsError("KMSInvalidStateException"));
  Result<nlohmann::json> applied =
      manager_.Apply(Request(KeyObject({}, Known())), runtime::Observation{}, step);
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(applied.status().message().find("DisableKeyRotation for spec.enableKeyRotation"),
            std::string::npos)
      << applied.status().message();
}

TEST_F(KeyResourceManagerTest, ApplyRefusesStepsItDidNotPlan) {
  runtime::PlanStep step;
  step.operation = "DeleteEverything";
  step.request = {{"KeyId", kKeyId}};
  Result<nlohmann::json> applied =
      manager_.Apply(Request(KeyObject({}, Known())), runtime::Observation{}, step);
  EXPECT_EQ(applied.status().code(), Code::kInternal);
  step.operation = "PutKeyPolicy";  // without Policy
  applied = manager_.Apply(Request(KeyObject({}, Known())), runtime::Observation{}, step);
  EXPECT_EQ(applied.status().code(), Code::kInternal);
  EXPECT_TRUE(kms_.sent().empty());
}

class KeyDeletionTest : public KeyResourceManagerTest {
 protected:
  // An observation of an enabled key, and the object asking for its deletion.
  runtime::Observation Existing() {
    kms_.Answer("DescribeKey", KeyMetadataAnswer(kKeyId));
    return Observe(Request(KeyObject({}, Known())));
  }
  nlohmann::json Deleting(std::optional<std::string> window = std::nullopt) {
    nlohmann::json object = KeyObject({}, Known());
    object["metadata"]["deletionTimestamp"] = "2024-01-01T00:00:00Z";
    if (window) {
      object["metadata"]["annotations"] = {
          {"kms.services.k8s.aws/pending-window-in-days", *window}};
    }
    return object;
  }
};

TEST_F(KeyDeletionTest, SchedulesDeletionWithSevenDaysByDefault) {
  runtime::Observation observed = Existing();
  kms_.Answer("ScheduleKeyDeletion", {{"KeyId", KeyArn(kKeyId)},
                                      {"KeyState", "PendingDeletion"},
                                      {"PendingWindowInDays", 7}});
  Result<runtime::DeleteOutcome> deleted = manager_.Delete(Request(Deleting()), observed);
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_TRUE(deleted->gone);
  EXPECT_EQ(kms_.sent().back().input,
            nlohmann::json({{"KeyId", kKeyId}, {"PendingWindowInDays", 7}}));
}

TEST_F(KeyDeletionTest, TheAnnotationSetsTheWindow) {
  runtime::Observation observed = Existing();
  kms_.Answer("ScheduleKeyDeletion", {{"KeyId", KeyArn(kKeyId)}});
  ASSERT_TRUE(manager_.Delete(Request(Deleting("30")), observed).ok());
  EXPECT_EQ(kms_.sent().back().input["PendingWindowInDays"], 30);
}

TEST_F(KeyDeletionTest, AWindowOutsideSevenToThirtyIsTerminalAndSendsNothing) {
  runtime::Observation observed = Existing();
  for (const char* window : {"6", "31", "week"}) {
    Result<runtime::DeleteOutcome> deleted = manager_.Delete(Request(Deleting(window)), observed);
    ASSERT_FALSE(deleted.ok()) << window;
    EXPECT_EQ(deleted.status().code(), Code::kInvalidArgument);
    EXPECT_NE(deleted.status().message().find("kms.services.k8s.aws/pending-window-in-days"),
              std::string::npos);
  }
  EXPECT_EQ(kms_.operations(), std::vector<std::string>{"DescribeKey"});
}

TEST_F(KeyDeletionTest, AKeyAlreadyGoneOrNeverMadeIsDeleted) {
  Result<runtime::DeleteOutcome> never =
      manager_.Delete(Request(Deleting()), runtime::Observation{});
  ASSERT_TRUE(never.ok());
  EXPECT_TRUE(never->gone);

  runtime::Observation observed = Existing();
  kms_.Fail("ScheduleKeyDeletion", testing::KmsError("NotFoundException"));
  Result<runtime::DeleteOutcome> gone = manager_.Delete(Request(Deleting()), observed);
  ASSERT_TRUE(gone.ok()) << gone.status().ToString();
  EXPECT_TRUE(gone->gone);
}

TEST_F(KeyDeletionTest, OtherFailuresAreReturned) {
  runtime::Observation observed = Existing();
  kms_.Fail("ScheduleKeyDeletion", testing::KmsError("KMSInvalidStateException"));
  Result<runtime::DeleteOutcome> deleted = manager_.Delete(Request(Deleting()), observed);
  ASSERT_FALSE(deleted.ok());
  EXPECT_EQ(deleted.status().code(), Code::kFailedPrecondition);
}

}  // namespace
}  // namespace tk::services::kms
