// Resolving a reference to a KMS Key object (kms.services.k8s.aws/v1alpha1
// Key), for every kind that refers to keys: an Alias's targetKeyRef and a
// Table's sseSpecification.kmsMasterKeyRef (DESIGN.md section 3, references).
//
// A Key is usable through a reference only once it is synced
// (ACK.ResourceSynced=True), not Terminal, has
// status.ackResourceMetadata.arn, and its status.keyState is Enabled. ACK
// treats a Disabled or PendingDeletion key as synced; we do not: a table
// must not be pointed at a key it cannot use.
#pragma once

#include <string>

#include "runtime/resource_manager.h"
#include "util/status.h"

namespace tk::services::kms {

// The kind name references use, as ReferenceLookup::Get takes it.
inline constexpr std::string_view kKeyKind = "Key";

// The key ARN of the Key `namespace_name`/`name`. kFailedPrecondition, with a
// message saying which Key and why (missing, not synced yet, Terminal, its
// key state), when it is not usable now.
Result<std::string> UsableKeyArn(const runtime::ReferenceLookup& lookup, const std::string& namespace_name,
                                 const std::string& name);

}  // namespace tk::services::kms
