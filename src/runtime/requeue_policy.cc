#include "runtime/requeue_policy.h"

#include <algorithm>

#include "runtime/resource_policies.h"

namespace tk::runtime {

std::chrono::milliseconds ResyncDelay(const RequeuePolicy& policy, std::optional<std::chrono::seconds> period,
                                      double unit_random) {
  const auto base = std::chrono::duration<double, std::milli>(
      std::clamp(period.value_or(policy.resync), std::chrono::seconds(0), std::chrono::seconds(kMaxResyncSeconds)));
  const double jitter = std::clamp(policy.resync_jitter, 0.0, 1.0);
  const double factor = 1.0 - jitter + 2.0 * jitter * std::clamp(unit_random, 0.0, 1.0);
  return std::max(std::chrono::milliseconds(1),
                  std::chrono::duration_cast<std::chrono::milliseconds>(base * factor));
}

std::chrono::milliseconds ThrottleBackoff::Next(const std::string& uid) {
  std::lock_guard lock(mutex_);
  int& attempts = attempts_[uid];
  auto delay = base_;
  for (int i = 0; i < attempts && delay < cap_; ++i) delay *= 2;
  ++attempts;
  return std::min(delay, cap_);
}

void ThrottleBackoff::Reset(const std::string& uid) {
  std::lock_guard lock(mutex_);
  attempts_.erase(uid);
}

}  // namespace tk::runtime
