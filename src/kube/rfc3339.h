// RFC 3339 timestamps as Kubernetes writes them: "2026-05-01T12:00:00Z", with
// an optional fraction of a second and a "Z" or "+hh:mm"/"-hh:mm" offset.
// Used for ExecCredential's status.expirationTimestamp.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace tk::kube {

// The instant `text` names, or nullopt when it is not an RFC 3339 date-time.
std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text);

}  // namespace tk::kube
