#include "aws/adaptive_rate_limiter.h"

#include <gtest/gtest.h>

#include <chrono>

namespace tk::aws {
namespace {

using std::chrono::milliseconds;

class AdaptiveRateLimiterTest : public ::testing::Test {
 protected:
  // Sends `count` attempts spread evenly over `duration`, reporting each
  // answer as `throttled`, and honouring the limiter's waits.
  void Send(int count, Clock::Duration duration, bool throttled) {
    const Clock::Duration step = duration / count;
    for (int i = 0; i < count; ++i) {
      const Clock::Duration wait = limiter_.Reserve();
      clock_.Advance(std::max(step, wait));
      limiter_.OnResponse(throttled);
    }
  }

  ManualClock clock_;
  AdaptiveRateLimiter limiter_{clock_};
};

TEST_F(AdaptiveRateLimiterTest, DoesNothingUntilTheFirstThrottle) {
  Send(100, std::chrono::seconds(5), false);  // 20 per second
  EXPECT_FALSE(limiter_.enabled());
  EXPECT_EQ(limiter_.Reserve(), Clock::Duration::zero());
  EXPECT_NEAR(limiter_.measured_rate(), 20.0, 1.0);
}

TEST_F(AdaptiveRateLimiterTest, ThrottleCutsTheRateToSeventyPercent) {
  Send(100, std::chrono::seconds(5), false);  // 20 per second
  const double measured = limiter_.measured_rate();
  limiter_.OnResponse(/*throttled=*/true);
  EXPECT_TRUE(limiter_.enabled());
  EXPECT_NEAR(limiter_.fill_rate(), 0.7 * measured, 0.01);

  // A second throttle cuts again, from the lower rate.
  const double after_first = limiter_.fill_rate();
  limiter_.OnResponse(/*throttled=*/true);
  EXPECT_LT(limiter_.fill_rate(), after_first);
}

TEST_F(AdaptiveRateLimiterTest, MakesCallersWaitOnceLimited) {
  Send(100, std::chrono::seconds(5), false);
  limiter_.OnResponse(/*throttled=*/true);  // about 14 per second, bucket empty
  const double rate = limiter_.fill_rate();
  const Clock::Duration wait = limiter_.Reserve();
  EXPECT_NEAR(std::chrono::duration<double>(wait).count(), 1.0 / rate, 0.001);
  // The next one waits a token longer still.
  EXPECT_GT(limiter_.Reserve(), wait);
}

TEST_F(AdaptiveRateLimiterTest, RecoversTowardsTheOldRateAfterThrottling) {
  Send(100, std::chrono::seconds(5), false);
  limiter_.OnResponse(/*throttled=*/true);
  const double lowered = limiter_.fill_rate();
  Send(200, std::chrono::seconds(20), false);
  EXPECT_GT(limiter_.fill_rate(), lowered);
}

TEST_F(AdaptiveRateLimiterTest, NeverBelowHalfATokenPerSecond) {
  limiter_.OnResponse(/*throttled=*/true);  // nothing measured yet
  EXPECT_DOUBLE_EQ(limiter_.fill_rate(), 0.5);
  for (int i = 0; i < 10; ++i) limiter_.OnResponse(/*throttled=*/true);
  EXPECT_DOUBLE_EQ(limiter_.fill_rate(), 0.5);
  EXPECT_EQ(std::chrono::duration_cast<milliseconds>(limiter_.Reserve()), milliseconds(2000));
}

}  // namespace
}  // namespace tk::aws
