#include "kube/event_correlator.h"

#include <fmt/format.h>

#include <algorithm>

namespace tk::kube {
namespace {

// Fields joined by a byte that cannot occur in them.
std::string ObjectKey(const ObjectReference& object) {
  return fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}", object.api_version, object.kind, object.namespace_name,
                     object.name, object.uid);
}

std::string SeriesKey(const RecordedEvent& event) {
  return fmt::format("{}\x1f{}\x1f{}\x1f{}", ObjectKey(event.object), EventTypeName(event.type),
                     event.reason, event.message);
}

// Forgets the entry of `map` used least recently while it is over `limit`.
template <typename Map, typename LastUsed>
void Trim(Map& map, size_t limit, LastUsed last_used) {
  while (map.size() > limit && !map.empty()) {
    auto oldest = map.begin();
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (last_used(it->second) < last_used(oldest->second)) oldest = it;
    }
    map.erase(oldest);
  }
}

// Object names are at most 253 characters, as are Event names; the suffix
// takes 17.
constexpr size_t kMaxNamePrefix = 253 - 17;

}  // namespace

EventCorrelator::EventCorrelator(EventCorrelatorOptions options) : options_(options) {}

bool EventCorrelator::TakeToken(const RecordedEvent& event) {
  const std::string key = ObjectKey(event.object);
  auto [it, inserted] = buckets_.try_emplace(key);
  Bucket& bucket = it->second;
  if (inserted) {
    bucket.tokens = options_.spam_burst;
    bucket.refilled = event.time;
  } else if (event.time > bucket.refilled) {
    const std::chrono::duration<double> elapsed = event.time - bucket.refilled;
    const std::chrono::duration<double> interval = options_.spam_refill_interval;
    bucket.tokens = std::min(options_.spam_burst, bucket.tokens + elapsed / interval);
    bucket.refilled = event.time;
  }
  bucket.last_used = event.time;
  const bool allowed = bucket.tokens >= 1.0;
  if (allowed) bucket.tokens -= 1.0;
  Trim(buckets_, options_.max_cached_objects, [](const Bucket& b) { return b.last_used; });
  return allowed;
}

std::string EventCorrelator::NewName(const std::string& object_name,
                                     std::chrono::system_clock::time_point wall_time) {
  const int64_t nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(wall_time.time_since_epoch()).count();
  last_name_nanos_ = std::max(nanos, last_name_nanos_ + 1);
  return fmt::format("{}.{:016x}", object_name.substr(0, kMaxNamePrefix),
                     static_cast<uint64_t>(last_name_nanos_));
}

EventDecision EventCorrelator::Correlate(const RecordedEvent& event) {
  EventDecision decision;
  if (!TakeToken(event)) return decision;

  const std::string key = SeriesKey(event);
  auto it = series_.find(key);
  if (it != series_.end() && event.time - it->second.last_time <= options_.aggregation_window) {
    Series& series = it->second;
    ++series.count;
    series.last_time = event.time;
    decision.action = EventDecision::Action::kPatch;
    decision.name = series.name;
    decision.count = series.count;
    decision.first_time = series.first_time;
    return decision;
  }
  Series& series = series_[key];
  series = Series{NewName(event.object.name, event.wall_time), 1, event.wall_time, event.time};
  decision.action = EventDecision::Action::kCreate;
  decision.name = series.name;
  decision.count = 1;
  decision.first_time = series.first_time;
  Trim(series_, options_.max_cached_series, [](const Series& s) { return s.last_time; });
  return decision;
}

}  // namespace tk::kube
