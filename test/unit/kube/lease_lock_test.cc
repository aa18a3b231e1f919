// LeaseLock against FakeLeaseServer: the record <-> Lease spec mapping and the
// optimistic concurrency of its writes. The real API server is in
// test/integration/kube/leader_election_test.cc.
#include "kube/lease_lock.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lease_fake_server.h"

namespace tk::kube {
namespace {

using nlohmann::json;
using std::chrono::sys_days;
using namespace std::chrono_literals;
using testing::FakeLeaseServer;

const std::chrono::system_clock::time_point kNoon =
    sys_days{std::chrono::year{2026} / 5 / 1} + 12h + 123456us;

TEST(LeaseSpecTest, WritesTheRecordAsALeaseSpecWithMicroTimes) {
  LeaderElectionRecord record{"a_1", 15, kNoon, kNoon + 2s, 3};
  EXPECT_EQ(LeaseSpecFromRecord(record), json::parse(R"({
      "holderIdentity": "a_1", "leaseDurationSeconds": 15, "leaseTransitions": 3,
      "acquireTime": "2026-05-01T12:00:00.123456Z", "renewTime": "2026-05-01T12:00:02.123456Z"})"));
  EXPECT_EQ(RecordFromLeaseSpec(LeaseSpecFromRecord(record)), record);
}

TEST(LeaseSpecTest, ReadsAbsentNullAndMistypedFieldsAsEmpty) {
  EXPECT_EQ(RecordFromLeaseSpec(json::object()), LeaderElectionRecord{});
  EXPECT_EQ(RecordFromLeaseSpec(json()), LeaderElectionRecord{});
  const LeaderElectionRecord record = RecordFromLeaseSpec(json::parse(R"({
      "holderIdentity": null, "leaseDurationSeconds": "15", "renewTime": "yesterday",
      "acquireTime": "2026-05-01T12:00:00Z", "leaseTransitions": 99999999999})"));
  EXPECT_EQ(record.holder_identity, "");
  EXPECT_EQ(record.lease_duration_seconds, 0);
  EXPECT_EQ(record.renew_time, std::nullopt);
  EXPECT_EQ(record.acquire_time, sys_days{std::chrono::year{2026} / 5 / 1} + 12h);
  EXPECT_EQ(record.lease_transitions, std::numeric_limits<int32_t>::max());
}

class LeaseLockTest : public ::testing::Test {
 protected:
  ManualClock clock_;
  FakeLeaseServer server_;
  RestClient client_{FakeLeaseServer::Config(), clock_, server_.Transports()};
  LeaseLock lock_{client_, "tablekeeper-system", "tablekeeper"};
};

TEST_F(LeaseLockTest, GetOfAMissingLeaseIsNotFoundNamingTheLease) {
  const Status status = lock_.Get().status();
  EXPECT_EQ(status.code(), Code::kNotFound);
  EXPECT_THAT(status.message(), ::testing::StartsWith("lease tablekeeper-system/tablekeeper: "));
  EXPECT_EQ(lock_.Describe(), "tablekeeper-system/tablekeeper");
}

TEST_F(LeaseLockTest, CreatesGetsAndUpdates) {
  const LeaderElectionRecord mine{"me", 15, kNoon, kNoon, 0};
  Result<LeaderElectionRecord> created = lock_.Create(mine);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(*created, mine);
  EXPECT_EQ(server_.Record("tablekeeper"), mine);

  LeaderElectionRecord renewed = mine;
  renewed.renew_time = kNoon + 2s;
  Result<LeaderElectionRecord> updated = lock_.Update(renewed);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(server_.Record("tablekeeper"), renewed);
  EXPECT_EQ(lock_.Get().value(), renewed);
}

TEST_F(LeaseLockTest, CreateOfAnExistingLeaseIsAlreadyExists) {
  server_.SetLease("tablekeeper", {"other", 15, kNoon, kNoon, 0});
  EXPECT_EQ(lock_.Create({"me", 15, kNoon, kNoon, 0}).status().code(), Code::kAlreadyExists);
}

TEST_F(LeaseLockTest, UpdateAfterAnotherWriterIsAConflict) {
  ASSERT_TRUE(lock_.Create({"me", 15, kNoon, kNoon, 0}).ok());
  server_.SetLease("tablekeeper", {"other", 15, kNoon, kNoon, 1});
  EXPECT_EQ(lock_.Update({"me", 15, kNoon, kNoon + 2s, 0}).status().code(), Code::kConflict);
  EXPECT_EQ(server_.Record("tablekeeper")->holder_identity, "other");
}

TEST_F(LeaseLockTest, UpdateBeforeAnyReadIsRefusedWithoutARequest) {
  EXPECT_EQ(lock_.Update({"me", 15, kNoon, kNoon, 0}).status().code(), Code::kFailedPrecondition);
  EXPECT_TRUE(server_.Methods().empty());
}

}  // namespace
}  // namespace tk::kube
