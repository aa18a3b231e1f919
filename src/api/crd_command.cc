#include "api/crd_command.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "api/crd_installation.h"
#include "api/crd_yaml.h"
#include "api/crds.h"
#include "kube/client_config.h"
#include "kube/rest_client.h"

namespace tk::api {
namespace {

Result<std::vector<CustomResourceDefinition>> CheckedCrds() {
  std::vector<CustomResourceDefinition> crds = AllCrds();
  for (const CustomResourceDefinition& crd : crds) {
    if (Status s = CheckCrd(crd); !s.ok()) return s;
  }
  return crds;
}

// Writes `text` to `path` through a temporary file renamed into place, so a
// reader never sees half a CRD.
Status WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file) {
      return Status(Code::kUnavailable,
                    fmt::format("cannot write {}: check the folder exists and is writable",
                                temporary.string()));
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    return Status(Code::kUnavailable,
                  fmt::format("cannot rename {} to {}: {}", temporary.string(), path.string(),
                              error.message()));
  }
  return OkStatus();
}

// CLI11 prints nothing for a RuntimeError, so the message goes out here.
[[noreturn]] void Fail(const Status& status) {
  std::cerr << "tablekeeper crds: " << status.message() << "\n";
  throw CLI::RuntimeError(1);
}

}  // namespace

Status PrintCrds(std::ostream& out) {
  Result<std::vector<CustomResourceDefinition>> crds = CheckedCrds();
  if (!crds.ok()) return crds.status();
  out << CrdStreamYaml(*crds);
  out.flush();
  if (!out) return Status(Code::kUnavailable, "cannot write the CRDs to the output");
  return OkStatus();
}

Result<std::vector<std::filesystem::path>> WriteCrdFiles(const std::filesystem::path& dir) {
  Result<std::vector<CustomResourceDefinition>> crds = CheckedCrds();
  if (!crds.ok()) return crds.status();
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return Status(Code::kInvalidArgument,
                  fmt::format("--output-dir {}: cannot create it: {}", dir.string(),
                              error.message()));
  }
  std::vector<std::filesystem::path> written;
  for (const CustomResourceDefinition& crd : *crds) {
    std::filesystem::path path = dir / crd.FileName();
    if (Status s = WriteFile(path, CrdStreamYaml({crd})); !s.ok()) return s;
    written.push_back(std::move(path));
  }
  return written;
}

void AddCrdsCommand(CLI::App& app) {
  CLI::App* command = app.add_subcommand(
      "crds", "Print the CustomResourceDefinitions this binary serves, as YAML");
  auto output_dir = std::make_shared<std::string>();
  command->add_option("--output-dir", *output_dir,
                      "Write one file per CRD into this folder (named like ACK's) instead");
  auto apply = std::make_shared<bool>(false);
  auto kubeconfig = std::make_shared<std::string>();
  auto context = std::make_shared<std::string>();
  CLI::Option* apply_flag = command->add_flag(
      "--apply", *apply,
      "Install or upgrade them in the cluster (server-side apply as \"tablekeeper\", forced) and wait "
      "until Established: for Helm's pre-upgrade hook");
  command->add_option("--kubeconfig", *kubeconfig, "with --apply: kubeconfig file (default: $KUBECONFIG, in-cluster, ~/.kube/config)")
      ->needs(apply_flag);
  command->add_option("--context", *context, "with --apply: kubeconfig context")->needs(apply_flag);
  command->callback([output_dir, apply, kubeconfig, context] {
    if (*apply) {
      if (!output_dir->empty()) Fail(Status(Code::kInvalidArgument, "--apply and --output-dir exclude each other"));
      Result<kube::RestConfig> config = kube::LoadRestConfig(*kubeconfig, *context);
      if (!config.ok()) Fail(Status(config.status().code(), "Kubernetes configuration: " + config.status().message()));
      kube::RestClient client(std::move(config).value());
      if (Status s = ApplyCrds(client); !s.ok()) Fail(s);
      for (const CustomResourceDefinition& crd : AllCrds()) {
        std::cout << crd.Name() << " applied (schema version " << crd.schema_version << ")\n";
      }
      return;
    }
    if (output_dir->empty()) {
      if (Status s = PrintCrds(std::cout); !s.ok()) Fail(s);
      return;
    }
    Result<std::vector<std::filesystem::path>> written = WriteCrdFiles(*output_dir);
    if (!written.ok()) Fail(written.status());
    for (const std::filesystem::path& path : *written) std::cout << path.string() << "\n";
  });
}

}  // namespace tk::api
