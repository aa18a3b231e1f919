// DesiredKey: the spec of a kms.services.k8s.aws/v1alpha1 Key, read from the
// object with ACK's field names (../shared/reference/ack-crds/
// kms.services.k8s.aws_keys.yaml), plus the key's deletion window annotation.
//
// Unset means unmanaged (DESIGN.md section 3): every field is optional, and
// a field the user did not set is neither sent on create (KMS's default
// applies) nor compared afterwards. spec.tags, when set, is the whole set of
// the key's tags (tags added outside are removed, except AWS's own "aws:"
// ones); unset leaves tags alone.
//
// Reading fails with kInvalidArgument naming the field for a value of the
// wrong type, a tag without tagKey, two tags with the same tagKey, or a
// spec.policy that is not a JSON object (so nothing is sent for it). The API
// server's schema normally stops such objects; this is the check for those
// it lets through. Pure functions; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace tk::services::kms {

struct DesiredKey {
  std::optional<std::string> description;          // spec.description
  std::optional<std::string> key_spec;             // spec.keySpec (immutable)
  std::optional<std::string> key_usage;            // spec.keyUsage (immutable)
  std::optional<std::string> origin;               // spec.origin (immutable)
  std::optional<bool> multi_region;                // spec.multiRegion (immutable)
  std::optional<std::string> custom_key_store_id;  // spec.customKeyStoreID (immutable)
  std::optional<std::string> policy;               // spec.policy: a JSON document
  std::optional<bool> bypass_policy_lockout_safety_check;  // spec.bypassPolicyLockoutSafetyCheck
  std::optional<bool> enable_key_rotation;                 // spec.enableKeyRotation
  std::optional<bool> enabled;                             // spec.enabled (ours): Enabled or Disabled
  // spec.tags as tagKey -> tagValue (a missing tagValue is "").
  std::optional<std::map<std::string, std::string>> tags;
};

// The spec of the Key `object`.
Result<DesiredKey> DesiredKeyOf(const nlohmann::json& object);

// The annotation naming the deletion window, and its bounds (KMS's).
inline constexpr std::string_view kPendingWindowAnnotation =
    "kms.services.k8s.aws/pending-window-in-days";
inline constexpr int kMinPendingWindowDays = 7;
inline constexpr int kMaxPendingWindowDays = 30;
inline constexpr int kDefaultPendingWindowDays = 7;

// The deletion window of the Key `object`: its annotation
// kms.services.k8s.aws/pending-window-in-days, a whole number of days from 7
// to 30, or 7 when absent. kInvalidArgument naming the annotation and the
// range otherwise.
Result<int> PendingWindowInDaysOf(const nlohmann::json& object);

// spec.tags form: [{tagKey, tagValue}], ordered by tagKey.
nlohmann::json TagListJson(const std::map<std::string, std::string>& tags);

}  // namespace tk::services::kms
