// The AWS writes a Table plan step may carry, and the one way they are built
// (by the planner) and sent (by the resource manager).
//
// A step's `operation` is the DynamoDB operation's name and its `request` is
// that operation's JSON input, exactly as AWS takes it (the typed structs of
// aws/dynamodb_operations.h encode and decode it). So `tablekeeper plan`
// shows the very request Apply sends, and the fingerprint, made from the
// operation and the request with object members sorted, is equal for equal
// writes and different for any other (DESIGN.md section 3: the write-loop
// guard counts fingerprints).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/dynamodb_client.h"
#include "runtime/resource_manager.h"
#include "util/status.h"

namespace tk::services::dynamodb {

namespace step_operation {
inline constexpr std::string_view kUpdateTable = "UpdateTable";
inline constexpr std::string_view kUpdateTimeToLive = "UpdateTimeToLive";
inline constexpr std::string_view kUpdateContinuousBackups = "UpdateContinuousBackups";
inline constexpr std::string_view kUpdateContributorInsights = "UpdateContributorInsights";
inline constexpr std::string_view kTagResource = "TagResource";
inline constexpr std::string_view kUntagResource = "UntagResource";
inline constexpr std::string_view kPutResourcePolicy = "PutResourcePolicy";
inline constexpr std::string_view kDeleteResourcePolicy = "DeleteResourcePolicy";
}  // namespace step_operation

// "UpdateTable/0123456789abcdef": the operation and a 64-bit FNV-1a hash of
// the request's canonical text (nlohmann's dump sorts object members).
std::string StepFingerprint(std::string_view operation, const nlohmann::json& request);

// A step with its fingerprint filled in.
runtime::PlanStep MakeStep(std::string_view operation, std::vector<std::string> fields,
                           std::string description, nlohmann::json request);

// What AWS answered to a step that changes the table itself: the table as
// UpdateTable left it (for the status); unset for the other operations.
struct StepOutcome {
  std::optional<aws::dynamodb::TableDescription> table;
};

// Sends `step` through `client`. A request that does not decode as its
// operation's input is kInvalidArgument (a step from another version of the
// planner); an unknown operation too. AWS's errors come back as the client
// answered them (kThrottled for LimitExceededException, kFailedPrecondition
// for ResourceInUseException, ...).
Result<StepOutcome> SendStep(aws::dynamodb::DynamoDbClient& client, const runtime::PlanStep& step);

}  // namespace tk::services::dynamodb
