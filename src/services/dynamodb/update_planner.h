// The update planner of a Table: from the desired table (TableSpec), what AWS
// has (ObservedTable) and the canonical key ARNs, the ordered list of AWS
// writes that brings the table to its spec (DESIGN.md section 3: one change
// at a time). A pure function: no calls, no clock, no state, so a converged
// table plans to nothing every time, and tests need no AWS.
//
// Rules:
// - Nothing while AWS is settling (the table not ACTIVE, an index not ACTIVE
//   or backfilling, the encryption UPDATING, a replica not ACTIVE): no steps,
//   waiting_for says what is waited for.
// - Each step is one call. UpdateTable carries one kind of change, with at
//   most one index created or deleted; the other settings have their APIs.
// - Order (each listed only when it differs):
//     1  UpdateTable  delete an index (not in the spec, or to be replaced)
//     2  UpdateTable  billing mode switch; to PROVISIONED it carries the
//                     throughput of the table and of every index kept, as
//                     AWS requires
//     3  UpdateTable  table throughput (provisioned, or on-demand maximums)
//     4  UpdateTable  an index's throughput, one index per step
//     5  UpdateTable  create an index (with the attribute definitions of
//                     every key that will exist)
//     6  UpdateTable  stream: enable, disable; a view type change is a
//                     disable, then an enable (AWS changes no enabled stream)
//     7  UpdateTable  encryption (compared by canonical key ARN)
//     8  UpdateTable  table class
//     9  UpdateTable  deletion protection
//    10  UpdateTimeToLive (a new attribute: disable, then enable)
//    11  UpdateContinuousBackups
//    12  UpdateContributorInsights
//    13  TagResource, then UntagResource (tags as a map; "aws:" keys are AWS's)
//    14  PutResourcePolicy or DeleteResourcePolicy (compared parsed)
//    15  UpdateTable  replicas: delete, create, update, one per step
//   Steps after the first are what is to come as things stand; the runtime
//   sends the first, then plans again from a new observation.
// - An index whose key schema, projection or key attribute types change is
//   deleted (step 1), then created again (step 5): never an endless diff.
// - Unset means unmanaged: a member the spec leaves out plans nothing, and
//   neither does a part of the observation that was not read.
// - What AWS cannot change (the table's key schema and key attribute types,
//   local indexes) is reported in `advisories`, never planned.
// - A wait that concerns one setting only (TTL ENABLING) holds back that
//   setting; it becomes waiting_for only when nothing else is to do.
//
// Errors: kInvalidArgument when the spec cannot be applied to this table as
// written (a switch to PROVISIONED, or an index created under PROVISIONED,
// without the throughput AWS requires), the message naming the field;
// kInternal when `keys` lacks an ARN KeysToCanonicalise asked for.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "runtime/resource_manager.h"
#include "services/dynamodb/observed_table.h"
#include "services/dynamodb/table_spec.h"
#include "util/status.h"

namespace tk::services::dynamodb {

// The names of KMS keys the planner needs canonicalised (key ARNs via
// kms::KeyIdentity) for a spec and an observation.
struct KeyNames {
  // The customer key's kmsMasterKeyID, or kAwsManagedKeyAlias when the spec
  // asks for the AWS managed key and the table is under some KMS key now;
  // unset otherwise.
  std::optional<std::string> sse_key;
  // Replica region -> the replica's kmsMasterKeyID.
  std::map<std::string, std::string> replica_keys;
};

// The same, canonicalised: key ARNs.
struct CanonicalKeys {
  std::optional<std::string> sse_key_arn;
  std::map<std::string, std::string> replica_key_arns;
};

// What to canonicalise before PlanTableUpdate. REQUIRES: a resolved spec
// (kmsMasterKeyRef written into kmsMasterKeyID); an unresolved reference is
// kFailedPrecondition.
Result<KeyNames> KeysToCanonicalise(const TableSpec& desired, const ObservedTable& observed);

// The plan. `keys` holds the ARNs of KeysToCanonicalise's names.
Result<runtime::Plan> PlanTableUpdate(const TableSpec& desired, const ObservedTable& observed,
                                      const CanonicalKeys& keys);

}  // namespace tk::services::dynamodb
