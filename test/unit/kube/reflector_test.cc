// The reflector's loop against a scripted ListerWatcher: list then watch
// from the list's version, re-watch from the last version (bookmarks
// included), re-list with net changes on 410, back-off on failures, and no
// duplicate adds. Waits are bounded; a test that fails never hangs.
#include "kube/reflector.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>
#include <set>
#include <thread>

#include "kube/api_error.h"
#include "reflector_test_support.h"

namespace tk::kube {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using namespace std::chrono_literals;
using namespace tk::kube::testing;

// Records what the reflector tells it as lines: "add a 1", "update a 1->2",
// "delete a 3", "listed", "error <code>". Checks the cache holds each change
// already when it is told.
class RecordingSink final : public ReflectorSink {
 public:
  explicit RecordingSink(const ObjectCache& cache) : cache_(cache) {}

  void OnAdd(const ObjectPtr& object) override {
    EXPECT_EQ(cache_.Get(ObjectKeyOf(*object)), object);
    Record("add " + NameOf(*object) + " " + ResourceVersionOf(*object));
  }
  void OnUpdate(const ObjectPtr& old_object, const ObjectPtr& new_object) override {
    EXPECT_EQ(cache_.Get(ObjectKeyOf(*new_object)), new_object);
    Record("update " + NameOf(*new_object) + " " + ResourceVersionOf(*old_object) + "->" +
           ResourceVersionOf(*new_object));
  }
  void OnDelete(const ObjectPtr& last_known) override {
    EXPECT_EQ(cache_.Get(ObjectKeyOf(*last_known)), nullptr);
    Record("delete " + NameOf(*last_known) + " " + ResourceVersionOf(*last_known));
  }
  void OnListed() override { Record("listed"); }
  void OnError(const Status& error) override {
    std::lock_guard lock(mutex_);
    errors_.push_back(error);
    lines_.push_back(std::string("error ") + std::string(CodeName(error.code())));
  }
  void OnTick() override { ++ticks; }

  std::vector<std::string> lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
  }
  std::vector<Status> errors() const {
    std::lock_guard lock(mutex_);
    return errors_;
  }
  std::atomic<int> ticks{0};

 private:
  void Record(std::string line) {
    std::lock_guard lock(mutex_);
    lines_.push_back(std::move(line));
  }

  const ObjectCache& cache_;
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
  std::vector<Status> errors_;
};

class ReflectorTest : public ::testing::Test {
 protected:
  ReflectorTest() {
    options_.backoff = {10ms, 40ms, 2.0, 0.0};
    options_.min_watch_timeout = 300s;
    options_.min_watch_duration = 0ms;
  }
  ~ReflectorTest() override { StopReflector(); }

  void StartReflector() {
    reflector_ = std::make_unique<Reflector>(source_, cache_, sink_, options_);
    thread_ = std::jthread([this](std::stop_token stop) { reflector_->Run(stop); });
  }
  void StopReflector() {
    if (thread_.joinable()) {
      thread_.request_stop();
      thread_.join();
    }
  }
  // Waits until the sink has recorded `count` lines.
  void AwaitLines(size_t count) {
    ASSERT_TRUE(WaitUntil([&] { return sink_.lines().size() >= count; }))
        << "only " << ::testing::PrintToString(sink_.lines());
  }
  std::vector<std::string> CachedNamesAndVersions() const {
    std::vector<std::string> out;
    for (const ObjectPtr& object : cache_.List()) out.push_back(NameOf(*object) + " " + ResourceVersionOf(*object));
    return out;
  }

  ReflectorOptions options_;
  ScriptedSource source_;
  ObjectCache cache_;
  RecordingSink sink_{cache_};
  std::unique_ptr<Reflector> reflector_;
  std::jthread thread_;
};

TEST_F(ReflectorTest, ListsThenAppliesWatchEventsInOrder) {
  source_.AddList(ListOf("10", {ConfigMap("a", "1"), ConfigMap("b", "2")}));
  source_.AddWatch({{Event(WatchEventType::kModified, ConfigMap("a", "11")),
                     Event(WatchEventType::kAdded, ConfigMap("c", "12")),
                     Event(WatchEventType::kDeleted, ConfigMap("b", "13"))},
                    OkStatus(), true});
  StartReflector();
  AwaitLines(6);
  EXPECT_THAT(sink_.lines(), ElementsAre("add a 1", "add b 2", "listed", "update a 1->11", "add c 12", "delete b 13"));
  EXPECT_THAT(source_.watch_versions(), ElementsAre("10"));
  EXPECT_THAT(CachedNamesAndVersions(), ElementsAre("a 11", "c 12"));
  // List items get the kind and apiVersion the list left out.
  EXPECT_EQ((*cache_.Get("ns/a"))["kind"], "ConfigMap");
  const ReflectorStats stats = reflector_->Stats();
  EXPECT_EQ(stats.lists, 1u);
  EXPECT_EQ(stats.events, 3u);
  EXPECT_EQ(stats.resource_version, "13");
  EXPECT_TRUE(stats.last_error.ok());
  EXPECT_THAT(source_.page_sizes(), ElementsAre(500));
}

TEST_F(ReflectorTest, TheTransformShapesListedAndWatchedObjectsBeforeTheyAreCached) {
  auto with_managed_fields = [](json object) {
    object["metadata"]["managedFields"] = json::array({{{"manager", "kubectl"}, {"operation", "Apply"}}});
    return object;
  };
  source_.AddList(ListOf("10", {with_managed_fields(ConfigMap("a", "1"))}));
  source_.AddWatch({{Event(WatchEventType::kAdded, with_managed_fields(ConfigMap("b", "11")))}, OkStatus(), true});
  options_.transform = StripManagedFields;
  StartReflector();
  AwaitLines(3);
  for (const ObjectPtr& object : cache_.List()) {
    EXPECT_FALSE((*object)["metadata"].contains("managedFields")) << NameOf(*object);
    EXPECT_EQ((*object)["metadata"]["namespace"], "ns");  // the rest is kept
  }
  EXPECT_EQ(cache_.Size(), 2u);
}

TEST_F(ReflectorTest, RewatchesFromTheLastVersionWhenAWatchEnds) {
  source_.AddList(ListOf("10", {}));
  source_.AddWatch({{Event(WatchEventType::kAdded, ConfigMap("a", "11"))}, OkStatus(), false});
  source_.AddWatch({{Bookmark("20")}, OkStatus(), false});  // a bookmark moves the version on
  source_.AddWatch({{}, OkStatus(), true});
  StartReflector();
  ASSERT_TRUE(WaitUntil([&] { return source_.watch_versions().size() >= 3; }));
  EXPECT_THAT(source_.watch_versions(), ElementsAre("10", "11", "20"));
  EXPECT_EQ(source_.list_calls(), 1);
  EXPECT_THAT(sink_.lines(), ElementsAre("listed", "add a 11"));
  EXPECT_EQ(reflector_->Stats().resource_version, "20");
}

TEST_F(ReflectorTest, WatchTimeoutsAreRandomisedBetweenOnceAndTwiceTheMinimum) {
  options_.min_watch_timeout = 300s;
  source_.AddList(ListOf("10", {}));
  for (int i = 0; i < 30; ++i) source_.AddWatch({{Bookmark(std::to_string(11 + i))}, OkStatus(), false});
  StartReflector();
  ASSERT_TRUE(WaitUntil([&] { return source_.timeouts().size() >= 31; }));
  std::set<int64_t> distinct;
  for (const std::chrono::seconds timeout : source_.timeouts()) {
    EXPECT_GE(timeout, 300s);
    EXPECT_LT(timeout, 600s);
    distinct.insert(timeout.count());
  }
  EXPECT_GT(distinct.size(), 5u);
}

TEST_F(ReflectorTest, GoneRelistsAtOnceAndDeliversTheNetChanges) {
  source_.AddList(ListOf("10", {ConfigMap("a", "1"), ConfigMap("b", "2"), ConfigMap("c", "3"),
                                ConfigMap("r", "4", "uid-old")}));
  source_.AddWatch({{Event(WatchEventType::kModified, ConfigMap("a", "11"))}, Gone(), false});
  // Meanwhile: b updated, c deleted, d created, r deleted and created again.
  source_.AddList(ListOf("30", {ConfigMap("a", "11"), ConfigMap("b", "20"), ConfigMap("d", "21"),
                                ConfigMap("r", "22", "uid-new")}));
  source_.AddWatch({{}, OkStatus(), true});
  StartReflector();
  AwaitLines(12);
  EXPECT_THAT(sink_.lines(),
              ElementsAre("add a 1", "add b 2", "add c 3", "add r 4", "listed", "update a 1->11",
                          // c carries its last known state; nothing for a, unchanged since.
                          "delete c 3", "delete r 4", "update b 2->20", "add d 21", "add r 22", "listed"));
  EXPECT_THAT(source_.watch_versions(), ElementsAre("10", "30"));
  const ReflectorStats stats = reflector_->Stats();
  EXPECT_EQ(stats.gone, 1u);
  EXPECT_EQ(stats.lists, 2u);
  EXPECT_EQ(stats.errors, 0u);  // one 410 is routine, not a failure
  EXPECT_THAT(CachedNamesAndVersions(), ElementsAre("a 11", "b 20", "d 21", "r 22"));
}

TEST_F(ReflectorTest, ASecondGoneInARowIsReportedAndBacksOff) {
  options_.min_watch_duration = 1s;  // the scripted watches end at once: no progress
  source_.AddList(ListOf("10", {}));
  source_.AddWatch({{}, Gone(), false});
  source_.AddList(ListOf("11", {}));
  source_.AddWatch({{}, Gone(), false});
  source_.AddList(ListOf("12", {}));
  StartReflector();
  ASSERT_TRUE(WaitUntil([&] { return source_.watch_versions().size() >= 3; }));
  EXPECT_THAT(source_.watch_versions(), ElementsAre("10", "11", "12"));
  ASSERT_EQ(sink_.errors().size(), 1u);
  EXPECT_TRUE(IsGone(sink_.errors()[0]));
  EXPECT_EQ(reflector_->Stats().gone, 2u);
}

TEST_F(ReflectorTest, ATransportFailureResumesFromTheLastVersionWithoutRelisting) {
  source_.AddList(ListOf("10", {ConfigMap("a", "1")}));
  source_.AddWatch({{Event(WatchEventType::kAdded, ConfigMap("x", "11"))},
                    Status(Code::kUnavailable, "connection reset"), false});
  source_.AddWatch({{Event(WatchEventType::kModified, ConfigMap("x", "12"))}, OkStatus(), true});
  StartReflector();
  AwaitLines(5);
  EXPECT_THAT(sink_.lines(), ElementsAre("add a 1", "listed", "add x 11", "error unavailable", "update x 11->12"));
  EXPECT_THAT(source_.watch_versions(), ElementsAre("10", "11"));
  EXPECT_EQ(source_.list_calls(), 1);
  EXPECT_THAT(sink_.errors()[0].message(), ::testing::HasSubstr("watch configmaps in namespace ns"));
}

TEST_F(ReflectorTest, AForbiddenWatchRelistsAfterABackOff) {
  source_.AddList(ListOf("10", {ConfigMap("a", "1")}));
  source_.AddWatch({{}, Status(Code::kPermissionDenied, "cannot watch"), false});
  source_.AddList(ListOf("10", {ConfigMap("a", "1")}));
  source_.AddWatch({{}, OkStatus(), true});
  StartReflector();
  AwaitLines(4);
  EXPECT_THAT(sink_.lines(), ElementsAre("add a 1", "listed", "error permission_denied", "listed"));
  EXPECT_EQ(source_.list_calls(), 2);
}

TEST_F(ReflectorTest, NoDuplicateAddsForObjectsItHas) {
  source_.AddList(ListOf("10", {ConfigMap("a", "1")}));
  source_.AddWatch({{Event(WatchEventType::kAdded, ConfigMap("a", "1")),             // seen: nothing
                     Event(WatchEventType::kAdded, ConfigMap("a", "2")),             // newer: an update
                     Event(WatchEventType::kAdded, ConfigMap("a", "3", "uid-two")),  // another object
                     Event(WatchEventType::kModified, ConfigMap("m", "4")),          // unknown: an add
                     Event(WatchEventType::kDeleted, ConfigMap("zz", "5")),          // unknown: nothing
                     Bookmark("6")},
                    OkStatus(), true});
  StartReflector();
  AwaitLines(6);
  ASSERT_TRUE(WaitUntil([&] { return reflector_->Stats().resource_version == "6"; }));
  EXPECT_THAT(sink_.lines(), ElementsAre("add a 1", "listed", "update a 1->2", "delete a 2", "add a 3", "add m 4"));
}

TEST_F(ReflectorTest, AFailingListIsReportedAndRetriedWithGrowingWaitsNotATightLoop) {
  options_.backoff = {100ms, 400ms, 2.0, 0.0};
  source_.SetDefaultList(Status(Code::kPermissionDenied, "configmaps is forbidden"));
  StartReflector();
  std::this_thread::sleep_for(1200ms);
  StopReflector();
  // Lists at about 0, 100, 300, 700 and 1100 ms: five at most.
  EXPECT_GE(source_.list_calls(), 3);
  EXPECT_LE(source_.list_calls(), 5);
  ASSERT_FALSE(sink_.errors().empty());
  EXPECT_EQ(sink_.errors()[0].code(), Code::kPermissionDenied);
  EXPECT_THAT(sink_.errors()[0].message(), ::testing::HasSubstr("list configmaps in namespace ns"));
  EXPECT_EQ(reflector_->Stats().errors, static_cast<uint64_t>(source_.list_calls()));
  EXPECT_EQ(reflector_->Stats().lists, 0u);
}

TEST_F(ReflectorTest, WatchesThatEndAtOnceWithoutEventsBackOff) {
  options_.backoff = {100ms, 400ms, 2.0, 0.0};
  options_.min_watch_duration = 1s;
  source_.AddList(ListOf("10", {}));
  for (int i = 0; i < 100; ++i) source_.AddWatch({{}, OkStatus(), false});
  StartReflector();
  std::this_thread::sleep_for(1200ms);
  StopReflector();
  EXPECT_LE(source_.watch_versions().size(), 6u);
  EXPECT_GE(sink_.errors().size(), 3u);
  EXPECT_THAT(sink_.errors()[0].message(), ::testing::HasSubstr("without an event"));
}

TEST_F(ReflectorTest, StopsPromptlyWhileWaitingOrWatching) {
  options_.backoff = {std::chrono::minutes(10), std::chrono::minutes(10), 2.0, 0.0};
  source_.SetDefaultList(Status(Code::kUnavailable, "down"));
  StartReflector();
  ASSERT_TRUE(WaitUntil([&] { return source_.list_calls() == 1; }));
  auto started = std::chrono::steady_clock::now();
  StopReflector();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);

  ScriptedSource idle;
  idle.AddList(ListOf("1", {}));
  ObjectCache cache;
  RecordingSink sink(cache);
  Reflector reflector(idle, cache, sink, options_);
  std::jthread thread([&](std::stop_token stop) { reflector.Run(stop); });
  ASSERT_TRUE(WaitUntil([&] { return idle.watch_versions().size() == 1; }));
  started = std::chrono::steady_clock::now();
  thread.request_stop();
  thread.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

TEST_F(ReflectorTest, TicksWhileIdle) {
  source_.AddList(ListOf("10", {}));
  StartReflector();
  ASSERT_TRUE(WaitUntil([&] { return sink_.ticks.load() >= 3; }));
}

}  // namespace
}  // namespace tk::kube
