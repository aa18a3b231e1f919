// AliasResourceManager: the ResourceManager (runtime/resource_manager.h) of
// kms.services.k8s.aws/v1alpha1 Alias, compatible with ACK's KMS controller.
//
// Spec (ACK's field names):
//   name          "alias/..." (never "alias/aws/", which AWS reserves); the
//                 alias is found by it. An invalid name is kInvalidArgument
//                 naming spec.name, and nothing is sent.
//   targetKeyID   the key, named any of the four ways (key_names.h), or
//   targetKeyRef  .from{name, namespace}: a Key object. ReferencesOf reports
//                 it (field spec.targetKeyRef, kind Key); ResolveReferences
//                 writes that Key's ARN (key_reference.h: only a usable Key)
//                 into the copy's spec.targetKeyID. Both set: kInvalidArgument.
//
// Observe   DescribeKey(spec.name): one call that says whether the alias
//           exists and which key it names (ListAliases would page through
//           the account's aliases to find one). Status:
//           ackResourceMetadata.arn (the alias ARN, in the key's account and
//           region) and .ownerAccountID. Observation::spec: name, targetKeyID
//           (the key id).
// Plan      the desired target and the observed one compared as key ARNs:
//           the desired one canonicalised with KeyIdentity (so "alias/b",
//           the key id and the key ARN all match the same key). A different
//           key: one UpdateAlias step.
// Create    CreateAlias(name, key id of the desired target).
// Delete    DeleteAlias(name); an alias already gone counts as deleted.
// After CreateAlias, UpdateAlias and DeleteAlias it calls
// KeyIdentity::InvalidateAlias, so every user of the resolver (the Table
// manager) sees the new target at once, not after the cache lifetime.
//
// Errors resolving the target carry KeyIdentity's code (kNotFound for a key
// that does not exist, a Recoverable wait) with spec.targetKeyID in the
// message. A target in another region or account than the alias is
// kInvalidArgument: KMS aliases name keys of their own account and region.
//
// An alias with spec.name is taken over if it exists already (as ACK does):
// the first plan points it at the spec's key.
//
// Thread-safe: holds no state of its own. The pool and the key identity are
// borrowed.
#pragma once

#include "runtime/resource_manager.h"
#include "services/aws_client_pool.h"
#include "services/kms/key_identity.h"

namespace tk::services::kms {

class AliasResourceManager final : public runtime::ResourceManager {
 public:
  AliasResourceManager(AwsClientPool& pool, KeyIdentity& keys);

  // runtime::ResourceManager
  const runtime::ResourceKind& kind() const override;
  std::vector<runtime::ObjectReferenceField> ReferencesOf(
      const nlohmann::json& object) const override;
  Status ResolveReferences(nlohmann::json& object,
                           const runtime::ReferenceLookup& lookup) const override;
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
  // The key ARN the spec's target names, checked to be in `region`.
  Result<std::string> DesiredTargetArn(const runtime::ReconcileRequest& request);

  AwsClientPool& pool_;
  KeyIdentity& keys_;
};

// The kind AliasResourceManager serves.
const runtime::ResourceKind& AliasKind();

}  // namespace tk::services::kms
