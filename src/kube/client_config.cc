#include "kube/client_config.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdlib>
#include <vector>

#include "kube/exec_credential_provider.h"
#include "kube/in_cluster_config.h"
#include "kube/read_file.h"

namespace tk::kube {
namespace {

Status Invalid(const std::string& where, std::string_view problem) {
  return Status(Code::kInvalidArgument, fmt::format("{}: {}", where, problem));
}

template <typename T>
std::string Names(const std::map<std::string, T>& entries) {
  std::vector<std::string> names;
  for (const auto& [name, entry] : entries) names.push_back(name);
  return names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "));
}

// The PEM of a `*-data` field if set, else of the file it names.
Result<std::string> PemOf(const std::string& data, const std::string& file, const std::string& where) {
  if (!data.empty() || file.empty()) return data;
  Result<std::string> pem = ReadWholeFile(file);
  if (!pem.ok()) return pem.status().WithContext(where);
  return pem;
}

Status ApplyCluster(const KubeconfigCluster& cluster, const std::string& where, RestConfig* config) {
  std::string server = cluster.server;
  if (server.empty()) return Invalid(where, "server is empty; set the API server's URL");
  if (server.find("://") == std::string::npos) server = "https://" + server;
  if (!server.starts_with("https://") && !server.starts_with("http://")) {
    return Invalid(where, fmt::format("server \"{}\" is not an http or https URL", cluster.server));
  }
  while (server.ends_with('/')) server.pop_back();
  config->host = server;

  const bool has_ca = !cluster.certificate_authority_data.empty() || !cluster.certificate_authority.empty();
  if (cluster.insecure_skip_tls_verify && has_ca) {
    return Invalid(where,
                   "insecure-skip-tls-verify is set together with a certificate authority; remove "
                   "one of them");
  }
  config->tls.insecure_skip_verify = cluster.insecure_skip_tls_verify;
  Result<std::string> ca = PemOf(cluster.certificate_authority_data, cluster.certificate_authority,
                                 where + ": certificate-authority");
  if (!ca.ok()) return ca.status();
  config->tls.ca_pem = std::move(*ca);
  return OkStatus();
}

Status ApplyUser(const KubeconfigUser& user, const std::string& where, RestConfig* config) {
  if (!user.unsupported.empty()) {
    return Invalid(where, fmt::format("{} is not supported by tablekeeper; use a token, a client "
                                      "certificate or an exec credential plugin",
                                      user.unsupported));
  }
  Credentials base;
  Result<std::string> cert = PemOf(user.client_certificate_data, user.client_certificate,
                                   where + ": client-certificate");
  if (!cert.ok()) return cert.status();
  Result<std::string> key = PemOf(user.client_key_data, user.client_key, where + ": client-key");
  if (!key.ok()) return key.status();
  if (cert->empty() != key->empty()) {
    return Invalid(where, "a client certificate needs both client-certificate(-data) and "
                          "client-key(-data); one of them is missing");
  }
  base.client_cert_pem = std::move(*cert);
  base.client_key_pem = std::move(*key);
  base.bearer_token = user.token;

  if (user.exec) {
    if (!base.bearer_token.empty() || !user.token_file.empty() || !base.client_cert_pem.empty()) {
      return Invalid(where, "exec is combined with a token, tokenFile or client certificate; keep "
                            "one way to authenticate");
    }
    const ExecClusterInfo cluster{config->host, config->tls.ca_pem, config->tls.insecure_skip_verify};
    auto exec = ExecCredentialProvider::Create(*user.exec, cluster, where);
    if (!exec.ok()) return exec.status();
    config->credentials = std::move(*exec);
  } else if (!user.token_file.empty()) {
    auto token_file = std::make_shared<TokenFileCredentialProvider>(user.token_file, where + ": tokenFile",
                                                                    std::move(base));
    if (Result<Credentials> first = token_file->Get(); !first.ok()) return first.status();
    config->credentials = std::move(token_file);
  } else if (!base.bearer_token.empty() || !base.client_cert_pem.empty()) {
    config->credentials = std::make_shared<StaticCredentialProvider>(std::move(base));
  }
  return OkStatus();
}

}  // namespace

Result<RestConfig> RestConfigFromKubeconfig(const Kubeconfig& config, std::string_view context_name) {
  const std::string name(context_name.empty() ? config.current_context : context_name);
  if (name.empty()) {
    return Status(Code::kInvalidArgument,
                  fmt::format("kubeconfig has no current-context; choose one of its contexts ({}) "
                              "with `kubectl config use-context` or pass one explicitly",
                              Names(config.contexts)));
  }
  const auto context = config.contexts.find(name);
  if (context == config.contexts.end()) {
    return Status(Code::kInvalidArgument,
                  fmt::format("kubeconfig has no context \"{}\"; its contexts are: {}", name,
                              Names(config.contexts)));
  }
  const std::string context_where = fmt::format("kubeconfig {}: context \"{}\"", context->second.origin, name);
  const auto cluster = config.clusters.find(context->second.cluster);
  if (context->second.cluster.empty() || cluster == config.clusters.end()) {
    return Invalid(context_where, fmt::format("cluster \"{}\" is not defined; its clusters are: {}",
                                              context->second.cluster, Names(config.clusters)));
  }

  RestConfig rest;
  if (!context->second.namespace_name.empty()) rest.default_namespace = context->second.namespace_name;
  const std::string cluster_where =
      fmt::format("kubeconfig {}: cluster \"{}\"", cluster->second.origin, cluster->first);
  if (Status s = ApplyCluster(cluster->second, cluster_where, &rest); !s.ok()) return s;

  if (context->second.user.empty()) return rest;  // anonymous
  const auto user = config.users.find(context->second.user);
  if (user == config.users.end()) {
    return Invalid(context_where, fmt::format("user \"{}\" is not defined; its users are: {}",
                                              context->second.user, Names(config.users)));
  }
  const std::string user_where = fmt::format("kubeconfig {}: user \"{}\"", user->second.origin, user->first);
  if (Status s = ApplyUser(user->second, user_where, &rest); !s.ok()) return s;
  return rest;
}

Result<RestConfig> LoadRestConfig(std::string_view kubeconfig_path, std::string_view context_name) {
  Result<Kubeconfig> kubeconfig = Status(Code::kNotFound, "no kubeconfig");
  if (!kubeconfig_path.empty()) {
    kubeconfig = LoadKubeconfigFile(std::string(kubeconfig_path));
  } else if (const char* list = std::getenv("KUBECONFIG"); list != nullptr && *list != '\0') {
    kubeconfig = LoadKubeconfigFiles(list);
  } else if (RunningInCluster()) {
    if (!context_name.empty()) {
      return Status(Code::kInvalidArgument,
                    fmt::format("context \"{}\" was asked for, but there is no kubeconfig (running "
                                "in a cluster); set KUBECONFIG or drop the context",
                                context_name));
    }
    return InClusterRestConfig();
  } else {
    const char* home = std::getenv("HOME");
    kubeconfig = LoadKubeconfigFile(fmt::format("{}/.kube/config", home == nullptr ? "" : home));
  }
  if (!kubeconfig.ok()) return kubeconfig.status();
  return RestConfigFromKubeconfig(*kubeconfig, context_name);
}

}  // namespace tk::kube
