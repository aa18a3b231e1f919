// EventRecorderImpl against the test world's real kube-apiserver, writing as
// the controller identity (RBAC: events create and patch only), read back as
// admin and with kubectl: identical events become one Event whose count is
// what the spam filter let through; different reasons are separate Events;
// a write the server refuses is counted, not propagated.
#include "kube/event_recorder_impl.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kube/rfc3339.h"
#include "kube_world.h"

namespace tk::kube {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const GroupVersionResource kEvents{"", "v1", "events"};

class EventRecorderIntegrationTest : public testing::NamespaceTest {
 protected:
  void SetUp() override {
    NamespaceTest::SetUp();
    controller_ = std::make_unique<RestClient>(testing::ControllerConfig());
    config_map_ = CreateConfigMap("orders", {{"color", "blue"}});
    options_.instance = "replica-under-test";
  }

  EventRecorderImpl& Recorder() {
    if (!recorder_) recorder_ = std::make_unique<EventRecorderImpl>(*controller_, options_);
    return *recorder_;
  }

  // The Events about the ConfigMap, as admin lists them.
  std::vector<json> EventsAboutOrders() {
    ListOptions options;
    options.field_selector = "involvedObject.name=orders";
    Result<json> list = admin_->List({kEvents, namespace_, "", ""}, options);
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    return list.ok() ? list->at("items").get<std::vector<json>>() : std::vector<json>{};
  }

  std::unique_ptr<RestClient> controller_;
  json config_map_;
  EventRecorderOptions options_;
  std::unique_ptr<EventRecorderImpl> recorder_;
};

TEST_F(EventRecorderIntegrationTest, FiftyIdenticalEventsAreOneEventCountingWhatTheSpamFilterAllows) {
  const ObjectReference orders = ReferenceTo(config_map_);
  for (int i = 0; i < 50; ++i) Recorder().Record(orders, EventType::kWarning, "UpdateThrottled", "slow down");
  ASSERT_TRUE(Recorder().Flush(60s));

  // Default filter: a burst of 25 per object. 25 pass (one create, 24
  // patches), 25 are dropped.
  const EventRecorderImpl::Stats stats = Recorder().GetStats();
  EXPECT_EQ(stats.recorded, 50u);
  EXPECT_EQ(stats.created, 1u);
  EXPECT_EQ(stats.patched, 24u);
  EXPECT_EQ(stats.dropped_spam, 25u);
  EXPECT_EQ(stats.failed, 0u);

  const std::vector<json> events = EventsAboutOrders();
  ASSERT_EQ(events.size(), 1u);
  const json& event = events[0];
  EXPECT_EQ(event["count"], 25);
  EXPECT_EQ(event["type"], "Warning");
  EXPECT_EQ(event["reason"], "UpdateThrottled");
  EXPECT_EQ(event["message"], "slow down");
  EXPECT_EQ(event["involvedObject"], json({{"apiVersion", "v1"},
                                           {"kind", "ConfigMap"},
                                           {"namespace", namespace_},
                                           {"name", "orders"},
                                           {"uid", config_map_["metadata"]["uid"]},
                                           {"resourceVersion", config_map_["metadata"]["resourceVersion"]}}));
  EXPECT_EQ(event["source"], json({{"component", "tablekeeper"}}));
  EXPECT_EQ(event["reportingComponent"], "tablekeeper");
  EXPECT_EQ(event["reportingInstance"], "replica-under-test");
  const auto first = ParseRfc3339(event["firstTimestamp"].get<std::string>());
  const auto last = ParseRfc3339(event["lastTimestamp"].get<std::string>());
  ASSERT_TRUE(first && last) << event.dump();
  EXPECT_LE(*first, *last);
  EXPECT_LT(std::chrono::system_clock::now() - *first, 5min);

  // kubectl sees the same single Event.
  const testing::CommandResult kubectl = testing::Kubectl(
      {"-n", namespace_, "get", "events", "--field-selector", "involvedObject.name=orders", "-o",
       "jsonpath={range .items[*]}{.reason}={.count};{end}"});
  EXPECT_EQ(kubectl.exit_code, 0) << kubectl.output;
  EXPECT_EQ(kubectl.output, "UpdateThrottled=25;");
}

TEST_F(EventRecorderIntegrationTest, WithoutTheFilterInTheWayFiftyIdenticalEventsCountFifty) {
  options_.correlation.spam_burst = 100;
  const ObjectReference orders = ReferenceTo(config_map_);
  for (int i = 0; i < 50; ++i) Recorder().Record(orders, EventType::kNormal, "Synced", "in sync");
  ASSERT_TRUE(Recorder().Flush(60s));
  const std::vector<json> events = EventsAboutOrders();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["count"], 50);
  EXPECT_EQ(Recorder().GetStats().patched, 49u);
}

TEST_F(EventRecorderIntegrationTest, DifferentReasonsAreSeparateEvents) {
  const ObjectReference orders = ReferenceTo(config_map_);
  for (int round = 0; round < 2; ++round) {
    Recorder().Record(orders, EventType::kNormal, "Created", "created the table");
    Recorder().Record(orders, EventType::kNormal, "Synced", "in sync");
    Recorder().Record(orders, EventType::kWarning, "UpdateThrottled", "slow down");
  }
  ASSERT_TRUE(Recorder().Flush(60s));
  std::map<std::string, std::pair<std::string, int>> by_reason;
  for (const json& event : EventsAboutOrders()) {
    by_reason[event["reason"]] = {event["type"], event["count"]};
  }
  EXPECT_EQ(by_reason, (std::map<std::string, std::pair<std::string, int>>{
                           {"Created", {"Normal", 2}},
                           {"Synced", {"Normal", 2}},
                           {"UpdateThrottled", {"Warning", 2}}}));
  const testing::CommandResult kubectl = testing::Kubectl(
      {"-n", namespace_, "get", "events", "--field-selector", "involvedObject.name=orders", "--no-headers"});
  EXPECT_EQ(std::count(kubectl.output.begin(), kubectl.output.end(), '\n'), 3) << kubectl.output;
}

TEST_F(EventRecorderIntegrationTest, AWriteTheServerRefusesIsCountedNotPropagated) {
  ObjectReference nowhere = ReferenceTo(config_map_);
  nowhere.namespace_name = namespace_ + "-missing";
  std::vector<std::string> log;
  std::mutex mutex;
  options_.log = [&](std::string_view line) {
    std::lock_guard lock(mutex);
    log.emplace_back(line);
  };
  Recorder().Record(nowhere, EventType::kNormal, "Synced", "in sync");
  ASSERT_TRUE(Recorder().Flush(30s));
  recorder_->Stop();
  EXPECT_EQ(Recorder().GetStats().failed, 1u);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_THAT(log[0], ::testing::HasSubstr("not written: not_found"));
}

}  // namespace
}  // namespace tk::kube
