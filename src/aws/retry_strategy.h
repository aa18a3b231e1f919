// RetryStrategy: the SDKs' "standard" retry mode, for one service client.
//
// Following the AWS SDKs and Tools reference guide ("Retry behavior",
// standard mode) and botocore's retries/standard.py:
// - At most `max_attempts` attempts per call (the first plus retries).
//   Default: 3.
// - Only retryable classes (retry_classification.h) are retried.
// - Back-off before retry i (i = 1 for the first retry) is full jitter:
//     min(max_backoff, r * base_delay * 2^(i-1)),   r uniform in [0, 1)
//   with base_delay 1 s and max_backoff 20 s by default, as in the SDKs.
// - A retry quota shared by every call of the client: it starts with
//   `initial_quota` (500) tokens; a retry takes `retry_cost` (5), or
//   `timeout_retry_cost` (10) after a time-out; when too few remain, the call
//   fails with the last error instead of retrying. A call that succeeds gives
//   back what its last retry took, or `no_retry_increment` (1) when it needed
//   no retry, never beyond the initial quota. So a service that keeps failing
//   quickly stops being retried at all (about 100 retries), while isolated
//   failures are retried as usual.
//
// The random source is injected so tests get fixed back-offs. Thread-safe:
// calls of many threads share the quota.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <random>

#include "aws/retry_classification.h"
#include "util/clock.h"

namespace tk::aws {

// Uniform numbers in [0, 1).
class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // Thread-safe.
  virtual double Uniform() = 0;
};

// A Mersenne twister seeded from std::random_device; thread-safe.
class DefaultRandomSource final : public RandomSource {
 public:
  DefaultRandomSource();
  // RandomSource
  double Uniform() override;

 private:
  std::mutex mutex_;
  std::mt19937_64 engine_;  // guarded by mutex_
};

struct RetryOptions {
  // Attempts per call, including the first; 1 disables retries. Default: 3.
  int max_attempts = 3;
  // Default: 1 s, the SDKs' standard mode.
  std::chrono::milliseconds base_delay{1000};
  // Default: 20 s.
  std::chrono::milliseconds max_backoff{20000};
  // The retry quota; 0 disables it (unlimited retries within max_attempts).
  int initial_quota = 500;
  int retry_cost = 5;
  int timeout_retry_cost = 10;
  int no_retry_increment = 1;
};

// What one call has taken from the quota; one per call, not shared.
struct RetryToken {
  int attempts = 1;      // attempts made so far, the current one included
  int last_cost = 0;     // quota taken by the latest retry; 0 if none
};

class RetryStrategy {
 public:
  // `random` must outlive the strategy.
  RetryStrategy(RetryOptions options, RandomSource& random);

  // After attempt token.attempts failed with `retry_class`: the back-off to
  // wait before the next attempt, or nullopt when the call must end now (not
  // retryable, attempts used up, or quota exhausted). When it returns a
  // delay it has taken the quota and counted the attempt in `token`.
  std::optional<Clock::Duration> OnFailure(RetryClass retry_class, RetryToken& token);

  // After an attempt succeeded: refunds quota per the rules above.
  void OnSuccess(const RetryToken& token);

  // The back-off before retry `retry` (1-based), using `random`.
  Clock::Duration Backoff(int retry);

  // The tokens left in the retry quota.
  int AvailableQuota() const;

  const RetryOptions& options() const { return options_; }

 private:
  // Immutable after construction.
  const RetryOptions options_;
  RandomSource& random_;

  mutable std::mutex mutex_;
  int quota_;  // guarded by mutex_
};

}  // namespace tk::aws
