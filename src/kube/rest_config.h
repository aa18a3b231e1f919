// RestConfig: everything a RestClient needs to reach one API server as one
// identity. Built from a kubeconfig (client_config.h), from the pod's service
// account (in_cluster_config.h), or by hand in tests.
#pragma once

#include <chrono>
#include <string>

#include "http/http_client.h"
#include "kube/credentials.h"

namespace tk::kube {

struct RestConfig {
  // The server's base URL, e.g. "https://127.0.0.1:6443"; may carry a path
  // prefix (a proxy); no trailing '/'.
  std::string host;
  // How the server is verified: CA PEM or file, or insecure_skip_verify. A
  // client certificate here is used unless `credentials` supplies one.
  http::TlsOptions tls;
  // Who we are; null sends requests anonymously.
  CredentialProviderPtr credentials;
  // The namespace of the kubeconfig context or the service account, for
  // callers that were given none. Default: "default".
  std::string default_namespace = "default";

  // Client-side rate limit, as client-go: `qps` requests per second with room
  // for `burst`. Default: 5 and 10. qps <= 0 turns the limit off.
  double qps = 5.0;
  int burst = 10;
  // Bound on each HTTP exchange unless the call's options give another.
  // Default: 30 s.
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
  // 429 answers, and 5xx answers carrying Retry-After, are retried up to
  // `max_retries` times after the server's Retry-After (1 s when a 429 has
  // none), each wait capped at `max_retry_wait`. Default: 5 and 10 s.
  int max_retries = 5;
  std::chrono::milliseconds max_retry_wait{std::chrono::seconds(10)};
  // Sent as User-Agent. Default: "tablekeeper".
  std::string user_agent = "tablekeeper";
};

}  // namespace tk::kube
