#include "services/dynamodb/plan_builder.h"

#include <algorithm>

#include <fmt/format.h>

#include "services/dynamodb/table_steps.h"

namespace tk::services::dynamodb {
namespace {

std::optional<std::string> ObservedAttributeType(const ddb::TableDescription& table,
                                                 std::string_view name) {
  for (const auto& definition : table.attribute_definitions) {
    if (definition.attribute_name == name) return definition.attribute_type;
  }
  return std::nullopt;
}

std::set<std::string> SortedNonKeyAttributes(const ddb::Projection& projection) {
  return {projection.non_key_attributes.begin(), projection.non_key_attributes.end()};
}

// Why `observed` must be deleted and created again to become `desired`, or
// "" when it can be kept. Attribute type changes of the table's own keys are
// left to the advisories (no index replacement can fix them).
std::string ReplaceReason(const TableSpec& desired_table, const ddb::TableDescription& table,
                          const GlobalIndexSpec& desired,
                          const ddb::GlobalSecondaryIndexDescription& observed) {
  if (InAwsKeyOrder(observed.key_schema) != desired.key_schema) {
    return fmt::format("its key schema changes from ({}) to ({})",
                       DescribeKeySchema(InAwsKeyOrder(observed.key_schema)),
                       DescribeKeySchema(desired.key_schema));
  }
  const ddb::Projection observed_projection = observed.projection.value_or(ddb::Projection{});
  if (observed_projection.projection_type != desired.projection.projection_type ||
      SortedNonKeyAttributes(observed_projection) != SortedNonKeyAttributes(desired.projection)) {
    return fmt::format("its projection changes from {} to {}",
                       observed_projection.projection_type.value_or("none"),
                       desired.projection.projection_type.value_or("none"));
  }
  std::set<std::string> table_keys;
  for (const auto& key : desired_table.key_schema) table_keys.insert(key.attribute_name);
  if (desired_table.local_secondary_indexes) {
    for (const auto& index : *desired_table.local_secondary_indexes) {
      for (const auto& key : index.key_schema) table_keys.insert(key.attribute_name);
    }
  }
  for (const auto& key : desired.key_schema) {
    if (table_keys.count(key.attribute_name) != 0) continue;
    const auto wanted = desired_table.AttributeType(key.attribute_name);
    const auto has = ObservedAttributeType(table, key.attribute_name);
    if (has && wanted && *has != *wanted) {
      return fmt::format("the type of its key attribute {} changes from {} to {}",
                         key.attribute_name, *has, *wanted);
    }
  }
  return "";
}

}  // namespace

std::string DescribeKeySchema(const std::vector<ddb::KeySchemaElement>& keys) {
  std::string text;
  for (const auto& key : keys) {
    if (!text.empty()) text += ", ";
    text += key.attribute_name + " " + key.key_type;
  }
  return text;
}

PlanInputs::PlanInputs(const TableSpec& desired_table, const ObservedTable& observed_table,
                       const CanonicalKeys& canonical_keys)
    : desired(desired_table),
      observed(observed_table),
      table(observed_table.table),
      keys(canonical_keys),
      observed_billing_mode(ObservedBillingMode(observed_table.table)),
      billing_mode(desired_table.billing_mode.value_or(observed_billing_mode)) {
  for (const auto& index : table.global_secondary_indexes) {
    if (!index.index_name || index.index_status == ddb::index_status::kDeleting) continue;
    observed_indexes[*index.index_name] = &index;
  }
  if (desired.global_secondary_indexes) {
    for (std::size_t i = 0; i < desired.global_secondary_indexes->size(); ++i) {
      const GlobalIndexSpec& index = (*desired.global_secondary_indexes)[i];
      desired_indexes[index.index_name] = {&index, i};
    }
  }
  for (const auto& [name, index] : observed_indexes) {
    if (!desired.global_secondary_indexes) {
      kept_indexes.insert(name);
      continue;
    }
    auto wanted = desired_indexes.find(name);
    if (wanted == desired_indexes.end()) {
      deleted_indexes[name] = "it is not in spec.globalSecondaryIndexes";
      continue;
    }
    std::string reason = ReplaceReason(desired, table, *wanted->second.first, *index);
    if (reason.empty()) {
      kept_indexes.insert(name);
    } else {
      deleted_indexes[name] = std::move(reason);
    }
  }
}

std::string PlanInputs::IndexField(const std::string& index_name) const {
  auto found = desired_indexes.find(index_name);
  if (found == desired_indexes.end()) return field::kGlobalIndexes;
  return fmt::format("{}[{}]", field::kGlobalIndexes, found->second.second);
}

void PlanBuilder::UpdateTable(std::vector<std::string> fields, std::string description,
                              ddb::UpdateTableInput input) {
  input.table_name = table_name_;
  Add(step_operation::kUpdateTable, std::move(fields), std::move(description), ToJson(input));
}

void PlanBuilder::Add(std::string_view operation, std::vector<std::string> fields,
                      std::string description, nlohmann::json request) {
  steps_.push_back(MakeStep(operation, std::move(fields), std::move(description), std::move(request)));
}

runtime::Plan PlanBuilder::Build() && {
  runtime::Plan plan;
  plan.steps = std::move(steps_);
  if (plan.steps.empty() && !waits_.empty()) {
    std::string waiting;
    for (const std::string& wait : waits_) {
      if (!waiting.empty()) waiting += "; ";
      waiting += wait;
    }
    plan.waiting_for = std::move(waiting);
  }
  plan.advisories = std::move(advisories_);
  return plan;
}

}  // namespace tk::services::dynamodb
