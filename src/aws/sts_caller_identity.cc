#include "aws/sts_caller_identity.h"

namespace tk::aws {

AwsResult<CallerIdentity> GetCallerIdentity(ServiceClient& sts) {
  AwsResult<QueryResult> result = sts.CallQuery("GetCallerIdentity");
  if (!result.ok()) {
    if (const AwsError* error = result.error()) {
      return AwsResult<CallerIdentity>(result.status(), *error);
    }
    return result.status();
  }
  CallerIdentity identity;
  identity.account = result->Field("Account");
  identity.arn = result->Field("Arn");
  identity.user_id = result->Field("UserId");
  if (identity.account.empty() || identity.arn.empty()) {
    return Status(Code::kInternal, "sts GetCallerIdentity: the answer has no Account or Arn");
  }
  return identity;
}

}  // namespace tk::aws
