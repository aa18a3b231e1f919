#include "services/kms/object_fields.h"

namespace tk::services::kms {

const nlohmann::json* MemberAt(const nlohmann::json& object,
                               std::initializer_list<std::string_view> path) {
  const nlohmann::json* node = &object;
  for (std::string_view step : path) {
    if (!node->is_object()) return nullptr;
    const auto found = node->find(step);
    if (found == node->end() || found->is_null()) return nullptr;
    node = &*found;
  }
  return node;
}

std::string StringAt(const nlohmann::json& object, std::initializer_list<std::string_view> path) {
  const nlohmann::json* value = MemberAt(object, path);
  return value != nullptr && value->is_string() ? value->get<std::string>() : "";
}

bool IsBeingDeleted(const nlohmann::json& object) {
  return MemberAt(object, {"metadata", "deletionTimestamp"}) != nullptr;
}

}  // namespace tk::services::kms
