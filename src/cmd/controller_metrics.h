// The controller's /metrics page in the Prometheus text exposition format
// (0.0.4). prometheus-cpp is not packaged for Debian 12, and the format is a
// few lines of text, so we write it here.
//
// Series:
//   ack_outbound_api_requests_total{service,op_type,op_id}          ACK's name
//   ack_outbound_api_requests_error_total{service,op_id,status_code}  ACK's name
//   tablekeeper_aws_throttled_total{service,op_id}
//   tablekeeper_reconcile_total{kind,outcome}
//   tablekeeper_reconcile_duration_seconds{kind} (histogram)
//   tablekeeper_workqueue_depth
//   tablekeeper_ready (1 when caches are synced and this instance leads)
#pragma once

#include <string>

#include "aws/call_metrics.h"
#include "runtime/controller_manager.h"

namespace tk::cmd {

// ACK's op_type of an AWS operation: READ_ONE (Describe*, Get*), READ_MANY
// (List*), CREATE, DELETE (Delete*, ScheduleKeyDeletion), else UPDATE.
std::string OperationType(std::string_view operation);

std::string RenderControllerMetrics(const runtime::ControllerManager& manager, const aws::CallMetrics& aws_calls);

}  // namespace tk::cmd
