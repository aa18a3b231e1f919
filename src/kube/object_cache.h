// ObjectCache: the informer's thread-safe store of Kubernetes objects, keyed
// by "namespace/name" ("name" for cluster-scoped objects), with indexes.
//
// - Objects are shared and immutable: what goes in and what comes out is a
//   std::shared_ptr<const nlohmann::json>. Readers keep what they got as
//   long as they like; a later write replaces the pointer in the cache, never
//   the object behind it.
// - An index maps an index value to the keys of the objects whose index
//   function returns that value (client-go's Indexer). The "namespace" index
//   is always there; others are added with AddIndex, e.g. the Tables by the
//   KMS Key they refer to. Indexes change with every Put and Remove, under
//   the same lock, so a read never sees an index out of step with the
//   objects.
// - Thread-safe: any number of readers and writers. In an informer the
//   reflector is the only writer.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace tk::kube {

using ObjectPtr = std::shared_ptr<const nlohmann::json>;

// Fields of an object's metadata, "" when missing or not a string.
std::string NamespaceOf(const nlohmann::json& object);
std::string NameOf(const nlohmann::json& object);
std::string ResourceVersionOf(const nlohmann::json& object);
std::string UidOf(const nlohmann::json& object);

// Removes metadata.managedFields from `object`: a transform for caches of
// objects whose field ownership the reader never looks at.
void StripManagedFields(nlohmann::json& object);

// The cache key: "namespace/name", or "name" without a namespace; "" without
// a name (such an object cannot be cached).
std::string ObjectKeyOf(const nlohmann::json& object);

// The values an object is indexed under; duplicates count once. Must be
// deterministic (the same object gives the same values: the old values are
// computed again to remove them) and must not throw: an exception is caught
// and the object is then indexed under no value. It runs under the cache's
// lock: it must not call the cache.
using IndexFunc = std::function<std::vector<std::string>(const nlohmann::json& object)>;

class ObjectCache {
 public:
  // The built-in index: the object's metadata.namespace (no value for
  // cluster-scoped objects).
  static constexpr std::string_view kNamespaceIndex = "namespace";

  ObjectCache();
  ObjectCache(const ObjectCache&) = delete;
  ObjectCache& operator=(const ObjectCache&) = delete;

  // Adds an index named `name` and indexes the objects already cached.
  // kAlreadyExists when the name is taken, kInvalidArgument when `name` is
  // empty or `index` is null.
  Status AddIndex(const std::string& name, IndexFunc index);

  // Stores `object` under its key, replacing what was there; returns the
  // replaced object, or null. An object without a key (no metadata.name) is
  // not stored, and null is returned.
  ObjectPtr Put(ObjectPtr object);
  // Removes the object under `key`; returns it, or null when there was none.
  ObjectPtr Remove(const std::string& key);

  // The object under `key`, or null.
  ObjectPtr Get(const std::string& key) const;
  // Every object, in key order.
  std::vector<ObjectPtr> List() const;
  std::vector<std::string> Keys() const;
  size_t Size() const;
  // The objects indexed under `value` in `index`, in key order; kNotFound
  // when there is no index named so.
  Result<std::vector<ObjectPtr>> ByIndex(std::string_view index, std::string_view value) const;
  // The values of `index` that at least one object has, in order; kNotFound
  // when there is no index named so.
  Result<std::vector<std::string>> IndexValues(std::string_view index) const;

 private:
  struct Index {
    IndexFunc function;
    std::map<std::string, std::set<std::string>, std::less<>> keys_by_value;
  };

  // The distinct values `index` gives `object`. Never throws.
  static std::set<std::string> ValuesOf(const Index& index, const nlohmann::json& object);
  // Adds or removes `key` under each of `object`'s values. Hold mutex_.
  static void IndexLocked(Index& index, const std::string& key, const nlohmann::json& object);
  static void UnindexLocked(Index& index, const std::string& key, const nlohmann::json& object);

  mutable std::shared_mutex mutex_;
  std::map<std::string, ObjectPtr, std::less<>> objects_;  // guarded by mutex_
  std::map<std::string, Index, std::less<>> indexes_;      // guarded by mutex_
};

}  // namespace tk::kube
