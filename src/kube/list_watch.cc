#include "kube/list_watch.h"

#include <fmt/format.h>

namespace tk::kube {

RestListerWatcher::RestListerWatcher(RestClient& client, ListWatchTarget target)
    : client_(client), target_(std::move(target)) {}

Result<nlohmann::json> RestListerWatcher::List(int64_t page_size) {
  ListOptions options;
  options.label_selector = target_.label_selector;
  options.field_selector = target_.field_selector;
  options.limit = page_size;
  return client_.ListAll(target_.collection, options);
}

Status RestListerWatcher::Watch(const std::string& resource_version, std::chrono::seconds timeout,
                                const WatchEventHandler& on_event, const std::function<bool()>& keep_going) {
  WatchOptions options;
  options.resource_version = resource_version;
  options.label_selector = target_.label_selector;
  options.field_selector = target_.field_selector;
  options.allow_bookmarks = true;
  options.timeout_seconds = timeout;
  return client_.Watch(target_.collection, options, on_event, keep_going);
}

std::string RestListerWatcher::Describe() const {
  const GroupVersionResource& gvr = target_.collection.gvr;
  std::string what = gvr.group.empty() ? gvr.resource : fmt::format("{}.{}", gvr.resource, gvr.group);
  if (!target_.collection.namespace_name.empty()) {
    what += fmt::format(" in namespace {}", target_.collection.namespace_name);
  }
  if (!target_.label_selector.empty()) what += fmt::format(" with labels {}", target_.label_selector);
  if (!target_.field_selector.empty()) what += fmt::format(" with fields {}", target_.field_selector);
  return what;
}

}  // namespace tk::kube
