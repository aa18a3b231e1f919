// The reflector's back-off: doubling, capped, jittered within its bounds,
// reset after success.
#include "kube/reflector_backoff.h"

#include <gtest/gtest.h>

namespace tk::kube {
namespace {

using std::chrono::milliseconds;

TEST(ReflectorBackoffTest, WithoutJitterDoublesUpToTheCap) {
  ReflectorBackoff backoff({milliseconds(100), milliseconds(1000), 2.0, 0.0}, 1);
  const milliseconds expected[] = {milliseconds(100), milliseconds(200), milliseconds(400), milliseconds(800),
                                   milliseconds(1000), milliseconds(1000), milliseconds(1000)};
  for (const milliseconds wait : expected) EXPECT_EQ(backoff.Next(), wait);
  EXPECT_EQ(backoff.failures(), 7);
}

TEST(ReflectorBackoffTest, JitteredWaitsStayWithinTheirBounds) {
  const BackoffPolicy policy{milliseconds(800), milliseconds(30000), 2.0, 0.5};
  for (uint64_t seed = 0; seed < 50; ++seed) {
    ReflectorBackoff backoff(policy, seed);
    double base = 800;
    for (int attempt = 0; attempt < 20; ++attempt) {
      const milliseconds wait = backoff.Next();
      EXPECT_LE(wait.count(), static_cast<int64_t>(base)) << "seed " << seed << " attempt " << attempt;
      EXPECT_GE(wait.count(), static_cast<int64_t>(base * 0.5)) << "seed " << seed << " attempt " << attempt;
      EXPECT_LE(wait, policy.max);
      EXPECT_GE(wait, milliseconds(400));  // never a tight loop
      base = std::min(base * 2, 30000.0);
    }
  }
}

TEST(ReflectorBackoffTest, JitterSpreadsWaits) {
  ReflectorBackoff first({milliseconds(1000), milliseconds(1000), 2.0, 0.5}, 1);
  ReflectorBackoff second({milliseconds(1000), milliseconds(1000), 2.0, 0.5}, 2);
  int different = 0;
  for (int i = 0; i < 20; ++i) different += first.Next() != second.Next() ? 1 : 0;
  EXPECT_GT(different, 10);
}

TEST(ReflectorBackoffTest, ResetStartsOver) {
  ReflectorBackoff backoff({milliseconds(100), milliseconds(10000), 3.0, 0.0}, 1);
  EXPECT_EQ(backoff.Next(), milliseconds(100));
  EXPECT_EQ(backoff.Next(), milliseconds(300));
  backoff.Reset();
  EXPECT_EQ(backoff.failures(), 0);
  EXPECT_EQ(backoff.Next(), milliseconds(100));
}

TEST(ReflectorBackoffTest, NoOverflowAfterManyFailures) {
  ReflectorBackoff backoff({milliseconds(800), milliseconds(30000), 2.0, 0.0}, 1);
  for (int i = 0; i < 5000; ++i) backoff.Next();
  EXPECT_EQ(backoff.Next(), milliseconds(30000));
}

TEST(ReflectorBackoffTest, OutOfRangePoliciesAreClamped) {
  // A factor below 1 would shrink the waits; a jitter above 1 could make them 0.
  ReflectorBackoff backoff({milliseconds(100), milliseconds(1000), 0.5, 0.0}, 1);
  EXPECT_EQ(backoff.Next(), milliseconds(100));
  EXPECT_EQ(backoff.Next(), milliseconds(100));
  ReflectorBackoff wild({milliseconds(1000), milliseconds(1000), 2.0, 7.0}, 1);
  for (int i = 0; i < 100; ++i) {
    const milliseconds wait = wild.Next();
    EXPECT_LE(wait, milliseconds(1000));
    EXPECT_GE(wait, milliseconds(100));
  }
}

}  // namespace
}  // namespace tk::kube
