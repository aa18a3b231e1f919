// AssumeRoleProvider: credentials of an IAM role, assumed through STS
// AssumeRole with credentials from another source: the controller's own
// identity assuming a namespace's role (DESIGN.md section 3, cross-account),
// wrapped in RefreshingCredentials by AssumeRoleCredentialsCache
// (credential_role_cache.h). Profiles with role_arn use the same request
// through ProfileProvider.
//
// Always configured. Errors: the base source's error, or AssumeRole's, with
// the role named; never the external id or a secret.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "aws/credential_provider.h"
#include "aws/credential_role_assumer.h"
#include "aws/credentials_source.h"
#include "util/clock.h"

namespace tk::aws {

// A role session name for requests that name none: "tablekeeper-" and the
// Unix time in seconds, as the SDKs stamp theirs.
std::string DefaultRoleSessionName(Clock& clock);

// A profile's or variable's duration in seconds: 900 to 43200.
// kInvalidArgument naming `source` otherwise.
Result<std::chrono::seconds> ParseRoleDuration(std::string_view text, std::string_view source);

class AssumeRoleProvider final : public CredentialProvider {
 public:
  // REQUIRES: assumer and base are not null.
  AssumeRoleProvider(RoleAssumerPtr assumer, CredentialsSourceSharedPtr base,
                     AssumeRoleRequest request);

  // CredentialProvider
  std::string Name() const override;
  Result<ExpiringCredentials> Fetch() override;

 private:
  const RoleAssumerPtr assumer_;
  const CredentialsSourceSharedPtr base_;
  const AssumeRoleRequest request_;
};

}  // namespace tk::aws
