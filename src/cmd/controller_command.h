// `tablekeeper controller`: runs the controller (the Key, Alias and Table
// controllers in one process) until SIGINT or SIGTERM.
//
// Flags carry ACK's names where ACK has them (DESIGN.md section 2), so an
// ACK operator's habits and Helm values carry over:
//   --aws-region, --aws-endpoint-url, --watch-namespace, --watch-selectors,
//   --deletion-policy, --enable-leader-election, --leader-election-namespace,
//   --reconcile-default-resync-seconds, --reconcile-resource-resync-seconds,
//   --reconcile-default-max-concurrent-syncs, --metrics-addr, --healthz-addr,
//   --log-level
// plus ours: --kubeconfig, --context, --allow-cross-namespace-references,
// --leader-election-id, --key-cache-seconds, --dynamodb-max-qps, --kms-max-qps,
// --crds=check|apply|ignore (api/crd_installation.h; default check).
#pragma once

#include <CLI/CLI.hpp>

namespace tk::cmd {

// Adds the subcommand to `app`; it runs when chosen and sets the exit code.
void AddControllerCommand(CLI::App& app, int& exit_code);

}  // namespace tk::cmd
