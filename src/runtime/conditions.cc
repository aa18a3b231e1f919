#include "runtime/conditions.h"

#include "kube/event_time.h"

namespace tk::runtime {

namespace {

std::string StringField(const nlohmann::json& entry, const char* name) {
  auto field = entry.find(name);
  return field != entry.end() && field->is_string() ? field->get<std::string>() : std::string();
}

nlohmann::json* FindEntry(nlohmann::json& status, std::string_view type) {
  auto conditions = status.find("conditions");
  if (conditions == status.end() || !conditions->is_array()) return nullptr;
  for (auto& entry : *conditions) {
    if (entry.is_object() && StringField(entry, "type") == type) return &entry;
  }
  return nullptr;
}

}  // namespace

void SetCondition(nlohmann::json& status, const Condition& condition,
                  std::chrono::system_clock::time_point now) {
  if (!status.is_object()) status = nlohmann::json::object();
  auto& conditions = status["conditions"];
  if (!conditions.is_array()) conditions = nlohmann::json::array();

  nlohmann::json* entry = FindEntry(status, condition.type);
  std::string transition = kube::FormatKubeTime(now);
  if (entry != nullptr && StringField(*entry, "status") == condition.status &&
      !StringField(*entry, "lastTransitionTime").empty()) {
    transition = StringField(*entry, "lastTransitionTime");
  }
  nlohmann::json updated = {{"type", condition.type},
                            {"status", condition.status},
                            {"lastTransitionTime", transition}};
  if (!condition.reason.empty()) updated["reason"] = condition.reason;
  if (!condition.message.empty()) updated["message"] = condition.message;
  if (entry != nullptr) {
    *entry = std::move(updated);
  } else {
    conditions.push_back(std::move(updated));
  }
}

void RemoveCondition(nlohmann::json& status, std::string_view type) {
  auto conditions = status.find("conditions");
  if (conditions == status.end() || !conditions->is_array()) return;
  nlohmann::json kept = nlohmann::json::array();
  for (auto& entry : *conditions) {
    if (!(entry.is_object() && StringField(entry, "type") == type)) kept.push_back(entry);
  }
  *conditions = std::move(kept);
}

std::optional<Condition> FindCondition(const nlohmann::json& status, std::string_view type) {
  if (!status.is_object()) return std::nullopt;
  auto conditions = status.find("conditions");
  if (conditions == status.end() || !conditions->is_array()) return std::nullopt;
  for (const auto& entry : *conditions) {
    if (entry.is_object() && StringField(entry, "type") == type) {
      return Condition{StringField(entry, "type"), StringField(entry, "status"), StringField(entry, "reason"),
                       StringField(entry, "message")};
    }
  }
  return std::nullopt;
}

bool ConditionIsTrue(const nlohmann::json& object, std::string_view type) {
  auto status = object.find("status");
  if (status == object.end()) return false;
  auto condition = FindCondition(*status, type);
  return condition && condition->status == "True";
}

}  // namespace tk::runtime
