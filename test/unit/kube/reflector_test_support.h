// What the reflector and informer unit tests share: objects and list
// answers as the API server writes them, and a ListerWatcher that plays a
// script of lists and watches.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "kube/api_error.h"
#include "kube/list_watch.h"

namespace tk::kube::testing {

using nlohmann::json;
using namespace std::chrono_literals;

inline json ConfigMap(const std::string& name, const std::string& resource_version, const std::string& uid = "") {
  return {{"kind", "ConfigMap"},
          {"apiVersion", "v1"},
          {"metadata",
           {{"name", name},
            {"namespace", "ns"},
            {"resourceVersion", resource_version},
            {"uid", uid.empty() ? "uid-" + name : uid}}}};
}

// A list answer as the server gives it: items without kind and apiVersion.
inline json ListOf(const std::string& resource_version, std::vector<json> items) {
  for (json& item : items) {
    item.erase("kind");
    item.erase("apiVersion");
  }
  return {{"kind", "ConfigMapList"},
          {"apiVersion", "v1"},
          {"metadata", {{"resourceVersion", resource_version}}},
          {"items", items}};
}

inline WatchEvent Event(WatchEventType type, json object) { return {type, std::move(object)}; }
inline WatchEvent Bookmark(const std::string& resource_version) {
  return {WatchEventType::kBookmark, {{"kind", "ConfigMap"}, {"metadata", {{"resourceVersion", resource_version}}}}};
}

inline Status Gone() {
  http::Response response;
  response.status = 410;
  response.body = R"json({"kind":"Status","message":"too old resource version: 1 (5)","reason":"Expired","code":410})json";
  return ApiErrorStatus("WATCH", "/api/v1/namespaces/ns/configmaps", response);
}

// One watch: its events, then how it ends. `block`: stay open, idle, until
// the reflector stops.
struct WatchScript {
  std::vector<WatchEvent> events;
  Status end;
  bool block = false;
};

class ScriptedSource final : public ListerWatcher {
 public:
  Result<json> List(int64_t page_size) override {
    std::lock_guard lock(mutex_);
    ++list_calls_;
    page_sizes_.push_back(page_size);
    if (lists_.empty()) return default_list_;
    Result<json> answer = lists_.front();
    lists_.pop_front();
    return answer;
  }

  Status Watch(const std::string& resource_version, std::chrono::seconds timeout, const WatchEventHandler& on_event,
               const std::function<bool()>& keep_going) override {
    WatchScript script{{}, OkStatus(), true};
    {
      std::lock_guard lock(mutex_);
      watch_versions_.push_back(resource_version);
      timeouts_.push_back(timeout);
      if (!watches_.empty()) {
        script = watches_.front();
        watches_.pop_front();
      }
    }
    for (WatchEvent& event : script.events) {
      if (!on_event(std::move(event))) return OkStatus();
    }
    if (script.block) {
      while (keep_going()) std::this_thread::sleep_for(5ms);
      return OkStatus();
    }
    return script.end;
  }

  std::string Describe() const override { return "configmaps in namespace ns"; }

  void AddList(Result<json> list) {
    std::lock_guard lock(mutex_);
    lists_.push_back(std::move(list));
  }
  void SetDefaultList(Result<json> list) {
    std::lock_guard lock(mutex_);
    default_list_ = std::move(list);
  }
  void AddWatch(WatchScript watch) {
    std::lock_guard lock(mutex_);
    watches_.push_back(std::move(watch));
  }
  int list_calls() const {
    std::lock_guard lock(mutex_);
    return list_calls_;
  }
  std::vector<std::string> watch_versions() const {
    std::lock_guard lock(mutex_);
    return watch_versions_;
  }
  std::vector<std::chrono::seconds> timeouts() const {
    std::lock_guard lock(mutex_);
    return timeouts_;
  }
  std::vector<int64_t> page_sizes() const {
    std::lock_guard lock(mutex_);
    return page_sizes_;
  }

 private:
  mutable std::mutex mutex_;
  std::deque<Result<json>> lists_;
  Result<json> default_list_ = Status(Code::kUnavailable, "no list scripted");
  std::deque<WatchScript> watches_;
  int list_calls_ = 0;
  std::vector<std::string> watch_versions_;
  std::vector<std::chrono::seconds> timeouts_;
  std::vector<int64_t> page_sizes_;
};

// Polls `condition` until it holds or `timeout` passes.
inline bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

}  // namespace tk::kube::testing
