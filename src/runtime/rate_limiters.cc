#include "runtime/rate_limiters.h"

#include <algorithm>
#include <climits>
#include <memory>
#include <utility>

namespace tk::runtime {

ExponentialBackoffRateLimiter::ExponentialBackoffRateLimiter(Clock::Duration base,
                                                             Clock::Duration cap)
    : base_(base), cap_(cap) {}

Clock::Duration ExponentialBackoffRateLimiter::When(const ObjectKey& key) {
  int doublings = 0;
  {
    std::lock_guard lock(mutex_);
    int& failures = failures_[key];
    doublings = failures;
    if (failures < INT_MAX) ++failures;
  }
  // base << doublings, unless that would exceed the cap (or the 63 value bits
  // of the representation, which the cap cannot exceed either).
  if (doublings >= 63 || base_.count() > (cap_.count() >> doublings)) return cap_;
  return Clock::Duration(base_.count() << doublings);
}

void ExponentialBackoffRateLimiter::Forget(const ObjectKey& key) {
  std::lock_guard lock(mutex_);
  failures_.erase(key);
}

int ExponentialBackoffRateLimiter::NumRequeues(const ObjectKey& key) const {
  std::lock_guard lock(mutex_);
  const auto found = failures_.find(key);
  return found == failures_.end() ? 0 : found->second;
}

BucketRateLimiter::BucketRateLimiter(double qps, double burst, Clock& clock)
    : bucket_(qps, burst, clock) {}

Clock::Duration BucketRateLimiter::When(const ObjectKey& /*key*/) { return bucket_.Reserve(); }

void BucketRateLimiter::Forget(const ObjectKey& /*key*/) {}

int BucketRateLimiter::NumRequeues(const ObjectKey& /*key*/) const { return 0; }

MaxOfRateLimiter::MaxOfRateLimiter(std::vector<RateLimiterPtr> limiters)
    : limiters_(std::move(limiters)) {}

Clock::Duration MaxOfRateLimiter::When(const ObjectKey& key) {
  Clock::Duration longest = Clock::Duration::zero();
  for (const RateLimiterPtr& limiter : limiters_) longest = std::max(longest, limiter->When(key));
  return longest;
}

void MaxOfRateLimiter::Forget(const ObjectKey& key) {
  for (const RateLimiterPtr& limiter : limiters_) limiter->Forget(key);
}

int MaxOfRateLimiter::NumRequeues(const ObjectKey& key) const {
  int most = 0;
  for (const RateLimiterPtr& limiter : limiters_) most = std::max(most, limiter->NumRequeues(key));
  return most;
}

RateLimiterPtr DefaultControllerRateLimiter(const ControllerRateLimiterOptions& options,
                                            Clock& clock) {
  std::vector<RateLimiterPtr> limiters;
  limiters.push_back(
      std::make_unique<ExponentialBackoffRateLimiter>(options.base_delay, options.max_delay));
  limiters.push_back(std::make_unique<BucketRateLimiter>(options.qps, options.burst, clock));
  return std::make_unique<MaxOfRateLimiter>(std::move(limiters));
}

}  // namespace tk::runtime
