// Running a credential_process command: `/bin/sh -c COMMAND` with stdin from
// /dev/null, stdout captured, stderr passed through to ours (as the Go and
// Java SDKs do), and a deadline after which the process group is killed.
//
// src/kube/subprocess.h does the same for kubeconfig exec plugins; src/aws may
// not depend on src/kube (DESIGN.md section 4), so this is a separate, smaller
// runner. Both could move to src/util.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "util/status.h"

namespace tk::aws {

struct CredentialProcessOutput {
  int exit_code = 0;  // the exit status, or 128 + the signal that ended it
  std::string stdout_text;
};

struct CredentialProcessLimits {
  // The process group is killed after this long. Default: 1 minute (the Go
  // SDK's default).
  std::chrono::milliseconds timeout{std::chrono::minutes(1)};
  // More output than this is an error. Default: 64 KiB (the Go SDK's limit).
  size_t max_output = 64 * 1024;
};

// Runs `command` and waits for it. A non-zero exit is not an error: it is in
// the result. Errors: kUnavailable when the shell cannot be started or the
// command times out, kInvalidArgument when it prints more than max_output.
// Messages never contain the command (it may hold arguments that are
// secrets) or its output. Thread-safe.
Result<CredentialProcessOutput> RunCredentialProcess(const std::string& command,
                                                     const CredentialProcessLimits& limits);

}  // namespace tk::aws
