#include "cmd/controller_metrics.h"

#include <map>
#include <tuple>

#include <fmt/format.h>

namespace tk::cmd {

namespace {

bool StartsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// A label value with \, " and newlines escaped.
std::string Escape(std::string_view value) {
  std::string escaped;
  for (char c : value) {
    if (c == '\\' || c == '"') escaped += '\\';
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped += c;
  }
  return escaped;
}

void Header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

std::string OperationType(std::string_view operation) {
  if (StartsWith(operation, "Describe") || StartsWith(operation, "Get")) return "READ_ONE";
  if (StartsWith(operation, "List")) return "READ_MANY";
  if (StartsWith(operation, "Create")) return "CREATE";
  if (StartsWith(operation, "Delete") || operation == "ScheduleKeyDeletion") return "DELETE";
  return "UPDATE";
}

std::string RenderControllerMetrics(const runtime::ControllerManager& manager, const aws::CallMetrics& aws_calls) {
  std::map<std::tuple<std::string, std::string>, long long> requests;
  std::map<std::tuple<std::string, std::string, int>, long long> errors;
  std::map<std::tuple<std::string, std::string>, long long> throttled;
  for (const auto& series : aws_calls.Snapshot()) {
    requests[{series.service, series.operation}] += series.calls;
    if (series.outcome != aws::CallOutcome::kSuccess) {
      errors[{series.service, series.operation, series.http_status}] += series.calls;
    }
    if (series.outcome == aws::CallOutcome::kThrottled) throttled[{series.service, series.operation}] += series.calls;
  }

  std::string out;
  Header(out, "ack_outbound_api_requests_total", "counter", "AWS API calls, by service and operation.");
  for (const auto& [key, calls] : requests) {
    const auto& [service, operation] = key;
    out += fmt::format("ack_outbound_api_requests_total{{service=\"{}\",op_type=\"{}\",op_id=\"{}\"}} {}\n",
                       Escape(service), OperationType(operation), Escape(operation), calls);
  }
  Header(out, "ack_outbound_api_requests_error_total", "counter",
         "AWS API calls that failed, by HTTP status (0: no answer).");
  for (const auto& [key, calls] : errors) {
    const auto& [service, operation, status] = key;
    out += fmt::format("ack_outbound_api_requests_error_total{{service=\"{}\",op_id=\"{}\",status_code=\"{}\"}} {}\n",
                       Escape(service), Escape(operation), status, calls);
  }
  Header(out, "tablekeeper_aws_throttled_total", "counter", "AWS API calls that ended throttled or over quota.");
  for (const auto& [key, calls] : throttled) {
    const auto& [service, operation] = key;
    out += fmt::format("tablekeeper_aws_throttled_total{{service=\"{}\",op_id=\"{}\"}} {}\n", Escape(service),
                       Escape(operation), calls);
  }

  const auto reconciles = manager.stats().Snapshot();
  Header(out, "tablekeeper_reconcile_total", "counter", "Reconciles, by kind and outcome.");
  for (const auto& series : reconciles) {
    out += fmt::format("tablekeeper_reconcile_total{{kind=\"{}\",outcome=\"{}\"}} {}\n", Escape(series.kind),
                       series.outcome, series.count);
  }
  Header(out, "tablekeeper_reconcile_duration_seconds", "histogram", "Time per reconcile, by kind.");
  std::map<std::string, runtime::ReconcileStats::Series> by_kind;
  for (const auto& series : reconciles) {
    auto& total = by_kind[series.kind];
    total.count += series.count;
    total.seconds_total += series.seconds_total;
    for (size_t i = 0; i < total.buckets.size(); ++i) total.buckets[i] += series.buckets[i];
  }
  for (const auto& [kind, series] : by_kind) {
    for (size_t i = 0; i < runtime::ReconcileStats::kBucketBounds.size(); ++i) {
      out += fmt::format("tablekeeper_reconcile_duration_seconds_bucket{{kind=\"{}\",le=\"{}\"}} {}\n", Escape(kind),
                         runtime::ReconcileStats::kBucketBounds[i], series.buckets[i]);
    }
    out += fmt::format("tablekeeper_reconcile_duration_seconds_bucket{{kind=\"{}\",le=\"+Inf\"}} {}\n", Escape(kind),
                       series.count);
    out += fmt::format("tablekeeper_reconcile_duration_seconds_sum{{kind=\"{}\"}} {}\n", Escape(kind),
                       series.seconds_total);
    out += fmt::format("tablekeeper_reconcile_duration_seconds_count{{kind=\"{}\"}} {}\n", Escape(kind), series.count);
  }
  Header(out, "tablekeeper_workqueue_depth", "gauge", "Objects waiting in the work queue.");
  out += fmt::format("tablekeeper_workqueue_depth {}\n", manager.QueueDepth());
  Header(out, "tablekeeper_ready", "gauge", "1 when the caches are synced and this instance leads.");
  out += fmt::format("tablekeeper_ready {}\n", manager.Ready() ? 1 : 0);
  return out;
}

}  // namespace tk::cmd
