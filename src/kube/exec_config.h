// ExecConfig: a kubeconfig user's `exec` stanza, which names a credential
// plugin to run (client.authentication.k8s.io/v1 or v1beta1). See
// exec_credential_provider.h for how it is run.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace tk::kube {

inline constexpr std::string_view kExecApiV1 = "client.authentication.k8s.io/v1";
inline constexpr std::string_view kExecApiV1Beta1 = "client.authentication.k8s.io/v1beta1";

struct ExecConfig {
  std::string api_version;  // kExecApiV1 or kExecApiV1Beta1
  // The program; a relative path with a '/' was made absolute against the
  // kubeconfig file's folder when it was loaded, a bare name is found on PATH.
  std::string command;
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;  // added to our environment
  std::string install_hint;    // shown when the program is missing
  bool provide_cluster_info = false;
  std::string interactive_mode;  // Never, IfAvailable, Always; v1 requires it
};

}  // namespace tk::kube
