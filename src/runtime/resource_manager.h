// ResourceManager: the seam between the generic controller and one kind of
// AWS resource (DESIGN.md section 4; the idea of the ACK runtime's resource
// manager, reshaped around a plan of explicit steps).
//
// The runtime (reconciler.h) owns everything that does not depend on the
// kind: finalizers, conditions, status writes, requeues, the deletion,
// adoption and read-only policies, the region, reference bookkeeping and the
// write-loop guard. A resource manager knows one kind: how to read the AWS
// resource, compare it with the spec, and make one change.
//
// One reconcile, as the runtime drives it:
//
//   ResolveReferences(copy of object)          -> referenced values in the copy
//   Observe(request)                           -> does it exist, what AWS has
//   not there:  Create(request)                -> the first observation
//   there:      Plan(request, observation)     -> ordered steps, none if synced
//               Apply(request, observation, plan.steps[0])   one step a time
//   deleting:   Delete(request, observation)   -> gone, or still going
//
// Contracts for implementations:
// - Objects are the custom resources as nlohmann::json, as the API server
//   serves them. A manager never writes to Kubernetes and never changes the
//   user's spec; it returns what belongs in status (and, on adoption, the
//   spec AWS has). Only Create, Apply and Delete write to AWS; Observe and
//   Plan only read (Plan may read, e.g. to canonicalise a key name), so
//   `tablekeeper plan` and read-only objects can call them safely.
// - Status fields a manager returns are the kind's own observed fields plus
//   ackResourceMetadata.arn (and ownerAccountID when known). The runtime owns
//   status.conditions and ackResourceMetadata.region.
// - Errors are tk::Status values; the runtime reads their code:
//     kInvalidArgument     Terminal: the spec cannot work as written. The
//                          message names the field and what to do. Retried
//                          only when the object changes (or at resync).
//     kThrottled           a quota or rate limit (LimitExceededException,
//                          throttling): a long, growing back-off, with the
//                          message on ACK.Recoverable.
//     kFailedPrecondition  the AWS resource is busy (a table UPDATING):
//                          a short requeue, no back-off growth.
//     anything else        Recoverable: the work queue's back-off.
// - Thread-safe: several workers call one manager at once, never for the same
//   object at once.
#pragma once

#include <any>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace tk::runtime {

// The kind a manager serves, as the API server names it.
struct ResourceKind {
  std::string group;    // "dynamodb.services.k8s.aws"
  std::string version;  // "v1alpha1"
  std::string kind;     // "Table"
  std::string plural;   // "tables"

  std::string ApiVersion() const { return group + "/" + version; }
};

// One reference from an object to another object (of any managed kind), as
// written in the spec: e.g. a Table's spec.sseSpecification.kmsMasterKeyRef.
struct ObjectReferenceField {
  std::string field;           // "spec.sseSpecification.kmsMasterKeyRef"
  std::string kind;            // "Key"
  std::string namespace_name;  // defaults to the referring object's namespace
  std::string name;
};

// Reads referenced objects from the controller's caches. Thread-safe.
class ReferenceLookup {
 public:
  virtual ~ReferenceLookup() = default;
  // The cached object of `kind` named `namespace_name`/`name`, or null.
  virtual std::shared_ptr<const nlohmann::json> Get(std::string_view kind, const std::string& namespace_name,
                                                     const std::string& name) const = 0;
};

// What a manager works on in one reconcile.
struct ReconcileRequest {
  // The object from the cache; in this copy, and only in it, references are
  // resolved (ResolveReferences wrote their values). Never written back.
  nlohmann::json object;
  // Where the AWS resource lives (status, annotation, namespace, flag).
  std::string region;
  // services.k8s.aws/adoption-fields, parsed (null when absent): how to find
  // an existing resource to adopt, e.g. {"keyID": "1234abcd-..."}.
  nlohmann::json adoption_fields;
};

// What Observe (and Create) found in AWS.
struct Observation {
  // False when AWS has no such resource (or it is gone or being deleted in a
  // way that counts as gone, such as a key pending deletion we scheduled).
  bool exists = false;
  // Merged into the object's status: the kind's observed fields and
  // ackResourceMetadata.arn. Fields absent here are left as they are.
  nlohmann::json status = nlohmann::json::object();
  // The spec as AWS has it, in the CRD's field names: what adoption fills the
  // unset spec fields with.
  nlohmann::json spec = nlohmann::json::object();
  // True while AWS is still settling a change (CREATING, UPDATING, an index
  // backfilling): Plan will wait rather than act.
  bool busy = false;
  // The manager's own record of what it read, handed back to Plan, Apply and
  // Delete. Opaque to the runtime.
  std::any details;
};

// One AWS write that moves the resource toward its spec.
struct PlanStep {
  std::string operation;            // "UpdateTable"
  std::vector<std::string> fields;  // spec fields it changes: "spec.sseSpecification"
  std::string description;          // for people: "switch SSE to key arn:..."
  // Equal for identical writes (operation and request): what the write-loop
  // guard counts.
  std::string fingerprint;
  // The request to send, in whatever form the manager's Apply wants.
  nlohmann::json request;
};

struct Plan {
  // In order; empty when the resource matches the spec (or must wait).
  std::vector<PlanStep> steps;
  // Set when the resource cannot be changed now (busy, or a step waits for
  // another): the reason, for the condition. Steps may still list what is to
  // come.
  std::string waiting_for;
  // When to look again while waiting or after a step; zero: the runtime's
  // default short requeue.
  std::chrono::milliseconds requeue_after{0};
  // Fields that differ and that the manager will not change (they are
  // reported on ACK.Advisory): e.g. an index whose key schema changed in a
  // way AWS forbids.
  std::vector<std::string> advisories;

  bool Synced() const { return steps.empty() && waiting_for.empty(); }
};

struct DeleteOutcome {
  bool gone = false;  // the AWS resource is gone (or scheduled for deletion)
  std::string waiting_for;  // when not gone: what deletion waits for
  std::chrono::milliseconds requeue_after{0};
};

class ResourceManager {
 public:
  virtual ~ResourceManager() = default;

  virtual const ResourceKind& kind() const = 0;

  // The references `object` makes (none by default). The runtime indexes
  // them, so a change to a referenced object re-queues its dependents, and
  // refuses cross-namespace ones unless they are allowed.
  virtual std::vector<ObjectReferenceField> ReferencesOf(const nlohmann::json& object) const {
    (void)object;
    return {};
  }

  // Writes the values of the references into `object` (a copy the runtime
  // owns). kFailedPrecondition when a referenced object is missing or not
  // usable yet (ACK.ReferencesResolved=False with the message; retried when
  // it changes); kInvalidArgument for a contradictory spec (both a reference
  // and a literal). Reads only the caches.
  virtual Status ResolveReferences(nlohmann::json& object, const ReferenceLookup& lookup) const {
    (void)object;
    (void)lookup;
    return {};
  }

  // Reads the AWS resource the request names.
  virtual Result<Observation> Observe(const ReconcileRequest& request) = 0;

  // Creates it; returns what AWS answered as a first observation.
  virtual Result<Observation> Create(const ReconcileRequest& request) = 0;

  // The steps that would bring `observed` to the request's spec. Reads only.
  virtual Result<Plan> PlanChanges(const ReconcileRequest& request, const Observation& observed) = 0;

  // Sends `step` (the first of the last plan); returns the status fields
  // that changed (may be empty).
  virtual Result<nlohmann::json> Apply(const ReconcileRequest& request, const Observation& observed,
                                       const PlanStep& step) = 0;

  // Deletes the AWS resource, or goes on deleting it.
  virtual Result<DeleteOutcome> Delete(const ReconcileRequest& request, const Observation& observed) = 0;
};

using ResourceManagerPtr = std::unique_ptr<ResourceManager>;

}  // namespace tk::runtime
