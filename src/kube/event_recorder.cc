#include "kube/event_recorder.h"

namespace tk::kube {
namespace {

std::string StringAt(const nlohmann::json& object, const char* field) {
  if (!object.is_object()) return "";
  const auto it = object.find(field);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string_view EventTypeName(EventType type) {
  switch (type) {
    case EventType::kNormal: return "Normal";
    case EventType::kWarning: return "Warning";
  }
  return "Normal";
}

ObjectReference ReferenceTo(const nlohmann::json& object) {
  ObjectReference reference;
  reference.api_version = StringAt(object, "apiVersion");
  reference.kind = StringAt(object, "kind");
  if (object.is_object()) {
    const auto metadata = object.find("metadata");
    if (metadata != object.end()) {
      reference.namespace_name = StringAt(*metadata, "namespace");
      reference.name = StringAt(*metadata, "name");
      reference.uid = StringAt(*metadata, "uid");
      reference.resource_version = StringAt(*metadata, "resourceVersion");
    }
  }
  return reference;
}

}  // namespace tk::kube
