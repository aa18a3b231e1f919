// `tablekeeper crds`: prints the CRDs generated from src/api, or writes them
// one file per CRD, named as ACK names them
// (dynamodb.services.k8s.aws_tables.yaml, ...). deploy/crds/ holds the output.
// With --apply [--kubeconfig F --context C] it installs or upgrades them in
// the cluster instead (crd_installation.h: ApplyCrds), for Helm's
// pre-upgrade hook.
#pragma once

#include <filesystem>
#include <ostream>
#include <vector>

#include "util/status.h"

namespace CLI {
class App;
}

namespace tk::api {

// Writes every CRD to `out` as one multi-document YAML stream.
Status PrintCrds(std::ostream& out);

// Writes one file per CRD into `dir`, creating it if needed, and returns the
// paths written. Files of `dir` that are not CRDs of ours are left alone.
Result<std::vector<std::filesystem::path>> WriteCrdFiles(const std::filesystem::path& dir);

// Registers the `crds` subcommand (with --output-dir, or --apply) on `app`. On failure
// it prints the message on stderr and leaves through CLI11's exit path
// (CLI11_PARSE returns 1).
void AddCrdsCommand(CLI::App& app);

}  // namespace tk::api
