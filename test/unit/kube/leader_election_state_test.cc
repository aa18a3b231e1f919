// LeaderElectionState step by step on a ManualClock, against FakeLeaseServer:
// when a lease is taken, left alone or renewed, how expiry is judged, what a
// lost race (409) does, and release.
#include "kube/leader_election_state.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lease_fake_server.h"

namespace tk::kube {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using testing::FakeLeaseServer;

const std::chrono::system_clock::time_point kWallStart =
    std::chrono::sys_days{std::chrono::year{2026} / 5 / 1} + 12h;
constexpr char kLease[] = "tablekeeper";

class LeaderElectionStateTest : public ::testing::Test {
 protected:
  // A record held by `holder`, renewed at the clock's wall time now.
  LeaderElectionRecord HeldBy(const std::string& holder, int32_t transitions = 0) {
    return {holder, 15, clock_.WallNow(), clock_.WallNow(), transitions};
  }
  std::chrono::system_clock::time_point MicroNow() const {
    return std::chrono::floor<std::chrono::microseconds>(clock_.WallNow());
  }

  ManualClock clock_{kWallStart};
  FakeLeaseServer server_;
  RestClient client_{FakeLeaseServer::Config(), clock_, server_.Transports()};
  LeaseLock lock_{client_, "tablekeeper-system", kLease};
  LeaderElectionState state_{lock_, "me", 15s, clock_};
};

TEST_F(LeaderElectionStateTest, CreatesAMissingLeaseAndHoldsIt) {
  const LeaderElectionAttempt attempt = state_.TryAcquireOrRenew();
  EXPECT_TRUE(attempt.leading);
  EXPECT_TRUE(attempt.error.ok()) << attempt.error.ToString();
  EXPECT_TRUE(state_.IsLeader());
  EXPECT_THAT(server_.Methods(), ElementsAre("GET", "POST"));
  const LeaderElectionRecord expected{"me", 15, MicroNow(), MicroNow(), 0};
  EXPECT_EQ(server_.Record(kLease), expected);
}

TEST_F(LeaderElectionStateTest, TakesAReleasedLeaseAtOnceCountingATransition) {
  server_.SetLease(kLease, {"", 1, clock_.WallNow(), clock_.WallNow(), 4});
  EXPECT_TRUE(state_.TryAcquireOrRenew().leading);
  EXPECT_EQ(server_.Record(kLease)->holder_identity, "me");
  EXPECT_EQ(server_.Record(kLease)->lease_duration_seconds, 15);
  EXPECT_EQ(server_.Record(kLease)->lease_transitions, 5);
}

TEST_F(LeaderElectionStateTest, LeavesALeaseHeldByAnotherUntilItExpires) {
  server_.SetLease(kLease, HeldBy("other", 2));
  LeaderElectionAttempt attempt = state_.TryAcquireOrRenew();
  EXPECT_FALSE(attempt.leading);
  EXPECT_TRUE(attempt.error.ok()) << "another holder is not an error";
  EXPECT_EQ(state_.ObservedHolder(), "other");
  EXPECT_FALSE(state_.IsLeader());

  clock_.Advance(15s - 1ms);  // valid while observed time + duration is after now
  EXPECT_FALSE(state_.TryAcquireOrRenew().leading);
  EXPECT_EQ(server_.Count("PUT"), 0u);

  clock_.Advance(1ms);  // exactly the duration: expired, as client-go's isLeaseValid
  attempt = state_.TryAcquireOrRenew();
  EXPECT_TRUE(attempt.leading);
  const LeaderElectionRecord taken = *server_.Record(kLease);
  EXPECT_EQ(taken.holder_identity, "me");
  EXPECT_EQ(taken.lease_transitions, 3);
  EXPECT_EQ(taken.acquire_time, MicroNow());
}

TEST_F(LeaderElectionStateTest, JudgesExpiryByWhenWeSawTheRecordChangeNotByItsTimes) {
  // The holder's renewTime is an hour old (a skewed clock, or a dead holder we
  // only now see): we still wait a full duration from our first look.
  server_.SetLease(kLease, {"other", 15, kWallStart - 1h, kWallStart - 1h, 0});
  EXPECT_FALSE(state_.TryAcquireOrRenew().leading);
  clock_.Advance(10s);
  EXPECT_FALSE(state_.TryAcquireOrRenew().leading);

  // The holder renews: the wait starts again from this change.
  server_.SetLease(kLease, {"other", 15, kWallStart - 1h, kWallStart - 1h + 1s, 0});
  clock_.Advance(10s);
  EXPECT_FALSE(state_.TryAcquireOrRenew().leading);
  clock_.Advance(10s);
  EXPECT_FALSE(state_.TryAcquireOrRenew().leading);  // 10 s after the change we saw
  clock_.Advance(6s);
  EXPECT_TRUE(state_.TryAcquireOrRenew().leading);   // 16 s after it
}

TEST_F(LeaderElectionStateTest, RenewsFromTheCopyInHandWithoutReading) {
  ASSERT_TRUE(state_.TryAcquireOrRenew().leading);
  const auto acquired = MicroNow();
  server_.ClearMethods();
  clock_.Advance(2s);
  EXPECT_TRUE(state_.TryAcquireOrRenew().leading);
  EXPECT_THAT(server_.Methods(), ElementsAre("PUT"));
  const LeaderElectionRecord renewed = *server_.Record(kLease);
  EXPECT_EQ(renewed.acquire_time, acquired);
  EXPECT_EQ(renewed.renew_time, MicroNow());
  EXPECT_EQ(renewed.lease_transitions, 0);
}

TEST_F(LeaderElectionStateTest, AConflictMeansAnotherCandidateWonTheRace) {
  server_.SetLease(kLease, {"", 1, clock_.WallNow(), clock_.WallNow(), 0});
  server_.BeforeNextWrite([&] { server_.SetLease(kLease, HeldBy("rival", 1)); });
  LeaderElectionAttempt attempt = state_.TryAcquireOrRenew();
  EXPECT_FALSE(attempt.leading);
  EXPECT_EQ(attempt.error.code(), Code::kConflict) << attempt.error.ToString();
  EXPECT_FALSE(state_.IsLeader());
  EXPECT_EQ(server_.Record(kLease)->holder_identity, "rival");

  attempt = state_.TryAcquireOrRenew();  // later: the rival holds a valid lease
  EXPECT_FALSE(attempt.leading);
  EXPECT_TRUE(attempt.error.ok());
  EXPECT_EQ(state_.ObservedHolder(), "rival");
}

TEST_F(LeaderElectionStateTest, ACreateRaceIsAlreadyExists) {
  server_.BeforeNextWrite([&] { server_.SetLease(kLease, HeldBy("rival")); });
  const LeaderElectionAttempt attempt = state_.TryAcquireOrRenew();
  EXPECT_FALSE(attempt.leading);
  EXPECT_EQ(attempt.error.code(), Code::kAlreadyExists);
  EXPECT_EQ(server_.Record(kLease)->holder_identity, "rival");
}

TEST_F(LeaderElectionStateTest, ALeaderThatWasOvertakenSeesTheNewHolder) {
  ASSERT_TRUE(state_.TryAcquireOrRenew().leading);
  server_.SetLease(kLease, HeldBy("rival", 1));
  server_.ClearMethods();
  clock_.Advance(2s);
  const LeaderElectionAttempt attempt = state_.TryAcquireOrRenew();
  EXPECT_FALSE(attempt.leading);
  EXPECT_TRUE(attempt.error.ok());
  EXPECT_THAT(server_.Methods(), ElementsAre("PUT", "GET"));  // fast path lost, then read
  EXPECT_FALSE(state_.IsLeader());
  EXPECT_EQ(state_.ObservedHolder(), "rival");
}

TEST_F(LeaderElectionStateTest, ReleaseFreesTheLeaseForTheNextCandidateAtOnce) {
  ASSERT_TRUE(state_.TryAcquireOrRenew().leading);
  ASSERT_TRUE(state_.Release().ok());
  EXPECT_FALSE(state_.IsLeader());
  const LeaderElectionRecord released = *server_.Record(kLease);
  EXPECT_EQ(released.holder_identity, "");
  EXPECT_EQ(released.lease_duration_seconds, 1);
  EXPECT_EQ(released.lease_transitions, 0);

  LeaseLock other_lock(client_, "tablekeeper-system", kLease);
  LeaderElectionState other(other_lock, "other", 15s, clock_);
  EXPECT_TRUE(other.TryAcquireOrRenew().leading);
  EXPECT_EQ(server_.Record(kLease)->holder_identity, "other");
  EXPECT_EQ(server_.Record(kLease)->lease_transitions, 1);
}

TEST_F(LeaderElectionStateTest, ReleaseWithoutHoldingSendsNothing) {
  server_.SetLease(kLease, HeldBy("other"));
  ASSERT_FALSE(state_.TryAcquireOrRenew().leading);
  server_.ClearMethods();
  EXPECT_TRUE(state_.Release().ok());
  EXPECT_TRUE(server_.Methods().empty());
  EXPECT_EQ(server_.Record(kLease)->holder_identity, "other");
}

TEST_F(LeaderElectionStateTest, ReleaseOfALeaseTakenMeanwhileIsAConflictAndLeavesIt) {
  ASSERT_TRUE(state_.TryAcquireOrRenew().leading);
  server_.SetLease(kLease, HeldBy("rival", 1));
  EXPECT_EQ(state_.Release().code(), Code::kConflict);
  EXPECT_EQ(server_.Record(kLease)->holder_identity, "rival");
}

TEST_F(LeaderElectionStateTest, ADeadlineBoundsEachRequestAndOncePassedSendsNothing) {
  ASSERT_TRUE(state_.TryAcquireOrRenew().leading);
  server_.ClearMethods();
  EXPECT_TRUE(state_.TryAcquireOrRenew(clock_.Now() + 3s).leading);
  EXPECT_THAT(server_.Timeouts(), ElementsAre(3s));

  server_.ClearMethods();
  const LeaderElectionAttempt late = state_.TryAcquireOrRenew(clock_.Now());
  EXPECT_FALSE(late.leading);
  EXPECT_EQ(late.error.code(), Code::kUnavailable);
  EXPECT_THAT(late.error.message(), ::testing::HasSubstr("renew deadline passed"));
  EXPECT_TRUE(server_.Methods().empty());
}

TEST_F(LeaderElectionStateTest, ServerErrorsAreReportedNotLeading) {
  server_.FailAll(403);
  const LeaderElectionAttempt attempt = state_.TryAcquireOrRenew();
  EXPECT_FALSE(attempt.leading);
  EXPECT_EQ(attempt.error.code(), Code::kPermissionDenied);
}

TEST_F(LeaderElectionStateTest, WritesTheLeaseDurationInWholeSecondsRoundedUp) {
  LeaderElectionState state(lock_, "me", 2500ms, clock_);
  EXPECT_EQ(state.lease_duration_seconds(), 3);
  ASSERT_TRUE(state.TryAcquireOrRenew().leading);
  EXPECT_EQ(server_.Record(kLease)->lease_duration_seconds, 3);
}

}  // namespace
}  // namespace tk::kube
