#include "aws/sts_role_assumer.h"

#include <fmt/format.h>

#include <string>

#include "aws/credential_time.h"
#include "aws/credentials_source.h"

namespace tk::aws {
namespace {

// The credentials in an AssumeRole* answer.
Result<ExpiringCredentials> CredentialsFrom(const AwsResult<QueryResult>& answer,
                                            std::string_view action, std::string_view role_arn) {
  if (!answer.ok()) return answer.status().WithContext(fmt::format("assuming role {}", role_arn));
  ExpiringCredentials result;
  result.credentials.access_key_id = answer->Field("Credentials.AccessKeyId");
  result.credentials.secret_access_key = answer->Field("Credentials.SecretAccessKey");
  result.credentials.session_token = answer->Field("Credentials.SessionToken");
  result.expiration = ParseCredentialTime(answer->Field("Credentials.Expiration"));
  if (result.credentials.access_key_id.empty() || result.credentials.secret_access_key.empty() ||
      result.credentials.session_token.empty() || !result.expiration) {
    return Status(Code::kInternal,
                  fmt::format("sts {} for role {}: the answer lacks complete Credentials "
                              "(AccessKeyId, SecretAccessKey, SessionToken, Expiration)",
                              action, role_arn));
  }
  return result;
}

void AddDuration(QueryParams& params, const std::optional<std::chrono::seconds>& duration) {
  if (duration) params.emplace_back("DurationSeconds", std::to_string(duration->count()));
}

}  // namespace

Result<ExpiringCredentials> StsRoleAssumer::AssumeRole(const AssumeRoleRequest& request,
                                                       const Credentials& source) {
  QueryParams params = {{"RoleArn", request.role_arn},
                        {"RoleSessionName", request.role_session_name}};
  if (request.external_id) params.emplace_back("ExternalId", *request.external_id);
  AddDuration(params, request.duration);
  StaticCredentialsSource signing(source);
  CallOptions call;
  call.credentials = &signing;
  return CredentialsFrom(sts_.CallQuery("AssumeRole", params, call), "AssumeRole",
                         request.role_arn);
}

Result<ExpiringCredentials> StsRoleAssumer::AssumeRoleWithWebIdentity(
    const WebIdentityRequest& request) {
  QueryParams params = {{"RoleArn", request.role_arn},
                        {"RoleSessionName", request.role_session_name},
                        {"WebIdentityToken", request.web_identity_token}};
  AddDuration(params, request.duration);
  CallOptions call;
  call.unsigned_request = true;
  return CredentialsFrom(sts_.CallQuery("AssumeRoleWithWebIdentity", params, call),
                         "AssumeRoleWithWebIdentity", request.role_arn);
}

}  // namespace tk::aws
