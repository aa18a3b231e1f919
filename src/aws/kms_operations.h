// The request and response shapes of the KMS operations kms_client.h calls,
// named as in the KMS API model (CreateKeyRequest, ScheduleKeyDeletionResponse)
// and following the conventions of kms_types.h. Requests are encoded (the
// client sends them), responses decoded (the client reads them). Operations
// whose input is a key id alone, or an alias and a key, take plain arguments
// in kms_client.h and have no struct here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/kms_types.h"
#include "util/status.h"

namespace tk::aws::kms {

// The only key policy name KMS knows.
inline constexpr std::string_view kDefaultPolicyName = "default";

// CreateKeyRequest. Every member is optional: an empty request creates a
// symmetric encryption key with the default key policy.
struct CreateKeyRequest {
  std::optional<std::string> policy;                   // Policy: a JSON document
  std::optional<std::string> description;              // Description
  std::optional<std::string> key_usage;                // KeyUsage
  std::optional<std::string> customer_master_key_spec; // CustomerMasterKeySpec (deprecated)
  std::optional<std::string> key_spec;                 // KeySpec
  std::optional<std::string> origin;                   // Origin
  std::optional<std::string> custom_key_store_id;      // CustomKeyStoreId
  std::optional<bool> bypass_policy_lockout_safety_check;  // BypassPolicyLockoutSafetyCheck
  std::optional<std::vector<Tag>> tags;                // Tags
  std::optional<bool> multi_region;                    // MultiRegion
  std::optional<std::string> xks_key_id;               // XksKeyId
};
nlohmann::json EncodeCreateKeyRequest(const CreateKeyRequest& request);

// PutKeyPolicyRequest.
struct PutKeyPolicyRequest {
  std::string key_id;  // KeyId (required): key id or key ARN
  // PolicyName. AWS assumes "default" when it is absent; the emulator (moto)
  // does not, so it is sent unless reset.
  std::optional<std::string> policy_name{std::string(kDefaultPolicyName)};
  std::string policy;  // Policy (required): a JSON document
  std::optional<bool> bypass_policy_lockout_safety_check;  // BypassPolicyLockoutSafetyCheck
};
nlohmann::json EncodePutKeyPolicyRequest(const PutKeyPolicyRequest& request);

// GetKeyPolicyResponse.
struct GetKeyPolicyResponse {
  std::optional<std::string> policy;       // Policy: a JSON document, as KMS formats it
  std::optional<std::string> policy_name;  // PolicyName
};
Result<GetKeyPolicyResponse> DecodeGetKeyPolicyResponse(const nlohmann::json& json,
                                                        std::string_view path = "");

// EnableKeyRotationRequest.
struct EnableKeyRotationRequest {
  std::string key_id;                            // KeyId (required)
  std::optional<int> rotation_period_in_days;    // RotationPeriodInDays: 90..2560, AWS default 365
};
nlohmann::json EncodeEnableKeyRotationRequest(const EnableKeyRotationRequest& request);

// GetKeyRotationStatusResponse.
struct GetKeyRotationStatusResponse {
  std::optional<bool> key_rotation_enabled;          // KeyRotationEnabled
  std::optional<std::string> key_id;                 // KeyId
  std::optional<int> rotation_period_in_days;        // RotationPeriodInDays
  std::optional<double> next_rotation_date;          // NextRotationDate
  std::optional<double> on_demand_rotation_start_date;  // OnDemandRotationStartDate
};
Result<GetKeyRotationStatusResponse> DecodeGetKeyRotationStatusResponse(
    const nlohmann::json& json, std::string_view path = "");

// ScheduleKeyDeletionRequest.
struct ScheduleKeyDeletionRequest {
  std::string key_id;  // KeyId (required): key id or key ARN
  // PendingWindowInDays: 7..30 (KMS refuses others); AWS's default is 30.
  std::optional<int> pending_window_in_days;
};
nlohmann::json EncodeScheduleKeyDeletionRequest(const ScheduleKeyDeletionRequest& request);

// ScheduleKeyDeletionResponse.
struct ScheduleKeyDeletionResponse {
  std::optional<std::string> key_id;          // KeyId: the key ARN
  std::optional<double> deletion_date;        // DeletionDate
  std::optional<std::string> key_state;       // KeyState: PendingDeletion (multi-Region
                                              // replicas: PendingReplicaDeletion)
  std::optional<int> pending_window_in_days;  // PendingWindowInDays
};
Result<ScheduleKeyDeletionResponse> DecodeScheduleKeyDeletionResponse(const nlohmann::json& json,
                                                                      std::string_view path = "");

// CancelKeyDeletionResponse.
struct CancelKeyDeletionResponse {
  std::optional<std::string> key_id;  // KeyId: the key ARN
};
Result<CancelKeyDeletionResponse> DecodeCancelKeyDeletionResponse(const nlohmann::json& json,
                                                                  std::string_view path = "");

// ListResourceTagsRequest.
struct ListResourceTagsRequest {
  std::string key_id;                // KeyId (required): key id or key ARN
  std::optional<int> limit;          // Limit: tags per page, 1..50 (AWS default 50)
  std::optional<std::string> marker; // Marker: NextMarker of the previous page
};
nlohmann::json EncodeListResourceTagsRequest(const ListResourceTagsRequest& request);

// ListResourceTagsResponse.
struct ListResourceTagsResponse {
  std::optional<std::vector<Tag>> tags;   // Tags
  std::optional<std::string> next_marker; // NextMarker: set when truncated
  std::optional<bool> truncated;          // Truncated: more pages follow
};
Result<ListResourceTagsResponse> DecodeListResourceTagsResponse(const nlohmann::json& json,
                                                                std::string_view path = "");

// ListAliasesRequest.
struct ListAliasesRequest {
  // KeyId: only the aliases of this key (key id or key ARN); absent: all the
  // aliases of the account and region, AWS-managed ones included.
  std::optional<std::string> key_id;
  std::optional<int> limit;           // Limit: aliases per page, 1..100 (AWS default 50)
  std::optional<std::string> marker;  // Marker: NextMarker of the previous page
};
nlohmann::json EncodeListAliasesRequest(const ListAliasesRequest& request);

// ListAliasesResponse.
struct ListAliasesResponse {
  std::optional<std::vector<AliasListEntry>> aliases;  // Aliases
  std::optional<std::string> next_marker;              // NextMarker: set when truncated
  std::optional<bool> truncated;                       // Truncated: more pages follow
};
Result<ListAliasesResponse> DecodeListAliasesResponse(const nlohmann::json& json,
                                                      std::string_view path = "");

}  // namespace tk::aws::kms
