// CallMetrics: counts of the AWS calls the controller makes, by service,
// operation and outcome, for the metrics endpoint and for tests that assert
// how many calls (and attempts) a behaviour costs.
//
// A call is one Call()/CallQuery() of a service client, however many attempts
// it took. Each call is recorded once, when it ends, under an outcome:
//   success      a 2xx answer (possibly after retries)
//   throttled    ended by a throttling or quota error (tk::Code kThrottled)
//   transient    ended by a 5xx, transport failure or time-out (kUnavailable)
//   error        ended by any other AWS error answer or local failure
// and, for the last three, the AWS error code ("" for failures without one)
// and the HTTP status of the last answer (0 when none came). Each series sums
// calls, attempts and latency (first attempt to end,
// back-off waits included).
//
// Thread-safe; one instance may serve every client of the process.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace tk::aws {

enum class CallOutcome { kSuccess, kThrottled, kTransient, kError };

// "success", "throttled", "transient", "error".
std::string_view CallOutcomeName(CallOutcome outcome);

struct CallRecord {
  std::string_view service;
  std::string_view operation;
  CallOutcome outcome = CallOutcome::kSuccess;
  std::string_view error_code;  // AWS error code; "" for success and non-AWS failures
  int attempts = 1;
  std::chrono::nanoseconds latency{0};
  int http_status = 0;  // of the last answer; 0 when none came (transport failure)
};

// One series of the snapshot.
struct CallSeries {
  std::string service;
  std::string operation;
  CallOutcome outcome = CallOutcome::kSuccess;
  std::string error_code;
  int http_status = 0;
  long long calls = 0;
  long long attempts = 0;
  std::chrono::nanoseconds latency_sum{0};
};

class CallMetrics {
 public:
  void Record(const CallRecord& record);

  // Every series, ordered by service, operation, outcome and error code.
  std::vector<CallSeries> Snapshot() const;

  // Sums over the series of one service and operation (of one outcome, in
  // the three-argument form), for tests and health checks.
  long long Calls(std::string_view service, std::string_view operation) const;
  long long Attempts(std::string_view service, std::string_view operation) const;
  long long Calls(std::string_view service, std::string_view operation,
                  CallOutcome outcome) const;

 private:
  using Key = std::tuple<std::string, std::string, CallOutcome, std::string, int>;
  struct Totals {
    long long calls = 0;
    long long attempts = 0;
    std::chrono::nanoseconds latency_sum{0};
  };

  mutable std::mutex mutex_;
  std::map<Key, Totals> series_;  // guarded by mutex_
};

}  // namespace tk::aws
