// The KMS shapes tablekeeper reads and writes, field for field as the KMS API
// model names them (../shared/reference/aws-api-models/kms/service-2.json),
// with their JSON encoding and decoding.
//
// Conventions, the same for every shape here and in kms_operations.h:
// - A member is the model's name in snake_case (AWSAccountId ->
//   aws_account_id); a member the model does not require is a std::optional,
//   lists included, so "absent" and "empty" stay apart.
// - Enums are strings in AWS's spelling ("Enabled", "SYMMETRIC_DEFAULT"),
//   never checked against a list: AWS adds values, we must still read them.
// - Timestamps are what the JSON protocol carries: seconds since the Unix
//   epoch, as a double (1700000000.123).
// - Encode*() omits unset optionals. Decode*() ignores members it does not
//   know, treats a null member as absent, and fails with kInternal naming the
//   member's path ("KeyMetadata.Enabled: expected a boolean, found a string")
//   for a member of the wrong type or a missing required one. `path` is the
//   name of the decoded value in such messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace tk::aws::kms {

// MultiRegionKey: one key of a multi-Region key set.
struct MultiRegionKey {
  std::optional<std::string> arn;     // Arn
  std::optional<std::string> region;  // Region
};

// MultiRegionConfiguration: how a multi-Region key relates to its siblings.
struct MultiRegionConfiguration {
  std::optional<std::string> multi_region_key_type;  // MultiRegionKeyType: PRIMARY | REPLICA
  std::optional<MultiRegionKey> primary_key;         // PrimaryKey
  std::optional<std::vector<MultiRegionKey>> replica_keys;  // ReplicaKeys
};

// XksKeyConfigurationType: the external key of a key in an external key store.
struct XksKeyConfiguration {
  std::optional<std::string> id;  // Id
};

// KeyMetadata: what DescribeKey and CreateKey say about a key. ACK's Key
// status exposes most of it (keyID, arn, keyState, deletionDate, ...).
struct KeyMetadata {
  std::optional<std::string> aws_account_id;  // AWSAccountId
  std::string key_id;                         // KeyId (required)
  std::optional<std::string> arn;             // Arn: the canonical key name
  std::optional<double> creation_date;        // CreationDate
  std::optional<bool> enabled;                // Enabled
  std::optional<std::string> description;     // Description
  // KeyUsage: SIGN_VERIFY | ENCRYPT_DECRYPT | GENERATE_VERIFY_MAC | KEY_AGREEMENT
  std::optional<std::string> key_usage;
  // KeyState: Creating | Enabled | Disabled | PendingDeletion | PendingImport |
  // PendingReplicaDeletion | Unavailable | Updating
  std::optional<std::string> key_state;
  std::optional<double> deletion_date;          // DeletionDate
  std::optional<double> valid_to;               // ValidTo
  std::optional<std::string> origin;            // Origin: AWS_KMS | EXTERNAL | AWS_CLOUDHSM | ...
  std::optional<std::string> custom_key_store_id;   // CustomKeyStoreId
  std::optional<std::string> cloud_hsm_cluster_id;  // CloudHsmClusterId
  std::optional<std::string> expiration_model;      // ExpirationModel
  std::optional<std::string> key_manager;           // KeyManager: AWS | CUSTOMER
  std::optional<std::string> customer_master_key_spec;  // CustomerMasterKeySpec (deprecated)
  std::optional<std::string> key_spec;                  // KeySpec
  std::optional<std::vector<std::string>> encryption_algorithms;     // EncryptionAlgorithms
  std::optional<std::vector<std::string>> signing_algorithms;        // SigningAlgorithms
  std::optional<std::vector<std::string>> key_agreement_algorithms;  // KeyAgreementAlgorithms
  std::optional<bool> multi_region;                                  // MultiRegion
  std::optional<MultiRegionConfiguration> multi_region_configuration;  // MultiRegionConfiguration
  std::optional<int> pending_deletion_window_in_days;  // PendingDeletionWindowInDays
  std::optional<std::vector<std::string>> mac_algorithms;  // MacAlgorithms
  std::optional<XksKeyConfiguration> xks_key_configuration;  // XksKeyConfiguration
  std::optional<std::string> current_key_material_id;        // CurrentKeyMaterialId
};

// Tag: both members are required by the model.
struct Tag {
  std::string tag_key;    // TagKey
  std::string tag_value;  // TagValue

  friend bool operator==(const Tag&, const Tag&) = default;
};

// AliasListEntry: one alias as ListAliases reports it. AWS-managed aliases
// ("alias/aws/...") may have no TargetKeyId until first used.
struct AliasListEntry {
  std::optional<std::string> alias_name;      // AliasName: "alias/orders"
  std::optional<std::string> alias_arn;       // AliasArn
  std::optional<std::string> target_key_id;   // TargetKeyId: the key id, not its ARN
  std::optional<double> creation_date;        // CreationDate
  std::optional<double> last_updated_date;    // LastUpdatedDate
};

nlohmann::json EncodeMultiRegionKey(const MultiRegionKey& key);
Result<MultiRegionKey> DecodeMultiRegionKey(const nlohmann::json& json, std::string_view path);

nlohmann::json EncodeMultiRegionConfiguration(const MultiRegionConfiguration& configuration);
Result<MultiRegionConfiguration> DecodeMultiRegionConfiguration(const nlohmann::json& json,
                                                                std::string_view path);

nlohmann::json EncodeXksKeyConfiguration(const XksKeyConfiguration& configuration);
Result<XksKeyConfiguration> DecodeXksKeyConfiguration(const nlohmann::json& json,
                                                      std::string_view path);

nlohmann::json EncodeKeyMetadata(const KeyMetadata& metadata);
Result<KeyMetadata> DecodeKeyMetadata(const nlohmann::json& json,
                                      std::string_view path = "KeyMetadata");

nlohmann::json EncodeTag(const Tag& tag);
Result<Tag> DecodeTag(const nlohmann::json& json, std::string_view path = "Tag");

nlohmann::json EncodeAliasListEntry(const AliasListEntry& alias);
Result<AliasListEntry> DecodeAliasListEntry(const nlohmann::json& json,
                                            std::string_view path = "AliasListEntry");

}  // namespace tk::aws::kms
