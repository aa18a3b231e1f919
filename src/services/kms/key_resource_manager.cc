#include "services/kms/key_resource_manager.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>
#include <utility>
#include <vector>

#include "aws/kms_client.h"
#include "services/kms/desired_key.h"
#include "services/kms/key_plan.h"
#include "services/kms/object_fields.h"
#include "services/kms/observed_key.h"

namespace tk::services::kms {
namespace {

using runtime::DeleteOutcome;
using runtime::Observation;
using runtime::Plan;
using runtime::PlanStep;
using runtime::ReconcileRequest;

// The key the request names: status.keyID, else adoption_fields.keyID.
std::string KeyIdOf(const ReconcileRequest& request) {
  std::string key_id = StringAt(request.object, {"status", "keyID"});
  if (key_id.empty()) key_id = StringAt(request.adoption_fields, {"keyID"});
  return key_id;
}

bool SpecSets(const nlohmann::json& object, std::string_view field) {
  return MemberAt(object, {"spec", field}) != nullptr;
}

const ObservedKey* DetailsOf(const Observation& observed) {
  return std::any_cast<ObservedKey>(&observed.details);
}

Status NoDetails(std::string_view call) {
  return Status(Code::kInternal,
                fmt::format("{} got an observation the Key manager did not make", call));
}

// Reads the policy, tags and rotation status the object's spec manages (all
// three when adopting) into `key`.
Status ReadManagedAttributes(aws::kms::Client& kms, const ReconcileRequest& request,
                             ObservedKey& key) {
  const bool adopting = request.adoption_fields.is_object();
  const std::string& key_id = key.metadata.key_id;
  if (adopting || SpecSets(request.object, "policy")) {
    aws::AwsResult<aws::kms::GetKeyPolicyResponse> policy = kms.GetKeyPolicy(key_id);
    if (!policy.ok()) return policy.status().WithContext("reading the key policy");
    key.policy = policy->policy.value_or("");
  }
  if (adopting || SpecSets(request.object, "tags")) {
    aws::AwsResult<std::vector<aws::kms::Tag>> tags = kms.ListResourceTags({key_id, {}, {}});
    if (!tags.ok()) return tags.status().WithContext("reading the key's tags");
    std::map<std::string, std::string> map;
    for (const aws::kms::Tag& tag : *tags) map[tag.tag_key] = tag.tag_value;
    key.tags = std::move(map);
  }
  if (adopting || SpecSets(request.object, "enableKeyRotation")) {
    aws::AwsResult<aws::kms::GetKeyRotationStatusResponse> rotation =
        kms.GetKeyRotationStatus(key_id);
    if (rotation.IsError("UnsupportedOperationException")) {
      key.rotation_unsupported = true;
    } else if (!rotation.ok()) {
      return rotation.status().WithContext("reading the key's rotation status");
    } else {
      key.rotation_enabled = rotation->key_rotation_enabled.value_or(false);
    }
  }
  return OkStatus();
}

aws::kms::CreateKeyRequest CreateKeyRequestOf(const DesiredKey& desired) {
  aws::kms::CreateKeyRequest request;
  request.description = desired.description;
  request.key_spec = desired.key_spec;
  request.key_usage = desired.key_usage;
  request.origin = desired.origin;
  request.multi_region = desired.multi_region;
  if (desired.custom_key_store_id && !desired.custom_key_store_id->empty()) {
    request.custom_key_store_id = desired.custom_key_store_id;
  }
  request.policy = desired.policy;
  request.bypass_policy_lockout_safety_check = desired.bypass_policy_lockout_safety_check;
  if (desired.tags) {
    std::vector<aws::kms::Tag> tags;
    for (const auto& [key, value] : *desired.tags) tags.push_back({key, value});
    request.tags = std::move(tags);
  }
  return request;
}

// Sends one planned step. nlohmann exceptions (a request not in the form
// key_plan.cc writes) stay here as kInternal.
aws::AwsResult<aws::kms::Done> Send(aws::kms::Client& kms, const PlanStep& step) {
  try {
    const nlohmann::json& request = step.request;
    const std::string key_id = request.at("KeyId").get<std::string>();
    if (step.operation == "PutKeyPolicy") {
      aws::kms::PutKeyPolicyRequest put;
      put.key_id = key_id;
      put.policy = request.at("Policy").get<std::string>();
      if (request.contains("BypassPolicyLockoutSafetyCheck")) {
        put.bypass_policy_lockout_safety_check =
            request.at("BypassPolicyLockoutSafetyCheck").get<bool>();
      }
      return kms.PutKeyPolicy(put);
    }
    if (step.operation == "TagResource") {
      std::vector<aws::kms::Tag> tags;
      for (const nlohmann::json& tag : request.at("Tags")) {
        tags.push_back(
            {tag.at("TagKey").get<std::string>(), tag.at("TagValue").get<std::string>()});
      }
      return kms.TagResource(key_id, tags);
    }
    if (step.operation == "UntagResource") {
      return kms.UntagResource(key_id, request.at("TagKeys").get<std::vector<std::string>>());
    }
    if (step.operation == "UpdateKeyDescription") {
      return kms.UpdateKeyDescription(key_id, request.at("Description").get<std::string>());
    }
    if (step.operation == "EnableKey") return kms.EnableKey(key_id);
    if (step.operation == "DisableKey") return kms.DisableKey(key_id);
    if (step.operation == "EnableKeyRotation") return kms.EnableKeyRotation({key_id, std::nullopt});
    if (step.operation == "DisableKeyRotation") return kms.DisableKeyRotation(key_id);
  } catch (const nlohmann::json::exception& error) {
    return Status(Code::kInternal, fmt::format("the {} step's request is malformed: {}",
                                               step.operation, error.what()));
  }
  return Status(Code::kInternal,
                fmt::format("the Key manager has no operation {}", step.operation));
}

}  // namespace

const runtime::ResourceKind& KeyKind() {
  static const runtime::ResourceKind kind{"kms.services.k8s.aws", "v1alpha1", "Key", "keys"};
  return kind;
}

KeyResourceManager::KeyResourceManager(AwsClientPool& pool) : pool_(pool) {}

const runtime::ResourceKind& KeyResourceManager::kind() const { return KeyKind(); }

Result<Observation> KeyResourceManager::Observe(const ReconcileRequest& request) {
  const std::string key_id = KeyIdOf(request);
  if (key_id.empty()) return Observation{};
  Result<aws::kms::Client*> kms = pool_.Kms(request.region);
  if (!kms.ok()) return kms.status();

  const std::string context = fmt::format("KMS key {} in {}", key_id, request.region);
  aws::AwsResult<aws::kms::KeyMetadata> described = (*kms)->DescribeKey(key_id);
  if (described.IsError("NotFoundException")) return Observation{};
  if (!described.ok()) return described.status().WithContext(fmt::format("reading {}", context));

  ObservedKey key;
  key.metadata = std::move(*described);
  const bool deleting = IsBeingDeleted(request.object);
  if (deleting && IsScheduledForDeletion(key.metadata)) {
    Observation gone = KeyObservation(std::move(key));
    gone.exists = false;
    return gone;
  }
  const std::string state = key.metadata.key_state.value_or("");
  const bool changeable =
      !IsScheduledForDeletion(key.metadata) && !IsSettling(key.metadata) && state != "Unavailable";
  if (changeable && !deleting) {
    if (Status read = ReadManagedAttributes(**kms, request, key); !read.ok()) {
      return read.WithContext(context);
    }
  }
  return KeyObservation(std::move(key));
}

Result<Observation> KeyResourceManager::Create(const ReconcileRequest& request) {
  Result<DesiredKey> desired = DesiredKeyOf(request.object);
  if (!desired.ok()) return desired.status();
  // A deletion window KMS would refuse is found now, before the key exists.
  if (Result<int> window = PendingWindowInDaysOf(request.object); !window.ok()) return window.status();
  Result<aws::kms::Client*> kms = pool_.Kms(request.region);
  if (!kms.ok()) return kms.status();

  aws::AwsResult<aws::kms::KeyMetadata> created = (*kms)->CreateKey(CreateKeyRequestOf(*desired));
  if (created.IsError("MalformedPolicyDocumentException")) {
    return Status(Code::kInvalidArgument,
                  fmt::format("spec.policy: KMS refused the policy; fix the document ({})",
                              created.status().message()));
  }
  if (!created.ok()) {
    return created.status().WithContext(fmt::format("creating a KMS key in {}", request.region));
  }

  // From here on the key exists: whatever happens, its observation is the
  // answer, so keyID reaches the status (see the window in the header).
  ObservedKey key;
  key.metadata = std::move(*created);
  key.policy = desired->policy;  // CreateKey stored exactly these
  key.tags = desired->tags;
  if (desired->enable_key_rotation) {
    key.rotation_enabled = false;  // a new key does not rotate
    if (*desired->enable_key_rotation) {
      aws::AwsResult<aws::kms::Done> rotation =
          (*kms)->EnableKeyRotation({key.metadata.key_id, std::nullopt});
      if (rotation.ok()) key.rotation_enabled = true;
      if (rotation.IsError("UnsupportedOperationException")) key.rotation_unsupported = true;
    }
  }
  return KeyObservation(std::move(key));
}

Result<Plan> KeyResourceManager::PlanChanges(const ReconcileRequest& request,
                                             const Observation& observed) {
  const ObservedKey* key = DetailsOf(observed);
  if (!observed.exists || key == nullptr) return NoDetails("PlanChanges");
  Result<DesiredKey> desired = DesiredKeyOf(request.object);
  if (!desired.ok()) return desired.status();
  if (Result<int> window = PendingWindowInDaysOf(request.object); !window.ok()) return window.status();
  return PlanKeyChanges(*desired, *key);
}

Result<nlohmann::json> KeyResourceManager::Apply(const ReconcileRequest& request,
                                                 const Observation& observed,
                                                 const PlanStep& step) {
  (void)observed;
  Result<aws::kms::Client*> kms = pool_.Kms(request.region);
  if (!kms.ok()) return kms.status();
  aws::AwsResult<aws::kms::Done> sent = Send(**kms, step);
  if (sent.IsError("MalformedPolicyDocumentException")) {
    return Status(Code::kInvalidArgument,
                  fmt::format("spec.policy: KMS refused the policy; fix the document ({})",
                              sent.status().message()));
  }
  if (!sent.ok()) {
    return sent.status().WithContext(
        fmt::format("{} for {}", step.operation, fmt::join(step.fields, ", ")));
  }
  return nlohmann::json::object();
}

Result<DeleteOutcome> KeyResourceManager::Delete(const ReconcileRequest& request,
                                                 const Observation& observed) {
  DeleteOutcome gone;
  gone.gone = true;
  if (!observed.exists) return gone;
  const ObservedKey* key = DetailsOf(observed);
  if (key == nullptr) return NoDetails("Delete");
  if (IsScheduledForDeletion(key->metadata)) return gone;
  if (key->metadata.key_manager.value_or("") == "AWS") return gone;  // only AWS deletes those

  Result<int> window = PendingWindowInDaysOf(request.object);
  if (!window.ok()) return window.status();
  Result<aws::kms::Client*> kms = pool_.Kms(request.region);
  if (!kms.ok()) return kms.status();
  aws::AwsResult<aws::kms::ScheduleKeyDeletionResponse> scheduled =
      (*kms)->ScheduleKeyDeletion({key->metadata.key_id, *window});
  if (scheduled.IsError("NotFoundException")) return gone;
  if (!scheduled.ok()) {
    return scheduled.status().WithContext(
        fmt::format("scheduling the deletion of KMS key {} in {} days", key->metadata.key_id,
                    *window));
  }
  return gone;
}

}  // namespace tk::services::kms
