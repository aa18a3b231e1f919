// RateLimitingQueue: a DelayingQueue that backs off keys that keep failing.
//
// The controller's retry policy in three calls, made by the one function that
// interprets a reconcile outcome (never by reconcilers):
//
//   AddRateLimited(key)  the reconcile failed: retry after limiter.When(key)
//   Forget(key)          the reconcile succeeded: reset key's back-off
//   NumRequeues(key)     how many failures in a row, for logs and give-up rules
//
// Forget does not remove the key from the queue; it only clears the limiter's
// memory of it. Every WorkQueue and DelayingQueue promise holds.
#pragma once

#include "runtime/delaying_queue.h"
#include "runtime/object_key.h"
#include "runtime/rate_limiter.h"
#include "util/clock.h"

namespace tk::runtime {

// Thread-safe. REQUIRES: `limiter` is not null; `clock` outlives the queue.
class RateLimitingQueue final : public DelayingQueue {
 public:
  explicit RateLimitingQueue(RateLimiterPtr limiter, Clock& clock = SystemClock());

  // AddAfter(key, limiter.When(key)); records a failure of `key`.
  void AddRateLimited(const ObjectKey& key);
  // limiter.Forget(key).
  void Forget(const ObjectKey& key);
  // limiter.NumRequeues(key).
  [[nodiscard]] int NumRequeues(const ObjectKey& key) const;

 private:
  const RateLimiterPtr limiter_;
};

}  // namespace tk::runtime
