#include "kube/reflector.h"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <random>

#include "kube/api_error.h"

namespace tk::kube {
namespace {

using nlohmann::json;

constexpr std::chrono::milliseconds kTickInterval{1000};

// A string member of a JSON object, or "".
std::string StringMember(const json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// The items of a list object, each with the kind and apiVersion that list
// items leave out (a ConfigMapList's items are ConfigMaps), as watch events
// carry them.
std::vector<ObjectPtr> ItemsOf(json& list, const std::function<void(json&)>& transform) {
  std::vector<ObjectPtr> objects;
  const auto items = list.find("items");
  if (items == list.end() || !items->is_array()) return objects;
  std::string kind = StringMember(list, "kind");
  if (kind.ends_with("List")) kind.resize(kind.size() - 4);
  const std::string api_version = StringMember(list, "apiVersion");
  objects.reserve(items->size());
  for (json& item : *items) {
    if (!item.is_object()) continue;
    if (!item.contains("kind") && !kind.empty()) item["kind"] = kind;
    if (!item.contains("apiVersion") && !api_version.empty()) item["apiVersion"] = api_version;
    if (transform) transform(item);
    objects.push_back(std::make_shared<const json>(std::move(item)));
  }
  return objects;
}

// Failures after which the watch can resume from the last resourceVersion;
// after any other, the reflector lists again.
bool CanResumeWatch(const Status& error) {
  return error.code() == Code::kUnavailable || error.code() == Code::kThrottled;
}

}  // namespace

Reflector::Reflector(ListerWatcher& source, ObjectCache& cache, ReflectorSink& sink, ReflectorOptions options)
    : source_(source),
      cache_(cache),
      sink_(sink),
      options_(std::move(options)),
      clock_(options_.clock != nullptr ? *options_.clock : SystemClock()),
      random_(std::random_device()()) {}

ReflectorStats Reflector::Stats() const {
  std::lock_guard lock(stats_mutex_);
  return stats_;
}

void Reflector::SetResourceVersion(const std::string& resource_version) {
  resource_version_ = resource_version;
  std::lock_guard lock(stats_mutex_);
  stats_.resource_version = resource_version;
}

void Reflector::Report(const Status& error) {
  {
    std::lock_guard lock(stats_mutex_);
    ++stats_.errors;
    stats_.last_error = error;
  }
  sink_.OnError(error);
}

void Reflector::Wait(const std::stop_token& stop, std::chrono::milliseconds duration) {
  std::mutex mutex;
  std::condition_variable_any woken;
  std::unique_lock lock(mutex);
  const auto deadline = std::chrono::steady_clock::now() + duration;
  while (!stop.stop_requested()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) break;
    (void)woken.wait_until(lock, stop, std::min(deadline, now + kTickInterval), [] { return false; });
    lock.unlock();
    sink_.OnTick();
    lock.lock();
  }
}

std::chrono::seconds Reflector::NextWatchTimeout() {
  const int64_t min_seconds = options_.min_watch_timeout.count();
  if (min_seconds <= 0) return std::chrono::seconds(0);
  return std::chrono::seconds(std::uniform_int_distribution<int64_t>(min_seconds, 2 * min_seconds - 1)(random_));
}

void Reflector::ApplyChange(const ObjectChange& change) {
  switch (change.type) {
    case ObjectChange::Type::kAdded:
      cache_.Put(change.new_object);
      sink_.OnAdd(change.new_object);
      break;
    case ObjectChange::Type::kUpdated:
      cache_.Put(change.new_object);
      sink_.OnUpdate(change.old_object, change.new_object);
      break;
    case ObjectChange::Type::kDeleted:
      cache_.Remove(ObjectKeyOf(*change.old_object));
      sink_.OnDelete(change.old_object);
      break;
  }
}

Status Reflector::ListAndSync(const std::stop_token& stop) {
  Result<json> list = source_.List(options_.page_size);
  if (!list.ok()) return list.status().WithContext(fmt::format("list {}", source_.Describe()));
  const std::string resource_version = ResourceVersionOf(*list);
  if (resource_version.empty()) {
    return Status(Code::kInternal, fmt::format("list {}: the answer has no metadata.resourceVersion",
                                               source_.Describe()));
  }
  const std::vector<ObjectPtr> items = ItemsOf(*list, options_.transform);
  for (const ObjectChange& change : DiffForRelist(cache_.List(), items)) {
    if (stop.stop_requested()) return OkStatus();  // Run ends; the cache is left part-way
    ApplyChange(change);
  }
  SetResourceVersion(resource_version);
  {
    std::lock_guard lock(stats_mutex_);
    ++stats_.lists;
  }
  sink_.OnListed();
  return OkStatus();
}

void Reflector::ApplyEvent(WatchEvent event) {
  const std::string resource_version = ResourceVersionOf(event.object);
  if (event.type != WatchEventType::kBookmark) {
    if (options_.transform) options_.transform(event.object);
    const auto object = std::make_shared<const json>(std::move(event.object));
    const std::string key = ObjectKeyOf(*object);
    if (key.empty()) {
      // Nothing to cache; the resourceVersion still counts.
    } else if (event.type == WatchEventType::kDeleted) {
      if (cache_.Remove(key)) sink_.OnDelete(object);
    } else if (const ObjectPtr cached = cache_.Get(key); !cached) {
      cache_.Put(object);
      sink_.OnAdd(object);
    } else if (UidOf(*cached) != UidOf(*object)) {
      // Deleted and created again under the same name.
      cache_.Remove(key);
      sink_.OnDelete(cached);
      cache_.Put(object);
      sink_.OnAdd(object);
    } else if (ResourceVersionOf(*cached) != ResourceVersionOf(*object)) {
      cache_.Put(object);
      sink_.OnUpdate(cached, object);
    }
  }
  if (!resource_version.empty()) SetResourceVersion(resource_version);
  std::lock_guard lock(stats_mutex_);
  ++stats_.events;
}

Status Reflector::WatchOnce(const std::stop_token& stop, uint64_t& events) {
  {
    std::lock_guard lock(stats_mutex_);
    ++stats_.watches;
  }
  const auto on_event = [&](WatchEvent event) {
    ApplyEvent(std::move(event));
    ++events;
    sink_.OnTick();
    return !stop.stop_requested();
  };
  const auto keep_going = [&] {
    sink_.OnTick();
    return !stop.stop_requested();
  };
  return source_.Watch(resource_version_, NextWatchTimeout(), on_event, keep_going);
}

void Reflector::Run(std::stop_token stop) {
  ReflectorBackoff backoff(options_.backoff);
  bool need_list = true;
  bool gone_without_progress = false;
  while (!stop.stop_requested()) {
    if (need_list) {
      const Status listed = ListAndSync(stop);
      if (stop.stop_requested()) break;
      if (!listed.ok()) {
        Report(listed);
        Wait(stop, backoff.Next());
        continue;
      }
      need_list = false;
    }

    const Clock::TimePoint started = clock_.Now();
    uint64_t events = 0;
    const Status watched = WatchOnce(stop, events);
    if (stop.stop_requested()) break;
    const auto lasted = clock_.Now() - started;
    const bool progressed = events > 0 || lasted >= options_.min_watch_duration;
    if (progressed) {
      backoff.Reset();
      gone_without_progress = false;
    }

    if (IsGone(watched)) {
      {
        std::lock_guard lock(stats_mutex_);
        ++stats_.gone;
      }
      need_list = true;
      // The first 410 re-lists at once; another one straight after means
      // something is wrong, and waits.
      if (gone_without_progress) {
        Report(watched.WithContext(fmt::format("watch {} again", source_.Describe())));
        Wait(stop, backoff.Next());
      }
      gone_without_progress = true;
      continue;
    }
    if (watched.ok()) {
      if (!progressed) {
        Report(Status(Code::kUnavailable,
                      fmt::format("watch {}: the server ended it after {} ms without an event",
                                  source_.Describe(),
                                  std::chrono::duration_cast<std::chrono::milliseconds>(lasted).count())));
        Wait(stop, backoff.Next());
      }
      continue;
    }
    Report(watched.WithContext(fmt::format("watch {}", source_.Describe())));
    if (!CanResumeWatch(watched)) need_list = true;
    Wait(stop, backoff.Next());
  }
}

}  // namespace tk::kube
