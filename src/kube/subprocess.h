// Running a short-lived helper program (an exec credential plugin) with a
// deadline, collecting what it prints.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "util/status.h"

namespace tk::kube {

struct ProcessOutput {
  int exit_code = 0;    // the exit status, or 128 + the signal that ended it
  std::string stdout_text;
  std::string stderr_text;
};

struct ProcessSpec {
  // argv[0] is looked up on PATH unless it contains a '/'.
  std::vector<std::string> argv;
  // Added to this process's environment, replacing variables of the same name.
  std::vector<std::pair<std::string, std::string>> env;
  // The process (and its process group) is killed when it runs longer.
  std::chrono::milliseconds timeout{std::chrono::seconds(60)};
};

// Each stream is kept up to this many bytes; the rest is read and dropped.
inline constexpr size_t kMaxProcessOutput = 1 << 20;

// Runs `spec` with stdin from /dev/null and waits for it. A non-zero exit is
// not an error: it is in the result. Errors: kNotFound when the program does
// not exist, kUnavailable when it cannot be started or times out. Messages
// name argv[0] only, never the arguments or the environment. Thread-safe.
Result<ProcessOutput> RunProcess(const ProcessSpec& spec);

}  // namespace tk::kube
