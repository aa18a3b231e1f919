// The ACK conditions on status.conditions, and how they are set.
//
// A condition is {type, status: "True"|"False"|"Unknown", reason, message,
// lastTransitionTime}. lastTransitionTime moves only when status changes, so
// writing the same outcome twice changes nothing (and a reconcile that finds
// nothing new writes no status at all).
//
// The types (DESIGN.md section 2):
//   ACK.ResourceSynced      the AWS resource matches the spec
//   ACK.Terminal            the spec cannot work as written; a person must act
//   ACK.Recoverable         the last attempt failed; the controller retries
//   ACK.ReferencesResolved  every reference points at a usable object
//   ACK.Advisory            something a person should know; nothing is wrong
//   Ready                   synced and not terminal: the one to wait for
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tk::runtime {

inline constexpr std::string_view kConditionResourceSynced = "ACK.ResourceSynced";
inline constexpr std::string_view kConditionTerminal = "ACK.Terminal";
inline constexpr std::string_view kConditionRecoverable = "ACK.Recoverable";
inline constexpr std::string_view kConditionReferencesResolved = "ACK.ReferencesResolved";
inline constexpr std::string_view kConditionAdvisory = "ACK.Advisory";
inline constexpr std::string_view kConditionReady = "Ready";

struct Condition {
  std::string type;
  std::string status;  // "True", "False" or "Unknown"
  std::string reason;  // UpperCamelCase
  std::string message;
};

// Sets `condition` in status.conditions of `status` (an object; conditions is
// created when missing), keeping lastTransitionTime when the status is
// unchanged and stamping `now` otherwise.
void SetCondition(nlohmann::json& status, const Condition& condition,
                  std::chrono::system_clock::time_point now);

// Removes the condition of `type`, if any.
void RemoveCondition(nlohmann::json& status, std::string_view type);

// The condition of `type` in `status`, if any.
std::optional<Condition> FindCondition(const nlohmann::json& status, std::string_view type);

// True when `object` has the condition `type` with status "True".
bool ConditionIsTrue(const nlohmann::json& object, std::string_view type);

}  // namespace tk::runtime
