// In-cluster configuration: the API server and identity a pod gets from
// Kubernetes (the service's environment variables and the mounted service
// account).
#pragma once

#include <string>

#include "kube/rest_config.h"

namespace tk::kube {

struct InClusterPaths {
  std::string token_file = "/var/run/secrets/kubernetes.io/serviceaccount/token";
  std::string ca_file = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";
  std::string namespace_file = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
};

// Whether KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are both set.
bool RunningInCluster();

// host https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT (IPv6 in
// brackets), the CA from `ca_file`, the bearer token from `token_file`
// (re-read when it rotates), the namespace from $POD_NAMESPACE, else
// `namespace_file`, else "default". Errors: kFailedPrecondition outside a
// cluster; the token or CA file's error naming the file.
Result<RestConfig> InClusterRestConfig(const InClusterPaths& paths = InClusterPaths());

}  // namespace tk::kube
