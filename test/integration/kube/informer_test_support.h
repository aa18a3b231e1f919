// What the watch and informer integration tests share: a handler that
// records what an informer delivers, bounded waits, and the server's state
// to compare an informer's cache with.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kube/informer.h"
#include "kube/rest_client.h"

namespace tk::kube::testing {

using namespace std::chrono_literals;

// Polls `condition` every 20 ms until it holds or `timeout` passes.
inline bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

// resourceVersions are opaque to clients; the tests may read etcd's numbers.
inline uint64_t VersionNumber(const std::string& resource_version) {
  return resource_version.empty() ? 0 : std::stoull(resource_version);
}

// Records each delivery as a line, "add a", "update a", "delete a", and keeps
// the objects.
class RecordingHandler final : public ResourceEventHandler {
 public:
  struct Delivery {
    std::string type;
    ObjectPtr old_object;  // update, delete (the last known state)
    ObjectPtr new_object;  // add, update
  };

  void OnAdd(const ObjectPtr& object) override { Record({"add", nullptr, object}); }
  void OnUpdate(const ObjectPtr& old_object, const ObjectPtr& new_object) override {
    Record({"update", old_object, new_object});
  }
  void OnDelete(const ObjectPtr& last_known) override { Record({"delete", last_known, nullptr}); }

  std::vector<Delivery> deliveries(size_t from = 0) const {
    std::lock_guard lock(mutex_);
    return std::vector<Delivery>(deliveries_.begin() + static_cast<std::ptrdiff_t>(std::min(from, deliveries_.size())),
                                 deliveries_.end());
  }
  // "add a", "update a", "delete a", from the `from`-th delivery on.
  std::vector<std::string> lines(size_t from = 0) const {
    std::vector<std::string> out;
    for (const Delivery& delivery : deliveries(from)) {
      const ObjectPtr& object = delivery.new_object ? delivery.new_object : delivery.old_object;
      out.push_back(delivery.type + " " + NameOf(*object));
    }
    return out;
  }
  size_t size() const {
    std::lock_guard lock(mutex_);
    return deliveries_.size();
  }

 private:
  void Record(Delivery delivery) {
    std::lock_guard lock(mutex_);
    deliveries_.push_back(std::move(delivery));
  }

  mutable std::mutex mutex_;
  std::vector<Delivery> deliveries_;
};

// name -> resourceVersion of every object in `collection` on the server.
inline std::map<std::string, std::string> ServerState(RestClient& client, const ResourcePath& collection) {
  std::map<std::string, std::string> state;
  Result<nlohmann::json> list = client.ListAll(collection);
  EXPECT_TRUE(list.ok()) << list.status().ToString();
  if (!list.ok()) return state;
  for (const nlohmann::json& item : (*list)["items"]) state[NameOf(item)] = ResourceVersionOf(item);
  return state;
}

// The same for an informer's cache.
inline std::map<std::string, std::string> CacheState(const Informer& informer) {
  std::map<std::string, std::string> state;
  for (const ObjectPtr& object : informer.List()) state[NameOf(*object)] = ResourceVersionOf(*object);
  return state;
}

// Options that make failures quick to recover from in a test, and watches
// short enough that the server ends a few of them.
inline InformerOptions TestInformerOptions() {
  InformerOptions options;
  options.reflector.backoff = {200ms, 1000ms, 2.0, 0.5};
  options.reflector.min_watch_timeout = 30s;
  return options;
}

}  // namespace tk::kube::testing
