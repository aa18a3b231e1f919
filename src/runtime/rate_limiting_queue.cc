#include "runtime/rate_limiting_queue.h"

#include <utility>

namespace tk::runtime {

RateLimitingQueue::RateLimitingQueue(RateLimiterPtr limiter, Clock& clock)
    : DelayingQueue(clock), limiter_(std::move(limiter)) {}

void RateLimitingQueue::AddRateLimited(const ObjectKey& key) {
  AddAfter(key, limiter_->When(key));
}

void RateLimitingQueue::Forget(const ObjectKey& key) { limiter_->Forget(key); }

int RateLimitingQueue::NumRequeues(const ObjectKey& key) const {
  return limiter_->NumRequeues(key);
}

}  // namespace tk::runtime
