#include "util/clock.h"

#include <thread>

namespace tk {
namespace {

class RealClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::steady_clock::now(); }
  std::chrono::system_clock::time_point WallNow() const override {
    return std::chrono::system_clock::now();
  }
  void SleepUntil(TimePoint deadline) override { std::this_thread::sleep_until(deadline); }
};

}  // namespace

Clock& SystemClock() {
  static RealClock clock;
  return clock;
}

ManualClock::ManualClock(std::chrono::system_clock::time_point wall_start)
    : wall_start_(wall_start) {}

Clock::TimePoint ManualClock::Now() const {
  std::lock_guard lock(mutex_);
  return TimePoint{} + elapsed_;
}

std::chrono::system_clock::time_point ManualClock::WallNow() const {
  std::lock_guard lock(mutex_);
  return wall_start_ + std::chrono::duration_cast<std::chrono::system_clock::duration>(elapsed_);
}

void ManualClock::SleepUntil(TimePoint deadline) {
  std::unique_lock lock(mutex_);
  ++sleepers_;
  sleepers_changed_.notify_all();
  advanced_.wait(lock, [&] { return TimePoint{} + elapsed_ >= deadline; });
  --sleepers_;
}

void ManualClock::AwaitSleepers(int count) {
  std::unique_lock lock(mutex_);
  sleepers_changed_.wait(lock, [&] { return sleepers_ >= count; });
}

void ManualClock::Advance(Duration duration) {
  {
    std::lock_guard lock(mutex_);
    elapsed_ += duration;
  }
  advanced_.notify_all();
}

}  // namespace tk
