#include "util/token_bucket.h"

#include <algorithm>
#include <chrono>

namespace tk {

TokenBucket::TokenBucket(double rate, double burst, Clock& clock)
    : rate_(rate), burst_(burst), clock_(clock), tokens_(burst), last_refill_(clock.Now()) {}

void TokenBucket::RefillLocked(Clock::TimePoint now) {
  const std::chrono::duration<double> elapsed = now - last_refill_;
  tokens_ = std::min(burst_, tokens_ + elapsed.count() * rate_);
  last_refill_ = now;
}

bool TokenBucket::TryTake() {
  std::lock_guard lock(mutex_);
  RefillLocked(clock_.Now());
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

Clock::Duration TokenBucket::Reserve() {
  std::lock_guard lock(mutex_);
  RefillLocked(clock_.Now());
  tokens_ -= 1.0;
  if (tokens_ >= 0.0) return Clock::Duration::zero();
  return std::chrono::duration_cast<Clock::Duration>(
      std::chrono::duration<double>(-tokens_ / rate_));
}

void TokenBucket::Take() {
  const Clock::Duration wait = Reserve();
  if (wait > Clock::Duration::zero()) clock_.SleepFor(wait);
}

}  // namespace tk
