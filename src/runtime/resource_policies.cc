#include "runtime/resource_policies.h"

#include <charconv>

#include <fmt/format.h>

namespace tk::runtime {

namespace {

Status BadAnnotation(std::string_view name, std::string_view value, std::string_view allowed) {
  return Status(Code::kInvalidArgument,
                fmt::format("annotation {}: \"{}\" is not valid; use {}", name, value, allowed));
}

}  // namespace

std::optional<std::string> AnnotationOf(const nlohmann::json& object, std::string_view name) {
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return std::nullopt;
  auto annotations = metadata->find("annotations");
  if (annotations == metadata->end() || !annotations->is_object()) return std::nullopt;
  auto value = annotations->find(std::string(name));
  if (value == annotations->end() || !value->is_string()) return std::nullopt;
  return value->get<std::string>();
}

Result<DeletionPolicy> ParseDeletionPolicy(std::string_view text) {
  if (text == "delete") return DeletionPolicy::kDelete;
  if (text == "retain") return DeletionPolicy::kRetain;
  return BadAnnotation(kDeletionPolicyAnnotation, text, "\"delete\" or \"retain\"");
}

Result<ResourcePolicies> ReadResourcePolicies(const nlohmann::json& object, DeletionPolicy default_deletion) {
  ResourcePolicies policies;
  policies.deletion = default_deletion;
  if (auto deletion = AnnotationOf(object, kDeletionPolicyAnnotation)) {
    auto parsed = ParseDeletionPolicy(*deletion);
    if (!parsed.ok()) return parsed.status();
    policies.deletion = *parsed;
  }
  if (auto adoption = AnnotationOf(object, kAdoptionPolicyAnnotation)) {
    if (*adoption == "adopt") {
      policies.adoption = AdoptionPolicy::kAdopt;
    } else if (*adoption == "adopt-or-create") {
      policies.adoption = AdoptionPolicy::kAdoptOrCreate;
    } else {
      return BadAnnotation(kAdoptionPolicyAnnotation, *adoption, "\"adopt\" or \"adopt-or-create\"");
    }
  }
  if (auto fields = AnnotationOf(object, kAdoptionFieldsAnnotation)) {
    auto parsed = nlohmann::json::parse(*fields, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_object()) {
      return BadAnnotation(kAdoptionFieldsAnnotation, *fields,
                           "a JSON object naming the resource, e.g. {\"tableName\": \"orders\"}");
    }
    policies.adoption_fields = std::move(parsed);
  }
  if (auto read_only = AnnotationOf(object, kReadOnlyAnnotation)) {
    if (*read_only == "true") {
      policies.read_only = true;
    } else if (*read_only != "false") {
      return BadAnnotation(kReadOnlyAnnotation, *read_only, "\"true\" or \"false\"");
    }
  }
  if (auto resync = AnnotationOf(object, kResyncSecondsAnnotation)) {
    long long seconds = 0;
    auto [end, error] = std::from_chars(resync->data(), resync->data() + resync->size(), seconds);
    if (error != std::errc() || end != resync->data() + resync->size() || seconds < 1 ||
        seconds > kMaxResyncSeconds) {
      return BadAnnotation(kResyncSecondsAnnotation, *resync,
                           fmt::format("a whole number of seconds from 1 to {}", kMaxResyncSeconds));
    }
    policies.resync = std::chrono::seconds(seconds);
  }
  return policies;
}

Result<std::string> ResolveRegion(const nlohmann::json& object, const nlohmann::json* namespace_object,
                                  const std::string& default_region) {
  static const auto kStatusRegion = "/status/ackResourceMetadata/region"_json_pointer;
  if (object.contains(kStatusRegion) && object[kStatusRegion].is_string() &&
      !object[kStatusRegion].get<std::string>().empty()) {
    return object[kStatusRegion].get<std::string>();
  }
  if (auto annotated = AnnotationOf(object, kRegionAnnotation); annotated && !annotated->empty()) {
    return *annotated;
  }
  if (namespace_object != nullptr) {
    if (auto annotated = AnnotationOf(*namespace_object, kNamespaceDefaultRegionAnnotation);
        annotated && !annotated->empty()) {
      return *annotated;
    }
  }
  if (!default_region.empty()) return default_region;
  return Status(Code::kInvalidArgument,
                fmt::format("no AWS region: set the annotation {} on the object, {} on its namespace, "
                            "or start the controller with --aws-region",
                            kRegionAnnotation, kNamespaceDefaultRegionAnnotation));
}

}  // namespace tk::runtime
