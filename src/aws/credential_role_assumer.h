// RoleAssumer: the two STS calls the credential providers need, behind an
// interface so that providers do not depend on the STS client (which itself
// needs no CredentialsSource for these calls: AssumeRole is signed with the
// `source` credentials passed in, AssumeRoleWithWebIdentity is unsigned).
//
// The STS client implements it; unit tests use a scripted fake.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "aws/credential_provider.h"
#include "aws/credentials.h"
#include "util/status.h"

namespace tk::aws {

// STS AssumeRole.
struct AssumeRoleRequest {
  std::string role_arn;           // RoleArn
  std::string role_session_name;  // RoleSessionName; 2 to 64 of [\w+=,.@-]
  std::optional<std::string> external_id;    // ExternalId
  std::optional<std::chrono::seconds> duration;  // DurationSeconds; STS default (1 h) when unset
};

// STS AssumeRoleWithWebIdentity.
struct WebIdentityRequest {
  std::string role_arn;           // RoleArn
  std::string role_session_name;  // RoleSessionName
  std::string web_identity_token;  // WebIdentityToken: a secret, never logged
  std::optional<std::chrono::seconds> duration;  // DurationSeconds
};

class RoleAssumer {
 public:
  virtual ~RoleAssumer() = default;

  // Calls AssumeRole signed with `source`; the answer's credentials and their
  // Expiration. Errors as the STS client maps them (kPermissionDenied,
  // kUnauthenticated, kThrottled, kUnavailable...); messages never hold the
  // source or resulting secrets. Blocks for the call. Thread-safe.
  virtual Result<ExpiringCredentials> AssumeRole(const AssumeRoleRequest& request,
                                                 const Credentials& source) = 0;

  // Calls AssumeRoleWithWebIdentity (unsigned); as above. Messages never hold
  // the token.
  virtual Result<ExpiringCredentials> AssumeRoleWithWebIdentity(
      const WebIdentityRequest& request) = 0;
};

using RoleAssumerPtr = std::shared_ptr<RoleAssumer>;

}  // namespace tk::aws
