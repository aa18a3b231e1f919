// CredentialProvider: one place AWS credentials can come from (environment,
// shared files, a process, web identity, a container endpoint, EC2 instance
// metadata), as the AWS SDKs' default chain knows them.
//
// A provider answers every call afresh: it reads its files, variables or
// endpoint again and caches nothing. RefreshingCredentials
// (refreshing_credentials.h) adds the cache, and CredentialChain
// (credential_chain.h) tries providers in the SDKs' order.
//
// "Not configured" versus "failed": a provider whose configuration is absent
// (no AWS_ACCESS_KEY_ID, no profile, no container URI...) returns kNotFound
// with a short reason; the chain then asks the next provider. kNotFound is
// reserved for that meaning: a provider that is configured but fails (a
// missing token file, a refused role, an endpoint answering 500) returns
// another code (kUnauthenticated, kUnavailable, kInvalidArgument,
// kPermissionDenied...), and the chain stops there, as the SDKs do.
//
// Secrets: no provider puts a secret access key, a session token, a web
// identity token or a container authorization token in a Status message or a
// log line, including text it received from a process or a server.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "aws/credentials.h"
#include "util/status.h"

namespace tk::aws {

// Credentials and the instant they stop working (none: they do not expire).
struct ExpiringCredentials {
  Credentials credentials;
  std::optional<std::chrono::system_clock::time_point> expiration;
};

class CredentialProvider {
 public:
  virtual ~CredentialProvider() = default;

  // What this provider is, for messages: "environment variables",
  // "profile \"dev\"", "EC2 instance metadata". Never holds a secret.
  virtual std::string Name() const = 0;

  // Fetches credentials now. kNotFound: not configured here (the message says
  // why, e.g. "AWS_ACCESS_KEY_ID is not set"); any other error: configured
  // but failed. May block on a process or the network, each bounded by a
  // time-out. Thread-safe.
  virtual Result<ExpiringCredentials> Fetch() = 0;
};

using CredentialProviderPtr = std::shared_ptr<CredentialProvider>;

// A kNotFound status meaning "this provider is not configured": `reason`
// says what is missing.
Status NotConfigured(std::string reason);

// Whether `status` is a provider's "not configured" answer.
bool IsNotConfigured(const Status& status);

// `status` unless it is kNotFound, which becomes kUnauthenticated with the
// same message. Used where a configured provider passes on an error of
// something it called (a source profile, STS), so that the chain does not
// take a real failure for "not configured".
Status AsFailure(Status status);

}  // namespace tk::aws
