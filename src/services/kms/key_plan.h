// PlanKeyChanges: the steps that bring a KMS key to its Key spec, from what
// was read (ObservedKey) and what is asked (DesiredKey). Reads nothing itself.
//
// Compared, each only when the spec sets it (unset means unmanaged), each by
// meaning:
//   spec.policy             parsed (policy_document.h)   -> PutKeyPolicy
//   spec.tags               as a map, the whole set      -> TagResource (added or
//                           (except AWS's "aws:" tags)      changed), UntagResource
//                                                           (removed)
//   spec.enableKeyRotation  GetKeyRotationStatus         -> EnableKeyRotation or
//                                                           DisableKeyRotation
// So a converged key gives no steps, and each differing field one step (tags:
// one per direction). Steps come in that order; the runtime sends the first.
//
// Not changed, reported on ACK.Advisory instead:
// - keySpec, keyUsage, origin, multiRegion, customKeyStoreID that differ from
//   the key's (KMS fixes them at creation; the CRD rejects changes, so this is
//   an adopted key that does not match);
// - description: ACK treats it as immutable and the KMS client has no
//   UpdateKeyDescription, so a difference is reported, not written;
// - a rotation change while the key is Disabled (KMS refuses it then);
// - anything on an AWS-managed key (KeyManager AWS), which only AWS changes.
//
// Waits (Plan::waiting_for, no steps, nothing written):
// - the key is PendingDeletion or PendingReplicaDeletion while the object is
//   not being deleted: someone scheduled its deletion behind our back. The
//   message says so and what to do; looked at again after
//   kScheduledForDeletionRecheck, so a cancelled deletion is noticed and no
//   write loops on a key KMS will refuse.
// - Creating or Updating: KMS settles by itself; the runtime's short requeue.
// - Unavailable: its custom key store is disconnected.
//
// Errors: kInvalidArgument for a spec.policy that is not a JSON object, and
// for spec.enableKeyRotation true on a key that cannot rotate; kInternal when
// the observation lacks what the spec manages (a bug: Observe reads it).
//
// Steps are made by StepSending (plan_step.h): requests in KMS's own form.
#pragma once

#include <chrono>

#include "runtime/resource_manager.h"
#include "services/kms/desired_key.h"
#include "services/kms/observed_key.h"
#include "util/status.h"

namespace tk::services::kms {

inline constexpr std::chrono::minutes kScheduledForDeletionRecheck{10};

Result<runtime::Plan> PlanKeyChanges(const DesiredKey& desired, const ObservedKey& observed);

}  // namespace tk::services::kms
