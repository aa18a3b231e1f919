// The informer over a scripted ListerWatcher: handlers in order, HasSynced,
// indexes, resync, failing handlers, and the run-once and stop rules. The
// real API server is in test/integration/kube/informer_test.cc.
#include "kube/informer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include "reflector_test_support.h"

namespace tk::kube {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using namespace std::chrono_literals;
using namespace tk::kube::testing;

// Records "<tag> add a 1", "<tag> update a 1->2", "<tag> delete a 3" into a
// log shared by several handlers.
class Log {
 public:
  void Add(std::string line) {
    std::lock_guard lock(mutex_);
    lines_.push_back(std::move(line));
  }
  std::vector<std::string> lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
  }
  size_t size() const {
    std::lock_guard lock(mutex_);
    return lines_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

std::shared_ptr<ResourceEventHandlerFuncs> Recorder(Log& log, const std::string& tag) {
  auto handler = std::make_shared<ResourceEventHandlerFuncs>();
  handler->on_add = [&log, tag](const ObjectPtr& object) {
    log.Add(tag + " add " + NameOf(*object) + " " + ResourceVersionOf(*object));
  };
  handler->on_update = [&log, tag](const ObjectPtr& old_object, const ObjectPtr& new_object) {
    log.Add(tag + " update " + NameOf(*new_object) + " " + ResourceVersionOf(*old_object) + "->" +
            ResourceVersionOf(*new_object));
  };
  handler->on_delete = [&log, tag](const ObjectPtr& object) {
    log.Add(tag + " delete " + NameOf(*object) + " " + ResourceVersionOf(*object));
  };
  return handler;
}

InformerOptions FastOptions() {
  InformerOptions options;
  options.reflector.backoff = {10ms, 40ms, 2.0, 0.0};
  options.reflector.min_watch_duration = 0ms;
  return options;
}

TEST(InformerTest, HandlersGetEveryChangeInOrderOneAfterAnother) {
  auto source = std::make_unique<ScriptedSource>();
  source->AddList(ListOf("10", {ConfigMap("a", "1")}));
  source->AddWatch({{Event(WatchEventType::kModified, ConfigMap("a", "11")),
                     Event(WatchEventType::kDeleted, ConfigMap("a", "12"))},
                    OkStatus(), true});
  Informer informer(std::move(source), FastOptions());
  Log log;
  ASSERT_TRUE(informer.AddEventHandler(Recorder(log, "first")).ok());
  ASSERT_TRUE(informer.AddEventHandler(Recorder(log, "second")).ok());
  ASSERT_TRUE(informer.Start().ok());
  ASSERT_TRUE(WaitUntil([&] { return log.size() >= 6; }));
  EXPECT_THAT(log.lines(), ElementsAre("first add a 1", "second add a 1", "first update a 1->11",
                                       "second update a 1->11", "first delete a 12", "second delete a 12"));
  EXPECT_EQ(informer.Get("ns/a"), nullptr);
  EXPECT_EQ(informer.LastResourceVersion(), "12");
}

TEST(InformerTest, HasSyncedOnceTheFirstListIsDelivered) {
  auto source = std::make_unique<ScriptedSource>();
  source->AddList(ListOf("10", {ConfigMap("a", "1"), ConfigMap("b", "2"), ConfigMap("c", "3")}));
  Informer informer(std::move(source), FastOptions());
  std::atomic<int> adds{0};
  std::atomic<bool> synced_during_add{false};
  auto handler = std::make_shared<ResourceEventHandlerFuncs>();
  handler->on_add = [&](const ObjectPtr&) {
    if (informer.HasSynced()) synced_during_add = true;
    ++adds;
  };
  ASSERT_TRUE(informer.AddEventHandler(handler).ok());
  EXPECT_FALSE(informer.HasSynced());
  ASSERT_TRUE(informer.Start().ok());
  ASSERT_TRUE(informer.WaitForSync(5s));
  EXPECT_TRUE(informer.HasSynced());
  EXPECT_EQ(adds.load(), 3);  // every add of the list was delivered first
  EXPECT_FALSE(synced_during_add.load());
  EXPECT_EQ(informer.List().size(), 3u);
}

TEST(InformerTest, WaitForSyncGivesUpAfterItsTimeoutOrWhenStopped) {
  auto source = std::make_unique<ScriptedSource>();
  source->SetDefaultList(Status(Code::kPermissionDenied, "forbidden"));
  Informer informer(std::move(source), FastOptions());
  std::vector<Status> errors;
  std::mutex errors_mutex;
  ASSERT_TRUE(informer
                  .SetErrorHandler([&](const Status& error) {
                    std::lock_guard lock(errors_mutex);
                    errors.push_back(error);
                  })
                  .ok());
  ASSERT_TRUE(informer.Start().ok());
  const auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(informer.WaitForSync(200ms));
  EXPECT_GE(std::chrono::steady_clock::now() - started, 200ms);
  EXPECT_EQ(informer.LastError().code(), Code::kPermissionDenied);
  {
    std::lock_guard lock(errors_mutex);
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(errors[0].code(), Code::kPermissionDenied);
  }
  informer.Stop();
  EXPECT_FALSE(informer.WaitForSync(10s));  // at once: it stopped
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

TEST(InformerTest, ByIndexWithACustomIndex) {
  auto source = std::make_unique<ScriptedSource>();
  json a = ConfigMap("a", "1");
  a["data"] = {{"key", "k1"}};
  json b = ConfigMap("b", "2");
  b["data"] = {{"key", "k1"}};
  json a2 = a;
  a2["metadata"]["resourceVersion"] = "11";
  a2["data"]["key"] = "k2";
  source->AddList(ListOf("10", {a, b}));
  source->AddWatch({{Event(WatchEventType::kModified, a2)}, OkStatus(), true});
  Informer informer(std::move(source), FastOptions());
  ASSERT_TRUE(informer
                  .AddIndex("by-key",
                            [](const json& object) -> std::vector<std::string> {
                              return {object.at("data").at("key").get<std::string>()};
                            })
                  .ok());
  ASSERT_TRUE(informer.Start().ok());
  ASSERT_TRUE(WaitUntil([&] { return informer.LastResourceVersion() == "11"; }));
  Result<std::vector<ObjectPtr>> k1 = informer.ByIndex("by-key", "k1");
  ASSERT_TRUE(k1.ok());
  ASSERT_EQ(k1->size(), 1u);
  EXPECT_EQ(NameOf(*(*k1)[0]), "b");
  EXPECT_EQ(informer.ByIndex("by-key", "k2")->size(), 1u);
  EXPECT_EQ(informer.ByIndex(ObjectCache::kNamespaceIndex, "ns")->size(), 2u);
}

TEST(InformerTest, AThrowingHandlerIsReportedAndTheOthersStillRun) {
  auto source = std::make_unique<ScriptedSource>();
  source->AddList(ListOf("10", {ConfigMap("a", "1"), ConfigMap("b", "2")}));
  Informer informer(std::move(source), FastOptions());
  auto thrower = std::make_shared<ResourceEventHandlerFuncs>();
  thrower->on_add = [](const ObjectPtr&) { throw std::runtime_error("handler bug"); };
  Log log;
  ASSERT_TRUE(informer.AddEventHandler(thrower).ok());
  ASSERT_TRUE(informer.AddEventHandler(Recorder(log, "h")).ok());
  ASSERT_TRUE(informer.Start().ok());
  ASSERT_TRUE(informer.WaitForSync(5s));
  EXPECT_THAT(log.lines(), ElementsAre("h add a 1", "h add b 2"));
  EXPECT_EQ(informer.LastError().code(), Code::kInternal);
  EXPECT_THAT(informer.LastError().message(), ::testing::HasSubstr("handler bug"));
}

TEST(InformerTest, ResyncDeliversEveryCachedObjectAgainAsAnUpdate) {
  auto source = std::make_unique<ScriptedSource>();
  source->AddList(ListOf("10", {ConfigMap("a", "1"), ConfigMap("b", "2")}));
  InformerOptions options = FastOptions();
  options.resync_period = 100ms;
  Informer informer(std::move(source), options);
  Log log;
  ASSERT_TRUE(informer.AddEventHandler(Recorder(log, "h")).ok());
  ASSERT_TRUE(informer.Start().ok());
  ASSERT_TRUE(WaitUntil([&] { return log.size() >= 6; }));
  informer.Stop();
  const std::vector<std::string> lines = log.lines();
  EXPECT_THAT(std::vector<std::string>(lines.begin(), lines.begin() + 6),
              ElementsAre("h add a 1", "h add b 2", "h update a 1->1", "h update b 2->2", "h update a 1->1",
                          "h update b 2->2"));
}

TEST(InformerTest, NoResyncByDefault) {
  auto source = std::make_unique<ScriptedSource>();
  source->AddList(ListOf("10", {ConfigMap("a", "1")}));
  Informer informer(std::move(source), FastOptions());
  Log log;
  ASSERT_TRUE(informer.AddEventHandler(Recorder(log, "h")).ok());
  ASSERT_TRUE(informer.Start().ok());
  ASSERT_TRUE(informer.WaitForSync(5s));
  std::this_thread::sleep_for(300ms);
  EXPECT_THAT(log.lines(), ElementsAre("h add a 1"));
}

TEST(InformerTest, SetUpBeforeStartAndRunOnlyOnce) {
  auto source = std::make_unique<ScriptedSource>();
  source->AddList(ListOf("10", {}));
  Informer informer(std::move(source), FastOptions());
  EXPECT_EQ(informer.AddEventHandler(nullptr).code(), Code::kInvalidArgument);
  ASSERT_TRUE(informer.Start().ok());
  EXPECT_EQ(informer.AddEventHandler(std::make_shared<ResourceEventHandler>()).code(), Code::kFailedPrecondition);
  EXPECT_EQ(informer.AddIndex("x", [](const json&) { return std::vector<std::string>{}; }).code(),
            Code::kFailedPrecondition);
  EXPECT_EQ(informer.SetErrorHandler(nullptr).code(), Code::kFailedPrecondition);
  EXPECT_EQ(informer.Start().code(), Code::kFailedPrecondition);
  EXPECT_EQ(informer.Run().code(), Code::kFailedPrecondition);
}

TEST(InformerTest, RunOnTheCallersThreadUntilItsStopToken) {
  auto source = std::make_unique<ScriptedSource>();
  source->AddList(ListOf("10", {ConfigMap("a", "1")}));
  Informer informer(std::move(source), FastOptions());
  std::stop_source stop;
  std::atomic<bool> returned{false};
  std::thread runner([&] {
    EXPECT_TRUE(informer.Run(stop.get_token()).ok());
    returned = true;
  });
  EXPECT_TRUE(informer.WaitForSync(5s));
  stop.request_stop();
  EXPECT_TRUE(WaitUntil([&] { return returned.load(); }));
  runner.join();
}

TEST(InformerTest, AHandlerMayStopTheInformer) {
  auto source = std::make_unique<ScriptedSource>();
  source->AddList(ListOf("10", {ConfigMap("a", "1"), ConfigMap("b", "2")}));
  auto informer = std::make_unique<Informer>(std::move(source), FastOptions());
  std::atomic<int> adds{0};
  auto handler = std::make_shared<ResourceEventHandlerFuncs>();
  handler->on_add = [&](const ObjectPtr&) {
    ++adds;
    informer->Stop();  // must not wait for itself
  };
  ASSERT_TRUE(informer->AddEventHandler(handler).ok());
  ASSERT_TRUE(informer->Start().ok());
  EXPECT_FALSE(informer->WaitForSync(5s));  // stopped inside the first list
  informer.reset();                         // joins
  EXPECT_GE(adds.load(), 1);
}

TEST(InformerTest, DestroyingARunningInformerStopsIt) {
  auto source = std::make_unique<ScriptedSource>();
  source->AddList(ListOf("10", {}));
  auto informer = std::make_unique<Informer>(std::move(source), FastOptions());
  ASSERT_TRUE(informer->Start().ok());
  ASSERT_TRUE(informer->WaitForSync(5s));
  const auto started = std::chrono::steady_clock::now();
  informer.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

}  // namespace
}  // namespace tk::kube
