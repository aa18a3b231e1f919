// The AWS actions tablekeeper may call, per managed kind: the one place that
// says which IAM permissions the controller needs, from which
// `tablekeeper iam-policy` prints the least-privilege policy.
//
// Three sources of actions:
// - the operations a kind's resource manager sends (Table: the DynamoDB
//   table operations of src/services/dynamodb and kms:DescribeKey through
//   the key identity resolver; Key: the KMS key operations; Alias: the KMS
//   alias operations and kms:DescribeKey for its target);
// - what DynamoDB does with the caller's identity when the controller
//   creates or updates a table encrypted with a customer managed key: it
//   describes the key and creates a grant for itself (kms:DescribeKey,
//   kms:CreateGrant), allowed only through DynamoDB (kms:ViaService);
// - what the controller calls whatever the kinds: sts:GetCallerIdentity.
//
// test/unit/services/iam_actions_test.cc reads the sources of the resource
// managers and the AWS clients and fails when an operation the code can send
// is missing here, or when an action here is no longer called.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace tk::services {

enum class ManagedKind { kTable, kKey, kAlias };

// "Table", "Key", "Alias".
std::string_view ManagedKindName(ManagedKind kind);

// Every managed kind, in the order above.
std::vector<ManagedKind> AllManagedKinds();

// One AWS operation a kind's code may send.
struct AwsAction {
  std::string_view service;    // IAM prefix: "dynamodb", "kms", "sts"
  std::string_view operation;  // the API operation, as the AWS model names it
  // "dynamodb:DescribeTable".
  std::string IamAction() const;
  bool operator==(const AwsAction&) const = default;
};

// The operations the code of `kind` sends itself, sorted by service then
// operation.
std::vector<AwsAction> ActionsCalledBy(ManagedKind kind);

// The operations the controller sends whatever the kinds (sts:GetCallerIdentity).
std::vector<AwsAction> ControllerActions();

// What DynamoDB needs from the caller on a customer managed key when the
// caller creates or updates a table's SSE (kms:CreateGrant, kms:DescribeKey);
// granted only through DynamoDB.
std::vector<AwsAction> DynamoDbSseCallerActions();

// What the key policy of a customer managed key must allow principals of the
// account through DynamoDB (AWS's documented statement for DynamoDB).
std::vector<AwsAction> DynamoDbSseKeyPolicyActions();

// Parses "Table,Key,Alias" (case-insensitive, any order, no repeats needed).
// kInvalidArgument naming the unknown kind.
Result<std::vector<ManagedKind>> ParseManagedKinds(std::string_view list);

// The IAM policy document (Version 2012-10-17) allowing exactly what the
// controller calls for `kinds`. Actions are sorted; statements are grouped by
// resource type.
nlohmann::json IamPolicy(const std::vector<ManagedKind>& kinds);

// A KMS key-policy statement letting principals of `account_id` use the key
// through DynamoDB in `region` (kms:ViaService dynamodb.<region>.amazonaws.com,
// kms:CallerAccount <account_id>). kInvalidArgument for an account that is
// not 12 digits or an empty region.
Result<nlohmann::json> DynamoDbKeyPolicyStatement(std::string_view account_id,
                                                  std::string_view region);

}  // namespace tk::services
