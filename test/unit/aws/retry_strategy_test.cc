#include "aws/retry_strategy.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

namespace tk::aws {
namespace {

using std::chrono::milliseconds;

// Always the same number: back-offs become exact. (No peer can fix a random
// number generator, so this is the one fake here.)
class FixedRandom final : public RandomSource {
 public:
  explicit FixedRandom(double value) : value_(value) {}
  double Uniform() override { return value_; }

 private:
  const double value_;
};

milliseconds Ms(Clock::Duration duration) {
  return std::chrono::duration_cast<milliseconds>(duration);
}

TEST(RetryStrategyTest, DefaultsAreTheStandardMode) {
  const RetryOptions options;
  EXPECT_EQ(options.max_attempts, 3);
  EXPECT_EQ(options.base_delay, milliseconds(1000));
  EXPECT_EQ(options.max_backoff, milliseconds(20000));
  EXPECT_EQ(options.initial_quota, 500);
  EXPECT_EQ(options.retry_cost, 5);
  EXPECT_EQ(options.timeout_retry_cost, 10);
  EXPECT_EQ(options.no_retry_increment, 1);
}

TEST(RetryStrategyTest, BackoffIsFullJitterExponentialCapped) {
  FixedRandom half(0.5);
  RetryStrategy strategy(RetryOptions{}, half);
  EXPECT_EQ(Ms(strategy.Backoff(1)), milliseconds(500));
  EXPECT_EQ(Ms(strategy.Backoff(2)), milliseconds(1000));
  EXPECT_EQ(Ms(strategy.Backoff(3)), milliseconds(2000));
  EXPECT_EQ(Ms(strategy.Backoff(6)), milliseconds(16000));
  EXPECT_EQ(Ms(strategy.Backoff(7)), milliseconds(20000));     // 32 s capped
  EXPECT_EQ(Ms(strategy.Backoff(1000)), milliseconds(20000));  // no overflow

  FixedRandom zero(0.0);
  RetryStrategy no_wait(RetryOptions{}, zero);
  EXPECT_EQ(no_wait.Backoff(5), Clock::Duration::zero());

  RetryOptions fast;
  fast.base_delay = milliseconds(100);
  FixedRandom almost_one(0.999);
  RetryStrategy quick(fast, almost_one);
  EXPECT_EQ(Ms(quick.Backoff(1)), milliseconds(99));
  EXPECT_EQ(Ms(quick.Backoff(3)), milliseconds(399));
}

TEST(RetryStrategyTest, RetriesRetryableClassesUpToMaxAttempts) {
  FixedRandom half(0.5);
  RetryStrategy strategy(RetryOptions{}, half);
  RetryToken token;
  std::optional<Clock::Duration> first = strategy.OnFailure(RetryClass::kThrottling, token);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(Ms(*first), milliseconds(500));
  EXPECT_EQ(token.attempts, 2);
  std::optional<Clock::Duration> second = strategy.OnFailure(RetryClass::kTransient, token);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(Ms(*second), milliseconds(1000));
  EXPECT_EQ(token.attempts, 3);
  EXPECT_FALSE(strategy.OnFailure(RetryClass::kTransient, token).has_value());
  EXPECT_EQ(token.attempts, 3);
  EXPECT_EQ(strategy.AvailableQuota(), 490);
}

TEST(RetryStrategyTest, NeverRetriesQuotaOrClientErrors) {
  FixedRandom half(0.5);
  RetryStrategy strategy(RetryOptions{}, half);
  for (RetryClass retry_class : {RetryClass::kQuota, RetryClass::kNotRetryable}) {
    RetryToken token;
    EXPECT_FALSE(strategy.OnFailure(retry_class, token).has_value());
    EXPECT_EQ(token.attempts, 1);
  }
  EXPECT_EQ(strategy.AvailableQuota(), 500);
}

TEST(RetryStrategyTest, MaxAttemptsOneDisablesRetries) {
  FixedRandom half(0.5);
  RetryOptions options;
  options.max_attempts = 1;
  RetryStrategy strategy(options, half);
  RetryToken token;
  EXPECT_FALSE(strategy.OnFailure(RetryClass::kThrottling, token).has_value());
}

TEST(RetryStrategyTest, ExhaustedQuotaStopsRetries) {
  FixedRandom zero(0.0);
  RetryOptions options;
  options.max_attempts = 1000;
  RetryStrategy strategy(options, zero);
  RetryToken token;
  int retries = 0;
  while (strategy.OnFailure(RetryClass::kTransient, token)) ++retries;
  EXPECT_EQ(retries, 100);  // 500 / 5
  EXPECT_EQ(token.attempts, 101);
  EXPECT_EQ(strategy.AvailableQuota(), 0);

  // Other calls are not retried either, until successes refill the quota.
  RetryToken other;
  EXPECT_FALSE(strategy.OnFailure(RetryClass::kThrottling, other).has_value());
  for (int i = 0; i < 4; ++i) strategy.OnSuccess(RetryToken{});
  EXPECT_EQ(strategy.AvailableQuota(), 4);
  EXPECT_FALSE(strategy.OnFailure(RetryClass::kThrottling, other).has_value());
  strategy.OnSuccess(RetryToken{});
  EXPECT_TRUE(strategy.OnFailure(RetryClass::kThrottling, other).has_value());
  EXPECT_EQ(strategy.AvailableQuota(), 0);
}

TEST(RetryStrategyTest, TimeoutsCostMoreAndSuccessRefundsTheLastRetry) {
  FixedRandom zero(0.0);
  RetryStrategy strategy(RetryOptions{}, zero);
  RetryToken token;
  ASSERT_TRUE(strategy.OnFailure(RetryClass::kTimeout, token).has_value());
  EXPECT_EQ(strategy.AvailableQuota(), 490);
  EXPECT_EQ(token.last_cost, 10);
  strategy.OnSuccess(token);
  EXPECT_EQ(strategy.AvailableQuota(), 500);
  strategy.OnSuccess(RetryToken{});  // never beyond the initial quota
  EXPECT_EQ(strategy.AvailableQuota(), 500);
}

TEST(RetryStrategyTest, ZeroQuotaMeansUnlimitedWithinMaxAttempts) {
  FixedRandom zero(0.0);
  RetryOptions options;
  options.initial_quota = 0;
  options.max_attempts = 1000;
  RetryStrategy strategy(options, zero);
  RetryToken token;
  int retries = 0;
  while (strategy.OnFailure(RetryClass::kTimeout, token)) ++retries;
  EXPECT_EQ(retries, 999);
}

TEST(RetryStrategyTest, QuotaIsSharedSafelyBetweenThreads) {
  FixedRandom zero(0.0);
  RetryOptions options;
  options.max_attempts = 1000000;
  RetryStrategy strategy(options, zero);
  std::atomic<int> retries{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      RetryToken token;
      while (strategy.OnFailure(RetryClass::kTransient, token)) ++retries;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(retries.load(), 100);
  EXPECT_EQ(strategy.AvailableQuota(), 0);
}

TEST(RetryStrategyTest, DefaultRandomSourceStaysInRange) {
  DefaultRandomSource random;
  for (int i = 0; i < 1000; ++i) {
    const double value = random.Uniform();
    ASSERT_GE(value, 0.0);
    ASSERT_LT(value, 1.0);
  }
}

}  // namespace
}  // namespace tk::aws
