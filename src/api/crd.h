// The model of one CustomResourceDefinition as tablekeeper serves it: a
// namespaced kind with one version, v1alpha1, served and stored, with the
// status subresource, and a hand-kept schema version.
//
// The schema version is an integer per CRD, written on the CRD as the
// annotation tablekeeper.io/schema-version. Whoever changes a CRD's schema
// bumps it in the kind's *_crd.cc (a unit test notices a change without a
// bump); the controller compares it with the installed CRD's to tell an old
// CRD from a current one.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/schema.h"
#include "util/status.h"

namespace tk::api {

inline constexpr std::string_view kSchemaVersionAnnotation = "tablekeeper.io/schema-version";

// A column `kubectl get` shows (additionalPrinterColumns). `type` is an
// OpenAPI type or "date"; priority 0 shows by default, 1 only with -o wide.
struct PrinterColumn {
  std::string name;
  std::string type;
  std::string json_path;
  std::string description;
  int32_t priority = 0;
};

struct CustomResourceDefinition {
  std::string group;     // "kms.services.k8s.aws"
  std::string kind;      // "Key"
  std::string plural;    // "keys"
  std::string singular;  // "key"
  std::vector<std::string> short_names;
  std::vector<std::string> categories;
  std::string version = "v1alpha1";
  int32_t schema_version = 1;

  std::string description;  // of the whole object, for `kubectl explain`
  Schema spec;
  Schema status;
  // Rules on the whole object (self is the object), e.g. spec not removable.
  std::vector<ValidationRule> object_rules;
  std::vector<PrinterColumn> printer_columns;

  // "keys.kms.services.k8s.aws", the CRD's metadata.name.
  std::string Name() const;
  // "KeyList".
  std::string ListKind() const;
  // "kms.services.k8s.aws_keys.yaml", the file name ACK uses.
  std::string FileName() const;
  // The openAPIV3Schema: apiVersion, kind, metadata, spec and status.
  Schema ObjectSchema() const;
};

// Checks what the API server would refuse or what would make the schema not
// structural: an array without items, a `required` name that is no property,
// string-only keywords on other types, a map with properties, an empty rule
// or message, names missing. The message names the path.
Status CheckCrd(const CustomResourceDefinition& crd);

}  // namespace tk::api
