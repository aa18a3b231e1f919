// CredentialsSource: where a service client gets the credentials it signs with.
//
// The service client asks for credentials before every attempt, so a source
// that refreshes (assumed roles, IMDS, web identity) hands out fresh ones
// without the client knowing. Implementations cache: Get() is on the path of
// every AWS call.
//
// Contract of Get():
// - Returns credentials with a non-empty access key id and secret, or a
//   non-OK Status: kUnauthenticated when no credentials can be found or they
//   were refused, kUnavailable when the place they come from did not answer
//   (the caller may retry later).
// - Messages never contain the secret access key or the session token.
// - Thread-safe: any number of threads may call Get() at once.
#pragma once

#include <memory>
#include <utility>

#include "aws/credentials.h"
#include "util/status.h"

namespace tk::aws {

class CredentialsSource {
 public:
  virtual ~CredentialsSource() = default;

  // The credentials to sign the next request with. See the contract above.
  virtual Result<Credentials> Get() = 0;
};

using CredentialsSourcePtr = std::unique_ptr<CredentialsSource>;
using CredentialsSourceSharedPtr = std::shared_ptr<CredentialsSource>;

// Always the same credentials, given at construction: for tests and for keys
// passed explicitly. Immutable, so thread-safe.
class StaticCredentialsSource final : public CredentialsSource {
 public:
  explicit StaticCredentialsSource(Credentials credentials)
      : credentials_(std::move(credentials)) {}

  // CredentialsSource
  Result<Credentials> Get() override {
    if (credentials_.access_key_id.empty() || credentials_.secret_access_key.empty()) {
      return Status(Code::kUnauthenticated,
                    "static AWS credentials have an empty access key id or secret access key");
    }
    return credentials_;
  }

 private:
  const Credentials credentials_;
};

}  // namespace tk::aws
