// ObservedKey: what the Key manager read about one KMS key, and how it is
// reported: the object's status in ACK's field names, and the spec as AWS
// has it (what adoption fills unset spec fields with).
//
// Status fields (ACK's Key status): keyID, ackResourceMetadata.arn and
// .ownerAccountID (the account of the key ARN), awsAccountID,
// cloudHsmClusterID, creationDate, deletionDate, enabled,
// encryptionAlgorithms, expirationModel, keyManager, keyState, macAlgorithms,
// multiRegionConfiguration, pendingDeletionWindowInDays, signingAlgorithms,
// validTo. Times are RFC 3339 in UTC with seconds ("2024-05-01T12:00:00Z"),
// as ACK writes a metav1.Time. A field KMS did not report is null, so a
// merge of the status removes what no longer holds (e.g. deletionDate after
// a cancelled deletion).
//
// Pure functions; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "aws/kms_types.h"
#include "runtime/resource_manager.h"

namespace tk::services::kms {

struct ObservedKey {
  aws::kms::KeyMetadata metadata;  // DescribeKey (or CreateKey)
  // Read only when the spec manages them or adoption asks (unread: nullopt).
  std::optional<std::string> policy;                        // GetKeyPolicy, as KMS has it
  std::optional<std::map<std::string, std::string>> tags;  // ListResourceTags
  std::optional<bool> rotation_enabled;                     // GetKeyRotationStatus
  // GetKeyRotationStatus answered UnsupportedOperationException: the key
  // cannot rotate (asymmetric, HMAC, imported material, custom key store).
  bool rotation_unsupported = false;
};

// The key's status fields, as above.
nlohmann::json KeyStatusJson(const aws::kms::KeyMetadata& metadata);

// The spec as AWS has it: description, keySpec, keyUsage, origin,
// multiRegion, customKeyStoreID, and policy, tags and enableKeyRotation when
// they were read.
nlohmann::json KeySpecJson(const ObservedKey& key);

// The Observation of `key`: exists, status, spec, busy (Creating, Updating)
// and `key` itself as details.
runtime::Observation KeyObservation(ObservedKey key);

// "2024-05-01T12:00:00Z" for seconds since the Unix epoch (fractions dropped).
std::string Rfc3339(double seconds_since_epoch);

// Key states in which nothing can be changed until the deletion is
// cancelled: PendingDeletion and PendingReplicaDeletion.
bool IsScheduledForDeletion(const aws::kms::KeyMetadata& metadata);

// Key states KMS moves out of by itself (Creating, Updating).
bool IsSettling(const aws::kms::KeyMetadata& metadata);

}  // namespace tk::services::kms
