#include "services/dynamodb/table_steps.h"

#include <cstdint>

#include <fmt/format.h>

#include "aws/dynamodb_json.h"

namespace tk::services::dynamodb {
namespace {

namespace ddb = aws::dynamodb;
using nlohmann::json;

std::uint64_t Fnv1a(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

Status Undecodable(const runtime::PlanStep& step, const Status& status) {
  return Status(Code::kInvalidArgument,
                fmt::format("plan step {} ({}): the request does not decode: {}", step.operation,
                            step.description, status.message()));
}

// The call's outcome without a table: OK or the client's failure.
template <typename T>
Result<StepOutcome> Done(aws::AwsResult<T> result) {
  if (!result.ok()) return result.status();
  return StepOutcome{};
}

}  // namespace

std::string StepFingerprint(std::string_view operation, const nlohmann::json& request) {
  return fmt::format("{}/{:016x}", operation, Fnv1a(request.dump()));
}

runtime::PlanStep MakeStep(std::string_view operation, std::vector<std::string> fields,
                           std::string description, nlohmann::json request) {
  runtime::PlanStep step;
  step.operation = std::string(operation);
  step.fields = std::move(fields);
  step.description = std::move(description);
  step.fingerprint = StepFingerprint(operation, request);
  step.request = std::move(request);
  return step;
}

Result<StepOutcome> SendStep(aws::dynamodb::DynamoDbClient& client, const runtime::PlanStep& step) {
  const json& request = step.request;
  const std::string_view operation = step.operation;
  if (operation == step_operation::kUpdateTable) {
    auto input = ddb::FromJson<ddb::UpdateTableInput>(request);
    if (!input.ok()) return Undecodable(step, input.status());
    auto table = client.UpdateTable(*input);
    if (!table.ok()) return table.status();
    return StepOutcome{std::move(table).value()};
  }
  if (operation == step_operation::kUpdateTimeToLive) {
    std::string table_name;
    ddb::TimeToLiveSpecification spec;
    Status status = ddb::ObjectDecoder(request, "")
                        .Required("TableName", &table_name)
                        .Required("TimeToLiveSpecification", &spec)
                        .status();
    if (!status.ok()) return Undecodable(step, status);
    return Done(client.UpdateTimeToLive(table_name, spec));
  }
  if (operation == step_operation::kUpdateContinuousBackups) {
    std::string table_name;
    ddb::PointInTimeRecoverySpecification spec;
    Status status = ddb::ObjectDecoder(request, "")
                        .Required("TableName", &table_name)
                        .Required("PointInTimeRecoverySpecification", &spec)
                        .status();
    if (!status.ok()) return Undecodable(step, status);
    return Done(client.UpdateContinuousBackups(table_name, spec));
  }
  if (operation == step_operation::kUpdateContributorInsights) {
    auto input = ddb::FromJson<ddb::UpdateContributorInsightsInput>(request);
    if (!input.ok()) return Undecodable(step, input.status());
    return Done(client.UpdateContributorInsights(*input));
  }
  if (operation == step_operation::kTagResource) {
    std::string arn;
    std::vector<ddb::Tag> tags;
    Status status =
        ddb::ObjectDecoder(request, "").Required("ResourceArn", &arn).Required("Tags", &tags).status();
    if (!status.ok()) return Undecodable(step, status);
    return Done(client.TagResource(arn, tags));
  }
  if (operation == step_operation::kUntagResource) {
    std::string arn;
    std::vector<std::string> keys;
    Status status = ddb::ObjectDecoder(request, "")
                        .Required("ResourceArn", &arn)
                        .Required("TagKeys", &keys)
                        .status();
    if (!status.ok()) return Undecodable(step, status);
    return Done(client.UntagResource(arn, keys));
  }
  if (operation == step_operation::kPutResourcePolicy) {
    auto input = ddb::FromJson<ddb::PutResourcePolicyInput>(request);
    if (!input.ok()) return Undecodable(step, input.status());
    return Done(client.PutResourcePolicy(*input));
  }
  if (operation == step_operation::kDeleteResourcePolicy) {
    std::string arn;
    Status status = ddb::ObjectDecoder(request, "").Required("ResourceArn", &arn).status();
    if (!status.ok()) return Undecodable(step, status);
    return Done(client.DeleteResourcePolicy(arn));
  }
  return Status(Code::kInvalidArgument,
                fmt::format("plan step {} ({}): not an operation a Table step sends", step.operation,
                            step.description));
}

}  // namespace tk::services::dynamodb
