// Timestamps as the Kubernetes API writes them, in UTC, for the objects of
// this folder that carry them (Events, Leases):
//
//   metav1.Time       "2026-05-01T12:00:00Z"          whole seconds
//   metav1.MicroTime  "2026-05-01T12:00:00.123456Z"   microseconds
//
// Parsing is ParseRfc3339 (rfc3339.h), which reads both.
// TODO(reviewer): these belong next to ParseRfc3339 in rfc3339.h; they live
// here because that file was outside the change that needed them.
#pragma once

#include <chrono>
#include <string>

namespace tk::kube {

// `instant` truncated to the second, as metav1.Time.
std::string FormatKubeTime(std::chrono::system_clock::time_point instant);

// `instant` truncated to the microsecond, as metav1.MicroTime.
std::string FormatKubeMicroTime(std::chrono::system_clock::time_point instant);

}  // namespace tk::kube
