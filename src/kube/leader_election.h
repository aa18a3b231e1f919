// LeaderElector: leader election on a coordination.k8s.io/v1 Lease, with the
// semantics of client-go's tools/leaderelection as controller-runtime uses
// it, so that of several controller replicas exactly one works at a time.
//
//   candidate ──acquire (every retry_period, jittered)──▶ leader
//   leader ──renew every retry_period──▶ leader
//   leader ──no successful renewal for renew_deadline, or the lease seen
//            held by another identity──▶ lost: on_stopped_leading, thread ends
//   leader ──Stop()──▶ lease released (if release_on_cancel), thread ends
//
// The decisions (when the lease is free or expired, optimistic concurrency,
// leaseTransitions) are LeaderElectionState's (leader_election_state.h).
//
// Safety rests on the margins between the durations: a leader gives up once
// renew_deadline has passed since its last successful renewal (no renewal
// request is allowed to run past that point), while the others wait
// lease_duration after the last change they saw before taking over.
// lease_duration - renew_deadline must cover the difference in clock rate
// between hosts. Waits the RestClient itself makes (rate limit, Retry-After)
// are not bounded by the deadline: give the elector a RestClient of its own.
// Differences from client-go: the deadline counts from the last renewal (not
// from the first retry after it), and seeing another holder ends leadership
// at once instead of at the deadline; both end leadership earlier, never later.
//
// A lost leadership is final for this elector: like controller-runtime, the
// program is expected to exit in on_stopped_leading (its work may still be
// running and must not overlap the new leader's). Start a new elector to
// stand again.
//
// Threading: Start() runs the election on a thread of its own. The callbacks
// run on that thread, one at a time, and must return promptly (start work
// elsewhere): while a callback runs, nothing is renewed. IsLeader, Leader,
// LastError and GetStats are safe from any thread. Stop is safe from any
// thread, including from a callback (then it does not wait for the thread).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>

#include "kube/lease_lock.h"
#include "kube/leader_election_state.h"
#include "kube/rest_client.h"
#include "util/clock.h"
#include "util/status.h"

namespace tk::kube {

struct LeaderCallbacks {
  // This elector became the leader. Start the work here (on another thread).
  std::function<void()> on_started_leading;
  // Leadership was LOST: renewals failed for renew_deadline, or another
  // identity holds the lease. Not called on Stop(). Exit the process here.
  std::function<void()> on_stopped_leading;
  // The lease is observed held by `identity` (ourselves included), called
  // when that identity differs from the one reported before. Never called
  // with "" (a released lease).
  std::function<void(const std::string& identity)> on_new_leader;
};

struct LeaderElectionConfig {
  // REQUIRED: where the Lease lives (--leader-election-namespace) and its name.
  std::string lease_namespace;
  std::string lease_name;
  // Who we are in holderIdentity; unique per process. Default (empty):
  // DefaultLeaderIdentity().
  std::string identity;
  // How long others wait after the last change they saw before taking an
  // unrenewed lease; >= 1 s, written in whole seconds. Default: 15 s.
  std::chrono::milliseconds lease_duration{std::chrono::seconds(15)};
  // How long the leader keeps trying to renew before giving up; must be less
  // than lease_duration and more than 1.2 * retry_period (client-go's rule).
  // Default: 10 s.
  std::chrono::milliseconds renew_deadline{std::chrono::seconds(10)};
  // Between two attempts to renew; between two attempts to acquire, a random
  // duration in [retry_period, (1 + acquire_jitter) * retry_period). Default:
  // 2 s and 1.2, as client-go.
  std::chrono::milliseconds retry_period{std::chrono::seconds(2)};
  double acquire_jitter = 1.2;
  // Bound on each request to the API server (while leading, also the time
  // left before the renew deadline). Default (zero): half the renew deadline.
  std::chrono::milliseconds request_timeout{0};
  // On Stop(), give the lease up so another candidate takes it at once
  // instead of after lease_duration. Only safe if the work this elector
  // guarded has stopped first. Default: true.
  bool release_on_cancel = true;
  LeaderCallbacks callbacks;
  // Receives a line when the holder or our leadership changes, and when an
  // attempt fails with an error other than the previous one (lost races,
  // 409, are not logged). Default: stderr.
  std::function<void(std::string_view message)> log;
};

// "<hostname>_<random UUID>", as controller-runtime's default identity.
std::string DefaultLeaderIdentity();

class LeaderElector {
 public:
  struct Stats {
    uint64_t attempts = 0;         // TryAcquireOrRenew calls
    uint64_t failed_attempts = 0;  // ... that ended in an error, lost races (409) included
  };

  // Checks `config` (kInvalidArgument naming the field) and makes an elector
  // that acts as the identity of `client`. `client` and `clock` must outlive
  // it. Nothing is sent until Start().
  static Result<std::unique_ptr<LeaderElector>> New(RestClient& client, LeaderElectionConfig config,
                                                    Clock& clock = SystemClock());

  ~LeaderElector();  // Stop()
  LeaderElector(const LeaderElector&) = delete;
  LeaderElector& operator=(const LeaderElector&) = delete;

  // Starts standing for election on a new thread. At most once.
  void Start();

  // Ends the election; idempotent. A leader releases the lease first (if
  // release_on_cancel; one bounded request). Blocks until the thread has
  // ended, unless called from a callback. Stop takes effect within about
  // 50 ms of real time plus any request in flight.
  void Stop();

  // Whether this elector leads now: between on_started_leading and the loss
  // or the release.
  bool IsLeader() const;
  // The holder last observed; "" when unknown or released.
  std::string Leader() const;
  // The error of the last attempt; OK when it worked (or found another holder).
  Status LastError() const;
  Stats GetStats() const;
  const std::string& identity() const { return config_.identity; }

  // For tests on a ManualClock: blocks (real time, at most `timeout`) until
  // the election thread has begun its `count`-th wait between attempts, whose
  // deadline is then fixed, so that advancing the clock past it brings the
  // next attempt (within the 50 ms the wait takes to look again). False on
  // time-out.
  bool AwaitWaitsForTest(uint64_t count, std::chrono::milliseconds timeout);

 private:
  LeaderElector(RestClient& client, LeaderElectionConfig config, Clock& clock);

  void Run();
  // One TryAcquireOrRenew with bookkeeping (stats, errors, on_new_leader).
  LeaderElectionAttempt Attempt(std::optional<Clock::TimePoint> deadline = std::nullopt);
  // Waits `duration` on the clock; false if Stop() came first.
  bool Wait(Clock::Duration duration);
  Clock::Duration AcquireWait();
  void Log(std::string_view message) const;

  // Immutable after construction.
  const LeaderElectionConfig config_;
  Clock& clock_;

  // Owned by the election thread.
  LeaseLock lock_;
  LeaderElectionState state_;
  std::mt19937_64 random_;
  std::string reported_leader_;
  std::string last_logged_error_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;     // Stop() wakes Wait()
  std::condition_variable waiting_;  // Wait() began
  bool started_ = false;         // guarded by mutex_
  bool stopping_ = false;        // guarded by mutex_
  bool leading_ = false;         // guarded by mutex_
  std::string leader_;           // guarded by mutex_
  Status last_error_;            // guarded by mutex_
  Stats stats_;                  // guarded by mutex_
  std::thread::id run_thread_;   // guarded by mutex_; the election thread
  uint64_t waits_ = 0;           // guarded by mutex_; Wait() calls begun
  std::mutex join_mutex_;
  std::thread thread_;           // set by Start(); joined under join_mutex_
};

using LeaderElectorPtr = std::unique_ptr<LeaderElector>;

}  // namespace tk::kube
