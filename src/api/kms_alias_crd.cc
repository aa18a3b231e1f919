// kms.services.k8s.aws/v1alpha1 Alias: a KMS alias naming a key. Fields and
// types follow ACK's Alias CRD. Our rules: the name starts with alias/, not
// with the reserved alias/aws/, and never changes; the target is a key id or
// a reference to a Key object, not both.
//
// Schema version: bump kSchemaVersion whenever this schema changes.
#include <utility>

#include "api/ack_common.h"
#include "api/crds.h"

namespace tk::api {
namespace {

constexpr int32_t kSchemaVersion = 1;

Schema AliasName() {
  Schema name =
      String()
          .MaxLength(256)
          .Pattern("^[a-zA-Z0-9:/_-]+$")
          .Describe("The alias name: alias/ followed by letters, digits, /, _ or -, e.g. "
                    "alias/orders. Names under alias/aws/ belong to AWS managed keys.")
          .Validate("self.startsWith('alias/') && self.size() > 6",
                    "spec.name must be alias/ followed by a name, e.g. alias/orders; add the "
                    "alias/ prefix")
          .Validate("!self.startsWith('alias/aws/')",
                    "spec.name must not start with alias/aws/, which AWS reserves for its "
                    "managed keys; choose another name, e.g. alias/orders");
  return Immutable(std::move(name), "spec.name",
                   "an alias cannot be renamed; create a new Alias and delete this one");
}

Schema AliasSpecSchema() {
  return Object({
             {"name", AliasName()},
             {"targetKeyID",
              String().Describe("The key the alias names: its key id or key ARN. Set this or "
                                "targetKeyRef.")},
             {"targetKeyRef", ResourceReference("Key", "targetKeyID")},
         })
      .Require({"name"})
      .Validate(OneOf("spec", "targetKeyID", "targetKeyRef"))
      .Describe("The desired state of the KMS alias.");
}

}  // namespace

CustomResourceDefinition AliasCrd() {
  CustomResourceDefinition crd;
  crd.group = "kms.services.k8s.aws";
  crd.kind = "Alias";
  crd.plural = "aliases";
  crd.singular = "alias";
  crd.short_names = {"kmsalias"};
  crd.categories = {"tablekeeper"};
  crd.schema_version = kSchemaVersion;
  crd.description = "A KMS alias managed by tablekeeper.";
  crd.spec = AliasSpecSchema();
  crd.status = AckStatus({}).Describe("The observed state of the KMS alias.");
  crd.object_rules = {SpecNotRemovable()};
  crd.printer_columns = {
      {"ALIAS", "string", ".spec.name", "The alias name.", 0},
      {"TARGET-KEY", "string", ".spec.targetKeyID", "The target key, when given literally.", 0},
      {"TARGET-REF", "string", ".spec.targetKeyRef.from.name",
       "The target Key object, when given by reference.", 0},
  };
  for (PrinterColumn& column : SyncedAndAgeColumns()) {
    crd.printer_columns.push_back(std::move(column));
  }
  return crd;
}

}  // namespace tk::api
