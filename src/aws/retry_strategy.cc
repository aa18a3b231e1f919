#include "aws/retry_strategy.h"

#include <algorithm>
#include <cmath>

namespace tk::aws {

DefaultRandomSource::DefaultRandomSource() : engine_(std::random_device{}()) {}

double DefaultRandomSource::Uniform() {
  std::lock_guard lock(mutex_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine_);
}

RetryStrategy::RetryStrategy(RetryOptions options, RandomSource& random)
    : options_(options), random_(random), quota_(options.initial_quota) {}

std::optional<Clock::Duration> RetryStrategy::OnFailure(RetryClass retry_class,
                                                        RetryToken& token) {
  if (!IsRetryable(retry_class)) return std::nullopt;
  if (token.attempts >= options_.max_attempts) return std::nullopt;
  const int cost =
      retry_class == RetryClass::kTimeout ? options_.timeout_retry_cost : options_.retry_cost;
  if (options_.initial_quota > 0) {
    std::lock_guard lock(mutex_);
    if (quota_ < cost) return std::nullopt;
    quota_ -= cost;
  }
  token.last_cost = options_.initial_quota > 0 ? cost : 0;
  const int retry = token.attempts;  // the first retry follows attempt 1
  ++token.attempts;
  return Backoff(retry);
}

void RetryStrategy::OnSuccess(const RetryToken& token) {
  if (options_.initial_quota <= 0) return;
  const int refund = token.last_cost > 0 ? token.last_cost : options_.no_retry_increment;
  std::lock_guard lock(mutex_);
  quota_ = std::min(options_.initial_quota, quota_ + refund);
}

Clock::Duration RetryStrategy::Backoff(int retry) {
  const double r = std::clamp(random_.Uniform(), 0.0, 1.0);
  // 2^(retry-1) grows past any sane cap by retry 64; clamp the exponent first.
  const double growth = std::exp2(static_cast<double>(std::clamp(retry, 1, 63) - 1));
  const std::chrono::duration<double, std::milli> uncapped(
      r * static_cast<double>(options_.base_delay.count()) * growth);
  const std::chrono::duration<double, std::milli> cap(options_.max_backoff);
  return std::chrono::duration_cast<Clock::Duration>(std::min(uncapped, cap));
}

int RetryStrategy::AvailableQuota() const {
  std::lock_guard lock(mutex_);
  return quota_;
}

}  // namespace tk::aws
