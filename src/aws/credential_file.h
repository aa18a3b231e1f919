// Reading the small files credential providers depend on (shared config and
// credentials files, web identity and container authorization tokens) with an
// error value instead of a stream state.
#pragma once

#include <string>

#include "util/status.h"

namespace tk::aws {

// Files larger than this are refused: no credential file is this big, and a
// token path pointing at a device or a huge file must not exhaust memory.
inline constexpr size_t kMaxCredentialFileSize = 1 << 20;

// The bytes of the file at `path`. Errors name the path, never the content:
// kNotFound when it does not exist, kPermissionDenied when access is refused,
// kInvalidArgument otherwise (a folder, an I/O error, too large).
Result<std::string> ReadCredentialFile(const std::string& path);

}  // namespace tk::aws
