// EventRecorderImpl through a real RestClient against a fake events endpoint:
// the Events written, aggregation into PATCHes, the spam filter, re-creation
// of a vanished Event, failures, the bounded queue and Stop. The real API
// server is in test/integration/kube/event_recorder_test.cc.
#include "kube/event_recorder_impl.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <map>

namespace tk::kube {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::chrono::system_clock::time_point kWallStart =
    std::chrono::sys_days{std::chrono::year{2026} / 5 / 1} + 12h;
const ObjectReference kTable{"dynamodb.services.k8s.aws/v1alpha1", "Table", "shop", "orders", "uid-1", "7"};

// Events stored by name: POST creates (409 if the name is taken), merge PATCH
// updates (404 if absent). Can fail every request, or hold requests until
// released. Thread-safe.
class FakeEventServer {
 public:
  TransportFactory Transports() {
    return [this](const http::TlsOptions&) { return std::make_unique<FakeTransport>(*this); };
  }
  static RestConfig Config() {
    RestConfig config;
    config.host = "https://kube.test";
    config.qps = 0;
    return config;
  }

  std::vector<std::string> Requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::map<std::string, json> Events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  json OnlyEvent() const {
    std::lock_guard lock(mutex_);
    EXPECT_EQ(events_.size(), 1u);
    return events_.empty() ? json() : events_.begin()->second;
  }
  void DeleteAll() {
    std::lock_guard lock(mutex_);
    events_.clear();
  }
  void FailAll(int status) {
    std::lock_guard lock(mutex_);
    fail_status_ = status;
  }
  void Hold() {
    std::lock_guard lock(mutex_);
    held_ = true;
  }
  void Release() {
    {
      std::lock_guard lock(mutex_);
      held_ = false;
    }
    changed_.notify_all();
  }
  // Waits (bounded) until `count` requests have arrived.
  bool AwaitRequests(size_t count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 5s, [&] { return requests_.size() >= count; });
  }

 private:
  class FakeTransport final : public Transport {
   public:
    explicit FakeTransport(FakeEventServer& server) : server_(server) {}
    Result<http::Response> Send(const http::Request& request) override { return server_.Handle(request); }

   private:
    FakeEventServer& server_;
  };

  static http::Response Answer(int status, const json& body) {
    http::Response response;
    response.status = status;
    response.body = body.dump();
    return response;
  }
  static http::Response Failure(int status, const std::string& reason) {
    return Answer(status, {{"kind", "Status"}, {"status", "Failure"}, {"reason", reason},
                           {"message", "events refused: " + reason}, {"code", status}});
  }

  http::Response Handle(const http::Request& request) {
    std::unique_lock lock(mutex_);
    // "POST /api/v1/namespaces/shop/events" or "PATCH .../events/NAME"
    std::string path = request.url.substr(std::string("https://kube.test").size());
    requests_.push_back(request.method + " " + path);
    changed_.notify_all();
    changed_.wait(lock, [&] { return !held_; });
    if (fail_status_ != 0) return Failure(fail_status_, "InternalError");
    const json body = json::parse(request.body);
    if (request.method == "POST") {
      const std::string name = body["metadata"]["name"];
      if (events_.count(name) != 0) return Failure(409, "AlreadyExists");
      events_[name] = body;
      return Answer(201, body);
    }
    const std::string name = path.substr(path.rfind('/') + 1);
    const auto it = events_.find(name);
    if (it == events_.end()) return Failure(404, "NotFound");
    it->second.merge_patch(body);
    return Answer(200, it->second);
  }

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> requests_;
  std::map<std::string, json> events_;
  int fail_status_ = 0;
  bool held_ = false;
};

class EventRecorderTest : public ::testing::Test {
 protected:
  EventRecorderTest() {
    options_.instance = "replica-1";
    options_.log = [this](std::string_view line) {
      std::lock_guard lock(mutex_);
      log_.emplace_back(line);
    };
  }
  // A test that fails while the server holds a request must not hang in
  // the recorder's Stop().
  ~EventRecorderTest() override { server_.Release(); }

  EventRecorderImpl& Recorder() {
    if (!recorder_) recorder_ = std::make_unique<EventRecorderImpl>(client_, options_, clock_);
    return *recorder_;
  }
  void Flush() { ASSERT_TRUE(Recorder().Flush(5s)); }
  std::vector<std::string> Log() {
    std::lock_guard lock(mutex_);
    return log_;
  }

  ManualClock clock_{kWallStart};
  FakeEventServer server_;
  RestClient client_{FakeEventServer::Config(), clock_, server_.Transports()};
  EventRecorderOptions options_;
  std::mutex mutex_;
  std::vector<std::string> log_;
  std::unique_ptr<EventRecorderImpl> recorder_;
};

TEST_F(EventRecorderTest, WritesACoreV1EventAboutTheObject) {
  Recorder().Record(kTable, EventType::kWarning, "UpdateThrottled", "DynamoDB answered LimitExceededException");
  Flush();
  ASSERT_THAT(server_.Requests(), ElementsAre("POST /api/v1/namespaces/shop/events"));
  json event = server_.OnlyEvent();
  const std::string name = event["metadata"]["name"];
  EXPECT_EQ(name.rfind("orders.", 0), 0u);
  event["metadata"].erase("name");
  EXPECT_EQ(event, json::parse(R"({
      "apiVersion": "v1", "kind": "Event",
      "metadata": {"namespace": "shop"},
      "involvedObject": {"apiVersion": "dynamodb.services.k8s.aws/v1alpha1", "kind": "Table",
                         "namespace": "shop", "name": "orders", "uid": "uid-1", "resourceVersion": "7"},
      "type": "Warning", "reason": "UpdateThrottled",
      "message": "DynamoDB answered LimitExceededException",
      "source": {"component": "tablekeeper"},
      "reportingComponent": "tablekeeper", "reportingInstance": "replica-1",
      "firstTimestamp": "2026-05-01T12:00:00Z", "lastTimestamp": "2026-05-01T12:00:00Z",
      "count": 1})"));
  const EventRecorderImpl::Stats stats = Recorder().GetStats();
  EXPECT_EQ(stats.recorded, 1u);
  EXPECT_EQ(stats.created, 1u);
}

TEST_F(EventRecorderTest, NIdenticalEventsAreOneCreateAndPatchesUpToCountN) {
  constexpr int kN = 10;
  for (int i = 0; i < kN; ++i) {
    Recorder().Record(kTable, EventType::kNormal, "Synced", "table is in sync");
    clock_.Advance(1s);
  }
  Flush();
  const std::vector<std::string> requests = server_.Requests();
  ASSERT_EQ(requests.size(), static_cast<size_t>(kN));
  EXPECT_EQ(requests[0], "POST /api/v1/namespaces/shop/events");
  const json event = server_.OnlyEvent();
  const std::string name = event["metadata"]["name"];
  for (int i = 1; i < kN; ++i) EXPECT_EQ(requests[static_cast<size_t>(i)], "PATCH /api/v1/namespaces/shop/events/" + name);
  EXPECT_EQ(event["count"], kN);
  EXPECT_EQ(event["firstTimestamp"], "2026-05-01T12:00:00Z");
  EXPECT_EQ(event["lastTimestamp"], "2026-05-01T12:00:09Z");
  const EventRecorderImpl::Stats stats = Recorder().GetStats();
  EXPECT_EQ(stats.created, 1u);
  EXPECT_EQ(stats.patched, static_cast<uint64_t>(kN - 1));
  EXPECT_EQ(stats.failed, 0u);
}

TEST_F(EventRecorderTest, DifferentReasonsMakeSeparateEvents) {
  Recorder().Record(kTable, EventType::kNormal, "Created", "created");
  Recorder().Record(kTable, EventType::kNormal, "Synced", "in sync");
  Recorder().Record(kTable, EventType::kNormal, "Created", "created");
  Flush();
  std::map<std::string, int> counts;
  for (const auto& [name, event] : server_.Events()) counts[event["reason"]] = event["count"];
  EXPECT_EQ(counts, (std::map<std::string, int>{{"Created", 2}, {"Synced", 1}}));
}

TEST_F(EventRecorderTest, TheSpamFilterDropsBeyondTheBurstUntilATokenReturns) {
  for (int i = 0; i < 30; ++i) Recorder().Record(kTable, EventType::kWarning, "Throttled", "again");
  Flush();
  EXPECT_EQ(server_.Requests().size(), 25u);
  EXPECT_EQ(server_.OnlyEvent()["count"], 25);
  EventRecorderImpl::Stats stats = Recorder().GetStats();
  EXPECT_EQ(stats.recorded, 30u);
  EXPECT_EQ(stats.dropped_spam, 5u);

  clock_.Advance(5min);
  Recorder().Record(kTable, EventType::kWarning, "Throttled", "again");
  Recorder().Record(kTable, EventType::kWarning, "Throttled", "again");
  Flush();
  EXPECT_EQ(server_.OnlyEvent()["count"], 26);
  EXPECT_EQ(server_.OnlyEvent()["lastTimestamp"], "2026-05-01T12:05:00Z");
  EXPECT_EQ(Recorder().GetStats().dropped_spam, 6u);
}

TEST_F(EventRecorderTest, AVanishedEventIsCreatedAgainWithTheCountSoFar) {
  Recorder().Record(kTable, EventType::kNormal, "Synced", "in sync");
  Flush();
  const std::string name = server_.OnlyEvent()["metadata"]["name"];
  server_.DeleteAll();  // expired by its TTL
  Recorder().Record(kTable, EventType::kNormal, "Synced", "in sync");
  Flush();
  const std::vector<std::string> requests = server_.Requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[1], "PATCH /api/v1/namespaces/shop/events/" + name);
  EXPECT_EQ(requests[2], "POST /api/v1/namespaces/shop/events");
  EXPECT_EQ(server_.OnlyEvent()["count"], 2);
  EXPECT_EQ(server_.OnlyEvent()["metadata"]["name"], name);
  EXPECT_EQ(Recorder().GetStats().created, 2u);
}

TEST_F(EventRecorderTest, FailedWritesAreCountedAndLoggedNeverPropagated) {
  server_.FailAll(500);
  Recorder().Record(kTable, EventType::kNormal, "Synced", "in sync");
  Recorder().Record(kTable, EventType::kNormal, "Synced", "in sync");
  Flush();
  const EventRecorderImpl::Stats stats = Recorder().GetStats();
  EXPECT_EQ(stats.failed, 2u);
  EXPECT_EQ(stats.created + stats.patched, 0u);
  const std::vector<std::string> log = Log();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_THAT(log[0], HasSubstr("event Table shop/orders Synced (count 1) not written: unavailable"));
  EXPECT_THAT(log[1], HasSubstr("(count 2)"));

  server_.FailAll(0);  // the server is back: the series goes on (PATCH 404, then POST)
  Recorder().Record(kTable, EventType::kNormal, "Synced", "in sync");
  Flush();
  EXPECT_EQ(server_.OnlyEvent()["count"], 3);
}

TEST_F(EventRecorderTest, RecordNeverBlocksAndAFullQueueDropsTheNewest) {
  options_.queue_capacity = 3;
  server_.Hold();
  ObjectReference object = kTable;
  Recorder().Record(object, EventType::kNormal, "Reason0", "m");
  ASSERT_TRUE(server_.AwaitRequests(1));  // the sender is stuck in its first write
  const auto start = std::chrono::steady_clock::now();
  for (int i = 1; i <= 5; ++i) Recorder().Record(object, EventType::kNormal, "Reason" + std::to_string(i), "m");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EventRecorderImpl::Stats stats = Recorder().GetStats();
  EXPECT_EQ(stats.recorded, 6u);
  EXPECT_EQ(stats.dropped_queue_full, 2u);

  server_.Release();
  Flush();
  std::set<std::string> reasons;
  for (const auto& [name, event] : server_.Events()) reasons.insert(event["reason"]);
  EXPECT_EQ(reasons, (std::set<std::string>{"Reason0", "Reason1", "Reason2", "Reason3"}));
}

TEST_F(EventRecorderTest, StopDropsWhatIsQueuedAndWhatComesLater) {
  server_.Hold();
  Recorder().Record(kTable, EventType::kNormal, "First", "m");
  ASSERT_TRUE(server_.AwaitRequests(1));
  Recorder().Record(kTable, EventType::kNormal, "Queued", "m");
  std::thread stopper([&] { Recorder().Stop(); });
  const auto deadline = std::chrono::steady_clock::now() + 5s;  // Stop drops "Queued" at once
  while (Recorder().GetStats().dropped_queue_full == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  server_.Release();  // the write in flight finishes, then the sender ends
  stopper.join();
  Recorder().Record(kTable, EventType::kNormal, "Late", "m");
  const EventRecorderImpl::Stats stats = Recorder().GetStats();
  EXPECT_EQ(stats.created, 1u);
  EXPECT_EQ(stats.dropped_queue_full, 2u);
  EXPECT_EQ(server_.Requests().size(), 1u);
  EXPECT_TRUE(Recorder().Flush(1s));
}

TEST_F(EventRecorderTest, ClusterScopedObjectsGetTheirEventsInDefault) {
  const ObjectReference ns{"v1", "Namespace", "", "shop", "uid-ns", "3"};
  Recorder().Record(ns, EventType::kNormal, "DefaultRegion", "us-east-1");
  Flush();
  EXPECT_THAT(server_.Requests(), ElementsAre("POST /api/v1/namespaces/default/events"));
  EXPECT_FALSE(server_.OnlyEvent()["involvedObject"].contains("namespace"));
}

TEST_F(EventRecorderTest, AReferenceWithoutKindOrNameIsRefused) {
  Recorder().Record(ObjectReference{}, EventType::kNormal, "Synced", "m");
  Flush();
  EXPECT_TRUE(server_.Requests().empty());
  EXPECT_EQ(Recorder().GetStats().dropped_invalid, 1u);
  EXPECT_THAT(Log(), ElementsAre(HasSubstr("needs a kind and a name")));
}

TEST_F(EventRecorderTest, LongMessagesAreCutAtAUtf8Boundary) {
  const std::string message = std::string(1023, 'a') + "\xC3\xA9" + "tail";  // é straddles byte 1024
  Recorder().Record(kTable, EventType::kNormal, "Long", message);
  Flush();
  EXPECT_EQ(server_.OnlyEvent()["message"], std::string(1023, 'a'));
}

TEST_F(EventRecorderTest, ComponentAndHostAreConfigurable) {
  options_.component = "tablekeeper-test";
  options_.host = "node-1";
  Recorder().Record(kTable, EventType::kNormal, "Synced", "m");
  Flush();
  const json event = server_.OnlyEvent();
  EXPECT_EQ(event["source"], json::parse(R"({"component": "tablekeeper-test", "host": "node-1"})"));
  EXPECT_EQ(event["reportingComponent"], "tablekeeper-test");
}

TEST(EventReferenceTest, ReferenceToReadsTheObjectsIdentity) {
  const json object = json::parse(R"({"apiVersion": "v1", "kind": "ConfigMap",
      "metadata": {"namespace": "ns", "name": "cm", "uid": "u", "resourceVersion": "9"}})");
  EXPECT_EQ(ReferenceTo(object), (ObjectReference{"v1", "ConfigMap", "ns", "cm", "u", "9"}));
  EXPECT_EQ(ReferenceTo(json::array()), ObjectReference{});
  EXPECT_EQ(ReferenceTo(json::parse(R"({"kind": 3, "metadata": null})")), ObjectReference{});
  EXPECT_EQ(EventTypeName(EventType::kWarning), "Warning");
}

}  // namespace
}  // namespace tk::kube
