#include "kube/leader_election_state.h"

namespace tk::kube {
namespace {

int32_t CeilSeconds(std::chrono::milliseconds duration) {
  return static_cast<int32_t>(std::chrono::ceil<std::chrono::seconds>(duration).count());
}

}  // namespace

LeaderElectionState::LeaderElectionState(LeaseLock& lock, std::string identity,
                                         std::chrono::milliseconds lease_duration, Clock& clock)
    : lock_(lock),
      identity_(std::move(identity)),
      lease_duration_seconds_(CeilSeconds(lease_duration)),
      clock_(clock) {}

bool LeaderElectionState::IsLeader() const {
  return observed_ && observed_->holder_identity == identity_;
}

std::string LeaderElectionState::ObservedHolder() const {
  return observed_ ? observed_->holder_identity : std::string();
}

void LeaderElectionState::Observe(const LeaderElectionRecord& record, Clock::TimePoint now) {
  if (!observed_ || *observed_ != record) {
    observed_ = record;
    observed_time_ = now;
  }
}

bool LeaderElectionState::ObservedValid(Clock::TimePoint now) const {
  return observed_ && observed_time_ + std::chrono::seconds(observed_->lease_duration_seconds) > now;
}

std::optional<std::chrono::milliseconds> LeaderElectionState::TimeLeft(
    std::optional<Clock::TimePoint> deadline) const {
  if (!deadline) return std::chrono::milliseconds(0);
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - clock_.Now());
  if (left.count() <= 0) return std::nullopt;
  return left;
}

LeaderElectionAttempt LeaderElectionState::TryAcquireOrRenew(std::optional<Clock::TimePoint> deadline) {
  const Clock::TimePoint now = clock_.Now();
  const auto wall_now = clock_.WallNow();
  const Status too_late(Code::kUnavailable,
                        "lease " + lock_.Describe() + ": the renew deadline passed before the lease was written");
  LeaderElectionRecord desired;
  desired.holder_identity = identity_;
  desired.lease_duration_seconds = lease_duration_seconds_;
  desired.acquire_time = wall_now;
  desired.renew_time = wall_now;

  // Fast path: while leading, renew from the copy in hand without a read. Any
  // failure falls through to the full read-decide-write below.
  if (IsLeader() && ObservedValid(now)) {
    const auto timeout = TimeLeft(deadline);
    if (!timeout) return {false, too_late};
    LeaderElectionRecord renewal = desired;
    renewal.acquire_time = observed_->acquire_time;
    renewal.lease_transitions = observed_->lease_transitions;
    Result<LeaderElectionRecord> renewed = lock_.Update(renewal, *timeout);
    if (renewed.ok()) {
      Observe(*renewed, now);
      return {true, OkStatus()};
    }
  }

  auto timeout = TimeLeft(deadline);
  if (!timeout) return {false, too_late};
  Result<LeaderElectionRecord> current = lock_.Get(*timeout);
  if (!current.ok()) {
    if (current.status().code() != Code::kNotFound) return {false, current.status()};
    timeout = TimeLeft(deadline);
    if (!timeout) return {false, too_late};
    Result<LeaderElectionRecord> created = lock_.Create(desired, *timeout);
    if (!created.ok()) return {false, created.status()};
    Observe(*created, now);
    return {true, OkStatus()};
  }
  Observe(*current, now);
  if (!current->holder_identity.empty() && current->holder_identity != identity_ && ObservedValid(now)) {
    return {false, OkStatus()};
  }

  if (current->holder_identity == identity_) {
    desired.acquire_time = current->acquire_time;
    desired.lease_transitions = current->lease_transitions;
  } else {
    desired.lease_transitions = current->lease_transitions + 1;
  }
  timeout = TimeLeft(deadline);
  if (!timeout) return {false, too_late};
  Result<LeaderElectionRecord> written = lock_.Update(desired, *timeout);
  if (!written.ok()) return {false, written.status()};
  Observe(*written, now);
  return {true, OkStatus()};
}

Status LeaderElectionState::Release() {
  if (!IsLeader()) return OkStatus();
  const auto wall_now = clock_.WallNow();
  LeaderElectionRecord released;
  released.lease_duration_seconds = 1;
  released.acquire_time = wall_now;
  released.renew_time = wall_now;
  released.lease_transitions = observed_->lease_transitions;
  Result<LeaderElectionRecord> written = lock_.Update(released);
  if (!written.ok()) return written.status();
  Observe(*written, clock_.Now());
  return OkStatus();
}

}  // namespace tk::kube
