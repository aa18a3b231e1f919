#include "aws/adaptive_rate_limiter.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace tk::aws {
namespace {

constexpr double kBeta = 0.7;
constexpr double kScale = 0.4;  // C
constexpr double kSmoothing = 0.8;
constexpr double kMinFillRate = 0.5;
constexpr double kMinCapacity = 1.0;

}  // namespace

AdaptiveRateLimiter::AdaptiveRateLimiter(Clock& clock) : clock_(clock), start_(clock.Now()) {}

double AdaptiveRateLimiter::SecondsLocked() const {
  return std::chrono::duration<double>(clock_.Now() - start_).count();
}

void AdaptiveRateLimiter::RefillLocked(double now) {
  if (enabled_) tokens_ = std::min(max_capacity_, tokens_ + (now - last_refill_) * fill_rate_);
  last_refill_ = now;
}

void AdaptiveRateLimiter::UpdateMeasuredRateLocked(double now) {
  const double bucket = std::floor(now * 2.0) / 2.0;
  bucket_count_ += 1.0;
  if (bucket > rate_bucket_) {
    const double current = bucket_count_ / (bucket - rate_bucket_);
    measured_rate_ = current * kSmoothing + measured_rate_ * (1.0 - kSmoothing);
    bucket_count_ = 0.0;
    rate_bucket_ = bucket;
  }
}

void AdaptiveRateLimiter::SetFillRateLocked(double now, double rate) {
  RefillLocked(now);
  fill_rate_ = std::max(rate, kMinFillRate);
  max_capacity_ = std::max(rate, kMinCapacity);
  tokens_ = std::min(tokens_, max_capacity_);
}

Clock::Duration AdaptiveRateLimiter::Reserve() {
  std::lock_guard lock(mutex_);
  if (!enabled_) return Clock::Duration::zero();
  RefillLocked(SecondsLocked());
  tokens_ -= 1.0;
  if (tokens_ >= 0.0) return Clock::Duration::zero();
  return std::chrono::duration_cast<Clock::Duration>(
      std::chrono::duration<double>(-tokens_ / fill_rate_));
}

void AdaptiveRateLimiter::Acquire() {
  const Clock::Duration wait = Reserve();
  if (wait > Clock::Duration::zero()) clock_.SleepFor(wait);
}

void AdaptiveRateLimiter::OnResponse(bool throttled) {
  std::lock_guard lock(mutex_);
  const double now = SecondsLocked();
  UpdateMeasuredRateLocked(now);
  double rate = 0.0;
  if (throttled) {
    last_max_rate_ = enabled_ ? std::min(measured_rate_, fill_rate_) : measured_rate_;
    last_throttle_ = now;
    rate = last_max_rate_ * kBeta;
    if (!enabled_) {
      enabled_ = true;
      tokens_ = 0.0;
      last_refill_ = now;
    }
  } else {
    if (!enabled_) return;
    const double k = std::cbrt(last_max_rate_ * (1.0 - kBeta) / kScale);
    rate = kScale * std::pow(now - last_throttle_ - k, 3.0) + last_max_rate_;
  }
  SetFillRateLocked(now, std::min(rate, 2.0 * measured_rate_));
}

bool AdaptiveRateLimiter::enabled() const {
  std::lock_guard lock(mutex_);
  return enabled_;
}

double AdaptiveRateLimiter::fill_rate() const {
  std::lock_guard lock(mutex_);
  return fill_rate_;
}

double AdaptiveRateLimiter::measured_rate() const {
  std::lock_guard lock(mutex_);
  return measured_rate_;
}

}  // namespace tk::aws
