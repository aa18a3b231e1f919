#include "kube/exec_credential_provider.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "kube/base64.h"
#include "kube/rfc3339.h"
#include "kube/subprocess.h"

namespace tk::kube {
namespace {

using nlohmann::json;

constexpr size_t kMaxStderrInMessage = 300;

Status PluginError(const std::string& source, const std::string& command, std::string_view problem) {
  return Status(Code::kUnauthenticated,
                fmt::format("{}: exec plugin {}: {}", source, command, problem));
}

// The plugin's stderr, shortened to one readable piece for a message.
std::string StderrExcerpt(const std::string& text) {
  std::string excerpt = text.substr(0, kMaxStderrInMessage);
  for (char& c : excerpt) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  while (!excerpt.empty() && excerpt.back() == ' ') excerpt.pop_back();
  return excerpt.empty() ? "(no stderr)" : excerpt;
}

// A string member of `object`: absent or null gives "", another type an error.
bool StringMember(const json& object, const char* name, std::string* out) {
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) return true;
  if (!it->is_string()) return false;
  *out = it->get<std::string>();
  return true;
}

}  // namespace

Result<std::shared_ptr<ExecCredentialProvider>> ExecCredentialProvider::Create(
    ExecConfig config, ExecClusterInfo cluster, std::string source, Clock& clock,
    std::chrono::milliseconds timeout) {
  if (config.api_version != kExecApiV1 && config.api_version != kExecApiV1Beta1) {
    return Status(Code::kInvalidArgument,
                  fmt::format("{}: exec.apiVersion \"{}\" is not supported; use {} or {}", source,
                              config.api_version, kExecApiV1, kExecApiV1Beta1));
  }
  if (config.command.empty()) {
    return Status(Code::kInvalidArgument,
                  fmt::format("{}: exec.command is empty; name the credential plugin to run", source));
  }
  const std::string& mode = config.interactive_mode;
  if (mode.empty() && config.api_version == kExecApiV1) {
    return Status(Code::kInvalidArgument,
                  fmt::format("{}: exec.interactiveMode must be set for {}; use Never or IfAvailable",
                              source, kExecApiV1));
  }
  if (mode == "Always") {
    return Status(Code::kInvalidArgument,
                  fmt::format("{}: exec.interactiveMode is Always, but tablekeeper runs without a "
                              "terminal; use Never or IfAvailable",
                              source));
  }
  if (!mode.empty() && mode != "Never" && mode != "IfAvailable") {
    return Status(Code::kInvalidArgument,
                  fmt::format("{}: exec.interactiveMode \"{}\" is not one of Never, IfAvailable, Always",
                              source, mode));
  }
  return std::shared_ptr<ExecCredentialProvider>(new ExecCredentialProvider(
      std::move(config), std::move(cluster), std::move(source), clock, timeout));
}

ExecCredentialProvider::ExecCredentialProvider(ExecConfig config, ExecClusterInfo cluster,
                                               std::string source, Clock& clock,
                                               std::chrono::milliseconds timeout)
    : config_(std::move(config)),
      cluster_(std::move(cluster)),
      source_(std::move(source)),
      clock_(clock),
      timeout_(timeout) {}

Result<Credentials> ExecCredentialProvider::Get() {
  std::lock_guard lock(mutex_);
  if (cached_ && (!expiry_ || clock_.WallNow() < *expiry_)) return *cached_;
  std::optional<std::chrono::system_clock::time_point> expiry;
  Result<Credentials> fresh = Run(&expiry);
  if (!fresh.ok()) return fresh.status();
  cached_ = *fresh;
  expiry_ = expiry;
  return fresh;
}

bool ExecCredentialProvider::Invalidate(const Credentials& rejected) {
  std::lock_guard lock(mutex_);
  if (cached_ && *cached_ == rejected) cached_.reset();
  return true;  // the next Get() runs the plugin unless others were fetched already
}

std::string ExecCredentialProvider::ExecInfo() const {
  json spec = {{"interactive", false}};
  if (config_.provide_cluster_info) {
    json cluster = {{"server", cluster_.server}};
    if (!cluster_.ca_pem.empty()) cluster["certificate-authority-data"] = Base64Encode(cluster_.ca_pem);
    if (cluster_.insecure_skip_tls_verify) cluster["insecure-skip-tls-verify"] = true;
    spec["cluster"] = std::move(cluster);
  }
  return json{{"apiVersion", config_.api_version}, {"kind", "ExecCredential"}, {"spec", spec}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Credentials> ExecCredentialProvider::Run(
    std::optional<std::chrono::system_clock::time_point>* expiry) const {
  ProcessSpec spec;
  spec.argv.push_back(config_.command);
  spec.argv.insert(spec.argv.end(), config_.args.begin(), config_.args.end());
  spec.env = config_.env;
  spec.env.emplace_back("KUBERNETES_EXEC_INFO", ExecInfo());
  spec.timeout = timeout_;
  Result<ProcessOutput> output = RunProcess(spec);
  if (!output.ok()) {
    if (output.status().code() == Code::kNotFound) {
      const std::string hint = config_.install_hint.empty() ? "install it or fix exec.command"
                                                            : config_.install_hint;
      return PluginError(source_, config_.command, fmt::format("not found; {}", hint));
    }
    return PluginError(source_, config_.command, output.status().message());
  }
  if (output->exit_code != 0) {
    return PluginError(source_, config_.command,
                       fmt::format("exited with code {}: {}", output->exit_code,
                                   StderrExcerpt(output->stderr_text)));
  }

  const json answer = json::parse(output->stdout_text, nullptr, /*allow_exceptions=*/false);
  if (!answer.is_object()) {
    return PluginError(source_, config_.command, "did not print an ExecCredential as a JSON object");
  }
  std::string api_version;
  std::string kind;
  if (!StringMember(answer, "apiVersion", &api_version) || api_version != config_.api_version) {
    return PluginError(source_, config_.command,
                       fmt::format("printed apiVersion \"{}\", but the kubeconfig asks for {}",
                                   api_version, config_.api_version));
  }
  if (!StringMember(answer, "kind", &kind) || kind != "ExecCredential") {
    return PluginError(source_, config_.command,
                       fmt::format("printed kind \"{}\", expected ExecCredential", kind));
  }
  const auto status = answer.find("status");
  if (status == answer.end() || !status->is_object()) {
    return PluginError(source_, config_.command, "printed an ExecCredential without a status object");
  }

  Credentials credentials;
  std::string expiration;
  if (!StringMember(*status, "token", &credentials.bearer_token) ||
      !StringMember(*status, "clientCertificateData", &credentials.client_cert_pem) ||
      !StringMember(*status, "clientKeyData", &credentials.client_key_pem) ||
      !StringMember(*status, "expirationTimestamp", &expiration)) {
    return PluginError(source_, config_.command,
                       "status.token, clientCertificateData, clientKeyData and expirationTimestamp "
                       "must be strings");
  }
  if (credentials.client_cert_pem.empty() != credentials.client_key_pem.empty()) {
    return PluginError(source_, config_.command,
                       "status has only one of clientCertificateData and clientKeyData; a client "
                       "certificate needs both");
  }
  if (credentials.bearer_token.empty() && credentials.client_cert_pem.empty()) {
    return PluginError(source_, config_.command,
                       "status has neither a token nor clientCertificateData and clientKeyData");
  }
  expiry->reset();
  if (!expiration.empty()) {
    *expiry = ParseRfc3339(expiration);
    if (!*expiry) {
      return PluginError(source_, config_.command,
                         fmt::format("status.expirationTimestamp \"{}\" is not an RFC 3339 time",
                                     expiration));
    }
  }
  return credentials;
}

}  // namespace tk::kube
