// RestClient::Watch against the real kube-apiserver: events after a list's
// version, bookmarks moving the version on, the server ending the watch at
// timeoutSeconds, 410 Gone inside the stream for a version the server no
// longer has, RBAC refusing a watch, and stopping an idle watch.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <random>
#include <thread>

#include "informer_test_support.h"
#include "kube/api_error.h"
#include "kube/rest_client.h"
#include "kube_world.h"

namespace tk::kube {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using namespace std::chrono_literals;
using testing::VersionNumber;
using testing::WaitUntil;

// A watch on a thread of its own, collecting events until stopped.
class BackgroundWatch {
 public:
  BackgroundWatch(RestClient& client, ResourcePath collection, WatchOptions options) {
    thread_ = std::jthread([this, &client, collection, options](std::stop_token stop) {
      const Status result = client.Watch(
          collection, options,
          [this](WatchEvent event) {
            std::lock_guard lock(mutex_);
            events_.push_back(std::move(event));
            return true;
          },
          [stop] { return !stop.stop_requested(); });
      std::lock_guard lock(mutex_);
      result_ = result;
      done_ = true;
    });
  }
  ~BackgroundWatch() { Stop(); }

  void Stop() {
    thread_.request_stop();
    if (thread_.joinable()) thread_.join();
  }
  std::vector<WatchEvent> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  bool done() const {
    std::lock_guard lock(mutex_);
    return done_;
  }
  Status result() const {
    std::lock_guard lock(mutex_);
    return result_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<WatchEvent> events_;
  bool done_ = false;
  Status result_;
  std::jthread thread_;
};

class WatchIntegrationTest : public testing::NamespaceTest {
 protected:
  std::string ListVersion(const ResourcePath& collection) {
    Result<json> list = admin_->List(collection);
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    return list.ok() ? ResourceVersionOf(*list) : "";
  }
};

TEST_F(WatchIntegrationTest, StreamsTheChangesAfterAListsVersionInOrder) {
  WatchOptions options;
  options.resource_version = ListVersion(ConfigMaps());
  options.timeout_seconds = 60s;
  BackgroundWatch watch(*admin_, ConfigMaps(), options);

  CreateConfigMap("a", {{"v", "1"}});
  ASSERT_TRUE(admin_->Patch(ConfigMap("a"), PatchType::kMerge, {{"data", {{"v", "2"}}}}).ok());
  ASSERT_TRUE(admin_->Delete(ConfigMap("a")).ok());

  ASSERT_TRUE(WaitUntil([&] { return watch.events().size() >= 3; }, 20s)) << watch.result().ToString();
  const std::vector<WatchEvent> events = watch.events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, WatchEventType::kAdded);
  EXPECT_EQ(events[0].object["data"]["v"], "1");
  EXPECT_EQ(events[0].object["kind"], "ConfigMap");
  EXPECT_EQ(events[1].type, WatchEventType::kModified);
  EXPECT_EQ(events[1].object["data"]["v"], "2");
  EXPECT_EQ(events[2].type, WatchEventType::kDeleted);
  EXPECT_EQ(events[2].object["data"]["v"], "2");  // the final state
  EXPECT_LT(VersionNumber(ResourceVersionOf(events[0].object)), VersionNumber(ResourceVersionOf(events[1].object)));
  EXPECT_LT(VersionNumber(ResourceVersionOf(events[1].object)), VersionNumber(ResourceVersionOf(events[2].object)));

  const auto stopping = std::chrono::steady_clock::now();
  watch.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, 5s);
  EXPECT_TRUE(watch.result().ok()) << watch.result().ToString();
}

// kube-apiserver v1.37 sends a watcher a bookmark 2 s before its
// timeoutSeconds, carrying the last version its watch cache processed for the
// resource, when that is newer than what the watcher has seen. A write to a
// ConfigMap in another namespace moves that version on without an event for
// this watch.
TEST_F(WatchIntegrationTest, ABookmarkMovesTheVersionOnAndTheServerEndsTheWatchOnTime) {
  WatchOptions options;
  options.resource_version = ListVersion(ConfigMaps());
  options.timeout_seconds = 5s;
  const auto started = std::chrono::steady_clock::now();
  BackgroundWatch watch(*admin_, ConfigMaps(), options);

  std::this_thread::sleep_for(1s);
  const ResourcePath elsewhere{testing::kConfigMaps, "default", "tk-watch-elsewhere-" + namespace_, ""};
  Result<json> written = admin_->Create(
      {testing::kConfigMaps, "default", "", ""},
      {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", elsewhere.name}}}});
  ASSERT_TRUE(written.ok()) << written.status().ToString();

  ASSERT_TRUE(WaitUntil([&] { return watch.done(); }, 30s));
  const auto lasted = std::chrono::steady_clock::now() - started;
  (void)admin_->Delete(elsewhere);
  EXPECT_TRUE(watch.result().ok()) << watch.result().ToString();
  EXPECT_GE(lasted, 4s);
  EXPECT_LT(lasted, 20s);
  const std::vector<WatchEvent> events = watch.events();
  ASSERT_FALSE(events.empty()) << "no bookmark before the server ended the watch";
  for (const WatchEvent& event : events) EXPECT_EQ(event.type, WatchEventType::kBookmark);
  EXPECT_GE(VersionNumber(ResourceVersionOf(events.back().object)), VersionNumber(ResourceVersionOf(*written)));
  EXPECT_GT(VersionNumber(ResourceVersionOf(events.back().object)), VersionNumber(options.resource_version));
}

// A custom resource's watch cache starts at the version of its first list:
// the server no longer has anything older, and says so with an ERROR event
// carrying 410 Expired inside an HTTP 200 stream (seen with curl on the test
// world before this test was written). The first watch may get 429 "storage
// is (re)initializing" with Retry-After, which the RestClient retries.
class GoneIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = std::make_unique<RestClient>(testing::AdminConfig());
    std::random_device random;
    group_ = fmt::format("tk-watch-{:08x}.example.com", random());
    const json crd = {
        {"apiVersion", "apiextensions.k8s.io/v1"},
        {"kind", "CustomResourceDefinition"},
        {"metadata", {{"name", "widgets." + group_}}},
        {"spec",
         {{"group", group_},
          {"scope", "Namespaced"},
          {"names", {{"plural", "widgets"}, {"singular", "widget"}, {"kind", "Widget"}, {"listKind", "WidgetList"}}},
          {"versions",
           json::array({{{"name", "v1"},
                         {"served", true},
                         {"storage", true},
                         {"schema",
                          {{"openAPIV3Schema", {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}}}}}}})}}}};
    Result<json> created = admin_->Create(kCrds, crd);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    const testing::CommandResult established = testing::Kubectl(
        {"wait", "--for", "condition=established", "--timeout", "60s", "crd/widgets." + group_}, 90s);
    ASSERT_EQ(established.exit_code, 0) << established.output;
  }
  void TearDown() override {
    if (admin_ && !group_.empty()) (void)admin_->Delete({kCrds.gvr, "", "widgets." + group_, ""});
  }

  const ResourcePath kCrds{{"apiextensions.k8s.io", "v1", "customresourcedefinitions"}, "", "", ""};
  std::unique_ptr<RestClient> admin_;
  std::string group_;
};

TEST_F(GoneIntegrationTest, AVersionOlderThanTheServersHistoryIsGoneInsideTheStream) {
  const ResourcePath widgets{{group_, "v1", "widgets"}, "", "", ""};
  WatchOptions options;
  options.resource_version = "1";
  options.timeout_seconds = 10s;
  std::vector<WatchEvent> events;
  Status watched = Status(Code::kNotFound, "not tried");
  // The new resource may take a moment to be served (404).
  ASSERT_TRUE(WaitUntil(
      [&] {
        events.clear();
        watched = admin_->Watch(widgets, options, [&](WatchEvent event) {
          events.push_back(std::move(event));
          return true;
        });
        return watched.code() != Code::kNotFound;
      },
      30s))
      << watched.ToString();
  EXPECT_TRUE(IsGone(watched)) << watched.ToString();
  EXPECT_THAT(watched.message(), HasSubstr("too old resource version: 1"));
  EXPECT_THAT(watched.message(), HasSubstr("HTTP 410 Expired"));
  EXPECT_TRUE(events.empty());
}

TEST(WatchPermissionIntegrationTest, TheControllerMayWatchNamespacesButNotConfigMaps) {
  RestClient controller(testing::ControllerConfig());
  WatchOptions options;
  options.timeout_seconds = 2s;
  int events = 0;
  const Status forbidden = controller.Watch({testing::kConfigMaps, "default", "", ""}, options, [&](WatchEvent) {
    ++events;
    return true;
  });
  EXPECT_EQ(forbidden.code(), Code::kPermissionDenied) << forbidden.ToString();
  EXPECT_THAT(forbidden.message(), HasSubstr("cannot watch resource \"configmaps\""));
  EXPECT_EQ(events, 0);

  // Without a version the server starts with every namespace as ADDED.
  const Status allowed = controller.Watch({testing::kNamespaces, "", "", ""}, options, [&](WatchEvent) {
    ++events;
    return true;
  });
  EXPECT_TRUE(allowed.ok()) << allowed.ToString();
  EXPECT_GT(events, 0);
}

TEST_F(WatchIntegrationTest, KeepGoingEndsAnIdleWatchWithinAboutASecond) {
  WatchOptions options;
  options.resource_version = ListVersion(ConfigMaps());
  options.timeout_seconds = 120s;
  const auto started = std::chrono::steady_clock::now();
  const Status watched = admin_->Watch(
      ConfigMaps(), options, [](WatchEvent) { return true; },
      [&] { return std::chrono::steady_clock::now() - started < 1500ms; });
  EXPECT_TRUE(watched.ok()) << watched.ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

}  // namespace
}  // namespace tk::kube
