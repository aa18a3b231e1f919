#include "services/kms/observed_key.h"

#include <fmt/format.h>

#include <cmath>
#include <ctime>
#include <utility>

#include "services/kms/desired_key.h"
#include "services/kms/key_names.h"

namespace tk::services::kms {
namespace {

template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
  if (!value) return nullptr;
  return *value;
}

nlohmann::json TimeOrNull(const std::optional<double>& seconds) {
  if (!seconds) return nullptr;
  return Rfc3339(*seconds);
}

nlohmann::json MultiRegionKeyJson(const aws::kms::MultiRegionKey& key) {
  nlohmann::json json = nlohmann::json::object();
  if (key.arn) json["arn"] = *key.arn;
  if (key.region) json["region"] = *key.region;
  return json;
}

nlohmann::json MultiRegionJson(const std::optional<aws::kms::MultiRegionConfiguration>& config) {
  if (!config) return nullptr;
  nlohmann::json json = nlohmann::json::object();
  if (config->multi_region_key_type) json["multiRegionKeyType"] = *config->multi_region_key_type;
  if (config->primary_key) json["primaryKey"] = MultiRegionKeyJson(*config->primary_key);
  if (config->replica_keys) {
    nlohmann::json replicas = nlohmann::json::array();
    for (const aws::kms::MultiRegionKey& replica : *config->replica_keys) {
      replicas.push_back(MultiRegionKeyJson(replica));
    }
    json["replicaKeys"] = std::move(replicas);
  }
  return json;
}

}  // namespace

std::string Rfc3339(double seconds_since_epoch) {
  const auto whole = static_cast<std::time_t>(std::floor(seconds_since_epoch));
  std::tm utc{};
  gmtime_r(&whole, &utc);
  char text[32];
  const size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(text, length);
}

nlohmann::json KeyStatusJson(const aws::kms::KeyMetadata& metadata) {
  const std::string arn = metadata.arn.value_or("");
  std::string owner = metadata.aws_account_id.value_or("");
  if (Result<KeyName> name = ParseKeyName(arn); name.ok() && name->IsArn()) owner = name->account;

  nlohmann::json resource = nlohmann::json::object();
  if (!arn.empty()) resource["arn"] = arn;
  if (!owner.empty()) resource["ownerAccountID"] = owner;

  return {
      {"ackResourceMetadata", std::move(resource)},
      {"keyID", metadata.key_id},
      {"awsAccountID", OrNull(metadata.aws_account_id)},
      {"cloudHsmClusterID", OrNull(metadata.cloud_hsm_cluster_id)},
      {"creationDate", TimeOrNull(metadata.creation_date)},
      {"deletionDate", TimeOrNull(metadata.deletion_date)},
      {"enabled", OrNull(metadata.enabled)},
      {"encryptionAlgorithms", OrNull(metadata.encryption_algorithms)},
      {"expirationModel", OrNull(metadata.expiration_model)},
      {"keyManager", OrNull(metadata.key_manager)},
      {"keyState", OrNull(metadata.key_state)},
      {"macAlgorithms", OrNull(metadata.mac_algorithms)},
      {"multiRegionConfiguration", MultiRegionJson(metadata.multi_region_configuration)},
      {"pendingDeletionWindowInDays", OrNull(metadata.pending_deletion_window_in_days)},
      {"signingAlgorithms", OrNull(metadata.signing_algorithms)},
      {"validTo", TimeOrNull(metadata.valid_to)},
  };
}

nlohmann::json KeySpecJson(const ObservedKey& key) {
  const aws::kms::KeyMetadata& metadata = key.metadata;
  nlohmann::json spec = nlohmann::json::object();
  spec["description"] = metadata.description.value_or("");
  if (metadata.key_spec) spec["keySpec"] = *metadata.key_spec;
  if (metadata.key_usage) spec["keyUsage"] = *metadata.key_usage;
  if (metadata.origin) spec["origin"] = *metadata.origin;
  spec["multiRegion"] = metadata.multi_region.value_or(false);
  if (metadata.custom_key_store_id) spec["customKeyStoreID"] = *metadata.custom_key_store_id;
  if (key.policy) spec["policy"] = *key.policy;
  if (key.tags) spec["tags"] = TagListJson(*key.tags);
  if (key.rotation_enabled) spec["enableKeyRotation"] = *key.rotation_enabled;
  return spec;
}

bool IsScheduledForDeletion(const aws::kms::KeyMetadata& metadata) {
  const std::string state = metadata.key_state.value_or("");
  return state == "PendingDeletion" || state == "PendingReplicaDeletion";
}

bool IsSettling(const aws::kms::KeyMetadata& metadata) {
  const std::string state = metadata.key_state.value_or("");
  return state == "Creating" || state == "Updating";
}

runtime::Observation KeyObservation(ObservedKey key) {
  runtime::Observation observation;
  observation.exists = true;
  observation.status = KeyStatusJson(key.metadata);
  observation.spec = KeySpecJson(key);
  observation.busy = IsSettling(key.metadata);
  observation.details = std::move(key);
  return observation;
}

}  // namespace tk::services::kms
