// TableSpec: the table a Table object (dynamodb.services.k8s.aws/v1alpha1)
// asks for, parsed from its spec, in ACK's field names and meaning
// (../shared/reference/ack-crds/dynamodb.services.k8s.aws_tables.yaml).
//
// Unset means unmanaged (DESIGN.md section 3): every member the user may
// leave out is a std::optional, and the planner leaves an unset member as
// AWS has it. Only what CreateTable needs is required: tableName,
// attributeDefinitions and keySchema. Two members have a meaning when unset
// that AWS gives them, not us:
// - sseSpecification: absent (or enabled: false) means the AWS owned key;
// - billingMode: absent is PROVISIONED at creation (AWS's default), and
//   unmanaged afterwards.
//
// ParseTableSpec checks what AWS would refuse and what would make the
// planner loop, so a wrong spec ends Terminal with no AWS write (issue 6):
// enums in AWS's spelling, key schemas (HASH first, at most one RANGE, every
// key attribute defined), index names unique, projections complete,
// throughput consistent with the billing mode, duplicate tag keys, a
// resource policy that is not JSON, both kmsMasterKeyID and kmsMasterKeyRef.
// Errors are kInvalidArgument naming the field path ("spec.keySchema[1]...")
// and what to do.
//
// Values keep AWS's spelling (enums upper case as AWS answers them), so the
// planner compares them as they are.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/dynamodb_types.h"
#include "util/status.h"

namespace tk::services::dynamodb {

namespace ddb = aws::dynamodb;

// The alias of the AWS managed key for DynamoDB: what `enabled: true` with no
// key means.
inline constexpr std::string_view kAwsManagedKeyAlias = "alias/aws/dynamodb";

struct GlobalIndexSpec {
  std::string index_name;
  std::vector<ddb::KeySchemaElement> key_schema;  // HASH first, then RANGE if any
  ddb::Projection projection;                     // projection_type always set
  std::optional<ddb::ProvisionedThroughput> provisioned_throughput;
  std::optional<ddb::OnDemandThroughput> on_demand_throughput;
};

struct LocalIndexSpec {
  std::string index_name;
  std::vector<ddb::KeySchemaElement> key_schema;  // HASH (the table's), RANGE
  ddb::Projection projection;
};

// kmsMasterKeyRef.from: a kms.services.k8s.aws Key object.
struct KeyReference {
  std::string name;
  std::optional<std::string> namespace_name;  // unset: the Table's namespace
};

struct SseSpec {
  std::optional<bool> enabled;
  std::optional<std::string> sse_type;           // "KMS"
  std::optional<std::string> kms_master_key_id;  // any of the four key names
  std::optional<KeyReference> kms_master_key_ref;
};

// Which key encrypts the table.
enum class Encryption {
  kAwsOwnedKey,    // no sseSpecification, or enabled: false
  kAwsManagedKey,  // enabled (or sseType KMS) with no key: alias/aws/dynamodb
  kCustomerKey,    // a key named by kmsMasterKeyID (or resolved from the ref)
};

struct ReplicaIndexSpec {
  std::string index_name;
  std::optional<std::int64_t> read_capacity_override;
};

// One element of tableReplicas (global tables version 2019.11.21).
struct ReplicaSpec {
  std::string region_name;
  std::optional<std::string> kms_master_key_id;
  std::optional<std::int64_t> read_capacity_override;
  std::vector<ReplicaIndexSpec> global_secondary_indexes;
  std::optional<std::string> table_class_override;
};

struct TimeToLiveSpec {
  bool enabled = false;
  std::optional<std::string> attribute_name;  // required when enabled
};

struct TableSpec {
  std::string table_name;
  std::vector<ddb::AttributeDefinition> attribute_definitions;
  std::vector<ddb::KeySchemaElement> key_schema;  // HASH first, then RANGE if any
  std::optional<std::string> billing_mode;        // PROVISIONED | PAY_PER_REQUEST
  std::optional<ddb::ProvisionedThroughput> provisioned_throughput;
  std::optional<ddb::OnDemandThroughput> on_demand_throughput;
  // Set (even empty) when the spec lists the indexes: then exactly those.
  std::optional<std::vector<GlobalIndexSpec>> global_secondary_indexes;
  std::optional<std::vector<LocalIndexSpec>> local_secondary_indexes;
  std::optional<ddb::StreamSpecification> stream_specification;
  std::optional<SseSpec> sse_specification;
  std::optional<std::string> table_class;  // STANDARD | STANDARD_INFREQUENT_ACCESS
  std::optional<bool> deletion_protection_enabled;
  // By key; set (even empty) when the spec lists tags: then exactly those
  // (AWS's own "aws:" tags aside).
  std::optional<std::map<std::string, std::string>> tags;
  std::optional<TimeToLiveSpec> time_to_live;
  std::optional<bool> point_in_time_recovery_enabled;  // continuousBackups
  std::optional<std::string> contributor_insights;     // ENABLE | DISABLE
  // The document as the user wrote it; "" asks for no policy.
  std::optional<std::string> resource_policy;
  std::optional<std::vector<ReplicaSpec>> table_replicas;

  // Which key the spec asks for.
  Encryption encryption() const;
  // The attribute definitions the key schemas of the table and of its
  // indexes use (the only ones AWS keeps), sorted by name.
  std::vector<ddb::AttributeDefinition> KeyAttributeDefinitions() const;
  // The type of attribute `name` (S, N, B), or nullopt when not defined.
  std::optional<std::string> AttributeType(std::string_view name) const;
};

// The spec of a Table object (its `spec` member). Never throws.
Result<TableSpec> ParseTableSpec(const nlohmann::json& spec);

// Only spec.tableName, for calls that must work on a partial spec (observing
// an object being adopted). kInvalidArgument when missing or malformed.
Result<std::string> ParseTableName(const nlohmann::json& spec);

// Key schema elements in AWS's order: HASH, then RANGE.
std::vector<ddb::KeySchemaElement> InAwsKeyOrder(std::vector<ddb::KeySchemaElement> key_schema);

}  // namespace tk::services::dynamodb
