// ReflectorBackoff: how long the reflector waits before it tries the API
// server again after a failure. Exponential, capped and jittered, as
// client-go's reflector (800 ms doubling up to 30 s), so that many clients
// failing together do not come back together, and a failure never turns
// into a tight loop.
//
// The n-th wait since the last Reset (n = 0, 1, ...) is drawn uniformly from
//   [base * (1 - jitter), base]   with   base = min(initial * factor^n, max)
// so no wait is ever longer than `max`, nor shorter than
// initial * (1 - jitter). Out-of-range values are clamped (factor to >= 1,
// jitter to [0, 0.9]). Not thread-safe: one per reflector.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace tk::kube {

struct BackoffPolicy {
  std::chrono::milliseconds initial{800};
  std::chrono::milliseconds max{std::chrono::seconds(30)};
  double factor = 2.0;  // >= 1
  double jitter = 0.5;  // in [0, 0.9]: the part of each wait taken off at random
};

class ReflectorBackoff {
 public:
  // `seed` makes the jitter repeatable in tests.
  explicit ReflectorBackoff(BackoffPolicy policy, uint64_t seed = std::random_device()());

  // The wait before the next attempt; each call lengthens the following one.
  std::chrono::milliseconds Next();
  // After a success: the next wait is drawn from the initial one again.
  void Reset();
  // Waits handed out since the last Reset.
  int failures() const { return failures_; }

 private:
  const BackoffPolicy policy_;
  std::mt19937_64 random_;
  int failures_ = 0;
};

}  // namespace tk::kube
