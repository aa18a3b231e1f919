// WorkQueue: the queue of object keys between the watches and the workers.
//
// What it promises (the rest of the runtime relies on these):
//
//  1. Fair: keys are handed out in the order they became ready, oldest first.
//  2. Stingy: a key is never held by two workers at once, and adding a key
//     that is already waiting does nothing (the adds coalesce into one turn).
//     A reconciler therefore needs no per-object lock.
//  3. Nothing is lost: a key added while a worker holds it waits, and is queued
//     again when that worker calls Done, so the object is reconciled once more
//     after the change that caused the add.
//  4. Any number of producers (Add) and consumers (Get/Done) may use one queue
//     from any threads.
//  5. Shutdown is explicit: after ShutDown, Get hands out nothing more and
//     returns std::nullopt to every waiting and future caller, which is the
//     workers' signal to exit. ShutDownWithDrain also waits for the keys in
//     flight to be Done.
//
// A worker's loop:
//
//   while (std::optional<ObjectKey> key = queue.Get()) {
//     Reconcile(*key);
//     queue.Done(*key);
//   }
//
// Keys waiting at shutdown are dropped, not handed out: reconciliation is
// level-based, so the next start lists every object again.
//
// DelayingQueue (delayed adds) and RateLimitingQueue (back-off) build on this
// class; see delaying_queue.h and rate_limiting_queue.h.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <unordered_set>

#include "runtime/object_key.h"

namespace tk::runtime {

// Thread-safe. REQUIRES at destruction: no thread is inside Get or
// ShutDownWithDrain (shut down and join the workers first).
class WorkQueue {
 public:
  WorkQueue() = default;
  virtual ~WorkQueue() = default;
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // Marks `key` as needing processing. Does nothing if it is already waiting,
  // or after shutdown. If a worker holds `key`, it is queued at that worker's
  // Done. Never blocks for long.
  void Add(const ObjectKey& key);

  // Blocks until a key is ready or the queue shuts down. Returns the oldest
  // ready key, which the caller now holds and must hand back with Done(key);
  // returns std::nullopt once the queue is shut down (the worker should exit).
  [[nodiscard]] std::optional<ObjectKey> Get();

  // Ends the caller's hold on `key`, taken by Get. If the key was added while
  // held, it goes to the back of the queue now. Done for a key nobody holds is
  // ignored. Safe to call after shutdown.
  void Done(const ObjectKey& key);

  // The number of keys ready to be handed out (not counting held keys). For
  // metrics and logs; it may be stale when read, so never synchronise on it.
  [[nodiscard]] std::size_t Len() const;

  // Stops handing out keys: waiting and later Get calls return std::nullopt,
  // ready keys are dropped (Len becomes 0) and later adds are ignored. Held
  // keys stay held until their Done. Returns at once; idempotent.
  virtual void ShutDown();

  // ShutDown, then blocks until every held key is Done. REQUIRES: the caller
  // holds no key (it would wait for itself).
  virtual void ShutDownWithDrain();

  [[nodiscard]] bool ShuttingDown() const;

 private:
  mutable std::mutex mutex_;
  // Signalled when a key is queued or the queue shuts down.
  std::condition_variable key_ready_;
  // Signalled when processing_ becomes empty.
  std::condition_variable idle_;

  // All guarded by mutex_. Invariants: a key in queue_ is in dirty_ and not in
  // processing_, and appears in queue_ once; a key in both dirty_ and
  // processing_ was added while held and is queued at its Done.
  std::deque<ObjectKey> queue_;              // ready keys, oldest first
  std::unordered_set<ObjectKey> dirty_;      // keys that need a (further) turn
  std::unordered_set<ObjectKey> processing_; // keys held by workers
  bool shutting_down_ = false;
};

}  // namespace tk::runtime
