// Reading members of a Kubernetes object (nlohmann::json) without throwing,
// for the KMS managers: a missing member, or one of another type, reads as
// absent. Pure functions; thread-safe.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tk::services::kms {

// The member at `path` (e.g. {"status", "keyID"}), or nullptr when a step is
// missing, null, or not an object.
const nlohmann::json* MemberAt(const nlohmann::json& object,
                               std::initializer_list<std::string_view> path);

// The string at `path`, or "" when it is absent or not a string.
std::string StringAt(const nlohmann::json& object, std::initializer_list<std::string_view> path);

// Whether metadata.deletionTimestamp is set: the object is being deleted.
bool IsBeingDeleted(const nlohmann::json& object);

}  // namespace tk::services::kms
