// ObjectWriter: every write the controller makes to its own custom
// resources, through the API server, for one kind: our finalizer, the status
// subresource, and the spec fields adoption fills in.
//
// Each write names the resourceVersion it was computed from, so it never
// overwrites a change it did not see; on 409 Conflict it reads the object
// again, re-applies its one change to the fresh copy and retries (a few
// times, then kConflict). A status write replaces only status (the status
// subresource ignores everything else), so it cannot clobber the spec.
//
// The finalizer is ACK's, "finalizers.<group>/<Kind>", so objects move
// between ACK and tablekeeper without losing it.
//
// Thread-safe (RestClient is).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "kube/rest_client.h"
#include "runtime/resource_manager.h"
#include "util/status.h"

namespace tk::runtime {

// ACK's finalizer for `kind`: "finalizers.dynamodb.services.k8s.aws/Table".
std::string FinalizerFor(const ResourceKind& kind);

// Whether `object` carries `finalizer`.
bool HasFinalizer(const nlohmann::json& object, const std::string& finalizer);

class ObjectWriter {
 public:
  // How many times a write is retried after a conflict.
  static constexpr int kConflictRetries = 5;

  // `client` must outlive the writer. `field_manager` names us in
  // managedFields.
  ObjectWriter(kube::RestClient& client, ResourceKind kind, std::string field_manager);

  // Adds our finalizer to `object` (no-op when present); the object as stored.
  Result<nlohmann::json> AddFinalizer(const nlohmann::json& object);
  // Removes it (no-op when absent or when the object is gone).
  Status RemoveFinalizer(const nlohmann::json& object);
  // Replaces status with `status`; the object as stored. kNotFound when the
  // object is gone.
  Result<nlohmann::json> WriteStatus(const nlohmann::json& object, const nlohmann::json& status);
  // Sets the spec fields of `spec_fields` that `object`'s spec does not set
  // (top-level fields; the user's values always win). The object as stored.
  Result<nlohmann::json> FillSpec(const nlohmann::json& object, const nlohmann::json& spec_fields);

  const std::string& finalizer() const { return finalizer_; }

 private:
  kube::ResourcePath PathOf(const nlohmann::json& object, std::string subresource = "") const;
  // Applies `change` to the latest copy of `object` and PUTs it (to
  // `subresource`), retrying on conflict. `change` returns false when there
  // is nothing to write, and the copy is returned as is.
  Result<nlohmann::json> UpdateWithRetry(const nlohmann::json& object, const std::string& subresource,
                                         const std::function<bool(nlohmann::json&)>& change);

  kube::RestClient& client_;
  const ResourceKind kind_;
  const std::string field_manager_;
  const std::string finalizer_;
};

}  // namespace tk::runtime
