// ProfileProvider: credentials of a profile of the shared config and
// credentials files (shared_config.h), resolved as the AWS SDKs resolve them.
//
// The profile is AWS_PROFILE's, else "default". Within a profile, the first
// of these that is present decides:
//
//   1. role_arn: assume that role (STS, through the RoleAssumer) with
//      credentials from
//        web_identity_token_file   AssumeRoleWithWebIdentity with the token file
//        source_profile = NAME     the named profile, resolved the same way
//                                  (chains of roles), except that a source
//                                  profile with static keys uses its keys even
//                                  when it has a role_arn too, which is how a
//                                  profile may name itself as its source
//        credential_source = Environment | Ec2InstanceMetadata | EcsContainer
//      and role_session_name (default tablekeeper-<unix time>), external_id,
//      duration_seconds (900 to 43200).
//   2. web_identity_token_file without role_arn: an error.
//   3. sso_* (IAM Identity Center): refused, tablekeeper cannot log in.
//   4. credential_process: run it (process_provider.h).
//   5. aws_access_key_id and aws_secret_access_key (+ aws_session_token).
//
// Not configured when AWS_PROFILE is unset and there is no "default" profile,
// or the profile holds none of the above (only a region, say). Configured but
// failing: AWS_PROFILE names a profile neither file has (kInvalidArgument), a
// malformed file, a cycle of source profiles (kInvalidArgument naming the
// profiles in order), a missing source profile, half a key pair, mfa_serial
// (needs a person), or the failure of the process, the source or STS.
//
// The files are read again at every Fetch.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "aws/credential_env.h"
#include "aws/credential_process_runner.h"
#include "aws/credential_provider.h"
#include "aws/credential_role_assumer.h"
#include "util/clock.h"

namespace tk::aws {

// The provider a profile's credential_source names ("Environment",
// "Ec2InstanceMetadata", "EcsContainer"); kInvalidArgument for other names.
using CredentialSourceResolver =
    std::function<Result<CredentialProviderPtr>(std::string_view credential_source)>;

struct ProfileProviderOptions {
  EnvLookup env = ProcessEnvironment();
  // Null: profiles with role_arn fail with kInternal.
  RoleAssumerPtr role_assumer;
  // Null: profiles with credential_source fail with kInvalidArgument.
  CredentialSourceResolver credential_source;
  // For default session names. Must outlive the provider.
  Clock* clock = &SystemClock();
  CredentialProcessLimits process_limits;
};

class ProfileProvider final : public CredentialProvider {
 public:
  explicit ProfileProvider(ProfileProviderOptions options);

  // CredentialProvider
  std::string Name() const override;
  Result<ExpiringCredentials> Fetch() override;

 private:
  const ProfileProviderOptions options_;
};

}  // namespace tk::aws
