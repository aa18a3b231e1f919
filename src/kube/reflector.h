// Reflector: keeps an ObjectCache in step with one collection on the API
// server, and tells a ReflectorSink about every change it makes
// (client-go's Reflector, with the DeltaFIFO folded in: one thread does
// both).
//
// The loop, on the thread that calls Run:
//   1. List every object (paged) and bring the cache to the list: the
//      differences go to the sink as adds, updates and deletes
//      (reflector_diff.h), then OnListed.
//   2. Watch from the list's resourceVersion, apply each event to the cache,
//      then hand it to the sink; remember the resourceVersion of every event,
//      bookmarks included.
//   3. When the watch ends normally (its timeoutSeconds, drawn at random
//      from [min_watch_timeout, 2 * min_watch_timeout)), watch again from
//      the last resourceVersion: nothing is missed or seen twice.
//   4. On 410 Gone (HTTP or an ERROR event: the version is older than the
//      server's history) go back to 1 at once: the re-list turns whatever was
//      missed into the net changes, deletes carrying the last state known.
//   5. On a transport failure or throttling, watch again from the last
//      resourceVersion after a back-off (reflector_backoff.h); on any other
//      failure (forbidden, ...), list again after a back-off. Every failure
//      goes to the sink's OnError. A watch that ends within
//      min_watch_duration without an event counts as a failure, and so does
//      a second 410 in a row without progress: none of these can loop tightly.
//
// What the sink sees, for each key, is the server's order of changes, with
// no add for an object it already has (an ADDED event for a cached object
// with the same uid becomes an update, or nothing if its resourceVersion is
// the cached one) and no delete for one it does not have. The cache is
// written before the sink is called, so a sink reading the cache sees the
// change and every change before it.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <stop_token>
#include <string>

#include "kube/list_watch.h"
#include "kube/object_cache.h"
#include "kube/reflector_backoff.h"
#include "kube/reflector_diff.h"
#include "util/clock.h"
#include "util/status.h"

namespace tk::kube {

struct ReflectorOptions {
  // Each watch asks the server to end it after a time drawn from
  // [min_watch_timeout, 2 * min_watch_timeout), as client-go does, so that
  // watchers do not all come back at once. Zero leaves it to the server.
  // Default: 5 minutes.
  std::chrono::seconds min_watch_timeout{std::chrono::minutes(5)};
  // The page size of lists. Default: 500.
  int64_t page_size = 500;
  // Waits after failures. Default: 800 ms doubling to 30 s, half jittered.
  BackoffPolicy backoff;
  // A watch that ends without an error sooner than this and with no event
  // is treated as a failure. Default: 1 s.
  std::chrono::milliseconds min_watch_duration{std::chrono::seconds(1)};
  // Changes each listed or watched object before it is cached (e.g. drops
  // metadata.managedFields, which is most of an object's memory and which a
  // controller never reads: controller-runtime offers the same). Must be
  // deterministic and must not throw. Empty: objects are kept as served.
  std::function<void(nlohmann::json& object)> transform;
  // Reads the time (watch durations; the sink's ticks). Null: SystemClock().
  // Back-off waits are on the real clock so that Stop can cut them short.
  Clock* clock = nullptr;
};

// Receives the reflector's changes; every call comes from the reflector's
// thread, one at a time.
class ReflectorSink {
 public:
  virtual ~ReflectorSink() = default;
  virtual void OnAdd(const ObjectPtr& object) = 0;
  virtual void OnUpdate(const ObjectPtr& old_object, const ObjectPtr& new_object) = 0;
  // `last_known` is the object's final state: the DELETED event's object, or
  // after a re-list the state last cached.
  virtual void OnDelete(const ObjectPtr& last_known) = 0;
  // A list's changes have all been delivered: the cache equals the list.
  virtual void OnListed() {}
  // A list or watch failed (or a watch ended too soon); the reflector tries
  // again after a back-off.
  virtual void OnError(const Status& error) { (void)error; }
  // Called between events and about once a second while a watch is idle or
  // the reflector waits: the place for periodic work on this thread.
  virtual void OnTick() {}
};

// Counters since the reflector started; for tests, metrics and status pages.
struct ReflectorStats {
  uint64_t lists = 0;    // lists that succeeded
  uint64_t watches = 0;  // watches started
  uint64_t events = 0;   // watch events applied, bookmarks included
  uint64_t gone = 0;     // 410 answers that forced a re-list
  uint64_t errors = 0;   // failures reported to OnError
  std::string resource_version;  // the latest known
  Status last_error;             // OK until the first failure
};

class Reflector {
 public:
  // `source`, `cache` and `sink` must outlive the reflector.
  Reflector(ListerWatcher& source, ObjectCache& cache, ReflectorSink& sink, ReflectorOptions options = {});
  Reflector(const Reflector&) = delete;
  Reflector& operator=(const Reflector&) = delete;

  // Lists and watches until `stop` is requested; returns soon after: a
  // watch or a back-off notices within about a second, but a list in flight
  // finishes first (up to the RestConfig's timeout per page, plus any
  // Retry-After waits of throttled requests).
  void Run(std::stop_token stop);

  // Thread-safe.
  ReflectorStats Stats() const;

 private:
  // Step 1. OK, or why the list failed.
  Status ListAndSync(const std::stop_token& stop);
  // Step 2; `events` counts what arrived.
  Status WatchOnce(const std::stop_token& stop, uint64_t& events);
  void ApplyEvent(WatchEvent event);
  void ApplyChange(const ObjectChange& change);
  void SetResourceVersion(const std::string& resource_version);
  void Report(const Status& error);
  // Waits `duration`, ticking the sink, unless `stop` comes first.
  void Wait(const std::stop_token& stop, std::chrono::milliseconds duration);
  std::chrono::seconds NextWatchTimeout();

  ListerWatcher& source_;
  ObjectCache& cache_;
  ReflectorSink& sink_;
  const ReflectorOptions options_;
  Clock& clock_;

  std::string resource_version_;  // the reflector thread's own copy
  std::mt19937_64 random_;        // watch timeouts; the reflector thread's

  mutable std::mutex stats_mutex_;
  ReflectorStats stats_;  // guarded by stats_mutex_
};

}  // namespace tk::kube
