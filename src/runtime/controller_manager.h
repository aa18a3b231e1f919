// ControllerManager: runs the controllers of every registered kind in one
// process (controller-runtime's Manager, DESIGN.md section 4):
//
//   watch (one informer per kind and watched namespace) -> shared work queue
//   of "Kind/namespace/name" keys -> a fixed pool of workers -> the kind's
//   Reconciler -> requeue by the outcome (requeue_policy.h)
//
// - What is queued: every add and delete; an update only when something the
//   controller acts on changed (generation, labels, annotations, finalizers,
//   deletion), not the status writes the controller makes itself. Every
//   change to an object also queues the objects that refer to it (found
//   through a "references" index on each informer), so a Table moves as soon
//   as its Key becomes usable. The resync of a synced object is a delayed
//   add, jittered, not an informer resync.
// - Filters: --watch-namespace (one or several namespaces; empty: all) and
//   --watch-selectors (a label selector) narrow the watches, so objects
//   outside them are never seen, read, or written.
// - Leader election (optional): the caches fill at once; workers start only
//   once this process leads, and Run returns an error when leadership is
//   lost (the process should exit, as controller-runtime's does).
// - Stopping: the queue drains (reconciles in progress finish), the lease is
//   released, the watches stop.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "kube/event_recorder.h"
#include "kube/informer.h"
#include "kube/leader_election.h"
#include "kube/rest_client.h"
#include "runtime/rate_limiters.h"
#include "runtime/rate_limiting_queue.h"
#include "runtime/reconcile_stats.h"
#include "runtime/reconciler.h"
#include "runtime/resource_manager.h"
#include "util/clock.h"
#include "util/status.h"

namespace tk::runtime {

struct ControllerManagerOptions {
  std::vector<std::string> watch_namespaces;  // --watch-namespace; empty: all
  std::string label_selector;                 // --watch-selectors
  int workers = 1;                            // --reconcile-default-max-concurrent-syncs
  ReconcilerOptions reconciler;
  // Resync period per kind ("Table" -> 60 s), over reconciler.requeue.resync
  // (--reconcile-resource-resync-seconds).
  std::map<std::string, std::chrono::seconds> resync_by_kind;
  std::string field_manager = "tablekeeper";
  ControllerRateLimiterOptions retry_limits;
  // Empty lease_name: no leader election.
  kube::LeaderElectionConfig leader_election;
  // How long Run waits for the first list of every watch before failing.
  std::chrono::milliseconds cache_sync_timeout{std::chrono::minutes(2)};
};

class ControllerManager {
 public:
  // `client` and `events` must outlive the manager.
  ControllerManager(kube::RestClient& client, kube::EventRecorder& events, ControllerManagerOptions options,
                    Clock& clock = SystemClock());
  ~ControllerManager();
  ControllerManager(const ControllerManager&) = delete;
  ControllerManager& operator=(const ControllerManager&) = delete;

  // Adds a kind; before Run. `manager` must outlive this object.
  void Register(ResourceManager& manager);

  // Runs until `stop` is requested (OK), or until the caches cannot sync or
  // leadership is lost (an error). Once.
  Status Run(std::stop_token stop);

  // Every watch has listed once (the caches are usable).
  bool CachesSynced() const { return caches_synced_.load(); }
  // Caches synced and, with leader election, leading: workers are running.
  bool Ready() const { return workers_running_.load(); }
  const ReconcileStats& stats() const { return stats_; }
  std::size_t QueueDepth() const { return queue_.Len(); }

 private:
  struct KindController;
  class CacheLookup;
  class QueueingHandler;

  void BuildWatches();
  void Enqueue(const KindController& controller, const nlohmann::json& object);
  void EnqueueDependents(const KindController& changed, const nlohmann::json& object);
  void Work();
  KindController* ControllerFor(std::string_view kind);
  kube::ObjectPtr Get(std::string_view kind, const std::string& namespace_name, const std::string& name) const;

  kube::RestClient& client_;
  kube::EventRecorder& events_;
  const ControllerManagerOptions options_;
  Clock& clock_;
  RateLimitingQueue queue_;
  ReconcileStats stats_;

  std::unique_ptr<CacheLookup> lookup_;
  std::unique_ptr<kube::Informer> namespaces_;
  std::vector<std::unique_ptr<KindController>> controllers_;
  std::vector<std::jthread> workers_;
  std::atomic<bool> caches_synced_{false};
  std::atomic<bool> workers_running_{false};
  std::atomic<bool> ran_{false};
};

}  // namespace tk::runtime
