// LeaderElectionState: the decisions of client-go's leader election, one
// attempt at a time, with no thread and no waiting. LeaderElector
// (leader_election.h) runs it on a schedule; tests drive it step by step.
//
// Each attempt reads the Lease (or, while leading, first tries a renewal
// straight from the copy in hand, saving the read) and then:
//   - no Lease: create it, holding it;
//   - held by another identity and not expired: leave it, report its holder;
//   - free (holderIdentity ""), expired, or ours: write ourselves as holder
//     with a fresh renewTime, under the resourceVersion just read. A conflict
//     (409) means another candidate wrote first: not leading, try later.
//
// Expiry is judged on OUR clock, never the holder's: the time of the last
// observed CHANGE of the record (any field) plus the record's
// leaseDurationSeconds. A record first seen now counts as changed now, so a
// candidate that starts next to a dead holder waits one lease duration.
//
// leaseTransitions grows by one whenever we take the lease from a record that
// was not ours (another holder, or released), as client-go counts it.
//
// Not thread-safe: one thread owns it (LeaderElector's).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "kube/lease_lock.h"
#include "util/clock.h"
#include "util/status.h"

namespace tk::kube {

struct LeaderElectionAttempt {
  // We hold the lease, acquired or renewed by this attempt.
  bool leading = false;
  // Why the lease could not be read or written (a 409 is kConflict, RBAC
  // kPermissionDenied). OK when the attempt worked but found the lease held
  // by another identity.
  Status error;
};

class LeaderElectionState {
 public:
  // `lock` and `clock` must outlive this object. REQUIRES: identity is not
  // empty, lease_duration >= 1 s (written as whole seconds, rounded up).
  LeaderElectionState(LeaseLock& lock, std::string identity, std::chrono::milliseconds lease_duration,
                      Clock& clock);

  // One attempt to acquire the lease or renew it; blocks for its requests.
  // With a `deadline` (a renewal must succeed by then), no request runs past
  // it: each is given the time left as its timeout, and once none is left
  // the attempt ends with kUnavailable. Without one, the lock's request
  // timeout bounds each request.
  LeaderElectionAttempt TryAcquireOrRenew(std::optional<Clock::TimePoint> deadline = std::nullopt);

  // Gives the lease up if the last observed record is ours: holderIdentity
  // "" and leaseDurationSeconds 1 (client-go's ReleaseOnCancel), so a waiting
  // candidate takes it on its next attempt. Guarded by the resourceVersion of
  // our last write: if the record changed since, it is not ours to release
  // (kConflict). OK and no request when not holding.
  Status Release();

  // Whether the last observed record names us as holder. After failed
  // renewals it still does: the caller judges the renew deadline.
  bool IsLeader() const;

  // The holder of the last observed record; "" when none or released.
  std::string ObservedHolder() const;

  const std::string& identity() const { return identity_; }
  int32_t lease_duration_seconds() const { return lease_duration_seconds_; }

 private:
  // Records what was read or written at `now`; the observed time moves only
  // when the record differs from the one observed before.
  void Observe(const LeaderElectionRecord& record, Clock::TimePoint now);
  // The observed record has not expired at `now`.
  bool ObservedValid(Clock::TimePoint now) const;
  // The timeout for the next request before `deadline`: 0 (the lock's) with
  // no deadline; nullopt when the deadline has passed.
  std::optional<std::chrono::milliseconds> TimeLeft(std::optional<Clock::TimePoint> deadline) const;

  LeaseLock& lock_;
  const std::string identity_;
  const int32_t lease_duration_seconds_;
  Clock& clock_;
  std::optional<LeaderElectionRecord> observed_;
  Clock::TimePoint observed_time_{};
};

}  // namespace tk::kube
