#include "util/token_bucket.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace tk {
namespace {

using std::chrono::milliseconds;

TEST(TokenBucketTest, StartsFullWithTheBurst) {
  ManualClock clock;
  TokenBucket bucket(/*rate=*/1, /*burst=*/3, clock);
  EXPECT_TRUE(bucket.TryTake());
  EXPECT_TRUE(bucket.TryTake());
  EXPECT_TRUE(bucket.TryTake());
  EXPECT_FALSE(bucket.TryTake());
}

TEST(TokenBucketTest, RefillsAtTheRateUpToTheBurst) {
  ManualClock clock;
  TokenBucket bucket(/*rate=*/10, /*burst=*/2, clock);
  ASSERT_TRUE(bucket.TryTake());
  ASSERT_TRUE(bucket.TryTake());
  clock.Advance(milliseconds(50));  // half a token
  EXPECT_FALSE(bucket.TryTake());
  clock.Advance(milliseconds(50));
  EXPECT_TRUE(bucket.TryTake());
  clock.Advance(std::chrono::seconds(60));  // capped at the burst
  EXPECT_TRUE(bucket.TryTake());
  EXPECT_TRUE(bucket.TryTake());
  EXPECT_FALSE(bucket.TryTake());
}

TEST(TokenBucketTest, ReserveQueuesCallersOneIntervalApart) {
  ManualClock clock;
  TokenBucket bucket(/*rate=*/4, /*burst=*/1, clock);
  EXPECT_EQ(bucket.Reserve(), Clock::Duration::zero());
  EXPECT_EQ(bucket.Reserve(), milliseconds(250));
  EXPECT_EQ(bucket.Reserve(), milliseconds(500));
  clock.Advance(milliseconds(500));
  EXPECT_EQ(bucket.Reserve(), milliseconds(250));
}

TEST(TokenBucketTest, TakeSleepsOnTheClockUntilItsTokenIsDue) {
  ManualClock clock;
  TokenBucket bucket(/*rate=*/2, /*burst=*/1, clock);
  bucket.Take();
  std::thread waiter([&] { bucket.Take(); });
  clock.AwaitSleepers(1);  // the waiter reserved its token half a second ahead
  clock.Advance(milliseconds(500));
  waiter.join();
  EXPECT_FALSE(bucket.TryTake());
}

}  // namespace
}  // namespace tk
