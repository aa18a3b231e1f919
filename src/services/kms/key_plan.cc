#include "services/kms/key_plan.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>
#include <utility>
#include <vector>

#include "aws/kms_operations.h"
#include "services/kms/plan_step.h"
#include "services/policy_document.h"

namespace tk::services::kms {
namespace {

constexpr std::chrono::minutes kUnavailableRecheck{5};

// Tags AWS sets itself ("aws:..."): users can neither set nor remove them.
bool IsAwsTag(const std::string& key) { return key.starts_with("aws:"); }

// An advisory when an immutable field of the spec differs from the key's.
void CheckImmutable(std::string_view field, const std::optional<std::string>& desired,
                    const std::string& observed, std::vector<std::string>& advisories) {
  if (!desired || *desired == observed) return;
  advisories.push_back(fmt::format(
      "spec.{} is \"{}\" but the key has \"{}\"; KMS cannot change it after creation: set "
      "spec.{} to \"{}\", or create a new Key object",
      field, *desired, observed, field, observed));
}

std::string Quoted(const std::vector<std::string>& names) {
  std::vector<std::string> quoted;
  quoted.reserve(names.size());
  for (const std::string& name : names) quoted.push_back(fmt::format("\"{}\"", name));
  return fmt::format("{}", fmt::join(quoted, ", "));
}

Status PlanPolicy(const DesiredKey& desired, const ObservedKey& observed, runtime::Plan& plan) {
  if (!desired.policy) return OkStatus();
  Result<nlohmann::json> wanted = ParsePolicy(*desired.policy);
  if (!wanted.ok()) {
    return Status(Code::kInvalidArgument,
                  fmt::format("spec.policy: {}; fix the policy document",
                              wanted.status().message()));
  }
  if (!observed.policy) {
    return Status(Code::kInternal, "spec.policy is set but the key policy was not read");
  }
  Result<nlohmann::json> has = ParsePolicy(*observed.policy);
  if (has.ok() && CanonicalPolicy(*has) == CanonicalPolicy(*wanted)) return OkStatus();
  nlohmann::json request = {{"KeyId", observed.metadata.key_id},
                            {"PolicyName", aws::kms::kDefaultPolicyName},
                            {"Policy", *desired.policy}};
  if (desired.bypass_policy_lockout_safety_check) {
    request["BypassPolicyLockoutSafetyCheck"] = *desired.bypass_policy_lockout_safety_check;
  }
  plan.steps.push_back(StepSending("PutKeyPolicy", {"spec.policy"},
                               "replace the key policy with spec.policy", std::move(request)));
  return OkStatus();
}

Status PlanTags(const DesiredKey& desired, const ObservedKey& observed, runtime::Plan& plan) {
  if (!desired.tags) return OkStatus();
  if (!observed.tags) {
    return Status(Code::kInternal, "spec.tags is set but the key's tags were not read");
  }
  nlohmann::json set = nlohmann::json::array();
  std::vector<std::string> set_keys;
  for (const auto& [key, value] : *desired.tags) {
    const auto has = observed.tags->find(key);
    if (has != observed.tags->end() && has->second == value) continue;
    set.push_back({{"TagKey", key}, {"TagValue", value}});
    set_keys.push_back(key);
  }
  std::vector<std::string> removed;
  for (const auto& [key, value] : *observed.tags) {
    if (!desired.tags->contains(key) && !IsAwsTag(key)) removed.push_back(key);
  }
  if (!set_keys.empty()) {
    plan.steps.push_back(StepSending("TagResource", {"spec.tags"},
                                 fmt::format("set the tags {} to their values in spec.tags",
                                             Quoted(set_keys)),
                                 {{"KeyId", observed.metadata.key_id}, {"Tags", std::move(set)}}));
  }
  if (!removed.empty()) {
    plan.steps.push_back(StepSending("UntagResource", {"spec.tags"},
                                 fmt::format("remove the tags {}, which spec.tags does not list",
                                             Quoted(removed)),
                                 {{"KeyId", observed.metadata.key_id}, {"TagKeys", removed}}));
  }
  return OkStatus();
}

Status PlanRotation(const DesiredKey& desired, const ObservedKey& observed, runtime::Plan& plan) {
  if (!desired.enable_key_rotation) return OkStatus();
  const bool wanted = *desired.enable_key_rotation;
  if (observed.rotation_unsupported) {
    if (!wanted) return OkStatus();
    return Status(Code::kInvalidArgument,
                  fmt::format("spec.enableKeyRotation: the key (key spec {}, origin {}) does not "
                              "support automatic rotation; KMS rotates only symmetric encryption "
                              "keys with KMS-made key material. Remove the field or set it to "
                              "false",
                              observed.metadata.key_spec.value_or("unknown"),
                              observed.metadata.origin.value_or("unknown")));
  }
  if (!observed.rotation_enabled) {
    return Status(Code::kInternal,
                  "spec.enableKeyRotation is set but the key's rotation status was not read");
  }
  if (*observed.rotation_enabled == wanted) return OkStatus();
  if (observed.metadata.key_state.value_or("") == "Disabled") {
    plan.advisories.push_back(fmt::format(
        "spec.enableKeyRotation: automatic rotation is {} but the key is Disabled in KMS, which "
        "refuses rotation changes then; enable the key in KMS to apply spec.enableKeyRotation",
        *observed.rotation_enabled ? "on" : "off"));
    return OkStatus();
  }
  plan.steps.push_back(StepSending(wanted ? "EnableKeyRotation" : "DisableKeyRotation",
                               {"spec.enableKeyRotation"},
                               wanted ? "turn automatic key rotation on"
                                      : "turn automatic key rotation off",
                               {{"KeyId", observed.metadata.key_id}}));
  return OkStatus();
}

}  // namespace

Result<runtime::Plan> PlanKeyChanges(const DesiredKey& desired, const ObservedKey& observed) {
  const aws::kms::KeyMetadata& key = observed.metadata;
  const std::string state = key.key_state.value_or("");
  runtime::Plan plan;

  if (IsScheduledForDeletion(key)) {
    plan.waiting_for = fmt::format(
        "the key is {} in KMS{} although this object is not being deleted; nothing is changed "
        "while it is. Cancel the deletion in KMS (CancelKeyDeletion, then EnableKey) to keep the "
        "key, or delete this object",
        state,
        key.deletion_date ? fmt::format(" (to be deleted on {})", Rfc3339(*key.deletion_date))
                          : std::string());
    plan.requeue_after = kScheduledForDeletionRecheck;
    return plan;
  }
  if (IsSettling(key)) {
    plan.waiting_for = fmt::format("the key is {} in KMS", state);
    return plan;
  }
  if (state == "Unavailable") {
    plan.waiting_for =
        "the key is Unavailable in KMS: its custom key store is disconnected; reconnect it";
    plan.requeue_after = kUnavailableRecheck;
    return plan;
  }

  CheckImmutable("keySpec", desired.key_spec, key.key_spec.value_or(""), plan.advisories);
  CheckImmutable("keyUsage", desired.key_usage, key.key_usage.value_or(""), plan.advisories);
  CheckImmutable("origin", desired.origin, key.origin.value_or(""), plan.advisories);
  CheckImmutable("customKeyStoreID", desired.custom_key_store_id,
                 key.custom_key_store_id.value_or(""), plan.advisories);
  if (desired.multi_region && *desired.multi_region != key.multi_region.value_or(false)) {
    plan.advisories.push_back(fmt::format(
        "spec.multiRegion is {} but the key is {}a multi-Region key; KMS cannot change it after "
        "creation: set spec.multiRegion to {}, or create a new Key object",
        *desired.multi_region, key.multi_region.value_or(false) ? "" : "not ",
        key.multi_region.value_or(false)));
  }
  if (key.key_manager.value_or("") == "AWS") {
    plan.advisories.push_back(
        "the key is AWS-managed: only AWS changes its description, state, policy, tags and rotation; "
        "remove spec.description, spec.enabled, spec.policy, spec.tags and spec.enableKeyRotation");
    return plan;
  }

  // Enabling comes first (KMS refuses rotation changes on a Disabled key),
  // disabling last.
  const bool disabled = state == "Disabled";
  if (desired.enabled && *desired.enabled && disabled) {
    plan.steps.push_back(StepSending("EnableKey", {"spec.enabled"}, "enable the key", {{"KeyId", key.key_id}}));
  }
  if (desired.description && *desired.description != key.description.value_or("")) {
    plan.steps.push_back(StepSending("UpdateKeyDescription", {"spec.description"},
                                     fmt::format("set the description to \"{}\"", *desired.description),
                                     {{"KeyId", key.key_id}, {"Description", *desired.description}}));
  }
  if (Status policy = PlanPolicy(desired, observed, plan); !policy.ok()) return policy;
  if (Status tags = PlanTags(desired, observed, plan); !tags.ok()) return tags;
  if (Status rotation = PlanRotation(desired, observed, plan); !rotation.ok()) return rotation;
  if (desired.enabled && !*desired.enabled && state == "Enabled") {
    plan.steps.push_back(StepSending("DisableKey", {"spec.enabled"}, "disable the key", {{"KeyId", key.key_id}}));
  }
  return plan;
}

}  // namespace tk::services::kms
