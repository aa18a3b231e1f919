#include "cmd/iam_policy_command.h"

#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "services/iam_actions.h"

namespace tk::cmd {
namespace {

struct IamPolicyFlags {
  std::string kinds = "Table,Key,Alias";
  bool key_policy_statement = false;
  std::string account;
  std::string region;
};

int RunIamPolicy(const IamPolicyFlags& flags) {
  Result<std::vector<services::ManagedKind>> kinds = services::ParseManagedKinds(flags.kinds);
  if (!kinds.ok()) {
    std::cerr << "tablekeeper iam-policy: " << kinds.status().message() << "\n";
    return 2;
  }
  nlohmann::json output = services::IamPolicy(*kinds);
  if (flags.key_policy_statement) {
    Result<nlohmann::json> statement = services::DynamoDbKeyPolicyStatement(flags.account, flags.region);
    if (!statement.ok()) {
      std::cerr << "tablekeeper iam-policy --key-policy-statement: " << statement.status().message() << "\n";
      return 2;
    }
    // Two documents in one JSON object, so that `jq .IamPolicy` and
    // `jq .KeyPolicyStatement` pick each.
    output = {{"IamPolicy", std::move(output)}, {"KeyPolicyStatement", std::move(*statement)}};
  }
  std::cout << output.dump(2) << "\n";
  return std::cout ? 0 : 1;
}

}  // namespace

void AddIamPolicyCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<IamPolicyFlags>();
  CLI::App* command = app.add_subcommand(
      "iam-policy", "Print the least-privilege IAM policy (JSON) of the controller for the enabled kinds");
  command->add_option("--kinds", flags->kinds, "enabled kinds, comma-separated (default: Table,Key,Alias)");
  CLI::Option* statement = command->add_flag(
      "--key-policy-statement", flags->key_policy_statement,
      "also print the KMS key-policy statement letting DynamoDB use a customer managed key; "
      "output becomes {\"IamPolicy\": ..., \"KeyPolicyStatement\": ...}");
  command->add_option("--account", flags->account, "AWS account id of the tables' principals (kms:CallerAccount)")
      ->needs(statement);
  command->add_option("--region", flags->region, "region of the tables (kms:ViaService dynamodb.<region>.amazonaws.com)")
      ->needs(statement);
  command->callback([flags, &exit_code] { exit_code = RunIamPolicy(*flags); });
}

}  // namespace tk::cmd
