// KeyResourceManager: the ResourceManager (runtime/resource_manager.h) of
// kms.services.k8s.aws/v1alpha1 Key, compatible with ACK's KMS controller.
//
// Which key: status.keyID, or for adoption adoption_fields["keyID"]
// (services.k8s.aws/adoption-fields: {"keyID": "..."}). An object with
// neither names no key yet: Observe reports it as not existing, and the
// runtime creates it.
//
// Observe   DescribeKey. NotFoundException: not there. A key PendingDeletion
//           (or PendingReplicaDeletion) counts as gone while the object is
//           being deleted; otherwise it exists and Plan waits, saying so
//           (key_plan.h). For a key that can be changed it also reads what
//           the spec manages, or everything when adoption_fields is given:
//           GetKeyPolicy (spec.policy), ListResourceTags (spec.tags),
//           GetKeyRotationStatus (spec.enableKeyRotation). Status and
//           Observation::spec: observed_key.h.
// Create    CreateKey with every spec field set (description, keySpec,
//           keyUsage, origin, multiRegion, customKeyStoreID, policy,
//           bypassPolicyLockoutSafetyCheck, tags), then EnableKeyRotation if
//           spec.enableKeyRotation is true. A failure of that second call
//           does not fail Create (the key exists and must reach the status):
//           the first plan asks for rotation again.
// Plan      PlanKeyChanges (key_plan.h) of the spec against the observation.
// Apply     sends the step's request: PutKeyPolicy, TagResource,
//           UntagResource, EnableKeyRotation, DisableKeyRotation.
// Delete    ScheduleKeyDeletion with the window of the annotation
//           kms.services.k8s.aws/pending-window-in-days (7 to 30, default
//           7; another value is kInvalidArgument naming the annotation, and
//           nothing is sent). A key already scheduled for deletion, or gone,
//           counts as deleted; so does an AWS-managed key, which only AWS
//           deletes.
//
// Known window: if the controller stops between CreateKey's answer and the
// status write of keyID, the next reconcile finds no keyID and creates a
// second key; the first stays, enabled and unnamed by any object. KMS has no
// cheap lookup that would find it (only listing every key of the account and
// reading its tags), so we accept the window rather than pay that on every
// create. The orphan carries the spec's description and tags, which is how a
// person finds it.
//
// Thread-safe: holds no state of its own. The pool is borrowed.
#pragma once

#include "runtime/resource_manager.h"
#include "services/aws_client_pool.h"

namespace tk::services::kms {

class KeyResourceManager final : public runtime::ResourceManager {
 public:
  explicit KeyResourceManager(AwsClientPool& pool);

  // runtime::ResourceManager
  const runtime::ResourceKind& kind() const override;
  Result<runtime::Observation> Observe(const runtime::ReconcileRequest& request) override;
  Result<runtime::Observation> Create(const runtime::ReconcileRequest& request) override;
  Result<runtime::Plan> PlanChanges(const runtime::ReconcileRequest& request,
                                    const runtime::Observation& observed) override;
  Result<nlohmann::json> Apply(const runtime::ReconcileRequest& request,
                               const runtime::Observation& observed,
                               const runtime::PlanStep& step) override;
  Result<runtime::DeleteOutcome> Delete(const runtime::ReconcileRequest& request,
                                        const runtime::Observation& observed) override;

 private:
  AwsClientPool& pool_;
};

// The kind KeyResourceManager serves.
const runtime::ResourceKind& KeyKind();

}  // namespace tk::services::kms
