// Reconciler: one pass of the generic controller over one object, for any
// kind (DESIGN.md section 4). It drives a ResourceManager (resource_manager.h)
// and owns everything kind-independent:
//
// - the finalizer: added before the first AWS write, removed once the AWS
//   resource is deleted (deletion policy delete) or at once (retain);
//   read-only objects never get one;
// - references: cross-namespace ones refused unless allowed; unresolved ones
//   make ACK.ReferencesResolved=False and nothing is sent to AWS; resolved
//   values live in a copy, never in the user's spec;
// - adoption (adopt, adopt-or-create) and read-only (observe and report drift,
//   never write);
// - one plan step per pass, through the write-loop guard, each AWS write
//   logged and recorded as an Event;
// - the ACK conditions and the status write (only when status changed);
// - how soon to look again (requeue_policy.h);
// - reading its own writes: the cache may lag behind a status or finalizer
//   write the last pass made (a second pass right after a create would not
//   see the new key's id, and create another). The last object each pass
//   wrote is kept until the cache holds that version or a newer one
//   (resourceVersions compared as etcd's revision numbers), and a pass works
//   on the fresher of the two.
//
// Errors map to conditions by their code (see resource_manager.h). Bad input
// ends as ACK.Terminal with the manager's message; nothing here crashes or
// loops on it.
//
// Thread-safe: workers share one Reconciler; the work queue guarantees one
// worker per object at a time.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <memory>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "kube/event_recorder.h"
#include "kube/object_cache.h"
#include "runtime/object_writer.h"
#include "runtime/requeue_policy.h"
#include "runtime/resource_manager.h"
#include "runtime/resource_policies.h"
#include "runtime/write_loop_guard.h"
#include "util/clock.h"
#include "util/status.h"

namespace tk::runtime {

struct ReconcilerOptions {
  std::string default_region;                               // --aws-region
  // The account of the controller's credentials (STS GetCallerIdentity),
  // for status.ackResourceMetadata.ownerAccountID until a manager reports
  // the resource's own; a namespace's owner-account-id annotation wins.
  std::string default_account_id;
  DeletionPolicy default_deletion = DeletionPolicy::kDelete;  // --deletion-policy
  bool allow_cross_namespace_references = false;
  RequeuePolicy requeue;
  // Identical writes in a row allowed before the guard stops them.
  int write_loop_limit = 2;
};

// What one pass found, and when to look again.
struct ReconcileOutcome {
  enum class Kind {
    kSynced,       // matches the spec
    kProgressing,  // a step was taken, or AWS is busy, or a reference waits
    kTerminal,     // a person must act
    kRetry,        // failed; retry with the queue's back-off
    kThrottled,    // throttled or over quota; requeue_after holds the back-off
    kGone,         // the object is gone: forget it
  };
  Kind kind = Kind::kSynced;
  // When to look again; zero with kRetry means the queue's back-off, with
  // kGone never.
  std::chrono::milliseconds requeue_after{0};
  // Why, for logs (OK for kSynced and kGone).
  Status error;
};

// "Synced", "Progressing", ...
std::string_view OutcomeName(ReconcileOutcome::Kind kind);

class Reconciler {
 public:
  // The Namespace object named so, from a cache, or null.
  using NamespaceLookup = std::function<kube::ObjectPtr(const std::string& name)>;

  // All references are borrowed and must outlive the reconciler.
  Reconciler(ResourceManager& manager, ObjectWriter& writer, const ReferenceLookup& references,
             NamespaceLookup namespaces, kube::EventRecorder& events, ReconcilerOptions options,
             Clock& clock = SystemClock());

  // One pass over `cached`, the object as the cache holds it (null: gone).
  ReconcileOutcome Reconcile(const kube::ObjectPtr& cached);

  ResourceManager& manager() { return manager_; }

 private:
  struct Pass;  // the state of one Reconcile call

  ReconcileOutcome ReconcileObject(const kube::ObjectPtr& cached);
  // `cached`, or the object this reconciler last wrote when that is newer.
  nlohmann::json FresherOf(const nlohmann::json& cached);
  void Remember(const nlohmann::json& written);
  void Forget(const std::string& uid);
  ReconcileOutcome Delete(Pass& pass);
  ReconcileOutcome Sync(Pass& pass);
  ReconcileOutcome SyncExisting(Pass& pass, Observation observed);
  // Turns an error of a manager call into an outcome and conditions.
  // `out_of_sync`: the call was a write the plan asked for, so the resource
  // is known to differ from the spec (ResourceSynced and Ready go False);
  // otherwise they keep what the last pass found.
  ReconcileOutcome Failed(Pass& pass, const Status& error, std::string_view during, bool out_of_sync = false);
  ReconcileOutcome Terminal(Pass& pass, std::string_view reason, const std::string& message);
  // Writes the pass's status when it changed; a failed write turns the
  // outcome into kRetry (kGone when the object is gone).
  ReconcileOutcome Finish(Pass& pass, ReconcileOutcome outcome);
  std::string OwnerAccountOf(const nlohmann::json* namespace_object) const;
  // Sets ackResourceMetadata.region and ownerAccountID in the pass's status.
  void StampResourceMetadata(Pass& pass) const;
  void Record(const Pass& pass, kube::EventType type, std::string_view reason, const std::string& message);
  std::chrono::milliseconds ResyncDelay(const Pass& pass);

  ResourceManager& manager_;
  ObjectWriter& writer_;
  const ReferenceLookup& references_;
  const NamespaceLookup namespaces_;
  kube::EventRecorder& events_;
  const ReconcilerOptions options_;
  Clock& clock_;
  WriteLoopGuard write_guard_;
  ThrottleBackoff throttle_;

  std::mutex written_mutex_;
  std::map<std::string, nlohmann::json> written_;  // guarded by written_mutex_; by uid

  std::mutex random_mutex_;
  std::mt19937_64 random_;  // guarded by random_mutex_; resync jitter
};

}  // namespace tk::runtime
