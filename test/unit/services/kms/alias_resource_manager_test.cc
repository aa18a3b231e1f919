// AliasResourceManager over a scripted KMS and a scripted KeyIdentity: names
// refused before any call, references, target comparison by key identity,
// invalidation after every write. Against the emulator:
// test/integration/services/kms_managers_test.cc.
#include "services/kms/alias_resource_manager.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "scripted_kms.h"

namespace tk::services::kms {
namespace {

using testing::KeyArn;
using testing::KeyMetadataAnswer;
using testing::kKeyId;
using testing::kOtherKeyId;
using testing::kRegion;

// Resolves from a table; records invalidations.
class TableKeyIdentity final : public KeyIdentity {
 public:
  std::map<std::string, std::string> arns;
  std::vector<std::string> invalidated;  // "region alias"

  Result<std::string> KeyArnOf(const std::string& region, const std::string& key_name) override {
    if (key_name.starts_with("arn:") && key_name.find(":key/") != std::string::npos) {
      return key_name;
    }
    const auto found = arns.find(key_name);
    if (found == arns.end()) {
      return Status(Code::kNotFound, "resolving KMS key \"" + key_name + "\" in " + region +
                                         ": KMS has no such key or alias");
    }
    return found->second;
  }
  void InvalidateAlias(const std::string& region, const std::string& alias_name) override {
    invalidated.push_back(region + " " + alias_name);
  }
};

class MapLookup final : public runtime::ReferenceLookup {
 public:
  std::map<std::string, nlohmann::json> keys;  // "namespace/name"
  std::shared_ptr<const nlohmann::json> Get(std::string_view kind,
                                             const std::string& namespace_name,
                                             const std::string& name) const override {
    EXPECT_EQ(kind, "Key");
    const auto found = keys.find(namespace_name + "/" + name);
    if (found == keys.end()) return nullptr;
    return std::make_shared<const nlohmann::json>(found->second);
  }
};

nlohmann::json AliasObject(nlohmann::json spec) {
  return {{"apiVersion", "kms.services.k8s.aws/v1alpha1"},
          {"kind", "Alias"},
          {"metadata", {{"name", "orders"}, {"namespace", "shop"}}},
          {"spec", std::move(spec)}};
}

runtime::ReconcileRequest Request(nlohmann::json spec) {
  return {AliasObject(std::move(spec)), kRegion, nullptr};
}

class AliasResourceManagerTest : public ::testing::Test {
 protected:
  AliasResourceManagerTest() {
    keys_.arns = {{kKeyId, KeyArn(kKeyId)},
                  {"alias/orders-key", KeyArn(kKeyId)},
                  {kOtherKeyId, KeyArn(kOtherKeyId)}};
  }
  void TearDown() override { EXPECT_EQ(kms_.unused(), 0u) << "scripted answers left"; }

  // Observes alias/orders naming kKeyId.
  runtime::Observation Existing() {
    kms_.Answer("DescribeKey", KeyMetadataAnswer(kKeyId));
    Result<runtime::Observation> observed =
        manager_.Observe(Request({{"name", "alias/orders"}, {"targetKeyID", kKeyId}}));
    EXPECT_TRUE(observed.ok()) << observed.status().ToString();
    return observed.ok() ? std::move(*observed) : runtime::Observation{};
  }

  testing::ScriptedKms kms_;
  testing::ScriptedClientPool pool_{kms_};
  TableKeyIdentity keys_;
  AliasResourceManager manager_{pool_, keys_};
};

TEST_F(AliasResourceManagerTest, ServesAcksAliasKind) {
  EXPECT_EQ(manager_.kind().ApiVersion(), "kms.services.k8s.aws/v1alpha1");
  EXPECT_EQ(manager_.kind().kind, "Alias");
  EXPECT_EQ(manager_.kind().plural, "aliases");
}

TEST_F(AliasResourceManagerTest, InvalidNamesAreTerminalBeforeAnyCall) {
  for (const char* name : {"orders", "alias/aws/orders", "alias/bad name", "alias/"}) {
    runtime::ReconcileRequest request = Request({{"name", name}, {"targetKeyID", kKeyId}});
    Result<runtime::Observation> observed = manager_.Observe(request);
    ASSERT_FALSE(observed.ok()) << name;
    EXPECT_EQ(observed.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(observed.status().message().rfind("spec.name: ", 0), 0u)
        << observed.status().message();
    Result<runtime::Observation> created = manager_.Create(request);
    ASSERT_FALSE(created.ok()) << name;
    EXPECT_EQ(created.status().code(), Code::kInvalidArgument);
  }
  Result<runtime::Observation> unnamed = manager_.Observe(Request({{"targetKeyID", kKeyId}}));
  EXPECT_EQ(unnamed.status().code(), Code::kInvalidArgument);
  EXPECT_TRUE(kms_.sent().empty());
}

TEST_F(AliasResourceManagerTest, AnInvalidNameBeingDeletedWasNeverMadeSoIsGone) {
  runtime::ReconcileRequest request = Request({{"name", "alias/aws/x"}});
  request.object["metadata"]["deletionTimestamp"] = "2024-01-01T00:00:00Z";
  Result<runtime::Observation> observed = manager_.Observe(request);
  ASSERT_TRUE(observed.ok()) << observed.status().ToString();
  EXPECT_FALSE(observed->exists);
  EXPECT_TRUE(manager_.Delete(request, *observed)->gone);
  EXPECT_TRUE(kms_.sent().empty());
}

TEST_F(AliasResourceManagerTest, ObserveAsksDescribeKeyForTheAlias) {
  runtime::Observation observed = Existing();
  EXPECT_EQ(kms_.sent()[0].input["KeyId"], "alias/orders");
  EXPECT_TRUE(observed.exists);
  EXPECT_EQ(observed.status["ackResourceMetadata"]["arn"],
            "arn:aws:kms:us-east-1:111122223333:alias/orders");
  EXPECT_EQ(observed.status["ackResourceMetadata"]["ownerAccountID"], "111122223333");
  EXPECT_EQ(observed.spec, nlohmann::json({{"name", "alias/orders"}, {"targetKeyID", kKeyId}}));
}

TEST_F(AliasResourceManagerTest, AnAliasKmsDoesNotKnowIsNotThere) {
  kms_.Fail("DescribeKey", testing::KmsError("NotFoundException"));
  Result<runtime::Observation> observed = manager_.Observe(Request({{"name", "alias/orders"}}));
  ASSERT_TRUE(observed.ok());
  EXPECT_FALSE(observed->exists);
}

TEST_F(AliasResourceManagerTest, TheSameKeyNamedAnyWayPlansNothing) {
  runtime::Observation observed = Existing();
  for (const std::string& target :
       {std::string(kKeyId), KeyArn(kKeyId), std::string("alias/orders-key")}) {
    Result<runtime::Plan> plan = manager_.PlanChanges(
        Request({{"name", "alias/orders"}, {"targetKeyID", target}}), observed);
    ASSERT_TRUE(plan.ok()) << target << ": " << plan.status().ToString();
    EXPECT_TRUE(plan->Synced()) << target;
  }
}

TEST_F(AliasResourceManagerTest, AnotherKeyPlansOneUpdateAliasWithItsKeyId) {
  runtime::Observation observed = Existing();
  Result<runtime::Plan> plan = manager_.PlanChanges(
      Request({{"name", "alias/orders"}, {"targetKeyID", KeyArn(kOtherKeyId)}}), observed);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->steps.size(), 1u);
  const runtime::PlanStep& step = plan->steps[0];
  EXPECT_EQ(step.operation, "UpdateAlias");
  EXPECT_EQ(step.fields, std::vector<std::string>{"spec.targetKeyID"});
  EXPECT_EQ(step.request,
            nlohmann::json({{"AliasName", "alias/orders"}, {"TargetKeyId", kOtherKeyId}}));
  EXPECT_EQ(step.fingerprint, "UpdateAlias " + step.request.dump());

  kms_.Answer("UpdateAlias", nullptr);
  Result<nlohmann::json> applied = manager_.Apply(
      Request({{"name", "alias/orders"}, {"targetKeyID", KeyArn(kOtherKeyId)}}), observed, step);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(kms_.sent().back().operation, "UpdateAlias");
  EXPECT_EQ(kms_.sent().back().input, step.request);
  EXPECT_EQ(keys_.invalidated, std::vector<std::string>{"us-east-1 alias/orders"});
}

TEST_F(AliasResourceManagerTest, ATargetInAnotherRegionOrAccountIsTerminal) {
  runtime::Observation observed = Existing();
  Result<runtime::Plan> plan = manager_.PlanChanges(
      Request({{"name", "alias/orders"}, {"targetKeyID", KeyArn(kOtherKeyId, "eu-west-1")}}),
      observed);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), Code::kInvalidArgument);
  EXPECT_NE(plan.status().message().find("eu-west-1"), std::string::npos);

  const std::string foreign = std::string("arn:aws:kms:us-east-1:999999999999:key/") + kOtherKeyId;
  plan = manager_.PlanChanges(Request({{"name", "alias/orders"}, {"targetKeyID", foreign}}),
                              observed);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), Code::kInvalidArgument);
  EXPECT_NE(plan.status().message().find("account"), std::string::npos);
}

TEST_F(AliasResourceManagerTest, AnUnknownTargetKeepsItsCodeAndNamesTheField) {
  runtime::Observation observed = Existing();
  Result<runtime::Plan> plan = manager_.PlanChanges(
      Request({{"name", "alias/orders"}, {"targetKeyID", "alias/nothing"}}), observed);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), Code::kNotFound);
  EXPECT_EQ(plan.status().message().rfind("spec.targetKeyID: ", 0), 0u) << plan.status().message();
}

TEST_F(AliasResourceManagerTest, ATargetIsRequired) {
  runtime::Observation observed = Existing();
  Result<runtime::Plan> none = manager_.PlanChanges(Request({{"name", "alias/orders"}}), observed);
  EXPECT_EQ(none.status().code(), Code::kInvalidArgument);
  Result<runtime::Plan> unresolved = manager_.PlanChanges(
      Request({{"name", "alias/orders"}, {"targetKeyRef", {{"from", {{"name", "k"}}}}}}), observed);
  EXPECT_EQ(unresolved.status().code(), Code::kFailedPrecondition);
}

TEST_F(AliasResourceManagerTest, CreateNamesTheTargetByKeyIdAndInvalidates) {
  kms_.Answer("CreateAlias", nullptr);
  Result<runtime::Observation> created =
      manager_.Create(Request({{"name", "alias/orders"}, {"targetKeyID", "alias/orders-key"}}));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(kms_.sent()[0].input,
            nlohmann::json({{"AliasName", "alias/orders"}, {"TargetKeyId", kKeyId}}));
  EXPECT_TRUE(created->exists);
  EXPECT_EQ(created->status["ackResourceMetadata"]["arn"],
            "arn:aws:kms:us-east-1:111122223333:alias/orders");
  EXPECT_EQ(keys_.invalidated, std::vector<std::string>{"us-east-1 alias/orders"});

  // What was just created needs nothing more.
  Result<runtime::Plan> plan = manager_.PlanChanges(
      Request({{"name", "alias/orders"}, {"targetKeyID", "alias/orders-key"}}), *created);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_TRUE(plan->Synced());
}

TEST_F(AliasResourceManagerTest, CreateFailuresKeepTheirCode) {
  kms_.Fail("CreateAlias", testing::KmsError("AlreadyExistsException"));
  Result<runtime::Observation> created =
      manager_.Create(Request({{"name", "alias/orders"}, {"targetKeyID", kKeyId}}));
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), Code::kAlreadyExists);
  EXPECT_NE(created.status().message().find("alias/orders"), std::string::npos);
}

TEST_F(AliasResourceManagerTest, DeleteDeletesTheAliasAndInvalidates) {
  runtime::Observation observed = Existing();
  kms_.Answer("DeleteAlias", nullptr);
  Result<runtime::DeleteOutcome> deleted =
      manager_.Delete(Request({{"name", "alias/orders"}}), observed);
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_TRUE(deleted->gone);
  EXPECT_EQ(kms_.sent().back().input, nlohmann::json({{"AliasName", "alias/orders"}}));
  EXPECT_EQ(keys_.invalidated, std::vector<std::string>{"us-east-1 alias/orders"});
}

TEST_F(AliasResourceManagerTest, AnAliasAlreadyGoneIsDeleted) {
  runtime::Observation observed = Existing();
  kms_.Fail("DeleteAlias", testing::KmsError("NotFoundException"));
  Result<runtime::DeleteOutcome> deleted =
      manager_.Delete(Request({{"name", "alias/orders"}}), observed);
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_TRUE(deleted->gone);

  Result<runtime::DeleteOutcome> never =
      manager_.Delete(Request({{"name", "alias/orders"}}), runtime::Observation{});
  ASSERT_TRUE(never.ok());
  EXPECT_TRUE(never->gone);
  EXPECT_EQ(kms_.sent().size(), 2u);
}

class AliasReferenceTest : public AliasResourceManagerTest {
 protected:
  static nlohmann::json UsableKey(std::string arn) {
    return {{"status",
             {{"ackResourceMetadata", {{"arn", std::move(arn)}}},
              {"keyState", "Enabled"},
              {"conditions",
               nlohmann::json::array({{{"type", "ACK.ResourceSynced"}, {"status", "True"}}})}}}};
  }
  MapLookup lookup_;
};

TEST_F(AliasReferenceTest, ReferencesOfReportsTheKeyInTheObjectsNamespaceByDefault) {
  std::vector<runtime::ObjectReferenceField> references =
      manager_.ReferencesOf(AliasObject({{"targetKeyRef", {{"from", {{"name", "orders-key"}}}}}}));
  ASSERT_EQ(references.size(), 1u);
  EXPECT_EQ(references[0].field, "spec.targetKeyRef");
  EXPECT_EQ(references[0].kind, "Key");
  EXPECT_EQ(references[0].namespace_name, "shop");
  EXPECT_EQ(references[0].name, "orders-key");

  references = manager_.ReferencesOf(
      AliasObject({{"targetKeyRef", {{"from", {{"name", "k"}, {"namespace", "security"}}}}}}));
  ASSERT_EQ(references.size(), 1u);
  EXPECT_EQ(references[0].namespace_name, "security");

  EXPECT_TRUE(manager_.ReferencesOf(AliasObject({{"targetKeyID", kKeyId}})).empty());
}

TEST_F(AliasReferenceTest, ResolveWritesTheKeysArnIntoTheCopy) {
  lookup_.keys["shop/orders-key"] = UsableKey(KeyArn(kOtherKeyId));
  nlohmann::json object = AliasObject(
      {{"name", "alias/orders"}, {"targetKeyRef", {{"from", {{"name", "orders-key"}}}}}});
  ASSERT_TRUE(manager_.ResolveReferences(object, lookup_).ok());
  EXPECT_EQ(object["spec"]["targetKeyID"], KeyArn(kOtherKeyId));

  // Planned with the resolved copy: the reference's key is the target.
  runtime::Observation observed = Existing();
  Result<runtime::Plan> plan = manager_.PlanChanges({object, kRegion, nullptr}, observed);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->steps.size(), 1u);
  EXPECT_EQ(plan->steps[0].request["TargetKeyId"], kOtherKeyId);
}

TEST_F(AliasReferenceTest, AnUnusableKeyWaitsWithTheReason) {
  nlohmann::json key = UsableKey(KeyArn(kKeyId));
  key["status"]["keyState"] = "PendingDeletion";
  lookup_.keys["shop/orders-key"] = key;
  nlohmann::json object = AliasObject({{"targetKeyRef", {{"from", {{"name", "orders-key"}}}}}});
  Status resolved = manager_.ResolveReferences(object, lookup_);
  EXPECT_EQ(resolved.code(), Code::kFailedPrecondition);
  EXPECT_EQ(resolved.message().rfind("spec.targetKeyRef: ", 0), 0u) << resolved.message();
  EXPECT_NE(resolved.message().find("PendingDeletion"), std::string::npos);
  EXPECT_FALSE(object["spec"].contains("targetKeyID"));
}

TEST_F(AliasReferenceTest, BothReferenceAndLiteralAreTerminal) {
  nlohmann::json object = AliasObject(
      {{"targetKeyID", kKeyId}, {"targetKeyRef", {{"from", {{"name", "orders-key"}}}}}});
  Status resolved = manager_.ResolveReferences(object, lookup_);
  EXPECT_EQ(resolved.code(), Code::kInvalidArgument);
  EXPECT_NE(resolved.message().find("both set"), std::string::npos);
}

TEST_F(AliasReferenceTest, AReferenceWithoutNameIsTerminal) {
  nlohmann::json object = AliasObject({{"targetKeyRef", {{"from", nlohmann::json::object()}}}});
  EXPECT_EQ(manager_.ResolveReferences(object, lookup_).code(), Code::kInvalidArgument);
}

TEST_F(AliasReferenceTest, NoReferenceNothingToResolve) {
  nlohmann::json object = AliasObject({{"targetKeyID", kKeyId}});
  EXPECT_TRUE(manager_.ResolveReferences(object, lookup_).ok());
  EXPECT_EQ(object["spec"]["targetKeyID"], kKeyId);
}

}  // namespace
}  // namespace tk::services::kms
