#include "runtime/object_writer.h"

#include <algorithm>

#include <fmt/format.h>

#include "kube/object_cache.h"

namespace tk::runtime {

std::string FinalizerFor(const ResourceKind& kind) { return fmt::format("finalizers.{}/{}", kind.group, kind.kind); }

bool HasFinalizer(const nlohmann::json& object, const std::string& finalizer) {
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return false;
  auto finalizers = metadata->find("finalizers");
  if (finalizers == metadata->end() || !finalizers->is_array()) return false;
  return std::any_of(finalizers->begin(), finalizers->end(),
                     [&](const nlohmann::json& entry) { return entry.is_string() && entry == finalizer; });
}

ObjectWriter::ObjectWriter(kube::RestClient& client, ResourceKind kind, std::string field_manager)
    : client_(client),
      kind_(std::move(kind)),
      field_manager_(std::move(field_manager)),
      finalizer_(FinalizerFor(kind_)) {}

kube::ResourcePath ObjectWriter::PathOf(const nlohmann::json& object, std::string subresource) const {
  return kube::ResourcePath{{kind_.group, kind_.version, kind_.plural},
                            kube::NamespaceOf(object),
                            kube::NameOf(object),
                            std::move(subresource)};
}

Result<nlohmann::json> ObjectWriter::UpdateWithRetry(const nlohmann::json& object, const std::string& subresource,
                                                     const std::function<bool(nlohmann::json&)>& change) {
  nlohmann::json latest = object;
  for (int attempt = 0;; ++attempt) {
    nlohmann::json updated = latest;
    if (!change(updated)) return latest;
    auto written = client_.Update(PathOf(latest, subresource), updated, kube::WriteOptions{field_manager_, {}});
    if (written.ok() || written.status().code() != Code::kConflict || attempt >= kConflictRetries) {
      return written;
    }
    auto fresh = client_.Get(PathOf(latest));
    if (!fresh.ok()) return fresh.status();
    if (!kube::UidOf(object).empty() && kube::UidOf(*fresh) != kube::UidOf(object)) {
      return Status(Code::kNotFound, fmt::format("{} {}/{}: deleted and created again", kind_.kind,
                                                 kube::NamespaceOf(object), kube::NameOf(object)));
    }
    latest = std::move(fresh).value();
  }
}

Result<nlohmann::json> ObjectWriter::AddFinalizer(const nlohmann::json& object) {
  return UpdateWithRetry(object, "", [&](nlohmann::json& copy) {
    if (HasFinalizer(copy, finalizer_)) return false;
    auto& finalizers = copy["metadata"]["finalizers"];
    if (!finalizers.is_array()) finalizers = nlohmann::json::array();
    finalizers.push_back(finalizer_);
    return true;
  });
}

Status ObjectWriter::RemoveFinalizer(const nlohmann::json& object) {
  auto removed = UpdateWithRetry(object, "", [&](nlohmann::json& copy) {
    if (!HasFinalizer(copy, finalizer_)) return false;
    auto& finalizers = copy["metadata"]["finalizers"];
    nlohmann::json kept = nlohmann::json::array();
    for (const auto& entry : finalizers) {
      if (entry != finalizer_) kept.push_back(entry);
    }
    finalizers = std::move(kept);
    return true;
  });
  if (!removed.ok() && removed.status().code() == Code::kNotFound) return {};
  return removed.status();
}

Result<nlohmann::json> ObjectWriter::WriteStatus(const nlohmann::json& object, const nlohmann::json& status) {
  return UpdateWithRetry(object, "status", [&](nlohmann::json& copy) {
    if (copy.contains("status") && copy["status"] == status) return false;
    copy["status"] = status;
    return true;
  });
}

Result<nlohmann::json> ObjectWriter::FillSpec(const nlohmann::json& object, const nlohmann::json& spec_fields) {
  return UpdateWithRetry(object, "", [&](nlohmann::json& copy) {
    auto& spec = copy["spec"];
    if (!spec.is_object()) spec = nlohmann::json::object();
    bool changed = false;
    for (const auto& [field, value] : spec_fields.items()) {
      if (!spec.contains(field) && !value.is_null()) {
        spec[field] = value;
        changed = true;
      }
    }
    return changed;
  });
}

}  // namespace tk::runtime
