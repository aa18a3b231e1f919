#include "aws/dynamodb_types.h"

#include <fmt/format.h>

namespace tk::aws::dynamodb {
namespace {

// Decodes a choice-of-one shape (members `create`, `update`, `delete_name`
// of types C, U, D) into `action`.
template <typename C, typename U, typename D, typename Variant>
Status DecodeChoice(const nlohmann::json& json, const std::string& path, Variant* action) {
  ObjectDecoder object(json, path);
  if (!object.status().ok()) return object.status();
  const int present = (object.Has("Create") ? 1 : 0) + (object.Has("Update") ? 1 : 0) +
                      (object.Has("Delete") ? 1 : 0);
  if (present != 1) {
    return Status(Code::kInternal,
                  fmt::format("{}: expected exactly one of Create, Update and Delete, got {}",
                              path.empty() ? "the answer" : path, present));
  }
  if (object.Has("Create")) {
    C create;
    Status status = object.Field("Create", &create).status();
    if (status.ok()) *action = std::move(create);
    return status;
  }
  if (object.Has("Update")) {
    U update;
    Status status = object.Field("Update", &update).status();
    if (status.ok()) *action = std::move(update);
    return status;
  }
  D remove;
  Status status = object.Field("Delete", &remove).status();
  if (status.ok()) *action = std::move(remove);
  return status;
}

template <typename C, typename U, typename D>
nlohmann::json EncodeChoice(const std::variant<C, U, D>& action) {
  if (const C* create = std::get_if<C>(&action)) return {{"Create", ToJson(*create)}};
  if (const U* update = std::get_if<U>(&action)) return {{"Update", ToJson(*update)}};
  return {{"Delete", ToJson(std::get<D>(action))}};
}

}  // namespace

// ---- Keys, attributes, projections ----------------------------------------

nlohmann::json ToJson(const AttributeDefinition& value) {
  return ObjectEncoder()
      .Field("AttributeName", value.attribute_name)
      .Field("AttributeType", value.attribute_type)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, AttributeDefinition* out) {
  return ObjectDecoder(json, path)
      .Required("AttributeName", &out->attribute_name)
      .Required("AttributeType", &out->attribute_type)
      .status();
}

nlohmann::json ToJson(const KeySchemaElement& value) {
  return ObjectEncoder()
      .Field("AttributeName", value.attribute_name)
      .Field("KeyType", value.key_type)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, KeySchemaElement* out) {
  return ObjectDecoder(json, path)
      .Required("AttributeName", &out->attribute_name)
      .Required("KeyType", &out->key_type)
      .status();
}

nlohmann::json ToJson(const Projection& value) {
  return ObjectEncoder()
      .Field("ProjectionType", value.projection_type)
      .Field("NonKeyAttributes", value.non_key_attributes)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, Projection* out) {
  return ObjectDecoder(json, path)
      .Field("ProjectionType", &out->projection_type)
      .Field("NonKeyAttributes", &out->non_key_attributes)
      .status();
}

// ---- Capacity ------------------------------------------------------------

nlohmann::json ToJson(const ProvisionedThroughput& value) {
  return ObjectEncoder()
      .Field("ReadCapacityUnits", value.read_capacity_units)
      .Field("WriteCapacityUnits", value.write_capacity_units)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, ProvisionedThroughput* out) {
  return ObjectDecoder(json, path)
      .Required("ReadCapacityUnits", &out->read_capacity_units)
      .Required("WriteCapacityUnits", &out->write_capacity_units)
      .status();
}

nlohmann::json ToJson(const ProvisionedThroughputDescription& value) {
  return ObjectEncoder()
      .Field("LastIncreaseDateTime", value.last_increase_date_time)
      .Field("LastDecreaseDateTime", value.last_decrease_date_time)
      .Field("NumberOfDecreasesToday", value.number_of_decreases_today)
      .Field("ReadCapacityUnits", value.read_capacity_units)
      .Field("WriteCapacityUnits", value.write_capacity_units)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              ProvisionedThroughputDescription* out) {
  return ObjectDecoder(json, path)
      .Field("LastIncreaseDateTime", &out->last_increase_date_time)
      .Field("LastDecreaseDateTime", &out->last_decrease_date_time)
      .Field("NumberOfDecreasesToday", &out->number_of_decreases_today)
      .Field("ReadCapacityUnits", &out->read_capacity_units)
      .Field("WriteCapacityUnits", &out->write_capacity_units)
      .status();
}

nlohmann::json ToJson(const OnDemandThroughput& value) {
  return ObjectEncoder()
      .Field("MaxReadRequestUnits", value.max_read_request_units)
      .Field("MaxWriteRequestUnits", value.max_write_request_units)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, OnDemandThroughput* out) {
  return ObjectDecoder(json, path)
      .Field("MaxReadRequestUnits", &out->max_read_request_units)
      .Field("MaxWriteRequestUnits", &out->max_write_request_units)
      .status();
}

nlohmann::json ToJson(const WarmThroughput& value) {
  return ObjectEncoder()
      .Field("ReadUnitsPerSecond", value.read_units_per_second)
      .Field("WriteUnitsPerSecond", value.write_units_per_second)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, WarmThroughput* out) {
  return ObjectDecoder(json, path)
      .Field("ReadUnitsPerSecond", &out->read_units_per_second)
      .Field("WriteUnitsPerSecond", &out->write_units_per_second)
      .status();
}

nlohmann::json ToJson(const TableWarmThroughputDescription& value) {
  return ObjectEncoder()
      .Field("ReadUnitsPerSecond", value.read_units_per_second)
      .Field("WriteUnitsPerSecond", value.write_units_per_second)
      .Field("Status", value.status)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              TableWarmThroughputDescription* out) {
  return ObjectDecoder(json, path)
      .Field("ReadUnitsPerSecond", &out->read_units_per_second)
      .Field("WriteUnitsPerSecond", &out->write_units_per_second)
      .Field("Status", &out->status)
      .status();
}

nlohmann::json ToJson(const GlobalSecondaryIndexWarmThroughputDescription& value) {
  return ObjectEncoder()
      .Field("ReadUnitsPerSecond", value.read_units_per_second)
      .Field("WriteUnitsPerSecond", value.write_units_per_second)
      .Field("Status", value.status)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              GlobalSecondaryIndexWarmThroughputDescription* out) {
  return ObjectDecoder(json, path)
      .Field("ReadUnitsPerSecond", &out->read_units_per_second)
      .Field("WriteUnitsPerSecond", &out->write_units_per_second)
      .Field("Status", &out->status)
      .status();
}

nlohmann::json ToJson(const BillingModeSummary& value) {
  return ObjectEncoder()
      .Field("BillingMode", value.billing_mode)
      .Field("LastUpdateToPayPerRequestDateTime", value.last_update_to_pay_per_request_date_time)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, BillingModeSummary* out) {
  return ObjectDecoder(json, path)
      .Field("BillingMode", &out->billing_mode)
      .Field("LastUpdateToPayPerRequestDateTime", &out->last_update_to_pay_per_request_date_time)
      .status();
}

// ---- Secondary indexes ---------------------------------------------------

nlohmann::json ToJson(const GlobalSecondaryIndex& value) {
  return ObjectEncoder()
      .Field("IndexName", value.index_name)
      .RequiredList("KeySchema", value.key_schema)
      .Field("Projection", value.projection)
      .Field("ProvisionedThroughput", value.provisioned_throughput)
      .Field("OnDemandThroughput", value.on_demand_throughput)
      .Field("WarmThroughput", value.warm_throughput)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, GlobalSecondaryIndex* out) {
  return ObjectDecoder(json, path)
      .Required("IndexName", &out->index_name)
      .Required("KeySchema", &out->key_schema)
      .Required("Projection", &out->projection)
      .Field("ProvisionedThroughput", &out->provisioned_throughput)
      .Field("OnDemandThroughput", &out->on_demand_throughput)
      .Field("WarmThroughput", &out->warm_throughput)
      .status();
}

nlohmann::json ToJson(const GlobalSecondaryIndexDescription& value) {
  return ObjectEncoder()
      .Field("IndexName", value.index_name)
      .Field("KeySchema", value.key_schema)
      .Field("Projection", value.projection)
      .Field("IndexStatus", value.index_status)
      .Field("Backfilling", value.backfilling)
      .Field("ProvisionedThroughput", value.provisioned_throughput)
      .Field("IndexSizeBytes", value.index_size_bytes)
      .Field("ItemCount", value.item_count)
      .Field("IndexArn", value.index_arn)
      .Field("OnDemandThroughput", value.on_demand_throughput)
      .Field("WarmThroughput", value.warm_throughput)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              GlobalSecondaryIndexDescription* out) {
  return ObjectDecoder(json, path)
      .Field("IndexName", &out->index_name)
      .Field("KeySchema", &out->key_schema)
      .Field("Projection", &out->projection)
      .Field("IndexStatus", &out->index_status)
      .Field("Backfilling", &out->backfilling)
      .Field("ProvisionedThroughput", &out->provisioned_throughput)
      .Field("IndexSizeBytes", &out->index_size_bytes)
      .Field("ItemCount", &out->item_count)
      .Field("IndexArn", &out->index_arn)
      .Field("OnDemandThroughput", &out->on_demand_throughput)
      .Field("WarmThroughput", &out->warm_throughput)
      .status();
}

nlohmann::json ToJson(const CreateGlobalSecondaryIndexAction& value) {
  return ObjectEncoder()
      .Field("IndexName", value.index_name)
      .RequiredList("KeySchema", value.key_schema)
      .Field("Projection", value.projection)
      .Field("ProvisionedThroughput", value.provisioned_throughput)
      .Field("OnDemandThroughput", value.on_demand_throughput)
      .Field("WarmThroughput", value.warm_throughput)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              CreateGlobalSecondaryIndexAction* out) {
  return ObjectDecoder(json, path)
      .Required("IndexName", &out->index_name)
      .Required("KeySchema", &out->key_schema)
      .Required("Projection", &out->projection)
      .Field("ProvisionedThroughput", &out->provisioned_throughput)
      .Field("OnDemandThroughput", &out->on_demand_throughput)
      .Field("WarmThroughput", &out->warm_throughput)
      .status();
}

nlohmann::json ToJson(const UpdateGlobalSecondaryIndexAction& value) {
  return ObjectEncoder()
      .Field("IndexName", value.index_name)
      .Field("ProvisionedThroughput", value.provisioned_throughput)
      .Field("OnDemandThroughput", value.on_demand_throughput)
      .Field("WarmThroughput", value.warm_throughput)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              UpdateGlobalSecondaryIndexAction* out) {
  return ObjectDecoder(json, path)
      .Required("IndexName", &out->index_name)
      .Field("ProvisionedThroughput", &out->provisioned_throughput)
      .Field("OnDemandThroughput", &out->on_demand_throughput)
      .Field("WarmThroughput", &out->warm_throughput)
      .status();
}

nlohmann::json ToJson(const DeleteGlobalSecondaryIndexAction& value) {
  return ObjectEncoder().Field("IndexName", value.index_name).Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              DeleteGlobalSecondaryIndexAction* out) {
  return ObjectDecoder(json, path).Required("IndexName", &out->index_name).status();
}

nlohmann::json ToJson(const GlobalSecondaryIndexUpdate& value) {
  return EncodeChoice(value.action);
}
Status Decode(const nlohmann::json& json, const std::string& path,
              GlobalSecondaryIndexUpdate* out) {
  return DecodeChoice<CreateGlobalSecondaryIndexAction, UpdateGlobalSecondaryIndexAction,
                      DeleteGlobalSecondaryIndexAction>(json, path, &out->action);
}

nlohmann::json ToJson(const LocalSecondaryIndex& value) {
  return ObjectEncoder()
      .Field("IndexName", value.index_name)
      .RequiredList("KeySchema", value.key_schema)
      .Field("Projection", value.projection)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, LocalSecondaryIndex* out) {
  return ObjectDecoder(json, path)
      .Required("IndexName", &out->index_name)
      .Required("KeySchema", &out->key_schema)
      .Required("Projection", &out->projection)
      .status();
}

nlohmann::json ToJson(const LocalSecondaryIndexDescription& value) {
  return ObjectEncoder()
      .Field("IndexName", value.index_name)
      .Field("KeySchema", value.key_schema)
      .Field("Projection", value.projection)
      .Field("IndexSizeBytes", value.index_size_bytes)
      .Field("ItemCount", value.item_count)
      .Field("IndexArn", value.index_arn)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              LocalSecondaryIndexDescription* out) {
  return ObjectDecoder(json, path)
      .Field("IndexName", &out->index_name)
      .Field("KeySchema", &out->key_schema)
      .Field("Projection", &out->projection)
      .Field("IndexSizeBytes", &out->index_size_bytes)
      .Field("ItemCount", &out->item_count)
      .Field("IndexArn", &out->index_arn)
      .status();
}

// ---- Streams, encryption, table class ------------------------------------

nlohmann::json ToJson(const StreamSpecification& value) {
  return ObjectEncoder()
      .Field("StreamEnabled", value.stream_enabled)
      .Field("StreamViewType", value.stream_view_type)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, StreamSpecification* out) {
  return ObjectDecoder(json, path)
      .Required("StreamEnabled", &out->stream_enabled)
      .Field("StreamViewType", &out->stream_view_type)
      .status();
}

nlohmann::json ToJson(const SSESpecification& value) {
  return ObjectEncoder()
      .Field("Enabled", value.enabled)
      .Field("SSEType", value.sse_type)
      .Field("KMSMasterKeyId", value.kms_master_key_id)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, SSESpecification* out) {
  return ObjectDecoder(json, path)
      .Field("Enabled", &out->enabled)
      .Field("SSEType", &out->sse_type)
      .Field("KMSMasterKeyId", &out->kms_master_key_id)
      .status();
}

nlohmann::json ToJson(const SSEDescription& value) {
  return ObjectEncoder()
      .Field("Status", value.status)
      .Field("SSEType", value.sse_type)
      .Field("KMSMasterKeyArn", value.kms_master_key_arn)
      .Field("InaccessibleEncryptionDateTime", value.inaccessible_encryption_date_time)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, SSEDescription* out) {
  return ObjectDecoder(json, path)
      .Field("Status", &out->status)
      .Field("SSEType", &out->sse_type)
      .Field("KMSMasterKeyArn", &out->kms_master_key_arn)
      .Field("InaccessibleEncryptionDateTime", &out->inaccessible_encryption_date_time)
      .status();
}

nlohmann::json ToJson(const TableClassSummary& value) {
  return ObjectEncoder()
      .Field("TableClass", value.table_class)
      .Field("LastUpdateDateTime", value.last_update_date_time)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, TableClassSummary* out) {
  return ObjectDecoder(json, path)
      .Field("TableClass", &out->table_class)
      .Field("LastUpdateDateTime", &out->last_update_date_time)
      .status();
}

// ---- Tags, TTL, backups ---------------------------------------------------

nlohmann::json ToJson(const Tag& value) {
  return ObjectEncoder().Field("Key", value.key).Field("Value", value.value).Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, Tag* out) {
  return ObjectDecoder(json, path)
      .Required("Key", &out->key)
      .Required("Value", &out->value)
      .status();
}

nlohmann::json ToJson(const TimeToLiveSpecification& value) {
  return ObjectEncoder()
      .Field("Enabled", value.enabled)
      .Field("AttributeName", value.attribute_name)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, TimeToLiveSpecification* out) {
  return ObjectDecoder(json, path)
      .Required("Enabled", &out->enabled)
      .Required("AttributeName", &out->attribute_name)
      .status();
}

nlohmann::json ToJson(const TimeToLiveDescription& value) {
  return ObjectEncoder()
      .Field("TimeToLiveStatus", value.time_to_live_status)
      .Field("AttributeName", value.attribute_name)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, TimeToLiveDescription* out) {
  return ObjectDecoder(json, path)
      .Field("TimeToLiveStatus", &out->time_to_live_status)
      .Field("AttributeName", &out->attribute_name)
      .status();
}

nlohmann::json ToJson(const PointInTimeRecoverySpecification& value) {
  return ObjectEncoder()
      .Field("PointInTimeRecoveryEnabled", value.point_in_time_recovery_enabled)
      .Field("RecoveryPeriodInDays", value.recovery_period_in_days)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              PointInTimeRecoverySpecification* out) {
  return ObjectDecoder(json, path)
      .Required("PointInTimeRecoveryEnabled", &out->point_in_time_recovery_enabled)
      .Field("RecoveryPeriodInDays", &out->recovery_period_in_days)
      .status();
}

nlohmann::json ToJson(const PointInTimeRecoveryDescription& value) {
  return ObjectEncoder()
      .Field("PointInTimeRecoveryStatus", value.point_in_time_recovery_status)
      .Field("RecoveryPeriodInDays", value.recovery_period_in_days)
      .Field("EarliestRestorableDateTime", value.earliest_restorable_date_time)
      .Field("LatestRestorableDateTime", value.latest_restorable_date_time)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              PointInTimeRecoveryDescription* out) {
  return ObjectDecoder(json, path)
      .Field("PointInTimeRecoveryStatus", &out->point_in_time_recovery_status)
      .Field("RecoveryPeriodInDays", &out->recovery_period_in_days)
      .Field("EarliestRestorableDateTime", &out->earliest_restorable_date_time)
      .Field("LatestRestorableDateTime", &out->latest_restorable_date_time)
      .status();
}

nlohmann::json ToJson(const ContinuousBackupsDescription& value) {
  return ObjectEncoder()
      .Field("ContinuousBackupsStatus", value.continuous_backups_status)
      .Field("PointInTimeRecoveryDescription", value.point_in_time_recovery_description)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              ContinuousBackupsDescription* out) {
  return ObjectDecoder(json, path)
      .Required("ContinuousBackupsStatus", &out->continuous_backups_status)
      .Field("PointInTimeRecoveryDescription", &out->point_in_time_recovery_description)
      .status();
}

nlohmann::json ToJson(const FailureException& value) {
  return ObjectEncoder()
      .Field("ExceptionName", value.exception_name)
      .Field("ExceptionDescription", value.exception_description)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, FailureException* out) {
  return ObjectDecoder(json, path)
      .Field("ExceptionName", &out->exception_name)
      .Field("ExceptionDescription", &out->exception_description)
      .status();
}

// ---- Replicas -------------------------------------------------------------

nlohmann::json ToJson(const ProvisionedThroughputOverride& value) {
  return ObjectEncoder().Field("ReadCapacityUnits", value.read_capacity_units).Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              ProvisionedThroughputOverride* out) {
  return ObjectDecoder(json, path).Field("ReadCapacityUnits", &out->read_capacity_units).status();
}

nlohmann::json ToJson(const OnDemandThroughputOverride& value) {
  return ObjectEncoder().Field("MaxReadRequestUnits", value.max_read_request_units).Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              OnDemandThroughputOverride* out) {
  return ObjectDecoder(json, path)
      .Field("MaxReadRequestUnits", &out->max_read_request_units)
      .status();
}

nlohmann::json ToJson(const ReplicaGlobalSecondaryIndex& value) {
  return ObjectEncoder()
      .Field("IndexName", value.index_name)
      .Field("ProvisionedThroughputOverride", value.provisioned_throughput_override)
      .Field("OnDemandThroughputOverride", value.on_demand_throughput_override)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              ReplicaGlobalSecondaryIndex* out) {
  return ObjectDecoder(json, path)
      .Required("IndexName", &out->index_name)
      .Field("ProvisionedThroughputOverride", &out->provisioned_throughput_override)
      .Field("OnDemandThroughputOverride", &out->on_demand_throughput_override)
      .status();
}

nlohmann::json ToJson(const ReplicaGlobalSecondaryIndexDescription& value) {
  return ObjectEncoder()
      .Field("IndexName", value.index_name)
      .Field("ProvisionedThroughputOverride", value.provisioned_throughput_override)
      .Field("OnDemandThroughputOverride", value.on_demand_throughput_override)
      .Field("WarmThroughput", value.warm_throughput)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              ReplicaGlobalSecondaryIndexDescription* out) {
  return ObjectDecoder(json, path)
      .Field("IndexName", &out->index_name)
      .Field("ProvisionedThroughputOverride", &out->provisioned_throughput_override)
      .Field("OnDemandThroughputOverride", &out->on_demand_throughput_override)
      .Field("WarmThroughput", &out->warm_throughput)
      .status();
}

nlohmann::json ToJson(const ReplicaDescription& value) {
  return ObjectEncoder()
      .Field("RegionName", value.region_name)
      .Field("ReplicaStatus", value.replica_status)
      .Field("ReplicaArn", value.replica_arn)
      .Field("ReplicaStatusDescription", value.replica_status_description)
      .Field("ReplicaStatusPercentProgress", value.replica_status_percent_progress)
      .Field("KMSMasterKeyId", value.kms_master_key_id)
      .Field("ProvisionedThroughputOverride", value.provisioned_throughput_override)
      .Field("OnDemandThroughputOverride", value.on_demand_throughput_override)
      .Field("WarmThroughput", value.warm_throughput)
      .Field("GlobalSecondaryIndexes", value.global_secondary_indexes)
      .Field("ReplicaInaccessibleDateTime", value.replica_inaccessible_date_time)
      .Field("ReplicaTableClassSummary", value.replica_table_class_summary)
      .Field("GlobalTableSettingsReplicationMode", value.global_table_settings_replication_mode)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, ReplicaDescription* out) {
  return ObjectDecoder(json, path)
      .Field("RegionName", &out->region_name)
      .Field("ReplicaStatus", &out->replica_status)
      .Field("ReplicaArn", &out->replica_arn)
      .Field("ReplicaStatusDescription", &out->replica_status_description)
      .Field("ReplicaStatusPercentProgress", &out->replica_status_percent_progress)
      .Field("KMSMasterKeyId", &out->kms_master_key_id)
      .Field("ProvisionedThroughputOverride", &out->provisioned_throughput_override)
      .Field("OnDemandThroughputOverride", &out->on_demand_throughput_override)
      .Field("WarmThroughput", &out->warm_throughput)
      .Field("GlobalSecondaryIndexes", &out->global_secondary_indexes)
      .Field("ReplicaInaccessibleDateTime", &out->replica_inaccessible_date_time)
      .Field("ReplicaTableClassSummary", &out->replica_table_class_summary)
      .Field("GlobalTableSettingsReplicationMode", &out->global_table_settings_replication_mode)
      .status();
}

namespace {

// CreateReplicationGroupMemberAction and UpdateReplicationGroupMemberAction
// share their members.
template <typename Action>
nlohmann::json EncodeReplicaAction(const Action& value) {
  return ObjectEncoder()
      .Field("RegionName", value.region_name)
      .Field("KMSMasterKeyId", value.kms_master_key_id)
      .Field("ProvisionedThroughputOverride", value.provisioned_throughput_override)
      .Field("OnDemandThroughputOverride", value.on_demand_throughput_override)
      .Field("GlobalSecondaryIndexes", value.global_secondary_indexes)
      .Field("TableClassOverride", value.table_class_override)
      .Build();
}

template <typename Action>
Status DecodeReplicaAction(const nlohmann::json& json, const std::string& path, Action* out) {
  return ObjectDecoder(json, path)
      .Required("RegionName", &out->region_name)
      .Field("KMSMasterKeyId", &out->kms_master_key_id)
      .Field("ProvisionedThroughputOverride", &out->provisioned_throughput_override)
      .Field("OnDemandThroughputOverride", &out->on_demand_throughput_override)
      .Field("GlobalSecondaryIndexes", &out->global_secondary_indexes)
      .Field("TableClassOverride", &out->table_class_override)
      .status();
}

}  // namespace

nlohmann::json ToJson(const CreateReplicationGroupMemberAction& value) {
  return EncodeReplicaAction(value);
}
Status Decode(const nlohmann::json& json, const std::string& path,
              CreateReplicationGroupMemberAction* out) {
  return DecodeReplicaAction(json, path, out);
}

nlohmann::json ToJson(const UpdateReplicationGroupMemberAction& value) {
  return EncodeReplicaAction(value);
}
Status Decode(const nlohmann::json& json, const std::string& path,
              UpdateReplicationGroupMemberAction* out) {
  return DecodeReplicaAction(json, path, out);
}

nlohmann::json ToJson(const DeleteReplicationGroupMemberAction& value) {
  return ObjectEncoder().Field("RegionName", value.region_name).Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              DeleteReplicationGroupMemberAction* out) {
  return ObjectDecoder(json, path).Required("RegionName", &out->region_name).status();
}

nlohmann::json ToJson(const ReplicationGroupUpdate& value) { return EncodeChoice(value.action); }
Status Decode(const nlohmann::json& json, const std::string& path, ReplicationGroupUpdate* out) {
  return DecodeChoice<CreateReplicationGroupMemberAction, UpdateReplicationGroupMemberAction,
                      DeleteReplicationGroupMemberAction>(json, path, &out->action);
}

nlohmann::json ToJson(const GlobalTableWitnessDescription& value) {
  return ObjectEncoder()
      .Field("RegionName", value.region_name)
      .Field("WitnessStatus", value.witness_status)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path,
              GlobalTableWitnessDescription* out) {
  return ObjectDecoder(json, path)
      .Field("RegionName", &out->region_name)
      .Field("WitnessStatus", &out->witness_status)
      .status();
}

// ---- The table -----------------------------------------------------------

nlohmann::json ToJson(const RestoreSummary& value) {
  return ObjectEncoder()
      .Field("SourceBackupArn", value.source_backup_arn)
      .Field("SourceTableArn", value.source_table_arn)
      .Field("RestoreDateTime", value.restore_date_time)
      .Field("RestoreInProgress", value.restore_in_progress)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, RestoreSummary* out) {
  return ObjectDecoder(json, path)
      .Field("SourceBackupArn", &out->source_backup_arn)
      .Field("SourceTableArn", &out->source_table_arn)
      .Required("RestoreDateTime", &out->restore_date_time)
      .Required("RestoreInProgress", &out->restore_in_progress)
      .status();
}

nlohmann::json ToJson(const ArchivalSummary& value) {
  return ObjectEncoder()
      .Field("ArchivalDateTime", value.archival_date_time)
      .Field("ArchivalReason", value.archival_reason)
      .Field("ArchivalBackupArn", value.archival_backup_arn)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, ArchivalSummary* out) {
  return ObjectDecoder(json, path)
      .Field("ArchivalDateTime", &out->archival_date_time)
      .Field("ArchivalReason", &out->archival_reason)
      .Field("ArchivalBackupArn", &out->archival_backup_arn)
      .status();
}

nlohmann::json ToJson(const TableDescription& value) {
  return ObjectEncoder()
      .Field("AttributeDefinitions", value.attribute_definitions)
      .Field("TableName", value.table_name)
      .Field("KeySchema", value.key_schema)
      .Field("TableStatus", value.table_status)
      .Field("CreationDateTime", value.creation_date_time)
      .Field("ProvisionedThroughput", value.provisioned_throughput)
      .Field("TableSizeBytes", value.table_size_bytes)
      .Field("ItemCount", value.item_count)
      .Field("TableArn", value.table_arn)
      .Field("TableId", value.table_id)
      .Field("BillingModeSummary", value.billing_mode_summary)
      .Field("LocalSecondaryIndexes", value.local_secondary_indexes)
      .Field("GlobalSecondaryIndexes", value.global_secondary_indexes)
      .Field("StreamSpecification", value.stream_specification)
      .Field("LatestStreamLabel", value.latest_stream_label)
      .Field("LatestStreamArn", value.latest_stream_arn)
      .Field("GlobalTableVersion", value.global_table_version)
      .Field("Replicas", value.replicas)
      .Field("GlobalTableWitnesses", value.global_table_witnesses)
      .Field("GlobalTableSettingsReplicationMode", value.global_table_settings_replication_mode)
      .Field("RestoreSummary", value.restore_summary)
      .Field("SSEDescription", value.sse_description)
      .Field("ArchivalSummary", value.archival_summary)
      .Field("TableClassSummary", value.table_class_summary)
      .Field("DeletionProtectionEnabled", value.deletion_protection_enabled)
      .Field("OnDemandThroughput", value.on_demand_throughput)
      .Field("WarmThroughput", value.warm_throughput)
      .Field("MultiRegionConsistency", value.multi_region_consistency)
      .Build();
}
Status Decode(const nlohmann::json& json, const std::string& path, TableDescription* out) {
  return ObjectDecoder(json, path)
      .Field("AttributeDefinitions", &out->attribute_definitions)
      .Field("TableName", &out->table_name)
      .Field("KeySchema", &out->key_schema)
      .Field("TableStatus", &out->table_status)
      .Field("CreationDateTime", &out->creation_date_time)
      .Field("ProvisionedThroughput", &out->provisioned_throughput)
      .Field("TableSizeBytes", &out->table_size_bytes)
      .Field("ItemCount", &out->item_count)
      .Field("TableArn", &out->table_arn)
      .Field("TableId", &out->table_id)
      .Field("BillingModeSummary", &out->billing_mode_summary)
      .Field("LocalSecondaryIndexes", &out->local_secondary_indexes)
      .Field("GlobalSecondaryIndexes", &out->global_secondary_indexes)
      .Field("StreamSpecification", &out->stream_specification)
      .Field("LatestStreamLabel", &out->latest_stream_label)
      .Field("LatestStreamArn", &out->latest_stream_arn)
      .Field("GlobalTableVersion", &out->global_table_version)
      .Field("Replicas", &out->replicas)
      .Field("GlobalTableWitnesses", &out->global_table_witnesses)
      .Field("GlobalTableSettingsReplicationMode", &out->global_table_settings_replication_mode)
      .Field("RestoreSummary", &out->restore_summary)
      .Field("SSEDescription", &out->sse_description)
      .Field("ArchivalSummary", &out->archival_summary)
      .Field("TableClassSummary", &out->table_class_summary)
      .Field("DeletionProtectionEnabled", &out->deletion_protection_enabled)
      .Field("OnDemandThroughput", &out->on_demand_throughput)
      .Field("WarmThroughput", &out->warm_throughput)
      .Field("MultiRegionConsistency", &out->multi_region_consistency)
      .status();
}

}  // namespace tk::aws::dynamodb
