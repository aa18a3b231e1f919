#include "runtime/conditions.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

namespace tk::runtime {
namespace {

using nlohmann::json;
using std::chrono::seconds;
using std::chrono::system_clock;

// 2023-11-14T22:13:20Z and ten minutes later; metav1.Time has whole seconds.
const system_clock::time_point kFirst{seconds(1700000000)};
const system_clock::time_point kLater = kFirst + std::chrono::minutes(10);
constexpr char kFirstText[] = "2023-11-14T22:13:20Z";
constexpr char kLaterText[] = "2023-11-14T22:23:20Z";

Condition Synced(std::string status, std::string reason = "", std::string message = "") {
  return {std::string(kConditionResourceSynced), std::move(status), std::move(reason), std::move(message)};
}

TEST(SetConditionTest, AddsTheConditionWithItsTransitionTime) {
  json status = json::object();
  SetCondition(status, Synced("True", "Synced", "the AWS resource matches the spec"), kFirst);
  EXPECT_EQ(status, json::parse(R"({"conditions": [{
      "type": "ACK.ResourceSynced", "status": "True", "reason": "Synced",
      "message": "the AWS resource matches the spec", "lastTransitionTime": "2023-11-14T22:13:20Z"}]})"));
}

TEST(SetConditionTest, MakesStatusAnObjectAndLeavesOutAnEmptyReasonAndMessage) {
  json status;  // null: the object has no status yet
  SetCondition(status, Synced("Unknown"), kFirst);
  ASSERT_TRUE(status.is_object());
  ASSERT_EQ(status["conditions"].size(), 1u);
  const json& entry = status["conditions"][0];
  EXPECT_FALSE(entry.contains("reason"));
  EXPECT_FALSE(entry.contains("message"));
  EXPECT_EQ(entry["status"], "Unknown");
}

TEST(SetConditionTest, KeepsOtherStatusFields) {
  json status = {{"tableStatus", "ACTIVE"}, {"ackResourceMetadata", {{"region", "us-east-1"}}}};
  SetCondition(status, Synced("True"), kFirst);
  EXPECT_EQ(status["tableStatus"], "ACTIVE");
  EXPECT_EQ(status["ackResourceMetadata"]["region"], "us-east-1");
}

TEST(SetConditionTest, KeepsTheTransitionTimeWhenTheStatusIsUnchanged) {
  json status = json::object();
  SetCondition(status, Synced("False", "Updating", "UpdateTable: billing mode"), kFirst);
  SetCondition(status, Synced("False", "Waiting", "table UPDATING"), kLater);
  ASSERT_EQ(status["conditions"].size(), 1u);
  const json& entry = status["conditions"][0];
  EXPECT_EQ(entry["lastTransitionTime"], kFirstText);
  // Reason and message follow the latest call.
  EXPECT_EQ(entry["reason"], "Waiting");
  EXPECT_EQ(entry["message"], "table UPDATING");
}

TEST(SetConditionTest, SettingTheSameConditionTwiceChangesNothing) {
  json status = json::object();
  SetCondition(status, Synced("True", "Synced", "ok"), kFirst);
  const json before = status;
  SetCondition(status, Synced("True", "Synced", "ok"), kLater);
  EXPECT_EQ(status, before);
}

TEST(SetConditionTest, StampsTheTimeWhenTheStatusChanges) {
  json status = json::object();
  SetCondition(status, Synced("False", "Updating"), kFirst);
  SetCondition(status, Synced("True", "Synced"), kLater);
  ASSERT_EQ(status["conditions"].size(), 1u);
  EXPECT_EQ(status["conditions"][0]["status"], "True");
  EXPECT_EQ(status["conditions"][0]["lastTransitionTime"], kLaterText);
}

TEST(SetConditionTest, DropsAReasonOrMessageNoLongerGiven) {
  json status = json::object();
  SetCondition(status, Synced("False", "Updating", "UpdateTable"), kFirst);
  SetCondition(status, Synced("False"), kLater);
  const json& entry = status["conditions"][0];
  EXPECT_FALSE(entry.contains("reason"));
  EXPECT_FALSE(entry.contains("message"));
  EXPECT_EQ(entry["lastTransitionTime"], kFirstText);
}

TEST(SetConditionTest, StampsTheTimeWhenTheStoredConditionHasNone) {
  json status = json::parse(R"({"conditions": [{"type": "Ready", "status": "True"}]})");
  SetCondition(status, {std::string(kConditionReady), "True", "", ""}, kLater);
  EXPECT_EQ(status["conditions"][0]["lastTransitionTime"], kLaterText);
}

TEST(SetConditionTest, ChangesOnlyTheConditionOfItsTypeAndKeepsTheOrder) {
  json status = json::object();
  SetCondition(status, {std::string(kConditionTerminal), "True", "InvalidSpec", "spec.size"}, kFirst);
  SetCondition(status, Synced("False"), kFirst);
  SetCondition(status, {std::string(kConditionReady), "False", "", ""}, kFirst);
  SetCondition(status, Synced("True"), kLater);

  ASSERT_EQ(status["conditions"].size(), 3u);
  EXPECT_EQ(status["conditions"][0]["type"], "ACK.Terminal");
  EXPECT_EQ(status["conditions"][0]["lastTransitionTime"], kFirstText);
  EXPECT_EQ(status["conditions"][1]["type"], "ACK.ResourceSynced");
  EXPECT_EQ(status["conditions"][1]["lastTransitionTime"], kLaterText);
  EXPECT_EQ(status["conditions"][2]["type"], "Ready");
  EXPECT_EQ(status["conditions"][2]["lastTransitionTime"], kFirstText);
}

TEST(SetConditionTest, ReplacesAConditionsFieldThatIsNotAList) {
  json status = {{"conditions", "garbage"}};
  SetCondition(status, Synced("True"), kFirst);
  ASSERT_TRUE(status["conditions"].is_array());
  EXPECT_EQ(status["conditions"].size(), 1u);
}

TEST(RemoveConditionTest, RemovesOnlyThatType) {
  json status = json::object();
  SetCondition(status, {std::string(kConditionRecoverable), "True", "Error", "boom"}, kFirst);
  SetCondition(status, Synced("False"), kFirst);
  RemoveCondition(status, kConditionRecoverable);
  ASSERT_EQ(status["conditions"].size(), 1u);
  EXPECT_EQ(status["conditions"][0]["type"], "ACK.ResourceSynced");
}

TEST(RemoveConditionTest, IsANoOpWhenThereIsNothingToRemove) {
  json status = json::object();
  RemoveCondition(status, kConditionTerminal);
  EXPECT_EQ(status, json::object());

  SetCondition(status, Synced("True"), kFirst);
  const json before = status;
  RemoveCondition(status, kConditionTerminal);
  EXPECT_EQ(status, before);
}

TEST(RemoveConditionTest, ARemovedConditionSetAgainGetsANewTransitionTime) {
  json status = json::object();
  SetCondition(status, {std::string(kConditionTerminal), "True", "InvalidSpec", ""}, kFirst);
  RemoveCondition(status, kConditionTerminal);
  SetCondition(status, {std::string(kConditionTerminal), "True", "InvalidSpec", ""}, kLater);
  EXPECT_EQ(status["conditions"][0]["lastTransitionTime"], kLaterText);
}

TEST(FindConditionTest, ReturnsTheFieldsOfThatType) {
  json status = json::object();
  SetCondition(status, {std::string(kConditionAdvisory), "True", "Advisory", "index byStatus"}, kFirst);
  SetCondition(status, Synced("False", "Waiting", "table UPDATING"), kFirst);

  const auto synced = FindCondition(status, kConditionResourceSynced);
  ASSERT_TRUE(synced.has_value());
  EXPECT_EQ(synced->type, "ACK.ResourceSynced");
  EXPECT_EQ(synced->status, "False");
  EXPECT_EQ(synced->reason, "Waiting");
  EXPECT_EQ(synced->message, "table UPDATING");

  const auto advisory = FindCondition(status, kConditionAdvisory);
  ASSERT_TRUE(advisory.has_value());
  EXPECT_EQ(advisory->message, "index byStatus");
}

TEST(FindConditionTest, IsEmptyForAMissingTypeOrAStatusWithoutConditions) {
  json status = json::object();
  SetCondition(status, Synced("True"), kFirst);
  EXPECT_FALSE(FindCondition(status, kConditionTerminal).has_value());
  EXPECT_FALSE(FindCondition(json::object(), kConditionReady).has_value());
  EXPECT_FALSE(FindCondition(json(), kConditionReady).has_value());
  EXPECT_FALSE(FindCondition(json{{"conditions", 3}}, kConditionReady).has_value());
}

TEST(FindConditionTest, ReadsMissingOrMistypedFieldsAsEmpty) {
  const json status = json::parse(R"({"conditions": ["junk", {"type": "Ready", "status": 1}]})");
  const auto ready = FindCondition(status, kConditionReady);
  ASSERT_TRUE(ready.has_value());
  EXPECT_EQ(ready->status, "");
  EXPECT_EQ(ready->reason, "");
}

TEST(ConditionIsTrueTest, OnlyStatusTrueCounts) {
  json object = {{"metadata", {{"name", "orders"}}}, {"status", json::object()}};
  SetCondition(object["status"], {std::string(kConditionReady), "True", "", ""}, kFirst);
  SetCondition(object["status"], {std::string(kConditionTerminal), "False", "", ""}, kFirst);
  SetCondition(object["status"], Synced("Unknown"), kFirst);
  EXPECT_TRUE(ConditionIsTrue(object, kConditionReady));
  EXPECT_FALSE(ConditionIsTrue(object, kConditionTerminal));
  EXPECT_FALSE(ConditionIsTrue(object, kConditionResourceSynced));
  EXPECT_FALSE(ConditionIsTrue(object, kConditionAdvisory));
}

TEST(ConditionIsTrueTest, IsFalseForAnObjectWithoutStatus) {
  EXPECT_FALSE(ConditionIsTrue(json{{"metadata", {{"name", "orders"}}}}, kConditionReady));
  EXPECT_FALSE(ConditionIsTrue(json::object(), kConditionReady));
}

}  // namespace
}  // namespace tk::runtime
