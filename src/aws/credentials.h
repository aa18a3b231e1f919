// Credentials: the AWS identity a request is signed with.
//
// The secret access key and the session token are secrets: nothing in
// tablekeeper may put them in an error message, a log line or a metric. That is
// why this struct has no ToString() or stream operator.
#pragma once

#include <string>

namespace tk::aws {

struct Credentials {
  std::string access_key_id;      // e.g. "AKIDEXAMPLE"; appears in signed requests
  std::string secret_access_key;  // secret; used only to derive the signing key
  std::string session_token;      // secret; empty for long-term credentials
};

}  // namespace tk::aws
