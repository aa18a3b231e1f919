// Reading a whole small file (kubeconfig, certificate, token, namespace) with
// an error value instead of a stream state.
#pragma once

#include <string>

#include "util/status.h"

namespace tk::kube {

// The file's bytes. Errors say "cannot read PATH: <reason>" with code
// kNotFound when it does not exist, kPermissionDenied when access is refused,
// kInvalidArgument otherwise (a folder, an I/O error).
Result<std::string> ReadWholeFile(const std::string& path);

}  // namespace tk::kube
