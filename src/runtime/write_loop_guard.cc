#include "runtime/write_loop_guard.h"

namespace tk::runtime {

bool WriteLoopGuard::Allow(const std::string& uid, int64_t generation, const std::string& fingerprint) {
  std::lock_guard lock(mutex_);
  History& history = histories_[uid];
  if (history.generation != generation || history.fingerprint != fingerprint) {
    history = History{generation, fingerprint, 0};
  }
  if (history.count >= limit_) return false;
  ++history.count;
  return true;
}

void WriteLoopGuard::Uncount(const std::string& uid) {
  std::lock_guard lock(mutex_);
  auto found = histories_.find(uid);
  if (found != histories_.end() && found->second.count > 0) --found->second.count;
}

void WriteLoopGuard::Reset(const std::string& uid) {
  std::lock_guard lock(mutex_);
  histories_.erase(uid);
}

int WriteLoopGuard::Count(const std::string& uid) const {
  std::lock_guard lock(mutex_);
  auto found = histories_.find(uid);
  return found == histories_.end() ? 0 : found->second.count;
}

}  // namespace tk::runtime
