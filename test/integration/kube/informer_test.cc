// Informers against the real kube-apiserver: changes in order with the right
// objects, HasSynced after a paged initial list, indexes, selectors,
// bookmarks, the controller's RBAC (namespaces yes, ConfigMaps no: reported,
// never a tight loop), and a dropped connection (a proxy the test cuts)
// after which nothing is missed. The API server's restart is in
// informer_restart_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <atomic>
#include <random>

#include "informer_test_support.h"
#include "kube/informer.h"
#include "kube_world.h"
#include "watch_proxy.h"

namespace tk::kube {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::chrono_literals;
using testing::CacheState;
using testing::RecordingHandler;
using testing::ServerState;
using testing::TestInformerOptions;
using testing::VersionNumber;
using testing::WaitUntil;

// The port of the test world's API server, from its URL.
int ApiServerPort() {
  const std::string url = testing::WorldEnv("TESTENV_KUBE_APISERVER");
  return std::stoi(url.substr(url.rfind(':') + 1));
}

class InformerIntegrationTest : public testing::NamespaceTest {
 protected:
  // An informer on this test's ConfigMaps through `client`, with a recorder.
  std::unique_ptr<Informer> ConfigMapInformer(RestClient& client, InformerOptions options = TestInformerOptions()) {
    auto informer = std::make_unique<Informer>(client, ConfigMaps(), std::move(options));
    EXPECT_TRUE(informer->AddEventHandler(recorder_).ok());
    return informer;
  }
  void Patch(const std::string& name, const json& data) {
    Result<json> patched = admin_->Patch(ConfigMap(name), PatchType::kMerge, {{"data", data}});
    ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  }
  void Delete(const std::string& name) {
    Result<json> deleted = admin_->Delete(ConfigMap(name));
    ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  }
  // Waits until the informer's cache holds exactly what the server has.
  void AwaitConverged(const Informer& informer, std::chrono::seconds timeout = 30s) {
    std::map<std::string, std::string> server;
    EXPECT_TRUE(WaitUntil(
        [&] {
          server = ServerState(*admin_, ConfigMaps());
          return CacheState(informer) == server;
        },
        timeout))
        << "cache " << ::testing::PrintToString(CacheState(informer)) << " server "
        << ::testing::PrintToString(server) << "; last error " << informer.LastError().ToString();
  }

  std::shared_ptr<RecordingHandler> recorder_ = std::make_shared<RecordingHandler>();
};

TEST_F(InformerIntegrationTest, SeesAddUpdateDeleteInOrderWithTheObjects) {
  auto informer = ConfigMapInformer(*admin_);
  ASSERT_TRUE(informer->Start().ok());
  ASSERT_TRUE(informer->WaitForSync(30s)) << informer->LastError().ToString();

  const json created = CreateConfigMap("a", {{"v", "1"}});
  Patch("a", {{"v", "2"}});
  CreateConfigMap("b", {{"v", "1"}});
  Delete("a");

  ASSERT_TRUE(WaitUntil([&] { return recorder_->size() >= 4; }, 30s)) << informer->LastError().ToString();
  EXPECT_THAT(recorder_->lines(), ElementsAre("add a", "update a", "add b", "delete a"));
  const auto deliveries = recorder_->deliveries();
  EXPECT_EQ(*deliveries[0].new_object, created);  // the object as the server stored it
  EXPECT_EQ((*deliveries[1].old_object)["data"]["v"], "1");
  EXPECT_EQ((*deliveries[1].new_object)["data"]["v"], "2");
  EXPECT_EQ((*deliveries[3].old_object)["data"]["v"], "2");  // the last state known

  Result<json> b = admin_->Get(ConfigMap("b"));
  ASSERT_TRUE(b.ok());
  ASSERT_NE(informer->Get(namespace_ + "/b"), nullptr);
  EXPECT_EQ(*informer->Get(namespace_ + "/b"), *b);
  EXPECT_EQ(informer->Get(namespace_ + "/a"), nullptr);
  EXPECT_EQ(informer->Stats().errors, 0u) << informer->LastError().ToString();
}

TEST_F(InformerIntegrationTest, HasSyncedOnlyAfterThePagedInitialListIsDelivered) {
  for (int i = 0; i < 7; ++i) CreateConfigMap(fmt::format("pre-{}", i), {{"i", std::to_string(i)}});
  InformerOptions options = TestInformerOptions();
  options.reflector.page_size = 3;  // three pages
  auto informer = ConfigMapInformer(*admin_, options);
  std::atomic<int> adds_before_sync{0};
  auto probe = std::make_shared<ResourceEventHandlerFuncs>();
  probe->on_add = [&](const ObjectPtr&) {
    if (!informer->HasSynced()) ++adds_before_sync;
  };
  ASSERT_TRUE(informer->AddEventHandler(probe).ok());
  EXPECT_FALSE(informer->HasSynced());
  ASSERT_TRUE(informer->Start().ok());
  ASSERT_TRUE(informer->WaitForSync(30s)) << informer->LastError().ToString();
  EXPECT_EQ(adds_before_sync.load(), 7);
  EXPECT_EQ(recorder_->size(), 7u);
  EXPECT_EQ(CacheState(*informer), ServerState(*admin_, ConfigMaps()));
  EXPECT_EQ((*informer->Get(namespace_ + "/pre-3"))["data"]["i"], "3");
  EXPECT_EQ((*informer->Get(namespace_ + "/pre-3"))["kind"], "ConfigMap");
}

TEST_F(InformerIntegrationTest, IndexesFollowTheServer) {
  auto informer = ConfigMapInformer(*admin_);
  ASSERT_TRUE(informer
                  ->AddIndex("by-key",
                             [](const json& object) -> std::vector<std::string> {
                               const auto data = object.find("data");
                               if (data == object.end() || !data->contains("kmsKey")) return {};
                               return {(*data)["kmsKey"].get<std::string>()};
                             })
                  .ok());
  CreateConfigMap("orders", {{"kmsKey", "k1"}});
  CreateConfigMap("carts", {{"kmsKey", "k1"}});
  ASSERT_TRUE(informer->Start().ok());
  ASSERT_TRUE(informer->WaitForSync(30s));
  EXPECT_EQ(informer->ByIndex("by-key", "k1")->size(), 2u);

  Patch("orders", {{"kmsKey", "k2"}});
  ASSERT_TRUE(WaitUntil([&] { return informer->ByIndex("by-key", "k2")->size() == 1; }, 30s));
  ASSERT_EQ(informer->ByIndex("by-key", "k1")->size(), 1u);
  EXPECT_EQ(NameOf(*(*informer->ByIndex("by-key", "k1"))[0]), "carts");
  EXPECT_EQ(informer->ByIndex(ObjectCache::kNamespaceIndex, namespace_)->size(), 2u);
}

TEST_F(InformerIntegrationTest, ALabelSelectorNarrowsAndLeavingItIsADelete) {
  InformerOptions options = TestInformerOptions();
  options.label_selector = "app=orders";
  auto informer = ConfigMapInformer(*admin_, options);
  ASSERT_TRUE(informer->Start().ok());
  ASSERT_TRUE(informer->WaitForSync(30s));

  json x = NewConfigMap("x", {{"v", "1"}});
  x["metadata"]["labels"] = {{"app", "orders"}};
  json y = NewConfigMap("y", {{"v", "1"}});
  y["metadata"]["labels"] = {{"app", "carts"}};
  ASSERT_TRUE(admin_->Create(ConfigMaps(), x).ok());
  ASSERT_TRUE(admin_->Create(ConfigMaps(), y).ok());
  ASSERT_TRUE(
      admin_->Patch(ConfigMap("x"), PatchType::kMerge, {{"metadata", {{"labels", {{"app", "carts"}}}}}}).ok());

  ASSERT_TRUE(WaitUntil([&] { return recorder_->size() >= 2; }, 30s));
  std::this_thread::sleep_for(500ms);  // nothing else may come
  EXPECT_THAT(recorder_->lines(), ElementsAre("add x", "delete x"));
  EXPECT_TRUE(informer->List().empty());
}

// Bookmarks keep the informer's version close to the server's while nothing
// it watches changes, so that a re-watch resumes from a recent version.
// kube-apiserver v1.37 sends a watcher a bookmark soon after it starts and
// 2 s before its timeoutSeconds, carrying the last version its watch cache
// processed for the resource, but only when that version is newer than what
// the watcher was started from or sent since; so the version moves on while
// ConfigMaps elsewhere keep changing (as they do in a real cluster), which
// the test does in the namespace "default".
TEST_F(InformerIntegrationTest, BookmarksMoveTheInformersVersionOnWhileOthersWrite) {
  InformerOptions options = TestInformerOptions();
  options.reflector.min_watch_timeout = 3s;  // watches of 3 to 5 s
  auto informer = ConfigMapInformer(*admin_, options);
  ASSERT_TRUE(informer->Start().ok());
  ASSERT_TRUE(informer->WaitForSync(30s));
  const uint64_t listed = VersionNumber(informer->LastResourceVersion());

  const ResourcePath elsewhere{testing::kConfigMaps, "default", "tk-bookmark-" + namespace_, ""};
  Result<json> written = admin_->Create(
      {testing::kConfigMaps, "default", "", ""},
      {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", elsewhere.name}}}});
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  const uint64_t target = VersionNumber(ResourceVersionOf(*written));
  ASSERT_GT(target, listed);
  int writes = 0;
  const bool advanced = WaitUntil(
      [&] {
        if (VersionNumber(informer->LastResourceVersion()) >= target) return true;
        if (++writes % 15 == 0) {  // about every 300 ms
          (void)admin_->Patch(elsewhere, PatchType::kMerge, {{"data", {{"n", std::to_string(writes)}}}});
        }
        return false;
      },
      30s);
  (void)admin_->Delete(elsewhere);
  EXPECT_TRUE(advanced) << "the informer stayed at " << informer->LastResourceVersion() << ", the server is at "
                        << target;
  EXPECT_EQ(recorder_->size(), 0u);
  // The server ended watches; each was followed by a new one, without a re-list.
  EXPECT_TRUE(WaitUntil([&] { return informer->Stats().watches >= 2; }, 30s));
  EXPECT_EQ(informer->Stats().lists, 1u);
  EXPECT_EQ(informer->Stats().errors, 0u) << informer->LastError().ToString();
}

TEST_F(InformerIntegrationTest, TheControllerIsRefusedConfigMapsReportedAndNeverInATightLoop) {
  RestClient controller(testing::ControllerConfig());
  auto informer = ConfigMapInformer(controller);
  std::mutex mutex;
  std::vector<Status> errors;
  ASSERT_TRUE(informer
                  ->SetErrorHandler([&](const Status& error) {
                    std::lock_guard lock(mutex);
                    errors.push_back(error);
                  })
                  .ok());
  ASSERT_TRUE(informer->Start().ok());
  EXPECT_FALSE(informer->WaitForSync(4s));
  informer->Stop();
  std::lock_guard lock(mutex);
  // Waits of 100-200, 200-400, 400-800, then 500-1000 ms: at most ten tries
  // in 4 s. A tight loop would make hundreds.
  EXPECT_GE(errors.size(), 3u);
  EXPECT_LE(errors.size(), 11u);
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].code(), Code::kPermissionDenied);
  EXPECT_THAT(errors[0].message(), HasSubstr("cannot list resource \"configmaps\""));
  EXPECT_THAT(errors[0].message(), HasSubstr("list configmaps in namespace " + namespace_));
  EXPECT_EQ(informer->LastError().code(), Code::kPermissionDenied);
  EXPECT_EQ(recorder_->size(), 0u);
}

TEST_F(InformerIntegrationTest, TheControllerWatchesNamespacesClusterWide) {
  RestClient controller(testing::ControllerConfig());
  Informer informer(controller, {testing::kNamespaces, "", "", ""}, TestInformerOptions());
  ASSERT_TRUE(informer.AddEventHandler(recorder_).ok());
  ASSERT_TRUE(informer.Start().ok());
  ASSERT_TRUE(informer.WaitForSync(30s)) << informer.LastError().ToString();
  ASSERT_NE(informer.Get(namespace_), nullptr);  // cluster-scoped: the key is the name
  EXPECT_NE(informer.Get("default"), nullptr);

  const size_t before = recorder_->size();
  const std::string other = namespace_ + "-other";
  ASSERT_TRUE(admin_
                  ->Create({testing::kNamespaces, "", "", ""},
                           {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", other}}}})
                  .ok());
  ASSERT_TRUE(admin_->Delete({testing::kNamespaces, "", other, ""}).ok());
  // Without a namespace controller the namespace stays Terminating: its
  // deletion is an update carrying deletionTimestamp.
  ASSERT_TRUE(WaitUntil(
      [&] {
        const ObjectPtr seen = informer.Get(other);
        return seen && seen->at("metadata").contains("deletionTimestamp");
      },
      30s));
  std::vector<std::string> mine;
  for (const auto& delivery : recorder_->deliveries(before)) {
    const ObjectPtr& object = delivery.new_object ? delivery.new_object : delivery.old_object;
    if (NameOf(*object) == other) mine.push_back(delivery.type);
  }
  EXPECT_THAT(mine, ElementsAre("add", "update"));
  EXPECT_EQ(informer.Stats().errors, 0u) << informer.LastError().ToString();
}

// The connection drops (the proxy in front of the API server is cut) while
// other clients change objects; once it comes back, the informer resumes its
// watch from the last version it had (the server still has that history),
// and delivers every change, in the server's order, without a re-list.
TEST_F(InformerIntegrationTest, AfterADroppedConnectionItResumesAndMissesNothing) {
  testing::WatchProxy proxy(ApiServerPort());
  RestConfig through_proxy = testing::AdminConfig();
  through_proxy.host = proxy.url();
  RestClient client(std::move(through_proxy));
  CreateConfigMap("kept", {{"v", "1"}});
  CreateConfigMap("changed", {{"v", "1"}});
  CreateConfigMap("removed", {{"v", "1"}});
  CreateConfigMap("reborn", {{"v", "1"}});
  auto informer = ConfigMapInformer(client);
  ASSERT_TRUE(informer->Start().ok());
  ASSERT_TRUE(informer->WaitForSync(30s)) << informer->LastError().ToString();
  const ObjectPtr removed_before = informer->Get(namespace_ + "/removed");
  const ObjectPtr reborn_before = informer->Get(namespace_ + "/reborn");
  const size_t before = recorder_->size();

  proxy.Cut();
  ASSERT_TRUE(WaitUntil([&] { return informer->Stats().errors >= 1; }, 30s));
  Patch("changed", {{"v", "2"}});
  Delete("removed");
  CreateConfigMap("added", {{"v", "1"}});
  Delete("reborn");
  CreateConfigMap("reborn", {{"v", "2"}});
  std::this_thread::sleep_for(1s);  // the informer keeps failing meanwhile
  EXPECT_EQ(recorder_->size(), before);
  proxy.Restore();

  AwaitConverged(*informer);
  EXPECT_THAT(recorder_->lines(before),
              ElementsAre("update changed", "delete removed", "add added", "delete reborn", "add reborn"));
  const auto deliveries = recorder_->deliveries(before);
  EXPECT_EQ((*deliveries[0].new_object)["data"]["v"], "2");
  EXPECT_EQ(UidOf(*deliveries[1].old_object), UidOf(*removed_before));
  EXPECT_EQ(UidOf(*deliveries[3].old_object), UidOf(*reborn_before));
  EXPECT_NE(UidOf(*deliveries[4].new_object), UidOf(*reborn_before));
  const ReflectorStats stats = informer->Stats();
  EXPECT_EQ(stats.lists, 1u);  // resumed, not re-listed
  EXPECT_EQ(stats.gone, 0u);
  EXPECT_GE(stats.watches, 2u);
  EXPECT_EQ(stats.last_error.code(), Code::kUnavailable) << stats.last_error.ToString();
}

}  // namespace
}  // namespace tk::kube
