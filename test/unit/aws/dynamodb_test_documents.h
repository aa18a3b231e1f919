// JSON documents in the shapes of the DynamoDB model, shared by the unit
// tests of the typed DynamoDB layer: each holds every member the C++ structs
// hold (dynamodb_model_test.cc checks them against the model, so the tests
// that decode and re-encode them check the structs' member names).
#pragma once

namespace tk::aws::dynamodb::test_documents {

// A DescribeTable "Table" with every member TableDescription holds, values
// as DynamoDB answers them (timestamps in epoch seconds).
inline constexpr const char* kFullTable = R"({
  "AttributeDefinitions": [
    {"AttributeName": "pk", "AttributeType": "S"},
    {"AttributeName": "sk", "AttributeType": "N"},
    {"AttributeName": "gsi_pk", "AttributeType": "B"}
  ],
  "TableName": "orders",
  "KeySchema": [
    {"AttributeName": "pk", "KeyType": "HASH"},
    {"AttributeName": "sk", "KeyType": "RANGE"}
  ],
  "TableStatus": "ACTIVE",
  "CreationDateTime": 1700000000.123,
  "ProvisionedThroughput": {
    "LastIncreaseDateTime": 1700000100.5,
    "LastDecreaseDateTime": 1700000200.25,
    "NumberOfDecreasesToday": 1,
    "ReadCapacityUnits": 5,
    "WriteCapacityUnits": 10
  },
  "TableSizeBytes": 123456789012,
  "ItemCount": 42,
  "TableArn": "arn:aws:dynamodb:us-east-1:111122223333:table/orders",
  "TableId": "0a1b2c3d-4e5f-6789-abcd-ef0123456789",
  "BillingModeSummary": {
    "BillingMode": "PROVISIONED",
    "LastUpdateToPayPerRequestDateTime": 1690000000
  },
  "LocalSecondaryIndexes": [{
    "IndexName": "by-sk",
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                  {"AttributeName": "sk", "KeyType": "RANGE"}],
    "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a", "b"]},
    "IndexSizeBytes": 100,
    "ItemCount": 3,
    "IndexArn": "arn:aws:dynamodb:us-east-1:111122223333:table/orders/index/by-sk"
  }],
  "GlobalSecondaryIndexes": [{
    "IndexName": "by-gsi",
    "KeySchema": [{"AttributeName": "gsi_pk", "KeyType": "HASH"}],
    "Projection": {"ProjectionType": "KEYS_ONLY"},
    "IndexStatus": "CREATING",
    "Backfilling": true,
    "ProvisionedThroughput": {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 1,
                              "WriteCapacityUnits": 2},
    "IndexSizeBytes": 0,
    "ItemCount": 0,
    "IndexArn": "arn:aws:dynamodb:us-east-1:111122223333:table/orders/index/by-gsi",
    "OnDemandThroughput": {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 50},
    "WarmThroughput": {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000,
                       "Status": "ACTIVE"}
  }],
  "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"},
  "LatestStreamLabel": "2023-11-14T22:13:20.123",
  "LatestStreamArn":
      "arn:aws:dynamodb:us-east-1:111122223333:table/orders/stream/2023-11-14T22:13:20.123",
  "GlobalTableVersion": "2019.11.21",
  "Replicas": [{
    "RegionName": "eu-west-1",
    "ReplicaStatus": "ACTIVE",
    "ReplicaArn": "arn:aws:dynamodb:eu-west-1:111122223333:table/orders",
    "ReplicaStatusDescription": "ok",
    "ReplicaStatusPercentProgress": "100",
    "KMSMasterKeyId": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "ProvisionedThroughputOverride": {"ReadCapacityUnits": 7},
    "OnDemandThroughputOverride": {"MaxReadRequestUnits": 70},
    "WarmThroughput": {"ReadUnitsPerSecond": 1, "WriteUnitsPerSecond": 2, "Status": "UPDATING"},
    "GlobalSecondaryIndexes": [{
      "IndexName": "by-gsi",
      "ProvisionedThroughputOverride": {"ReadCapacityUnits": 3},
      "OnDemandThroughputOverride": {"MaxReadRequestUnits": 30},
      "WarmThroughput": {"ReadUnitsPerSecond": 5, "WriteUnitsPerSecond": 6, "Status": "ACTIVE"}
    }],
    "ReplicaInaccessibleDateTime": 1700000300,
    "ReplicaTableClassSummary": {"TableClass": "STANDARD", "LastUpdateDateTime": 1700000400},
    "GlobalTableSettingsReplicationMode": "ENABLED"
  }],
  "GlobalTableWitnesses": [{"RegionName": "us-west-2", "WitnessStatus": "ACTIVE"}],
  "GlobalTableSettingsReplicationMode": "ENABLED",
  "RestoreSummary": {
    "SourceBackupArn":
        "arn:aws:dynamodb:us-east-1:111122223333:table/old/backup/01234567890123-abcdefgh",
    "SourceTableArn": "arn:aws:dynamodb:us-east-1:111122223333:table/old",
    "RestoreDateTime": 1699999999.5,
    "RestoreInProgress": false
  },
  "SSEDescription": {
    "Status": "ENABLED",
    "SSEType": "KMS",
    "KMSMasterKeyArn":
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "InaccessibleEncryptionDateTime": 1700000500
  },
  "ArchivalSummary": {
    "ArchivalDateTime": 1700000600,
    "ArchivalReason": "INACCESSIBLE_ENCRYPTION_CREDENTIALS",
    "ArchivalBackupArn":
        "arn:aws:dynamodb:us-east-1:111122223333:table/orders/backup/01234567890123-ijklmnop"
  },
  "TableClassSummary": {"TableClass": "STANDARD_INFREQUENT_ACCESS",
                        "LastUpdateDateTime": 1700000700},
  "DeletionProtectionEnabled": true,
  "OnDemandThroughput": {"MaxReadRequestUnits": -1, "MaxWriteRequestUnits": -1},
  "WarmThroughput": {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"},
  "MultiRegionConsistency": "EVENTUAL"
})";

// A CreateTable request with every member CreateTableInput holds.
inline constexpr const char* kFullCreateTableInput = R"({
  "TableName": "orders",
  "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                           {"AttributeName": "sk", "AttributeType": "S"},
                           {"AttributeName": "status", "AttributeType": "S"}],
  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"}],
  "LocalSecondaryIndexes": [{
    "IndexName": "by-status-local",
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                  {"AttributeName": "status", "KeyType": "RANGE"}],
    "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["total"]}
  }],
  "GlobalSecondaryIndexes": [{
    "IndexName": "by-status",
    "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
    "Projection": {"ProjectionType": "ALL"},
    "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 2},
    "OnDemandThroughput": {"MaxReadRequestUnits": 10, "MaxWriteRequestUnits": 20},
    "WarmThroughput": {"ReadUnitsPerSecond": 100, "WriteUnitsPerSecond": 200}
  }],
  "BillingMode": "PROVISIONED",
  "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 6},
  "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "KEYS_ONLY"},
  "SSESpecification": {"Enabled": true, "SSEType": "KMS", "KMSMasterKeyId": "alias/orders"},
  "Tags": [{"Key": "team", "Value": "payments"}],
  "TableClass": "STANDARD_INFREQUENT_ACCESS",
  "DeletionProtectionEnabled": true,
  "WarmThroughput": {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000},
  "ResourcePolicy": "{\"Version\": \"2012-10-17\", \"Statement\": []}",
  "OnDemandThroughput": {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 200},
  "GlobalTableSourceArn": "arn:aws:dynamodb:us-east-1:111122223333:table/orders",
  "GlobalTableSettingsReplicationMode": "ENABLED"
})";

// An UpdateTable request with every member UpdateTableInput holds (AWS takes
// one kind of change per call; this is a shape test, not a valid request).
inline constexpr const char* kFullUpdateTableInput = R"({
  "TableName": "orders",
  "AttributeDefinitions": [{"AttributeName": "status", "AttributeType": "S"}],
  "BillingMode": "PAY_PER_REQUEST",
  "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 6},
  "GlobalSecondaryIndexUpdates": [
    {"Update": {"IndexName": "by-a",
                "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
                "OnDemandThroughput": {"MaxReadRequestUnits": 5, "MaxWriteRequestUnits": 5},
                "WarmThroughput": {"ReadUnitsPerSecond": 1, "WriteUnitsPerSecond": 1}}},
    {"Create": {"IndexName": "by-status",
                "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["total"]},
                "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
                "OnDemandThroughput": {"MaxReadRequestUnits": 5, "MaxWriteRequestUnits": 5},
                "WarmThroughput": {"ReadUnitsPerSecond": 1, "WriteUnitsPerSecond": 1}}},
    {"Delete": {"IndexName": "by-b"}}
  ],
  "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_IMAGE"},
  "SSESpecification": {"Enabled": true, "SSEType": "KMS",
                       "KMSMasterKeyId": "arn:aws:kms:us-east-1:111122223333:alias/orders"},
  "ReplicaUpdates": [
    {"Create": {"RegionName": "eu-west-1", "KMSMasterKeyId": "alias/orders",
                "ProvisionedThroughputOverride": {"ReadCapacityUnits": 3},
                "OnDemandThroughputOverride": {"MaxReadRequestUnits": 30},
                "GlobalSecondaryIndexes": [{
                  "IndexName": "by-status",
                  "ProvisionedThroughputOverride": {"ReadCapacityUnits": 1},
                  "OnDemandThroughputOverride": {"MaxReadRequestUnits": 10}}],
                "TableClassOverride": "STANDARD"}},
    {"Update": {"RegionName": "eu-west-2", "KMSMasterKeyId": "alias/orders",
                "ProvisionedThroughputOverride": {"ReadCapacityUnits": 4},
                "OnDemandThroughputOverride": {"MaxReadRequestUnits": 40},
                "GlobalSecondaryIndexes": [{"IndexName": "by-status"}],
                "TableClassOverride": "STANDARD_INFREQUENT_ACCESS"}},
    {"Delete": {"RegionName": "ap-south-1"}}
  ],
  "TableClass": "STANDARD",
  "DeletionProtectionEnabled": false,
  "MultiRegionConsistency": "STRONG",
  "OnDemandThroughput": {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 200},
  "WarmThroughput": {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000},
  "GlobalTableSettingsReplicationMode": "DISABLED"
})";

}  // namespace tk::aws::dynamodb::test_documents
