// CRDs as YAML, the form kubectl, Helm and deploy/crds/ use.
//
// The output is deterministic: keys in alphabetical order at every level (as
// controller-gen writes them), properties sorted by name, and scalars that
// YAML 1.1 readers would take for booleans, numbers or null ("N", "on",
// "1") quoted, so the API server reads every value as the string it is.
#pragma once

#include <string>
#include <vector>

#include "api/crd.h"
#include "api/schema.h"

namespace tk::api {

// One schema node and everything below it, as a YAML mapping.
std::string SchemaYaml(const Schema& schema);

// One CRD as a YAML document, without a leading "---".
std::string CrdYaml(const CustomResourceDefinition& crd);

// A file holding `crds` as a multi-document YAML stream: a comment saying
// where it comes from, then "---" and a document per CRD.
std::string CrdStreamYaml(const std::vector<CustomResourceDefinition>& crds);

}  // namespace tk::api
