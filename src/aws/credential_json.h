// Parsing the JSON documents credential sources answer with:
//
//   credential_process  {"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ...,
//                        "SessionToken": ..., "Expiration": "2026-05-01T12:00:00Z"}
//   container endpoint  {"AccessKeyId": ..., "SecretAccessKey": ..., "Token": ...,
//                        "Expiration": ...}
//   EC2 metadata        {"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": ...,
//                        "SecretAccessKey": ..., "Token": ..., "Expiration": ...}
//
// The documents hold secrets, so error messages describe what is wrong (not
// JSON and the byte offset, a missing or mistyped field by name) and never
// quote the text. Errors have code kUnauthenticated and start with `source`
// (e.g. `credential_process of profile "dev"`).
#pragma once

#include <string_view>

#include "aws/credential_provider.h"
#include "util/status.h"

namespace tk::aws {

enum class CredentialJsonFormat {
  kProcess,    // Version must be 1; the token is "SessionToken"; Expiration optional
  kContainer,  // the token is "Token"; Expiration optional
  kImds,       // Code, when present, must be "Success"; the token is "Token"
};

Result<ExpiringCredentials> ParseCredentialJson(std::string_view text, CredentialJsonFormat format,
                                                std::string_view source);

}  // namespace tk::aws
