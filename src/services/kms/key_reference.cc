#include "services/kms/key_reference.h"

#include <fmt/format.h>

#include <memory>
#include <string_view>

#include "services/kms/object_fields.h"

namespace tk::services::kms {
namespace {

// The condition of `type` in status.conditions, or nullptr.
const nlohmann::json* ConditionOf(const nlohmann::json& object, std::string_view type) {
  if (!object.is_object()) return nullptr;
  const auto status = object.find("status");
  if (status == object.end() || !status->is_object()) return nullptr;
  const auto conditions = status->find("conditions");
  if (conditions == status->end() || !conditions->is_array()) return nullptr;
  for (const nlohmann::json& condition : *conditions) {
    if (StringAt(condition, {"type"}) == type) return &condition;
  }
  return nullptr;
}

bool ConditionIsTrue(const nlohmann::json* condition) {
  return condition != nullptr && StringAt(*condition, {"status"}) == "True";
}

// " (<message>)" from a condition, or nothing when it has none.
std::string MessageOf(const nlohmann::json* condition) {
  if (condition == nullptr) return "";
  const std::string message = StringAt(*condition, {"message"});
  return message.empty() ? "" : fmt::format(" ({})", message);
}

}  // namespace

Result<std::string> UsableKeyArn(const runtime::ReferenceLookup& lookup,
                                 const std::string& namespace_name, const std::string& name) {
  const std::string which = fmt::format("Key {}/{}", namespace_name, name);
  const std::shared_ptr<const nlohmann::json> key = lookup.Get(kKeyKind, namespace_name, name);
  if (key == nullptr) {
    return Status(Code::kFailedPrecondition,
                  fmt::format("{} does not exist; create it or refer to another Key", which));
  }
  if (IsBeingDeleted(*key)) {
    return Status(Code::kFailedPrecondition,
                  fmt::format("{} is being deleted; refer to another Key", which));
  }
  const nlohmann::json* terminal = ConditionOf(*key, "ACK.Terminal");
  if (ConditionIsTrue(terminal)) {
    return Status(Code::kFailedPrecondition,
                  fmt::format("{} is Terminal{}; fix that Key first", which, MessageOf(terminal)));
  }
  const nlohmann::json* synced = ConditionOf(*key, "ACK.ResourceSynced");
  if (!ConditionIsTrue(synced)) {
    return Status(Code::kFailedPrecondition,
                  fmt::format("{} is not synced yet (ACK.ResourceSynced is not True{}); waiting "
                              "for it",
                              which, MessageOf(synced)));
  }
  const std::string arn = StringAt(*key, {"status", "ackResourceMetadata", "arn"});
  if (arn.empty()) {
    return Status(Code::kFailedPrecondition,
                  fmt::format("{} has no status.ackResourceMetadata.arn yet; waiting for it",
                              which));
  }
  const std::string key_state = StringAt(*key, {"status", "keyState"});
  if (key_state != "Enabled") {
    return Status(Code::kFailedPrecondition,
                  fmt::format("{} ({}) is not usable: its key state is {}, not Enabled; enable "
                              "the key (or cancel its deletion) in KMS, or refer to another Key",
                              which, arn, key_state.empty() ? "unknown" : key_state));
  }
  return arn;
}

}  // namespace tk::services::kms
