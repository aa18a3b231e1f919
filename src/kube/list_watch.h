// ListerWatcher: where a reflector gets one collection's objects and changes
// (client-go's ListerWatcher). RestListerWatcher is the real one, on a
// RestClient; unit tests script their own.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "kube/resource_path.h"
#include "kube/rest_client.h"
#include "kube/watch_event.h"
#include "util/status.h"

namespace tk::kube {

class ListerWatcher {
 public:
  virtual ~ListerWatcher() = default;

  // Every object now, in one list object: "items" and
  // metadata.resourceVersion, the version the list is a snapshot of. Pages of
  // `page_size`. A failure is the call's Status (IsGone() for a continue
  // token that expired while paging).
  virtual Result<nlohmann::json> List(int64_t page_size) = 0;

  // Streams the changes after `resource_version` to `on_event` until the
  // server ends the watch after about `timeout`, `on_event` or `keep_going`
  // says stop, or it fails; the outcomes are RestClient::Watch's.
  virtual Status Watch(const std::string& resource_version, std::chrono::seconds timeout,
                       const WatchEventHandler& on_event, const std::function<bool()>& keep_going) = 0;

  // What is watched, for messages: "configmaps in namespace shop".
  virtual std::string Describe() const = 0;
};

// What a RestListerWatcher watches: a collection (every namespace when
// collection.namespace_name is empty), optionally narrowed by selectors.
struct ListWatchTarget {
  ResourcePath collection;
  std::string label_selector;  // "app=orders"
  std::string field_selector;  // "metadata.name=x"
};

class RestListerWatcher final : public ListerWatcher {
 public:
  // `client` must outlive this.
  RestListerWatcher(RestClient& client, ListWatchTarget target);

  Result<nlohmann::json> List(int64_t page_size) override;
  Status Watch(const std::string& resource_version, std::chrono::seconds timeout,
               const WatchEventHandler& on_event, const std::function<bool()>& keep_going) override;
  std::string Describe() const override;

 private:
  RestClient& client_;
  const ListWatchTarget target_;
};

}  // namespace tk::kube
