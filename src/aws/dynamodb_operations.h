// The inputs and outputs of the DynamoDB operations tablekeeper calls
// (dynamodb_client.h), with the rules of dynamodb_types.h: structs named as
// the model's <Operation>Input / <Operation>Output shapes, members in
// snake_case, unset optionals and empty optional lists not written, unknown
// members of answers ignored.
//
// Only operations whose input or output has more than a name or an ARN have
// structs here; the client takes the others as arguments.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/dynamodb_types.h"
#include "util/status.h"

namespace tk::aws::dynamodb {

// CreateTable. The model requires only TableName (a table may be created
// from GlobalTableSourceArn); a plain table needs AttributeDefinitions and
// KeySchema too, and AWS answers ValidationException without them. Not
// held: VectorIndexes.
struct CreateTableInput {
  std::string table_name;                                   // TableName: a name or an ARN
  std::vector<AttributeDefinition> attribute_definitions;   // AttributeDefinitions
  std::vector<KeySchemaElement> key_schema;                 // KeySchema
  std::vector<LocalSecondaryIndex> local_secondary_indexes;    // LocalSecondaryIndexes
  std::vector<GlobalSecondaryIndex> global_secondary_indexes;  // GlobalSecondaryIndexes
  std::optional<std::string> billing_mode;                     // BillingMode
  std::optional<ProvisionedThroughput> provisioned_throughput;  // ProvisionedThroughput
  std::optional<StreamSpecification> stream_specification;      // StreamSpecification
  std::optional<SSESpecification> sse_specification;            // SSESpecification
  std::vector<Tag> tags;                                        // Tags
  std::optional<std::string> table_class;                       // TableClass
  std::optional<bool> deletion_protection_enabled;              // DeletionProtectionEnabled
  std::optional<WarmThroughput> warm_throughput;                // WarmThroughput
  std::optional<std::string> resource_policy;                   // ResourcePolicy: a JSON document
  std::optional<OnDemandThroughput> on_demand_throughput;       // OnDemandThroughput
  // GlobalTableSourceArn: create this table as a replica of that one
  // (multi-account global tables).
  std::optional<std::string> global_table_source_arn;
  // GlobalTableSettingsReplicationMode: ENABLED | DISABLED | ENABLED_WITH_OVERRIDES
  std::optional<std::string> global_table_settings_replication_mode;
  bool operator==(const CreateTableInput&) const = default;
};

// UpdateTable. AWS takes one kind of change per call (and at most one GSI
// create or delete); the planner, not this struct, orders them. Not held:
// GlobalTableWitnessUpdates, VectorIndexUpdates.
struct UpdateTableInput {
  std::string table_name;                                  // TableName: a name or an ARN
  std::vector<AttributeDefinition> attribute_definitions;  // AttributeDefinitions
  std::optional<std::string> billing_mode;                 // BillingMode
  std::optional<ProvisionedThroughput> provisioned_throughput;  // ProvisionedThroughput
  std::vector<GlobalSecondaryIndexUpdate> global_secondary_index_updates;
  std::optional<StreamSpecification> stream_specification;  // StreamSpecification
  std::optional<SSESpecification> sse_specification;        // SSESpecification
  std::vector<ReplicationGroupUpdate> replica_updates;      // ReplicaUpdates
  std::optional<std::string> table_class;                   // TableClass
  std::optional<bool> deletion_protection_enabled;          // DeletionProtectionEnabled
  std::optional<std::string> multi_region_consistency;      // MultiRegionConsistency
  std::optional<OnDemandThroughput> on_demand_throughput;   // OnDemandThroughput
  std::optional<WarmThroughput> warm_throughput;            // WarmThroughput
  std::optional<std::string> global_table_settings_replication_mode;
  bool operator==(const UpdateTableInput&) const = default;
};

// One page of ListTagsOfResource.
struct ListTagsOfResourceOutput {
  std::vector<Tag> tags;                  // Tags
  std::optional<std::string> next_token;  // NextToken: absent on the last page
  bool operator==(const ListTagsOfResourceOutput&) const = default;
};

struct UpdateContributorInsightsInput {
  std::string table_name;                              // TableName
  std::optional<std::string> index_name;               // IndexName: a GSI; unset for the table
  std::string contributor_insights_action;  // ContributorInsightsAction: ENABLE | DISABLE
  std::optional<std::string> contributor_insights_mode;  // ContributorInsightsMode
  bool operator==(const UpdateContributorInsightsInput&) const = default;
};

struct UpdateContributorInsightsOutput {
  std::optional<std::string> table_name;                   // TableName
  std::optional<std::string> index_name;                   // IndexName
  std::optional<std::string> contributor_insights_status;  // ContributorInsightsStatus
  std::optional<std::string> contributor_insights_mode;    // ContributorInsightsMode
  bool operator==(const UpdateContributorInsightsOutput&) const = default;
};

struct DescribeContributorInsightsOutput {
  std::optional<std::string> table_name;                    // TableName
  std::optional<std::string> index_name;                    // IndexName
  std::vector<std::string> contributor_insights_rule_list;  // ContributorInsightsRuleList
  std::optional<std::string> contributor_insights_status;   // ContributorInsightsStatus
  std::optional<double> last_update_date_time;              // LastUpdateDateTime
  std::optional<FailureException> failure_exception;        // FailureException
  std::optional<std::string> contributor_insights_mode;     // ContributorInsightsMode
  bool operator==(const DescribeContributorInsightsOutput&) const = default;
};

struct PutResourcePolicyInput {
  std::string resource_arn;  // ResourceArn: a table's or a stream's ARN
  std::string policy;        // Policy: the JSON document, as text
  // ExpectedRevisionId: replace only that revision (PolicyNotFoundException
  // otherwise); unset replaces any.
  std::optional<std::string> expected_revision_id;
  std::optional<bool> confirm_remove_self_resource_access;  // ConfirmRemoveSelfResourceAccess
  bool operator==(const PutResourcePolicyInput&) const = default;
};

// PutResourcePolicy's and DeleteResourcePolicy's answer.
struct ResourcePolicyRevision {
  std::optional<std::string> revision_id;  // RevisionId
  bool operator==(const ResourcePolicyRevision&) const = default;
};

struct GetResourcePolicyOutput {
  std::optional<std::string> policy;       // Policy: as AWS stores it (may be reformatted)
  std::optional<std::string> revision_id;  // RevisionId
  bool operator==(const GetResourcePolicyOutput&) const = default;
};

// Encoding (requests) and decoding (answers), as for the shapes.
nlohmann::json ToJson(const CreateTableInput& value);
Status Decode(const nlohmann::json& json, const std::string& path, CreateTableInput* out);
nlohmann::json ToJson(const UpdateTableInput& value);
Status Decode(const nlohmann::json& json, const std::string& path, UpdateTableInput* out);
nlohmann::json ToJson(const ListTagsOfResourceOutput& value);
Status Decode(const nlohmann::json& json, const std::string& path, ListTagsOfResourceOutput* out);
nlohmann::json ToJson(const UpdateContributorInsightsInput& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              UpdateContributorInsightsInput* out);
nlohmann::json ToJson(const UpdateContributorInsightsOutput& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              UpdateContributorInsightsOutput* out);
nlohmann::json ToJson(const DescribeContributorInsightsOutput& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              DescribeContributorInsightsOutput* out);
nlohmann::json ToJson(const PutResourcePolicyInput& value);
Status Decode(const nlohmann::json& json, const std::string& path, PutResourcePolicyInput* out);
nlohmann::json ToJson(const ResourcePolicyRevision& value);
Status Decode(const nlohmann::json& json, const std::string& path, ResourcePolicyRevision* out);
nlohmann::json ToJson(const GetResourcePolicyOutput& value);
Status Decode(const nlohmann::json& json, const std::string& path, GetResourcePolicyOutput* out);

}  // namespace tk::aws::dynamodb
