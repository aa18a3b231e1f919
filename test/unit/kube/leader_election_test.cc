// LeaderElector's thread on a ManualClock against FakeLeaseServer: the
// callbacks, renewal, losing leadership after the renew deadline or to
// another holder, release on Stop, and retries that do not spin. Each step
// waits for the election thread to be parked in a wait (AwaitWaitsForTest)
// before moving the clock, so the schedule is exact.
#include "kube/leader_election.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <regex>

#include "lease_fake_server.h"

namespace tk::kube {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::FakeLeaseServer;

const std::chrono::system_clock::time_point kWallStart =
    std::chrono::sys_days{std::chrono::year{2026} / 5 / 1} + 12h;
constexpr char kLease[] = "tablekeeper";
constexpr auto kRealTimeout = 5s;

// Waits (real time, bounded) until `condition` holds.
bool Eventually(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + kRealTimeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

class LeaderElectorTest : public ::testing::Test {
 protected:
  LeaderElectorTest() {
    config_.lease_namespace = "tablekeeper-system";
    config_.lease_name = kLease;
    config_.identity = "me";
    config_.acquire_jitter = 0;  // exact schedule
    config_.callbacks.on_started_leading = [this] { ++started_; };
    config_.callbacks.on_stopped_leading = [this] { ++stopped_; };
    config_.callbacks.on_new_leader = [this](const std::string& identity) {
      std::lock_guard lock(mutex_);
      new_leaders_.push_back(identity);
    };
    config_.log = [this](std::string_view line) {
      std::lock_guard lock(mutex_);
      log_.emplace_back(line);
    };
  }

  LeaderElector& Start() {
    Result<LeaderElectorPtr> elector = LeaderElector::New(client_, config_, clock_);
    EXPECT_TRUE(elector.ok()) << elector.status().ToString();
    elector_ = std::move(elector).value();
    elector_->Start();
    return *elector_;
  }
  // Lets the thread reach its `waits`-th wait, then moves the clock by `step`.
  void Step(uint64_t waits, std::chrono::milliseconds step) {
    ASSERT_TRUE(elector_->AwaitWaitsForTest(waits, kRealTimeout)) << "wait " << waits;
    clock_.Advance(step);
  }
  std::vector<std::string> NewLeaders() {
    std::lock_guard lock(mutex_);
    return new_leaders_;
  }
  std::vector<std::string> Log() {
    std::lock_guard lock(mutex_);
    return log_;
  }

  ManualClock clock_{kWallStart};
  FakeLeaseServer server_;
  RestClient client_{FakeLeaseServer::Config(), clock_, server_.Transports()};
  LeaderElectionConfig config_;
  std::atomic<int> started_{0};
  std::atomic<int> stopped_{0};
  std::mutex mutex_;
  std::vector<std::string> new_leaders_;
  std::vector<std::string> log_;
  LeaderElectorPtr elector_;
};

TEST(LeaderElectorConfigTest, RefusesInconsistentDurationsNamingTheField) {
  ManualClock clock;
  FakeLeaseServer server;
  RestClient client(FakeLeaseServer::Config(), clock, server.Transports());
  LeaderElectionConfig good;
  good.lease_namespace = "ns";
  good.lease_name = "l";
  ASSERT_TRUE(LeaderElector::New(client, good, clock).ok());

  auto error = [&](auto change) {
    LeaderElectionConfig config = good;
    change(config);
    return LeaderElector::New(client, config, clock).status();
  };
  EXPECT_THAT(error([](auto& c) { c.lease_namespace.clear(); }).message(), HasSubstr("lease_namespace"));
  EXPECT_THAT(error([](auto& c) { c.lease_name.clear(); }).message(), HasSubstr("lease_name"));
  EXPECT_THAT(error([](auto& c) { c.lease_duration = 500ms; }).message(), HasSubstr("lease_duration"));
  EXPECT_THAT(error([](auto& c) { c.renew_deadline = 15s; }).message(),
              HasSubstr("renew_deadline: 15000 ms must be less than lease_duration"));
  EXPECT_THAT(error([](auto& c) { c.retry_period = 9s; }).message(),
              HasSubstr("must be more than 1.2 times retry_period"));
  EXPECT_THAT(error([](auto& c) { c.retry_period = 0ms; }).message(), HasSubstr("retry_period"));
  EXPECT_EQ(error([](auto& c) { c.acquire_jitter = -1; }).code(), Code::kInvalidArgument);
  EXPECT_TRUE(error([](auto& c) {
                c.lease_duration = 3s;
                c.renew_deadline = 2s;
                c.retry_period = 500ms;
              }).ok());
}

TEST(LeaderElectorConfigTest, DefaultsFollowClientGo) {
  const LeaderElectionConfig config;
  EXPECT_EQ(config.lease_duration, 15s);
  EXPECT_EQ(config.renew_deadline, 10s);
  EXPECT_EQ(config.retry_period, 2s);
  EXPECT_TRUE(config.release_on_cancel);
  EXPECT_TRUE(std::regex_match(DefaultLeaderIdentity(),
                               std::regex(".+_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << DefaultLeaderIdentity();
  EXPECT_NE(DefaultLeaderIdentity(), DefaultLeaderIdentity());

  ManualClock clock;
  FakeLeaseServer server;
  RestClient client(FakeLeaseServer::Config(), clock, server.Transports());
  LeaderElectionConfig unnamed;
  unnamed.lease_namespace = "ns";
  unnamed.lease_name = "l";
  EXPECT_FALSE(LeaderElector::New(client, unnamed, clock).value()->identity().empty());
}

TEST_F(LeaderElectorTest, AcquiresAFreeLeaseThenRenewsEveryRetryPeriod) {
  LeaderElector& elector = Start();
  ASSERT_TRUE(elector.AwaitWaitsForTest(1, kRealTimeout));
  EXPECT_TRUE(elector.IsLeader());
  EXPECT_EQ(elector.Leader(), "me");
  EXPECT_EQ(started_, 1);
  EXPECT_THAT(NewLeaders(), ElementsAre("me"));
  EXPECT_THAT(server_.Methods(), ElementsAre("GET", "POST"));

  server_.ClearMethods();
  for (uint64_t wait = 1; wait <= 3; ++wait) Step(wait, 2s);
  ASSERT_TRUE(elector.AwaitWaitsForTest(4, kRealTimeout));
  EXPECT_THAT(server_.Methods(), ElementsAre("PUT", "PUT", "PUT"));
  EXPECT_EQ(server_.Record(kLease)->renew_time, clock_.WallNow());
  EXPECT_EQ(elector.GetStats().attempts, 4u);
  EXPECT_EQ(started_, 1);
  EXPECT_EQ(stopped_, 0);
}

TEST_F(LeaderElectorTest, WaitsForAHeldLeaseToExpireRetryingEachRetryPeriod) {
  server_.SetLease(kLease, {"other", 15, clock_.WallNow(), clock_.WallNow(), 0});
  LeaderElector& elector = Start();
  // Attempts at 0, 2, ..., 14 s find the lease valid; the one at 16 s takes it.
  for (uint64_t wait = 1; wait <= 8; ++wait) {
    ASSERT_TRUE(elector.AwaitWaitsForTest(wait, kRealTimeout));
    EXPECT_FALSE(elector.IsLeader()) << "wait " << wait;
    EXPECT_EQ(elector.Leader(), "other");
    clock_.Advance(2s);
  }
  ASSERT_TRUE(elector.AwaitWaitsForTest(9, kRealTimeout));  // the first wait to renew
  EXPECT_TRUE(elector.IsLeader());
  EXPECT_EQ(elector.GetStats().attempts, 9u);
  EXPECT_EQ(elector.GetStats().failed_attempts, 0u);
  EXPECT_EQ(server_.Record(kLease)->lease_transitions, 1);
  EXPECT_THAT(NewLeaders(), ElementsAre("other", "me"));
  EXPECT_EQ(started_, 1);
}

TEST_F(LeaderElectorTest, LosesLeadershipWhenRenewalsFailForTheRenewDeadline) {
  LeaderElector& elector = Start();
  ASSERT_TRUE(elector.AwaitWaitsForTest(1, kRealTimeout));
  ASSERT_TRUE(elector.IsLeader());
  server_.FailAll(503);
  // Renewals at 2, 4, 6, 8 s fail within the 10 s deadline: still leading.
  for (uint64_t wait = 1; wait <= 4; ++wait) {
    Step(wait, 2s);
    ASSERT_TRUE(elector.AwaitWaitsForTest(wait + 1, kRealTimeout));
    EXPECT_TRUE(elector.IsLeader()) << "after " << 2 * wait << " s";
    EXPECT_EQ(stopped_, 0);
  }
  EXPECT_EQ(elector.LastError().code(), Code::kUnavailable);
  clock_.Advance(2s);  // 10 s: the deadline has come, leadership is lost
  ASSERT_TRUE(Eventually([&] { return stopped_ == 1; }));
  EXPECT_FALSE(elector.IsLeader());
  EXPECT_EQ(elector.GetStats().failed_attempts, 4u);
  // One line for the repeated error, one for the loss.
  const std::vector<std::string> log = Log();
  EXPECT_EQ(std::count_if(log.begin(), log.end(),
                          [](const std::string& l) { return l.find("renewal failed") != std::string::npos; }),
            1);
  EXPECT_THAT(log.back(), HasSubstr("me lost the leadership: no renewal succeeded for 10000 ms"));

  // A lost election is over: no more attempts, and Stop() releases nothing.
  server_.Heal();
  server_.ClearMethods();
  elector.Stop();
  EXPECT_TRUE(server_.Methods().empty());
  EXPECT_EQ(stopped_, 1);
}

TEST_F(LeaderElectorTest, NoRenewalRequestRunsPastTheRenewDeadline) {
  LeaderElector& elector = Start();
  ASSERT_TRUE(elector.AwaitWaitsForTest(1, kRealTimeout));
  server_.FailAll(503);
  Step(1, 2s);
  ASSERT_TRUE(elector.AwaitWaitsForTest(2, kRealTimeout));
  server_.Heal();
  server_.ClearMethods();
  clock_.Advance(2s);
  ASSERT_TRUE(elector.AwaitWaitsForTest(3, kRealTimeout));
  EXPECT_TRUE(elector.IsLeader());
  // The renewal at 4 s had 6 s left of the 10 s deadline: that bounds its request.
  const std::vector<std::chrono::milliseconds> timeouts = server_.Timeouts();
  ASSERT_FALSE(timeouts.empty());
  EXPECT_EQ(timeouts.back(), 6s);
}

TEST_F(LeaderElectorTest, ARenewalThatRecoversBeforeTheDeadlineKeepsLeadership) {
  LeaderElector& elector = Start();
  ASSERT_TRUE(elector.AwaitWaitsForTest(1, kRealTimeout));
  server_.FailAll(503);
  for (uint64_t wait = 1; wait <= 3; ++wait) Step(wait, 2s);  // 2, 4, 6 s fail
  ASSERT_TRUE(elector.AwaitWaitsForTest(4, kRealTimeout));
  server_.Heal();
  for (uint64_t wait = 4; wait <= 10; ++wait) Step(wait, 2s);  // 8 s renews, within the deadline
  ASSERT_TRUE(elector.AwaitWaitsForTest(11, kRealTimeout));
  EXPECT_TRUE(elector.IsLeader());
  EXPECT_EQ(stopped_, 0);
  EXPECT_TRUE(elector.LastError().ok());
  EXPECT_THAT(Log().back(), HasSubstr("can be read and written again"));
}

TEST_F(LeaderElectorTest, LosesLeadershipAtOnceWhenAnotherHoldsTheLease) {
  LeaderElector& elector = Start();
  ASSERT_TRUE(elector.AwaitWaitsForTest(1, kRealTimeout));
  server_.SetLease(kLease, {"usurper", 15, clock_.WallNow(), clock_.WallNow(), 1});
  clock_.Advance(2s);
  ASSERT_TRUE(Eventually([&] { return stopped_ == 1; }));
  EXPECT_FALSE(elector.IsLeader());
  EXPECT_EQ(elector.Leader(), "usurper");
  EXPECT_THAT(NewLeaders(), ElementsAre("me", "usurper"));
  EXPECT_THAT(Log().back(), HasSubstr("lost the leadership: the lease is held by usurper"));
}

TEST_F(LeaderElectorTest, StopReleasesTheLeaseWithoutCallingOnStoppedLeading) {
  LeaderElector& elector = Start();
  ASSERT_TRUE(elector.AwaitWaitsForTest(1, kRealTimeout));
  const int32_t transitions = server_.Record(kLease)->lease_transitions;
  elector.Stop();
  EXPECT_FALSE(elector.IsLeader());
  EXPECT_EQ(stopped_, 0);
  const LeaderElectionRecord released = *server_.Record(kLease);
  EXPECT_EQ(released.holder_identity, "");
  EXPECT_EQ(released.lease_duration_seconds, 1);
  EXPECT_EQ(released.lease_transitions, transitions);
  EXPECT_THAT(Log().back(), HasSubstr("me released the lease"));
  elector.Stop();  // idempotent
}

TEST_F(LeaderElectorTest, StopWithoutReleaseOnCancelLeavesTheLeaseToExpire) {
  config_.release_on_cancel = false;
  LeaderElector& elector = Start();
  ASSERT_TRUE(elector.AwaitWaitsForTest(1, kRealTimeout));
  server_.ClearMethods();
  elector.Stop();
  EXPECT_TRUE(server_.Methods().empty());
  EXPECT_EQ(server_.Record(kLease)->holder_identity, "me");
}

TEST_F(LeaderElectorTest, StopWhileStandingSendsNothingMore) {
  server_.SetLease(kLease, {"other", 15, clock_.WallNow(), clock_.WallNow(), 0});
  LeaderElector& elector = Start();
  ASSERT_TRUE(elector.AwaitWaitsForTest(1, kRealTimeout));
  server_.ClearMethods();
  elector.Stop();
  EXPECT_TRUE(server_.Methods().empty());
  EXPECT_EQ(started_, 0);
  EXPECT_EQ(stopped_, 0);
}

TEST_F(LeaderElectorTest, StopFromACallbackDoesNotDeadlock) {
  config_.callbacks.on_started_leading = [this] {
    ++started_;
    elector_->Stop();
  };
  LeaderElector& elector = Start();
  ASSERT_TRUE(Eventually([&] { return server_.Record(kLease) && server_.Record(kLease)->holder_identity.empty(); }));
  elector.Stop();
  EXPECT_EQ(started_, 1);
  EXPECT_FALSE(elector.IsLeader());
}

TEST_F(LeaderElectorTest, PermissionErrorsAreRetriedEachRetryPeriodAndLoggedOnce) {
  server_.FailAll(403);
  LeaderElector& elector = Start();
  for (uint64_t wait = 1; wait <= 3; ++wait) Step(wait, 2s);
  ASSERT_TRUE(elector.AwaitWaitsForTest(4, kRealTimeout));
  EXPECT_EQ(elector.GetStats().attempts, 4u);  // one per retry period, no spinning
  EXPECT_EQ(server_.Methods().size(), 4u);
  EXPECT_EQ(elector.LastError().code(), Code::kPermissionDenied);
  EXPECT_FALSE(elector.IsLeader());
  const std::vector<std::string> log = Log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_THAT(log[0], HasSubstr("leader election: acquisition failed: permission_denied: lease tablekeeper-system/tablekeeper: "));
}

TEST_F(LeaderElectorTest, ALostRaceIsReportedButNotLoggedAsAFault) {
  server_.SetLease(kLease, {"", 1, clock_.WallNow(), clock_.WallNow(), 0});
  server_.BeforeNextWrite([&] {
    server_.SetLease(kLease, {"rival", 15, clock_.WallNow(), clock_.WallNow(), 1});
  });
  LeaderElector& elector = Start();
  ASSERT_TRUE(elector.AwaitWaitsForTest(1, kRealTimeout));
  EXPECT_EQ(elector.LastError().code(), Code::kConflict);
  EXPECT_EQ(elector.GetStats().failed_attempts, 1u);
  Step(1, 2s);
  ASSERT_TRUE(elector.AwaitWaitsForTest(2, kRealTimeout));
  EXPECT_TRUE(elector.LastError().ok());
  EXPECT_EQ(elector.Leader(), "rival");
  EXPECT_THAT(Log(), ElementsAre(HasSubstr("held by rival")));
}

TEST_F(LeaderElectorTest, AcquireRetriesAreJitteredBetweenOneAndTwoPointTwoRetryPeriods) {
  config_.acquire_jitter = 1.2;
  server_.SetLease(kLease, {"other", 15, clock_.WallNow(), clock_.WallNow(), 0});
  LeaderElector& elector = Start();
  ASSERT_TRUE(elector.AwaitWaitsForTest(1, kRealTimeout));
  clock_.Advance(1999ms);
  std::this_thread::sleep_for(150ms);  // three looks at the clock
  EXPECT_EQ(elector.GetStats().attempts, 1u);
  clock_.Advance(2401ms);  // 4.4 s: past the longest wait
  ASSERT_TRUE(elector.AwaitWaitsForTest(2, kRealTimeout));
  EXPECT_EQ(elector.GetStats().attempts, 2u);
}

TEST_F(LeaderElectorTest, TwoElectorsOnOneLeaseHaveOneLeader) {
  LeaderElector& first = Start();
  ASSERT_TRUE(first.AwaitWaitsForTest(1, kRealTimeout));
  LeaderElectionConfig second_config = config_;
  second_config.identity = "second";
  second_config.callbacks = {};
  LeaderElectorPtr second = LeaderElector::New(client_, second_config, clock_).value();
  second->Start();
  for (uint64_t wait = 1; wait <= 5; ++wait) {
    ASSERT_TRUE(first.AwaitWaitsForTest(wait, kRealTimeout));
    ASSERT_TRUE(second->AwaitWaitsForTest(wait, kRealTimeout));
    EXPECT_TRUE(first.IsLeader());
    EXPECT_FALSE(second->IsLeader());
    EXPECT_EQ(second->Leader(), "me");
    clock_.Advance(2s);
  }
  // The leader steps down cleanly: the other takes over on its next attempt.
  first.Stop();
  ASSERT_TRUE(second->AwaitWaitsForTest(6, kRealTimeout));
  clock_.Advance(2s);
  ASSERT_TRUE(Eventually([&] { return second->IsLeader(); }));
  EXPECT_EQ(server_.Record(kLease)->holder_identity, "second");
  EXPECT_EQ(server_.Record(kLease)->lease_transitions, 1);
}

}  // namespace
}  // namespace tk::kube
