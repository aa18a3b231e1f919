#include "runtime/delaying_queue.h"

#include <algorithm>
#include <chrono>

namespace tk::runtime {
namespace {

// The longest single wait of the delay thread. Far deadlines are waited for in
// steps of this, so the duration handed to the condition variable stays small
// enough not to overflow when the standard library adds it to its own clock.
constexpr Clock::Duration kMaxWait = std::chrono::seconds(10);

}  // namespace

DelayingQueue::DelayingQueue(Clock& clock) : clock_(clock) {
  loop_ = std::thread([this] { WaitLoop(); });
}

DelayingQueue::~DelayingQueue() { Stop(); }

void DelayingQueue::AddAfter(const ObjectKey& key, Clock::Duration delay) {
  if (delay <= Clock::Duration::zero()) {
    Add(key);
    return;
  }
  bool earliest = false;
  {
    std::lock_guard lock(parked_mutex_);
    if (stopped_) return;
    const Clock::TimePoint now = clock_.Now();
    // Saturates instead of overflowing for absurd delays.
    const Clock::TimePoint deadline = now + std::min(delay, Clock::TimePoint::max() - now);
    auto [by_key, inserted] = parked_by_key_.try_emplace(key);
    if (!inserted) {
      if (by_key->second->first <= deadline) return;  // the earlier deadline stands
      parked_.erase(by_key->second);
    }
    by_key->second = parked_.emplace(deadline, key);  // after equal deadlines
    earliest = by_key->second == parked_.begin();
  }
  if (earliest) changed_.notify_one();
}

void DelayingQueue::ShutDown() {
  Stop();
  WorkQueue::ShutDown();
}

void DelayingQueue::ShutDownWithDrain() {
  Stop();
  WorkQueue::ShutDownWithDrain();
}

void DelayingQueue::AddDueKeysForTest() {
  std::lock_guard lock(parked_mutex_);
  AddDueLocked(clock_.Now());
}

void DelayingQueue::WaitLoop() {
  std::unique_lock lock(parked_mutex_);
  while (!stopped_) {
    const Clock::TimePoint now = clock_.Now();
    AddDueLocked(now);
    if (parked_.empty()) {
      changed_.wait(lock);
    } else {
      changed_.wait_for(lock, std::min(parked_.begin()->first - now, kMaxWait));
    }
  }
}

void DelayingQueue::AddDueLocked(Clock::TimePoint now) {
  while (!parked_.empty() && parked_.begin()->first <= now) {
    const auto first = parked_.begin();
    Add(first->second);
    parked_by_key_.erase(first->second);
    parked_.erase(first);
  }
}

void DelayingQueue::Stop() {
  std::call_once(stop_once_, [this] {
    {
      std::lock_guard lock(parked_mutex_);
      stopped_ = true;
      parked_by_key_.clear();
      parked_.clear();
    }
    changed_.notify_one();
    loop_.join();
  });
}

}  // namespace tk::runtime
