#include "runtime/reconcile_stats.h"

namespace tk::runtime {

void ReconcileStats::Record(const std::string& kind, ReconcileOutcome::Kind outcome,
                            std::chrono::nanoseconds duration) {
  const double seconds = std::chrono::duration<double>(duration).count();
  const std::string name(OutcomeName(outcome));
  std::lock_guard lock(mutex_);
  Series& series = series_[{kind, name}];
  series.kind = kind;
  series.outcome = name;
  ++series.count;
  series.seconds_total += seconds;
  for (std::size_t i = 0; i < kBucketBounds.size(); ++i) {
    if (seconds <= kBucketBounds[i]) ++series.buckets[i];
  }
  ++series.buckets[kBucketBounds.size()];
}

std::vector<ReconcileStats::Series> ReconcileStats::Snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<Series> result;
  result.reserve(series_.size());
  for (const auto& [key, series] : series_) result.push_back(series);
  return result;
}

long long ReconcileStats::Count(const std::string& kind) const {
  std::lock_guard lock(mutex_);
  long long total = 0;
  for (const auto& [key, series] : series_) {
    if (key.first == kind) total += series.count;
  }
  return total;
}

}  // namespace tk::runtime
