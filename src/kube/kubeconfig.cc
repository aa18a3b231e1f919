#include "kube/kubeconfig.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>
#include <vector>

#include "kube/base64.h"
#include "kube/read_file.h"

namespace tk::kube {
namespace {

using YAML::Node;

// Reads one kubeconfig document; every error names the file and the field.
class Parser {
 public:
  explicit Parser(const std::string& path) : path_(path) {
    std::error_code error;
    const std::filesystem::path absolute = std::filesystem::absolute(path.empty() ? "." : path, error);
    base_dir_ = error ? std::filesystem::current_path(error) : absolute.parent_path();
  }

  Result<Kubeconfig> Parse(std::string_view text) {
    Node root;
    try {
      root = YAML::Load(std::string(text));
    } catch (const YAML::ParserException& e) {
      return Error("", fmt::format("not valid YAML at line {}, column {}: {}", e.mark.line + 1,
                                   e.mark.column + 1, e.msg));
    }
    Kubeconfig config;
    if (root.IsNull()) return config;  // an empty file is an empty config, as for kubectl
    if (!root.IsMap()) return Error("", "the document is not a YAML mapping");
    if (Status s = String(root, "current-context", "", &config.current_context); !s.ok()) return s;
    if (Status s = Entries(root, "clusters", "cluster", &config.clusters, &Parser::Cluster); !s.ok()) return s;
    if (Status s = Entries(root, "users", "user", &config.users, &Parser::User); !s.ok()) return s;
    if (Status s = Entries(root, "contexts", "context", &config.contexts, &Parser::Context); !s.ok()) return s;
    return config;
  }

 private:
  Status Error(const std::string& where, std::string_view problem) const {
    return Status(Code::kInvalidArgument,
                  where.empty() ? fmt::format("kubeconfig {}: {}", path_, problem)
                                : fmt::format("kubeconfig {}: {}: {}", path_, where, problem));
  }

  static std::string Field(const std::string& where, std::string_view key) {
    return where.empty() ? std::string(key) : fmt::format("{}: {}", where, key);
  }

  // An optional scalar; absent or null leaves `out` alone.
  Status String(const Node& map, const char* key, const std::string& where, std::string* out) const {
    const Node node = map[key];
    if (!node.IsDefined() || node.IsNull()) return OkStatus();
    if (!node.IsScalar()) return Error(Field(where, key), "must be a string");
    *out = node.Scalar();
    return OkStatus();
  }

  Status Bool(const Node& map, const char* key, const std::string& where, bool* out) const {
    const Node node = map[key];
    if (!node.IsDefined() || node.IsNull()) return OkStatus();
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, *out)) {
      return Error(Field(where, key), "must be true or false");
    }
    return OkStatus();
  }

  // A base64 field, decoded.
  Status Data(const Node& map, const char* key, const std::string& where, std::string* out) const {
    std::string text;
    if (Status s = String(map, key, where, &text); !s.ok()) return s;
    if (text.empty()) return OkStatus();
    std::optional<std::string> decoded = Base64Decode(text);
    if (!decoded) {
      return Error(Field(where, key), "is not valid base64; encode the PEM file with `base64 -w0`");
    }
    *out = std::move(*decoded);
    return OkStatus();
  }

  // A file path, made absolute against the kubeconfig's folder.
  Status Path(const Node& map, const char* key, const std::string& where, std::string* out) const {
    if (Status s = String(map, key, where, out); !s.ok()) return s;
    *out = Resolve(*out);
    return OkStatus();
  }

  std::string Resolve(const std::string& path) const {
    if (path.empty() || std::filesystem::path(path).is_absolute()) return path;
    return (base_dir_ / path).lexically_normal().string();
  }

  // A list of {name, <body_key>: {...}} entries, into a map by name.
  template <typename T>
  Status Entries(const Node& root, const char* list_key, const char* body_key,
                 std::map<std::string, T>* out,
                 Status (Parser::*parse_body)(const Node&, const std::string&, T*) const) const {
    const Node list = root[list_key];
    if (!list.IsDefined() || list.IsNull()) return OkStatus();
    if (!list.IsSequence()) return Error(list_key, "must be a list");
    for (size_t i = 0; i < list.size(); ++i) {
      const Node entry = list[i];
      const std::string position = fmt::format("{}[{}]", list_key, i);
      if (!entry.IsMap()) return Error(position, "must be a mapping with name and " + std::string(body_key));
      std::string name;
      if (Status s = String(entry, "name", position, &name); !s.ok()) return s;
      if (name.empty()) return Error(position, "has no name; give every entry a unique name");
      const std::string where = fmt::format("{} \"{}\"", body_key, name);
      if (out->count(name) != 0) return Error(where, "is defined twice in this file; rename one");
      T body;
      body.origin = path_;
      const Node body_node = entry[body_key];
      if (body_node.IsDefined() && !body_node.IsNull()) {
        if (!body_node.IsMap()) return Error(Field(where, body_key), "must be a mapping");
        if (Status s = (this->*parse_body)(body_node, where, &body); !s.ok()) return s;
      }
      out->emplace(name, std::move(body));
    }
    return OkStatus();
  }

  Status Cluster(const Node& node, const std::string& where, KubeconfigCluster* cluster) const {
    if (Status s = String(node, "server", where, &cluster->server); !s.ok()) return s;
    if (Status s = Path(node, "certificate-authority", where, &cluster->certificate_authority); !s.ok()) return s;
    if (Status s = Data(node, "certificate-authority-data", where, &cluster->certificate_authority_data); !s.ok()) {
      return s;
    }
    return Bool(node, "insecure-skip-tls-verify", where, &cluster->insecure_skip_tls_verify);
  }

  Status User(const Node& node, const std::string& where, KubeconfigUser* user) const {
    if (Status s = String(node, "token", where, &user->token); !s.ok()) return s;
    if (Status s = Path(node, "tokenFile", where, &user->token_file); !s.ok()) return s;
    if (Status s = Path(node, "client-certificate", where, &user->client_certificate); !s.ok()) return s;
    if (Status s = Data(node, "client-certificate-data", where, &user->client_certificate_data); !s.ok()) return s;
    if (Status s = Path(node, "client-key", where, &user->client_key); !s.ok()) return s;
    if (Status s = Data(node, "client-key-data", where, &user->client_key_data); !s.ok()) return s;
    if (const Node exec = node["exec"]; exec.IsDefined() && !exec.IsNull()) {
      if (!exec.IsMap()) return Error(Field(where, "exec"), "must be a mapping");
      user->exec.emplace();
      if (Status s = Exec(exec, Field(where, "exec"), &*user->exec); !s.ok()) return s;
    }
    if (const Node provider = node["auth-provider"]; provider.IsDefined() && !provider.IsNull()) {
      std::string name;
      if (provider.IsMap()) (void)String(provider, "name", where, &name);
      user->unsupported = fmt::format("auth-provider \"{}\"", name);
    } else if (node["username"].IsDefined() || node["password"].IsDefined()) {
      user->unsupported = "basic authentication (username/password)";
    }
    return OkStatus();
  }

  Status Exec(const Node& node, const std::string& where, ExecConfig* exec) const {
    if (Status s = String(node, "apiVersion", where, &exec->api_version); !s.ok()) return s;
    if (Status s = String(node, "command", where, &exec->command); !s.ok()) return s;
    if (exec->command.find('/') != std::string::npos) exec->command = Resolve(exec->command);
    if (Status s = String(node, "installHint", where, &exec->install_hint); !s.ok()) return s;
    if (Status s = Bool(node, "provideClusterInfo", where, &exec->provide_cluster_info); !s.ok()) return s;
    if (Status s = String(node, "interactiveMode", where, &exec->interactive_mode); !s.ok()) return s;
    if (const Node args = node["args"]; args.IsDefined() && !args.IsNull()) {
      if (!args.IsSequence()) return Error(Field(where, "args"), "must be a list of strings");
      for (const Node& arg : args) {
        if (!arg.IsScalar()) return Error(Field(where, "args"), "must be a list of strings");
        exec->args.push_back(arg.Scalar());
      }
    }
    if (const Node env = node["env"]; env.IsDefined() && !env.IsNull()) {
      if (!env.IsSequence()) return Error(Field(where, "env"), "must be a list of {name, value}");
      for (size_t i = 0; i < env.size(); ++i) {
        const std::string entry_where = fmt::format("{}: env[{}]", where, i);
        if (!env[i].IsMap()) return Error(entry_where, "must be a mapping with name and value");
        std::string name;
        std::string value;
        if (Status s = String(env[i], "name", entry_where, &name); !s.ok()) return s;
        if (Status s = String(env[i], "value", entry_where, &value); !s.ok()) return s;
        if (name.empty()) return Error(entry_where, "has no name");
        exec->env.emplace_back(std::move(name), std::move(value));
      }
    }
    return OkStatus();
  }

  Status Context(const Node& node, const std::string& where, KubeconfigContext* context) const {
    if (Status s = String(node, "cluster", where, &context->cluster); !s.ok()) return s;
    if (Status s = String(node, "user", where, &context->user); !s.ok()) return s;
    return String(node, "namespace", where, &context->namespace_name);
  }

  const std::string path_;
  std::filesystem::path base_dir_;
};

std::vector<std::string> SplitPathList(std::string_view list) {
  std::vector<std::string> paths;
  std::set<std::string> seen;
  while (true) {
    const size_t colon = list.find(':');
    const std::string path(list.substr(0, colon));
    if (!path.empty() && seen.insert(path).second) paths.push_back(path);
    if (colon == std::string_view::npos) break;
    list.remove_prefix(colon + 1);
  }
  return paths;
}

}  // namespace

Result<Kubeconfig> ParseKubeconfig(std::string_view text, const std::string& path) {
  try {
    return Parser(path).Parse(text);
  } catch (const YAML::Exception& e) {  // a shape the checks above did not foresee
    return Status(Code::kInvalidArgument, fmt::format("kubeconfig {}: {}", path, e.what()));
  }
}

Result<Kubeconfig> LoadKubeconfigFile(const std::string& path) {
  Result<std::string> text = ReadWholeFile(path);
  if (!text.ok()) return text.status().WithContext("kubeconfig");
  return ParseKubeconfig(*text, path);
}

void MergeKubeconfig(Kubeconfig& into, const Kubeconfig& later) {
  into.clusters.insert(later.clusters.begin(), later.clusters.end());  // keeps existing names
  into.users.insert(later.users.begin(), later.users.end());
  into.contexts.insert(later.contexts.begin(), later.contexts.end());
  if (into.current_context.empty()) into.current_context = later.current_context;
}

Result<Kubeconfig> LoadKubeconfigFiles(std::string_view path_list) {
  Kubeconfig merged;
  bool any = false;
  for (const std::string& path : SplitPathList(path_list)) {
    Result<Kubeconfig> one = LoadKubeconfigFile(path);
    if (!one.ok() && one.status().code() == Code::kNotFound) continue;
    if (!one.ok()) return one.status();
    MergeKubeconfig(merged, *one);
    any = true;
  }
  if (!any) {
    return Status(Code::kNotFound,
                  fmt::format("none of the kubeconfig files \"{}\" exists; point KUBECONFIG or "
                              "--kubeconfig at a kubeconfig file",
                              path_list));
  }
  return merged;
}

}  // namespace tk::kube
