// EventRecorderImpl: the EventRecorder that writes core/v1 Events to the API
// server, as client-go's event broadcaster with its correlator.
//
// Record() puts the event in a bounded queue and returns; a sender thread
// takes events in order, passes each through an EventCorrelator (spam filter
// per object, aggregation of identical events: event_correlator.h) and then:
//   - a new series: POST the Event (count 1) in the object's namespace
//     ("default" for cluster-scoped objects);
//   - a repeat: merge-PATCH the Event's count and lastTimestamp; if the Event
//     is gone (expired by its TTL, deleted), POST it again with the count so
//     far.
// A full queue drops the new event. Failed writes are logged and counted and
// are not retried (events are best effort, as everywhere in Kubernetes);
// nothing is propagated to the caller. Stats() tells what happened.
//
// The Event written:
//   metadata.name        <object name>.<16 hex digits of the Unix time in ns>
//   involvedObject       apiVersion, kind, namespace, name, uid, resourceVersion
//   type, reason, message (cut to 1024 bytes, at a UTF-8 boundary)
//   source.component     options.component ("tablekeeper"); source.host
//   reportingComponent   options.component (core/v1's JSON name of
//                        reportingController); reportingInstance
//   firstTimestamp, lastTimestamp, count
// The identity needs create and patch on events (deploy/rbac/clusterrole.yaml),
// and nothing else: the recorder never reads Events back.
//
// Give it a RestClient of its own: its writes then do not spend the QPS of
// the client that reconciles.
//
// Threading: Record, Flush, GetStats and Stop are safe from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include <nlohmann/json.hpp>

#include "kube/event_correlator.h"
#include "kube/event_recorder.h"
#include "kube/rest_client.h"
#include "util/clock.h"

namespace tk::kube {

struct EventRecorderOptions {
  // source.component and reportingComponent. Default: "tablekeeper".
  std::string component = "tablekeeper";
  // reportingInstance: which replica wrote. Default (empty): the host name.
  std::string instance;
  // source.host; empty leaves it out. Default: empty.
  std::string host;
  // Events waiting for the sender; more are dropped. Default: 1000 (client-go's).
  size_t queue_capacity = 1000;
  // Spam filter and aggregation.
  EventCorrelatorOptions correlation;
  // Bound on each write. Default: 10 s.
  std::chrono::milliseconds request_timeout{std::chrono::seconds(10)};
  // Receives a line for each failed write and each event refused as invalid.
  // Default: stderr.
  std::function<void(std::string_view message)> log;
};

class EventRecorderImpl final : public EventRecorder {
 public:
  struct Stats {
    uint64_t recorded = 0;            // Record calls
    uint64_t dropped_queue_full = 0;  // refused: the queue was full (or stopped)
    uint64_t dropped_spam = 0;        // refused by the spam filter
    uint64_t dropped_invalid = 0;     // refused: no kind or name to refer to
    uint64_t created = 0;             // Events created (POST)
    uint64_t patched = 0;             // Events whose count was updated (PATCH)
    uint64_t failed = 0;              // writes the server refused or did not answer
  };

  // Starts the sender thread. `client` and `clock` must outlive this object;
  // `clock` stamps the events and drives the spam filter and the window.
  explicit EventRecorderImpl(RestClient& client, EventRecorderOptions options = {},
                             Clock& clock = SystemClock());
  ~EventRecorderImpl() override;  // Stop()
  EventRecorderImpl(const EventRecorderImpl&) = delete;
  EventRecorderImpl& operator=(const EventRecorderImpl&) = delete;

  // EventRecorder
  void Record(const ObjectReference& object, EventType type, std::string_view reason,
              std::string_view message) override;

  // Waits (real time, at most `timeout`) until every event recorded before
  // the call has been handled. False on time-out.
  bool Flush(std::chrono::milliseconds timeout);

  // Stops the sender after the write in flight; events still queued are
  // dropped (counted in dropped_queue_full), as are later Records. Flush
  // first to send them. Idempotent.
  void Stop();

  Stats GetStats() const;

 private:
  void SendLoop();
  void Send(const RecordedEvent& event);
  nlohmann::json NewEvent(const RecordedEvent& event, const EventDecision& decision) const;
  // Counts `field` of stats_ up by one.
  void Count(uint64_t Stats::*field);
  void Log(std::string_view message) const;

  // Immutable after construction.
  RestClient& client_;
  const EventRecorderOptions options_;
  Clock& clock_;

  // Owned by the sender thread.
  EventCorrelator correlator_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<RecordedEvent> queue_;  // guarded by mutex_
  uint64_t enqueued_ = 0;            // guarded by mutex_; events ever queued
  uint64_t handled_ = 0;             // guarded by mutex_; ... taken off and finished
  bool stopping_ = false;            // guarded by mutex_
  Stats stats_;                      // guarded by mutex_
  std::once_flag stopped_;
  std::thread sender_;               // last member: starts when the rest is ready
};

}  // namespace tk::kube
