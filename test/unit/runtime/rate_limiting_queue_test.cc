#include "runtime/rate_limiting_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "bounded_waits.h"
#include "runtime/rate_limiters.h"
#include "util/clock.h"

namespace tk::runtime {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::GetReady;

class RateLimitingQueueTest : public ::testing::Test {
 protected:
  void Advance(Clock::Duration by) {
    clock_.Advance(by);
    queue_.AddDueKeysForTest();
  }

  ManualClock clock_;
  RateLimitingQueue queue_{std::make_unique<ExponentialBackoffRateLimiter>(seconds(1), seconds(60)),
                           clock_};
};

TEST_F(RateLimitingQueueTest, AddRateLimitedWaitsAsLongAsTheLimiterSays) {
  queue_.AddRateLimited("a");
  EXPECT_EQ(queue_.NumRequeues("a"), 1);
  Advance(milliseconds(999));
  EXPECT_EQ(queue_.Len(), 0u);
  Advance(milliseconds(1));
  ASSERT_EQ(GetReady(queue_), "a");
  queue_.Done("a");

  queue_.AddRateLimited("a");  // second failure in a row: twice the wait
  EXPECT_EQ(queue_.NumRequeues("a"), 2);
  Advance(milliseconds(1999));
  EXPECT_EQ(queue_.Len(), 0u);
  Advance(milliseconds(1));
  EXPECT_EQ(queue_.Len(), 1u);
}

TEST_F(RateLimitingQueueTest, ForgetResetsTheBackOffButLeavesTheQueueAlone) {
  queue_.AddRateLimited("a");
  queue_.AddRateLimited("a");
  queue_.Add("b");
  queue_.Forget("a");
  EXPECT_EQ(queue_.NumRequeues("a"), 0);
  EXPECT_EQ(queue_.Len(), 1u);

  Advance(seconds(1));  // "a" is still parked from its first failure
  EXPECT_EQ(queue_.Len(), 2u);
  EXPECT_EQ(GetReady(queue_), "b");
  ASSERT_EQ(GetReady(queue_), "a");
  queue_.Done("a");

  queue_.AddRateLimited("a");  // back to the base delay
  Advance(seconds(1));
  EXPECT_EQ(queue_.Len(), 1u);
}

}  // namespace
}  // namespace tk::runtime
