// The typed DynamoDB layer against the AWS model itself
// (../shared/reference/aws-api-models/dynamodb/service-2.json): for each
// shape the layer holds, a document with every member the C++ struct holds
//   1. conforms to the model: every member name exists in the model's shape,
//      with the model's JSON type (and, for enums, one of its values);
//   2. covers the model: every member of every shape reached is present,
//      except the few the layer leaves out on purpose (listed here);
//   3. decodes and re-encodes to the same JSON, so the struct reads and
//      writes exactly those names.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/dynamodb_operations.h"
#include "aws/dynamodb_types.h"
#include "dynamodb_test_documents.h"

namespace tk::aws::dynamodb {
namespace {

using nlohmann::json;

json LoadModel() {
  const char* shared = std::getenv("TK_SHARED_DIR");
  const std::filesystem::path path =
      std::filesystem::path(shared != nullptr ? shared : TK_DEFAULT_SHARED_DIR) / "reference" /
      "aws-api-models" / "dynamodb" / "service-2.json";
  std::ifstream in(path);
  EXPECT_TRUE(in) << path << " is missing; set TK_SHARED_DIR to the shared directory";
  if (!in) return json::object();
  return json::parse(in);
}

const json& Shapes() {
  static const json shapes = LoadModel().value("shapes", json::object());
  return shapes;
}

// Walks `value` as model shape `shape`, noting problems and which members
// of which structure shapes were seen.
class ModelWalk {
 public:
  void Walk(const json& value, const std::string& shape, const std::string& path) {
    if (!Shapes().contains(shape)) {
      problems_.push_back(path + ": no shape " + shape + " in the model");
      return;
    }
    const json& definition = Shapes().at(shape);
    const std::string type = definition.at("type").get<std::string>();
    if (type == "structure") {
      if (!value.is_object()) return Problem(path, "an object", shape);
      std::set<std::string>& members = seen_[shape];
      for (const auto& [name, member] : value.items()) {
        if (!definition.at("members").contains(name)) {
          problems_.push_back(path + "." + name + ": not a member of " + shape);
          continue;
        }
        members.insert(name);
        Walk(member, definition.at("members").at(name).at("shape").get<std::string>(),
             path + "." + name);
      }
    } else if (type == "list") {
      if (!value.is_array()) return Problem(path, "a list", shape);
      for (std::size_t i = 0; i < value.size(); ++i) {
        Walk(value[i], definition.at("member").at("shape").get<std::string>(),
             path + "[" + std::to_string(i) + "]");
      }
    } else if (type == "string") {
      if (!value.is_string()) return Problem(path, "a string", shape);
      if (definition.contains("enum")) {
        const json& values = definition.at("enum");
        if (std::find(values.begin(), values.end(), value) == values.end()) {
          problems_.push_back(path + ": " + value.dump() + " is not a value of " + shape);
        }
      }
    } else if (type == "long" || type == "integer") {
      if (!value.is_number_integer()) return Problem(path, "an integer", shape);
    } else if (type == "boolean") {
      if (!value.is_boolean()) return Problem(path, "a boolean", shape);
    } else if (type == "timestamp") {
      if (!value.is_number()) return Problem(path, "a number", shape);
    } else {
      problems_.push_back(path + ": shape " + shape + " of type " + type + " not expected");
    }
  }

  const std::vector<std::string>& problems() const { return problems_; }

  // "Shape.Member" of every member of a reached structure not seen.
  std::set<std::string> Unseen() const {
    std::set<std::string> unseen;
    for (const auto& [shape, members] : seen_) {
      for (const auto& [name, member] : Shapes().at(shape).at("members").items()) {
        if (members.count(name) == 0) unseen.insert(shape + "." + name);
      }
    }
    return unseen;
  }

 private:
  void Problem(const std::string& path, const std::string& expected, const std::string& shape) {
    problems_.push_back(path + ": expected " + expected + " for " + shape);
  }

  std::vector<std::string> problems_;
  std::map<std::string, std::set<std::string>> seen_;
};

// Steps 1 to 3 of the file comment for `document` as model shape `shape`
// and C++ type T. `not_held`: "Shape.Member"s the layer leaves out.
template <typename T>
void ExpectMatchesModel(const char* document, const std::string& shape,
                        const std::set<std::string>& not_held = {}) {
  SCOPED_TRACE(shape);
  const json value = json::parse(document);
  ModelWalk walk;
  walk.Walk(value, shape, shape);
  for (const std::string& problem : walk.problems()) ADD_FAILURE() << problem;
  std::set<std::string> unseen = walk.Unseen();
  for (const std::string& left_out : not_held) {
    EXPECT_EQ(unseen.erase(left_out), 1u) << left_out << " is in the document or not in the model";
  }
  for (const std::string& member : unseen) {
    ADD_FAILURE() << member << " is in the model but not in the document (nor left out)";
  }
  Result<T> decoded = FromJson<T>(value);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(ToJson(*decoded), value) << "members the struct does not read or write";
}

TEST(DynamoDbModelTest, TableDescription) {
  ExpectMatchesModel<TableDescription>(test_documents::kFullTable, "TableDescription",
                                       {"TableDescription.VectorIndexes"});
}

TEST(DynamoDbModelTest, CreateTableInput) {
  ExpectMatchesModel<CreateTableInput>(test_documents::kFullCreateTableInput, "CreateTableInput",
                                       {"CreateTableInput.VectorIndexes"});
}

TEST(DynamoDbModelTest, UpdateTableInput) {
  ExpectMatchesModel<UpdateTableInput>(
      test_documents::kFullUpdateTableInput, "UpdateTableInput",
      {"UpdateTableInput.GlobalTableWitnessUpdates", "UpdateTableInput.VectorIndexUpdates"});
}

TEST(DynamoDbModelTest, TagsTimeToLiveAndBackups) {
  ExpectMatchesModel<ListTagsOfResourceOutput>(
      R"({"Tags": [{"Key": "a", "Value": "1"}], "NextToken": "a"})", "ListTagsOfResourceOutput");
  ExpectMatchesModel<TimeToLiveSpecification>(R"({"Enabled": true, "AttributeName": "exp"})",
                                              "TimeToLiveSpecification");
  ExpectMatchesModel<TimeToLiveDescription>(
      R"({"TimeToLiveStatus": "ENABLING", "AttributeName": "exp"})", "TimeToLiveDescription");
  ExpectMatchesModel<PointInTimeRecoverySpecification>(
      R"({"PointInTimeRecoveryEnabled": true, "RecoveryPeriodInDays": 7})",
      "PointInTimeRecoverySpecification");
  ExpectMatchesModel<ContinuousBackupsDescription>(R"({
    "ContinuousBackupsStatus": "ENABLED",
    "PointInTimeRecoveryDescription": {
      "PointInTimeRecoveryStatus": "ENABLED", "RecoveryPeriodInDays": 35,
      "EarliestRestorableDateTime": 1700000000.5, "LatestRestorableDateTime": 1700000900}
  })",
                                                   "ContinuousBackupsDescription");
}

TEST(DynamoDbModelTest, ContributorInsights) {
  ExpectMatchesModel<UpdateContributorInsightsInput>(R"({
    "TableName": "orders", "IndexName": "by-status", "ContributorInsightsAction": "ENABLE",
    "ContributorInsightsMode": "ACCESSED_AND_THROTTLED_KEYS"
  })",
                                                     "UpdateContributorInsightsInput");
  ExpectMatchesModel<UpdateContributorInsightsOutput>(R"({
    "TableName": "orders", "IndexName": "by-status", "ContributorInsightsStatus": "ENABLING",
    "ContributorInsightsMode": "THROTTLED_KEYS"
  })",
                                                      "UpdateContributorInsightsOutput");
  ExpectMatchesModel<DescribeContributorInsightsOutput>(R"({
    "TableName": "orders", "IndexName": "by-status",
    "ContributorInsightsRuleList": ["DynamoDBContributorInsights-PKC-orders-1"],
    "ContributorInsightsStatus": "FAILED", "LastUpdateDateTime": 1700000000,
    "FailureException": {"ExceptionName": "AccessDenied", "ExceptionDescription": "denied"},
    "ContributorInsightsMode": "THROTTLED_KEYS"
  })",
                                                        "DescribeContributorInsightsOutput");
}

TEST(DynamoDbModelTest, ResourcePolicy) {
  ExpectMatchesModel<PutResourcePolicyInput>(R"({
    "ResourceArn": "arn:aws:dynamodb:us-east-1:111122223333:table/orders",
    "Policy": "{}", "ExpectedRevisionId": "1", "ConfirmRemoveSelfResourceAccess": true
  })",
                                             "PutResourcePolicyInput");
  ExpectMatchesModel<ResourcePolicyRevision>(R"({"RevisionId": "2"})", "PutResourcePolicyOutput");
  ExpectMatchesModel<ResourcePolicyRevision>(R"({"RevisionId": "2"})",
                                             "DeleteResourcePolicyOutput");
  ExpectMatchesModel<GetResourcePolicyOutput>(R"({"Policy": "{}", "RevisionId": "2"})",
                                              "GetResourcePolicyOutput");
}

// The walk itself notices what it should, so the tests above can fail.
TEST(DynamoDbModelTest, TheWalkReportsUnknownNamesWrongTypesAndEnumValues) {
  ModelWalk walk;
  walk.Walk(json::parse(R"({"Key": "a", "Valeu": "1"})"), "Tag", "Tag");
  walk.Walk(json::parse(R"({"AttributeName": "a", "KeyType": "SORT"})"), "KeySchemaElement", "K");
  walk.Walk(json::parse(R"({"ReadCapacityUnits": "1", "WriteCapacityUnits": 1})"),
            "ProvisionedThroughput", "P");
  EXPECT_EQ(walk.problems(), (std::vector<std::string>{
                                 "Tag.Valeu: not a member of Tag",
                                 "K.KeyType: \"SORT\" is not a value of KeyType",
                                 "P.ReadCapacityUnits: expected an integer for PositiveLongObject",
                             }));
  EXPECT_EQ(walk.Unseen(), (std::set<std::string>{"Tag.Value"}));
}

}  // namespace
}  // namespace tk::aws::dynamodb
