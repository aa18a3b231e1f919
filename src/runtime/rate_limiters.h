// The RateLimiter implementations the controller composes.
//
//   ExponentialBackoffRateLimiter  per key: base, 2*base, 4*base, ... up to a cap
//   BucketRateLimiter              all keys together: a token bucket (qps, burst)
//   MaxOfRateLimiter               the longest wait of several limiters
//   DefaultControllerRateLimiter() max(per-key exponential, bucket)
//
// The per-key limiter keeps a failed key from being retried hot; the bucket
// bounds the total retry rate when many keys fail at once (an AWS outage), so
// the controller cannot hammer the API either way.
#pragma once

#include <chrono>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "runtime/rate_limiter.h"
#include "util/clock.h"
#include "util/token_bucket.h"

namespace tk::runtime {

// When(key) returns base * 2^n, capped at `cap`, where n counts the key's
// earlier failures since its last Forget: base on the first failure. Never
// overflows, however many failures. REQUIRES: 0 < base <= cap.
class ExponentialBackoffRateLimiter final : public RateLimiter {
 public:
  ExponentialBackoffRateLimiter(Clock::Duration base, Clock::Duration cap);

  // RateLimiter
  Clock::Duration When(const ObjectKey& key) override;
  void Forget(const ObjectKey& key) override;
  int NumRequeues(const ObjectKey& key) const override;

 private:
  // Immutable after construction.
  const Clock::Duration base_;
  const Clock::Duration cap_;

  mutable std::mutex mutex_;
  std::unordered_map<ObjectKey, int> failures_;  // guarded by mutex_
};

// One token bucket shared by every key: When reserves a token and returns how
// long until it is due (zero while the burst lasts). Keeps no per-key state:
// Forget does nothing and NumRequeues is 0. REQUIRES: qps > 0, burst >= 1,
// `clock` outlives the limiter.
class BucketRateLimiter final : public RateLimiter {
 public:
  BucketRateLimiter(double qps, double burst, Clock& clock = SystemClock());

  // RateLimiter
  Clock::Duration When(const ObjectKey& key) override;
  void Forget(const ObjectKey& key) override;
  int NumRequeues(const ObjectKey& key) const override;

 private:
  TokenBucket bucket_;
};

// Asks every limiter (so each records the failure) and returns the longest
// wait. Forget goes to all; NumRequeues is the largest count among them.
// REQUIRES: at least one limiter, none null.
class MaxOfRateLimiter final : public RateLimiter {
 public:
  explicit MaxOfRateLimiter(std::vector<RateLimiterPtr> limiters);

  // RateLimiter
  Clock::Duration When(const ObjectKey& key) override;
  void Forget(const ObjectKey& key) override;
  int NumRequeues(const ObjectKey& key) const override;

 private:
  const std::vector<RateLimiterPtr> limiters_;
};

// The controller's retry policy; the defaults are client-go's controller
// defaults. cmd fills this from flags.
struct ControllerRateLimiterOptions {
  // Wait after a key's first failure; doubles with each further failure.
  // Default: 5ms.
  Clock::Duration base_delay = std::chrono::milliseconds(5);
  // The longest wait for any one key. Default: 1000s (about 17 minutes).
  Clock::Duration max_delay = std::chrono::seconds(1000);
  // Retries per second across all keys once the burst is spent. Default: 10.
  double qps = 10;
  // Retries allowed at once before qps applies. Default: 100.
  double burst = 100;
};

// max(ExponentialBackoffRateLimiter(base_delay, max_delay),
//     BucketRateLimiter(qps, burst, clock)).
RateLimiterPtr DefaultControllerRateLimiter(const ControllerRateLimiterOptions& options = {},
                                            Clock& clock = SystemClock());

}  // namespace tk::runtime
