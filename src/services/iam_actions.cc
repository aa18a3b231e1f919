#include "services/iam_actions.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

#include <fmt/format.h>

namespace tk::services {
namespace {

// Who calls what. A row per operation and kind: the test compares these rows
// with the calls in the source, file by file.
struct KindAction {
  ManagedKind kind;
  AwsAction action;
};

constexpr KindAction kCalledByKind[] = {
    // Table: src/services/dynamodb (table_resource_manager.cc, table_steps.cc).
    {ManagedKind::kTable, {"dynamodb", "CreateTable"}},
    {ManagedKind::kTable, {"dynamodb", "DeleteResourcePolicy"}},
    {ManagedKind::kTable, {"dynamodb", "DeleteTable"}},
    {ManagedKind::kTable, {"dynamodb", "DescribeContinuousBackups"}},
    {ManagedKind::kTable, {"dynamodb", "DescribeContributorInsights"}},
    {ManagedKind::kTable, {"dynamodb", "DescribeTable"}},
    {ManagedKind::kTable, {"dynamodb", "DescribeTimeToLive"}},
    {ManagedKind::kTable, {"dynamodb", "GetResourcePolicy"}},
    {ManagedKind::kTable, {"dynamodb", "ListTagsOfResource"}},
    {ManagedKind::kTable, {"dynamodb", "PutResourcePolicy"}},
    {ManagedKind::kTable, {"dynamodb", "TagResource"}},
    {ManagedKind::kTable, {"dynamodb", "UntagResource"}},
    {ManagedKind::kTable, {"dynamodb", "UpdateContinuousBackups"}},
    {ManagedKind::kTable, {"dynamodb", "UpdateContributorInsights"}},
    {ManagedKind::kTable, {"dynamodb", "UpdateTable"}},
    {ManagedKind::kTable, {"dynamodb", "UpdateTimeToLive"}},
    // Table resolves kmsMasterKeyID through the key identity resolver.
    {ManagedKind::kTable, {"kms", "DescribeKey"}},
    // Key: src/services/kms/key_resource_manager.cc.
    {ManagedKind::kKey, {"kms", "CreateKey"}},
    {ManagedKind::kKey, {"kms", "DescribeKey"}},
    {ManagedKind::kKey, {"kms", "DisableKey"}},
    {ManagedKind::kKey, {"kms", "DisableKeyRotation"}},
    {ManagedKind::kKey, {"kms", "EnableKey"}},
    {ManagedKind::kKey, {"kms", "EnableKeyRotation"}},
    {ManagedKind::kKey, {"kms", "GetKeyPolicy"}},
    {ManagedKind::kKey, {"kms", "GetKeyRotationStatus"}},
    {ManagedKind::kKey, {"kms", "ListResourceTags"}},
    {ManagedKind::kKey, {"kms", "PutKeyPolicy"}},
    {ManagedKind::kKey, {"kms", "ScheduleKeyDeletion"}},
    {ManagedKind::kKey, {"kms", "TagResource"}},
    {ManagedKind::kKey, {"kms", "UntagResource"}},
    {ManagedKind::kKey, {"kms", "UpdateKeyDescription"}},
    // Alias: src/services/kms/alias_resource_manager.cc, and the resolver.
    {ManagedKind::kAlias, {"kms", "CreateAlias"}},
    {ManagedKind::kAlias, {"kms", "DeleteAlias"}},
    {ManagedKind::kAlias, {"kms", "DescribeKey"}},
    {ManagedKind::kAlias, {"kms", "UpdateAlias"}},
};

constexpr AwsAction kControllerActions[] = {{"sts", "GetCallerIdentity"}};

// DynamoDB's developer guide, "Encryption at rest: how it works", customer
// managed keys: the principal that creates or updates a table under the key
// lets DynamoDB describe the key and create a grant for itself; DynamoDB then
// uses the grant for the cryptographic operations.
constexpr AwsAction kSseCallerActions[] = {{"kms", "CreateGrant"}, {"kms", "DescribeKey"}};

// The key-policy statement AWS documents for DynamoDB ("Allow access through
// Amazon DynamoDB for all principals in the account that are authorized to
// use Amazon DynamoDB").
constexpr AwsAction kSseKeyPolicyActions[] = {
    {"kms", "CreateGrant"}, {"kms", "Decrypt"},        {"kms", "DescribeKey"},
    {"kms", "Encrypt"},     {"kms", "GenerateDataKey*"}, {"kms", "ReEncrypt*"},
};

bool Before(const AwsAction& a, const AwsAction& b) {
  return std::tie(a.service, a.operation) < std::tie(b.service, b.operation);
}

std::vector<AwsAction> Sorted(std::vector<AwsAction> actions) {
  std::sort(actions.begin(), actions.end(), Before);
  actions.erase(std::unique(actions.begin(), actions.end()), actions.end());
  return actions;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return std::string(text.substr(begin, end - begin));
}

nlohmann::json ActionList(const std::vector<AwsAction>& actions) {
  nlohmann::json list = nlohmann::json::array();
  for (const AwsAction& action : Sorted(actions)) list.push_back(action.IamAction());
  return list;
}

nlohmann::json Statement(std::string sid, const std::vector<AwsAction>& actions,
                         nlohmann::json resources) {
  return {{"Sid", std::move(sid)},
          {"Effect", "Allow"},
          {"Action", ActionList(actions)},
          {"Resource", std::move(resources)}};
}

}  // namespace

std::string AwsAction::IamAction() const { return fmt::format("{}:{}", service, operation); }

std::string_view ManagedKindName(ManagedKind kind) {
  switch (kind) {
    case ManagedKind::kTable:
      return "Table";
    case ManagedKind::kKey:
      return "Key";
    case ManagedKind::kAlias:
      return "Alias";
  }
  return "?";
}

std::vector<ManagedKind> AllManagedKinds() {
  return {ManagedKind::kTable, ManagedKind::kKey, ManagedKind::kAlias};
}

std::vector<AwsAction> ActionsCalledBy(ManagedKind kind) {
  std::vector<AwsAction> actions;
  for (const KindAction& row : kCalledByKind) {
    if (row.kind == kind) actions.push_back(row.action);
  }
  return Sorted(std::move(actions));
}

std::vector<AwsAction> ControllerActions() {
  return Sorted({std::begin(kControllerActions), std::end(kControllerActions)});
}

std::vector<AwsAction> DynamoDbSseCallerActions() {
  return Sorted({std::begin(kSseCallerActions), std::end(kSseCallerActions)});
}

std::vector<AwsAction> DynamoDbSseKeyPolicyActions() {
  return Sorted({std::begin(kSseKeyPolicyActions), std::end(kSseKeyPolicyActions)});
}

Result<std::vector<ManagedKind>> ParseManagedKinds(std::string_view list) {
  std::set<ManagedKind> kinds;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    const std::string given = Trim(list.substr(start, comma - start));
    const std::string name = Lower(given);
    start = comma + 1;
    if (name.empty()) continue;
    bool known = false;
    for (ManagedKind kind : AllManagedKinds()) {
      if (Lower(ManagedKindName(kind)) == name) {
        kinds.insert(kind);
        known = true;
      }
    }
    if (!known) {
      return Status(Code::kInvalidArgument,
                    fmt::format("--kinds: unknown kind \"{}\": use Table, Key and Alias", given));
    }
  }
  if (kinds.empty()) return Status(Code::kInvalidArgument, "--kinds: name at least one of Table, Key, Alias");
  return std::vector<ManagedKind>(kinds.begin(), kinds.end());
}

nlohmann::json IamPolicy(const std::vector<ManagedKind>& kinds) {
  std::vector<AwsAction> dynamodb;
  std::vector<AwsAction> kms_create;  // CreateKey names no resource
  std::vector<AwsAction> kms_keys;
  std::vector<AwsAction> kms_aliases;  // alias operations need the alias and its key
  bool table = false;
  for (ManagedKind kind : kinds) {
    table = table || kind == ManagedKind::kTable;
    for (const AwsAction& action : ActionsCalledBy(kind)) {
      if (action.service == "dynamodb") {
        dynamodb.push_back(action);
      } else if (action.operation == "CreateKey") {
        kms_create.push_back(action);
      } else if (action.operation.ends_with("Alias")) {
        kms_aliases.push_back(action);
      } else {
        kms_keys.push_back(action);
      }
    }
  }
  nlohmann::json statements = nlohmann::json::array();
  if (!dynamodb.empty()) {
    statements.push_back(Statement("TablekeeperDynamoDBTables", dynamodb,
                                   {"arn:aws:dynamodb:*:*:table/*", "arn:aws:dynamodb:*:*:table/*/index/*"}));
  }
  if (!kms_create.empty()) statements.push_back(Statement("TablekeeperKMSCreateKey", kms_create, "*"));
  if (!kms_keys.empty()) statements.push_back(Statement("TablekeeperKMSKeys", kms_keys, "arn:aws:kms:*:*:key/*"));
  if (!kms_aliases.empty()) {
    statements.push_back(
        Statement("TablekeeperKMSAliases", kms_aliases, {"arn:aws:kms:*:*:alias/*", "arn:aws:kms:*:*:key/*"}));
  }
  if (table) {
    nlohmann::json sse = Statement("TablekeeperDynamoDBCustomerManagedKeys", DynamoDbSseCallerActions(),
                                   "arn:aws:kms:*:*:key/*");
    sse["Condition"] = {{"StringLike", {{"kms:ViaService", "dynamodb.*.amazonaws.com"}}}};
    statements.push_back(std::move(sse));
  }
  statements.push_back(Statement("TablekeeperCallerIdentity", ControllerActions(), "*"));
  return {{"Version", "2012-10-17"}, {"Statement", std::move(statements)}};
}

Result<nlohmann::json> DynamoDbKeyPolicyStatement(std::string_view account_id, std::string_view region) {
  const bool account_valid = account_id.size() == 12 &&
                             std::all_of(account_id.begin(), account_id.end(),
                                         [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (!account_valid) {
    return Status(Code::kInvalidArgument,
                  fmt::format("--account \"{}\": give the 12-digit AWS account id of the tables' principals",
                              account_id));
  }
  if (region.empty() || region.find_first_of(" */\"") != std::string_view::npos) {
    return Status(Code::kInvalidArgument,
                  fmt::format("--region \"{}\": give the region of the tables, e.g. us-east-1", region));
  }
  return nlohmann::json{
      {"Sid", "AllowDynamoDBForPrincipalsOfTheAccount"},
      {"Effect", "Allow"},
      {"Principal", {{"AWS", "*"}}},
      {"Action", ActionList(DynamoDbSseKeyPolicyActions())},
      {"Resource", "*"},
      {"Condition",
       {{"StringEquals",
         {{"kms:ViaService", fmt::format("dynamodb.{}.amazonaws.com", region)},
          {"kms:CallerAccount", std::string(account_id)}}}}},
  };
}

}  // namespace tk::services
