// Timestamps in credential answers: the Expiration of credential_process
// output, container and EC2 instance metadata answers ("2026-05-01T12:00:00Z",
// an optional fraction of a second, "Z" or a "+hh:mm"/"-hh:mm" offset), and
// the same form for log lines.
//
// src/kube/rfc3339.h parses the same format; src/aws may not depend on
// src/kube (DESIGN.md section 4), so this is a copy of the idea, not of the
// file. Both could move to src/util.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tk::aws {

// The instant `text` names, or nullopt when it is not an RFC 3339 date-time.
std::optional<std::chrono::system_clock::time_point> ParseCredentialTime(std::string_view text);

// "2026-05-01T12:00:00Z" (UTC, whole seconds).
std::string FormatCredentialTime(std::chrono::system_clock::time_point time);

}  // namespace tk::aws
