#include "aws/environment_provider.h"

#include "aws/credential_time.h"

namespace tk::aws {

Result<ExpiringCredentials> EnvironmentProvider::Fetch() {
  const std::optional<std::string> key_id = NonEmptyEnv(env_, "AWS_ACCESS_KEY_ID");
  const std::optional<std::string> secret = NonEmptyEnv(env_, "AWS_SECRET_ACCESS_KEY");
  if (!key_id && !secret) return NotConfigured("AWS_ACCESS_KEY_ID is not set");
  if (!key_id) {
    return Status(Code::kInvalidArgument,
                  "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not; set both or neither");
  }
  if (!secret) {
    return Status(Code::kInvalidArgument,
                  "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both or neither");
  }
  ExpiringCredentials result;
  result.credentials.access_key_id = *key_id;
  result.credentials.secret_access_key = *secret;
  result.credentials.session_token = NonEmptyEnv(env_, "AWS_SESSION_TOKEN").value_or("");
  if (const auto expiration = NonEmptyEnv(env_, "AWS_CREDENTIAL_EXPIRATION")) {
    result.expiration = ParseCredentialTime(*expiration);
    if (!result.expiration) {
      return Status(Code::kInvalidArgument,
                    "AWS_CREDENTIAL_EXPIRATION is not an RFC 3339 time such as "
                    "2026-05-01T12:00:00Z");
    }
  }
  return result;
}

}  // namespace tk::aws
