// Kubeconfig: the kubectl configuration file, read and merged as kubectl does.
//
// - Relative file paths (certificate-authority, client-certificate,
//   client-key, tokenFile, and an exec command containing '/') are made
//   absolute against the folder of the file that named them.
// - `*-data` fields are base64-decoded on load.
// - Several files (KUBECONFIG="a:b:c") merge in order: the first file to
//   define a cluster, user or context name wins, whole (later entries of the
//   same name are ignored, even their other fields); current-context comes
//   from the first file that sets one.
// - Unknown fields are ignored. Users with `auth-provider` or basic auth load,
//   but client_config.h refuses to use them.
//
// Errors are kInvalidArgument (a file that cannot be read keeps its read error:
// kNotFound when missing, kPermissionDenied), naming the file,
// the entry and the field, never a token or key. Nothing here throws.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "kube/exec_config.h"
#include "util/status.h"

namespace tk::kube {

struct KubeconfigCluster {
  std::string server;
  std::string certificate_authority;       // absolute path, or empty
  std::string certificate_authority_data;  // PEM (decoded), or empty
  bool insecure_skip_tls_verify = false;
  std::string origin;  // the file it came from
};

struct KubeconfigUser {
  std::string token;
  std::string token_file;               // absolute path, or empty
  std::string client_certificate;       // absolute path, or empty
  std::string client_certificate_data;  // PEM (decoded), or empty
  std::string client_key;               // absolute path, or empty
  std::string client_key_data;          // PEM (decoded), or empty
  std::optional<ExecConfig> exec;
  // Set when the user relies on something tablekeeper does not implement
  // (`auth-provider`, `username`/`password`): what, for the error message.
  std::string unsupported;
  std::string origin;
};

struct KubeconfigContext {
  std::string cluster;
  std::string user;
  std::string namespace_name;
  std::string origin;
};

struct Kubeconfig {
  std::map<std::string, KubeconfigCluster> clusters;
  std::map<std::string, KubeconfigUser> users;
  std::map<std::string, KubeconfigContext> contexts;
  std::string current_context;
};

// Parses kubeconfig YAML (or JSON). `path` is where it came from: relative
// paths are resolved against its folder and errors name it.
Result<Kubeconfig> ParseKubeconfig(std::string_view text, const std::string& path);

// Reads and parses one file; kNotFound when it does not exist.
Result<Kubeconfig> LoadKubeconfigFile(const std::string& path);

// Adds to `into` what `later` defines and `into` does not (see above).
void MergeKubeconfig(Kubeconfig& into, const Kubeconfig& later);

// Loads a KUBECONFIG-style list of files separated by ':' and merges them.
// Empty entries, repeated files and missing files are skipped, as kubectl
// does; kNotFound when none exists. A file that exists but cannot be read or
// parsed is an error.
Result<Kubeconfig> LoadKubeconfigFiles(std::string_view path_list);

}  // namespace tk::kube
