// ExecCredentialProvider: credentials from a kubeconfig exec plugin, as
// kubectl runs them (client.authentication.k8s.io v1 and v1beta1).
//
// The plugin runs with the configured args, our environment plus its `env`,
// and KUBERNETES_EXEC_INFO holding an ExecCredential request
// ({"apiVersion":..., "kind":"ExecCredential", "spec":{"interactive":false,
// "cluster":{...} when provideClusterInfo}}). It must exit 0 and print an
// ExecCredential of the same apiVersion whose status has a `token` or a
// `clientCertificateData` and `clientKeyData` pair, and optionally an
// `expirationTimestamp` (RFC 3339).
//
// The answer is cached until its expirationTimestamp (forever without one) and
// the plugin runs again after expiry or when the server rejects the cached
// credentials with 401. tablekeeper has no terminal: interactiveMode Always is
// refused. One plugin run at a time; callers wait for it. Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "kube/credentials.h"
#include "kube/exec_config.h"
#include "util/clock.h"

namespace tk::kube {

// What a plugin with provideClusterInfo learns about the cluster.
struct ExecClusterInfo {
  std::string server;
  std::string ca_pem;
  bool insecure_skip_tls_verify = false;
};

class ExecCredentialProvider final : public CredentialProvider {
 public:
  // Checks `config` (known apiVersion, a command, a usable interactiveMode);
  // kInvalidArgument naming `source` (e.g. `kubeconfig /p: user "ci"`)
  // otherwise. `clock` decides expiry; `timeout` bounds each run.
  static Result<std::shared_ptr<ExecCredentialProvider>> Create(
      ExecConfig config, ExecClusterInfo cluster, std::string source, Clock& clock = SystemClock(),
      std::chrono::milliseconds timeout = std::chrono::seconds(60));

  Result<Credentials> Get() override;
  bool Invalidate(const Credentials& rejected) override;

 private:
  ExecCredentialProvider(ExecConfig config, ExecClusterInfo cluster, std::string source, Clock& clock,
                         std::chrono::milliseconds timeout);

  // Runs the plugin and parses its answer.
  Result<Credentials> Run(std::optional<std::chrono::system_clock::time_point>* expiry) const;
  std::string ExecInfo() const;

  const ExecConfig config_;
  const ExecClusterInfo cluster_;
  const std::string source_;
  Clock& clock_;
  const std::chrono::milliseconds timeout_;

  std::mutex mutex_;  // held while the plugin runs
  std::optional<Credentials> cached_;                             // guarded by mutex_
  std::optional<std::chrono::system_clock::time_point> expiry_;  // guarded by mutex_
};

}  // namespace tk::kube
