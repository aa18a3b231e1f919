#include "runtime/delaying_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>

#include "bounded_waits.h"
#include "util/clock.h"

namespace tk::runtime {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::BlockingCall;
using testing::GetReady;
using MaybeKey = std::optional<ObjectKey>;

class DelayingQueueTest : public ::testing::Test {
 protected:
  // Moves the test clock and lets the queue act on it.
  void Advance(Clock::Duration by) {
    clock_.Advance(by);
    queue_.AddDueKeysForTest();
  }

  ManualClock clock_;
  DelayingQueue queue_{clock_};
};

TEST_F(DelayingQueueTest, AddsTheKeyWhenItsDelayHasPassedOnTheClock) {
  queue_.AddAfter("a", seconds(10));
  Advance(seconds(0));
  EXPECT_EQ(queue_.Len(), 0u);
  Advance(seconds(9));
  EXPECT_EQ(queue_.Len(), 0u);
  Advance(seconds(1));
  EXPECT_EQ(queue_.Len(), 1u);
  EXPECT_EQ(GetReady(queue_), "a");
}

TEST_F(DelayingQueueTest, DueKeysAreAddedInDeadlineOrderTiesInParkingOrder) {
  queue_.AddAfter("c", seconds(3));
  queue_.AddAfter("a", seconds(1));
  queue_.AddAfter("b", seconds(2));
  queue_.AddAfter("d", seconds(2));
  Advance(seconds(3));
  EXPECT_EQ(GetReady(queue_), "a");
  EXPECT_EQ(GetReady(queue_), "b");
  EXPECT_EQ(GetReady(queue_), "d");
  EXPECT_EQ(GetReady(queue_), "c");
}

TEST_F(DelayingQueueTest, AnEarlierDeadlineReplacesALaterOne) {
  queue_.AddAfter("a", seconds(10));
  queue_.AddAfter("a", seconds(1));
  Advance(seconds(1));
  ASSERT_EQ(GetReady(queue_), "a");
  queue_.Done("a");
  Advance(seconds(9));
  EXPECT_EQ(queue_.Len(), 0u);  // the ten-second deadline is gone, not kept as well
}

TEST_F(DelayingQueueTest, ALaterDeadlineDoesNotPushAParkedKeyBack) {
  queue_.AddAfter("a", seconds(1));
  queue_.AddAfter("a", seconds(10));
  Advance(seconds(1));
  EXPECT_EQ(queue_.Len(), 1u);
}

TEST_F(DelayingQueueTest, ANonPositiveDelayAddsAtOnce) {
  queue_.AddAfter("a", Clock::Duration::zero());
  queue_.AddAfter("b", seconds(-1));
  EXPECT_EQ(GetReady(queue_), "a");
  EXPECT_EQ(GetReady(queue_), "b");
}

TEST_F(DelayingQueueTest, ADueKeyThatIsAlreadyWaitingCoalesces) {
  queue_.Add("a");
  queue_.AddAfter("a", seconds(1));
  Advance(seconds(1));
  EXPECT_EQ(queue_.Len(), 1u);
}

TEST_F(DelayingQueueTest, AnAbsurdDelaySaturatesInsteadOfOverflowing) {
  Advance(seconds(1));
  queue_.AddAfter("a", Clock::Duration::max());
  Advance(seconds(1000));
  EXPECT_EQ(queue_.Len(), 0u);
}

TEST_F(DelayingQueueTest, ShutDownDropsParkedKeysAndIgnoresLaterOnes) {
  queue_.AddAfter("a", seconds(1));
  queue_.ShutDown();
  queue_.AddAfter("b", seconds(1));
  queue_.AddAfter("c", Clock::Duration::zero());
  Advance(seconds(2));
  EXPECT_EQ(queue_.Len(), 0u);
  EXPECT_EQ(GetReady(queue_), std::nullopt);
}

TEST_F(DelayingQueueTest, ShutDownWithDrainAlsoStopsDelayedAdds) {
  queue_.Add("held");
  ASSERT_EQ(GetReady(queue_), "held");
  queue_.AddAfter("a", seconds(1));
  BlockingCall<void> drain("ShutDownWithDrain", [&] { queue_.ShutDownWithDrain(); });
  ASSERT_TRUE(testing::Eventually([&] { return queue_.ShuttingDown(); }));
  Advance(seconds(2));
  EXPECT_EQ(queue_.Len(), 0u);
  EXPECT_FALSE(drain.ReturnsWithin(testing::kStaysBlocked));
  queue_.Done("held");
  EXPECT_TRUE(drain.ReturnsWithin(testing::kHangLimit));
}

// The two tests below run the delay thread against the real clock, the only
// way to see it wake by itself; the delays are tens of milliseconds.

TEST(DelayingQueueRealClockTest, TheDelayThreadAddsTheKeyWhenItIsDue) {
  DelayingQueue queue;
  const Clock::TimePoint start = SystemClock().Now();
  queue.AddAfter("a", milliseconds(30));
  BlockingCall<MaybeKey> get("Get", [&] { return queue.Get(); });
  EXPECT_EQ(get.Result(), "a");
  EXPECT_GE(SystemClock().Now() - start, milliseconds(30));
}

TEST(DelayingQueueRealClockTest, AnEarlierDeadlineWakesTheDelayThread) {
  DelayingQueue queue;
  queue.AddAfter("late", std::chrono::hours(1));
  BlockingCall<MaybeKey> get("Get", [&] { return queue.Get(); });
  EXPECT_FALSE(get.ReturnsWithin(testing::kStaysBlocked));  // thread now waits for "late"
  queue.AddAfter("early", milliseconds(30));
  // Well before the thread's longest single wait (10s) would end on its own.
  ASSERT_TRUE(get.ReturnsWithin(seconds(5)));
  EXPECT_EQ(get.Result(), "early");
}

}  // namespace
}  // namespace tk::runtime
