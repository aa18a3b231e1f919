// TokenBucket: a rate limit of `rate` tokens per second with room for `burst`.
//
// Used wherever tablekeeper bounds a call rate: the Kubernetes client's QPS and
// burst, the work queue's global limit, the per-service AWS call budget. The
// bucket starts full. Thread-safe.
//
//   TryTake()     takes a token if one is there now.
//   Reserve()     takes a token now or in the future and says how long the
//                 caller must wait before using it (zero if available now);
//                 callers that reserve must honour the wait.
//   Take()        Reserve() and sleep on the clock for the wait.
#pragma once

#include <mutex>

#include "util/clock.h"

namespace tk {

class TokenBucket {
 public:
  // rate > 0 tokens per second, burst >= 1.
  TokenBucket(double rate, double burst, Clock& clock = SystemClock());

  bool TryTake();
  Clock::Duration Reserve();
  void Take();

 private:
  // Adds the tokens earned since the last refill. Holds mutex_.
  void RefillLocked(Clock::TimePoint now);

  const double rate_;
  const double burst_;
  Clock& clock_;
  std::mutex mutex_;
  double tokens_;  // may go negative: tokens reserved ahead of time
  Clock::TimePoint last_refill_;
};

}  // namespace tk
