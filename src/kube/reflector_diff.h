// The changes a re-list brings: what the cache holds against what the server
// listed. A reflector re-lists when its watch can no longer resume (410
// Gone); whatever happened in between reaches the handlers as the net
// change per object, never as a second "add" of an object they know:
//
//   listed, not cached                   kAdded    (new_object)
//   cached, not listed                   kDeleted  (old_object: the last state known)
//   both, same uid, same resourceVersion nothing
//   both, same uid, other resourceVersion kUpdated (old_object -> new_object)
//   both, other uid (deleted and created again under the same name)
//                                        kDeleted (old) then kAdded (new)
//
// Order: every kDeleted first, in key order, then kAdded and kUpdated in key
// order. Objects without a name are left out.
#pragma once

#include <vector>

#include "kube/object_cache.h"

namespace tk::kube {

struct ObjectChange {
  enum class Type { kAdded, kUpdated, kDeleted };
  Type type = Type::kAdded;
  ObjectPtr old_object;  // kUpdated, kDeleted
  ObjectPtr new_object;  // kAdded, kUpdated
};

std::vector<ObjectChange> DiffForRelist(const std::vector<ObjectPtr>& cached, const std::vector<ObjectPtr>& listed);

}  // namespace tk::kube
