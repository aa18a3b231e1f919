// The tablekeeper binary. Each subcommand is a verb an operator or a pipeline
// runs, defined in a file of its own in this folder.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "api/crd_command.h"
#include "cmd/build_info.h"
#include "cmd/controller_command.h"
#include "cmd/iam_policy_command.h"

int main(int argc, char** argv) {
  CLI::App app{"tablekeeper: keeps DynamoDB tables and their KMS keys as declared in Kubernetes"};
  app.require_subcommand(1);

  CLI::App* version = app.add_subcommand("version", "Print the version and build of this binary");
  version->callback([] {
    fmt::print("tablekeeper {} ({} build{}{})\n", tk::build_info::kVersion,
               tk::build_info::kBuildType, *tk::build_info::kSanitizers ? ", sanitizers: " : "",
               tk::build_info::kSanitizers);
  });

  tk::api::AddCrdsCommand(app);

  int exit_code = 0;
  tk::cmd::AddControllerCommand(app, exit_code);
  tk::cmd::AddIamPolicyCommand(app, exit_code);

  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
