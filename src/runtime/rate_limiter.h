// RateLimiter: how long a key waits before its next retry.
//
// The controller asks When(key) each time reconciling `key` fails and requeues
// the key after the answer (RateLimitingQueue::AddRateLimited). A limiter may
// count failures per key, so callers must call Forget(key) once the key
// succeeds, or the key keeps its back-off (and its memory) forever.
//
// Implementations are in rate_limiters.h. All are thread-safe.
#pragma once

#include <memory>

#include "runtime/object_key.h"
#include "util/clock.h"

namespace tk::runtime {

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;

  // Records one more failure of `key` and returns how long to wait before
  // retrying it (zero: at once).
  [[nodiscard]] virtual Clock::Duration When(const ObjectKey& key) = 0;

  // Clears what the limiter remembers about `key`; its next When starts over.
  // A limiter with no per-key state ignores it.
  virtual void Forget(const ObjectKey& key) = 0;

  // How many failures of `key` have been recorded since its last Forget.
  [[nodiscard]] virtual int NumRequeues(const ObjectKey& key) const = 0;
};

using RateLimiterPtr = std::unique_ptr<RateLimiter>;

}  // namespace tk::runtime
