// dynamodb.services.k8s.aws/v1alpha1 Table: a DynamoDB table. Fields and
// types follow ACK's Table CRD. Our rules: the table name, primary key and
// local secondary indexes are fixed at creation; the encryption key is given
// literally (kmsMasterKeyID) or by reference (kmsMasterKeyRef), not both.
// Enums are added only where DynamoDB's value set is small and settled.
//
// Schema version: bump kSchemaVersion whenever this schema changes.
#include <utility>

#include "api/ack_common.h"
#include "api/crds.h"

namespace tk::api {
namespace {

constexpr int32_t kSchemaVersion = 3;

// DynamoDB's limits, from its API model: attribute and index names up to 255
// characters, a key of one or two attributes, at most 5 local secondary
// indexes, at most 100 projected non-key attributes. They bound the cost of
// the CEL rules that compare these lists.
constexpr int64_t kMaxNameLength = 255;
constexpr int64_t kMaxTableNameOrArnLength = 1024;
constexpr int64_t kMaxKeyAttributes = 2;
constexpr int64_t kMaxLocalSecondaryIndexes = 5;
constexpr int64_t kMaxNonKeyAttributes = 100;

Schema KeySchema() {
  return Array(Object({
                   {"attributeName", String().MaxLength(kMaxNameLength).Describe(
                                         "An attribute named in attributeDefinitions.")},
                   {"keyType",
                    String().Enum({"HASH", "RANGE"}).Describe(
                        "HASH for the partition key, RANGE for the sort key.")},
               }).Describe("One attribute of a key."))
      .MinItems(1)
      .MaxItems(kMaxKeyAttributes)
      .Describe("The key: a HASH attribute, optionally followed by a RANGE attribute.");
}

Schema Projection() {
  return Object({
             {"nonKeyAttributes",
              Array(String().MaxLength(kMaxNameLength))
                  .MaxItems(kMaxNonKeyAttributes)
                  .Describe("With INCLUDE: the non-key attributes copied into the index.")},
             {"projectionType", String()
                                    .Enum({"ALL", "KEYS_ONLY", "INCLUDE"})
                                    .Describe("Which attributes the index holds.")},
         })
      .Describe("The attributes copied from the table into the index.");
}

Schema IndexName() {
  return String().MaxLength(kMaxNameLength).Describe("The index name, unique in the table.");
}

Schema ProvisionedThroughput() {
  return Object({
             {"readCapacityUnits", Integer().Describe("Read capacity units.")},
             {"writeCapacityUnits", Integer().Describe("Write capacity units.")},
         })
      .Describe("Provisioned read and write capacity (billing mode PROVISIONED).");
}

Schema OnDemandThroughput() {
  return Object({
             {"maxReadRequestUnits", Integer().Describe("Most read request units per second.")},
             {"maxWriteRequestUnits", Integer().Describe("Most write request units per second.")},
         })
      .Describe("Upper bounds on on-demand throughput (billing mode PAY_PER_REQUEST).");
}

Schema ThroughputOverride() {
  return Object({
             {"readCapacityUnits", Integer().Describe("Read capacity units of the replica.")},
         })
      .Describe("The replica's own read capacity; the table's when unset.");
}

Schema ReplicaIndexes() {
  return Array(Object({
                   {"indexName", String().Describe("The global secondary index.")},
                   {"provisionedThroughputOverride", ThroughputOverride()},
               }).Describe("Replica settings of one global secondary index."))
      .Describe("Replica settings of global secondary indexes.");
}

Schema GlobalSecondaryIndexes() {
  return Array(Object({
                   {"indexName", IndexName()},
                   {"keySchema", KeySchema()},
                   {"onDemandThroughput", OnDemandThroughput()},
                   {"projection", Projection()},
                   {"provisionedThroughput", ProvisionedThroughput()},
               }).Describe("A global secondary index."))
      .Describe("Global secondary indexes. Created and deleted one per update.");
}

Schema LocalSecondaryIndexes() {
  Schema indexes = Array(Object({
                             {"indexName", IndexName()},
                             {"keySchema", KeySchema()},
                             {"projection", Projection()},
                         }).Describe("A local secondary index."))
                       .MaxItems(kMaxLocalSecondaryIndexes)
                       .Describe("Local secondary indexes; they share the table's partition key "
                                 "and exist only from the table's creation.");
  return Immutable(std::move(indexes), "spec.localSecondaryIndexes",
                   "DynamoDB creates local secondary indexes only with the table; create a new "
                   "Table, or use a global secondary index");
}

Schema SseSpecification() {
  return Object({
             {"enabled",
              Boolean().Describe("Encrypt with a KMS key: the one given, or the AWS managed key "
                                 "alias/aws/dynamodb. False or unset: the AWS owned key.")},
             {"kmsMasterKeyID",
              String().Describe("The KMS key: a key id, key ARN, alias name or alias ARN, all "
                                "compared by the key they name. Set this or kmsMasterKeyRef.")},
             {"kmsMasterKeyRef", ResourceReference("Key", "kmsMasterKeyID")},
             {"sseType", String().Enum({"AES256", "KMS"}).Describe("KMS for a KMS key.")},
         })
      .Validate(OneOf("spec.sseSpecification", "kmsMasterKeyID", "kmsMasterKeyRef"))
      .Describe("Server-side encryption of the table.");
}

Schema TableSpecSchema() {
  return Object({
             {"attributeDefinitions",
              Array(Object({
                        {"attributeName", String().Describe("The attribute's name.")},
                        {"attributeType", String()
                                              .Enum({"S", "N", "B"})
                                              .Describe("S (string), N (number) or B (binary).")},
                    }).Describe("An attribute used in a key."))
                  .Describe("The attributes used in the table's and indexes' keys.")},
             {"billingMode", String()
                                 .Enum({"PROVISIONED", "PAY_PER_REQUEST"})
                                 .Describe("PROVISIONED (capacity set in provisionedThroughput) "
                                           "or PAY_PER_REQUEST (on demand).")},
             {"continuousBackups",
              Object({
                  {"pointInTimeRecoveryEnabled",
                   Boolean().Describe("Whether point-in-time recovery is on.")},
              })
                  .Describe("Point-in-time recovery. Unmanaged when unset.")},
             {"contributorInsights", String()
                                         .Enum({"ENABLE", "DISABLE", "ENABLED", "DISABLED"})
                                         .Describe("CloudWatch Contributor Insights for the "
                                                   "table: ENABLE or DISABLE (ENABLED and "
                                                   "DISABLED, as ACK's samples write them, mean "
                                                   "the same). Unmanaged when unset.")},
             {"deletionProtectionEnabled",
              Boolean().Describe("Whether DynamoDB refuses to delete the table.")},
             {"globalSecondaryIndexes", GlobalSecondaryIndexes()},
             {"keySchema", Immutable(KeySchema(), "spec.keySchema",
                                     "DynamoDB fixes a table's primary key when it is created; "
                                     "create a new Table for another key")},
             {"localSecondaryIndexes", LocalSecondaryIndexes()},
             {"onDemandThroughput", OnDemandThroughput()},
             {"provisionedThroughput", ProvisionedThroughput()},
             {"resourcePolicy", String().Describe("A resource-based policy, a JSON document. "
                                                  "Compared as JSON, not as text.")},
             {"sseSpecification", SseSpecification()},
             {"streamSpecification",
              Object({
                  {"streamEnabled", Boolean().Describe("Whether the stream is on.")},
                  {"streamViewType",
                   String()
                       .Enum({"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"})
                       .Describe("What each stream record holds.")},
              })
                  .Describe("DynamoDB Streams for the table.")},
             {"tableClass", String().Describe("STANDARD or STANDARD_INFREQUENT_ACCESS.")},
             {"tableName",
              Immutable(String().MaxLength(kMaxTableNameOrArnLength)
                            .Describe("The table's name in DynamoDB (or its ARN)."),
                        "spec.tableName",
                        "a DynamoDB table cannot be renamed; create a new Table for another "
                        "name")},
             {"tableReplicas",
              Array(Object({
                        {"globalSecondaryIndexes", ReplicaIndexes()},
                        {"kmsMasterKeyID",
                         String().Describe("The KMS key of the replica, in its Region.")},
                        {"provisionedThroughputOverride", ThroughputOverride()},
                        {"regionName", String().Describe("The replica's Region.")},
                        {"tableClassOverride",
                         String().Describe("The replica's table class; the table's when unset.")},
                    }).Describe("A replica of the table in another Region."))
                  .Describe("Replicas (global table version 2019.11.21). Unmanaged when unset.")},
             {"tags", TagList("key", "value")},
             {"timeToLive",
              Object({
                  {"attributeName", String().Describe("The attribute holding the expiry time.")},
                  {"enabled", Boolean().Describe("Whether items expire.")},
              })
                  .Describe("Time to live. Unmanaged when unset.")},
         })
      .Require({"attributeDefinitions", "keySchema", "tableName"})
      .Validate(NotRemovable("localSecondaryIndexes", "spec.localSecondaryIndexes"))
      .Describe("The desired state of the DynamoDB table.");
}

Schema IndexDescriptions() {
  return Array(
             Object({
                 {"backfilling", Boolean().Describe("Whether the index is being backfilled.")},
                 {"indexARN", String().Describe("The index's ARN.")},
                 {"indexName", String().Describe("The index name.")},
                 {"indexSizeBytes", Integer().Describe("Size in bytes, updated about every six "
                                                       "hours.")},
                 {"indexStatus",
                  String().Describe("CREATING, UPDATING, DELETING or ACTIVE.")},
                 {"itemCount", Integer().Describe("Items, updated about every six hours.")},
                 {"keySchema",
                  Array(Object({
                            {"attributeName", String().Describe("The attribute.")},
                            {"keyType", String().Describe("HASH or RANGE.")},
                        }).Describe("One attribute of the index key."))
                      .Describe("The index key.")},
                 {"onDemandThroughput", Object({
                                            {"maxReadRequestUnits", Integer()},
                                            {"maxWriteRequestUnits", Integer()},
                                        })
                                            .Describe("On-demand throughput bounds.")},
                 {"projection", Object({
                                    {"nonKeyAttributes", Array(String())},
                                    {"projectionType", String()},
                                })
                                    .Describe("The attributes the index holds.")},
                 {"provisionedThroughput",
                  Object({
                      {"lastDecreaseDateTime", DateTime()},
                      {"lastIncreaseDateTime", DateTime()},
                      {"numberOfDecreasesToday", Integer()},
                      {"readCapacityUnits", Integer()},
                      {"writeCapacityUnits", Integer()},
                  })
                      .Describe("Provisioned capacity and its recent changes.")},
             }).Describe("A global secondary index as DynamoDB describes it."))
      .Describe("The global secondary indexes as DynamoDB describes them.");
}

Schema ReplicaDescriptions() {
  return Array(Object({
                   {"globalSecondaryIndexes", ReplicaIndexes()},
                   {"kmsMasterKeyID", String().Describe("The replica's KMS key.")},
                   {"provisionedThroughputOverride", ThroughputOverride()},
                   {"regionName", String().Describe("The replica's Region.")},
                   {"replicaInaccessibleDateTime",
                    DateTime().Describe("When the replica's KMS key became inaccessible.")},
                   {"replicaStatus", String().Describe("The replica's state.")},
                   {"replicaStatusDescription", String().Describe("Detail of the state.")},
                   {"replicaStatusPercentProgress",
                    String().Describe("Progress of the replica's creation.")},
                   {"replicaTableClassSummary",
                    Object({
                        {"lastUpdateDateTime", DateTime()},
                        {"tableClass", String()},
                    })
                        .Describe("The replica's table class.")},
               }).Describe("A replica as DynamoDB describes it."))
      .Describe("The table's replicas.");
}

Schema TableStatusSchema() {
  return AckStatus({
             {"archivalSummary",
              Object({
                  {"archivalBackupARN", String()},
                  {"archivalDateTime", DateTime()},
                  {"archivalReason", String()},
              })
                  .Describe("Why and when the table was archived.")},
             {"creationDateTime", DateTime().Describe("When the table was created.")},
             {"globalSecondaryIndexesDescriptions", IndexDescriptions()},
             {"globalTableVersion", String().Describe("The global tables version in use.")},
             {"itemCount", Integer().Describe("Items, updated about every six hours.")},
             {"latestStreamARN", String().Describe("The ARN of the table's latest stream.")},
             {"latestStreamLabel", String().Describe("The label of the latest stream.")},
             {"replicas", ReplicaDescriptions()},
             {"restoreSummary",
              Object({
                  {"restoreDateTime", DateTime()},
                  {"restoreInProgress", Boolean()},
                  {"sourceBackupARN", String()},
                  {"sourceTableARN", String()},
              })
                  .Describe("The restore the table came from.")},
             // Not in ACK's CRD: the encryption DynamoDB reports, with the key's ARN.
             {"sseDescription",
              Object({
                  {"inaccessibleEncryptionDateTime",
                   DateTime().Describe("When the table's KMS key became inaccessible.")},
                  {"kmsMasterKeyARN", String().Describe("The ARN of the KMS key in use.")},
                  {"sseType", String().Describe("KMS or AES256.")},
                  {"status", String().Describe("ENABLING, ENABLED, DISABLING, DISABLED or "
                                               "UPDATING.")},
              })
                  .Describe("The table's encryption as DynamoDB reports it; absent for the "
                            "AWS owned key.")},
             // Not in ACK's CRD: the rest of what DescribeTable reports.
             {"billingModeSummary",
              Object({
                  {"billingMode", String()},
                  {"lastUpdateToPayPerRequestDateTime", DateTime()},
              })
                  .Describe("The billing mode in effect and when it last became on-demand.")},
             {"tableARN", String().Describe("The table's ARN (also in ackResourceMetadata.arn).")},
             {"tableClassSummary",
              Object({
                  {"lastUpdateDateTime", DateTime()},
                  {"tableClass", String()},
              })
                  .Describe("The table class in effect and when it last changed.")},
             {"tableID", String().Describe("The table's unique id.")},
             {"tableSizeBytes", Integer().Describe("Size in bytes, updated about every six "
                                                   "hours.")},
             {"tableStatus",
              String().Describe("CREATING, UPDATING, DELETING, ACTIVE, "
                                "INACCESSIBLE_ENCRYPTION_CREDENTIALS, ARCHIVING or ARCHIVED.")},
         })
      .Describe("The observed state of the DynamoDB table.");
}

}  // namespace

CustomResourceDefinition TableCrd() {
  CustomResourceDefinition crd;
  crd.group = "dynamodb.services.k8s.aws";
  crd.kind = "Table";
  crd.plural = "tables";
  crd.singular = "table";
  crd.short_names = {"ddbtable"};
  crd.categories = {"tablekeeper"};
  crd.schema_version = kSchemaVersion;
  crd.description = "A DynamoDB table managed by tablekeeper.";
  crd.spec = TableSpecSchema();
  crd.status = TableStatusSchema();
  crd.object_rules = {SpecNotRemovable()};
  crd.printer_columns = {
      {"ARN", "string", ".status.ackResourceMetadata.arn", "The table's ARN.", 1},
      {"CLASS", "string", ".spec.tableClass", "The table class.", 0},
      {"STATUS", "string", ".status.tableStatus", "The table's state in DynamoDB.", 0},
  };
  for (PrinterColumn& column : SyncedAndAgeColumns()) {
    crd.printer_columns.push_back(std::move(column));
  }
  return crd;
}

}  // namespace tk::api
