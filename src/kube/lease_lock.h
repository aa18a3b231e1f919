// LeaseLock: the leader-election record of client-go, kept in the spec of a
// coordination.k8s.io/v1 Lease and read and written through a RestClient.
//
//   LeaderElectionRecord     Lease spec
//   holder_identity          holderIdentity      "" : nobody holds it (released)
//   lease_duration_seconds   leaseDurationSeconds
//   acquire_time             acquireTime         MicroTime
//   renew_time               renewTime           MicroTime
//   lease_transitions        leaseTransitions
//
// Writes are guarded by optimistic concurrency: Update sends the
// resourceVersion of the Lease as last read or written by this lock, so a
// writer that lost a race gets kConflict instead of overwriting the winner.
// The identity needs get, create and update on leases in the namespace
// (deploy/rbac/leader-election-role.yaml); nothing else.
//
// Not thread-safe: one LeaderElector thread owns a lock.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "kube/rest_client.h"

namespace tk::kube {

struct LeaderElectionRecord {
  std::string holder_identity;
  int32_t lease_duration_seconds = 0;
  std::optional<std::chrono::system_clock::time_point> acquire_time;
  std::optional<std::chrono::system_clock::time_point> renew_time;
  int32_t lease_transitions = 0;

  bool operator==(const LeaderElectionRecord&) const = default;
};

// The Lease spec holding `record` (times as MicroTime, to the microsecond).
nlohmann::json LeaseSpecFromRecord(const LeaderElectionRecord& record);

// The record in a Lease spec. Fields that are absent, null or of the wrong
// type read as empty; an unparsable time reads as none.
LeaderElectionRecord RecordFromLeaseSpec(const nlohmann::json& spec);

inline const GroupVersionResource kLeases{"coordination.k8s.io", "v1", "leases"};

class LeaseLock {
 public:
  // The Lease `name` in `namespace_name`. `client` must outlive the lock.
  // `request_timeout` bounds each call (zero: the client's default).
  LeaseLock(RestClient& client, std::string namespace_name, std::string name,
            std::chrono::milliseconds request_timeout = std::chrono::milliseconds(0));

  // Each call takes a `timeout` for its request; zero means the lock's
  // request_timeout. Errors name the lease.

  // Reads the Lease and remembers it for Update. kNotFound when there is no
  // Lease; otherwise the RestClient's errors (kPermissionDenied when the
  // identity may not read leases in the namespace).
  Result<LeaderElectionRecord> Get(std::chrono::milliseconds timeout = std::chrono::milliseconds(0));

  // Creates the Lease holding `record` and remembers it. kAlreadyExists when
  // another writer created it first.
  Result<LeaderElectionRecord> Create(const LeaderElectionRecord& record,
                                      std::chrono::milliseconds timeout = std::chrono::milliseconds(0));

  // Replaces the record in the Lease last read or written (its other fields
  // kept), provided the server's copy still has that resourceVersion; else
  // kConflict. Remembers the result. kFailedPrecondition when nothing was
  // read or written yet.
  Result<LeaderElectionRecord> Update(const LeaderElectionRecord& record,
                                      std::chrono::milliseconds timeout = std::chrono::milliseconds(0));

  // "namespace/name", for messages.
  std::string Describe() const;

 private:
  Result<LeaderElectionRecord> Remember(Result<nlohmann::json> lease);
  std::chrono::milliseconds Timeout(std::chrono::milliseconds timeout) const {
    return timeout.count() > 0 ? timeout : request_timeout_;
  }

  RestClient& client_;
  const ResourcePath path_;
  const std::chrono::milliseconds request_timeout_;
  std::optional<nlohmann::json> lease_;  // the Lease as last read or written
};

using LeaseLockPtr = std::unique_ptr<LeaseLock>;

}  // namespace tk::kube
