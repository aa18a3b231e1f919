#include "kube/reflector_diff.h"

#include <map>
#include <string>

namespace tk::kube {
namespace {

std::map<std::string, ObjectPtr> ByKey(const std::vector<ObjectPtr>& objects) {
  std::map<std::string, ObjectPtr> by_key;
  for (const ObjectPtr& object : objects) {
    if (!object) continue;
    std::string key = ObjectKeyOf(*object);
    if (!key.empty()) by_key[std::move(key)] = object;
  }
  return by_key;
}

}  // namespace

std::vector<ObjectChange> DiffForRelist(const std::vector<ObjectPtr>& cached, const std::vector<ObjectPtr>& listed) {
  const std::map<std::string, ObjectPtr> before = ByKey(cached);
  const std::map<std::string, ObjectPtr> after = ByKey(listed);
  std::vector<ObjectChange> deletions;
  std::vector<ObjectChange> others;
  for (const auto& [key, old_object] : before) {
    const auto listed_object = after.find(key);
    if (listed_object == after.end() || UidOf(*old_object) != UidOf(*listed_object->second)) {
      deletions.push_back({ObjectChange::Type::kDeleted, old_object, nullptr});
    }
  }
  for (const auto& [key, new_object] : after) {
    const auto cached_object = before.find(key);
    if (cached_object == before.end() || UidOf(*cached_object->second) != UidOf(*new_object)) {
      others.push_back({ObjectChange::Type::kAdded, nullptr, new_object});
    } else if (ResourceVersionOf(*cached_object->second) != ResourceVersionOf(*new_object)) {
      others.push_back({ObjectChange::Type::kUpdated, cached_object->second, new_object});
    }
  }
  deletions.insert(deletions.end(), std::make_move_iterator(others.begin()), std::make_move_iterator(others.end()));
  return deletions;
}

}  // namespace tk::kube
