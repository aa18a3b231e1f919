#include "kube/reflector_backoff.h"

#include <algorithm>
#include <cmath>

namespace tk::kube {
namespace {

// So that no wait comes near zero, whatever the policy says.
constexpr double kMaxJitter = 0.9;

}  // namespace

ReflectorBackoff::ReflectorBackoff(BackoffPolicy policy, uint64_t seed) : policy_(policy), random_(seed) {}

std::chrono::milliseconds ReflectorBackoff::Next() {
  const double initial = static_cast<double>(std::max<int64_t>(policy_.initial.count(), 0));
  const double max = std::max(static_cast<double>(policy_.max.count()), 0.0);
  const double factor = std::max(policy_.factor, 1.0);
  const double jitter = std::clamp(policy_.jitter, 0.0, kMaxJitter);
  // pow may reach infinity; min brings it back to max.
  const double base = std::min(initial * std::pow(factor, failures_), max);
  if (failures_ < 1'000'000) ++failures_;
  const double taken_off = jitter > 0 ? std::uniform_real_distribution<double>(0.0, jitter)(random_) : 0.0;
  return std::chrono::milliseconds(static_cast<int64_t>(std::llround(base * (1.0 - taken_off))));
}

void ReflectorBackoff::Reset() { failures_ = 0; }

}  // namespace tk::kube
