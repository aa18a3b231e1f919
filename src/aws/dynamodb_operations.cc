#include "aws/dynamodb_operations.h"

namespace tk::aws::dynamodb {

nlohmann::json ToJson(const CreateTableInput& value) {
  return ObjectEncoder()
      .Field("TableName", value.table_name)
      .Field("AttributeDefinitions", value.attribute_definitions)
      .Field("KeySchema", value.key_schema)
      .Field("LocalSecondaryIndexes", value.local_secondary_indexes)
      .Field("GlobalSecondaryIndexes", value.global_secondary_indexes)
      .Field("BillingMode", value.billing_mode)
      .Field("ProvisionedThroughput", value.provisioned_throughput)
      .Field("StreamSpecification", value.stream_specification)
      .Field("SSESpecification", value.sse_specification)
      .Field("Tags", value.tags)
      .Field("TableClass", value.table_class)
      .Field("DeletionProtectionEnabled", value.deletion_protection_enabled)
      .Field("WarmThroughput", value.warm_throughput)
      .Field("ResourcePolicy", value.resource_policy)
      .Field("OnDemandThroughput", value.on_demand_throughput)
      .Field("GlobalTableSourceArn", value.global_table_source_arn)
      .Field("GlobalTableSettingsReplicationMode", value.global_table_settings_replication_mode)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, CreateTableInput* out) {
  return ObjectDecoder(json, path)
      .Required("TableName", &out->table_name)
      .Field("AttributeDefinitions", &out->attribute_definitions)
      .Field("KeySchema", &out->key_schema)
      .Field("LocalSecondaryIndexes", &out->local_secondary_indexes)
      .Field("GlobalSecondaryIndexes", &out->global_secondary_indexes)
      .Field("BillingMode", &out->billing_mode)
      .Field("ProvisionedThroughput", &out->provisioned_throughput)
      .Field("StreamSpecification", &out->stream_specification)
      .Field("SSESpecification", &out->sse_specification)
      .Field("Tags", &out->tags)
      .Field("TableClass", &out->table_class)
      .Field("DeletionProtectionEnabled", &out->deletion_protection_enabled)
      .Field("WarmThroughput", &out->warm_throughput)
      .Field("ResourcePolicy", &out->resource_policy)
      .Field("OnDemandThroughput", &out->on_demand_throughput)
      .Field("GlobalTableSourceArn", &out->global_table_source_arn)
      .Field("GlobalTableSettingsReplicationMode", &out->global_table_settings_replication_mode)
      .status();
}

nlohmann::json ToJson(const UpdateTableInput& value) {
  return ObjectEncoder()
      .Field("TableName", value.table_name)
      .Field("AttributeDefinitions", value.attribute_definitions)
      .Field("BillingMode", value.billing_mode)
      .Field("ProvisionedThroughput", value.provisioned_throughput)
      .Field("GlobalSecondaryIndexUpdates", value.global_secondary_index_updates)
      .Field("StreamSpecification", value.stream_specification)
      .Field("SSESpecification", value.sse_specification)
      .Field("ReplicaUpdates", value.replica_updates)
      .Field("TableClass", value.table_class)
      .Field("DeletionProtectionEnabled", value.deletion_protection_enabled)
      .Field("MultiRegionConsistency", value.multi_region_consistency)
      .Field("OnDemandThroughput", value.on_demand_throughput)
      .Field("WarmThroughput", value.warm_throughput)
      .Field("GlobalTableSettingsReplicationMode", value.global_table_settings_replication_mode)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, UpdateTableInput* out) {
  return ObjectDecoder(json, path)
      .Required("TableName", &out->table_name)
      .Field("AttributeDefinitions", &out->attribute_definitions)
      .Field("BillingMode", &out->billing_mode)
      .Field("ProvisionedThroughput", &out->provisioned_throughput)
      .Field("GlobalSecondaryIndexUpdates", &out->global_secondary_index_updates)
      .Field("StreamSpecification", &out->stream_specification)
      .Field("SSESpecification", &out->sse_specification)
      .Field("ReplicaUpdates", &out->replica_updates)
      .Field("TableClass", &out->table_class)
      .Field("DeletionProtectionEnabled", &out->deletion_protection_enabled)
      .Field("MultiRegionConsistency", &out->multi_region_consistency)
      .Field("OnDemandThroughput", &out->on_demand_throughput)
      .Field("WarmThroughput", &out->warm_throughput)
      .Field("GlobalTableSettingsReplicationMode", &out->global_table_settings_replication_mode)
      .status();
}

nlohmann::json ToJson(const ListTagsOfResourceOutput& value) {
  return ObjectEncoder().Field("Tags", value.tags).Field("NextToken", value.next_token).Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, ListTagsOfResourceOutput* out) {
  return ObjectDecoder(json, path)
      .Field("Tags", &out->tags)
      .Field("NextToken", &out->next_token)
      .status();
}

nlohmann::json ToJson(const UpdateContributorInsightsInput& value) {
  return ObjectEncoder()
      .Field("TableName", value.table_name)
      .Field("IndexName", value.index_name)
      .Field("ContributorInsightsAction", value.contributor_insights_action)
      .Field("ContributorInsightsMode", value.contributor_insights_mode)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              UpdateContributorInsightsInput* out) {
  return ObjectDecoder(json, path)
      .Required("TableName", &out->table_name)
      .Field("IndexName", &out->index_name)
      .Required("ContributorInsightsAction", &out->contributor_insights_action)
      .Field("ContributorInsightsMode", &out->contributor_insights_mode)
      .status();
}

nlohmann::json ToJson(const UpdateContributorInsightsOutput& value) {
  return ObjectEncoder()
      .Field("TableName", value.table_name)
      .Field("IndexName", value.index_name)
      .Field("ContributorInsightsStatus", value.contributor_insights_status)
      .Field("ContributorInsightsMode", value.contributor_insights_mode)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              UpdateContributorInsightsOutput* out) {
  return ObjectDecoder(json, path)
      .Field("TableName", &out->table_name)
      .Field("IndexName", &out->index_name)
      .Field("ContributorInsightsStatus", &out->contributor_insights_status)
      .Field("ContributorInsightsMode", &out->contributor_insights_mode)
      .status();
}

nlohmann::json ToJson(const DescribeContributorInsightsOutput& value) {
  return ObjectEncoder()
      .Field("TableName", value.table_name)
      .Field("IndexName", value.index_name)
      .Field("ContributorInsightsRuleList", value.contributor_insights_rule_list)
      .Field("ContributorInsightsStatus", value.contributor_insights_status)
      .Field("LastUpdateDateTime", value.last_update_date_time)
      .Field("FailureException", value.failure_exception)
      .Field("ContributorInsightsMode", value.contributor_insights_mode)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              DescribeContributorInsightsOutput* out) {
  return ObjectDecoder(json, path)
      .Field("TableName", &out->table_name)
      .Field("IndexName", &out->index_name)
      .Field("ContributorInsightsRuleList", &out->contributor_insights_rule_list)
      .Field("ContributorInsightsStatus", &out->contributor_insights_status)
      .Field("LastUpdateDateTime", &out->last_update_date_time)
      .Field("FailureException", &out->failure_exception)
      .Field("ContributorInsightsMode", &out->contributor_insights_mode)
      .status();
}

nlohmann::json ToJson(const PutResourcePolicyInput& value) {
  return ObjectEncoder()
      .Field("ResourceArn", value.resource_arn)
      .Field("Policy", value.policy)
      .Field("ExpectedRevisionId", value.expected_revision_id)
      .Field("ConfirmRemoveSelfResourceAccess", value.confirm_remove_self_resource_access)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, PutResourcePolicyInput* out) {
  return ObjectDecoder(json, path)
      .Required("ResourceArn", &out->resource_arn)
      .Required("Policy", &out->policy)
      .Field("ExpectedRevisionId", &out->expected_revision_id)
      .Field("ConfirmRemoveSelfResourceAccess", &out->confirm_remove_self_resource_access)
      .status();
}

nlohmann::json ToJson(const ResourcePolicyRevision& value) {
  return ObjectEncoder().Field("RevisionId", value.revision_id).Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, ResourcePolicyRevision* out) {
  return ObjectDecoder(json, path).Field("RevisionId", &out->revision_id).status();
}

nlohmann::json ToJson(const GetResourcePolicyOutput& value) {
  return ObjectEncoder()
      .Field("Policy", value.policy)
      .Field("RevisionId", value.revision_id)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, GetResourcePolicyOutput* out) {
  return ObjectDecoder(json, path)
      .Field("Policy", &out->policy)
      .Field("RevisionId", &out->revision_id)
      .status();
}

}  // namespace tk::aws::dynamodb
