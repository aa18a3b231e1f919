// Steps 1 to 5 of the update planner (update_planner.h): global secondary
// index deletes, the billing mode, table and index throughput, index
// creates; and the advisories about what AWS cannot change (the table's key
// schema and key attribute types, local indexes).
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "services/dynamodb/plan_builder.h"
#include "services/dynamodb/spec_fields.h"

namespace tk::services::dynamodb {
namespace {

constexpr std::string_view kProvisioned = ddb::billing_mode::kProvisioned;

std::string DescribeThroughput(const ddb::ProvisionedThroughput& throughput) {
  return fmt::format("{} read / {} write capacity units", throughput.read_capacity_units,
                     throughput.write_capacity_units);
}

bool SameProvisioned(const ddb::ProvisionedThroughput& desired,
                     const std::optional<ddb::ProvisionedThroughputDescription>& observed) {
  if (!observed) return false;
  return observed->read_capacity_units.value_or(0) == desired.read_capacity_units &&
         observed->write_capacity_units.value_or(0) == desired.write_capacity_units;
}

ddb::ProvisionedThroughput AsThroughput(const std::optional<ddb::ProvisionedThroughputDescription>& observed) {
  if (!observed) return {};
  return {observed->read_capacity_units.value_or(0), observed->write_capacity_units.value_or(0)};
}

// The members the spec sets are equal; AWS reports -1 (or nothing) for "no
// maximum".
bool SameOnDemand(const ddb::OnDemandThroughput& desired,
                  const std::optional<ddb::OnDemandThroughput>& observed) {
  const auto same = [](const std::optional<std::int64_t>& wanted,
                       const std::optional<std::int64_t>& has) {
    return !wanted || *wanted == has.value_or(-1);
  };
  const ddb::OnDemandThroughput has = observed.value_or(ddb::OnDemandThroughput{});
  return same(desired.max_read_request_units, has.max_read_request_units) &&
         same(desired.max_write_request_units, has.max_write_request_units);
}

std::string DescribeOnDemand(const ddb::OnDemandThroughput& throughput) {
  const auto units = [](const std::optional<std::int64_t>& value) {
    return value ? (*value == -1 ? std::string("no maximum") : std::to_string(*value)) : "unchanged";
  };
  return fmt::format("at most {} read / {} write request units",
                     units(throughput.max_read_request_units),
                     units(throughput.max_write_request_units));
}

ddb::UpdateTableInput IndexUpdate(ddb::GlobalSecondaryIndexUpdate update) {
  ddb::UpdateTableInput input;
  input.global_secondary_index_updates.push_back(std::move(update));
  return input;
}

void AdviseOnImmutables(const PlanInputs& in, PlanBuilder& plan) {
  const std::vector<ddb::KeySchemaElement> observed_keys = InAwsKeyOrder(in.table.key_schema);
  if (!observed_keys.empty() && observed_keys != in.desired.key_schema) {
    plan.Advise(fmt::format("{}: the table's key schema is ({}), the spec asks for ({}); AWS cannot "
                            "change a table's keys: create a new Table instead",
                            field::kKeySchema, DescribeKeySchema(observed_keys),
                            DescribeKeySchema(in.desired.key_schema)));
  }
  std::set<std::string> fixed_keys;
  for (const auto& key : in.desired.key_schema) fixed_keys.insert(key.attribute_name);
  if (in.desired.local_secondary_indexes) {
    for (const auto& index : *in.desired.local_secondary_indexes) {
      for (const auto& key : index.key_schema) fixed_keys.insert(key.attribute_name);
    }
  }
  for (const auto& definition : in.table.attribute_definitions) {
    if (fixed_keys.count(definition.attribute_name) == 0) continue;
    const auto wanted = in.desired.AttributeType(definition.attribute_name);
    if (wanted && *wanted != definition.attribute_type) {
      plan.Advise(fmt::format("{}: attribute {} is of type {} in the table, {} in the spec; AWS "
                              "cannot change the type of a table key: create a new Table instead",
                              field::kAttributeDefinitions, definition.attribute_name,
                              definition.attribute_type, *wanted));
    }
  }
  if (!in.desired.local_secondary_indexes) return;
  std::map<std::string, const LocalIndexSpec*> wanted;
  for (const auto& index : *in.desired.local_secondary_indexes) wanted[index.index_name] = &index;
  std::map<std::string, const ddb::LocalSecondaryIndexDescription*> has;
  for (const auto& index : in.table.local_secondary_indexes) {
    if (index.index_name) has[*index.index_name] = &index;
  }
  bool same = wanted.size() == has.size();
  for (const auto& [name, index] : wanted) {
    auto found = has.find(name);
    if (found == has.end()) {
      same = false;
      break;
    }
    const ddb::Projection projection = found->second->projection.value_or(ddb::Projection{});
    std::set<std::string> has_attributes(projection.non_key_attributes.begin(),
                                         projection.non_key_attributes.end());
    std::set<std::string> wanted_attributes(index->projection.non_key_attributes.begin(),
                                            index->projection.non_key_attributes.end());
    if (InAwsKeyOrder(found->second->key_schema) != index->key_schema ||
        projection.projection_type != index->projection.projection_type ||
        has_attributes != wanted_attributes) {
      same = false;
      break;
    }
  }
  if (!same) {
    plan.Advise(fmt::format("{}: the table's local secondary indexes differ from the spec's; AWS "
                            "sets them only when it creates a table: create a new Table instead",
                            field::kLocalIndexes));
  }
}

void PlanIndexDeletes(const PlanInputs& in, PlanBuilder& plan) {
  for (const auto& [name, reason] : in.deleted_indexes) {
    const bool replaced = in.desired_indexes.count(name) != 0;
    ddb::GlobalSecondaryIndexUpdate update;
    update.action = ddb::DeleteGlobalSecondaryIndexAction{name};
    plan.UpdateTable({field::kGlobalIndexes},
                     replaced ? fmt::format("delete global secondary index {} to create it again: {} "
                                            "(AWS changes no index's keys or projection in place)",
                                            name, reason)
                              : fmt::format("delete global secondary index {}: {}", name, reason),
                     IndexUpdate(std::move(update)));
  }
}

Status PlanBillingModeSwitch(const PlanInputs& in, PlanBuilder& plan) {
  ddb::UpdateTableInput input;
  input.billing_mode = in.billing_mode;
  std::vector<std::string> fields = {field::kBillingMode};
  std::string detail;
  if (in.billing_mode == kProvisioned) {
    if (!in.desired.provisioned_throughput) {
      return InvalidField(field::kProvisionedThroughput,
                          "required to switch billingMode to PROVISIONED: set readCapacityUnits "
                          "and writeCapacityUnits");
    }
    input.provisioned_throughput = in.desired.provisioned_throughput;
    fields.push_back(field::kProvisionedThroughput);
    detail = "table " + DescribeThroughput(*in.desired.provisioned_throughput);
    for (const std::string& name : in.kept_indexes) {
      auto wanted = in.desired_indexes.find(name);
      if (wanted == in.desired_indexes.end()) {
        return InvalidField(field::kGlobalIndexes,
                            fmt::format("switching billingMode to PROVISIONED needs the throughput "
                                        "of index {} too: list the table's indexes with their "
                                        "provisionedThroughput",
                                        name));
      }
      if (!wanted->second.first->provisioned_throughput) {
        return InvalidField(in.IndexField(name) + ".provisionedThroughput",
                            "required to switch billingMode to PROVISIONED: set readCapacityUnits "
                            "and writeCapacityUnits of the index");
      }
      ddb::GlobalSecondaryIndexUpdate update;
      update.action = ddb::UpdateGlobalSecondaryIndexAction{
          name, wanted->second.first->provisioned_throughput, std::nullopt, std::nullopt};
      input.global_secondary_index_updates.push_back(std::move(update));
      detail += fmt::format("; index {} {}", name,
                            DescribeThroughput(*wanted->second.first->provisioned_throughput));
    }
    if (!in.kept_indexes.empty()) fields.push_back(field::kGlobalIndexes);
  } else {
    input.on_demand_throughput = in.desired.on_demand_throughput;
    if (in.desired.on_demand_throughput) {
      fields.push_back(field::kOnDemandThroughput);
      detail = DescribeOnDemand(*in.desired.on_demand_throughput);
    }
  }
  plan.UpdateTable(std::move(fields),
                   fmt::format("switch billing mode from {} to {}{}", in.observed_billing_mode,
                               in.billing_mode, detail.empty() ? "" : " (" + detail + ")"),
                   std::move(input));
  return OkStatus();
}

void PlanThroughput(const PlanInputs& in, PlanBuilder& plan) {
  const bool provisioned = in.billing_mode == kProvisioned;
  if (provisioned && in.desired.provisioned_throughput &&
      !SameProvisioned(*in.desired.provisioned_throughput, in.table.provisioned_throughput)) {
    ddb::UpdateTableInput input;
    input.provisioned_throughput = in.desired.provisioned_throughput;
    plan.UpdateTable({field::kProvisionedThroughput},
                     fmt::format("set the table's throughput to {} (from {})",
                                 DescribeThroughput(*in.desired.provisioned_throughput),
                                 DescribeThroughput(AsThroughput(in.table.provisioned_throughput))),
                     std::move(input));
  }
  if (!provisioned && in.desired.on_demand_throughput &&
      !SameOnDemand(*in.desired.on_demand_throughput, in.table.on_demand_throughput)) {
    ddb::UpdateTableInput input;
    input.on_demand_throughput = in.desired.on_demand_throughput;
    plan.UpdateTable({field::kOnDemandThroughput},
                     "set the table's on-demand throughput to " +
                         DescribeOnDemand(*in.desired.on_demand_throughput),
                     std::move(input));
  }
  for (const std::string& name : in.kept_indexes) {
    auto wanted = in.desired_indexes.find(name);
    if (wanted == in.desired_indexes.end()) continue;  // indexes not managed
    const GlobalIndexSpec& index = *wanted->second.first;
    const ddb::GlobalSecondaryIndexDescription& has = *in.observed_indexes.at(name);
    ddb::GlobalSecondaryIndexUpdate update;
    std::string description;
    if (provisioned && index.provisioned_throughput &&
        !SameProvisioned(*index.provisioned_throughput, has.provisioned_throughput)) {
      update.action = ddb::UpdateGlobalSecondaryIndexAction{name, index.provisioned_throughput,
                                                            std::nullopt, std::nullopt};
      description = fmt::format("set index {}'s throughput to {} (from {})", name,
                                DescribeThroughput(*index.provisioned_throughput),
                                DescribeThroughput(AsThroughput(has.provisioned_throughput)));
    } else if (!provisioned && index.on_demand_throughput &&
               !SameOnDemand(*index.on_demand_throughput, has.on_demand_throughput)) {
      update.action = ddb::UpdateGlobalSecondaryIndexAction{name, std::nullopt,
                                                            index.on_demand_throughput, std::nullopt};
      description = fmt::format("set index {}'s on-demand throughput to {}", name,
                                DescribeOnDemand(*index.on_demand_throughput));
    } else {
      continue;
    }
    plan.UpdateTable({in.IndexField(name)}, std::move(description), IndexUpdate(std::move(update)));
  }
}

Status PlanIndexCreates(const PlanInputs& in, PlanBuilder& plan) {
  if (!in.desired.global_secondary_indexes) return OkStatus();
  // The key attributes of the table, its local indexes and the indexes
  // kept: the definitions every create carries along with its own.
  std::set<std::string> base_keys;
  for (const auto& key : in.desired.key_schema) base_keys.insert(key.attribute_name);
  if (in.desired.local_secondary_indexes) {
    for (const auto& index : *in.desired.local_secondary_indexes) {
      for (const auto& key : index.key_schema) base_keys.insert(key.attribute_name);
    }
  }
  for (const std::string& name : in.kept_indexes) {
    for (const auto& key : in.observed_indexes.at(name)->key_schema) base_keys.insert(key.attribute_name);
  }
  for (const GlobalIndexSpec& index : *in.desired.global_secondary_indexes) {
    if (in.kept_indexes.count(index.index_name) != 0) continue;
    ddb::CreateGlobalSecondaryIndexAction create;
    create.index_name = index.index_name;
    create.key_schema = index.key_schema;
    create.projection = index.projection;
    if (in.billing_mode == kProvisioned) {
      if (!index.provisioned_throughput) {
        return InvalidField(in.IndexField(index.index_name) + ".provisionedThroughput",
                            "required to create an index on a PROVISIONED table: set "
                            "readCapacityUnits and writeCapacityUnits");
      }
      create.provisioned_throughput = index.provisioned_throughput;
    } else {
      create.on_demand_throughput = index.on_demand_throughput;
    }
    std::set<std::string> keys = base_keys;
    for (const auto& key : index.key_schema) keys.insert(key.attribute_name);
    ddb::UpdateTableInput input;
    for (const std::string& attribute : keys) {
      // Attributes of kept indexes the spec no longer defines keep AWS's type.
      std::optional<std::string> type = in.desired.AttributeType(attribute);
      if (!type) {
        for (const auto& definition : in.table.attribute_definitions) {
          if (definition.attribute_name == attribute) type = definition.attribute_type;
        }
      }
      if (type) input.attribute_definitions.push_back({attribute, *type});
    }
    ddb::GlobalSecondaryIndexUpdate update;
    update.action = std::move(create);
    input.global_secondary_index_updates.push_back(std::move(update));
    plan.UpdateTable({in.IndexField(index.index_name)},
                     fmt::format("create global secondary index {} ({}; projection {})",
                                 index.index_name, DescribeKeySchema(index.key_schema),
                                 index.projection.projection_type.value_or("ALL")),
                     std::move(input));
  }
  return OkStatus();
}

}  // namespace

Status PlanIndexesAndCapacity(const PlanInputs& in, PlanBuilder& plan) {
  AdviseOnImmutables(in, plan);
  PlanIndexDeletes(in, plan);
  if (in.billing_mode != in.observed_billing_mode) {
    if (Status status = PlanBillingModeSwitch(in, plan); !status.ok()) return status;
  } else {
    PlanThroughput(in, plan);
  }
  return PlanIndexCreates(in, plan);
}

}  // namespace tk::services::dynamodb
