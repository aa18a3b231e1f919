#include "services/dynamodb/update_planner.h"

#include <fmt/format.h>

#include "services/dynamodb/plan_builder.h"
#include "services/dynamodb/table_steps.h"
#include "services/policy_document.h"

namespace tk::services::dynamodb {
namespace {

using nlohmann::json;
namespace op = step_operation;

// How long to wait before looking again at a table whose key is unusable:
// only a person can fix that.
constexpr std::chrono::minutes kInaccessibleKeyRecheck{5};

std::string DescribeKey(const std::optional<std::string>& key_arn) {
  return key_arn ? "key " + *key_arn : "the AWS owned key";
}

void PlanStream(const PlanInputs& in, PlanBuilder& plan) {
  if (!in.desired.stream_specification) return;
  const ddb::StreamSpecification& wanted = *in.desired.stream_specification;
  const bool enabled = in.table.stream_specification && in.table.stream_specification->stream_enabled;
  const std::optional<std::string> view =
      enabled ? in.table.stream_specification->stream_view_type : std::nullopt;
  ddb::UpdateTableInput input;
  std::string description;
  if (wanted.stream_enabled && !enabled) {
    input.stream_specification = wanted;
    description = fmt::format("enable the stream ({})", wanted.stream_view_type.value_or("?"));
  } else if (wanted.stream_enabled && view != wanted.stream_view_type) {
    input.stream_specification = ddb::StreamSpecification{false, std::nullopt};
    description = fmt::format("disable the stream to enable it again with view type {} (from {}); "
                              "AWS changes no enabled stream",
                              wanted.stream_view_type.value_or("?"), view.value_or("?"));
  } else if (!wanted.stream_enabled && enabled) {
    input.stream_specification = ddb::StreamSpecification{false, std::nullopt};
    description = "disable the stream";
  } else {
    return;
  }
  plan.UpdateTable({field::kStream}, std::move(description), std::move(input));
}

Status PlanEncryption(const PlanInputs& in, PlanBuilder& plan) {
  const std::optional<std::string> current = ObservedKmsKeyArn(in.table);
  ddb::SSESpecification sse;
  std::optional<std::string> target;  // the key ARN wanted; unset: AWS owned
  switch (in.desired.encryption()) {
    case Encryption::kAwsOwnedKey:
      if (!current) return OkStatus();
      sse.enabled = false;
      break;
    case Encryption::kAwsManagedKey:
      sse.enabled = true;
      sse.sse_type = std::string(ddb::sse_type::kKms);
      if (current) {
        if (!in.keys.sse_key_arn) {
          return Status(Code::kInternal, "planner: the ARN of the AWS managed key was not given");
        }
        if (*in.keys.sse_key_arn == *current) return OkStatus();
        sse.kms_master_key_id = in.keys.sse_key_arn;
        target = in.keys.sse_key_arn;
      }
      break;
    case Encryption::kCustomerKey:
      if (!in.keys.sse_key_arn) {
        return Status(Code::kInternal, "planner: the canonical ARN of the key was not given");
      }
      if (current == in.keys.sse_key_arn) return OkStatus();
      sse.enabled = true;
      sse.sse_type = std::string(ddb::sse_type::kKms);
      sse.kms_master_key_id = in.keys.sse_key_arn;
      target = in.keys.sse_key_arn;
      break;
  }
  const std::string to = in.desired.encryption() == Encryption::kAwsManagedKey
                             ? "the AWS managed key " + std::string(kAwsManagedKeyAlias) +
                                   (target ? " (" + *target + ")" : "")
                             : DescribeKey(target);
  ddb::UpdateTableInput input;
  input.sse_specification = std::move(sse);
  plan.UpdateTable({field::kSse},
                   fmt::format("switch encryption from {} to {}", DescribeKey(current), to),
                   std::move(input));
  return OkStatus();
}

void PlanTableSettings(const PlanInputs& in, PlanBuilder& plan) {
  if (in.desired.table_class) {
    const std::string current = in.table.table_class_summary
                                    ? in.table.table_class_summary->table_class.value_or("STANDARD")
                                    : "STANDARD";
    if (current != *in.desired.table_class) {
      ddb::UpdateTableInput input;
      input.table_class = in.desired.table_class;
      plan.UpdateTable({field::kTableClass},
                       fmt::format("set the table class to {} (from {})", *in.desired.table_class,
                                   current),
                       std::move(input));
    }
  }
  if (in.desired.deletion_protection_enabled &&
      *in.desired.deletion_protection_enabled != in.table.deletion_protection_enabled.value_or(false)) {
    ddb::UpdateTableInput input;
    input.deletion_protection_enabled = in.desired.deletion_protection_enabled;
    plan.UpdateTable({field::kDeletionProtection},
                     *in.desired.deletion_protection_enabled ? "turn deletion protection on"
                                                             : "turn deletion protection off",
                     std::move(input));
  }
}

void PlanTimeToLive(const PlanInputs& in, PlanBuilder& plan) {
  if (!in.desired.time_to_live || !in.observed.time_to_live) return;
  const TimeToLiveSpec& wanted = *in.desired.time_to_live;
  const std::string status = in.observed.time_to_live->time_to_live_status.value_or("DISABLED");
  const std::optional<std::string>& attribute = in.observed.time_to_live->attribute_name;
  const auto send = [&](bool enabled, const std::string& attribute_name, std::string description) {
    json request = {{"TableName", in.desired.table_name},
                    {"TimeToLiveSpecification",
                     ToJson(ddb::TimeToLiveSpecification{enabled, attribute_name})}};
    plan.Add(op::kUpdateTimeToLive, {field::kTimeToLive}, std::move(description), std::move(request));
  };
  const bool on = status == "ENABLED" || status == "ENABLING";
  if (wanted.enabled) {
    const std::string& wanted_attribute = *wanted.attribute_name;
    if (on && attribute == wanted_attribute) return;
    if (status == "DISABLING" || status == "ENABLING") {
      plan.Wait(fmt::format("time to live is {} (on attribute {})", status, attribute.value_or("?")));
    } else if (status == "ENABLED") {
      send(false, attribute.value_or(wanted_attribute),
           fmt::format("disable time to live on attribute {}, to enable it on {} next (a table "
                       "has one TTL attribute)",
                       attribute.value_or("?"), wanted_attribute));
    } else {
      send(true, wanted_attribute,
           fmt::format("enable time to live on attribute {}", wanted_attribute));
    }
    return;
  }
  if (status == "ENABLING") {
    plan.Wait("time to live is ENABLING; it is disabled once enabled");
  } else if (status == "ENABLED") {
    const std::string name = attribute.value_or(wanted.attribute_name.value_or(""));
    send(false, name, fmt::format("disable time to live (on attribute {})", name));
  }
}

void PlanPointInTimeRecovery(const PlanInputs& in, PlanBuilder& plan) {
  if (!in.desired.point_in_time_recovery_enabled || !in.observed.continuous_backups) return;
  const auto& description = in.observed.continuous_backups->point_in_time_recovery_description;
  const bool enabled =
      description && description->point_in_time_recovery_status.value_or("DISABLED") == "ENABLED";
  const bool wanted = *in.desired.point_in_time_recovery_enabled;
  if (enabled == wanted) return;
  ddb::PointInTimeRecoverySpecification spec;
  spec.point_in_time_recovery_enabled = wanted;
  plan.Add(op::kUpdateContinuousBackups, {field::kContinuousBackups},
           wanted ? "enable point-in-time recovery" : "disable point-in-time recovery",
           {{"TableName", in.desired.table_name}, {"PointInTimeRecoverySpecification", ToJson(spec)}});
}

void PlanContributorInsights(const PlanInputs& in, PlanBuilder& plan) {
  if (!in.desired.contributor_insights || !in.observed.contributor_insights) return;
  const std::string status =
      in.observed.contributor_insights->contributor_insights_status.value_or("DISABLED");
  const bool enable = *in.desired.contributor_insights == "ENABLE";
  const std::string settled = enable ? "ENABLED" : "DISABLED";
  const std::string settling = enable ? "ENABLING" : "DISABLING";
  const std::string reversing = enable ? "DISABLING" : "ENABLING";
  if (status == settled || status == settling) return;
  if (status == reversing) {
    plan.Wait(fmt::format("contributor insights are {}", status));
    return;
  }
  ddb::UpdateContributorInsightsInput input;
  input.table_name = in.desired.table_name;
  input.contributor_insights_action = *in.desired.contributor_insights;
  plan.Add(op::kUpdateContributorInsights, {field::kContributorInsights},
           fmt::format("{} contributor insights (now {})", enable ? "enable" : "disable", status),
           ToJson(input));
}

void PlanTags(const PlanInputs& in, PlanBuilder& plan) {
  if (!in.desired.tags || !in.observed.tags || !in.table.table_arn) return;
  std::map<std::string, std::string> current;
  for (const auto& tag : *in.observed.tags) {
    if (tag.key.rfind("aws:", 0) != 0) current[tag.key] = tag.value;
  }
  json tags = json::array();
  std::string added;
  for (const auto& [key, value] : *in.desired.tags) {
    auto found = current.find(key);
    if (found != current.end() && found->second == value) continue;
    tags.push_back(ToJson(ddb::Tag{key, value}));
    added += (added.empty() ? "" : ", ") + key + "=" + value;
  }
  json removed_keys = json::array();
  std::string removed;
  for (const auto& [key, value] : current) {
    if (in.desired.tags->count(key) != 0) continue;
    removed_keys.push_back(key);
    removed += (removed.empty() ? "" : ", ") + key;
  }
  if (!tags.empty()) {
    plan.Add(op::kTagResource, {field::kTags}, "set tags " + added,
             {{"ResourceArn", *in.table.table_arn}, {"Tags", std::move(tags)}});
  }
  if (!removed_keys.empty()) {
    plan.Add(op::kUntagResource, {field::kTags}, "remove tags " + removed,
             {{"ResourceArn", *in.table.table_arn}, {"TagKeys", std::move(removed_keys)}});
  }
}

void PlanResourcePolicy(const PlanInputs& in, PlanBuilder& plan) {
  if (!in.desired.resource_policy || !in.observed.resource_policy || !in.table.table_arn) return;
  const std::optional<std::string>& current = in.observed.resource_policy->document;
  const std::string& wanted = *in.desired.resource_policy;
  if (wanted.empty()) {
    if (!current) return;
    plan.Add(op::kDeleteResourcePolicy, {field::kResourcePolicy}, "delete the resource policy",
             {{"ResourceArn", *in.table.table_arn}});
    return;
  }
  if (current && SamePolicy(*current, wanted)) return;
  ddb::PutResourcePolicyInput input;
  input.resource_arn = *in.table.table_arn;
  input.policy = wanted;
  plan.Add(op::kPutResourcePolicy, {field::kResourcePolicy},
           current ? "replace the resource policy" : "attach the resource policy", ToJson(input));
}

// The region of an ARN ("arn:aws:dynamodb:us-east-1:..."), or "".
std::string RegionOfArn(const std::string& arn) {
  std::size_t start = 0;
  for (int field = 0; field < 3; ++field) {
    start = arn.find(':', start);
    if (start == std::string::npos) return "";
    ++start;
  }
  const std::size_t end = arn.find(':', start);
  return end == std::string::npos ? "" : arn.substr(start, end - start);
}

Status PlanReplicas(const PlanInputs& in, PlanBuilder& plan) {
  if (!in.desired.table_replicas) return OkStatus();
  const std::string own_region = RegionOfArn(in.table.table_arn.value_or(""));
  std::map<std::string, const ddb::ReplicaDescription*> current;
  for (const auto& replica : in.table.replicas) {
    if (replica.region_name && *replica.region_name != own_region) {
      current[*replica.region_name] = &replica;
    }
  }
  std::map<std::string, const ReplicaSpec*> wanted;
  for (const auto& replica : *in.desired.table_replicas) wanted[replica.region_name] = &replica;

  const auto update_of = [](ddb::ReplicationGroupUpdate update) {
    ddb::UpdateTableInput input;
    input.replica_updates.push_back(std::move(update));
    return input;
  };
  for (const auto& [region, replica] : current) {
    if (wanted.count(region) != 0) continue;
    ddb::ReplicationGroupUpdate update;
    update.action = ddb::DeleteReplicationGroupMemberAction{region};
    plan.UpdateTable({field::kReplicas}, "delete the replica in " + region, update_of(update));
  }
  for (const auto& [region, replica] : wanted) {
    std::optional<std::string> key_arn;
    if (replica->kms_master_key_id) {
      auto found = in.keys.replica_key_arns.find(region);
      if (found == in.keys.replica_key_arns.end()) {
        return Status(Code::kInternal, "planner: the key ARN of the replica in " + region +
                                           " was not given");
      }
      key_arn = found->second;
    }
    std::optional<ddb::ProvisionedThroughputOverride> read_override;
    if (replica->read_capacity_override) {
      read_override = ddb::ProvisionedThroughputOverride{replica->read_capacity_override};
    }
    std::vector<ddb::ReplicaGlobalSecondaryIndex> indexes;
    for (const auto& index : replica->global_secondary_indexes) {
      ddb::ReplicaGlobalSecondaryIndex item;
      item.index_name = index.index_name;
      if (index.read_capacity_override) {
        item.provisioned_throughput_override =
            ddb::ProvisionedThroughputOverride{index.read_capacity_override};
      }
      indexes.push_back(std::move(item));
    }
    auto has = current.find(region);
    if (has == current.end()) {
      ddb::ReplicationGroupUpdate update;
      update.action = ddb::CreateReplicationGroupMemberAction{
          region, key_arn, read_override, std::nullopt, indexes, replica->table_class_override};
      plan.UpdateTable({field::kReplicas}, "add a replica in " + region, update_of(update));
      continue;
    }
    const ddb::ReplicaDescription& observed = *has->second;
    bool same = !key_arn || observed.kms_master_key_id == key_arn;
    if (read_override) {
      same = same && observed.provisioned_throughput_override &&
             observed.provisioned_throughput_override->read_capacity_units ==
                 read_override->read_capacity_units;
    }
    if (replica->table_class_override) {
      const std::string has_class = observed.replica_table_class_summary
                                        ? observed.replica_table_class_summary->table_class.value_or("STANDARD")
                                        : "STANDARD";
      same = same && has_class == *replica->table_class_override;
    }
    for (const auto& index : replica->global_secondary_indexes) {
      if (!index.read_capacity_override) continue;
      bool index_same = false;
      for (const auto& observed_index : observed.global_secondary_indexes) {
        if (observed_index.index_name == index.index_name) {
          index_same = observed_index.provisioned_throughput_override &&
                       observed_index.provisioned_throughput_override->read_capacity_units ==
                           index.read_capacity_override;
        }
      }
      same = same && index_same;
    }
    if (same) continue;
    ddb::ReplicationGroupUpdate update;
    update.action = ddb::UpdateReplicationGroupMemberAction{
        region, key_arn, read_override, std::nullopt, indexes, replica->table_class_override};
    plan.UpdateTable({field::kReplicas}, "update the replica in " + region, update_of(update));
  }
  return OkStatus();
}

}  // namespace

Result<KeyNames> KeysToCanonicalise(const TableSpec& desired, const ObservedTable& observed) {
  KeyNames names;
  switch (desired.encryption()) {
    case Encryption::kAwsOwnedKey:
      break;
    case Encryption::kAwsManagedKey:
      if (ObservedKmsKeyArn(observed.table)) names.sse_key = std::string(kAwsManagedKeyAlias);
      break;
    case Encryption::kCustomerKey: {
      const SseSpec& sse = *desired.sse_specification;
      if (!sse.kms_master_key_id) {
        return Status(Code::kFailedPrecondition,
                      "spec.sseSpecification.kmsMasterKeyRef: the reference to Key " +
                          sse.kms_master_key_ref->name + " is not resolved yet");
      }
      names.sse_key = sse.kms_master_key_id;
      break;
    }
  }
  if (desired.table_replicas) {
    for (const auto& replica : *desired.table_replicas) {
      if (replica.kms_master_key_id) names.replica_keys[replica.region_name] = *replica.kms_master_key_id;
    }
  }
  return names;
}

Result<runtime::Plan> PlanTableUpdate(const TableSpec& desired, const ObservedTable& observed,
                                      const CanonicalKeys& keys) {
  if (std::string busy = BusyReason(observed.table); !busy.empty()) {
    runtime::Plan plan;
    plan.waiting_for = std::move(busy);
    if (observed.table.table_status == ddb::table_status::kInaccessibleEncryptionCredentials) {
      plan.waiting_for += fmt::format(
          ": DynamoDB cannot use {}; enable the key (or cancel its deletion) and restore its "
          "grants",
          DescribeKey(ObservedKmsKeyArn(observed.table)));
      plan.requeue_after = kInaccessibleKeyRecheck;
    }
    return plan;
  }
  const PlanInputs inputs(desired, observed, keys);
  PlanBuilder plan(desired.table_name);
  if (Status status = PlanIndexesAndCapacity(inputs, plan); !status.ok()) return status;
  PlanStream(inputs, plan);
  if (Status status = PlanEncryption(inputs, plan); !status.ok()) return status;
  PlanTableSettings(inputs, plan);
  PlanTimeToLive(inputs, plan);
  PlanPointInTimeRecovery(inputs, plan);
  PlanContributorInsights(inputs, plan);
  PlanTags(inputs, plan);
  PlanResourcePolicy(inputs, plan);
  if (Status status = PlanReplicas(inputs, plan); !status.ok()) return status;
  return std::move(plan).Build();
}

}  // namespace tk::services::dynamodb
