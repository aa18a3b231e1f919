#include "runtime/rate_limiters.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "util/clock.h"

namespace tk::runtime {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(ExponentialBackoffRateLimiterTest, DoublesFromTheBaseUpToTheCap) {
  ExponentialBackoffRateLimiter limiter(milliseconds(1), seconds(1));
  for (int n = 0; n < 10; ++n) {
    EXPECT_EQ(limiter.When("a"), milliseconds(1 << n)) << "failure " << n + 1;
  }
  EXPECT_EQ(limiter.When("a"), seconds(1));  // 1024ms is past the cap
  EXPECT_EQ(limiter.When("a"), seconds(1));
  EXPECT_EQ(limiter.NumRequeues("a"), 12);
}

TEST(ExponentialBackoffRateLimiterTest, CountsEachKeyOnItsOwn) {
  ExponentialBackoffRateLimiter limiter(milliseconds(5), seconds(1000));
  (void)limiter.When("a");
  (void)limiter.When("a");
  EXPECT_EQ(limiter.When("b"), milliseconds(5));
  EXPECT_EQ(limiter.NumRequeues("a"), 2);
  EXPECT_EQ(limiter.NumRequeues("b"), 1);
  EXPECT_EQ(limiter.NumRequeues("never-failed"), 0);
}

TEST(ExponentialBackoffRateLimiterTest, ForgetStartsTheKeyOver) {
  ExponentialBackoffRateLimiter limiter(milliseconds(5), seconds(1000));
  (void)limiter.When("a");
  (void)limiter.When("a");
  limiter.Forget("a");
  EXPECT_EQ(limiter.NumRequeues("a"), 0);
  EXPECT_EQ(limiter.When("a"), milliseconds(5));
}

TEST(ExponentialBackoffRateLimiterTest, NeverOverflowsHoweverManyFailures) {
  // A one-nanosecond base and no practical cap reach the edge of the
  // representation: 2^62 ns is the last doubling that fits.
  ExponentialBackoffRateLimiter limiter(Clock::Duration(1), Clock::Duration::max());
  Clock::Duration last{};
  for (int n = 0; n < 63; ++n) last = limiter.When("a");
  EXPECT_EQ(last.count(), Clock::Duration::rep{1} << 62);
  for (int n = 0; n < 200; ++n) EXPECT_EQ(limiter.When("a"), Clock::Duration::max());
}

TEST(ExponentialBackoffRateLimiterTest, StaysAtTheDefaultCapAfterManyFailures) {
  const ControllerRateLimiterOptions defaults;
  ExponentialBackoffRateLimiter limiter(defaults.base_delay, defaults.max_delay);
  Clock::Duration previous{};
  for (int n = 0; n < 1000; ++n) {
    const Clock::Duration wait = limiter.When("a");
    ASSERT_GE(wait, previous);
    ASSERT_LE(wait, seconds(1000));
    previous = wait;
  }
  EXPECT_EQ(previous, seconds(1000));
}

TEST(BucketRateLimiterTest, LetsTheBurstThroughThenSpacesRetriesAtTheRate) {
  ManualClock clock;
  BucketRateLimiter limiter(/*qps=*/2, /*burst=*/2, clock);
  EXPECT_EQ(limiter.When("a"), Clock::Duration::zero());
  EXPECT_EQ(limiter.When("b"), Clock::Duration::zero());
  EXPECT_EQ(limiter.When("c"), milliseconds(500));
  EXPECT_EQ(limiter.When("a"), milliseconds(1000));
  clock.Advance(seconds(1));
  EXPECT_EQ(limiter.When("d"), milliseconds(500));
}

TEST(BucketRateLimiterTest, KeepsNoPerKeyState) {
  ManualClock clock;
  BucketRateLimiter limiter(/*qps=*/1, /*burst=*/1, clock);
  (void)limiter.When("a");
  EXPECT_EQ(limiter.NumRequeues("a"), 0);
  limiter.Forget("a");  // does not give the token back
  EXPECT_EQ(limiter.When("a"), seconds(1));
}

// A limiter that answers what the test says and counts what it was asked.
class ScriptedLimiter final : public RateLimiter {
 public:
  ScriptedLimiter(Clock::Duration wait, int requeues) : wait_(wait), requeues_(requeues) {}

  Clock::Duration When(const ObjectKey& /*key*/) override {
    ++when_calls;
    return wait_;
  }
  void Forget(const ObjectKey& key) override { forgotten.push_back(key); }
  int NumRequeues(const ObjectKey& /*key*/) const override { return requeues_; }

  int when_calls = 0;
  std::vector<ObjectKey> forgotten;

 private:
  const Clock::Duration wait_;
  const int requeues_;
};

TEST(MaxOfRateLimiterTest, AsksEveryLimiterAndAnswersTheLongestWait) {
  auto short_wait = std::make_unique<ScriptedLimiter>(milliseconds(10), 3);
  auto long_wait = std::make_unique<ScriptedLimiter>(milliseconds(20), 1);
  ScriptedLimiter& first = *short_wait;
  ScriptedLimiter& second = *long_wait;
  std::vector<RateLimiterPtr> limiters;
  limiters.push_back(std::move(short_wait));
  limiters.push_back(std::move(long_wait));
  MaxOfRateLimiter limiter(std::move(limiters));

  EXPECT_EQ(limiter.When("a"), milliseconds(20));
  EXPECT_EQ(first.when_calls, 1);
  EXPECT_EQ(second.when_calls, 1);
  EXPECT_EQ(limiter.NumRequeues("a"), 3);
  limiter.Forget("a");
  EXPECT_EQ(first.forgotten, std::vector<ObjectKey>{"a"});
  EXPECT_EQ(second.forgotten, std::vector<ObjectKey>{"a"});
}

TEST(DefaultControllerRateLimiterTest, UsesClientGoDefaults) {
  const ControllerRateLimiterOptions defaults;
  EXPECT_EQ(defaults.base_delay, milliseconds(5));
  EXPECT_EQ(defaults.max_delay, seconds(1000));
  EXPECT_EQ(defaults.qps, 10);
  EXPECT_EQ(defaults.burst, 100);
}

TEST(DefaultControllerRateLimiterTest, PerKeyBackOffUntilTheBucketRunsDry) {
  ManualClock clock;
  RateLimiterPtr limiter = DefaultControllerRateLimiter({}, clock);
  EXPECT_EQ(limiter->When("a"), milliseconds(5));
  EXPECT_EQ(limiter->When("a"), milliseconds(10));
  EXPECT_EQ(limiter->NumRequeues("a"), 2);
  for (int n = 0; n < 98; ++n) {
    ASSERT_EQ(limiter->When("key-" + std::to_string(n)), milliseconds(5));
  }
  // The burst of 100 is spent; the bucket now spaces retries 100ms apart.
  EXPECT_EQ(limiter->When("b"), milliseconds(100));
  EXPECT_EQ(limiter->When("c"), milliseconds(200));
  limiter->Forget("a");
  EXPECT_EQ(limiter->NumRequeues("a"), 0);
}

TEST(DefaultControllerRateLimiterTest, TakesItsBoundsFromTheOptions) {
  ManualClock clock;
  RateLimiterPtr limiter = DefaultControllerRateLimiter(
      {.base_delay = seconds(1), .max_delay = seconds(3), .qps = 10, .burst = 100}, clock);
  EXPECT_EQ(limiter->When("a"), seconds(1));
  EXPECT_EQ(limiter->When("a"), seconds(2));
  EXPECT_EQ(limiter->When("a"), seconds(3));
  EXPECT_EQ(limiter->When("a"), seconds(3));
}

}  // namespace
}  // namespace tk::runtime
