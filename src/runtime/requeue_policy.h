// RequeuePolicy: when the controller looks at an object again, by what the
// last reconcile found (DESIGN.md section 3; the ACK runtime's resync and
// requeue rules):
//
//   synced, or Terminal    the resync period (flag, per kind, or the
//                          object's tablekeeper.io/resync-seconds), with
//                          jitter so objects created together spread out
//   progressing            soon: AWS is settling a change we made
//   references unresolved  when the referenced object changes (the runtime
//                          re-queues dependents), and at the latest after
//                          reference_wait
//   throttled              a long back-off that grows per object while the
//                          throttling lasts: base, 2 x base, ... up to the cap
//   other failures         the work queue's per-key exponential back-off
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace tk::runtime {

struct RequeuePolicy {
  std::chrono::seconds resync{std::chrono::hours(10)};  // --reconcile-default-resync-seconds
  double resync_jitter = 0.1;                           // +- this fraction of the period
  std::chrono::milliseconds progressing{std::chrono::seconds(5)};
  std::chrono::milliseconds reference_wait{std::chrono::seconds(60)};
  std::chrono::milliseconds throttle_base{std::chrono::minutes(1)};
  std::chrono::milliseconds throttle_cap{std::chrono::minutes(30)};
};

// The resync delay: `period` (or the policy's) scaled by a factor in
// [1 - jitter, 1 + jitter] drawn from `unit_random` (a value in [0, 1)).
std::chrono::milliseconds ResyncDelay(const RequeuePolicy& policy, std::optional<std::chrono::seconds> period,
                                      double unit_random);

// Per-object throttling back-off: Next grows it, Reset ends it. Thread-safe.
class ThrottleBackoff {
 public:
  explicit ThrottleBackoff(const RequeuePolicy& policy) : base_(policy.throttle_base), cap_(policy.throttle_cap) {}
  // The delay after one more throttled attempt of `uid`: base, 2 x base, ...
  std::chrono::milliseconds Next(const std::string& uid);
  void Reset(const std::string& uid);

 private:
  const std::chrono::milliseconds base_;
  const std::chrono::milliseconds cap_;
  std::mutex mutex_;
  std::map<std::string, int> attempts_;  // guarded by mutex_
};

}  // namespace tk::runtime
