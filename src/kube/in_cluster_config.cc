#include "kube/in_cluster_config.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdlib>

#include "kube/read_file.h"

namespace tk::kube {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

std::string Trimmed(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  size_t begin = 0;
  while (begin < text.size() && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  return text.substr(begin);
}

}  // namespace

bool RunningInCluster() {
  return !Env("KUBERNETES_SERVICE_HOST").empty() && !Env("KUBERNETES_SERVICE_PORT").empty();
}

Result<RestConfig> InClusterRestConfig(const InClusterPaths& paths) {
  const std::string host = Env("KUBERNETES_SERVICE_HOST");
  const std::string port = Env("KUBERNETES_SERVICE_PORT");
  if (host.empty() || port.empty()) {
    return Status(Code::kFailedPrecondition,
                  "not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT "
                  "must both be set; outside a pod, use a kubeconfig");
  }
  RestConfig config;
  config.host = host.find(':') != std::string::npos ? fmt::format("https://[{}]:{}", host, port)
                                                     : fmt::format("https://{}:{}", host, port);

  Result<std::string> ca = ReadWholeFile(paths.ca_file);
  if (!ca.ok()) return ca.status().WithContext("in-cluster CA");
  config.tls.ca_pem = std::move(*ca);

  auto token = std::make_shared<TokenFileCredentialProvider>(paths.token_file,
                                                             "in-cluster service account token");
  if (Result<Credentials> first = token->Get(); !first.ok()) return first.status();
  config.credentials = std::move(token);

  std::string namespace_name = Env("POD_NAMESPACE");
  if (namespace_name.empty()) {
    if (Result<std::string> file = ReadWholeFile(paths.namespace_file); file.ok()) {
      namespace_name = Trimmed(*file);
    }
  }
  if (!namespace_name.empty()) config.default_namespace = namespace_name;
  return config;
}

}  // namespace tk::kube
