// WriteLoopGuard: stops a controller from sending the same AWS write to the
// same object again and again (DESIGN.md section 3, quotas).
//
// The signature of a write loop is a plan that asks, after a write took
// effect and the resource settled, for the very same write again: the
// observed state never moves toward the desired one (ACK's alias-versus-ARN
// loop was exactly that). The guard counts, per object, consecutive
// identical writes (same PlanStep fingerprint) with no synced state in
// between and no change of the object's spec (metadata.generation). The
// `limit`-th identical write is allowed; the next is refused, and stays
// refused until the spec changes, the object becomes synced, or Reset.
//
// Memory is per process: a restarted controller allows `limit` more writes.
// Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace tk::runtime {

class WriteLoopGuard {
 public:
  explicit WriteLoopGuard(int limit = 2) : limit_(limit < 1 ? 1 : limit) {}

  // Whether the write `fingerprint` to object `uid` at spec `generation` may
  // go. Counts it as made when it may: call it only right before the write,
  // and Uncount if the write then failed.
  bool Allow(const std::string& uid, int64_t generation, const std::string& fingerprint);
  // The write just allowed did not happen (AWS refused it).
  void Uncount(const std::string& uid);
  // Forgets `uid`: it is synced (whatever comes next is not a loop) or gone.
  void Reset(const std::string& uid);
  // How many identical writes in a row object `uid` has had.
  int Count(const std::string& uid) const;

 private:
  struct History {
    int64_t generation = 0;
    std::string fingerprint;
    int count = 0;
  };

  const int limit_;
  mutable std::mutex mutex_;
  std::map<std::string, History> histories_;  // guarded by mutex_
};

}  // namespace tk::runtime
