// Plan steps: fingerprints equal exactly for equal writes; SendStep sends the
// request as the operation's input and refuses what it cannot decode.
#include "services/dynamodb/table_steps.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tk::services::dynamodb {
namespace {

using nlohmann::json;

TEST(TableStepsTest, FingerprintIgnoresMemberOrderOnly) {
  const json a = json::parse(R"({"TableName": "t", "TableClass": "STANDARD"})");
  const json b = json::parse(R"({"TableClass": "STANDARD", "TableName": "t"})");
  const json c = json::parse(R"({"TableName": "t", "TableClass": "STANDARD_INFREQUENT_ACCESS"})");
  EXPECT_EQ(StepFingerprint("UpdateTable", a), StepFingerprint("UpdateTable", b));
  EXPECT_NE(StepFingerprint("UpdateTable", a), StepFingerprint("UpdateTable", c));
  EXPECT_NE(StepFingerprint("UpdateTable", a), StepFingerprint("TagResource", a));
  EXPECT_EQ(StepFingerprint("UpdateTable", a).rfind("UpdateTable/", 0), 0u);
}

TEST(TableStepsTest, MakeStepFillsTheFingerprint) {
  const runtime::PlanStep step = MakeStep("UpdateTable", {"spec.tableClass"}, "d", {{"TableName", "t"}});
  EXPECT_EQ(step.fingerprint, StepFingerprint("UpdateTable", {{"TableName", "t"}}));
  EXPECT_EQ(step.fields, (std::vector<std::string>{"spec.tableClass"}));
}

class SendStepTest : public ::testing::Test {
 protected:
  aws::dynamodb::DynamoDbClient client_{
      [this](std::string_view operation, const json& input) -> aws::AwsResult<json> {
        operations_.push_back(std::string(operation));
        inputs_.push_back(input);
        if (operation == "UpdateTable") return json{{"TableDescription", {{"TableName", "t"}}}};
        if (operation == "UpdateTimeToLive") {
          return json{{"TimeToLiveSpecification", input.at("TimeToLiveSpecification")}};
        }
        if (operation == "UpdateContinuousBackups") {
          return json{{"ContinuousBackupsDescription", {{"ContinuousBackupsStatus", "ENABLED"}}}};
        }
        return json::object();
      }};
  std::vector<std::string> operations_;
  std::vector<json> inputs_;
};

TEST_F(SendStepTest, SendsEachOperationsRequestAsItsInput) {
  const std::vector<runtime::PlanStep> steps = {
      MakeStep("UpdateTable", {}, "", {{"TableName", "t"}, {"DeletionProtectionEnabled", true}}),
      MakeStep("UpdateTimeToLive", {}, "",
               {{"TableName", "t"}, {"TimeToLiveSpecification", {{"Enabled", true}, {"AttributeName", "x"}}}}),
      MakeStep("UpdateContinuousBackups", {}, "",
               {{"TableName", "t"}, {"PointInTimeRecoverySpecification", {{"PointInTimeRecoveryEnabled", true}}}}),
      MakeStep("UpdateContributorInsights", {}, "",
               {{"TableName", "t"}, {"ContributorInsightsAction", "ENABLE"}}),
      MakeStep("TagResource", {}, "", {{"ResourceArn", "arn"}, {"Tags", {{{"Key", "k"}, {"Value", "v"}}}}}),
      MakeStep("UntagResource", {}, "", {{"ResourceArn", "arn"}, {"TagKeys", {"k"}}}),
      MakeStep("PutResourcePolicy", {}, "", {{"ResourceArn", "arn"}, {"Policy", "{}"}}),
      MakeStep("DeleteResourcePolicy", {}, "", {{"ResourceArn", "arn"}}),
  };
  for (const auto& step : steps) {
    Result<StepOutcome> outcome = SendStep(client_, step);
    ASSERT_TRUE(outcome.ok()) << step.operation << ": " << outcome.status().ToString();
    EXPECT_EQ(outcome->table.has_value(), step.operation == "UpdateTable");
    EXPECT_EQ(operations_.back(), step.operation);
    EXPECT_EQ(inputs_.back(), step.request) << step.operation;
  }
}

TEST_F(SendStepTest, RefusesWhatItCannotDecode) {
  Result<StepOutcome> outcome = SendStep(client_, MakeStep("UpdateTimeToLive", {}, "ttl", {{"TableName", 5}}));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), Code::kInvalidArgument);
  outcome = SendStep(client_, MakeStep("DeleteTable", {}, "", {{"TableName", "t"}}));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), Code::kInvalidArgument);
  EXPECT_TRUE(operations_.empty());
}

}  // namespace
}  // namespace tk::services::dynamodb
