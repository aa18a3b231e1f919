#include "kube/object_cache.h"

#include <fmt/format.h>

#include <exception>
#include <mutex>

namespace tk::kube {
namespace {

using nlohmann::json;

std::string MetadataString(const json& object, const char* field) {
  if (!object.is_object()) return "";
  const auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return "";
  const auto value = metadata->find(field);
  return value != metadata->end() && value->is_string() ? value->get<std::string>() : "";
}

}  // namespace

std::string NamespaceOf(const json& object) { return MetadataString(object, "namespace"); }
std::string NameOf(const json& object) { return MetadataString(object, "name"); }
std::string ResourceVersionOf(const json& object) { return MetadataString(object, "resourceVersion"); }
std::string UidOf(const json& object) { return MetadataString(object, "uid"); }

void StripManagedFields(nlohmann::json& object) {
  auto metadata = object.find("metadata");
  if (metadata != object.end() && metadata->is_object()) metadata->erase("managedFields");
}

std::string ObjectKeyOf(const json& object) {
  std::string name = NameOf(object);
  if (name.empty()) return "";
  std::string namespace_name = NamespaceOf(object);
  return namespace_name.empty() ? name : namespace_name + "/" + name;
}

ObjectCache::ObjectCache() {
  indexes_.emplace(std::string(kNamespaceIndex), Index{[](const json& object) -> std::vector<std::string> {
                     std::string namespace_name = NamespaceOf(object);
                     if (namespace_name.empty()) return {};
                     return {std::move(namespace_name)};
                   }, {}});
}

std::set<std::string> ObjectCache::ValuesOf(const Index& index, const json& object) {
  try {
    std::vector<std::string> values = index.function(object);
    return std::set<std::string>(std::make_move_iterator(values.begin()), std::make_move_iterator(values.end()));
  } catch (...) {
    return {};  // documented: a throwing index function indexes the object under nothing
  }
}

void ObjectCache::IndexLocked(Index& index, const std::string& key, const json& object) {
  for (const std::string& value : ValuesOf(index, object)) index.keys_by_value[value].insert(key);
}

void ObjectCache::UnindexLocked(Index& index, const std::string& key, const json& object) {
  for (const std::string& value : ValuesOf(index, object)) {
    const auto keys = index.keys_by_value.find(value);
    if (keys == index.keys_by_value.end()) continue;
    keys->second.erase(key);
    if (keys->second.empty()) index.keys_by_value.erase(keys);
  }
}

Status ObjectCache::AddIndex(const std::string& name, IndexFunc index) {
  if (name.empty()) return Status(Code::kInvalidArgument, "AddIndex: the index needs a name");
  if (!index) return Status(Code::kInvalidArgument, fmt::format("AddIndex \"{}\": no index function", name));
  std::unique_lock lock(mutex_);
  if (indexes_.contains(name)) {
    return Status(Code::kAlreadyExists, fmt::format("AddIndex: an index named \"{}\" exists already", name));
  }
  Index& added = indexes_.emplace(name, Index{std::move(index), {}}).first->second;
  for (const auto& [key, object] : objects_) IndexLocked(added, key, *object);
  return OkStatus();
}

ObjectPtr ObjectCache::Put(ObjectPtr object) {
  if (!object) return nullptr;
  std::string key = ObjectKeyOf(*object);
  if (key.empty()) return nullptr;
  std::unique_lock lock(mutex_);
  ObjectPtr replaced;
  auto [slot, inserted] = objects_.try_emplace(key, object);
  if (!inserted) {
    replaced = std::move(slot->second);
    slot->second = object;
    for (auto& [name, index] : indexes_) UnindexLocked(index, key, *replaced);
  }
  for (auto& [name, index] : indexes_) IndexLocked(index, key, *object);
  return replaced;
}

ObjectPtr ObjectCache::Remove(const std::string& key) {
  std::unique_lock lock(mutex_);
  const auto found = objects_.find(key);
  if (found == objects_.end()) return nullptr;
  ObjectPtr removed = std::move(found->second);
  objects_.erase(found);
  for (auto& [name, index] : indexes_) UnindexLocked(index, key, *removed);
  return removed;
}

ObjectPtr ObjectCache::Get(const std::string& key) const {
  std::shared_lock lock(mutex_);
  const auto found = objects_.find(key);
  return found == objects_.end() ? nullptr : found->second;
}

std::vector<ObjectPtr> ObjectCache::List() const {
  std::shared_lock lock(mutex_);
  std::vector<ObjectPtr> objects;
  objects.reserve(objects_.size());
  for (const auto& [key, object] : objects_) objects.push_back(object);
  return objects;
}

std::vector<std::string> ObjectCache::Keys() const {
  std::shared_lock lock(mutex_);
  std::vector<std::string> keys;
  keys.reserve(objects_.size());
  for (const auto& [key, object] : objects_) keys.push_back(key);
  return keys;
}

size_t ObjectCache::Size() const {
  std::shared_lock lock(mutex_);
  return objects_.size();
}

Result<std::vector<ObjectPtr>> ObjectCache::ByIndex(std::string_view index, std::string_view value) const {
  std::shared_lock lock(mutex_);
  const auto found = indexes_.find(index);
  if (found == indexes_.end()) return Status(Code::kNotFound, fmt::format("no index named \"{}\"", index));
  std::vector<ObjectPtr> objects;
  const auto keys = found->second.keys_by_value.find(value);
  if (keys == found->second.keys_by_value.end()) return objects;
  objects.reserve(keys->second.size());
  for (const std::string& key : keys->second) objects.push_back(objects_.find(key)->second);
  return objects;
}

Result<std::vector<std::string>> ObjectCache::IndexValues(std::string_view index) const {
  std::shared_lock lock(mutex_);
  const auto found = indexes_.find(index);
  if (found == indexes_.end()) return Status(Code::kNotFound, fmt::format("no index named \"{}\"", index));
  std::vector<std::string> values;
  values.reserve(found->second.keys_by_value.size());
  for (const auto& [value, keys] : found->second.keys_by_value) values.push_back(value);
  return values;
}

}  // namespace tk::kube
