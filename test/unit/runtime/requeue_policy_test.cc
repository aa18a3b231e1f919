#include "runtime/requeue_policy.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <random>

namespace tk::runtime {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// The smallest and largest delay `period` may become with `jitter`, with a
// millisecond of slack for the rounding of the scaled period.
milliseconds Low(milliseconds period, double jitter) {
  return milliseconds(static_cast<long long>(static_cast<double>(period.count()) * (1.0 - jitter))) - milliseconds(1);
}
milliseconds High(milliseconds period, double jitter) {
  return milliseconds(static_cast<long long>(static_cast<double>(period.count()) * (1.0 + jitter))) + milliseconds(1);
}

TEST(RequeuePolicyTest, DefaultsAreTheDocumentedOnes) {
  const RequeuePolicy policy;
  EXPECT_EQ(policy.resync, hours(10));
  EXPECT_DOUBLE_EQ(policy.resync_jitter, 0.1);
  EXPECT_EQ(policy.progressing, seconds(5));
  EXPECT_EQ(policy.reference_wait, seconds(60));
  EXPECT_EQ(policy.throttle_base, minutes(1));
  EXPECT_EQ(policy.throttle_cap, minutes(30));
}

TEST(ResyncDelayTest, StaysWithinTheJitterOfThePeriod) {
  const RequeuePolicy policy;  // 10 h, +-10%
  const milliseconds period = hours(10);
  std::mt19937_64 random(42);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  milliseconds lowest = milliseconds::max();
  milliseconds highest = milliseconds::min();
  for (int i = 0; i < 10000; ++i) {
    const milliseconds delay = ResyncDelay(policy, std::nullopt, unit(random));
    ASSERT_GE(delay, Low(period, 0.1));
    ASSERT_LE(delay, High(period, 0.1));
    lowest = std::min(lowest, delay);
    highest = std::max(highest, delay);
  }
  // The draws spread over the range (objects created together spread out).
  EXPECT_LT(lowest, hours(9) + minutes(1));
  EXPECT_GT(highest, hours(11) - minutes(1));
}

TEST(ResyncDelayTest, TheRandomValueMapsOntoTheRangeInOrder) {
  const RequeuePolicy policy;
  const milliseconds period = hours(10);
  const milliseconds at_zero = ResyncDelay(policy, std::nullopt, 0.0);
  const milliseconds at_half = ResyncDelay(policy, std::nullopt, 0.5);
  const milliseconds near_one = ResyncDelay(policy, std::nullopt, 0.999999);
  EXPECT_GE(at_zero, Low(period, 0.1));
  EXPECT_LE(at_zero, hours(9));
  EXPECT_GE(at_half, period - milliseconds(1));
  EXPECT_LE(at_half, period + milliseconds(1));
  EXPECT_LT(near_one, hours(11));
  EXPECT_GT(near_one, hours(11) - seconds(1));
  EXPECT_LT(at_zero, at_half);
  EXPECT_LT(at_half, near_one);
}

TEST(ResyncDelayTest, AnOverrideReplacesThePolicysPeriod) {
  const RequeuePolicy policy;  // 10 h
  for (double unit : {0.0, 0.25, 0.5, 0.75, 0.999}) {
    const milliseconds delay = ResyncDelay(policy, seconds(60), unit);
    EXPECT_GE(delay, Low(seconds(60), 0.1)) << unit;
    EXPECT_LE(delay, High(seconds(60), 0.1)) << unit;
  }
}

TEST(ResyncDelayTest, WithoutJitterItIsExactlyThePeriod) {
  RequeuePolicy policy;
  policy.resync = seconds(90);
  policy.resync_jitter = 0;
  for (double unit : {0.0, 0.5, 0.999}) {
    EXPECT_EQ(ResyncDelay(policy, std::nullopt, unit), seconds(90));
    EXPECT_EQ(ResyncDelay(policy, seconds(7), unit), seconds(7));
  }
}

TEST(ResyncDelayTest, TheJitterFollowsThePolicy) {
  RequeuePolicy policy;
  policy.resync = seconds(100);
  policy.resync_jitter = 0.5;
  EXPECT_GE(ResyncDelay(policy, std::nullopt, 0.0), seconds(50) - milliseconds(1));
  EXPECT_LE(ResyncDelay(policy, std::nullopt, 0.0), seconds(50));
  EXPECT_GT(ResyncDelay(policy, std::nullopt, 0.9999), seconds(149));
}

TEST(ResyncDelayTest, ClampsOutOfRangeInputs) {
  RequeuePolicy policy;
  policy.resync = seconds(100);
  // A random value outside [0, 1) is taken as the nearest end.
  EXPECT_EQ(ResyncDelay(policy, std::nullopt, -3.0), ResyncDelay(policy, std::nullopt, 0.0));
  EXPECT_LE(ResyncDelay(policy, std::nullopt, 7.0), High(seconds(100), 0.1));
  EXPECT_GE(ResyncDelay(policy, std::nullopt, 7.0), seconds(110) - milliseconds(1));
  // A negative jitter is none; more than 100% is 100%.
  policy.resync_jitter = -0.5;
  EXPECT_EQ(ResyncDelay(policy, std::nullopt, 0.0), seconds(100));
  policy.resync_jitter = 3.0;
  EXPECT_LE(ResyncDelay(policy, std::nullopt, 0.999), seconds(200));
}

TEST(ResyncDelayTest, IsNeverZero) {
  RequeuePolicy policy;
  policy.resync = seconds(0);
  EXPECT_EQ(ResyncDelay(policy, std::nullopt, 0.5), milliseconds(1));
  policy.resync = seconds(100);
  policy.resync_jitter = 1.0;  // the low end is zero
  EXPECT_EQ(ResyncDelay(policy, std::nullopt, 0.0), milliseconds(1));
}

RequeuePolicy Throttling(milliseconds base, milliseconds cap) {
  RequeuePolicy policy;
  policy.throttle_base = base;
  policy.throttle_cap = cap;
  return policy;
}

TEST(ThrottleBackoffTest, DoublesFromTheBaseUpToTheCap) {
  ThrottleBackoff backoff(RequeuePolicy{});  // 1 min up to 30 min
  EXPECT_EQ(backoff.Next("orders"), minutes(1));
  EXPECT_EQ(backoff.Next("orders"), minutes(2));
  EXPECT_EQ(backoff.Next("orders"), minutes(4));
  EXPECT_EQ(backoff.Next("orders"), minutes(8));
  EXPECT_EQ(backoff.Next("orders"), minutes(16));
  EXPECT_EQ(backoff.Next("orders"), minutes(30));  // 32 is past the cap
  EXPECT_EQ(backoff.Next("orders"), minutes(30));
}

TEST(ThrottleBackoffTest, StaysAtTheCapHoweverLongTheThrottlingLasts) {
  ThrottleBackoff backoff(Throttling(milliseconds(1), hours(1)));
  milliseconds last{};
  for (int i = 0; i < 10000; ++i) last = backoff.Next("orders");
  EXPECT_EQ(last, hours(1));
}

TEST(ThrottleBackoffTest, ResetStartsOverAtTheBase) {
  ThrottleBackoff backoff(Throttling(seconds(1), seconds(60)));
  (void)backoff.Next("orders");
  (void)backoff.Next("orders");
  EXPECT_EQ(backoff.Next("orders"), seconds(4));
  backoff.Reset("orders");
  EXPECT_EQ(backoff.Next("orders"), seconds(1));
  EXPECT_EQ(backoff.Next("orders"), seconds(2));
  backoff.Reset("never-throttled");  // harmless
}

TEST(ThrottleBackoffTest, EachObjectBacksOffOnItsOwn) {
  ThrottleBackoff backoff(Throttling(seconds(1), seconds(60)));
  (void)backoff.Next("orders");
  (void)backoff.Next("orders");
  EXPECT_EQ(backoff.Next("customers"), seconds(1));
  EXPECT_EQ(backoff.Next("orders"), seconds(4));
  backoff.Reset("orders");
  EXPECT_EQ(backoff.Next("customers"), seconds(2));
}

TEST(ThrottleBackoffTest, ACapBelowTheBaseWins) {
  ThrottleBackoff backoff(Throttling(seconds(10), seconds(3)));
  EXPECT_EQ(backoff.Next("orders"), seconds(3));
  EXPECT_EQ(backoff.Next("orders"), seconds(3));
}

}  // namespace
}  // namespace tk::runtime
