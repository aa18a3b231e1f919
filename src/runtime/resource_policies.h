// The annotations that steer how the controller treats one object, as ACK
// names them (DESIGN.md section 2), read and checked in one place.
//
//   services.k8s.aws/deletion-policy   "delete" | "retain"
//   services.k8s.aws/adoption-policy   "adopt" | "adopt-or-create"
//   services.k8s.aws/adoption-fields   JSON object naming the resource to adopt
//   services.k8s.aws/read-only         "true" | "false"
//   services.k8s.aws/region            the object's region
//   on the Namespace:
//   services.k8s.aws/default-region    the namespace's region
//   services.k8s.aws/owner-account-id  the namespace's AWS account
//   ours (additive):
//   tablekeeper.io/resync-seconds      this object's resync period
//
// A malformed value is an error naming the annotation, the value and what is
// allowed (the runtime makes it ACK.Terminal); it is never guessed at.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace tk::runtime {

inline constexpr std::string_view kDeletionPolicyAnnotation = "services.k8s.aws/deletion-policy";
inline constexpr std::string_view kAdoptionPolicyAnnotation = "services.k8s.aws/adoption-policy";
inline constexpr std::string_view kAdoptionFieldsAnnotation = "services.k8s.aws/adoption-fields";
inline constexpr std::string_view kReadOnlyAnnotation = "services.k8s.aws/read-only";
inline constexpr std::string_view kRegionAnnotation = "services.k8s.aws/region";
inline constexpr std::string_view kNamespaceDefaultRegionAnnotation = "services.k8s.aws/default-region";
inline constexpr std::string_view kNamespaceOwnerAccountAnnotation = "services.k8s.aws/owner-account-id";
inline constexpr std::string_view kResyncSecondsAnnotation = "tablekeeper.io/resync-seconds";
// The longest resync period: 366 days.
inline constexpr long long kMaxResyncSeconds = 31622400;

enum class DeletionPolicy { kDelete, kRetain };
enum class AdoptionPolicy { kNone, kAdopt, kAdoptOrCreate };

// Parses "delete" or "retain".
Result<DeletionPolicy> ParseDeletionPolicy(std::string_view text);

// How the controller treats one object, from its annotations.
struct ResourcePolicies {
  DeletionPolicy deletion = DeletionPolicy::kDelete;
  AdoptionPolicy adoption = AdoptionPolicy::kNone;
  nlohmann::json adoption_fields;  // an object, or null when absent
  bool read_only = false;
  std::optional<std::chrono::seconds> resync;
};

// The policies of `object`; `default_deletion` applies when the annotation is
// absent (the --deletion-policy flag).
Result<ResourcePolicies> ReadResourcePolicies(const nlohmann::json& object, DeletionPolicy default_deletion);

// The annotation `name` of `object`, or nullopt.
std::optional<std::string> AnnotationOf(const nlohmann::json& object, std::string_view name);

// Where the object's AWS resource lives: status.ackResourceMetadata.region
// (fixed once created), else the object's region annotation, else its
// namespace's default-region annotation (`namespace_object` may be null),
// else `default_region` (--aws-region). kInvalidArgument when all are empty.
Result<std::string> ResolveRegion(const nlohmann::json& object, const nlohmann::json* namespace_object,
                                  const std::string& default_region);

}  // namespace tk::runtime
