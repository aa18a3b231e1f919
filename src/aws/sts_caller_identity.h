// GetCallerIdentity: STS's "who am I", the one typed STS call of this layer.
// It proves the query protocol end to end and lets the controller log, at
// start-up, which account and principal its credentials belong to.
#pragma once

#include <string>

#include "aws/aws_error.h"
#include "aws/service_client.h"

namespace tk::aws {

struct CallerIdentity {
  std::string account;  // "123456789012"
  std::string arn;      // "arn:aws:iam::123456789012:user/controller"
  std::string user_id;  // the principal's unique id
};

// Calls STS GetCallerIdentity. REQUIRES: `sts` is a client of kStsModel.
// Fails as ServiceClient::CallQuery does, or with kInternal when the answer
// lacks the Account or Arn.
AwsResult<CallerIdentity> GetCallerIdentity(ServiceClient& sts);

}  // namespace tk::aws
