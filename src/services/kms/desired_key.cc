#include "services/kms/desired_key.h"

#include <fmt/format.h>

#include <charconv>
#include <string_view>

#include "services/policy_document.h"

namespace tk::services::kms {
namespace {

// Reads optional members of one JSON object, keeping the first error.
class FieldReader {
 public:
  FieldReader(const nlohmann::json& object, std::string path)
      : object_(object), path_(std::move(path)) {}

  void String(std::string_view name, std::optional<std::string>& out) {
    const nlohmann::json* value = Find(name);
    if (value == nullptr) return;
    if (!value->is_string()) return Wrong(name, "a string", *value);
    out = value->get<std::string>();
  }

  void Bool(std::string_view name, std::optional<bool>& out) {
    const nlohmann::json* value = Find(name);
    if (value == nullptr) return;
    if (!value->is_boolean()) return Wrong(name, "true or false", *value);
    out = value->get<bool>();
  }

  // The member, or nullptr when absent or null.
  const nlohmann::json* Find(std::string_view name) const {
    if (!object_.is_object()) return nullptr;
    const auto found = object_.find(name);
    if (found == object_.end() || found->is_null()) return nullptr;
    return &*found;
  }

  void Fail(Status status) {
    if (status_.ok()) status_ = std::move(status);
  }
  const Status& status() const { return status_; }

 private:
  void Wrong(std::string_view name, std::string_view expected, const nlohmann::json& value) {
    Fail(Status(Code::kInvalidArgument,
                fmt::format("{}.{}: expected {}, found a {}; fix the field", path_, name, expected,
                            value.type_name())));
  }

  const nlohmann::json& object_;
  const std::string path_;
  Status status_;
};

Result<std::map<std::string, std::string>> TagsOf(const nlohmann::json& list) {
  if (!list.is_array()) {
    return Status(Code::kInvalidArgument,
                  fmt::format("spec.tags: expected a list of {{tagKey, tagValue}}, found a {}",
                              list.type_name()));
  }
  std::map<std::string, std::string> tags;
  for (size_t index = 0; index < list.size(); ++index) {
    const std::string path = fmt::format("spec.tags[{}]", index);
    FieldReader tag(list[index], path);
    if (!list[index].is_object()) {
      return Status(Code::kInvalidArgument,
                    fmt::format("{}: expected {{tagKey, tagValue}}, found a {}", path,
                                list[index].type_name()));
    }
    std::optional<std::string> key;
    std::optional<std::string> value;
    tag.String("tagKey", key);
    tag.String("tagValue", value);
    if (!tag.status().ok()) return tag.status();
    if (!key || key->empty()) {
      return Status(Code::kInvalidArgument,
                    fmt::format("{}.tagKey: every tag needs a non-empty tagKey", path));
    }
    if (!tags.emplace(*key, value.value_or("")).second) {
      return Status(Code::kInvalidArgument,
                    fmt::format("{}.tagKey: \"{}\" appears twice in spec.tags; a key has one "
                                "value per tag key, keep one",
                                path, *key));
    }
  }
  return tags;
}

}  // namespace

Result<DesiredKey> DesiredKeyOf(const nlohmann::json& object) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const nlohmann::json* spec = &kEmpty;
  if (object.is_object()) {
    const auto found = object.find("spec");
    if (found != object.end() && !found->is_null()) spec = &*found;
  }
  if (!spec->is_object()) {
    return Status(Code::kInvalidArgument,
                  fmt::format("spec: expected an object, found a {}", spec->type_name()));
  }
  FieldReader fields(*spec, "spec");
  DesiredKey key;
  fields.String("description", key.description);
  fields.String("keySpec", key.key_spec);
  fields.String("keyUsage", key.key_usage);
  fields.String("origin", key.origin);
  fields.Bool("multiRegion", key.multi_region);
  fields.String("customKeyStoreID", key.custom_key_store_id);
  fields.String("policy", key.policy);
  fields.Bool("bypassPolicyLockoutSafetyCheck", key.bypass_policy_lockout_safety_check);
  fields.Bool("enableKeyRotation", key.enable_key_rotation);
  fields.Bool("enabled", key.enabled);
  if (const nlohmann::json* tags = fields.Find("tags")) {
    Result<std::map<std::string, std::string>> parsed = TagsOf(*tags);
    if (!parsed.ok()) return parsed.status();
    key.tags = std::move(*parsed);
  }
  if (!fields.status().ok()) return fields.status();
  if (key.policy) {
    if (Result<nlohmann::json> policy = ParsePolicy(*key.policy); !policy.ok()) {
      return Status(Code::kInvalidArgument, fmt::format("spec.policy: {}; fix the policy document",
                                                        policy.status().message()));
    }
  }
  return key;
}

Result<int> PendingWindowInDaysOf(const nlohmann::json& object) {
  const nlohmann::json* annotations = nullptr;
  if (object.is_object()) {
    const auto metadata = object.find("metadata");
    if (metadata != object.end() && metadata->is_object()) {
      const auto found = metadata->find("annotations");
      if (found != metadata->end() && found->is_object()) annotations = &*found;
    }
  }
  if (annotations == nullptr) return kDefaultPendingWindowDays;
  const auto annotation = annotations->find(kPendingWindowAnnotation);
  if (annotation == annotations->end()) return kDefaultPendingWindowDays;

  const std::string text = annotation->is_string() ? annotation->get<std::string>() : "";
  int days = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, days);
  if (text.empty() || error != std::errc() || stop != end || days < kMinPendingWindowDays ||
      days > kMaxPendingWindowDays) {
    return Status(Code::kInvalidArgument,
                  fmt::format("annotation {} is \"{}\": it must be a whole number of days from {} "
                              "to {}; fix the annotation (or remove it for {} days)",
                              kPendingWindowAnnotation, text, kMinPendingWindowDays,
                              kMaxPendingWindowDays, kDefaultPendingWindowDays));
  }
  return days;
}

nlohmann::json TagListJson(const std::map<std::string, std::string>& tags) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [key, value] : tags) list.push_back({{"tagKey", key}, {"tagValue", value}});
  return list;
}

}  // namespace tk::services::kms
