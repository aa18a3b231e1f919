// EventCorrelator: for each recorded event, whether to drop it, to create a
// new Event object, or to count it in the Event already written for the
// identical ones before it. The part of client-go's EventCorrelator that
// keeps a loop from flooding etcd, without I/O or threads (EventRecorderImpl's
// sender thread owns one); time comes in with each event.
//
// 1. Spam filter, per involved object (apiVersion, kind, namespace, name,
//    uid) as client-go's: a token bucket holding `spam_burst` tokens, refilled
//    one every `spam_refill_interval`. Each event takes a token; an event that
//    finds none is dropped. Every write about an object therefore spends a
//    token: at most spam_burst writes at once, then one per interval.
// 2. Aggregation: events identical in object (resourceVersion aside), type,
//    reason and message form a series while each follows the previous one
//    within `aggregation_window`. The first is created as an Event with
//    count 1; each next one patches that Event's count and lastTimestamp.
//    So N identical events that pass the filter make one Event with count N.
//
// The caches are bounded (max_cached_objects, max_cached_series): beyond,
// the entry seen least recently is forgotten. A forgotten object's bucket
// starts full again; a forgotten series starts a new Event.
//
// Not thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "kube/event_recorder.h"
#include "util/clock.h"

namespace tk::kube {

struct EventCorrelatorOptions {
  // Tokens per object; >= 1. Default: 25, as client-go.
  double spam_burst = 25;
  // One token comes back per interval; > 0. Default: 5 minutes, as client-go.
  std::chrono::milliseconds spam_refill_interval{std::chrono::minutes(5)};
  // Largest gap between two events of one series. Default: 10 minutes
  // (client-go's aggregation window).
  std::chrono::milliseconds aggregation_window{std::chrono::minutes(10)};
  // Cache bounds. Default: 4096 each, as client-go's LRU caches.
  size_t max_cached_objects = 4096;
  size_t max_cached_series = 4096;
};

// One call to EventRecorder::Record, with the times it was made.
struct RecordedEvent {
  ObjectReference object;
  EventType type = EventType::kNormal;
  std::string reason;
  std::string message;
  Clock::TimePoint time{};                            // for the filter and the window
  std::chrono::system_clock::time_point wall_time{};  // for the Event's timestamps
};

struct EventDecision {
  enum class Action {
    kDrop,    // the spam filter refused it
    kCreate,  // first of its series: create Event `name` with count 1
    kPatch,   // a repeat: set Event `name`'s count and lastTimestamp
  };
  Action action = Action::kDrop;
  std::string name;      // the Event object's name (not for kDrop)
  int32_t count = 0;     // events in the series so far, this one included
  std::chrono::system_clock::time_point first_time{};  // the series' first event
};

class EventCorrelator {
 public:
  explicit EventCorrelator(EventCorrelatorOptions options = {});

  EventDecision Correlate(const RecordedEvent& event);

 private:
  struct Bucket {
    double tokens = 0;
    Clock::TimePoint refilled{};
    Clock::TimePoint last_used{};
  };
  struct Series {
    std::string name;
    int32_t count = 0;
    std::chrono::system_clock::time_point first_time{};
    Clock::TimePoint last_time{};
  };

  // Takes a token for `event`'s object; false when there is none.
  bool TakeToken(const RecordedEvent& event);
  // A new Event name for `object_name`, unique within this correlator.
  std::string NewName(const std::string& object_name, std::chrono::system_clock::time_point wall_time);

  const EventCorrelatorOptions options_;
  std::unordered_map<std::string, Bucket> buckets_;  // by object key
  std::unordered_map<std::string, Series> series_;   // by series key
  int64_t last_name_nanos_ = 0;
};

}  // namespace tk::kube
