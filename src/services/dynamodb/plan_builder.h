// The pieces the update planner's parts share (internal to
// src/services/dynamodb; update_planner.h is the interface):
//
// - PlanInputs: the desired table, the observation and the canonical keys,
//   with what every part derives from them once: the billing mode that
//   applies, and which observed indexes are kept, deleted or replaced.
// - PlanBuilder: collects the steps in order, the waits of single settings
//   and the advisories, and makes the runtime::Plan.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/dynamodb_operations.h"
#include "runtime/resource_manager.h"
#include "services/dynamodb/observed_table.h"
#include "services/dynamodb/table_spec.h"
#include "services/dynamodb/update_planner.h"

namespace tk::services::dynamodb {

namespace field {
inline constexpr const char* kGlobalIndexes = "spec.globalSecondaryIndexes";
inline constexpr const char* kLocalIndexes = "spec.localSecondaryIndexes";
inline constexpr const char* kBillingMode = "spec.billingMode";
inline constexpr const char* kProvisionedThroughput = "spec.provisionedThroughput";
inline constexpr const char* kOnDemandThroughput = "spec.onDemandThroughput";
inline constexpr const char* kStream = "spec.streamSpecification";
inline constexpr const char* kSse = "spec.sseSpecification";
inline constexpr const char* kTableClass = "spec.tableClass";
inline constexpr const char* kDeletionProtection = "spec.deletionProtectionEnabled";
inline constexpr const char* kTimeToLive = "spec.timeToLive";
inline constexpr const char* kContinuousBackups = "spec.continuousBackups";
inline constexpr const char* kContributorInsights = "spec.contributorInsights";
inline constexpr const char* kTags = "spec.tags";
inline constexpr const char* kResourcePolicy = "spec.resourcePolicy";
inline constexpr const char* kReplicas = "spec.tableReplicas";
inline constexpr const char* kKeySchema = "spec.keySchema";
inline constexpr const char* kAttributeDefinitions = "spec.attributeDefinitions";
}  // namespace field

struct PlanInputs {
  PlanInputs(const TableSpec& desired, const ObservedTable& observed, const CanonicalKeys& keys);

  const TableSpec& desired;
  const ObservedTable& observed;
  const ddb::TableDescription& table;
  const CanonicalKeys& keys;

  // The billing mode as AWS has it, and the one that applies once the plan
  // is done (the spec's, else AWS's).
  std::string observed_billing_mode;
  std::string billing_mode;

  // Observed indexes (DELETING ones left out), by name.
  std::map<std::string, const ddb::GlobalSecondaryIndexDescription*> observed_indexes;
  // Desired indexes by name, with their position in the spec (for messages).
  std::map<std::string, std::pair<const GlobalIndexSpec*, std::size_t>> desired_indexes;
  // Observed indexes to delete, with why; those also in the spec are
  // replaced (created again after).
  std::map<std::string, std::string> deleted_indexes;
  // Observed indexes that stay: all of them when the spec does not list
  // indexes.
  std::set<std::string> kept_indexes;

  // "spec.globalSecondaryIndexes[2]".
  std::string IndexField(const std::string& index_name) const;
};

class PlanBuilder {
 public:
  explicit PlanBuilder(std::string table_name) : table_name_(std::move(table_name)) {}

  // An UpdateTable step; `input.table_name` is filled in.
  void UpdateTable(std::vector<std::string> fields, std::string description,
                   ddb::UpdateTableInput input);
  void Add(std::string_view operation, std::vector<std::string> fields, std::string description,
           nlohmann::json request);
  // A setting that must wait (TTL ENABLING); the wait shows only when no
  // step is to be taken.
  void Wait(std::string reason) { waits_.push_back(std::move(reason)); }
  void Advise(std::string advisory) { advisories_.push_back(std::move(advisory)); }

  const std::string& table_name() const { return table_name_; }
  runtime::Plan Build() &&;

 private:
  const std::string table_name_;
  std::vector<runtime::PlanStep> steps_;
  std::vector<std::string> waits_;
  std::vector<std::string> advisories_;
};

// Steps 1 to 5 of update_planner.h (index deletes, billing mode, throughput,
// index creates) and the advisories about keys and local indexes.
Status PlanIndexesAndCapacity(const PlanInputs& inputs, PlanBuilder& plan);

// "id HASH, ts RANGE".
std::string DescribeKeySchema(const std::vector<ddb::KeySchemaElement>& keys);

}  // namespace tk::services::dynamodb
