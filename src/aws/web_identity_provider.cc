#include "aws/web_identity_provider.h"

#include <fmt/format.h>

#include <utility>

#include "aws/assume_role_provider.h"
#include "aws/credential_file.h"
#include "aws/credential_text.h"

namespace tk::aws {

Result<ExpiringCredentials> AssumeRoleWithWebIdentityFile(RoleAssumer* assumer,
                                                          const WebIdentityConfig& config,
                                                          std::string_view source, Clock& clock) {
  if (assumer == nullptr) {
    return Status(Code::kInternal,
                  fmt::format("{}: role {} needs STS, but no STS client was configured", source,
                              config.role_arn));
  }
  Result<std::string> token = ReadCredentialFile(config.token_file);
  if (!token.ok()) {
    return Status(Code::kUnauthenticated,
                  fmt::format("{}: web identity token: {}", source, token.status().message()));
  }
  WebIdentityRequest request;
  request.role_arn = config.role_arn;
  request.role_session_name =
      config.role_session_name.empty() ? DefaultRoleSessionName(clock) : config.role_session_name;
  request.web_identity_token = std::string(TrimCredentialText(*token));
  request.duration = config.duration;
  if (request.web_identity_token.empty()) {
    return Status(Code::kUnauthenticated, fmt::format("{}: web identity token file {} is empty",
                                                      source, config.token_file));
  }
  Result<ExpiringCredentials> assumed = assumer->AssumeRoleWithWebIdentity(request);
  if (!assumed.ok()) {
    return AsFailure(assumed.status().WithContext(
        fmt::format("{}: AssumeRoleWithWebIdentity of role {}", source, config.role_arn)));
  }
  return assumed;
}

WebIdentityProvider::WebIdentityProvider(RoleAssumerPtr assumer, EnvLookup env, Clock& clock)
    : assumer_(std::move(assumer)), env_(std::move(env)), clock_(clock) {}

Result<ExpiringCredentials> WebIdentityProvider::Fetch() {
  const std::optional<std::string> role_arn = NonEmptyEnv(env_, "AWS_ROLE_ARN");
  const std::optional<std::string> token_file = NonEmptyEnv(env_, "AWS_WEB_IDENTITY_TOKEN_FILE");
  if (!role_arn && !token_file) {
    return NotConfigured("AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE are not set");
  }
  if (!token_file) {
    return Status(Code::kInvalidArgument,
                  "AWS_ROLE_ARN is set but AWS_WEB_IDENTITY_TOKEN_FILE is not; web identity "
                  "(IRSA) needs both");
  }
  if (!role_arn) {
    return Status(Code::kInvalidArgument,
                  "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not; web identity "
                  "(IRSA) needs both");
  }
  WebIdentityConfig config;
  config.role_arn = *role_arn;
  config.token_file = ExpandHome(env_, *token_file);
  config.role_session_name = NonEmptyEnv(env_, "AWS_ROLE_SESSION_NAME").value_or("");
  return AssumeRoleWithWebIdentityFile(assumer_.get(), config, "AWS_WEB_IDENTITY_TOKEN_FILE",
                                       clock_);
}

}  // namespace tk::aws
