#include "services/kms/plan_step.h"

#include <fmt/format.h>

#include <utility>

namespace tk::services::kms {

runtime::PlanStep StepSending(std::string operation, std::vector<std::string> fields,
                              std::string description, nlohmann::json request) {
  runtime::PlanStep step;
  step.fingerprint = fmt::format("{} {}", operation, request.dump());
  step.operation = std::move(operation);
  step.fields = std::move(fields);
  step.description = std::move(description);
  step.request = std::move(request);
  return step;
}

}  // namespace tk::services::kms
