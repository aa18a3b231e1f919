#include "services/dynamodb/observed_table.h"

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

namespace tk::services::dynamodb {
namespace {

using nlohmann::json;

// `value` as JSON, or null when unset.
template <typename T, typename F>
json OrNull(const std::optional<T>& value, F&& convert) {
  return value ? convert(*value) : json(nullptr);
}
template <typename T>
json OrNull(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}
json TimeOrNull(const std::optional<double>& value) {
  return value ? json(Rfc3339(*value)) : json(nullptr);
}

// Adds `name` to `object` when `value` is set.
template <typename T>
void SetIf(json& object, const char* name, const std::optional<T>& value) {
  if (value) object[name] = *value;
}
void SetTimeIf(json& object, const char* name, const std::optional<double>& value) {
  if (value) object[name] = Rfc3339(*value);
}

json KeySchemaJson(const std::vector<ddb::KeySchemaElement>& keys) {
  json list = json::array();
  for (const auto& key : keys) {
    list.push_back({{"attributeName", key.attribute_name}, {"keyType", key.key_type}});
  }
  return list;
}

json ProjectionJson(const ddb::Projection& projection) {
  json object = json::object();
  SetIf(object, "projectionType", projection.projection_type);
  if (!projection.non_key_attributes.empty()) object["nonKeyAttributes"] = projection.non_key_attributes;
  return object;
}

json OnDemandJson(const ddb::OnDemandThroughput& throughput) {
  json object = json::object();
  SetIf(object, "maxReadRequestUnits", throughput.max_read_request_units);
  SetIf(object, "maxWriteRequestUnits", throughput.max_write_request_units);
  return object;
}

json ProvisionedDescriptionJson(const ddb::ProvisionedThroughputDescription& throughput) {
  json object = json::object();
  SetTimeIf(object, "lastDecreaseDateTime", throughput.last_decrease_date_time);
  SetTimeIf(object, "lastIncreaseDateTime", throughput.last_increase_date_time);
  SetIf(object, "numberOfDecreasesToday", throughput.number_of_decreases_today);
  SetIf(object, "readCapacityUnits", throughput.read_capacity_units);
  SetIf(object, "writeCapacityUnits", throughput.write_capacity_units);
  return object;
}

json ReadOverrideJson(const ddb::ProvisionedThroughputOverride& override_units) {
  json object = json::object();
  SetIf(object, "readCapacityUnits", override_units.read_capacity_units);
  return object;
}

json IndexDescriptionJson(const ddb::GlobalSecondaryIndexDescription& index) {
  json object = json::object();
  SetIf(object, "backfilling", index.backfilling);
  SetIf(object, "indexARN", index.index_arn);
  SetIf(object, "indexName", index.index_name);
  SetIf(object, "indexSizeBytes", index.index_size_bytes);
  SetIf(object, "indexStatus", index.index_status);
  SetIf(object, "itemCount", index.item_count);
  object["keySchema"] = KeySchemaJson(index.key_schema);
  if (index.on_demand_throughput) object["onDemandThroughput"] = OnDemandJson(*index.on_demand_throughput);
  if (index.projection) object["projection"] = ProjectionJson(*index.projection);
  if (index.provisioned_throughput) {
    object["provisionedThroughput"] = ProvisionedDescriptionJson(*index.provisioned_throughput);
  }
  return object;
}

json ReplicaJson(const ddb::ReplicaDescription& replica) {
  json object = json::object();
  if (!replica.global_secondary_indexes.empty()) {
    json indexes = json::array();
    for (const auto& index : replica.global_secondary_indexes) {
      json item = json::object();
      SetIf(item, "indexName", index.index_name);
      if (index.provisioned_throughput_override) {
        item["provisionedThroughputOverride"] = ReadOverrideJson(*index.provisioned_throughput_override);
      }
      indexes.push_back(std::move(item));
    }
    object["globalSecondaryIndexes"] = std::move(indexes);
  }
  SetIf(object, "kmsMasterKeyID", replica.kms_master_key_id);
  if (replica.provisioned_throughput_override) {
    object["provisionedThroughputOverride"] = ReadOverrideJson(*replica.provisioned_throughput_override);
  }
  SetIf(object, "regionName", replica.region_name);
  SetTimeIf(object, "replicaInaccessibleDateTime", replica.replica_inaccessible_date_time);
  SetIf(object, "replicaStatus", replica.replica_status);
  SetIf(object, "replicaStatusDescription", replica.replica_status_description);
  SetIf(object, "replicaStatusPercentProgress", replica.replica_status_percent_progress);
  if (replica.replica_table_class_summary) {
    json summary = json::object();
    SetTimeIf(summary, "lastUpdateDateTime", replica.replica_table_class_summary->last_update_date_time);
    SetIf(summary, "tableClass", replica.replica_table_class_summary->table_class);
    object["replicaTableClassSummary"] = std::move(summary);
  }
  return object;
}

}  // namespace

std::optional<std::string> ObservedKmsKeyArn(const ddb::TableDescription& table) {
  const std::optional<ddb::SSEDescription>& sse = table.sse_description;
  if (!sse || !sse->kms_master_key_arn) return std::nullopt;
  const std::string status = sse->status.value_or(std::string(ddb::sse_status::kEnabled));
  if (status == ddb::sse_status::kDisabled || status == ddb::sse_status::kDisabling) {
    return std::nullopt;
  }
  return sse->kms_master_key_arn;
}

std::string ObservedBillingMode(const ddb::TableDescription& table) {
  if (table.billing_mode_summary && table.billing_mode_summary->billing_mode) {
    return *table.billing_mode_summary->billing_mode;
  }
  return std::string(ddb::billing_mode::kProvisioned);
}

std::string Rfc3339(double epoch_seconds) {
  const auto seconds = static_cast<std::time_t>(epoch_seconds);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1,
                     utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

std::string AccountOfArn(const std::string& arn) {
  // arn:partition:service:region:account:resource
  if (arn.rfind("arn:", 0) != 0) return "";
  std::size_t start = 0;
  for (int field = 0; field < 4; ++field) {
    start = arn.find(':', start);
    if (start == std::string::npos) return "";
    ++start;
  }
  const std::size_t end = arn.find(':', start);
  if (end == std::string::npos) return "";
  return arn.substr(start, end - start);
}

std::string BusyReason(const ddb::TableDescription& table) {
  const std::string name = table.table_name.value_or("the table");
  const std::string status = table.table_status.value_or("unknown");
  if (status != ddb::table_status::kActive) return fmt::format("table {} is {}", name, status);
  for (const auto& index : table.global_secondary_indexes) {
    const std::string index_status = index.index_status.value_or("unknown");
    if (index_status != ddb::index_status::kActive) {
      return fmt::format("index {} of table {} is {}", index.index_name.value_or("?"), name,
                         index_status);
    }
    if (index.backfilling.value_or(false)) {
      return fmt::format("index {} of table {} is backfilling", index.index_name.value_or("?"),
                         name);
    }
  }
  if (table.sse_description && table.sse_description->status) {
    const std::string& sse = *table.sse_description->status;
    if (sse == ddb::sse_status::kUpdating || sse == ddb::sse_status::kEnabling ||
        sse == ddb::sse_status::kDisabling) {
      return fmt::format("the encryption of table {} is {}", name, sse);
    }
  }
  for (const auto& replica : table.replicas) {
    const std::string replica_status = replica.replica_status.value_or("ACTIVE");
    if (replica_status != "ACTIVE") {
      return fmt::format("replica {} of table {} is {}", replica.region_name.value_or("?"), name,
                         replica_status);
    }
  }
  return "";
}

nlohmann::json StatusOf(const ObservedTable& observed) {
  const ddb::TableDescription& table = observed.table;
  json status = json::object();
  if (table.table_arn) {
    status["ackResourceMetadata"] = {{"arn", *table.table_arn}};
    const std::string account = AccountOfArn(*table.table_arn);
    if (!account.empty()) status["ackResourceMetadata"]["ownerAccountID"] = account;
  }
  status["tableARN"] = OrNull(table.table_arn);
  status["tableID"] = OrNull(table.table_id);
  status["tableStatus"] = OrNull(table.table_status);
  status["creationDateTime"] = TimeOrNull(table.creation_date_time);
  status["itemCount"] = OrNull(table.item_count);
  status["tableSizeBytes"] = OrNull(table.table_size_bytes);
  status["latestStreamARN"] = OrNull(table.latest_stream_arn);
  status["latestStreamLabel"] = OrNull(table.latest_stream_label);
  status["globalTableVersion"] = OrNull(table.global_table_version);

  json indexes = nullptr;
  if (!table.global_secondary_indexes.empty()) {
    indexes = json::array();
    for (const auto& index : table.global_secondary_indexes) indexes.push_back(IndexDescriptionJson(index));
  }
  status["globalSecondaryIndexesDescriptions"] = std::move(indexes);

  json replicas = nullptr;
  if (!table.replicas.empty()) {
    replicas = json::array();
    for (const auto& replica : table.replicas) replicas.push_back(ReplicaJson(replica));
  }
  status["replicas"] = std::move(replicas);

  status["restoreSummary"] = OrNull(table.restore_summary, [](const ddb::RestoreSummary& summary) {
    json object = {{"restoreDateTime", Rfc3339(summary.restore_date_time)},
                   {"restoreInProgress", summary.restore_in_progress}};
    SetIf(object, "sourceBackupARN", summary.source_backup_arn);
    SetIf(object, "sourceTableARN", summary.source_table_arn);
    return object;
  });
  status["archivalSummary"] = OrNull(table.archival_summary, [](const ddb::ArchivalSummary& summary) {
    json object = json::object();
    SetIf(object, "archivalBackupARN", summary.archival_backup_arn);
    SetTimeIf(object, "archivalDateTime", summary.archival_date_time);
    SetIf(object, "archivalReason", summary.archival_reason);
    return object;
  });
  status["sseDescription"] = OrNull(table.sse_description, [](const ddb::SSEDescription& sse) {
    json object = json::object();
    SetIf(object, "status", sse.status);
    SetIf(object, "sseType", sse.sse_type);
    SetIf(object, "kmsMasterKeyARN", sse.kms_master_key_arn);
    SetTimeIf(object, "inaccessibleEncryptionDateTime", sse.inaccessible_encryption_date_time);
    return object;
  });
  status["billingModeSummary"] =
      OrNull(table.billing_mode_summary, [](const ddb::BillingModeSummary& summary) {
        json object = json::object();
        SetIf(object, "billingMode", summary.billing_mode);
        SetTimeIf(object, "lastUpdateToPayPerRequestDateTime",
                  summary.last_update_to_pay_per_request_date_time);
        return object;
      });
  status["tableClassSummary"] =
      OrNull(table.table_class_summary, [](const ddb::TableClassSummary& summary) {
        json object = json::object();
        SetIf(object, "tableClass", summary.table_class);
        SetTimeIf(object, "lastUpdateDateTime", summary.last_update_date_time);
        return object;
      });
  return status;
}

nlohmann::json SpecOf(const ObservedTable& observed) {
  const ddb::TableDescription& table = observed.table;
  json spec = json::object();
  SetIf(spec, "tableName", table.table_name);
  json definitions = json::array();
  for (const auto& definition : table.attribute_definitions) {
    definitions.push_back(
        {{"attributeName", definition.attribute_name}, {"attributeType", definition.attribute_type}});
  }
  spec["attributeDefinitions"] = std::move(definitions);
  spec["keySchema"] = KeySchemaJson(table.key_schema);

  const std::string billing_mode = ObservedBillingMode(table);
  const bool provisioned = billing_mode == ddb::billing_mode::kProvisioned;
  spec["billingMode"] = billing_mode;
  if (provisioned && table.provisioned_throughput) {
    spec["provisionedThroughput"] = {
        {"readCapacityUnits", table.provisioned_throughput->read_capacity_units.value_or(0)},
        {"writeCapacityUnits", table.provisioned_throughput->write_capacity_units.value_or(0)}};
  }
  if (!provisioned && table.on_demand_throughput) {
    json on_demand = OnDemandJson(*table.on_demand_throughput);
    if (!on_demand.empty()) spec["onDemandThroughput"] = std::move(on_demand);
  }
  if (!table.global_secondary_indexes.empty()) {
    json indexes = json::array();
    for (const auto& index : table.global_secondary_indexes) {
      if (index.index_status == ddb::index_status::kDeleting) continue;
      json item = {{"indexName", index.index_name.value_or("")},
                   {"keySchema", KeySchemaJson(index.key_schema)}};
      if (index.projection) item["projection"] = ProjectionJson(*index.projection);
      if (provisioned && index.provisioned_throughput) {
        item["provisionedThroughput"] = {
            {"readCapacityUnits", index.provisioned_throughput->read_capacity_units.value_or(0)},
            {"writeCapacityUnits", index.provisioned_throughput->write_capacity_units.value_or(0)}};
      }
      if (!provisioned && index.on_demand_throughput) {
        json on_demand = OnDemandJson(*index.on_demand_throughput);
        if (!on_demand.empty()) item["onDemandThroughput"] = std::move(on_demand);
      }
      indexes.push_back(std::move(item));
    }
    spec["globalSecondaryIndexes"] = std::move(indexes);
  }
  if (!table.local_secondary_indexes.empty()) {
    json indexes = json::array();
    for (const auto& index : table.local_secondary_indexes) {
      json item = {{"indexName", index.index_name.value_or("")},
                   {"keySchema", KeySchemaJson(index.key_schema)}};
      if (index.projection) item["projection"] = ProjectionJson(*index.projection);
      indexes.push_back(std::move(item));
    }
    spec["localSecondaryIndexes"] = std::move(indexes);
  }
  if (table.stream_specification) {
    json stream = {{"streamEnabled", table.stream_specification->stream_enabled}};
    if (table.stream_specification->stream_enabled) {
      SetIf(stream, "streamViewType", table.stream_specification->stream_view_type);
    }
    spec["streamSpecification"] = std::move(stream);
  }
  if (std::optional<std::string> key = ObservedKmsKeyArn(table)) {
    spec["sseSpecification"] = {
        {"enabled", true}, {"sseType", std::string(ddb::sse_type::kKms)}, {"kmsMasterKeyID", *key}};
  }
  if (table.table_class_summary) SetIf(spec, "tableClass", table.table_class_summary->table_class);
  SetIf(spec, "deletionProtectionEnabled", table.deletion_protection_enabled);
  if (observed.tags) {
    std::vector<ddb::Tag> tags = *observed.tags;
    std::sort(tags.begin(), tags.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    json list = json::array();
    for (const auto& tag : tags) {
      if (tag.key.rfind("aws:", 0) == 0) continue;
      list.push_back({{"key", tag.key}, {"value", tag.value}});
    }
    spec["tags"] = std::move(list);
  }
  if (observed.time_to_live) {
    const std::string status = observed.time_to_live->time_to_live_status.value_or("DISABLED");
    json ttl = {{"enabled", status == "ENABLED" || status == "ENABLING"}};
    SetIf(ttl, "attributeName", observed.time_to_live->attribute_name);
    spec["timeToLive"] = std::move(ttl);
  }
  if (observed.continuous_backups) {
    const auto& pitr = observed.continuous_backups->point_in_time_recovery_description;
    spec["continuousBackups"] = {
        {"pointInTimeRecoveryEnabled",
         pitr && pitr->point_in_time_recovery_status.value_or("DISABLED") == "ENABLED"}};
  }
  if (observed.contributor_insights && observed.contributor_insights->contributor_insights_status) {
    const std::string& status = *observed.contributor_insights->contributor_insights_status;
    spec["contributorInsights"] = status == "ENABLED" || status == "ENABLING" ? "ENABLE" : "DISABLE";
  }
  if (observed.resource_policy && observed.resource_policy->document) {
    spec["resourcePolicy"] = *observed.resource_policy->document;
  }
  if (!table.replicas.empty()) {
    json replicas = json::array();
    for (const auto& replica : table.replicas) {
      json item = ReplicaJson(replica);
      json spec_item = json::object();
      for (const char* name : {"regionName", "kmsMasterKeyID", "provisionedThroughputOverride",
                               "globalSecondaryIndexes"}) {
        if (item.contains(name)) spec_item[name] = item[name];
      }
      if (replica.replica_table_class_summary && replica.replica_table_class_summary->table_class) {
        spec_item["tableClassOverride"] = *replica.replica_table_class_summary->table_class;
      }
      replicas.push_back(std::move(spec_item));
    }
    spec["tableReplicas"] = std::move(replicas);
  }
  return spec;
}

}  // namespace tk::services::dynamodb
