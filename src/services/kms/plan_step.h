// StepSending: a PlanStep of the KMS managers. Its request is the KMS
// operation's input as the JSON protocol sends it ({"KeyId": ..., ...}), and
// its fingerprint the operation and that request (object members in sorted
// order), so identical writes have equal fingerprints and the runtime's
// write-loop guard can count them.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/resource_manager.h"

namespace tk::services::kms {

runtime::PlanStep StepSending(std::string operation, std::vector<std::string> fields,
                              std::string description, nlohmann::json request);

}  // namespace tk::services::kms
