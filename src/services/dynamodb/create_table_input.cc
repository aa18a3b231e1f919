#include "services/dynamodb/create_table_input.h"

#include "services/dynamodb/spec_fields.h"

namespace tk::services::dynamodb {
namespace {

constexpr std::string_view kProvisioned = ddb::billing_mode::kProvisioned;

}  // namespace

Result<ddb::CreateTableInput> CreateTableInputOf(const TableSpec& spec) {
  ddb::CreateTableInput input;
  input.table_name = spec.table_name;
  input.attribute_definitions = spec.KeyAttributeDefinitions();
  input.key_schema = spec.key_schema;
  const std::string billing_mode = spec.billing_mode.value_or(std::string(kProvisioned));
  input.billing_mode = spec.billing_mode;
  if (billing_mode == kProvisioned) {
    if (!spec.provisioned_throughput) {
      return InvalidField("spec.provisionedThroughput",
                          "required to create a table with billingMode PROVISIONED (the default); "
                          "set readCapacityUnits and writeCapacityUnits, or set billingMode: "
                          "PAY_PER_REQUEST");
    }
    input.provisioned_throughput = spec.provisioned_throughput;
  } else {
    input.on_demand_throughput = spec.on_demand_throughput;
  }
  if (spec.global_secondary_indexes) {
    for (std::size_t i = 0; i < spec.global_secondary_indexes->size(); ++i) {
      const GlobalIndexSpec& index = (*spec.global_secondary_indexes)[i];
      ddb::GlobalSecondaryIndex created;
      created.index_name = index.index_name;
      created.key_schema = index.key_schema;
      created.projection = index.projection;
      if (billing_mode == kProvisioned) {
        if (!index.provisioned_throughput) {
          return InvalidField(
              IndexPath("spec.globalSecondaryIndexes", i) + ".provisionedThroughput",
              "required with billingMode PROVISIONED: set readCapacityUnits and "
              "writeCapacityUnits of the index");
        }
        created.provisioned_throughput = index.provisioned_throughput;
      } else {
        created.on_demand_throughput = index.on_demand_throughput;
      }
      input.global_secondary_indexes.push_back(std::move(created));
    }
  }
  if (spec.local_secondary_indexes) {
    for (const LocalIndexSpec& index : *spec.local_secondary_indexes) {
      input.local_secondary_indexes.push_back({index.index_name, index.key_schema,
                                               index.projection});
    }
  }
  input.stream_specification = spec.stream_specification;
  if (spec.sse_specification && spec.encryption() != Encryption::kAwsOwnedKey) {
    const SseSpec& sse = *spec.sse_specification;
    if (sse.kms_master_key_ref && !sse.kms_master_key_id) {
      return Status(Code::kFailedPrecondition,
                    "spec.sseSpecification.kmsMasterKeyRef: the reference to Key " +
                        sse.kms_master_key_ref->name +
                        " is not resolved yet; the table is created once the Key is usable");
    }
    ddb::SSESpecification request;
    request.enabled = true;
    request.sse_type = std::string(ddb::sse_type::kKms);
    request.kms_master_key_id = sse.kms_master_key_id;
    input.sse_specification = std::move(request);
  }
  input.table_class = spec.table_class;
  input.deletion_protection_enabled = spec.deletion_protection_enabled;
  if (spec.tags) {
    for (const auto& [key, value] : *spec.tags) input.tags.push_back({key, value});
  }
  if (spec.resource_policy && !spec.resource_policy->empty()) {
    input.resource_policy = spec.resource_policy;
  }
  return input;
}

}  // namespace tk::services::dynamodb
