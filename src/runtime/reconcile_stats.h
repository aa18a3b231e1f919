// ReconcileStats: counts and durations of reconciles, by kind and outcome,
// for the metrics endpoint and for benchmarks. Thread-safe.
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/reconciler.h"

namespace tk::runtime {

class ReconcileStats {
 public:
  // Upper bounds (seconds) of the duration histogram's buckets; the last
  // bucket is +Inf.
  static constexpr std::array<double, 10> kBucketBounds = {0.005, 0.01, 0.025, 0.05, 0.1,
                                                           0.25,  0.5,  1,     2.5,  10};

  struct Series {
    std::string kind;
    std::string outcome;  // OutcomeName
    long long count = 0;
    double seconds_total = 0;
    // Cumulative counts per bound of kBucketBounds, then +Inf (= count).
    std::array<long long, kBucketBounds.size() + 1> buckets{};
  };

  void Record(const std::string& kind, ReconcileOutcome::Kind outcome, std::chrono::nanoseconds duration);
  // Every series, ordered by kind then outcome.
  std::vector<Series> Snapshot() const;
  // Reconciles of `kind` (every outcome).
  long long Count(const std::string& kind) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, Series> series_;  // guarded by mutex_
};

}  // namespace tk::runtime
