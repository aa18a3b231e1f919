// StsRoleAssumer: the RoleAssumer of the credential providers
// (credential_role_assumer.h), made of STS calls through a ServiceClient:
// AssumeRole signed with the source credentials the provider passes in, and
// AssumeRoleWithWebIdentity unsigned, as AWS documents both.
//
// The STS client is borrowed and must outlive the assumer. Errors are those
// of ServiceClient::CallQuery (kPermissionDenied, kUnauthenticated,
// kThrottled, kUnavailable, ...), prefixed with the role ARN, or kInternal
// when STS answers without credentials. Messages never hold the source
// credentials, the web identity token or the credentials STS hands back.
// Thread-safe.
#pragma once

#include "aws/credential_role_assumer.h"
#include "aws/service_client.h"

namespace tk::aws {

class StsRoleAssumer final : public RoleAssumer {
 public:
  // REQUIRES: `sts` is a client of kStsModel.
  explicit StsRoleAssumer(ServiceClient& sts) : sts_(sts) {}

  Result<ExpiringCredentials> AssumeRole(const AssumeRoleRequest& request,
                                         const Credentials& source) override;
  Result<ExpiringCredentials> AssumeRoleWithWebIdentity(const WebIdentityRequest& request) override;

 private:
  ServiceClient& sts_;
};

}  // namespace tk::aws
