// Turning configuration into a RestConfig: a kubeconfig context, or the
// order in which a controller looks for its configuration.
#pragma once

#include <string_view>

#include "kube/kubeconfig.h"
#include "kube/rest_config.h"

namespace tk::kube {

// The RestConfig of `context_name`, or of the kubeconfig's current-context
// when empty. Checks what kubectl checks: the context, its cluster and user
// exist; the cluster has a server ("host:port" gets https://); a CA is not
// combined with insecure-skip-tls-verify (`*-data` wins over a file of the
// same field); a client certificate comes with its key. Reads CA and client
// certificate files now, and the tokenFile once to check it. Credentials:
// exec plugin, tokenFile (re-read on change), token and/or client
// certificate, or none (anonymous). exec combined with another credential,
// auth-provider and basic auth are refused. Errors are kInvalidArgument (or
// the file's read error) naming the file, the entry and the field.
Result<RestConfig> RestConfigFromKubeconfig(const Kubeconfig& config, std::string_view context_name = {});

// Where a controller finds its configuration, in controller-runtime's order:
// `kubeconfig_path` if given (it must exist); else the files in $KUBECONFIG;
// else the pod's service account when KUBERNETES_SERVICE_HOST is set
// (in_cluster_config.h; `context_name` must then be empty); else
// $HOME/.kube/config.
Result<RestConfig> LoadRestConfig(std::string_view kubeconfig_path = {},
                                  std::string_view context_name = {});

}  // namespace tk::kube
