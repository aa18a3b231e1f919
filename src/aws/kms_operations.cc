#include "aws/kms_operations.h"

#include <string>
#include <utility>

#include "aws/kms_json_fields.h"

namespace tk::aws::kms {

using internal::FieldReader;
using internal::PutOptional;
using internal::PutOptionalList;

nlohmann::json EncodeCreateKeyRequest(const CreateKeyRequest& request) {
  nlohmann::json json = nlohmann::json::object();
  PutOptional(json, "Policy", request.policy);
  PutOptional(json, "Description", request.description);
  PutOptional(json, "KeyUsage", request.key_usage);
  PutOptional(json, "CustomerMasterKeySpec", request.customer_master_key_spec);
  PutOptional(json, "KeySpec", request.key_spec);
  PutOptional(json, "Origin", request.origin);
  PutOptional(json, "CustomKeyStoreId", request.custom_key_store_id);
  PutOptional(json, "BypassPolicyLockoutSafetyCheck", request.bypass_policy_lockout_safety_check);
  PutOptionalList(json, "Tags", request.tags, EncodeTag);
  PutOptional(json, "MultiRegion", request.multi_region);
  PutOptional(json, "XksKeyId", request.xks_key_id);
  return json;
}

nlohmann::json EncodePutKeyPolicyRequest(const PutKeyPolicyRequest& request) {
  nlohmann::json json = {{"KeyId", request.key_id}};
  PutOptional(json, "PolicyName", request.policy_name);
  json["Policy"] = request.policy;
  PutOptional(json, "BypassPolicyLockoutSafetyCheck", request.bypass_policy_lockout_safety_check);
  return json;
}

Result<GetKeyPolicyResponse> DecodeGetKeyPolicyResponse(const nlohmann::json& json,
                                                        std::string_view path) {
  GetKeyPolicyResponse response;
  FieldReader fields(json, std::string(path));
  fields.Optional("Policy", response.policy);
  fields.Optional("PolicyName", response.policy_name);
  if (!fields.status().ok()) return fields.status();
  return response;
}

nlohmann::json EncodeEnableKeyRotationRequest(const EnableKeyRotationRequest& request) {
  nlohmann::json json = {{"KeyId", request.key_id}};
  PutOptional(json, "RotationPeriodInDays", request.rotation_period_in_days);
  return json;
}

Result<GetKeyRotationStatusResponse> DecodeGetKeyRotationStatusResponse(
    const nlohmann::json& json, std::string_view path) {
  GetKeyRotationStatusResponse response;
  FieldReader fields(json, std::string(path));
  fields.Optional("KeyRotationEnabled", response.key_rotation_enabled);
  fields.Optional("KeyId", response.key_id);
  fields.Optional("RotationPeriodInDays", response.rotation_period_in_days);
  fields.Optional("NextRotationDate", response.next_rotation_date);
  fields.Optional("OnDemandRotationStartDate", response.on_demand_rotation_start_date);
  if (!fields.status().ok()) return fields.status();
  return response;
}

nlohmann::json EncodeScheduleKeyDeletionRequest(const ScheduleKeyDeletionRequest& request) {
  nlohmann::json json = {{"KeyId", request.key_id}};
  PutOptional(json, "PendingWindowInDays", request.pending_window_in_days);
  return json;
}

Result<ScheduleKeyDeletionResponse> DecodeScheduleKeyDeletionResponse(const nlohmann::json& json,
                                                                      std::string_view path) {
  ScheduleKeyDeletionResponse response;
  FieldReader fields(json, std::string(path));
  fields.Optional("KeyId", response.key_id);
  fields.Optional("DeletionDate", response.deletion_date);
  fields.Optional("KeyState", response.key_state);
  fields.Optional("PendingWindowInDays", response.pending_window_in_days);
  if (!fields.status().ok()) return fields.status();
  return response;
}

Result<CancelKeyDeletionResponse> DecodeCancelKeyDeletionResponse(const nlohmann::json& json,
                                                                  std::string_view path) {
  CancelKeyDeletionResponse response;
  FieldReader fields(json, std::string(path));
  fields.Optional("KeyId", response.key_id);
  if (!fields.status().ok()) return fields.status();
  return response;
}

nlohmann::json EncodeListResourceTagsRequest(const ListResourceTagsRequest& request) {
  nlohmann::json json = {{"KeyId", request.key_id}};
  PutOptional(json, "Limit", request.limit);
  PutOptional(json, "Marker", request.marker);
  return json;
}

Result<ListResourceTagsResponse> DecodeListResourceTagsResponse(const nlohmann::json& json,
                                                                std::string_view path) {
  ListResourceTagsResponse response;
  FieldReader fields(json, std::string(path));
  fields.OptionalList("Tags", response.tags, DecodeTag);
  fields.Optional("NextMarker", response.next_marker);
  fields.Optional("Truncated", response.truncated);
  if (!fields.status().ok()) return fields.status();
  return response;
}

nlohmann::json EncodeListAliasesRequest(const ListAliasesRequest& request) {
  nlohmann::json json = nlohmann::json::object();
  PutOptional(json, "KeyId", request.key_id);
  PutOptional(json, "Limit", request.limit);
  PutOptional(json, "Marker", request.marker);
  return json;
}

Result<ListAliasesResponse> DecodeListAliasesResponse(const nlohmann::json& json,
                                                      std::string_view path) {
  ListAliasesResponse response;
  FieldReader fields(json, std::string(path));
  fields.OptionalList("Aliases", response.aliases, DecodeAliasListEntry);
  fields.Optional("NextMarker", response.next_marker);
  fields.Optional("Truncated", response.truncated);
  if (!fields.status().ok()) return fields.status();
  return response;
}

}  // namespace tk::aws::kms
