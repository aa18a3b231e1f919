// The DynamoDB shapes tablekeeper reads and writes, as C++ structs, from the
// model ../shared/reference/aws-api-models/dynamodb/service-2.json.
//
// Naming: a struct is named as its shape, a member as the shape's member in
// snake_case (KMSMasterKeyArn -> kms_master_key_arn); the JSON names are the
// model's exactly. Types:
//   string, enum      std::string (enums in AWS's spelling: "ACTIVE", "KMS")
//   long / integer    std::int64_t / int
//   boolean           bool
//   timestamp         double, epoch seconds as DynamoDB answers them
//   list              std::vector
//   structure         the struct of that shape
// A member the model marks required is a plain value; any other member is a
// std::optional, except lists, where absent and empty mean the same (AWS
// omits lists that moto sends empty) and an empty list is not written.
// Shapes whose members are a choice of one (GlobalSecondaryIndexUpdate,
// ReplicationGroupUpdate) hold a std::variant.
//
// Every struct has ToJson (encode: unset optionals and empty optional lists
// omitted) and Decode (unknown members ignored; a missing required member or
// a wrong JSON type is kInternal naming the member's path), per
// dynamodb_json.h, plus FromJson<T> for a whole document. Structs compare
// with == member by member, which is a structural comparison, not the
// by-meaning comparison of DESIGN.md section 3 (that belongs to the planner).
//
// Left out on purpose (decoding ignores them): vector indexes
// (TableDescription.VectorIndexes and their inputs) and UpdateTable's
// GlobalTableWitnessUpdates. dynamodb_model_test.cc checks every other
// member of the shapes here against the model, name and type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/dynamodb_json.h"
#include "util/status.h"

namespace tk::aws::dynamodb {

// Enum values the controller compares against, in AWS's spelling.
namespace table_status {
inline constexpr std::string_view kCreating = "CREATING";
inline constexpr std::string_view kUpdating = "UPDATING";
inline constexpr std::string_view kDeleting = "DELETING";
inline constexpr std::string_view kActive = "ACTIVE";
inline constexpr std::string_view kInaccessibleEncryptionCredentials =
    "INACCESSIBLE_ENCRYPTION_CREDENTIALS";
inline constexpr std::string_view kArchiving = "ARCHIVING";
inline constexpr std::string_view kArchived = "ARCHIVED";
}  // namespace table_status
namespace index_status {
inline constexpr std::string_view kCreating = "CREATING";
inline constexpr std::string_view kUpdating = "UPDATING";
inline constexpr std::string_view kDeleting = "DELETING";
inline constexpr std::string_view kActive = "ACTIVE";
}  // namespace index_status
namespace billing_mode {
inline constexpr std::string_view kProvisioned = "PROVISIONED";
inline constexpr std::string_view kPayPerRequest = "PAY_PER_REQUEST";
}  // namespace billing_mode
namespace sse_type {
inline constexpr std::string_view kKms = "KMS";
inline constexpr std::string_view kAes256 = "AES256";
}  // namespace sse_type
namespace sse_status {
inline constexpr std::string_view kEnabling = "ENABLING";
inline constexpr std::string_view kEnabled = "ENABLED";
inline constexpr std::string_view kDisabling = "DISABLING";
inline constexpr std::string_view kDisabled = "DISABLED";
inline constexpr std::string_view kUpdating = "UPDATING";
}  // namespace sse_status

// ---- Keys, attributes, projections ----------------------------------------

struct AttributeDefinition {
  std::string attribute_name;  // AttributeName
  std::string attribute_type;  // AttributeType: S | N | B
  bool operator==(const AttributeDefinition&) const = default;
};

struct KeySchemaElement {
  std::string attribute_name;  // AttributeName
  std::string key_type;        // KeyType: HASH | RANGE
  bool operator==(const KeySchemaElement&) const = default;
};

struct Projection {
  std::optional<std::string> projection_type;  // ProjectionType: ALL | KEYS_ONLY | INCLUDE
  std::vector<std::string> non_key_attributes;  // NonKeyAttributes
  bool operator==(const Projection&) const = default;
};

// ---- Capacity ------------------------------------------------------------

struct ProvisionedThroughput {
  std::int64_t read_capacity_units = 0;   // ReadCapacityUnits
  std::int64_t write_capacity_units = 0;  // WriteCapacityUnits
  bool operator==(const ProvisionedThroughput&) const = default;
};

struct ProvisionedThroughputDescription {
  std::optional<double> last_increase_date_time;           // LastIncreaseDateTime
  std::optional<double> last_decrease_date_time;           // LastDecreaseDateTime
  std::optional<std::int64_t> number_of_decreases_today;   // NumberOfDecreasesToday
  std::optional<std::int64_t> read_capacity_units;         // ReadCapacityUnits
  std::optional<std::int64_t> write_capacity_units;        // WriteCapacityUnits
  bool operator==(const ProvisionedThroughputDescription&) const = default;
};

struct OnDemandThroughput {
  std::optional<std::int64_t> max_read_request_units;   // MaxReadRequestUnits
  std::optional<std::int64_t> max_write_request_units;  // MaxWriteRequestUnits
  bool operator==(const OnDemandThroughput&) const = default;
};

struct WarmThroughput {
  std::optional<std::int64_t> read_units_per_second;   // ReadUnitsPerSecond
  std::optional<std::int64_t> write_units_per_second;  // WriteUnitsPerSecond
  bool operator==(const WarmThroughput&) const = default;
};

struct TableWarmThroughputDescription {
  std::optional<std::int64_t> read_units_per_second;   // ReadUnitsPerSecond
  std::optional<std::int64_t> write_units_per_second;  // WriteUnitsPerSecond
  std::optional<std::string> status;                   // Status: a TableStatus
  bool operator==(const TableWarmThroughputDescription&) const = default;
};

struct GlobalSecondaryIndexWarmThroughputDescription {
  std::optional<std::int64_t> read_units_per_second;   // ReadUnitsPerSecond
  std::optional<std::int64_t> write_units_per_second;  // WriteUnitsPerSecond
  std::optional<std::string> status;                   // Status: an IndexStatus
  bool operator==(const GlobalSecondaryIndexWarmThroughputDescription&) const = default;
};

struct BillingModeSummary {
  std::optional<std::string> billing_mode;                       // BillingMode
  // LastUpdateToPayPerRequestDateTime
  std::optional<double> last_update_to_pay_per_request_date_time;
  bool operator==(const BillingModeSummary&) const = default;
};

// ---- Secondary indexes ---------------------------------------------------

struct GlobalSecondaryIndex {
  std::string index_name;                               // IndexName
  std::vector<KeySchemaElement> key_schema;             // KeySchema (required)
  Projection projection;                                // Projection
  std::optional<ProvisionedThroughput> provisioned_throughput;  // ProvisionedThroughput
  std::optional<OnDemandThroughput> on_demand_throughput;       // OnDemandThroughput
  std::optional<WarmThroughput> warm_throughput;                // WarmThroughput
  bool operator==(const GlobalSecondaryIndex&) const = default;
};

struct GlobalSecondaryIndexDescription {
  std::optional<std::string> index_name;    // IndexName
  std::vector<KeySchemaElement> key_schema;  // KeySchema
  std::optional<Projection> projection;      // Projection
  std::optional<std::string> index_status;   // IndexStatus: CREATING | UPDATING | DELETING | ACTIVE
  std::optional<bool> backfilling;           // Backfilling
  std::optional<ProvisionedThroughputDescription> provisioned_throughput;  // ProvisionedThroughput
  std::optional<std::int64_t> index_size_bytes;  // IndexSizeBytes
  std::optional<std::int64_t> item_count;        // ItemCount
  std::optional<std::string> index_arn;          // IndexArn
  std::optional<OnDemandThroughput> on_demand_throughput;  // OnDemandThroughput
  std::optional<GlobalSecondaryIndexWarmThroughputDescription> warm_throughput;  // WarmThroughput
  bool operator==(const GlobalSecondaryIndexDescription&) const = default;
};

// UpdateTable's GlobalSecondaryIndexUpdates: one action per element.
struct CreateGlobalSecondaryIndexAction {
  std::string index_name;                    // IndexName
  std::vector<KeySchemaElement> key_schema;  // KeySchema (required)
  Projection projection;                     // Projection
  std::optional<ProvisionedThroughput> provisioned_throughput;  // ProvisionedThroughput
  std::optional<OnDemandThroughput> on_demand_throughput;       // OnDemandThroughput
  std::optional<WarmThroughput> warm_throughput;                // WarmThroughput
  bool operator==(const CreateGlobalSecondaryIndexAction&) const = default;
};

struct UpdateGlobalSecondaryIndexAction {
  std::string index_name;                                       // IndexName
  std::optional<ProvisionedThroughput> provisioned_throughput;  // ProvisionedThroughput
  std::optional<OnDemandThroughput> on_demand_throughput;       // OnDemandThroughput
  std::optional<WarmThroughput> warm_throughput;                // WarmThroughput
  bool operator==(const UpdateGlobalSecondaryIndexAction&) const = default;
};

struct DeleteGlobalSecondaryIndexAction {
  std::string index_name;  // IndexName
  bool operator==(const DeleteGlobalSecondaryIndexAction&) const = default;
};

// The shape has three optional members, Create, Update and Delete, of which
// AWS accepts exactly one; the variant holds that one. Decoding an element
// with none or several is kInternal.
struct GlobalSecondaryIndexUpdate {
  std::variant<CreateGlobalSecondaryIndexAction, UpdateGlobalSecondaryIndexAction,
               DeleteGlobalSecondaryIndexAction>
      action;
  bool operator==(const GlobalSecondaryIndexUpdate&) const = default;
};

struct LocalSecondaryIndex {
  std::string index_name;                    // IndexName
  std::vector<KeySchemaElement> key_schema;  // KeySchema (required)
  Projection projection;                     // Projection
  bool operator==(const LocalSecondaryIndex&) const = default;
};

struct LocalSecondaryIndexDescription {
  std::optional<std::string> index_name;         // IndexName
  std::vector<KeySchemaElement> key_schema;       // KeySchema
  std::optional<Projection> projection;           // Projection
  std::optional<std::int64_t> index_size_bytes;  // IndexSizeBytes
  std::optional<std::int64_t> item_count;        // ItemCount
  std::optional<std::string> index_arn;          // IndexArn
  bool operator==(const LocalSecondaryIndexDescription&) const = default;
};

// ---- Streams, encryption, table class ------------------------------------

struct StreamSpecification {
  bool stream_enabled = false;                  // StreamEnabled
  std::optional<std::string> stream_view_type;  // StreamViewType
  bool operator==(const StreamSpecification&) const = default;
};

struct SSESpecification {
  std::optional<bool> enabled;                   // Enabled
  std::optional<std::string> sse_type;           // SSEType: KMS (AES256 is refused)
  // KMSMasterKeyId: key id, key ARN, alias name or alias ARN.
  std::optional<std::string> kms_master_key_id;
  bool operator==(const SSESpecification&) const = default;
};

struct SSEDescription {
  std::optional<std::string> status;                         // Status
  std::optional<std::string> sse_type;                       // SSEType
  std::optional<std::string> kms_master_key_arn;             // KMSMasterKeyArn: always a key ARN
  std::optional<double> inaccessible_encryption_date_time;  // InaccessibleEncryptionDateTime
  bool operator==(const SSEDescription&) const = default;
};

struct TableClassSummary {
  std::optional<std::string> table_class;       // TableClass: STANDARD | STANDARD_INFREQUENT_ACCESS
  std::optional<double> last_update_date_time;  // LastUpdateDateTime
  bool operator==(const TableClassSummary&) const = default;
};

// ---- Tags, TTL, backups ---------------------------------------------------

struct Tag {
  std::string key;    // Key
  std::string value;  // Value
  bool operator==(const Tag&) const = default;
};

struct TimeToLiveSpecification {
  bool enabled = false;        // Enabled
  std::string attribute_name;  // AttributeName
  bool operator==(const TimeToLiveSpecification&) const = default;
};

struct TimeToLiveDescription {
  // TimeToLiveStatus: ENABLING | DISABLING | ENABLED | DISABLED
  std::optional<std::string> time_to_live_status;
  std::optional<std::string> attribute_name;       // AttributeName
  bool operator==(const TimeToLiveDescription&) const = default;
};

struct PointInTimeRecoverySpecification {
  bool point_in_time_recovery_enabled = false;     // PointInTimeRecoveryEnabled
  std::optional<int> recovery_period_in_days;      // RecoveryPeriodInDays: 1..35
  bool operator==(const PointInTimeRecoverySpecification&) const = default;
};

struct PointInTimeRecoveryDescription {
  std::optional<std::string> point_in_time_recovery_status;  // PointInTimeRecoveryStatus
  std::optional<int> recovery_period_in_days;                // RecoveryPeriodInDays
  std::optional<double> earliest_restorable_date_time;       // EarliestRestorableDateTime
  std::optional<double> latest_restorable_date_time;         // LatestRestorableDateTime
  bool operator==(const PointInTimeRecoveryDescription&) const = default;
};

struct ContinuousBackupsDescription {
  std::string continuous_backups_status;  // ContinuousBackupsStatus: ENABLED | DISABLED
  std::optional<PointInTimeRecoveryDescription> point_in_time_recovery_description;
  bool operator==(const ContinuousBackupsDescription&) const = default;
};

// DescribeContributorInsights' FailureException.
struct FailureException {
  std::optional<std::string> exception_name;         // ExceptionName
  std::optional<std::string> exception_description;  // ExceptionDescription
  bool operator==(const FailureException&) const = default;
};

// ---- Replicas (global tables version 2019.11.21) --------------------------

struct ProvisionedThroughputOverride {
  std::optional<std::int64_t> read_capacity_units;  // ReadCapacityUnits
  bool operator==(const ProvisionedThroughputOverride&) const = default;
};

struct OnDemandThroughputOverride {
  std::optional<std::int64_t> max_read_request_units;  // MaxReadRequestUnits
  bool operator==(const OnDemandThroughputOverride&) const = default;
};

struct ReplicaGlobalSecondaryIndex {
  std::string index_name;  // IndexName
  std::optional<ProvisionedThroughputOverride> provisioned_throughput_override;
  std::optional<OnDemandThroughputOverride> on_demand_throughput_override;
  bool operator==(const ReplicaGlobalSecondaryIndex&) const = default;
};

struct ReplicaGlobalSecondaryIndexDescription {
  std::optional<std::string> index_name;  // IndexName
  std::optional<ProvisionedThroughputOverride> provisioned_throughput_override;
  std::optional<OnDemandThroughputOverride> on_demand_throughput_override;
  std::optional<GlobalSecondaryIndexWarmThroughputDescription> warm_throughput;  // WarmThroughput
  bool operator==(const ReplicaGlobalSecondaryIndexDescription&) const = default;
};

struct ReplicaDescription {
  std::optional<std::string> region_name;                      // RegionName
  std::optional<std::string> replica_status;                   // ReplicaStatus
  std::optional<std::string> replica_arn;                      // ReplicaArn
  std::optional<std::string> replica_status_description;       // ReplicaStatusDescription
  std::optional<std::string> replica_status_percent_progress;  // ReplicaStatusPercentProgress
  std::optional<std::string> kms_master_key_id;                // KMSMasterKeyId
  std::optional<ProvisionedThroughputOverride> provisioned_throughput_override;
  std::optional<OnDemandThroughputOverride> on_demand_throughput_override;
  std::optional<TableWarmThroughputDescription> warm_throughput;  // WarmThroughput
  std::vector<ReplicaGlobalSecondaryIndexDescription> global_secondary_indexes;
  std::optional<double> replica_inaccessible_date_time;        // ReplicaInaccessibleDateTime
  std::optional<TableClassSummary> replica_table_class_summary;  // ReplicaTableClassSummary
  std::optional<std::string> global_table_settings_replication_mode;
  bool operator==(const ReplicaDescription&) const = default;
};

// UpdateTable's ReplicaUpdates: one action per element.
struct CreateReplicationGroupMemberAction {
  std::string region_name;                       // RegionName
  std::optional<std::string> kms_master_key_id;  // KMSMasterKeyId
  std::optional<ProvisionedThroughputOverride> provisioned_throughput_override;
  std::optional<OnDemandThroughputOverride> on_demand_throughput_override;
  std::vector<ReplicaGlobalSecondaryIndex> global_secondary_indexes;  // GlobalSecondaryIndexes
  std::optional<std::string> table_class_override;                    // TableClassOverride
  bool operator==(const CreateReplicationGroupMemberAction&) const = default;
};

// The same members as the create action.
struct UpdateReplicationGroupMemberAction {
  std::string region_name;
  std::optional<std::string> kms_master_key_id;
  std::optional<ProvisionedThroughputOverride> provisioned_throughput_override;
  std::optional<OnDemandThroughputOverride> on_demand_throughput_override;
  std::vector<ReplicaGlobalSecondaryIndex> global_secondary_indexes;
  std::optional<std::string> table_class_override;
  bool operator==(const UpdateReplicationGroupMemberAction&) const = default;
};

struct DeleteReplicationGroupMemberAction {
  std::string region_name;  // RegionName
  bool operator==(const DeleteReplicationGroupMemberAction&) const = default;
};

// Create, Update or Delete: exactly one, as GlobalSecondaryIndexUpdate.
struct ReplicationGroupUpdate {
  std::variant<CreateReplicationGroupMemberAction, UpdateReplicationGroupMemberAction,
               DeleteReplicationGroupMemberAction>
      action;
  bool operator==(const ReplicationGroupUpdate&) const = default;
};

struct GlobalTableWitnessDescription {
  std::optional<std::string> region_name;     // RegionName
  std::optional<std::string> witness_status;  // WitnessStatus
  bool operator==(const GlobalTableWitnessDescription&) const = default;
};

// ---- The table -----------------------------------------------------------

struct RestoreSummary {
  std::optional<std::string> source_backup_arn;  // SourceBackupArn
  std::optional<std::string> source_table_arn;   // SourceTableArn
  double restore_date_time = 0;                  // RestoreDateTime (required)
  bool restore_in_progress = false;              // RestoreInProgress (required)
  bool operator==(const RestoreSummary&) const = default;
};

struct ArchivalSummary {
  std::optional<double> archival_date_time;        // ArchivalDateTime
  std::optional<std::string> archival_reason;      // ArchivalReason
  std::optional<std::string> archival_backup_arn;  // ArchivalBackupArn
  bool operator==(const ArchivalSummary&) const = default;
};

// What CreateTable, DescribeTable, UpdateTable and DeleteTable answer. Holds
// every member of the shape but VectorIndexes; among them all of ACK's Table
// status (tableStatus, tableARN, tableID, creationDateTime, itemCount,
// tableSizeBytes, globalSecondaryIndexesDescriptions, replicas,
// latestStreamARN/Label, globalTableVersion, restoreSummary, archivalSummary).
struct TableDescription {
  std::vector<AttributeDefinition> attribute_definitions;  // AttributeDefinitions
  std::optional<std::string> table_name;                   // TableName
  std::vector<KeySchemaElement> key_schema;                // KeySchema
  std::optional<std::string> table_status;                 // TableStatus (table_status::)
  std::optional<double> creation_date_time;                // CreationDateTime
  std::optional<ProvisionedThroughputDescription> provisioned_throughput;  // ProvisionedThroughput
  std::optional<std::int64_t> table_size_bytes;  // TableSizeBytes
  std::optional<std::int64_t> item_count;        // ItemCount
  std::optional<std::string> table_arn;          // TableArn
  std::optional<std::string> table_id;           // TableId
  std::optional<BillingModeSummary> billing_mode_summary;                 // BillingModeSummary
  std::vector<LocalSecondaryIndexDescription> local_secondary_indexes;    // LocalSecondaryIndexes
  std::vector<GlobalSecondaryIndexDescription> global_secondary_indexes;  // GlobalSecondaryIndexes
  std::optional<StreamSpecification> stream_specification;  // StreamSpecification
  std::optional<std::string> latest_stream_label;           // LatestStreamLabel
  std::optional<std::string> latest_stream_arn;             // LatestStreamArn
  std::optional<std::string> global_table_version;          // GlobalTableVersion
  std::vector<ReplicaDescription> replicas;                 // Replicas
  std::vector<GlobalTableWitnessDescription> global_table_witnesses;  // GlobalTableWitnesses
  std::optional<std::string> global_table_settings_replication_mode;
  std::optional<RestoreSummary> restore_summary;        // RestoreSummary
  std::optional<SSEDescription> sse_description;        // SSEDescription: absent = AWS owned key
  std::optional<ArchivalSummary> archival_summary;      // ArchivalSummary
  std::optional<TableClassSummary> table_class_summary;  // TableClassSummary
  std::optional<bool> deletion_protection_enabled;      // DeletionProtectionEnabled
  std::optional<OnDemandThroughput> on_demand_throughput;       // OnDemandThroughput
  std::optional<TableWarmThroughputDescription> warm_throughput;  // WarmThroughput
  std::optional<std::string> multi_region_consistency;           // MultiRegionConsistency
  bool operator==(const TableDescription&) const = default;
};

// ---- Encoding and decoding -------------------------------------------------

// One pair per shape above: ToJson encodes, Decode decodes (dynamodb_json.h).
nlohmann::json ToJson(const AttributeDefinition& value);
Status Decode(const nlohmann::json& json, const std::string& path, AttributeDefinition* out);
nlohmann::json ToJson(const KeySchemaElement& value);
Status Decode(const nlohmann::json& json, const std::string& path, KeySchemaElement* out);
nlohmann::json ToJson(const Projection& value);
Status Decode(const nlohmann::json& json, const std::string& path, Projection* out);
nlohmann::json ToJson(const ProvisionedThroughput& value);
Status Decode(const nlohmann::json& json, const std::string& path, ProvisionedThroughput* out);
nlohmann::json ToJson(const ProvisionedThroughputDescription& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              ProvisionedThroughputDescription* out);
nlohmann::json ToJson(const OnDemandThroughput& value);
Status Decode(const nlohmann::json& json, const std::string& path, OnDemandThroughput* out);
nlohmann::json ToJson(const WarmThroughput& value);
Status Decode(const nlohmann::json& json, const std::string& path, WarmThroughput* out);
nlohmann::json ToJson(const TableWarmThroughputDescription& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              TableWarmThroughputDescription* out);
nlohmann::json ToJson(const GlobalSecondaryIndexWarmThroughputDescription& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              GlobalSecondaryIndexWarmThroughputDescription* out);
nlohmann::json ToJson(const BillingModeSummary& value);
Status Decode(const nlohmann::json& json, const std::string& path, BillingModeSummary* out);
nlohmann::json ToJson(const GlobalSecondaryIndex& value);
Status Decode(const nlohmann::json& json, const std::string& path, GlobalSecondaryIndex* out);
nlohmann::json ToJson(const GlobalSecondaryIndexDescription& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              GlobalSecondaryIndexDescription* out);
nlohmann::json ToJson(const CreateGlobalSecondaryIndexAction& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              CreateGlobalSecondaryIndexAction* out);
nlohmann::json ToJson(const UpdateGlobalSecondaryIndexAction& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              UpdateGlobalSecondaryIndexAction* out);
nlohmann::json ToJson(const DeleteGlobalSecondaryIndexAction& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              DeleteGlobalSecondaryIndexAction* out);
nlohmann::json ToJson(const GlobalSecondaryIndexUpdate& value);
Status Decode(const nlohmann::json& json, const std::string& path, GlobalSecondaryIndexUpdate* out);
nlohmann::json ToJson(const LocalSecondaryIndex& value);
Status Decode(const nlohmann::json& json, const std::string& path, LocalSecondaryIndex* out);
nlohmann::json ToJson(const LocalSecondaryIndexDescription& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              LocalSecondaryIndexDescription* out);
nlohmann::json ToJson(const StreamSpecification& value);
Status Decode(const nlohmann::json& json, const std::string& path, StreamSpecification* out);
nlohmann::json ToJson(const SSESpecification& value);
Status Decode(const nlohmann::json& json, const std::string& path, SSESpecification* out);
nlohmann::json ToJson(const SSEDescription& value);
Status Decode(const nlohmann::json& json, const std::string& path, SSEDescription* out);
nlohmann::json ToJson(const TableClassSummary& value);
Status Decode(const nlohmann::json& json, const std::string& path, TableClassSummary* out);
nlohmann::json ToJson(const Tag& value);
Status Decode(const nlohmann::json& json, const std::string& path, Tag* out);
nlohmann::json ToJson(const TimeToLiveSpecification& value);
Status Decode(const nlohmann::json& json, const std::string& path, TimeToLiveSpecification* out);
nlohmann::json ToJson(const TimeToLiveDescription& value);
Status Decode(const nlohmann::json& json, const std::string& path, TimeToLiveDescription* out);
nlohmann::json ToJson(const PointInTimeRecoverySpecification& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              PointInTimeRecoverySpecification* out);
nlohmann::json ToJson(const PointInTimeRecoveryDescription& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              PointInTimeRecoveryDescription* out);
nlohmann::json ToJson(const ContinuousBackupsDescription& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              ContinuousBackupsDescription* out);
nlohmann::json ToJson(const FailureException& value);
Status Decode(const nlohmann::json& json, const std::string& path, FailureException* out);
nlohmann::json ToJson(const ProvisionedThroughputOverride& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              ProvisionedThroughputOverride* out);
nlohmann::json ToJson(const OnDemandThroughputOverride& value);
Status Decode(const nlohmann::json& json, const std::string& path, OnDemandThroughputOverride* out);
nlohmann::json ToJson(const ReplicaGlobalSecondaryIndex& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              ReplicaGlobalSecondaryIndex* out);
nlohmann::json ToJson(const ReplicaGlobalSecondaryIndexDescription& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              ReplicaGlobalSecondaryIndexDescription* out);
nlohmann::json ToJson(const ReplicaDescription& value);
Status Decode(const nlohmann::json& json, const std::string& path, ReplicaDescription* out);
nlohmann::json ToJson(const CreateReplicationGroupMemberAction& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              CreateReplicationGroupMemberAction* out);
nlohmann::json ToJson(const UpdateReplicationGroupMemberAction& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              UpdateReplicationGroupMemberAction* out);
nlohmann::json ToJson(const DeleteReplicationGroupMemberAction& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              DeleteReplicationGroupMemberAction* out);
nlohmann::json ToJson(const ReplicationGroupUpdate& value);
Status Decode(const nlohmann::json& json, const std::string& path, ReplicationGroupUpdate* out);
nlohmann::json ToJson(const GlobalTableWitnessDescription& value);
Status Decode(const nlohmann::json& json, const std::string& path,
              GlobalTableWitnessDescription* out);
nlohmann::json ToJson(const RestoreSummary& value);
Status Decode(const nlohmann::json& json, const std::string& path, RestoreSummary* out);
nlohmann::json ToJson(const ArchivalSummary& value);
Status Decode(const nlohmann::json& json, const std::string& path, ArchivalSummary* out);
nlohmann::json ToJson(const TableDescription& value);
Status Decode(const nlohmann::json& json, const std::string& path, TableDescription* out);

// A whole document as T, `path` naming where it sits ("" at the top), e.g.
//   Result<TableDescription> table = FromJson<TableDescription>(answer["Table"], "Table");
template <typename T>
Result<T> FromJson(const nlohmann::json& json, const std::string& path = "") {
  T value{};
  Status status = Decode(json, path, &value);
  if (!status.ok()) return status;
  return value;
}

}  // namespace tk::aws::dynamodb
