#include "util/clock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace tk {
namespace {

using std::chrono::seconds;

TEST(ManualClockTest, MovesOnlyWhenAdvanced) {
  ManualClock clock(std::chrono::system_clock::time_point{} + seconds(1000));
  const Clock::TimePoint start = clock.Now();
  EXPECT_EQ(clock.Now(), start);
  clock.Advance(seconds(5));
  EXPECT_EQ(clock.Now() - start, seconds(5));
  EXPECT_EQ(clock.WallNow(), std::chrono::system_clock::time_point{} + seconds(1005));
}

TEST(ManualClockTest, SleepersWakeWhenTheirDeadlineComes) {
  ManualClock clock;
  std::atomic<bool> woke = false;
  std::thread sleeper([&] {
    clock.SleepFor(seconds(10));
    woke = true;
  });
  clock.AwaitSleepers(1);
  clock.Advance(seconds(9));
  EXPECT_FALSE(woke);
  clock.Advance(seconds(1));
  sleeper.join();
  EXPECT_TRUE(woke);
}

TEST(SystemClockTest, IsMonotonic) {
  const Clock::TimePoint first = SystemClock().Now();
  EXPECT_LE(first, SystemClock().Now());
}

}  // namespace
}  // namespace tk
