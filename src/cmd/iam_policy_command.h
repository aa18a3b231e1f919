// `tablekeeper iam-policy [--kinds Table,Key,Alias]
//                         [--key-policy-statement --account ID --region R]`:
// prints the least-privilege IAM policy (JSON) for the controller with the
// given kinds enabled, from src/services/iam_actions.h. With
// --key-policy-statement it prints, after the policy, the KMS key-policy
// statement that lets DynamoDB use a customer managed key on behalf of the
// account's principals (kms:ViaService dynamodb.<region>.amazonaws.com,
// kms:CallerAccount <account>). Exit 2 for bad flags.
#pragma once

#include <CLI/CLI.hpp>

namespace tk::cmd {

// Adds the subcommand to `app`; it runs when chosen and sets the exit code.
void AddIamPolicyCommand(CLI::App& app, int& exit_code);

}  // namespace tk::cmd
