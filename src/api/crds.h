// The CRDs tablekeeper serves, each defined in its own file:
// kms_key_crd.cc, kms_alias_crd.cc and dynamodb_table_crd.cc. Their schemas
// accept every field of ACK's CRDs for the same kinds with the same type and
// meaning (a unit test walks ACK's schemas to prove it); what we add is
// additive: CEL rules for immutable and exclusive fields, printer columns,
// short names, and a few status fields.
#pragma once

#include <vector>

#include "api/crd.h"

namespace tk::api {

// kms.services.k8s.aws/v1alpha1 Key.
CustomResourceDefinition KeyCrd();
// kms.services.k8s.aws/v1alpha1 Alias.
CustomResourceDefinition AliasCrd();
// dynamodb.services.k8s.aws/v1alpha1 Table.
CustomResourceDefinition TableCrd();

// Every CRD, ordered by file name (group, then plural).
std::vector<CustomResourceDefinition> AllCrds();

}  // namespace tk::api
