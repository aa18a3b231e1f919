// TableResourceManager over a scripted DynamoDB transport: which calls each
// method makes (steady state: one DescribeTable, no KMS call), references,
// and the deletion rules. The exchanges with a real peer are in
// test/integration/services/dynamodb_managers_test.cc.
#include "services/dynamodb/table_resource_manager.h"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "table_examples.h"

namespace tk::services::dynamodb {
namespace {

using nlohmann::json;

aws::AwsError AwsErrorOf(std::string operation, std::string code) {
  aws::AwsError error;
  error.service = "dynamodb";
  error.operation = std::move(operation);
  error.code = std::move(code);
  error.http_status = 400;
  return error;
}

// Answers DynamoDB calls from a script, in order, and records them.
class ScriptedDynamoDb {
 public:
  void Answer(json output) { answers_.emplace_back(std::move(output)); }
  void Fail(std::string operation, std::string code) {
    answers_.emplace_back(AwsErrorOf(std::move(operation), std::move(code)));
  }
  aws::dynamodb::DynamoDbClient::Transport Transport() {
    return [this](std::string_view operation, const json& input) -> aws::AwsResult<json> {
      sent_.push_back(std::string(operation));
      inputs_.push_back(input);
      if (answers_.empty()) return Status(Code::kInternal, "script exhausted at " + std::string(operation));
      aws::AwsResult<json> next = std::move(answers_.front());
      answers_.pop_front();
      return next;
    };
  }
  const std::vector<std::string>& sent() const { return sent_; }
  const std::vector<json>& inputs() const { return inputs_; }

 private:
  std::deque<aws::AwsResult<json>> answers_;
  std::vector<std::string> sent_;
  std::vector<json> inputs_;
};

class FakePool final : public AwsClientPool {
 public:
  explicit FakePool(ScriptedDynamoDb& script) : client_(script.Transport()) {}
  Result<aws::dynamodb::DynamoDbClient*> DynamoDb(const std::string&) override { return &client_; }
  Result<aws::kms::Client*> Kms(const std::string&) override {
    return Status(Code::kInternal, "no KMS in this test");
  }

 private:
  aws::dynamodb::DynamoDbClient client_;
};

class FakeLookup final : public runtime::ReferenceLookup {
 public:
  std::shared_ptr<const json> Get(std::string_view kind, const std::string& namespace_name,
                                  const std::string& name) const override {
    auto found = objects_.find(std::string(kind) + "/" + namespace_name + "/" + name);
    return found == objects_.end() ? nullptr : std::make_shared<const json>(found->second);
  }
  void Put(const std::string& kind, const std::string& namespace_name, const std::string& name,
           json object) {
    objects_[kind + "/" + namespace_name + "/" + name] = std::move(object);
  }

 private:
  std::map<std::string, json> objects_;
};

json DescribeAnswer(const std::string& status = "ACTIVE", bool protection = false) {
  return {{"Table",
           {{"TableName", "orders"},
            {"TableArn", "arn:aws:dynamodb:us-east-1:111122223333:table/orders"},
            {"TableStatus", status},
            {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
            {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}},
            {"BillingModeSummary", {{"BillingMode", "PAY_PER_REQUEST"}}},
            {"DeletionProtectionEnabled", protection}}}};
}

json TableObject(json spec) {
  return {{"apiVersion", "dynamodb.services.k8s.aws/v1alpha1"},
          {"kind", "Table"},
          {"metadata", {{"name", "orders"}, {"namespace", "shop"}}},
          {"spec", std::move(spec)}};
}

class TableResourceManagerTest : public ::testing::Test {
 protected:
  runtime::ReconcileRequest Request(json spec) {
    runtime::ReconcileRequest request;
    request.object = TableObject(std::move(spec));
    request.region = "us-east-1";
    return request;
  }

  ScriptedDynamoDb script_;
  FakePool pool_{script_};
  testing::FakeKeyIdentity keys_;
  TableResourceManager manager_{pool_, keys_};
};

TEST_F(TableResourceManagerTest, ServesAckTables) {
  EXPECT_EQ(manager_.kind().ApiVersion(), "dynamodb.services.k8s.aws/v1alpha1");
  EXPECT_EQ(manager_.kind().kind, "Table");
  EXPECT_EQ(manager_.kind().plural, "tables");
}

TEST_F(TableResourceManagerTest, SteadyStateObserveIsOneDescribeTable) {
  script_.Answer(DescribeAnswer());
  Result<runtime::Observation> observed = manager_.Observe(Request(testing::MinimalSpec()));
  ASSERT_TRUE(observed.ok()) << observed.status().ToString();
  EXPECT_TRUE(observed->exists);
  EXPECT_FALSE(observed->busy);
  EXPECT_EQ(script_.sent(), (std::vector<std::string>{"DescribeTable"}));
  EXPECT_EQ(observed->status["tableStatus"], "ACTIVE");
  EXPECT_EQ(observed->status["ackResourceMetadata"]["arn"],
            "arn:aws:dynamodb:us-east-1:111122223333:table/orders");

  Result<runtime::Plan> plan = manager_.PlanChanges(Request(testing::MinimalSpec()), *observed);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_TRUE(plan->Synced());
  EXPECT_EQ(keys_.calls(), 0);
}

TEST_F(TableResourceManagerTest, ObserveReadsOnlyTheSeparateSettingsTheSpecManages) {
  json spec = testing::MinimalSpec();
  spec["tags"] = json::array();
  spec["timeToLive"] = {{"enabled", false}};
  script_.Answer(DescribeAnswer());
  script_.Answer({{"TimeToLiveDescription", {{"TimeToLiveStatus", "DISABLED"}}}});
  script_.Answer({{"Tags", json::array()}});
  Result<runtime::Observation> observed = manager_.Observe(Request(spec));
  ASSERT_TRUE(observed.ok()) << observed.status().ToString();
  EXPECT_EQ(script_.sent(),
            (std::vector<std::string>{"DescribeTable", "DescribeTimeToLive", "ListTagsOfResource"}));
}

TEST_F(TableResourceManagerTest, ObserveOfABusyTableReadsNothingElse) {
  json spec = testing::MinimalSpec();
  spec["tags"] = json::array();
  script_.Answer(DescribeAnswer("UPDATING"));
  Result<runtime::Observation> observed = manager_.Observe(Request(spec));
  ASSERT_TRUE(observed.ok());
  EXPECT_TRUE(observed->busy);
  EXPECT_EQ(script_.sent(), (std::vector<std::string>{"DescribeTable"}));
  spec["sseSpecification"] = {{"enabled", true}, {"kmsMasterKeyID", "alias/orders"}};
  Result<runtime::Plan> plan = manager_.PlanChanges(Request(spec), *observed);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->waiting_for, "table orders is UPDATING");
  EXPECT_EQ(keys_.calls(), 0);
}

TEST_F(TableResourceManagerTest, ObserveOfAMissingTable) {
  script_.Fail("DescribeTable", "ResourceNotFoundException");
  Result<runtime::Observation> observed = manager_.Observe(Request(testing::MinimalSpec()));
  ASSERT_TRUE(observed.ok());
  EXPECT_FALSE(observed->exists);
}

TEST_F(TableResourceManagerTest, AdoptionReadsEverythingByTheAdoptionFields) {
  runtime::ReconcileRequest request = Request(json::object());
  request.adoption_fields = {{"tableName", "orders"}};
  script_.Answer(DescribeAnswer());
  script_.Answer({{"TimeToLiveDescription", {{"TimeToLiveStatus", "DISABLED"}}}});
  script_.Answer({{"ContinuousBackupsDescription", {{"ContinuousBackupsStatus", "ENABLED"}}}});
  script_.Answer({{"TableName", "orders"}, {"ContributorInsightsStatus", "DISABLED"}});
  script_.Answer({{"Tags", {{{"Key", "team"}, {"Value", "shop"}}}}});
  script_.Fail("GetResourcePolicy", "PolicyNotFoundException");
  Result<runtime::Observation> observed = manager_.Observe(request);
  ASSERT_TRUE(observed.ok()) << observed.status().ToString();
  EXPECT_EQ(script_.inputs()[0]["TableName"], "orders");
  EXPECT_EQ(observed->spec["tableName"], "orders");
  EXPECT_EQ(observed->spec["tags"], json::parse(R"([{"key": "team", "value": "shop"}])"));
  EXPECT_EQ(observed->spec["contributorInsights"], "DISABLE");
  EXPECT_FALSE(observed->spec.contains("resourcePolicy"));
}

TEST_F(TableResourceManagerTest, PlanCanonicalisesTheKeyThroughKeyIdentity) {
  script_.Answer(DescribeAnswer());
  const json spec = testing::SeedSpec("alias/orders");
  Result<runtime::Observation> observed = manager_.Observe(Request(spec));
  ASSERT_TRUE(observed.ok());
  Result<runtime::Plan> plan = manager_.PlanChanges(Request(spec), *observed);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->steps.size(), 1u);
  EXPECT_EQ(plan->steps[0].request["SSESpecification"]["KMSMasterKeyId"], testing::kOrdersKeyArn);
  EXPECT_EQ(keys_.calls(), 1);
}

TEST_F(TableResourceManagerTest, AnUnknownKeyNamesTheField) {
  script_.Answer(DescribeAnswer());
  const json spec = testing::SeedSpec("alias/nope");
  Result<runtime::Observation> observed = manager_.Observe(Request(spec));
  ASSERT_TRUE(observed.ok());
  Result<runtime::Plan> plan = manager_.PlanChanges(Request(spec), *observed);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), Code::kNotFound);
  EXPECT_EQ(plan.status().message().rfind("spec.sseSpecification.kmsMasterKeyID: key alias/nope", 0), 0u)
      << plan.status().message();
}

TEST_F(TableResourceManagerTest, ApplySendsTheStepAndReturnsTheStatus) {
  script_.Answer(DescribeAnswer());
  json spec = testing::MinimalSpec();
  spec["deletionProtectionEnabled"] = true;
  Result<runtime::Observation> observed = manager_.Observe(Request(spec));
  ASSERT_TRUE(observed.ok());
  Result<runtime::Plan> plan = manager_.PlanChanges(Request(spec), *observed);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->steps.size(), 1u);
  script_.Answer({{"TableDescription", DescribeAnswer("UPDATING", true)["Table"]}});
  Result<json> status = manager_.Apply(Request(spec), *observed, plan->steps[0]);
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_EQ((*status)["tableStatus"], "UPDATING");
  EXPECT_EQ(script_.inputs().back(), json::parse(R"({"TableName": "orders", "DeletionProtectionEnabled": true})"));
}

TEST_F(TableResourceManagerTest, ApplyPassesThrottlingOnWithTheStep) {
  runtime::PlanStep step;
  step.operation = "UpdateTable";
  step.description = "switch encryption";
  step.request = {{"TableName", "orders"}, {"SSESpecification", {{"Enabled", false}}}};
  script_.Fail("UpdateTable", "LimitExceededException");
  Result<json> status = manager_.Apply(Request(testing::MinimalSpec()), runtime::Observation{}, step);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.status().code(), Code::kThrottled);
  EXPECT_EQ(status.status().message().rfind("UpdateTable (switch encryption): ", 0), 0u);
}

TEST_F(TableResourceManagerTest, CreateSendsCreateTable) {
  script_.Answer({{"TableDescription", DescribeAnswer("CREATING")["Table"]}});
  Result<runtime::Observation> created = manager_.Create(Request(testing::SeedSpec("alias/orders")));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_TRUE(created->busy);
  EXPECT_EQ(script_.sent(), (std::vector<std::string>{"CreateTable"}));
  EXPECT_EQ(script_.inputs()[0]["SSESpecification"]["KMSMasterKeyId"], "alias/orders");
}

TEST_F(TableResourceManagerTest, CreateOfATakenNameSaysHowToAdopt) {
  script_.Fail("CreateTable", "ResourceInUseException");
  Result<runtime::Observation> created = manager_.Create(Request(testing::MinimalSpec()));
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), Code::kAlreadyExists);
  EXPECT_NE(created.status().message().find("adoption-policy"), std::string::npos);
}

TEST_F(TableResourceManagerTest, CreateOfAnInvalidSpecSendsNothing) {
  json spec = testing::MinimalSpec();
  spec["keySchema"][0]["attributeName"] = "undefined";
  Result<runtime::Observation> created = manager_.Create(Request(spec));
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), Code::kInvalidArgument);
  EXPECT_TRUE(script_.sent().empty());
}

// ---- References ------------------------------------------------------------------------

json KeyObject(const std::string& state, const std::string& synced = "True") {
  return {{"metadata", {{"name", "orders-key"}, {"namespace", "shop"}}},
          {"status",
           {{"ackResourceMetadata", {{"arn", testing::kOrdersKeyArn}}},
            {"keyState", state},
            {"conditions", {{{"type", "ACK.ResourceSynced"}, {"status", synced}}}}}}};
}

TEST_F(TableResourceManagerTest, ReferencesOfNamesTheKey) {
  json spec = testing::MinimalSpec();
  spec["sseSpecification"] = {{"enabled", true}, {"kmsMasterKeyRef", {{"from", {{"name", "orders-key"}}}}}};
  const auto references = manager_.ReferencesOf(TableObject(spec));
  ASSERT_EQ(references.size(), 1u);
  EXPECT_EQ(references[0].field, "spec.sseSpecification.kmsMasterKeyRef");
  EXPECT_EQ(references[0].kind, "Key");
  EXPECT_EQ(references[0].namespace_name, "shop");
  EXPECT_EQ(references[0].name, "orders-key");
  spec["sseSpecification"]["kmsMasterKeyRef"]["from"]["namespace"] = "keys";
  EXPECT_EQ(manager_.ReferencesOf(TableObject(spec))[0].namespace_name, "keys");
  EXPECT_TRUE(manager_.ReferencesOf(TableObject(testing::MinimalSpec())).empty());
}

TEST_F(TableResourceManagerTest, ResolveWritesTheKeyArnIntoTheCopy) {
  json spec = testing::MinimalSpec();
  spec["sseSpecification"] = {{"enabled", true}, {"kmsMasterKeyRef", {{"from", {{"name", "orders-key"}}}}}};
  json object = TableObject(spec);
  FakeLookup lookup;
  lookup.Put("Key", "shop", "orders-key", KeyObject("Enabled"));
  ASSERT_TRUE(manager_.ResolveReferences(object, lookup).ok());
  EXPECT_EQ(object["spec"]["sseSpecification"],
            (json{{"enabled", true}, {"kmsMasterKeyID", testing::kOrdersKeyArn}}));
  EXPECT_TRUE(ParseTableSpec(object["spec"]).ok());
}

TEST_F(TableResourceManagerTest, ResolveWaitsForAnUnusableKey) {
  json spec = testing::MinimalSpec();
  spec["sseSpecification"] = {{"enabled", true}, {"kmsMasterKeyRef", {{"from", {{"name", "orders-key"}}}}}};
  json object = TableObject(spec);
  FakeLookup lookup;
  Status missing = manager_.ResolveReferences(object, lookup);
  EXPECT_EQ(missing.code(), Code::kFailedPrecondition);
  EXPECT_EQ(missing.message().rfind("spec.sseSpecification.kmsMasterKeyRef: Key shop/orders-key", 0), 0u)
      << missing.message();
  lookup.Put("Key", "shop", "orders-key", KeyObject("Disabled"));
  EXPECT_EQ(manager_.ResolveReferences(object, lookup).code(), Code::kFailedPrecondition);
}

TEST_F(TableResourceManagerTest, ResolveRefusesBothReferenceAndLiteral) {
  json spec = testing::SeedSpec("alias/orders");
  spec["sseSpecification"]["kmsMasterKeyRef"] = {{"from", {{"name", "orders-key"}}}};
  json object = TableObject(spec);
  FakeLookup lookup;
  EXPECT_EQ(manager_.ResolveReferences(object, lookup).code(), Code::kInvalidArgument);
}

// ---- Deletion ------------------------------------------------------------------------------

TEST_F(TableResourceManagerTest, DeleteSendsDeleteTableAndWaits) {
  script_.Answer(DescribeAnswer());
  Result<runtime::Observation> observed = manager_.Observe(Request(testing::MinimalSpec()));
  ASSERT_TRUE(observed.ok());
  script_.Answer({{"TableDescription", DescribeAnswer("DELETING")["Table"]}});
  Result<runtime::DeleteOutcome> outcome = manager_.Delete(Request(testing::MinimalSpec()), *observed);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_FALSE(outcome->gone);
  EXPECT_EQ(outcome->waiting_for, "table orders is DELETING");
}

TEST_F(TableResourceManagerTest, DeleteOfAGoneTableIsDone) {
  Result<runtime::DeleteOutcome> outcome =
      manager_.Delete(Request(testing::MinimalSpec()), runtime::Observation{});
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->gone);
  EXPECT_TRUE(script_.sent().empty());

  script_.Answer(DescribeAnswer());
  Result<runtime::Observation> observed = manager_.Observe(Request(testing::MinimalSpec()));
  ASSERT_TRUE(observed.ok());
  script_.Fail("DeleteTable", "ResourceNotFoundException");
  outcome = manager_.Delete(Request(testing::MinimalSpec()), *observed);
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->gone);
}

TEST_F(TableResourceManagerTest, DeleteOfADeletingTableWaitsWithoutACall) {
  script_.Answer(DescribeAnswer("DELETING"));
  Result<runtime::Observation> observed = manager_.Observe(Request(testing::MinimalSpec()));
  ASSERT_TRUE(observed.ok());
  Result<runtime::DeleteOutcome> outcome = manager_.Delete(Request(testing::MinimalSpec()), *observed);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->waiting_for, "table orders is DELETING");
  EXPECT_EQ(script_.sent(), (std::vector<std::string>{"DescribeTable"}));
}

TEST_F(TableResourceManagerTest, DeleteOfAnUpdatingTableWaits) {
  script_.Answer(DescribeAnswer("UPDATING"));
  Result<runtime::Observation> observed = manager_.Observe(Request(testing::MinimalSpec()));
  ASSERT_TRUE(observed.ok());
  script_.Fail("DeleteTable", "ResourceInUseException");
  Result<runtime::DeleteOutcome> outcome = manager_.Delete(Request(testing::MinimalSpec()), *observed);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_FALSE(outcome->gone);
  EXPECT_NE(outcome->waiting_for.find("UPDATING"), std::string::npos);
}

TEST_F(TableResourceManagerTest, DeletionProtectionStopsDeleteAndSaysHowToGoOn) {
  script_.Answer(DescribeAnswer("ACTIVE", true));
  Result<runtime::Observation> observed = manager_.Observe(Request(testing::MinimalSpec()));
  ASSERT_TRUE(observed.ok());
  Result<runtime::DeleteOutcome> outcome = manager_.Delete(Request(testing::MinimalSpec()), *observed);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), Code::kInvalidArgument);
  EXPECT_NE(outcome.status().message().find("deletion protection on"), std::string::npos);
  EXPECT_NE(outcome.status().message().find("spec.deletionProtectionEnabled: false"), std::string::npos);
  EXPECT_NE(outcome.status().message().find("services.k8s.aws/deletion-policy: retain"),
            std::string::npos);
  EXPECT_EQ(script_.sent(), (std::vector<std::string>{"DescribeTable"}));
}

TEST_F(TableResourceManagerTest, DeletionProtectionTurnedOffInTheSpecIsTurnedOffFirst) {
  json spec = testing::MinimalSpec();
  spec["deletionProtectionEnabled"] = false;
  script_.Answer(DescribeAnswer("ACTIVE", true));
  Result<runtime::Observation> observed = manager_.Observe(Request(spec));
  ASSERT_TRUE(observed.ok());
  script_.Answer({{"TableDescription", DescribeAnswer("UPDATING", false)["Table"]}});
  Result<runtime::DeleteOutcome> outcome = manager_.Delete(Request(spec), *observed);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_FALSE(outcome->gone);
  EXPECT_EQ(script_.sent(), (std::vector<std::string>{"DescribeTable", "UpdateTable"}));
  EXPECT_EQ(script_.inputs().back(),
            json::parse(R"({"TableName": "orders", "DeletionProtectionEnabled": false})"));
}

}  // namespace
}  // namespace tk::services::dynamodb
