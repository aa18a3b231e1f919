// Informer: a local, always-current copy of one collection of Kubernetes
// objects, and notifications of its changes (client-go's
// SharedIndexInformer, minus the sharing).
//
// How the parts fit:
//
//   API server --list/watch--> Reflector --writes--> ObjectCache <--reads-- any thread
//   (list_watch.h)            (reflector.h)  \       (object_cache.h)
//                                             `--> event handlers, in order, on the informer's thread
//
// One thread, the informer's (the caller of Run, or the one Start makes),
// lists, watches, writes the cache and calls the handlers. Readers on other
// threads use Get, List and ByIndex at any time.
//
// The handler contract:
// - OnAdd, OnUpdate(old, new) and OnDelete(last_known) are called on the
//   informer's thread, one call at a time, in the order the server made the
//   changes; for each change the handlers are called in the order they were
//   added. Before a handler is called for a change, the cache already holds
//   it and every change before it (and nothing after it).
// - Objects are shared and immutable (std::shared_ptr<const json>): keep
//   them as long as you like, never cast the const away.
// - A handler should be quick (put a key on a work queue and return). A slow
//   one delays every later change and the watch stream with it, but cannot
//   corrupt the cache or reorder changes: if it is slow enough for the
//   server to drop the watch or forget the resourceVersion, the reflector
//   re-watches or re-lists and delivers the net changes, so intermediate
//   states may be merged (two updates seen as one; an object created and
//   deleted meanwhile never seen). Handlers must be level-based: act on the
//   object's current state, not on the count of events.
// - An exception from a handler is caught and reported to the error handler;
//   the other handlers still get the change.
// - A handler may read this informer's cache and call Stop. It must not call
//   Run, Start, or add handlers or indexes.
//
// HasSynced() becomes true once the first list is in the cache and its adds
// have all been delivered, and stays true. With a resync period, every
// cached object is delivered again as OnUpdate(object, object) that often
// (client-go's resync): a chance for level-based handlers to re-check
// objects whose events they may have mishandled.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "kube/list_watch.h"
#include "kube/object_cache.h"
#include "kube/reflector.h"
#include "kube/rest_client.h"
#include "util/clock.h"
#include "util/status.h"

namespace tk::kube {

// Receives an informer's changes; override what you need. See the contract
// above.
class ResourceEventHandler {
 public:
  virtual ~ResourceEventHandler() = default;
  virtual void OnAdd(const ObjectPtr& object) { (void)object; }
  virtual void OnUpdate(const ObjectPtr& old_object, const ObjectPtr& new_object) {
    (void)old_object;
    (void)new_object;
  }
  virtual void OnDelete(const ObjectPtr& last_known) { (void)last_known; }
};

// A ResourceEventHandler made of functions; empty ones are skipped.
struct ResourceEventHandlerFuncs final : ResourceEventHandler {
  std::function<void(const ObjectPtr&)> on_add;
  std::function<void(const ObjectPtr&, const ObjectPtr&)> on_update;
  std::function<void(const ObjectPtr&)> on_delete;

  void OnAdd(const ObjectPtr& object) override {
    if (on_add) on_add(object);
  }
  void OnUpdate(const ObjectPtr& old_object, const ObjectPtr& new_object) override {
    if (on_update) on_update(old_object, new_object);
  }
  void OnDelete(const ObjectPtr& last_known) override {
    if (on_delete) on_delete(last_known);
  }
};

struct InformerOptions {
  // Narrow what is watched (used by the constructor that takes a RestClient).
  std::string label_selector;
  std::string field_selector;
  // Deliver every cached object again as an update this often, once synced.
  // Zero (the default) turns resync off. Its granularity is about a second.
  std::chrono::milliseconds resync_period{0};
  ReflectorOptions reflector;
};

class Informer {
 public:
  // Watches `collection` (one namespace's, or every namespace's when its
  // namespace_name is empty) through `client`, which must outlive the
  // informer.
  Informer(RestClient& client, ResourcePath collection, InformerOptions options = {});
  // Watches what `source` lists and watches (tests, other sources).
  Informer(std::unique_ptr<ListerWatcher> source, InformerOptions options = {});
  // Stops and, when Start made a thread, joins it.
  ~Informer();
  Informer(const Informer&) = delete;
  Informer& operator=(const Informer&) = delete;

  // Before Run or Start (else kFailedPrecondition):
  // Adds an index over the cached objects (object_cache.h).
  Status AddIndex(const std::string& name, IndexFunc index);
  Status AddEventHandler(std::shared_ptr<ResourceEventHandler> handler);
  // Called on the informer's thread with every failure of a list or watch
  // (and of a handler); the informer keeps trying, with back-off. Without
  // one, failures are only kept for LastError().
  Status SetErrorHandler(std::function<void(const Status&)> on_error);

  // Lists, watches and delivers on the calling thread until `stop` is
  // requested or Stop() is called. Runs once: kFailedPrecondition when the
  // informer ran or was started before; OK when it stopped.
  Status Run(std::stop_token stop = {});
  // Run on a thread of the informer's own.
  Status Start();
  // Ends Run (from any thread, a handler included) and, when Start made a
  // thread and this is not it, waits for it to finish. Idempotent.
  void Stop();

  // True once the first list is in the cache and its changes were delivered.
  bool HasSynced() const;
  // Waits until HasSynced() or `timeout`; false on time-out or when the
  // informer stopped first.
  bool WaitForSync(std::chrono::milliseconds timeout) const;

  // The cache (thread-safe; see object_cache.h).
  ObjectPtr Get(const std::string& key) const { return cache_.Get(key); }
  std::vector<ObjectPtr> List() const { return cache_.List(); }
  Result<std::vector<ObjectPtr>> ByIndex(std::string_view index, std::string_view value) const {
    return cache_.ByIndex(index, value);
  }
  const ObjectCache& cache() const { return cache_; }

  // The latest resourceVersion seen, the reflector's counters and the last
  // failure (OK if none). Thread-safe.
  std::string LastResourceVersion() const { return reflector_.Stats().resource_version; }
  ReflectorStats Stats() const { return reflector_.Stats(); }
  Status LastError() const;

 private:
  // Fans the reflector's calls out to the handlers.
  class Dispatcher;

  // Run without the run-once check.
  void RunLoop(std::stop_token stop);
  void Dispatch(const std::function<void(ResourceEventHandler&)>& call);
  void ReportError(const Status& error);
  void MarkSynced();
  void Tick();

  const InformerOptions options_;
  Clock& clock_;
  std::unique_ptr<ListerWatcher> source_;
  ObjectCache cache_;
  std::unique_ptr<Dispatcher> dispatcher_;
  Reflector reflector_;

  // Set before running, read-only afterwards.
  std::vector<std::shared_ptr<ResourceEventHandler>> handlers_;
  std::function<void(const Status&)> on_error_;

  std::atomic<bool> ran_{false};
  std::atomic<std::thread::id> run_thread_;  // the informer's thread, once it runs
  std::stop_source stop_source_;
  std::thread thread_;
  std::mutex thread_mutex_;  // guards thread_ between Start, Stop and the destructor

  // The informer thread's resync schedule.
  Clock::TimePoint next_resync_{};

  mutable std::mutex sync_mutex_;
  mutable std::condition_variable sync_changed_;
  bool synced_ = false;   // guarded by sync_mutex_
  bool stopped_ = false;  // guarded by sync_mutex_; Run returned
  Status last_error_;     // guarded by sync_mutex_
};

}  // namespace tk::kube
