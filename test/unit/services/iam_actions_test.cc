// The IAM policy covers every AWS operation the code can send, and nothing
// more.
//
// How the operations are found, so that a new call cannot slip by: the test
// reads the sources, not a list someone keeps.
// 1. The operation names come from the AWS models in
//    ../shared/reference/aws-api-models (every operation DynamoDB, KMS and
//    STS have), so no name is missed because nobody thought of it.
// 2. The typed clients (src/aws/dynamodb_client.cc, kms_client.cc) send
//    operation names as string literals; each literal that is an operation
//    must be the name of a public method of the client, or be listed in
//    kClientMethodAliases with the method that sends it. So a method always
//    tells which operation it sends.
// 3. Every file under src/services/ (but the registry itself) and
//    src/cmd/ is read with comments removed; every identifier called as a
//    function whose name is a client method (step 2) or an operation, and
//    every string literal that is an operation, counts as a call. Each file
//    belongs to the kinds that use it (FileKinds below: a file no rule
//    claims fails the test), and the call must be among those kinds' actions.
// 4. Conversely, each action listed for a kind is found in a file of that
//    kind, so the policy does not keep actions the code no longer calls.
// A name that merely looks like an operation (a local helper called
// DescribeKey) can only make the check stricter, never looser.
#include "services/iam_actions.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tk::services {
namespace {

namespace fs = std::filesystem;

fs::path SourceDir() { return fs::path(TK_SOURCE_DIR); }

fs::path SharedDir() {
  const char* env = std::getenv("TK_SHARED_DIR");
  return fs::path(env != nullptr && *env != '\0' ? env : TK_DEFAULT_SHARED_DIR);
}

std::string ReadText(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::set<std::string> ModelOperations(const std::string& service) {
  const fs::path path = SharedDir() / "reference" / "aws-api-models" / service / "service-2.json";
  nlohmann::json model = nlohmann::json::parse(ReadText(path));
  std::set<std::string> names;
  for (const auto& [name, unused] : model.at("operations").items()) names.insert(name);
  return names;
}

// What a source file names: identifiers called as functions, and string
// literals. Comments are skipped; so are character literals.
struct SourceNames {
  std::set<std::string> called;
  std::set<std::string> literals;
};

bool IsIdentifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

SourceNames Scan(const std::string& text) {
  SourceNames names;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    const char c = text[i];
    if (c == '/' && i + 1 < n && text[i + 1] == '/') {
      i = text.find('\n', i);
      if (i == std::string::npos) break;
    } else if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      i = text.find("*/", i + 2);
      if (i == std::string::npos) break;
      i += 2;
    } else if (c == 'R' && i + 1 < n && text[i + 1] == '"') {  // raw string R"d(...)d"
      const size_t open = text.find('(', i + 2);
      const std::string close = ")" + text.substr(i + 2, open - i - 2) + "\"";
      const size_t end = text.find(close, open);
      names.literals.insert(text.substr(open + 1, end - open - 1));
      i = end + close.size();
    } else if (c == '"' || c == '\'') {
      std::string value;
      size_t j = i + 1;
      while (j < n && text[j] != c) {
        if (text[j] == '\\') ++j;
        value += text[j];
        ++j;
      }
      if (c == '"') names.literals.insert(value);
      i = j + 1;
    } else if (IsIdentifierChar(c) && (i == 0 || !IsIdentifierChar(text[i - 1]))) {
      size_t j = i;
      while (j < n && IsIdentifierChar(text[j])) ++j;
      const std::string identifier = text.substr(i, j - i);
      size_t k = j;
      while (k < n && std::isspace(static_cast<unsigned char>(text[k]))) ++k;
      if (k < n && text[k] == '(') names.called.insert(identifier);
      i = j;
    } else {
      ++i;
    }
  }
  return names;
}

// Client methods whose name is not the operation they send.
const std::map<std::string, std::string> kClientMethodAliases = {
    {"ListTagsOfResourcePage", "ListTagsOfResource"},
};

// The kinds whose code a file under src/ is part of. Files of the resource
// managers belong to their kind; the key identity resolver serves Table and
// Alias; what services share, and src/cmd, belong to every kind. A file no
// rule claims makes the test fail, naming it.
std::optional<std::vector<ManagedKind>> FileKinds(const std::string& relative) {
  auto starts = [&](std::string_view prefix) { return relative.starts_with(prefix); };
  if (starts("src/services/dynamodb/")) return std::vector{ManagedKind::kTable};
  if (starts("src/services/kms/key_identity_resolver")) {
    return std::vector{ManagedKind::kTable, ManagedKind::kAlias};
  }
  if (starts("src/services/kms/alias_")) return std::vector{ManagedKind::kAlias};
  if (starts("src/services/kms/")) return std::vector{ManagedKind::kKey};
  if (starts("src/services/") || starts("src/cmd/")) return AllManagedKinds();
  return std::nullopt;
}

class IamActionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* service : {"dynamodb", "kms", "sts"}) {
      for (const std::string& name : ModelOperations(service)) operations_.insert(name);
    }
    ASSERT_GT(operations_.size(), 100u) << "the AWS models in " << SharedDir() << " were not read";
  }

  // The operation a called identifier or literal stands for, or "".
  std::string OperationOf(const std::string& name) const {
    if (auto alias = kClientMethodAliases.find(name); alias != kClientMethodAliases.end()) return alias->second;
    return operations_.contains(name) ? name : "";
  }

  std::set<std::string> operations_;
};

TEST_F(IamActionsTest, EveryOperationAClientSendsIsOneOfItsMethods) {
  for (const char* client : {"dynamodb_client", "kms_client"}) {
    const SourceNames source = Scan(ReadText(SourceDir() / "src" / "aws" / (std::string(client) + ".cc")));
    const SourceNames header = Scan(ReadText(SourceDir() / "src" / "aws" / (std::string(client) + ".h")));
    std::set<std::string> sent_by_methods;
    for (const std::string& method : header.called) {
      if (std::string operation = OperationOf(method); !operation.empty()) sent_by_methods.insert(operation);
    }
    int sent = 0;
    for (const std::string& literal : source.literals) {
      if (!operations_.contains(literal)) continue;
      ++sent;
      EXPECT_TRUE(sent_by_methods.contains(literal))
          << client << ".cc sends " << literal
          << " from a method not named after it: add the method to kClientMethodAliases";
    }
    EXPECT_GT(sent, 3) << client << ".cc: no operation literal found; has the client changed shape?";
  }
}

TEST_F(IamActionsTest, EveryOperationTheCodeCallsIsInThePolicyOfItsKinds) {
  std::map<ManagedKind, std::set<std::string>> found;
  int files = 0;
  for (const char* folder : {"src/services", "src/cmd"}) {
    for (const auto& entry : fs::recursive_directory_iterator(SourceDir() / folder)) {
      const std::string extension = entry.path().extension().string();
      if (!entry.is_regular_file() || (extension != ".cc" && extension != ".h")) continue;
      const std::string relative = fs::relative(entry.path(), SourceDir()).generic_string();
      if (relative.starts_with("src/services/iam_actions.")) continue;  // the registry itself
      ++files;
      std::optional<std::vector<ManagedKind>> kinds = FileKinds(relative);
      ASSERT_TRUE(kinds.has_value()) << relative << ": say in FileKinds which kinds use this file";
      const SourceNames names = Scan(ReadText(entry.path()));
      std::set<std::string> calls;
      for (const std::string& name : names.called) {
        if (std::string operation = OperationOf(name); !operation.empty()) calls.insert(operation);
      }
      for (const std::string& literal : names.literals) {
        if (operations_.contains(literal)) calls.insert(literal);
      }
      // src/cmd wires every kind together: what it names must be in the
      // policy of some kind (its metrics name ScheduleKeyDeletion, for one).
      // A file of the resource managers: in the policy of each of its kinds.
      const bool whole_controller = relative.starts_with("src/cmd/");
      for (const std::string& operation : calls) {
        auto in_policy_of = [&](ManagedKind kind) {
          bool covered = false;
          for (const AwsAction& action : ActionsCalledBy(kind)) covered = covered || action.operation == operation;
          for (const AwsAction& action : ControllerActions()) covered = covered || action.operation == operation;
          return covered;
        };
        if (whole_controller) {
          bool covered = false;
          for (ManagedKind kind : *kinds) covered = covered || in_policy_of(kind);
          EXPECT_TRUE(covered) << relative << " calls " << operation
                               << ", which no kind's policy has: add it to src/services/iam_actions.cc";
          if (operation == "GetCallerIdentity") found[ManagedKind::kTable].insert(operation);
          continue;
        }
        for (ManagedKind kind : *kinds) {
          found[kind].insert(operation);
          EXPECT_TRUE(in_policy_of(kind)) << relative << " calls " << operation << ", which the policy of "
                                          << ManagedKindName(kind) << " lacks: add it to src/services/iam_actions.cc";
        }
      }
    }
  }
  EXPECT_GT(files, 20);

  // Nothing more: every listed action is called somewhere in its kind's files.
  for (ManagedKind kind : AllManagedKinds()) {
    for (const AwsAction& action : ActionsCalledBy(kind)) {
      EXPECT_TRUE(found[kind].contains(std::string(action.operation)))
          << ManagedKindName(kind) << " lists " << action.IamAction()
          << " but no file of the kind calls it: remove it from src/services/iam_actions.cc";
    }
  }
  for (const AwsAction& action : ControllerActions()) {
    EXPECT_TRUE(found[ManagedKind::kTable].contains(std::string(action.operation))) << action.IamAction();
  }
}

TEST_F(IamActionsTest, EveryListedActionIsAnOperationOfItsService) {
  std::vector<AwsAction> all = ControllerActions();
  for (ManagedKind kind : AllManagedKinds()) {
    for (const AwsAction& action : ActionsCalledBy(kind)) all.push_back(action);
  }
  for (const AwsAction& action : DynamoDbSseCallerActions()) all.push_back(action);
  for (const AwsAction& action : all) {
    EXPECT_TRUE(ModelOperations(std::string(action.service)).contains(std::string(action.operation)))
        << action.IamAction();
  }
}

std::set<std::string> PolicyActions(const nlohmann::json& policy) {
  std::set<std::string> actions;
  for (const nlohmann::json& statement : policy.at("Statement")) {
    for (const nlohmann::json& action : statement.at("Action")) actions.insert(action.get<std::string>());
  }
  return actions;
}

TEST(IamPolicyTest, HoldsExactlyTheActionsOfTheKinds) {
  const nlohmann::json policy = IamPolicy({ManagedKind::kKey});
  EXPECT_EQ(policy.at("Version"), "2012-10-17");
  const std::set<std::string> actions = PolicyActions(policy);
  EXPECT_TRUE(actions.contains("kms:CreateKey"));
  EXPECT_TRUE(actions.contains("kms:ScheduleKeyDeletion"));
  EXPECT_TRUE(actions.contains("sts:GetCallerIdentity"));
  EXPECT_FALSE(actions.contains("kms:CreateAlias"));
  EXPECT_FALSE(actions.contains("kms:CreateGrant"));
  for (const std::string& action : actions) EXPECT_FALSE(action.starts_with("dynamodb:")) << action;
}

TEST(IamPolicyTest, TableGetsKeyResolutionAndGrantsThroughDynamoDbOnly) {
  const nlohmann::json policy = IamPolicy({ManagedKind::kTable});
  const std::set<std::string> actions = PolicyActions(policy);
  EXPECT_TRUE(actions.contains("dynamodb:UpdateTable"));
  EXPECT_TRUE(actions.contains("kms:DescribeKey"));
  EXPECT_FALSE(actions.contains("kms:CreateKey"));
  bool grant_found = false;
  for (const nlohmann::json& statement : policy.at("Statement")) {
    for (const nlohmann::json& action : statement.at("Action")) {
      if (action != "kms:CreateGrant") continue;
      grant_found = true;
      EXPECT_EQ(statement.at("Condition").at("StringLike").at("kms:ViaService"), "dynamodb.*.amazonaws.com");
    }
  }
  EXPECT_TRUE(grant_found);
}

TEST(IamPolicyTest, AllKindsIsTheUnion) {
  std::set<std::string> union_of_kinds;
  for (ManagedKind kind : AllManagedKinds()) {
    for (const std::string& action : PolicyActions(IamPolicy({kind}))) union_of_kinds.insert(action);
  }
  EXPECT_EQ(PolicyActions(IamPolicy(AllManagedKinds())), union_of_kinds);
}

TEST(IamPolicyTest, ParsesKinds) {
  Result<std::vector<ManagedKind>> kinds = ParseManagedKinds("alias, Table");
  ASSERT_TRUE(kinds.ok());
  EXPECT_EQ(*kinds, (std::vector{ManagedKind::kTable, ManagedKind::kAlias}));
  Result<std::vector<ManagedKind>> unknown = ParseManagedKinds("Table,Grant");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("Grant"), std::string::npos);
  EXPECT_FALSE(ParseManagedKinds(" , ").ok());
}

TEST(KeyPolicyStatementTest, LimitsUseToDynamoDbInTheRegionAndAccount) {
  Result<nlohmann::json> statement = DynamoDbKeyPolicyStatement("111122223333", "eu-west-1");
  ASSERT_TRUE(statement.ok());
  const nlohmann::json& condition = statement->at("Condition").at("StringEquals");
  EXPECT_EQ(condition.at("kms:ViaService"), "dynamodb.eu-west-1.amazonaws.com");
  EXPECT_EQ(condition.at("kms:CallerAccount"), "111122223333");
  EXPECT_EQ(statement->at("Principal").at("AWS"), "*");
  std::set<std::string> actions;
  for (const nlohmann::json& action : statement->at("Action")) actions.insert(action.get<std::string>());
  EXPECT_TRUE(actions.contains("kms:CreateGrant"));
  EXPECT_TRUE(actions.contains("kms:DescribeKey"));
  EXPECT_FALSE(DynamoDbKeyPolicyStatement("1234", "eu-west-1").ok());
  EXPECT_FALSE(DynamoDbKeyPolicyStatement("111122223333", "").ok());
}

}  // namespace
}  // namespace tk::services
