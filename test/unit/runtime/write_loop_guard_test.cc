#include "runtime/write_loop_guard.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace tk::runtime {
namespace {

constexpr char kUid[] = "5f1c8d2a-uid";
constexpr char kUpdateSse[] = "UpdateTable:SSESpecification:alias/orders";

TEST(WriteLoopGuardTest, AllowsLimitIdenticalWritesThenRefuses) {
  WriteLoopGuard guard(3);
  EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse));
  EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse));
  EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse));
  EXPECT_EQ(guard.Count(kUid), 3);
  EXPECT_FALSE(guard.Allow(kUid, 1, kUpdateSse));
  // It stays refused, and a refusal is not counted.
  EXPECT_FALSE(guard.Allow(kUid, 1, kUpdateSse));
  EXPECT_EQ(guard.Count(kUid), 3);
}

TEST(WriteLoopGuardTest, TheDefaultLimitIsTwo) {
  WriteLoopGuard guard;
  EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse));
  EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse));
  EXPECT_FALSE(guard.Allow(kUid, 1, kUpdateSse));
}

TEST(WriteLoopGuardTest, ALimitBelowOneMeansOne) {
  for (int limit : {0, -3}) {
    WriteLoopGuard guard(limit);
    EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse)) << "limit " << limit;
    EXPECT_FALSE(guard.Allow(kUid, 1, kUpdateSse)) << "limit " << limit;
  }
}

TEST(WriteLoopGuardTest, ANewGenerationStartsTheCountOver) {
  WriteLoopGuard guard(2);
  EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse));
  EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse));
  EXPECT_FALSE(guard.Allow(kUid, 1, kUpdateSse));
  // The user edited the spec: the same write may go again, `limit` times.
  EXPECT_TRUE(guard.Allow(kUid, 2, kUpdateSse));
  EXPECT_EQ(guard.Count(kUid), 1);
  EXPECT_TRUE(guard.Allow(kUid, 2, kUpdateSse));
  EXPECT_FALSE(guard.Allow(kUid, 2, kUpdateSse));
}

TEST(WriteLoopGuardTest, ADifferentWriteStartsTheCountOver) {
  WriteLoopGuard guard(2);
  EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse));
  EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse));
  EXPECT_FALSE(guard.Allow(kUid, 1, kUpdateSse));
  EXPECT_TRUE(guard.Allow(kUid, 1, "UpdateTable:BillingMode:PAY_PER_REQUEST"));
  EXPECT_EQ(guard.Count(kUid), 1);
  // Only consecutive identical writes count: the earlier one starts at one.
  EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse));
  EXPECT_EQ(guard.Count(kUid), 1);
}

TEST(WriteLoopGuardTest, ResetForgetsTheObject) {
  WriteLoopGuard guard(2);
  EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse));
  EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse));
  guard.Reset(kUid);
  EXPECT_EQ(guard.Count(kUid), 0);
  EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse));
  EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse));
  EXPECT_FALSE(guard.Allow(kUid, 1, kUpdateSse));
  guard.Reset("never-seen");  // harmless
}

TEST(WriteLoopGuardTest, UncountGivesBackAWriteThatDidNotHappen) {
  WriteLoopGuard guard(2);
  EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse));
  EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse));
  guard.Uncount(kUid);  // AWS refused the second one
  EXPECT_EQ(guard.Count(kUid), 1);
  EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse));
  EXPECT_FALSE(guard.Allow(kUid, 1, kUpdateSse));
}

TEST(WriteLoopGuardTest, FailedWritesNeverAddUp) {
  WriteLoopGuard guard(2);
  for (int attempt = 0; attempt < 10; ++attempt) {
    ASSERT_TRUE(guard.Allow(kUid, 1, kUpdateSse)) << "attempt " << attempt;
    guard.Uncount(kUid);
  }
  EXPECT_EQ(guard.Count(kUid), 0);
}

TEST(WriteLoopGuardTest, UncountNeverGoesBelowZero) {
  WriteLoopGuard guard(1);
  guard.Uncount(kUid);  // nothing counted yet
  guard.Uncount("never-seen");
  EXPECT_EQ(guard.Count(kUid), 0);
  EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse));
  guard.Uncount(kUid);
  guard.Uncount(kUid);
  EXPECT_EQ(guard.Count(kUid), 0);
  EXPECT_TRUE(guard.Allow(kUid, 1, kUpdateSse));
  EXPECT_FALSE(guard.Allow(kUid, 1, kUpdateSse));
}

TEST(WriteLoopGuardTest, CountsEachObjectOnItsOwn) {
  WriteLoopGuard guard(1);
  EXPECT_TRUE(guard.Allow("a", 1, kUpdateSse));
  EXPECT_FALSE(guard.Allow("a", 1, kUpdateSse));
  EXPECT_TRUE(guard.Allow("b", 1, kUpdateSse));
  EXPECT_EQ(guard.Count("a"), 1);
  EXPECT_EQ(guard.Count("b"), 1);
  EXPECT_EQ(guard.Count("c"), 0);
}

TEST(WriteLoopGuardTest, ConcurrentCallersTogetherGetExactlyTheLimit) {
  constexpr int kLimit = 5;
  constexpr int kThreads = 8;
  constexpr int kTriesEach = 50;
  WriteLoopGuard guard(kLimit);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kTriesEach; ++i) {
        if (guard.Allow(kUid, 7, kUpdateSse)) ++allowed;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), kLimit);
  EXPECT_EQ(guard.Count(kUid), kLimit);
}

}  // namespace
}  // namespace tk::runtime
