// kms.services.k8s.aws/v1alpha1 Key: a KMS key. Fields and types follow
// ACK's Key CRD; the key's spec, usage, origin, multi-Region flag and custom
// key store are fixed at creation, which CEL rules enforce.
//
// Schema version: bump kSchemaVersion whenever this schema changes.
#include <utility>

#include "api/ack_common.h"
#include "api/crds.h"

namespace tk::api {
namespace {

constexpr int32_t kSchemaVersion = 2;

constexpr std::string_view kCreateNewKey = "KMS fixes it when the key is created; create a new Key "
                                           "for another value";

Schema KeySpecSchema() {
  Schema spec = Object({
      {"bypassPolicyLockoutSafetyCheck",
       Boolean().Describe("Skip KMS's check that the policy still lets the caller manage the key. "
                          "Leave unset unless you mean to lock the caller out.")},
      {"customKeyStoreID",
       Immutable(String().MaxLength(64).Describe(
                     "The custom key store (CloudHSM or external) to create the key in."),
                 "spec.customKeyStoreID", kCreateNewKey)},
      {"description", String().Describe("A description of the key. Updatable.")},
      {"enableKeyRotation", Boolean().Describe("Rotate the key material every year.")},
      {"enabled", Boolean().Describe("Enable (true) or disable (false) the key in KMS; unset leaves it "
                                     "as it is. A tablekeeper addition.")},
      {"keySpec",
       Immutable(String().MaxLength(64).Describe(
                     "The type of key: SYMMETRIC_DEFAULT (the default), RSA_*, ECC_*, HMAC_*, "
                     "SM2, ML_DSA_*. DynamoDB can use only SYMMETRIC_DEFAULT keys."),
                 "spec.keySpec", kCreateNewKey)},
      {"keyUsage",
       Immutable(String().MaxLength(64).Describe(
                     "What the key is for: ENCRYPT_DECRYPT (the default), SIGN_VERIFY, "
                     "GENERATE_VERIFY_MAC or KEY_AGREEMENT."),
                 "spec.keyUsage", kCreateNewKey)},
      {"multiRegion",
       Immutable(Boolean().Describe("Create a multi-Region primary key."), "spec.multiRegion",
                 kCreateNewKey)},
      {"origin",
       Immutable(String().MaxLength(64).Describe(
                     "Where the key material comes from: AWS_KMS (the default), EXTERNAL, "
                     "AWS_CLOUDHSM or EXTERNAL_KEY_STORE."),
                 "spec.origin", kCreateNewKey)},
      {"policy", String().Describe("The key policy, a JSON document. KMS attaches its default "
                                   "policy when unset. Compared as JSON, not as text.")},
      {"tags", TagList("tagKey", "tagValue")},
  });
  spec.description = "The desired state of the KMS key.";
  for (std::string_view field : {"customKeyStoreID", "keySpec", "keyUsage", "multiRegion",
                                 "origin"}) {
    spec.validations.push_back(NotRemovable(field, "spec." + std::string(field)));
  }
  return spec;
}

Schema MultiRegionKey() {
  return Object({
      {"arn", String().Describe("The key's ARN.")},
      {"region", String().Describe("The key's Region.")},
  });
}

Schema KeyStatusSchema() {
  return AckStatus({
             {"awsAccountID", String().Describe("The AWS account that owns the key.")},
             {"cloudHsmClusterID",
              String().Describe("The CloudHSM cluster holding the key material, for keys in a "
                                "CloudHSM key store.")},
             {"creationDate", DateTime().Describe("When the key was created.")},
             {"deletionDate",
              DateTime().Describe("When KMS deletes the key, while it is PendingDeletion.")},
             {"enabled", Boolean().Describe("Whether the key is enabled.")},
             {"encryptionAlgorithms",
              Array(String()).Describe("Encryption algorithms the key supports.")},
             {"expirationModel",
              String().Describe("Whether imported key material expires (EXTERNAL origin).")},
             {"keyID", String().Describe("The key's id.")},
             {"keyManager", String().Describe("CUSTOMER or AWS.")},
             {"keyState",
              String().Describe("The key's state: Enabled, Disabled, PendingDeletion, ... "
                                "References to the key resolve only while it is Enabled.")},
             {"macAlgorithms", Array(String()).Describe("MAC algorithms the key supports.")},
             {"multiRegionConfiguration",
              Object({
                  {"multiRegionKeyType", String().Describe("PRIMARY or REPLICA.")},
                  {"primaryKey", MultiRegionKey().Describe("The primary key.")},
                  {"replicaKeys", Array(MultiRegionKey()).Describe("The replica keys.")},
              })
                  .Describe("The primary and replica keys of a multi-Region key.")},
             {"pendingDeletionWindowInDays",
              Integer().Describe("Days before a multi-Region primary key is deleted once its "
                                 "last replica is gone.")},
             {"signingAlgorithms",
              Array(String()).Describe("Signing algorithms the key supports.")},
             {"validTo", DateTime().Describe("When imported key material expires.")},
         })
      .Describe("The observed state of the KMS key.");
}

}  // namespace

CustomResourceDefinition KeyCrd() {
  CustomResourceDefinition crd;
  crd.group = "kms.services.k8s.aws";
  crd.kind = "Key";
  crd.plural = "keys";
  crd.singular = "key";
  crd.short_names = {"kmskey"};
  crd.categories = {"tablekeeper"};
  crd.schema_version = kSchemaVersion;
  crd.description = "A KMS key managed by tablekeeper.";
  crd.spec = KeySpecSchema();
  crd.status = KeyStatusSchema();
  crd.object_rules = {SpecNotRemovable()};
  crd.printer_columns = {
      {"ID", "string", ".status.keyID", "The key's id.", 0},
      {"STATE", "string", ".status.keyState", "The key's state.", 0},
      {"ARN", "string", ".status.ackResourceMetadata.arn", "The key's ARN.", 1},
  };
  for (PrinterColumn& column : SyncedAndAgeColumns()) {
    crd.printer_columns.push_back(std::move(column));
  }
  return crd;
}

}  // namespace tk::api
