// EnvironmentProvider: credentials from AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, the first source of the SDKs'
// default chain. AWS_CREDENTIAL_EXPIRATION (RFC 3339), which some tools set
// next to temporary keys, gives the expiration when present.
//
// Not configured when AWS_ACCESS_KEY_ID is unset or empty. Configured but
// failing (kInvalidArgument) when the key id is set without its secret or the
// other way round, or when AWS_CREDENTIAL_EXPIRATION is not a time.
#pragma once

#include <string>
#include <utility>

#include "aws/credential_env.h"
#include "aws/credential_provider.h"

namespace tk::aws {

class EnvironmentProvider final : public CredentialProvider {
 public:
  explicit EnvironmentProvider(EnvLookup env = ProcessEnvironment()) : env_(std::move(env)) {}

  // CredentialProvider
  std::string Name() const override { return "environment variables"; }
  Result<ExpiringCredentials> Fetch() override;

 private:
  const EnvLookup env_;
};

}  // namespace tk::aws
