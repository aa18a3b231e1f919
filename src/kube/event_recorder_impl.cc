#include "kube/event_recorder_impl.h"

#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <cstdio>

#include "kube/event_time.h"

namespace tk::kube {
namespace {

using nlohmann::json;

// Longer messages are cut, as client-go cuts an events/v1 note.
constexpr size_t kMaxMessageBytes = 1024;

// `text` cut to at most `limit` bytes without splitting a UTF-8 sequence.
std::string_view Truncate(std::string_view text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0u) == 0x80u) --end;
  return text.substr(0, end);
}

std::string HostName() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) == 0 && host[0] != '\0') return host.data();
  return "localhost";
}

EventRecorderOptions WithDefaults(EventRecorderOptions options) {
  if (options.instance.empty()) options.instance = HostName();
  if (options.queue_capacity == 0) options.queue_capacity = 1;
  if (!options.log) {
    options.log = [](std::string_view message) {
      std::fprintf(stderr, "%.*s\n", static_cast<int>(message.size()), message.data());
    };
  }
  return options;
}

std::string EventNamespace(const ObjectReference& object) {
  return object.namespace_name.empty() ? "default" : object.namespace_name;
}

std::string Describe(const RecordedEvent& event) {
  const std::string object = event.object.namespace_name.empty()
                                 ? event.object.name
                                 : event.object.namespace_name + "/" + event.object.name;
  return fmt::format("{} {} {}", event.object.kind, object, event.reason);
}

}  // namespace

EventRecorderImpl::EventRecorderImpl(RestClient& client, EventRecorderOptions options, Clock& clock)
    : client_(client),
      options_(WithDefaults(std::move(options))),
      clock_(clock),
      correlator_(options_.correlation),
      sender_([this] { SendLoop(); }) {}

EventRecorderImpl::~EventRecorderImpl() { Stop(); }

void EventRecorderImpl::Record(const ObjectReference& object, EventType type, std::string_view reason,
                               std::string_view message) {
  RecordedEvent event{object,       type, std::string(reason), std::string(Truncate(message, kMaxMessageBytes)),
                      clock_.Now(), clock_.WallNow()};
  if (object.kind.empty() || object.name.empty()) {
    Count(&Stats::recorded);
    Count(&Stats::dropped_invalid);
    Log(fmt::format("event {} refused: the object reference needs a kind and a name", reason));
    return;
  }
  {
    std::lock_guard lock(mutex_);
    ++stats_.recorded;
    if (stopping_ || queue_.size() >= options_.queue_capacity) {
      ++stats_.dropped_queue_full;
      return;
    }
    queue_.push_back(std::move(event));
    ++enqueued_;
  }
  changed_.notify_all();
}

bool EventRecorderImpl::Flush(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const uint64_t target = enqueued_;
  return changed_.wait_for(lock, timeout, [&] { return handled_ >= target; });
}

void EventRecorderImpl::Stop() {
  std::call_once(stopped_, [this] {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      stats_.dropped_queue_full += queue_.size();
      handled_ += queue_.size();
      queue_.clear();
    }
    changed_.notify_all();
    sender_.join();
  });
}

EventRecorderImpl::Stats EventRecorderImpl::GetStats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void EventRecorderImpl::Count(uint64_t Stats::*field) {
  std::lock_guard lock(mutex_);
  ++(stats_.*field);
}

void EventRecorderImpl::Log(std::string_view message) const { options_.log(message); }

void EventRecorderImpl::SendLoop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;  // Stop() dropped what was queued
    RecordedEvent event = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    Send(event);
    lock.lock();
    ++handled_;
    changed_.notify_all();
  }
}

json EventRecorderImpl::NewEvent(const RecordedEvent& event, const EventDecision& decision) const {
  const ObjectReference& object = event.object;
  json involved = {{"apiVersion", object.api_version}, {"kind", object.kind}, {"name", object.name}};
  if (!object.namespace_name.empty()) involved["namespace"] = object.namespace_name;
  if (!object.uid.empty()) involved["uid"] = object.uid;
  if (!object.resource_version.empty()) involved["resourceVersion"] = object.resource_version;
  json source = {{"component", options_.component}};
  if (!options_.host.empty()) source["host"] = options_.host;
  return {{"apiVersion", "v1"},
          {"kind", "Event"},
          {"metadata", {{"name", decision.name}, {"namespace", EventNamespace(object)}}},
          {"involvedObject", std::move(involved)},
          {"type", EventTypeName(event.type)},
          {"reason", event.reason},
          {"message", event.message},
          {"source", std::move(source)},
          {"reportingComponent", options_.component},
          {"reportingInstance", options_.instance},
          {"firstTimestamp", FormatKubeTime(decision.first_time)},
          {"lastTimestamp", FormatKubeTime(event.wall_time)},
          {"count", decision.count}};
}

void EventRecorderImpl::Send(const RecordedEvent& event) {
  const EventDecision decision = correlator_.Correlate(event);
  if (decision.action == EventDecision::Action::kDrop) {
    Count(&Stats::dropped_spam);
    return;
  }
  const ResourcePath events{{"", "v1", "events"}, EventNamespace(event.object), "", ""};
  WriteOptions write;
  write.timeout = options_.request_timeout;

  Status status;
  bool patched = false;
  if (decision.action == EventDecision::Action::kPatch) {
    ResourcePath path = events;
    path.name = decision.name;
    const json patch = {{"count", decision.count}, {"lastTimestamp", FormatKubeTime(event.wall_time)}};
    status = client_.Patch(path, PatchType::kMerge, patch, write).status();
    patched = status.ok();
  }
  // New series, or the Event to patch is gone: create it with the count so far.
  if (decision.action == EventDecision::Action::kCreate || status.code() == Code::kNotFound) {
    status = client_.Create(events, NewEvent(event, decision), write).status();
  }
  if (status.ok()) {
    Count(patched ? &Stats::patched : &Stats::created);
    return;
  }
  Count(&Stats::failed);
  Log(fmt::format("event {} (count {}) not written: {}", Describe(event), decision.count,
                  status.ToString()));
}

}  // namespace tk::kube
