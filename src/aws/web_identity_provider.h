// Web identity: credentials of a role assumed with STS
// AssumeRoleWithWebIdentity and an OIDC token read from a file, the way EKS
// IAM Roles for Service Accounts (IRSA) works: the pod gets AWS_ROLE_ARN and
// AWS_WEB_IDENTITY_TOKEN_FILE (a projected service-account token that the
// kubelet rotates), plus optionally AWS_ROLE_SESSION_NAME.
//
// The token file is read again at every Fetch, so a rotated token is used at
// the next refresh. Profiles with web_identity_token_file and role_arn use
// the same function, AssumeRoleWithWebIdentityFile.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "aws/credential_env.h"
#include "aws/credential_provider.h"
#include "aws/credential_role_assumer.h"
#include "util/clock.h"

namespace tk::aws {

struct WebIdentityConfig {
  std::string role_arn;
  std::string token_file;
  std::string role_session_name;  // empty: DefaultRoleSessionName()
  std::optional<std::chrono::seconds> duration;
};

// Reads config.token_file (whitespace around the token dropped) and calls
// AssumeRoleWithWebIdentity. `source` names where the configuration came from
// for messages. Errors: kUnauthenticated when the file cannot be read or is
// empty; STS's errors with the role named; kInternal when `assumer` is null.
// Never the token.
Result<ExpiringCredentials> AssumeRoleWithWebIdentityFile(RoleAssumer* assumer,
                                                          const WebIdentityConfig& config,
                                                          std::string_view source, Clock& clock);

// Web identity from the environment variables above. Not configured when
// neither AWS_ROLE_ARN nor AWS_WEB_IDENTITY_TOKEN_FILE is set;
// kInvalidArgument when only one of them is.
class WebIdentityProvider final : public CredentialProvider {
 public:
  WebIdentityProvider(RoleAssumerPtr assumer, EnvLookup env = ProcessEnvironment(),
                      Clock& clock = SystemClock());

  // CredentialProvider
  std::string Name() const override { return "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)"; }
  Result<ExpiringCredentials> Fetch() override;

 private:
  const RoleAssumerPtr assumer_;
  const EnvLookup env_;
  Clock& clock_;
};

}  // namespace tk::aws
