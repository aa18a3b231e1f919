#include "aws/dynamodb_client.h"

#include <set>
#include <utility>

#include <fmt/format.h>

namespace tk::aws::dynamodb {
namespace {

// The failure of `result` as an AwsResult<T>, keeping the AwsError.
template <typename T, typename U>
AwsResult<T> Failure(const AwsResult<U>& result) {
  if (const AwsError* error = result.error()) return AwsResult<T>(result.status(), *error);
  return AwsResult<T>(result.status());
}

Status AnswerError(std::string_view operation, std::string_view problem) {
  return Status(Code::kInternal, fmt::format("dynamodb {}: answer: {}", operation, problem));
}

}  // namespace

DynamoDbClient::DynamoDbClient(ServiceClient& service)
    : transport_([&service](std::string_view operation,
                            const nlohmann::json& input) -> AwsResult<nlohmann::json> {
        if (service.model().endpoint_prefix != kDynamoDbModel.endpoint_prefix) {
          return Status(Code::kInvalidArgument,
                        fmt::format("dynamodb {}: the client was given a {} service client",
                                    operation, service.model().endpoint_prefix));
        }
        return service.Call(operation, input);
      }) {}

DynamoDbClient::DynamoDbClient(Transport transport) : transport_(std::move(transport)) {}

template <typename T>
AwsResult<T> DynamoDbClient::Invoke(std::string_view operation, const nlohmann::json& input,
                                    std::string_view member) {
  AwsResult<nlohmann::json> answer = transport_(operation, input);
  if (!answer.ok()) return Failure<T>(answer);
  const nlohmann::json* document = &*answer;
  if (!member.empty()) {
    if (!answer->is_object()) {
      return AnswerError(operation, WrongType("", "an object", *answer).message());
    }
    auto it = answer->find(member);
    if (it == answer->end() || it->is_null()) {
      return AnswerError(operation, fmt::format("{}: required member missing", member));
    }
    document = &*it;
  }
  T value{};
  Status status = Decode(*document, std::string(member), &value);
  if (!status.ok()) return AnswerError(operation, status.message());
  return value;
}

// ---- Tables ----

AwsResult<TableDescription> DynamoDbClient::CreateTable(const CreateTableInput& input) {
  return Invoke<TableDescription>("CreateTable", ToJson(input), "TableDescription");
}

AwsResult<TableDescription> DynamoDbClient::DescribeTable(std::string_view table_name) {
  return Invoke<TableDescription>("DescribeTable", {{"TableName", table_name}}, "Table");
}

AwsResult<TableDescription> DynamoDbClient::UpdateTable(const UpdateTableInput& input) {
  return Invoke<TableDescription>("UpdateTable", ToJson(input), "TableDescription");
}

AwsResult<TableDescription> DynamoDbClient::DeleteTable(std::string_view table_name) {
  return Invoke<TableDescription>("DeleteTable", {{"TableName", table_name}}, "TableDescription");
}

// ---- Tags ----

AwsResult<NoOutput> DynamoDbClient::TagResource(std::string_view resource_arn,
                                                const std::vector<Tag>& tags) {
  nlohmann::json input = ObjectEncoder()
                             .Field("ResourceArn", std::string(resource_arn))
                             .RequiredList("Tags", tags)
                             .Build();
  AwsResult<nlohmann::json> answer = transport_("TagResource", input);
  if (!answer.ok()) return Failure<NoOutput>(answer);
  return NoOutput{};
}

AwsResult<NoOutput> DynamoDbClient::UntagResource(std::string_view resource_arn,
                                                  const std::vector<std::string>& tag_keys) {
  nlohmann::json input = ObjectEncoder()
                             .Field("ResourceArn", std::string(resource_arn))
                             .RequiredList("TagKeys", tag_keys)
                             .Build();
  AwsResult<nlohmann::json> answer = transport_("UntagResource", input);
  if (!answer.ok()) return Failure<NoOutput>(answer);
  return NoOutput{};
}

AwsResult<ListTagsOfResourceOutput> DynamoDbClient::ListTagsOfResourcePage(
    std::string_view resource_arn, const std::optional<std::string>& next_token) {
  nlohmann::json input = ObjectEncoder()
                             .Field("ResourceArn", std::string(resource_arn))
                             .Field("NextToken", next_token)
                             .Build();
  return Invoke<ListTagsOfResourceOutput>("ListTagsOfResource", input, "");
}

AwsResult<std::vector<Tag>> DynamoDbClient::ListTagsOfResource(std::string_view resource_arn) {
  std::vector<Tag> tags;
  std::optional<std::string> next_token;
  std::set<std::string> tokens_seen;
  for (int page = 0; page < kMaxTagPages; ++page) {
    AwsResult<ListTagsOfResourceOutput> answer = ListTagsOfResourcePage(resource_arn, next_token);
    if (!answer.ok()) return Failure<std::vector<Tag>>(answer);
    for (Tag& tag : answer->tags) tags.push_back(std::move(tag));
    if (!answer->next_token || answer->next_token->empty()) return tags;
    if (!tokens_seen.insert(*answer->next_token).second) {
      return AnswerError("ListTagsOfResource",
                         fmt::format("NextToken of page {} was given before: the listing of {} "
                                     "does not end",
                                     page + 1, resource_arn));
    }
    next_token = std::move(answer->next_token);
  }
  return AnswerError("ListTagsOfResource",
                     fmt::format("{} has more than {} pages of tags", resource_arn, kMaxTagPages));
}

// ---- Time to live ----

AwsResult<TimeToLiveSpecification> DynamoDbClient::UpdateTimeToLive(
    std::string_view table_name, const TimeToLiveSpecification& spec) {
  return Invoke<TimeToLiveSpecification>(
      "UpdateTimeToLive", {{"TableName", table_name}, {"TimeToLiveSpecification", ToJson(spec)}},
      "TimeToLiveSpecification");
}

AwsResult<TimeToLiveDescription> DynamoDbClient::DescribeTimeToLive(std::string_view table_name) {
  return Invoke<TimeToLiveDescription>("DescribeTimeToLive", {{"TableName", table_name}},
                                       "TimeToLiveDescription");
}

// ---- Point-in-time recovery ----

AwsResult<ContinuousBackupsDescription> DynamoDbClient::UpdateContinuousBackups(
    std::string_view table_name, const PointInTimeRecoverySpecification& spec) {
  return Invoke<ContinuousBackupsDescription>(
      "UpdateContinuousBackups",
      {{"TableName", table_name}, {"PointInTimeRecoverySpecification", ToJson(spec)}},
      "ContinuousBackupsDescription");
}

AwsResult<ContinuousBackupsDescription> DynamoDbClient::DescribeContinuousBackups(
    std::string_view table_name) {
  return Invoke<ContinuousBackupsDescription>(
      "DescribeContinuousBackups", {{"TableName", table_name}}, "ContinuousBackupsDescription");
}

// ---- Contributor insights ----

AwsResult<UpdateContributorInsightsOutput> DynamoDbClient::UpdateContributorInsights(
    const UpdateContributorInsightsInput& input) {
  return Invoke<UpdateContributorInsightsOutput>("UpdateContributorInsights", ToJson(input), "");
}

AwsResult<DescribeContributorInsightsOutput> DynamoDbClient::DescribeContributorInsights(
    std::string_view table_name, const std::optional<std::string>& index_name) {
  nlohmann::json input = ObjectEncoder()
                             .Field("TableName", std::string(table_name))
                             .Field("IndexName", index_name)
                             .Build();
  return Invoke<DescribeContributorInsightsOutput>("DescribeContributorInsights", input, "");
}

// ---- Resource-based policy ----

AwsResult<ResourcePolicyRevision> DynamoDbClient::PutResourcePolicy(
    const PutResourcePolicyInput& input) {
  return Invoke<ResourcePolicyRevision>("PutResourcePolicy", ToJson(input), "");
}

AwsResult<GetResourcePolicyOutput> DynamoDbClient::GetResourcePolicy(
    std::string_view resource_arn) {
  return Invoke<GetResourcePolicyOutput>("GetResourcePolicy", {{"ResourceArn", resource_arn}},
                                         "");
}

AwsResult<ResourcePolicyRevision> DynamoDbClient::DeleteResourcePolicy(
    std::string_view resource_arn, const std::optional<std::string>& expected_revision_id) {
  nlohmann::json input = ObjectEncoder()
                             .Field("ResourceArn", std::string(resource_arn))
                             .Field("ExpectedRevisionId", expected_revision_id)
                             .Build();
  return Invoke<ResourcePolicyRevision>("DeleteResourcePolicy", input, "");
}

}  // namespace tk::aws::dynamodb
