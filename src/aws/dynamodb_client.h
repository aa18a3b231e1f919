// DynamoDbClient: the DynamoDB operations tablekeeper uses, with typed inputs
// and outputs (dynamodb_types.h, dynamodb_operations.h), over a
// ServiceClient of kDynamoDbModel.
//
//   auto service = ServiceClient::Create(kDynamoDbModel, options, credentials, http);
//   dynamodb::DynamoDbClient dynamodb(**service);
//   AwsResult<dynamodb::TableDescription> table = dynamodb.DescribeTable("orders");
//   if (table.IsError("ResourceNotFoundException")) ... create it ...
//   if (table.ok() && table->table_status == dynamodb::table_status::kActive) ...
//
// Each call is one ServiceClient::Call (ListTagsOfResource: one per page),
// with its retries, rate limits and metrics. Failures are what the call
// answered, AwsError included, so callers match AWS's codes with IsError();
// an answer that does not decode is kInternal, its message naming the
// operation and the member's path ("dynamodb DescribeTable: answer:
// Table.KeySchema[0].KeyType: expected a string, got an integer"). Nothing
// is retried or waited for here: no polling for ACTIVE, no back-off on
// LimitExceededException; the controller decides (DESIGN.md section 3).
//
// Thread-safe as the ServiceClient (or transport) is: the class holds no
// state of its own.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/aws_error.h"
#include "aws/dynamodb_operations.h"
#include "aws/dynamodb_types.h"
#include "aws/service_client.h"

namespace tk::aws::dynamodb {

// The value of a successful call that answers nothing.
using NoOutput = std::monostate;

class DynamoDbClient {
 public:
  // Sends one operation and answers its output, as ServiceClient::Call.
  using Transport = std::function<AwsResult<nlohmann::json>(std::string_view operation,
                                                            const nlohmann::json& input)>;

  // ListTagsOfResource follows at most this many pages, then fails with
  // kInternal: a bound against a server that never ends the list (a table
  // holds at most 50 tags; the emulator pages them by 10).
  static constexpr int kMaxTagPages = 100;

  // Calls through `service`, borrowed: it must outlive this client. A
  // service of another model than kDynamoDbModel makes every call fail with
  // kInvalidArgument, sending nothing.
  explicit DynamoDbClient(ServiceClient& service);
  // Calls through `transport`: for unit tests that script answers no peer
  // gives (a repeated NextToken, a malformed answer).
  explicit DynamoDbClient(Transport transport);

  // ---- Tables ----

  // The new table, TableStatus CREATING. ResourceInUseException: a table of
  // that name exists. LimitExceededException: too many tables being created.
  AwsResult<TableDescription> CreateTable(const CreateTableInput& input);
  // ResourceNotFoundException: no such table. `table_name`: name or ARN.
  AwsResult<TableDescription> DescribeTable(std::string_view table_name);
  // The table as the update left it (TableStatus UPDATING for most changes).
  // ResourceInUseException: the table is not ACTIVE (one update at a time);
  // LimitExceededException: e.g. the encryption change quota.
  AwsResult<TableDescription> UpdateTable(const UpdateTableInput& input);
  // The table, TableStatus DELETING (no error when it already is).
  // ResourceInUseException: the table is CREATING or UPDATING.
  // ResourceNotFoundException: no such table. A table with deletion
  // protection is refused too; the model does not name that error's code.
  AwsResult<TableDescription> DeleteTable(std::string_view table_name);

  // ---- Tags (of a table or index ARN) ----

  // Adds or overwrites `tags`.
  AwsResult<NoOutput> TagResource(std::string_view resource_arn, const std::vector<Tag>& tags);
  AwsResult<NoOutput> UntagResource(std::string_view resource_arn,
                                    const std::vector<std::string>& tag_keys);
  // Every tag, following NextToken through all pages. Fails with kInternal
  // when a NextToken repeats or after kMaxTagPages pages.
  AwsResult<std::vector<Tag>> ListTagsOfResource(std::string_view resource_arn);
  // One page: from the start when `next_token` is unset.
  AwsResult<ListTagsOfResourceOutput> ListTagsOfResourcePage(
      std::string_view resource_arn, const std::optional<std::string>& next_token);

  // ---- Time to live ----

  // The specification as AWS took it. ValidationException: TTL is already
  // in that state, or changed within the last hour.
  AwsResult<TimeToLiveSpecification> UpdateTimeToLive(std::string_view table_name,
                                                      const TimeToLiveSpecification& spec);
  AwsResult<TimeToLiveDescription> DescribeTimeToLive(std::string_view table_name);

  // ---- Point-in-time recovery ----

  // TableNotFoundException (not ResourceNotFoundException): no such table.
  AwsResult<ContinuousBackupsDescription> UpdateContinuousBackups(
      std::string_view table_name, const PointInTimeRecoverySpecification& spec);
  AwsResult<ContinuousBackupsDescription> DescribeContinuousBackups(std::string_view table_name);

  // ---- Contributor insights ----

  AwsResult<UpdateContributorInsightsOutput> UpdateContributorInsights(
      const UpdateContributorInsightsInput& input);
  // Of the table, or of its GSI `index_name`.
  AwsResult<DescribeContributorInsightsOutput> DescribeContributorInsights(
      std::string_view table_name, const std::optional<std::string>& index_name = std::nullopt);

  // ---- Resource-based policy (of a table or stream ARN) ----

  // The new revision. PolicyNotFoundException: expected_revision_id does not
  // match.
  AwsResult<ResourcePolicyRevision> PutResourcePolicy(const PutResourcePolicyInput& input);
  // PolicyNotFoundException: the resource has no policy.
  AwsResult<GetResourcePolicyOutput> GetResourcePolicy(std::string_view resource_arn);
  // The deleted revision. PolicyNotFoundException: no policy (or not that
  // revision).
  AwsResult<ResourcePolicyRevision> DeleteResourcePolicy(
      std::string_view resource_arn,
      const std::optional<std::string>& expected_revision_id = std::nullopt);

 private:
  // Calls `operation` and decodes its answer as T: the whole answer when
  // `member` is empty, else the answer's `member`, which must be present.
  template <typename T>
  AwsResult<T> Invoke(std::string_view operation, const nlohmann::json& input,
                      std::string_view member);

  Transport transport_;
};

}  // namespace tk::aws::dynamodb
