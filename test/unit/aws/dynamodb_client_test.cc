// DynamoDbClient over a scripted transport: the requests each call sends, how
// answers are decoded, errors passed on with their AWS code, and the cases no
// peer produces (a NextToken that never ends, a malformed answer). The real
// exchanges are in test/integration/aws/dynamodb_client_test.cc.
#include "aws/dynamodb_client.h"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/credentials_source.h"
#include "http/http_client.h"

namespace tk::aws::dynamodb {
namespace {

using nlohmann::json;

// Answers calls from a script, in order, and records what was sent.
class ScriptedDynamoDb {
 public:
  struct Sent {
    std::string operation;
    json input;
  };

  void Answer(json output) { answers_.emplace_back(std::move(output)); }
  void Fail(AwsError error) { answers_.emplace_back(std::move(error)); }

  DynamoDbClient::Transport Transport() {
    return [this](std::string_view operation, const json& input) -> AwsResult<json> {
      sent_.push_back({std::string(operation), input});
      if (answers_.empty()) return Status(Code::kInternal, "script exhausted");
      AwsResult<json> next = std::move(answers_.front());
      answers_.pop_front();
      return next;
    };
  }

  const std::vector<Sent>& sent() const { return sent_; }

 private:
  std::deque<AwsResult<json>> answers_;
  std::vector<Sent> sent_;
};

AwsError Error(std::string operation, std::string code, std::string message = "") {
  AwsError error;
  error.service = "dynamodb";
  error.operation = std::move(operation);
  error.code = std::move(code);
  error.message = std::move(message);
  error.http_status = 400;
  error.request_id = "req-1";
  return error;
}

const char* const kTable = R"({
  "TableName": "orders", "TableStatus": "ACTIVE",
  "TableArn": "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
  "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]
})";

class DynamoDbClientTest : public ::testing::Test {
 protected:
  ScriptedDynamoDb script_;
  DynamoDbClient client_{script_.Transport()};
};

TEST_F(DynamoDbClientTest, TableCallsSendTheirInputAndDecodeTheTable) {
  script_.Answer({{"TableDescription", json::parse(kTable)}});
  script_.Answer({{"Table", json::parse(kTable)}});
  script_.Answer({{"TableDescription", json::parse(kTable)}});
  script_.Answer({{"TableDescription", json::parse(kTable)}});

  CreateTableInput create;
  create.table_name = "orders";
  create.attribute_definitions = {{"pk", "S"}};
  create.key_schema = {{"pk", "HASH"}};
  create.billing_mode = "PAY_PER_REQUEST";
  AwsResult<TableDescription> created = client_.CreateTable(create);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->table_name, "orders");

  AwsResult<TableDescription> described = client_.DescribeTable("orders");
  ASSERT_TRUE(described.ok()) << described.status().ToString();
  EXPECT_EQ(described->table_status, table_status::kActive);

  UpdateTableInput update;
  update.table_name = "orders";
  update.deletion_protection_enabled = true;
  ASSERT_TRUE(client_.UpdateTable(update).ok());
  ASSERT_TRUE(client_.DeleteTable("orders").ok());

  const std::vector<ScriptedDynamoDb::Sent>& sent = script_.sent();
  ASSERT_EQ(sent.size(), 4u);
  EXPECT_EQ(sent[0].operation, "CreateTable");
  EXPECT_EQ(sent[0].input, ToJson(create));
  EXPECT_EQ(sent[1].operation, "DescribeTable");
  EXPECT_EQ(sent[1].input, json::parse(R"({"TableName": "orders"})"));
  EXPECT_EQ(sent[2].operation, "UpdateTable");
  EXPECT_EQ(sent[2].input,
            json::parse(R"({"TableName": "orders", "DeletionProtectionEnabled": true})"));
  EXPECT_EQ(sent[3].operation, "DeleteTable");
  EXPECT_EQ(sent[3].input, json::parse(R"({"TableName": "orders"})"));
}

TEST_F(DynamoDbClientTest, AwsErrorsPassThroughWithTheirCode) {
  script_.Fail(Error("DescribeTable", "ResourceNotFoundException", "Requested resource not found"));
  AwsResult<TableDescription> missing = client_.DescribeTable("nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.IsError("ResourceNotFoundException"));
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  ASSERT_NE(missing.error(), nullptr);
  EXPECT_EQ(missing.error()->request_id, "req-1");

  script_.Fail(Error("TagResource", "ResourceInUseException"));
  AwsResult<NoOutput> tagged = client_.TagResource("arn", {{"k", "v"}});
  EXPECT_TRUE(tagged.IsError("ResourceInUseException"));
  EXPECT_EQ(tagged.status().code(), Code::kFailedPrecondition);

  script_.Fail(Error("UpdateTable", "LimitExceededException"));
  UpdateTableInput update;
  update.table_name = "orders";
  update.sse_specification = SSESpecification{true, "KMS", "alias/x"};
  AwsResult<TableDescription> limited = client_.UpdateTable(update);
  EXPECT_TRUE(limited.IsError("LimitExceededException"));
  EXPECT_EQ(limited.status().code(), Code::kThrottled);
}

TEST_F(DynamoDbClientTest, TransportFailuresWithoutAnAwsErrorPassThrough) {
  DynamoDbClient unreachable([](std::string_view, const json&) -> AwsResult<json> {
    return Status(Code::kUnavailable, "dynamodb DescribeTable: connection refused");
  });
  AwsResult<TableDescription> table = unreachable.DescribeTable("orders");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), Code::kUnavailable);
  EXPECT_EQ(table.error(), nullptr);
}

TEST_F(DynamoDbClientTest, MalformedAnswersAreInternalErrorsNamingOperationAndPath) {
  json table = json::parse(kTable);
  table["KeySchema"][0]["KeyType"] = 1;
  script_.Answer({{"Table", table}});
  AwsResult<TableDescription> described = client_.DescribeTable("orders");
  ASSERT_FALSE(described.ok());
  EXPECT_EQ(described.status().code(), Code::kInternal);
  EXPECT_EQ(described.status().message(),
            "dynamodb DescribeTable: answer: Table.KeySchema[0].KeyType: expected a string, got "
            "an integer");
  EXPECT_EQ(described.error(), nullptr);

  script_.Answer(json::object());
  described = client_.DescribeTable("orders");
  ASSERT_FALSE(described.ok());
  EXPECT_EQ(described.status().message(),
            "dynamodb DescribeTable: answer: Table: required member missing");

  script_.Answer({{"ContinuousBackupsDescription", {{"ContinuousBackupsStatus", true}}}});
  AwsResult<ContinuousBackupsDescription> backups = client_.DescribeContinuousBackups("orders");
  ASSERT_FALSE(backups.ok());
  EXPECT_EQ(backups.status().message(),
            "dynamodb DescribeContinuousBackups: answer: "
            "ContinuousBackupsDescription.ContinuousBackupsStatus: expected a string, got a "
            "boolean");

  script_.Answer({{"RevisionId", 17}});
  AwsResult<ResourcePolicyRevision> revision =
      client_.PutResourcePolicy({"arn", "{}", std::nullopt, std::nullopt});
  ASSERT_FALSE(revision.ok());
  EXPECT_EQ(revision.status().message(),
            "dynamodb PutResourcePolicy: answer: RevisionId: expected a string, got an integer");
}

TEST_F(DynamoDbClientTest, ListTagsFollowsNextTokenThroughEveryPage) {
  script_.Answer(json::parse(R"({"Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}],
                                 "NextToken": "b"})"));
  script_.Answer(json::parse(R"({"Tags": [{"Key": "c", "Value": "3"}], "NextToken": "c"})"));
  script_.Answer(json::parse(R"({"Tags": [{"Key": "d", "Value": "4"}]})"));
  AwsResult<std::vector<Tag>> tags = client_.ListTagsOfResource("arn:t");
  ASSERT_TRUE(tags.ok()) << tags.status().ToString();
  EXPECT_EQ(*tags, (std::vector<Tag>{{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}}));
  const std::vector<ScriptedDynamoDb::Sent>& sent = script_.sent();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].input, json::parse(R"({"ResourceArn": "arn:t"})"));
  EXPECT_EQ(sent[1].input, json::parse(R"({"ResourceArn": "arn:t", "NextToken": "b"})"));
  EXPECT_EQ(sent[2].input, json::parse(R"({"ResourceArn": "arn:t", "NextToken": "c"})"));
}

TEST_F(DynamoDbClientTest, ListTagsOfAnUntaggedResourceIsEmpty) {
  script_.Answer(json::object());  // moto and AWS may leave Tags out
  AwsResult<std::vector<Tag>> tags = client_.ListTagsOfResource("arn:t");
  ASSERT_TRUE(tags.ok()) << tags.status().ToString();
  EXPECT_TRUE(tags->empty());
  script_.Answer(json::parse(R"({"Tags": [], "NextToken": ""})"));  // an empty token ends too
  tags = client_.ListTagsOfResource("arn:t");
  ASSERT_TRUE(tags.ok());
  EXPECT_EQ(script_.sent().size(), 2u);
}

TEST_F(DynamoDbClientTest, ListTagsStopsWhenATokenRepeats) {
  script_.Answer(json::parse(R"({"Tags": [{"Key": "a", "Value": "1"}], "NextToken": "x"})"));
  script_.Answer(json::parse(R"({"Tags": [{"Key": "b", "Value": "1"}], "NextToken": "y"})"));
  script_.Answer(json::parse(R"({"Tags": [{"Key": "a", "Value": "1"}], "NextToken": "x"})"));
  AwsResult<std::vector<Tag>> tags = client_.ListTagsOfResource("arn:t");
  ASSERT_FALSE(tags.ok());
  EXPECT_EQ(tags.status().code(), Code::kInternal);
  EXPECT_NE(tags.status().message().find("NextToken of page 3 was given before"),
            std::string::npos)
      << tags.status().message();
  EXPECT_EQ(script_.sent().size(), 3u);
}

TEST_F(DynamoDbClientTest, ListTagsStopsAfterThePageBound) {
  int calls = 0;
  DynamoDbClient endless([&calls](std::string_view, const json&) -> AwsResult<json> {
    ++calls;
    return json{{"Tags", json::array()}, {"NextToken", "t" + std::to_string(calls)}};
  });
  AwsResult<std::vector<Tag>> tags = endless.ListTagsOfResource("arn:t");
  ASSERT_FALSE(tags.ok());
  EXPECT_EQ(tags.status().code(), Code::kInternal);
  EXPECT_NE(tags.status().message().find("more than 100 pages"), std::string::npos)
      << tags.status().message();
  EXPECT_EQ(calls, DynamoDbClient::kMaxTagPages);
}

TEST_F(DynamoDbClientTest, ListTagsPassesOnAFailureOfALaterPage) {
  script_.Answer(json::parse(R"({"Tags": [{"Key": "a", "Value": "1"}], "NextToken": "a"})"));
  script_.Fail(Error("ListTagsOfResource", "ThrottlingException"));
  AwsResult<std::vector<Tag>> tags = client_.ListTagsOfResource("arn:t");
  EXPECT_TRUE(tags.IsError("ThrottlingException"));
}

TEST_F(DynamoDbClientTest, TagCallsSendTheirLists) {
  script_.Answer(json::object());
  script_.Answer(json::object());
  ASSERT_TRUE(client_.TagResource("arn:t", {{"a", "1"}, {"b", ""}}).ok());
  ASSERT_TRUE(client_.UntagResource("arn:t", {"a", "b"}).ok());
  const std::vector<ScriptedDynamoDb::Sent>& sent = script_.sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].operation, "TagResource");
  EXPECT_EQ(sent[0].input, json::parse(R"({"ResourceArn": "arn:t",
      "Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": ""}]})"));
  EXPECT_EQ(sent[1].operation, "UntagResource");
  EXPECT_EQ(sent[1].input, json::parse(R"({"ResourceArn": "arn:t", "TagKeys": ["a", "b"]})"));
}

TEST_F(DynamoDbClientTest, SettingsCallsSendAndDecodeTheirShapes) {
  script_.Answer(json::parse(
      R"({"TimeToLiveSpecification": {"Enabled": true, "AttributeName": "exp"}})"));
  script_.Answer(json::parse(
      R"({"TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": "exp"}})"));
  script_.Answer(json::parse(R"({"ContinuousBackupsDescription": {
      "ContinuousBackupsStatus": "ENABLED",
      "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "ENABLED",
                                         "RecoveryPeriodInDays": 10}}})"));
  script_.Answer(
      json::parse(R"({"TableName": "orders", "ContributorInsightsStatus": "ENABLING"})"));
  script_.Answer(json::parse(R"({"TableName": "orders", "IndexName": "gsi",
                                 "ContributorInsightsStatus": "ENABLED"})"));
  script_.Answer(json::parse(R"({"RevisionId": "1"})"));
  script_.Answer(json::parse(R"({"Policy": "{}", "RevisionId": "1"})"));
  script_.Answer(json::parse(R"({"RevisionId": "1"})"));

  AwsResult<TimeToLiveSpecification> ttl =
      client_.UpdateTimeToLive("orders", TimeToLiveSpecification{true, "exp"});
  ASSERT_TRUE(ttl.ok()) << ttl.status().ToString();
  EXPECT_EQ(*ttl, (TimeToLiveSpecification{true, "exp"}));
  AwsResult<TimeToLiveDescription> ttl_described = client_.DescribeTimeToLive("orders");
  ASSERT_TRUE(ttl_described.ok());
  EXPECT_EQ(ttl_described->time_to_live_status, "ENABLED");
  AwsResult<ContinuousBackupsDescription> pitr =
      client_.UpdateContinuousBackups("orders", PointInTimeRecoverySpecification{true, 10});
  ASSERT_TRUE(pitr.ok()) << pitr.status().ToString();
  EXPECT_EQ(pitr->point_in_time_recovery_description->recovery_period_in_days, 10);
  AwsResult<UpdateContributorInsightsOutput> insights = client_.UpdateContributorInsights(
      {"orders", std::nullopt, "ENABLE", std::nullopt});
  ASSERT_TRUE(insights.ok());
  EXPECT_EQ(insights->contributor_insights_status, "ENABLING");
  AwsResult<DescribeContributorInsightsOutput> insights_described =
      client_.DescribeContributorInsights("orders", "gsi");
  ASSERT_TRUE(insights_described.ok());
  EXPECT_EQ(insights_described->index_name, "gsi");
  ASSERT_TRUE(client_.PutResourcePolicy({"arn:t", "{}", std::nullopt, true}).ok());
  AwsResult<GetResourcePolicyOutput> policy = client_.GetResourcePolicy("arn:t");
  ASSERT_TRUE(policy.ok());
  EXPECT_EQ(policy->policy, "{}");
  AwsResult<ResourcePolicyRevision> deleted = client_.DeleteResourcePolicy("arn:t", "1");
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->revision_id, "1");

  const std::vector<ScriptedDynamoDb::Sent>& sent = script_.sent();
  ASSERT_EQ(sent.size(), 8u);
  EXPECT_EQ(sent[0].operation, "UpdateTimeToLive");
  EXPECT_EQ(sent[0].input, json::parse(R"({"TableName": "orders",
      "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "exp"}})"));
  EXPECT_EQ(sent[1].operation, "DescribeTimeToLive");
  EXPECT_EQ(sent[1].input, json::parse(R"({"TableName": "orders"})"));
  EXPECT_EQ(sent[2].operation, "UpdateContinuousBackups");
  EXPECT_EQ(sent[2].input, json::parse(R"({"TableName": "orders",
      "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true,
                                           "RecoveryPeriodInDays": 10}})"));
  EXPECT_EQ(sent[3].operation, "UpdateContributorInsights");
  EXPECT_EQ(sent[3].input,
            json::parse(R"({"TableName": "orders", "ContributorInsightsAction": "ENABLE"})"));
  EXPECT_EQ(sent[4].operation, "DescribeContributorInsights");
  EXPECT_EQ(sent[4].input, json::parse(R"({"TableName": "orders", "IndexName": "gsi"})"));
  EXPECT_EQ(sent[5].operation, "PutResourcePolicy");
  EXPECT_EQ(sent[5].input, json::parse(R"({"ResourceArn": "arn:t", "Policy": "{}",
                                           "ConfirmRemoveSelfResourceAccess": true})"));
  EXPECT_EQ(sent[6].operation, "GetResourcePolicy");
  EXPECT_EQ(sent[6].input, json::parse(R"({"ResourceArn": "arn:t"})"));
  EXPECT_EQ(sent[7].operation, "DeleteResourcePolicy");
  EXPECT_EQ(sent[7].input, json::parse(R"({"ResourceArn": "arn:t", "ExpectedRevisionId": "1"})"));
}

TEST(DynamoDbClientServiceTest, AClientOfAnotherServiceSendsNothing) {
  StaticCredentialsSource credentials{Credentials{"testing", "testing", ""}};
  http::HttpClient http;
  ServiceClientOptions options;
  options.region = "us-east-1";
  options.endpoint.endpoint_url = "http://127.0.0.1:1";  // nothing listens: must not be reached
  options.retry.max_attempts = 1;
  Result<std::unique_ptr<ServiceClient>> kms =
      ServiceClient::Create(kKmsModel, options, credentials, http);
  ASSERT_TRUE(kms.ok()) << kms.status().ToString();
  DynamoDbClient dynamodb(**kms);
  AwsResult<TableDescription> table = dynamodb.DescribeTable("orders");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), Code::kInvalidArgument) << table.status().ToString();
  EXPECT_NE(table.status().message().find("kms service client"), std::string::npos);
}

}  // namespace
}  // namespace tk::aws::dynamodb
