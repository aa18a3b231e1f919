#include "aws/kms_types.h"

#include <string>
#include <utility>

#include "aws/kms_json_fields.h"

namespace tk::aws::kms {

using internal::FieldReader;
using internal::PutOptional;
using internal::PutOptionalList;

nlohmann::json EncodeMultiRegionKey(const MultiRegionKey& key) {
  nlohmann::json json = nlohmann::json::object();
  PutOptional(json, "Arn", key.arn);
  PutOptional(json, "Region", key.region);
  return json;
}

Result<MultiRegionKey> DecodeMultiRegionKey(const nlohmann::json& json, std::string_view path) {
  MultiRegionKey key;
  FieldReader fields(json, std::string(path));
  fields.Optional("Arn", key.arn);
  fields.Optional("Region", key.region);
  if (!fields.status().ok()) return fields.status();
  return key;
}

nlohmann::json EncodeMultiRegionConfiguration(const MultiRegionConfiguration& configuration) {
  nlohmann::json json = nlohmann::json::object();
  PutOptional(json, "MultiRegionKeyType", configuration.multi_region_key_type);
  PutOptional(json, "PrimaryKey", configuration.primary_key, EncodeMultiRegionKey);
  PutOptionalList(json, "ReplicaKeys", configuration.replica_keys, EncodeMultiRegionKey);
  return json;
}

Result<MultiRegionConfiguration> DecodeMultiRegionConfiguration(const nlohmann::json& json,
                                                                std::string_view path) {
  MultiRegionConfiguration configuration;
  FieldReader fields(json, std::string(path));
  fields.Optional("MultiRegionKeyType", configuration.multi_region_key_type);
  fields.OptionalObject("PrimaryKey", configuration.primary_key, DecodeMultiRegionKey);
  fields.OptionalList("ReplicaKeys", configuration.replica_keys, DecodeMultiRegionKey);
  if (!fields.status().ok()) return fields.status();
  return configuration;
}

nlohmann::json EncodeXksKeyConfiguration(const XksKeyConfiguration& configuration) {
  nlohmann::json json = nlohmann::json::object();
  PutOptional(json, "Id", configuration.id);
  return json;
}

Result<XksKeyConfiguration> DecodeXksKeyConfiguration(const nlohmann::json& json,
                                                      std::string_view path) {
  XksKeyConfiguration configuration;
  FieldReader fields(json, std::string(path));
  fields.Optional("Id", configuration.id);
  if (!fields.status().ok()) return fields.status();
  return configuration;
}

nlohmann::json EncodeKeyMetadata(const KeyMetadata& metadata) {
  nlohmann::json json = nlohmann::json::object();
  PutOptional(json, "AWSAccountId", metadata.aws_account_id);
  json["KeyId"] = metadata.key_id;
  PutOptional(json, "Arn", metadata.arn);
  PutOptional(json, "CreationDate", metadata.creation_date);
  PutOptional(json, "Enabled", metadata.enabled);
  PutOptional(json, "Description", metadata.description);
  PutOptional(json, "KeyUsage", metadata.key_usage);
  PutOptional(json, "KeyState", metadata.key_state);
  PutOptional(json, "DeletionDate", metadata.deletion_date);
  PutOptional(json, "ValidTo", metadata.valid_to);
  PutOptional(json, "Origin", metadata.origin);
  PutOptional(json, "CustomKeyStoreId", metadata.custom_key_store_id);
  PutOptional(json, "CloudHsmClusterId", metadata.cloud_hsm_cluster_id);
  PutOptional(json, "ExpirationModel", metadata.expiration_model);
  PutOptional(json, "KeyManager", metadata.key_manager);
  PutOptional(json, "CustomerMasterKeySpec", metadata.customer_master_key_spec);
  PutOptional(json, "KeySpec", metadata.key_spec);
  PutOptional(json, "EncryptionAlgorithms", metadata.encryption_algorithms);
  PutOptional(json, "SigningAlgorithms", metadata.signing_algorithms);
  PutOptional(json, "KeyAgreementAlgorithms", metadata.key_agreement_algorithms);
  PutOptional(json, "MultiRegion", metadata.multi_region);
  PutOptional(json, "MultiRegionConfiguration", metadata.multi_region_configuration,
              EncodeMultiRegionConfiguration);
  PutOptional(json, "PendingDeletionWindowInDays", metadata.pending_deletion_window_in_days);
  PutOptional(json, "MacAlgorithms", metadata.mac_algorithms);
  PutOptional(json, "XksKeyConfiguration", metadata.xks_key_configuration,
              EncodeXksKeyConfiguration);
  PutOptional(json, "CurrentKeyMaterialId", metadata.current_key_material_id);
  return json;
}

Result<KeyMetadata> DecodeKeyMetadata(const nlohmann::json& json, std::string_view path) {
  KeyMetadata metadata;
  FieldReader fields(json, std::string(path));
  fields.Optional("AWSAccountId", metadata.aws_account_id);
  fields.Required("KeyId", metadata.key_id);
  fields.Optional("Arn", metadata.arn);
  fields.Optional("CreationDate", metadata.creation_date);
  fields.Optional("Enabled", metadata.enabled);
  fields.Optional("Description", metadata.description);
  fields.Optional("KeyUsage", metadata.key_usage);
  fields.Optional("KeyState", metadata.key_state);
  fields.Optional("DeletionDate", metadata.deletion_date);
  fields.Optional("ValidTo", metadata.valid_to);
  fields.Optional("Origin", metadata.origin);
  fields.Optional("CustomKeyStoreId", metadata.custom_key_store_id);
  fields.Optional("CloudHsmClusterId", metadata.cloud_hsm_cluster_id);
  fields.Optional("ExpirationModel", metadata.expiration_model);
  fields.Optional("KeyManager", metadata.key_manager);
  fields.Optional("CustomerMasterKeySpec", metadata.customer_master_key_spec);
  fields.Optional("KeySpec", metadata.key_spec);
  fields.Optional("EncryptionAlgorithms", metadata.encryption_algorithms);
  fields.Optional("SigningAlgorithms", metadata.signing_algorithms);
  fields.Optional("KeyAgreementAlgorithms", metadata.key_agreement_algorithms);
  fields.Optional("MultiRegion", metadata.multi_region);
  fields.OptionalObject("MultiRegionConfiguration", metadata.multi_region_configuration,
                        DecodeMultiRegionConfiguration);
  fields.Optional("PendingDeletionWindowInDays", metadata.pending_deletion_window_in_days);
  fields.Optional("MacAlgorithms", metadata.mac_algorithms);
  fields.OptionalObject("XksKeyConfiguration", metadata.xks_key_configuration,
                        DecodeXksKeyConfiguration);
  fields.Optional("CurrentKeyMaterialId", metadata.current_key_material_id);
  if (!fields.status().ok()) return fields.status();
  return metadata;
}

nlohmann::json EncodeTag(const Tag& tag) {
  return {{"TagKey", tag.tag_key}, {"TagValue", tag.tag_value}};
}

Result<Tag> DecodeTag(const nlohmann::json& json, std::string_view path) {
  Tag tag;
  FieldReader fields(json, std::string(path));
  fields.Required("TagKey", tag.tag_key);
  fields.Required("TagValue", tag.tag_value);
  if (!fields.status().ok()) return fields.status();
  return tag;
}

nlohmann::json EncodeAliasListEntry(const AliasListEntry& alias) {
  nlohmann::json json = nlohmann::json::object();
  PutOptional(json, "AliasName", alias.alias_name);
  PutOptional(json, "AliasArn", alias.alias_arn);
  PutOptional(json, "TargetKeyId", alias.target_key_id);
  PutOptional(json, "CreationDate", alias.creation_date);
  PutOptional(json, "LastUpdatedDate", alias.last_updated_date);
  return json;
}

Result<AliasListEntry> DecodeAliasListEntry(const nlohmann::json& json, std::string_view path) {
  AliasListEntry alias;
  FieldReader fields(json, std::string(path));
  fields.Optional("AliasName", alias.alias_name);
  fields.Optional("AliasArn", alias.alias_arn);
  fields.Optional("TargetKeyId", alias.target_key_id);
  fields.Optional("CreationDate", alias.creation_date);
  fields.Optional("LastUpdatedDate", alias.last_updated_date);
  if (!fields.status().ok()) return fields.status();
  return alias;
}

}  // namespace tk::aws::kms
