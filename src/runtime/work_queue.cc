#include "runtime/work_queue.h"

namespace tk::runtime {

void WorkQueue::Add(const ObjectKey& key) {
  {
    std::lock_guard lock(mutex_);
    if (shutting_down_) return;
    if (!dirty_.insert(key).second) return;  // already waiting for a turn
    if (processing_.contains(key)) return;   // queued again at its Done
    queue_.push_back(key);
  }
  key_ready_.notify_one();
}

std::optional<ObjectKey> WorkQueue::Get() {
  std::unique_lock lock(mutex_);
  key_ready_.wait(lock, [&] { return shutting_down_ || !queue_.empty(); });
  if (shutting_down_) return std::nullopt;
  ObjectKey key = std::move(queue_.front());
  queue_.pop_front();
  dirty_.erase(key);
  processing_.insert(key);
  return key;
}

void WorkQueue::Done(const ObjectKey& key) {
  bool requeued = false;
  bool idle = false;
  {
    std::lock_guard lock(mutex_);
    if (processing_.erase(key) == 0) return;
    if (dirty_.contains(key)) {
      queue_.push_back(key);
      requeued = true;
    }
    idle = processing_.empty();
  }
  if (requeued) key_ready_.notify_one();
  if (idle) idle_.notify_all();
}

std::size_t WorkQueue::Len() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void WorkQueue::ShutDown() {
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
    queue_.clear();  // dropped: Get hands out nothing more
    dirty_.clear();  // so no held key is queued again at its Done
  }
  key_ready_.notify_all();
}

void WorkQueue::ShutDownWithDrain() {
  WorkQueue::ShutDown();
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return processing_.empty(); });
}

bool WorkQueue::ShuttingDown() const {
  std::lock_guard lock(mutex_);
  return shutting_down_;
}

}  // namespace tk::runtime
