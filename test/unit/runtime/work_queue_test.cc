#include "runtime/work_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bounded_waits.h"

namespace tk::runtime {
namespace {

using testing::BlockingCall;
using testing::GetReady;
using testing::kStaysBlocked;

using MaybeKey = std::optional<ObjectKey>;

TEST(WorkQueueTest, HandsOutKeysOldestFirst) {
  WorkQueue queue;
  queue.Add("Table/shop/c");
  queue.Add("Table/shop/a");
  queue.Add("Table/shop/b");
  EXPECT_EQ(GetReady(queue), "Table/shop/c");
  EXPECT_EQ(GetReady(queue), "Table/shop/a");
  EXPECT_EQ(GetReady(queue), "Table/shop/b");
}

TEST(WorkQueueTest, AddsOfAWaitingKeyCoalesce) {
  WorkQueue queue;
  queue.Add("a");
  queue.Add("b");
  queue.Add("a");
  queue.Add("a");
  EXPECT_EQ(queue.Len(), 2u);
  EXPECT_EQ(GetReady(queue), "a");
  EXPECT_EQ(GetReady(queue), "b");
  EXPECT_EQ(queue.Len(), 0u);
  queue.Done("a");
  queue.Done("b");
  EXPECT_EQ(queue.Len(), 0u);  // the extra adds left nothing behind
}

TEST(WorkQueueTest, KeyAddedWhileHeldWaitsForDoneThenRunsOnce) {
  WorkQueue queue;
  queue.Add("a");
  ASSERT_EQ(GetReady(queue), "a");
  queue.Add("a");
  queue.Add("a");
  EXPECT_EQ(queue.Len(), 0u);  // not handed to a second worker
  queue.Add("b");
  EXPECT_EQ(GetReady(queue), "b");  // the next Get skips the held key
  queue.Done("a");
  EXPECT_EQ(queue.Len(), 1u);  // both adds became one more turn
  EXPECT_EQ(GetReady(queue), "a");
  queue.Done("a");
  EXPECT_EQ(queue.Len(), 0u);
}

TEST(WorkQueueTest, KeyRequeuedAtDoneGoesToTheBack) {
  WorkQueue queue;
  queue.Add("a");
  queue.Add("b");
  ASSERT_EQ(GetReady(queue), "a");
  queue.Add("a");
  queue.Add("c");
  queue.Done("a");
  EXPECT_EQ(GetReady(queue), "b");
  EXPECT_EQ(GetReady(queue), "c");
  EXPECT_EQ(GetReady(queue), "a");
}

TEST(WorkQueueTest, DoneForAKeyNobodyHoldsIsIgnored) {
  WorkQueue queue;
  queue.Done("never-added");
  queue.Add("a");
  queue.Done("a");  // queued, not held
  EXPECT_EQ(queue.Len(), 1u);
  EXPECT_EQ(GetReady(queue), "a");
  EXPECT_EQ(queue.Len(), 0u);
}

TEST(WorkQueueTest, GetBlocksUntilAKeyIsAdded) {
  WorkQueue queue;
  BlockingCall<MaybeKey> get("Get", [&] { return queue.Get(); });
  EXPECT_FALSE(get.ReturnsWithin(kStaysBlocked));
  queue.Add("a");
  EXPECT_EQ(get.Result(), "a");
}

TEST(WorkQueueTest, ShutDownReleasesEveryWaitingGet) {
  WorkQueue queue;
  BlockingCall<MaybeKey> first("first Get", [&] { return queue.Get(); });
  BlockingCall<MaybeKey> second("second Get", [&] { return queue.Get(); });
  EXPECT_FALSE(first.ReturnsWithin(kStaysBlocked));
  EXPECT_FALSE(queue.ShuttingDown());
  queue.ShutDown();
  EXPECT_TRUE(queue.ShuttingDown());
  EXPECT_EQ(first.Result(), std::nullopt);
  EXPECT_EQ(second.Result(), std::nullopt);
}

TEST(WorkQueueTest, AfterShutDownNothingIsHandedOutAndAddsAreIgnored) {
  WorkQueue queue;
  queue.Add("a");
  queue.ShutDown();
  queue.ShutDown();  // idempotent
  EXPECT_EQ(queue.Len(), 0u);
  EXPECT_EQ(GetReady(queue), std::nullopt);
  queue.Add("b");
  EXPECT_EQ(queue.Len(), 0u);
  EXPECT_EQ(GetReady(queue), std::nullopt);
}

TEST(WorkQueueTest, ShutDownWithDrainWaitsForHeldKeys) {
  WorkQueue queue;
  queue.Add("a");
  queue.Add("b");
  ASSERT_EQ(GetReady(queue), "a");
  ASSERT_EQ(GetReady(queue), "b");
  queue.Add("a");  // re-added while held: must not be handed out after shutdown
  BlockingCall<void> drain("ShutDownWithDrain", [&] { queue.ShutDownWithDrain(); });
  ASSERT_TRUE(testing::Eventually([&] { return queue.ShuttingDown(); }));
  EXPECT_EQ(GetReady(queue), std::nullopt);
  EXPECT_FALSE(drain.ReturnsWithin(kStaysBlocked));
  queue.Done("a");
  EXPECT_FALSE(drain.ReturnsWithin(kStaysBlocked));
  EXPECT_EQ(GetReady(queue), std::nullopt);
  queue.Done("b");
  EXPECT_TRUE(drain.ReturnsWithin(testing::kHangLimit));
}

TEST(WorkQueueTest, ShutDownWithDrainReturnsAtOnceWhenNothingIsHeld) {
  WorkQueue queue;
  queue.Add("a");
  BlockingCall<void> drain("ShutDownWithDrain", [&] { queue.ShutDownWithDrain(); });
  EXPECT_TRUE(drain.ReturnsWithin(testing::kHangLimit));
  EXPECT_EQ(GetReady(queue), std::nullopt);
}

// Many producers add few keys while many workers process them. Fails if a key
// is ever held by two workers at once, or if some add is not followed by a
// turn of its key.
TEST(WorkQueueStressTest, NeverHandsOneKeyToTwoWorkersAndLosesNoAdd) {
  constexpr int kKeys = 4;
  constexpr int kWorkers = 8;
  constexpr int kProducers = 4;
  constexpr int kAddsPerProducer = 5000;

  WorkQueue queue;
  const auto key_of = [](int i) { return "Table/ns/t" + std::to_string(i); };
  const auto index_of = [](const ObjectKey& key) { return key.back() - '0'; };

  std::array<std::atomic<int>, kKeys> holders{};  // workers holding each key now
  std::array<std::atomic<int>, kKeys> adds{};     // bumped just before each Add
  std::atomic<int> overlaps = 0;
  std::atomic<int> turns = 0;
  std::mutex mutex;
  std::condition_variable progressed;
  std::array<int, kKeys> adds_seen{};  // guarded by mutex: the highest `adds`
                                       // value a turn of the key started after

  std::vector<std::unique_ptr<BlockingCall<void>>> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.push_back(std::make_unique<BlockingCall<void>>("worker", [&] {
      while (MaybeKey key = queue.Get()) {
        const auto i = static_cast<std::size_t>(index_of(*key));
        const int seen = adds[i].load();
        if (holders[i].fetch_add(1) != 0) ++overlaps;
        std::this_thread::yield();  // widen the window a second holder would need
        holders[i].fetch_sub(1);
        ++turns;
        {
          std::lock_guard lock(mutex);
          adds_seen[i] = std::max(adds_seen[i], seen);
        }
        progressed.notify_all();
        queue.Done(*key);
      }
    }));
  }
  {
    std::vector<std::unique_ptr<BlockingCall<void>>> producers;
    for (int p = 0; p < kProducers; ++p) {
      producers.push_back(std::make_unique<BlockingCall<void>>("producer", [&, p] {
        for (int n = 0; n < kAddsPerProducer; ++n) {
          const int i = (n + p) % kKeys;
          ++adds[static_cast<std::size_t>(i)];
          queue.Add(key_of(i));
        }
      }));
    }
  }  // producers joined

  {
    std::unique_lock lock(mutex);
    const bool caught_up = progressed.wait_for(lock, testing::kHangLimit, [&] {
      for (std::size_t i = 0; i < kKeys; ++i) {
        if (adds_seen[i] != adds[i].load()) return false;
      }
      return true;
    });
    EXPECT_TRUE(caught_up) << "some key was added and never processed again";
  }
  queue.ShutDown();
  workers.clear();  // each worker's Get returned nullopt

  EXPECT_EQ(overlaps.load(), 0) << "a key was held by two workers at once";
  EXPECT_GE(turns.load(), kKeys);
  EXPECT_LE(turns.load(), kProducers * kAddsPerProducer);
}

}  // namespace
}  // namespace tk::runtime
