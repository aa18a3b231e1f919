// AdaptiveRateLimiter: a client-side rate limit that learns the rate a service
// accepts, the idea of the SDKs' "adaptive" retry mode.
//
// It does nothing until the service first throttles. From then on every
// attempt takes a token from a bucket whose fill rate follows CUBIC, the TCP
// congestion algorithm the SDKs use:
// - The measured send rate is tracked in half-second buckets, smoothed
//   (new = 0.8 * last bucket's rate + 0.2 * old).
// - On a throttled answer: the rate before the throttle (the measured rate,
//   or the bucket's rate when lower) is remembered as W_max, and the fill
//   rate drops to beta * W_max (beta = 0.7): a multiplicative decrease.
// - On any other answer the fill rate grows along the cubic curve
//     rate(t) = C * (t - K)^3 + W_max,   K = cbrt(W_max * (1 - beta) / C), C = 0.4
//   where t is the time since the last throttle: fast at first, flat near
//   W_max (where the service pushed back last time), then probing beyond it.
//   It never exceeds twice the measured send rate, so a quiet client does
//   not bank a rate it never used.
// - The fill rate never drops below 0.5 per second; the bucket holds at most
//   max(1, fill rate) tokens.
//
// One limiter per service and region, shared by every call to it. The clock
// is injected for tests. Thread-safe.
#pragma once

#include <mutex>

#include "util/clock.h"

namespace tk::aws {

class AdaptiveRateLimiter {
 public:
  // `clock` must outlive the limiter.
  explicit AdaptiveRateLimiter(Clock& clock = SystemClock());

  // Takes a token for the next attempt: returns how long the caller must wait
  // before sending (zero while disabled or when a token is there).
  Clock::Duration Reserve();
  // Reserve() and sleep on the clock for the wait.
  void Acquire();

  // Reports the answer to an attempt: `throttled` when the service answered a
  // throttling error.
  void OnResponse(bool throttled);

  // For tests and metrics.
  bool enabled() const;
  double fill_rate() const;  // tokens per second
  double measured_rate() const;

 private:
  double SecondsLocked() const;
  void RefillLocked(double now);
  void UpdateMeasuredRateLocked(double now);
  void SetFillRateLocked(double now, double rate);

  Clock& clock_;
  const Clock::TimePoint start_;

  mutable std::mutex mutex_;
  // All guarded by mutex_. Times are seconds since start_.
  bool enabled_ = false;
  double fill_rate_ = 0.0;
  double max_capacity_ = 1.0;
  double tokens_ = 0.0;
  double last_refill_ = 0.0;
  double measured_rate_ = 0.0;
  double rate_bucket_ = 0.0;  // start of the current half-second bucket
  double bucket_count_ = 0.0;
  double last_max_rate_ = 0.0;
  double last_throttle_ = 0.0;
};

}  // namespace tk::aws
