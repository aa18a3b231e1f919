// DelayingQueue: a WorkQueue that can also add a key after a delay.
//
// AddAfter(key, d) parks the key until d has passed on the injected clock, then
// Adds it, so every WorkQueue promise holds for it from then on. A key parked
// twice keeps the earlier deadline: a later AddAfter can bring its turn
// forward, never push it back. Keys whose deadlines fall due together are
// added in the order of their deadlines, ties in the order they were parked.
// A plain Add of a parked key adds it now and leaves it parked: it is added
// again at its deadline (which coalesces if it is still waiting then).
//
// One background thread per queue waits for the earliest deadline; parking a
// key with an earlier one wakes it. It waits on a condition variable for
// (deadline - clock.Now()), at most 10s at a time, which is exact for a clock
// that runs at real speed (SystemClock); see AddDueKeysForTest for test
// clocks. ShutDown (or ShutDownWithDrain) stops the thread and drops the
// parked keys; later AddAfter calls are ignored.
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "runtime/object_key.h"
#include "runtime/work_queue.h"
#include "util/clock.h"

namespace tk::runtime {

// Thread-safe. REQUIRES: `clock` outlives the queue.
class DelayingQueue : public WorkQueue {
 public:
  explicit DelayingQueue(Clock& clock = SystemClock());
  ~DelayingQueue() override;

  // Adds `key` once `delay` has passed on the clock; at once if delay <= 0.
  // If `key` is already parked, the earlier of the two deadlines stands.
  // Ignored after shutdown.
  void AddAfter(const ObjectKey& key, Clock::Duration delay);

  // WorkQueue's shutdowns, which also stop the delay thread and drop parked
  // keys. When they return the thread has exited.
  void ShutDown() override;
  void ShutDownWithDrain() override;

  // A test clock that jumps (ManualClock) does not wake the delay thread when
  // it moves, so a test calls this after Advance: it adds every parked key
  // whose deadline has passed on the clock before returning.
  void AddDueKeysForTest();

 private:
  using Deadlines = std::multimap<Clock::TimePoint, ObjectKey>;

  // The delay thread's body: add due keys, sleep until the next deadline (or
  // a change), repeat until stopped.
  void WaitLoop();
  // Moves every key due at `now` into the WorkQueue. REQUIRES: parked_mutex_ held.
  void AddDueLocked(Clock::TimePoint now);
  // Stops and joins the delay thread and drops parked keys. Idempotent.
  void Stop();

  // Immutable after construction.
  Clock& clock_;

  std::mutex parked_mutex_;
  // Signalled when the earliest deadline moves earlier or the thread must stop.
  std::condition_variable changed_;
  // Guarded by parked_mutex_. Each parked key is in both maps exactly once:
  // parked_ orders the keys by deadline, parked_by_key_ finds a key's entry.
  Deadlines parked_;
  std::unordered_map<ObjectKey, Deadlines::iterator> parked_by_key_;
  bool stopped_ = false;

  std::once_flag stop_once_;
  std::thread loop_;  // started in the constructor body, once the fields above exist
};

}  // namespace tk::runtime
