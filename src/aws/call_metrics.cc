#include "aws/call_metrics.h"

#include <optional>

namespace tk::aws {
namespace {

template <typename Series, typename Field>
long long Sum(const Series& series, std::string_view service, std::string_view operation,
              std::optional<CallOutcome> outcome, Field field) {
  long long total = 0;
  for (const auto& [key, totals] : series) {
    if (std::get<0>(key) != service || std::get<1>(key) != operation) continue;
    if (outcome && std::get<2>(key) != *outcome) continue;
    total += field(totals);
  }
  return total;
}

}  // namespace

std::string_view CallOutcomeName(CallOutcome outcome) {
  switch (outcome) {
    case CallOutcome::kSuccess:
      return "success";
    case CallOutcome::kThrottled:
      return "throttled";
    case CallOutcome::kTransient:
      return "transient";
    case CallOutcome::kError:
      return "error";
  }
  return "unknown";
}

void CallMetrics::Record(const CallRecord& record) {
  Key key(std::string(record.service), std::string(record.operation), record.outcome,
          std::string(record.error_code), record.http_status);
  std::lock_guard lock(mutex_);
  Totals& totals = series_[std::move(key)];
  ++totals.calls;
  totals.attempts += record.attempts;
  totals.latency_sum += record.latency;
}

std::vector<CallSeries> CallMetrics::Snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<CallSeries> snapshot;
  snapshot.reserve(series_.size());
  for (const auto& [key, totals] : series_) {
    snapshot.push_back(CallSeries{std::get<0>(key), std::get<1>(key), std::get<2>(key),
                                  std::get<3>(key), std::get<4>(key), totals.calls, totals.attempts,
                                  totals.latency_sum});
  }
  return snapshot;
}

long long CallMetrics::Calls(std::string_view service, std::string_view operation) const {
  std::lock_guard lock(mutex_);
  return Sum(series_, service, operation, std::nullopt,
             [](const Totals& totals) { return totals.calls; });
}

long long CallMetrics::Attempts(std::string_view service, std::string_view operation) const {
  std::lock_guard lock(mutex_);
  return Sum(series_, service, operation, std::nullopt,
             [](const Totals& totals) { return totals.attempts; });
}

long long CallMetrics::Calls(std::string_view service, std::string_view operation,
                             CallOutcome outcome) const {
  std::lock_guard lock(mutex_);
  return Sum(series_, service, operation, outcome,
             [](const Totals& totals) { return totals.calls; });
}

}  // namespace tk::aws
