// EventRecorder: how the controller tells people what it did to an object,
// as core/v1 Events they see with `kubectl describe` and `kubectl get events`.
//
// Recording is fire-and-forget: it never blocks on the API server and never
// fails the caller. Events are best effort; an implementation may coalesce
// repeats and drop excess (EventRecorderImpl in event_recorder_impl.h does
// both, so a reconcile loop cannot flood etcd).
//
// Reconcilers take an EventRecorder&, so their tests can pass a fake.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tk::kube {

enum class EventType {
  kNormal,   // "Normal": something worked
  kWarning,  // "Warning": something a person may have to act on
};

// "Normal" or "Warning".
std::string_view EventTypeName(EventType type);

// The object an event is about: the Event's involvedObject.
struct ObjectReference {
  std::string api_version;  // "dynamodb.services.k8s.aws/v1alpha1"
  std::string kind;         // "Table"
  std::string namespace_name;  // "" for cluster-scoped objects
  std::string name;
  std::string uid;
  std::string resource_version;  // the version the event is about

  bool operator==(const ObjectReference&) const = default;
};

// The reference to `object` as the API server returns it (apiVersion, kind,
// metadata.namespace/name/uid/resourceVersion); absent fields read as "".
ObjectReference ReferenceTo(const nlohmann::json& object);

class EventRecorder {
 public:
  virtual ~EventRecorder() = default;

  // Records that `reason` (UpperCamelCase, e.g. "UpdateThrottled") happened
  // to `object`, explained by `message` for a person. Thread-safe; returns
  // without waiting for the API server.
  virtual void Record(const ObjectReference& object, EventType type, std::string_view reason,
                      std::string_view message) = 0;
};

using EventRecorderPtr = std::unique_ptr<EventRecorder>;

}  // namespace tk::kube
