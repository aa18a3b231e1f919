// The CreateTable request of a Table spec (table_spec.h): what the resource
// manager sends when AWS has no such table yet.
#pragma once

#include "aws/dynamodb_operations.h"
#include "services/dynamodb/table_spec.h"
#include "util/status.h"

namespace tk::services::dynamodb {

// The CreateTable request for `spec`: everything CreateTable accepts (TTL,
// point-in-time recovery, contributor insights and replicas come after, as
// plan steps). Attribute definitions are the key ones only (AWS refuses
// others); kmsMasterKeyID is sent as written (AWS accepts all four names).
// kInvalidArgument when creation needs what the spec leaves out: throughput
// under PROVISIONED (the default), a key from an unresolved kmsMasterKeyRef.
Result<ddb::CreateTableInput> CreateTableInputOf(const TableSpec& spec);

}  // namespace tk::services::dynamodb
