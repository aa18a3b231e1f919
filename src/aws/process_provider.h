// ProcessProvider: credentials printed by a profile's `credential_process`
// command, as the SDKs run it.
//
// The command runs under /bin/sh at every Fetch and must exit 0 and print
//   {"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...",
//    "SessionToken": "...", "Expiration": "2026-05-01T12:00:00Z"}
// (SessionToken and Expiration optional; without Expiration the credentials
// never expire). Its stderr goes to ours, so whatever it says about a failure
// reaches the controller's output; tablekeeper's own messages name the
// profile, the exit code or the field at fault, never the command line or the
// output, which may hold secrets.
//
// Always configured: the profile provider creates it only for a profile that
// has credential_process. Errors: kUnauthenticated (non-zero exit, bad
// output), kUnavailable (cannot start, timed out), kInvalidArgument (too much
// output).
#pragma once

#include <string>

#include "aws/credential_process_runner.h"
#include "aws/credential_provider.h"

namespace tk::aws {

class ProcessProvider final : public CredentialProvider {
 public:
  ProcessProvider(std::string command, std::string profile, CredentialProcessLimits limits = {});

  // CredentialProvider
  std::string Name() const override;
  Result<ExpiringCredentials> Fetch() override;

 private:
  const std::string command_;
  const std::string profile_;
  const CredentialProcessLimits limits_;
};

}  // namespace tk::aws
