#include "services/kms/alias_resource_manager.h"

#include <fmt/format.h>

#include <string>
#include <utility>

#include "aws/kms_client.h"
#include "services/kms/key_names.h"
#include "services/kms/key_reference.h"
#include "services/kms/object_fields.h"
#include "services/kms/plan_step.h"

namespace tk::services::kms {
namespace {

using runtime::DeleteOutcome;
using runtime::Observation;
using runtime::Plan;
using runtime::PlanStep;
using runtime::ReconcileRequest;

// What Observe read about the alias: the key it names.
struct ObservedAlias {
  std::string alias_name;
  std::string alias_arn;
  std::string target_key_id;
  std::string target_key_arn;
};

Observation AliasObservation(ObservedAlias alias) {
  Observation observation;
  observation.exists = true;
  nlohmann::json resource = nlohmann::json::object();
  if (!alias.alias_arn.empty()) resource["arn"] = alias.alias_arn;
  if (Result<KeyName> key = ParseKeyName(alias.target_key_arn); key.ok() && key->IsArn()) {
    resource["ownerAccountID"] = key->account;
  }
  observation.status = {{"ackResourceMetadata", std::move(resource)}};
  observation.spec = {{"name", alias.alias_name}, {"targetKeyID", alias.target_key_id}};
  observation.details = std::move(alias);
  return observation;
}

// spec.name, checked. kInvalidArgument naming spec.name.
Result<std::string> AliasNameOf(const nlohmann::json& object) {
  const nlohmann::json* name = MemberAt(object, {"spec", "name"});
  if (name == nullptr || !name->is_string()) {
    return Status(Code::kInvalidArgument,
                  "spec.name: the alias name is required, e.g. alias/orders; set it");
  }
  const std::string text = name->get<std::string>();
  if (Status valid = ValidateAliasNameForCreate(text); !valid.ok()) {
    return valid.WithContext("spec.name");
  }
  return text;
}

bool HasTargetKeyRef(const nlohmann::json& object) {
  return MemberAt(object, {"spec", "targetKeyRef"}) != nullptr;
}

// The literal target: spec.targetKeyID (in the runtime's copy, the resolved
// reference). kFailedPrecondition while only an unresolved reference is set.
Result<std::string> TargetKeyNameOf(const nlohmann::json& object) {
  const std::string target = StringAt(object, {"spec", "targetKeyID"});
  if (!target.empty()) return target;
  if (HasTargetKeyRef(object)) {
    return Status(Code::kFailedPrecondition,
                  "spec.targetKeyRef: the referenced Key is not resolved yet; waiting for it");
  }
  return Status(Code::kInvalidArgument,
                "spec.targetKeyID: the alias needs a key; set spec.targetKeyID (a key id, key "
                "ARN, alias name or alias ARN) or spec.targetKeyRef.from.name (a Key object)");
}

const ObservedAlias* DetailsOf(const Observation& observed) {
  return std::any_cast<ObservedAlias>(&observed.details);
}

Status NoDetails(std::string_view call) {
  return Status(Code::kInternal,
                fmt::format("{} got an observation the Alias manager did not make", call));
}

std::string KeyIdOfArn(const std::string& key_arn) {
  Result<KeyName> key = ParseKeyName(key_arn);
  return key.ok() ? key->key_id : key_arn;
}

}  // namespace

const runtime::ResourceKind& AliasKind() {
  static const runtime::ResourceKind kind{"kms.services.k8s.aws", "v1alpha1", "Alias", "aliases"};
  return kind;
}

AliasResourceManager::AliasResourceManager(AwsClientPool& pool, KeyIdentity& keys)
    : pool_(pool), keys_(keys) {}

const runtime::ResourceKind& AliasResourceManager::kind() const { return AliasKind(); }

std::vector<runtime::ObjectReferenceField> AliasResourceManager::ReferencesOf(
    const nlohmann::json& object) const {
  const std::string name = StringAt(object, {"spec", "targetKeyRef", "from", "name"});
  if (name.empty()) return {};
  std::string namespace_name = StringAt(object, {"spec", "targetKeyRef", "from", "namespace"});
  if (namespace_name.empty()) namespace_name = StringAt(object, {"metadata", "namespace"});
  return {{"spec.targetKeyRef", std::string(kKeyKind), namespace_name, name}};
}

Status AliasResourceManager::ResolveReferences(nlohmann::json& object,
                                               const runtime::ReferenceLookup& lookup) const {
  if (!HasTargetKeyRef(object)) return OkStatus();
  if (MemberAt(object, {"spec", "targetKeyID"}) != nullptr) {
    return Status(Code::kInvalidArgument,
                  "spec.targetKeyID and spec.targetKeyRef are both set; set only one of them");
  }
  const std::vector<runtime::ObjectReferenceField> references = ReferencesOf(object);
  if (references.empty()) {
    return Status(Code::kInvalidArgument,
                  "spec.targetKeyRef.from.name: the name of the Key is required; set it");
  }
  const runtime::ObjectReferenceField& reference = references.front();
  Result<std::string> arn = UsableKeyArn(lookup, reference.namespace_name, reference.name);
  if (!arn.ok()) return arn.status().WithContext("spec.targetKeyRef");
  object["spec"]["targetKeyID"] = *arn;
  return OkStatus();
}

Result<std::string> AliasResourceManager::DesiredTargetArn(const ReconcileRequest& request) {
  Result<std::string> target = TargetKeyNameOf(request.object);
  if (!target.ok()) return target.status();
  Result<std::string> arn = keys_.KeyArnOf(request.region, *target);
  if (!arn.ok()) return arn.status().WithContext("spec.targetKeyID");
  Result<KeyName> key = ParseKeyName(*arn);
  if (key.ok() && key->region != request.region) {
    return Status(Code::kInvalidArgument,
                  fmt::format("spec.targetKeyID: \"{}\" is a key in {}, but the alias is in {}; "
                              "an alias names a key of its own region: name a key in {}",
                              *target, key->region, request.region, request.region));
  }
  return arn;
}

Result<Observation> AliasResourceManager::Observe(const ReconcileRequest& request) {
  Result<std::string> name = AliasNameOf(request.object);
  if (!name.ok()) {
    // Such an alias was never created by us: nothing to observe or delete.
    if (IsBeingDeleted(request.object)) return Observation{};
    return name.status();
  }
  Result<aws::kms::Client*> kms = pool_.Kms(request.region);
  if (!kms.ok()) return kms.status();
  aws::AwsResult<aws::kms::KeyMetadata> target = (*kms)->DescribeKey(*name);
  if (target.IsError("NotFoundException")) return Observation{};
  if (!target.ok()) {
    return target.status().WithContext(
        fmt::format("reading KMS alias {} in {}", *name, request.region));
  }
  const std::string key_arn = target->arn.value_or("");
  return AliasObservation({*name, AliasArnFor(key_arn, *name), target->key_id, key_arn});
}

Result<Observation> AliasResourceManager::Create(const ReconcileRequest& request) {
  Result<std::string> name = AliasNameOf(request.object);
  if (!name.ok()) return name.status();
  Result<std::string> target_arn = DesiredTargetArn(request);
  if (!target_arn.ok()) return target_arn.status();
  Result<aws::kms::Client*> kms = pool_.Kms(request.region);
  if (!kms.ok()) return kms.status();

  const std::string target_key_id = KeyIdOfArn(*target_arn);
  aws::AwsResult<aws::kms::Done> created = (*kms)->CreateAlias(*name, target_key_id);
  keys_.InvalidateAlias(request.region, *name);
  if (!created.ok()) {
    return created.status().WithContext(
        fmt::format("creating KMS alias {} in {}", *name, request.region));
  }
  return AliasObservation({*name, AliasArnFor(*target_arn, *name), target_key_id, *target_arn});
}

Result<Plan> AliasResourceManager::PlanChanges(const ReconcileRequest& request,
                                               const Observation& observed) {
  const ObservedAlias* alias = DetailsOf(observed);
  if (!observed.exists || alias == nullptr) return NoDetails("PlanChanges");
  Result<std::string> name = AliasNameOf(request.object);
  if (!name.ok()) return name.status();
  Result<std::string> target_arn = DesiredTargetArn(request);
  if (!target_arn.ok()) return target_arn.status();

  Plan plan;
  if (*target_arn == alias->target_key_arn) return plan;
  Result<KeyName> wanted = ParseKeyName(*target_arn);
  Result<KeyName> has = ParseKeyName(alias->target_key_arn);
  if (wanted.ok() && has.ok() && wanted->account != has->account) {
    return Status(Code::kInvalidArgument,
                  fmt::format("spec.targetKeyID: the key {} is in account {}, but the alias is "
                              "in account {}; an alias names a key of its own account",
                              *target_arn, wanted->account, has->account));
  }
  plan.steps.push_back(StepSending("UpdateAlias", {"spec.targetKeyID"},
                               fmt::format("point {} at {} (now {})", *name, *target_arn,
                                           alias->target_key_arn),
                               {{"AliasName", *name}, {"TargetKeyId", KeyIdOfArn(*target_arn)}}));
  return plan;
}

Result<nlohmann::json> AliasResourceManager::Apply(const ReconcileRequest& request,
                                                   const Observation& observed,
                                                   const PlanStep& step) {
  (void)observed;
  if (step.operation != "UpdateAlias") {
    return Status(Code::kInternal,
                  fmt::format("the Alias manager has no operation {}", step.operation));
  }
  const std::string alias_name = StringAt(step.request, {"AliasName"});
  const std::string target_key_id = StringAt(step.request, {"TargetKeyId"});
  if (alias_name.empty() || target_key_id.empty()) {
    return Status(Code::kInternal, "the UpdateAlias step's request is malformed");
  }
  Result<aws::kms::Client*> kms = pool_.Kms(request.region);
  if (!kms.ok()) return kms.status();
  aws::AwsResult<aws::kms::Done> updated = (*kms)->UpdateAlias(alias_name, target_key_id);
  keys_.InvalidateAlias(request.region, alias_name);
  if (!updated.ok()) {
    return updated.status().WithContext(
        fmt::format("UpdateAlias {} for spec.targetKeyID", alias_name));
  }
  return nlohmann::json::object();
}

Result<DeleteOutcome> AliasResourceManager::Delete(const ReconcileRequest& request,
                                                   const Observation& observed) {
  DeleteOutcome gone;
  gone.gone = true;
  if (!observed.exists) return gone;
  const ObservedAlias* alias = DetailsOf(observed);
  if (alias == nullptr) return NoDetails("Delete");
  Result<aws::kms::Client*> kms = pool_.Kms(request.region);
  if (!kms.ok()) return kms.status();
  aws::AwsResult<aws::kms::Done> deleted = (*kms)->DeleteAlias(alias->alias_name);
  keys_.InvalidateAlias(request.region, alias->alias_name);
  if (deleted.IsError("NotFoundException")) return gone;
  if (!deleted.ok()) {
    return deleted.status().WithContext(
        fmt::format("deleting KMS alias {} in {}", alias->alias_name, request.region));
  }
  return gone;
}

}  // namespace tk::services::kms
