// Clock: the one way tablekeeper code reads time, so tests can control it.
//
// Production code takes a `Clock&` (usually SystemClock()) and never calls
// std::chrono::*::now() itself. ManualClock is for tests: time stands still
// until the test advances it, and SleepUntil returns as soon as the test's
// Advance reaches the deadline.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace tk {

class Clock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  using Duration = std::chrono::steady_clock::duration;

  virtual ~Clock() = default;
  // Monotonic time, for deadlines and durations.
  virtual TimePoint Now() const = 0;
  // Wall-clock time, for timestamps sent to servers (SigV4, Kubernetes).
  virtual std::chrono::system_clock::time_point WallNow() const = 0;
  // Blocks the calling thread until Now() >= deadline.
  virtual void SleepUntil(TimePoint deadline) = 0;
  void SleepFor(Duration duration) { SleepUntil(Now() + duration); }
};

// The real clocks: steady_clock and system_clock. Thread-safe; lives forever.
Clock& SystemClock();

// A clock that moves only when told. Thread-safe. WallNow() moves with Now()
// from the wall time given at construction.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::chrono::system_clock::time_point wall_start =
                           std::chrono::system_clock::time_point{});

  TimePoint Now() const override;
  std::chrono::system_clock::time_point WallNow() const override;
  // Blocks until another thread advances the clock to `deadline`.
  void SleepUntil(TimePoint deadline) override;

  // Moves time forward and wakes sleepers whose deadline has come.
  void Advance(Duration duration);

  // Blocks until at least `count` threads are inside SleepUntil, so a test can
  // advance time knowing the sleeper's deadline was taken before the advance.
  void AwaitSleepers(int count);

 private:
  mutable std::mutex mutex_;
  std::condition_variable advanced_;
  std::condition_variable sleepers_changed_;
  int sleepers_ = 0;
  Duration elapsed_{};
  const std::chrono::system_clock::time_point wall_start_;
};

}  // namespace tk
