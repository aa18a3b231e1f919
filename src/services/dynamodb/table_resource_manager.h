// TableResourceManager: the ResourceManager (runtime/resource_manager.h) of
// dynamodb.services.k8s.aws/v1alpha1 Table, compatible with ACK's DynamoDB
// controller, and the answer to the seed scenario (DESIGN.md section 1).
//
// Which table: spec.tableName, or for adoption adoption_fields["tableName"]
// (services.k8s.aws/adoption-fields: {"tableName": "..."}).
//
// References  spec.sseSpecification.kmsMasterKeyRef.from{name, namespace}
//             names a kms.services.k8s.aws Key. ResolveReferences writes the
//             Key's ARN (kms::UsableKeyArn: synced, not Terminal, Enabled)
//             into the copy's kmsMasterKeyID and drops the reference there.
//             Both a reference and a kmsMasterKeyID: kInvalidArgument.
// Observe     DescribeTable. ResourceNotFoundException: not there. Then, only
//             for what the spec manages (so steady state costs one call) and
//             only when the table is settled: DescribeTimeToLive
//             (spec.timeToLive), DescribeContinuousBackups
//             (spec.continuousBackups), DescribeContributorInsights
//             (spec.contributorInsights), ListTagsOfResource (spec.tags),
//             GetResourcePolicy (spec.resourcePolicy). An object being
//             adopted (adoption annotation, not yet bound to a table) reads
//             all of them, to fill its spec. Busy while BusyReason says so.
//             Status and Observation::spec: observed_table.h.
// Create      CreateTable with everything CreateTable takes
//             (CreateTableInputOf); TTL, point-in-time recovery, contributor
//             insights and replicas follow as plan steps. A table of that
//             name already there: kAlreadyExists, saying how to adopt it.
// Plan        canonicalises the keys the planner needs through KeyIdentity
//             (cached there: no KMS call in steady state; none at all while
//             the table is busy), then PlanTableUpdate (update_planner.h).
// Apply       sends the step (table_steps.h); an UpdateTable answer becomes
//             the status fields it changed.
// Delete      DeleteTable. Gone when AWS has no such table; DELETING (or
//             CREATING/UPDATING, when AWS cannot delete yet) is a wait. A
//             table with deletion protection is not deleted: kInvalidArgument
//             saying so and how to go on, unless the spec sets
//             deletionProtectionEnabled: false, in which case protection is
//             turned off first (one UpdateTable), then the table deleted.
//
// Errors carry the field or the call they concern; AWS's codes map as
// aws_error.h says (LimitExceededException: kThrottled).
//
// Thread-safe: holds no state of its own. The pool and the key identity are
// borrowed and must outlive the manager.
#pragma once

#include <string>
#include <vector>

#include "runtime/resource_manager.h"
#include "services/aws_client_pool.h"
#include "services/kms/key_identity.h"

namespace tk::services::dynamodb {

class TableResourceManager final : public runtime::ResourceManager {
 public:
  TableResourceManager(AwsClientPool& pool, kms::KeyIdentity& key_identity);

  // runtime::ResourceManager
  const runtime::ResourceKind& kind() const override;
  std::vector<runtime::ObjectReferenceField> ReferencesOf(const nlohmann::json& object) const override;
  Status ResolveReferences(nlohmann::json& object, const runtime::ReferenceLookup& lookup) const override;
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
  kms::KeyIdentity& key_identity_;
};

// The kind TableResourceManager serves.
const runtime::ResourceKind& TableKind();

}  // namespace tk::services::dynamodb
