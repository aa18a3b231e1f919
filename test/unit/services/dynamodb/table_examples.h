// Example Table specs (the `spec` member of Table objects) the unit tests
// share: every one must parse, create and then plan to nothing against the
// table AWS reports (DESIGN.md section 3). Names are ACK's field names.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "table_test_support.h"

namespace tk::services::dynamodb::testing {

// The smallest table: on-demand, one HASH key.
inline json MinimalSpec() {
  return json::parse(R"({
    "tableName": "orders",
    "attributeDefinitions": [{"attributeName": "id", "attributeType": "S"}],
    "keySchema": [{"attributeName": "id", "keyType": "HASH"}],
    "billingMode": "PAY_PER_REQUEST"
  })");
}

// The seed scenario (DESIGN.md section 1): encrypted under a customer key
// named by `key_name` (any of the four forms).
inline json SeedSpec(const std::string& key_name) {
  json spec = MinimalSpec();
  spec["sseSpecification"] = {{"enabled", true}, {"sseType", "KMS"}, {"kmsMasterKeyID", key_name}};
  return spec;
}

// ACK's e2e sample "table_basic" shape: provisioned, RANGE key, a stream.
inline json AckBasicSpec() {
  return json::parse(R"({
    "tableName": "forums",
    "attributeDefinitions": [
      {"attributeName": "ForumName", "attributeType": "S"},
      {"attributeName": "LastPostDateTime", "attributeType": "S"}
    ],
    "keySchema": [
      {"attributeName": "ForumName", "keyType": "HASH"},
      {"attributeName": "LastPostDateTime", "keyType": "RANGE"}
    ],
    "provisionedThroughput": {"readCapacityUnits": 5, "writeCapacityUnits": 5},
    "streamSpecification": {"streamEnabled": true, "streamViewType": "NEW_AND_OLD_IMAGES"}
  })");
}

// Every field set.
inline json FullSpec() {
  return json::parse(R"({
    "tableName": "shop-orders",
    "attributeDefinitions": [
      {"attributeName": "customer", "attributeType": "S"},
      {"attributeName": "orderId", "attributeType": "S"},
      {"attributeName": "placedAt", "attributeType": "N"},
      {"attributeName": "status", "attributeType": "S"}
    ],
    "keySchema": [
      {"attributeName": "orderId", "keyType": "RANGE"},
      {"attributeName": "customer", "keyType": "HASH"}
    ],
    "billingMode": "PROVISIONED",
    "provisionedThroughput": {"readCapacityUnits": 10, "writeCapacityUnits": 5},
    "globalSecondaryIndexes": [{
      "indexName": "byStatus",
      "keySchema": [{"attributeName": "status", "keyType": "HASH"},
                    {"attributeName": "placedAt", "keyType": "RANGE"}],
      "projection": {"projectionType": "INCLUDE", "nonKeyAttributes": ["total", "currency"]},
      "provisionedThroughput": {"readCapacityUnits": 2, "writeCapacityUnits": 1}
    }],
    "localSecondaryIndexes": [{
      "indexName": "byPlacedAt",
      "keySchema": [{"attributeName": "customer", "keyType": "HASH"},
                    {"attributeName": "placedAt", "keyType": "RANGE"}],
      "projection": {"projectionType": "KEYS_ONLY"}
    }],
    "streamSpecification": {"streamEnabled": true, "streamViewType": "NEW_IMAGE"},
    "sseSpecification": {"enabled": true, "sseType": "KMS", "kmsMasterKeyID": "alias/orders"},
    "tableClass": "STANDARD_INFREQUENT_ACCESS",
    "deletionProtectionEnabled": true,
    "tags": [{"key": "team", "value": "shop"}, {"key": "env", "value": "prod"}],
    "timeToLive": {"attributeName": "expiresAt", "enabled": true},
    "continuousBackups": {"pointInTimeRecoveryEnabled": true},
    "contributorInsights": "ENABLE",
    "resourcePolicy": "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"111122223333\"}, \"Action\": \"dynamodb:GetItem\", \"Resource\": \"*\"}}"
  })");
}

// On-demand with maximums on the table and an index, and an attribute
// definition no key uses (AWS does not keep it).
inline json OnDemandSpec() {
  return json::parse(R"({
    "tableName": "events",
    "attributeDefinitions": [
      {"attributeName": "pk", "attributeType": "S"},
      {"attributeName": "gsi1pk", "attributeType": "S"},
      {"attributeName": "leftover", "attributeType": "N"}
    ],
    "keySchema": [{"attributeName": "pk", "keyType": "HASH"}],
    "billingMode": "PAY_PER_REQUEST",
    "onDemandThroughput": {"maxReadRequestUnits": 100, "maxWriteRequestUnits": 50},
    "globalSecondaryIndexes": [{
      "indexName": "gsi1",
      "keySchema": [{"attributeName": "gsi1pk", "keyType": "HASH"}],
      "projection": {"projectionType": "ALL"},
      "onDemandThroughput": {"maxReadRequestUnits": 20}
    }],
    "sseSpecification": {"enabled": true},
    "tags": []
  })");
}

// Every example, named.
inline std::vector<std::pair<std::string, json>> ExampleSpecs() {
  json owned = MinimalSpec();
  owned["sseSpecification"] = {{"enabled", false}};
  return {
      {"minimal", MinimalSpec()},
      {"seed key id", SeedSpec(kOrdersKeyId)},
      {"seed key ARN", SeedSpec(kOrdersKeyArn)},
      {"seed alias name", SeedSpec(kOrdersAlias)},
      {"seed alias ARN", SeedSpec(kOrdersAliasArn)},
      {"AWS owned key", owned},
      {"ACK basic", AckBasicSpec()},
      {"full", FullSpec()},
      {"on demand", OnDemandSpec()},
  };
}

}  // namespace tk::services::dynamodb::testing
