// RestClient against the test world's real kube-apiserver: CRUD, paging,
// patches, server-side apply, preconditions and the server's own errors, as
// the admin; RBAC refusals as the controller; client-side QPS.
#include "kube/rest_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kube/api_error.h"
#include "kube_world.h"

namespace tk::kube {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using testing::NamespaceTest;

std::vector<std::string> NamesOf(const json& list) {
  std::vector<std::string> names;
  for (const json& item : list.at("items")) names.push_back(item.at("metadata").at("name"));
  return names;
}

using RestClientIntegrationTest = NamespaceTest;

TEST_F(RestClientIntegrationTest, CreatesGetsUpdatesAndDeletesAConfigMap) {
  const json created = CreateConfigMap("orders", {{"color", "blue"}});
  EXPECT_EQ(created["data"]["color"], "blue");
  EXPECT_FALSE(created["metadata"]["uid"].get<std::string>().empty());

  Result<json> read = admin_->Get(ConfigMap("orders"));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ((*read)["metadata"]["uid"], created["metadata"]["uid"]);

  json changed = *read;
  changed["data"]["color"] = "green";
  Result<json> updated = admin_->Update(ConfigMap("orders"), changed);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ((*updated)["data"]["color"], "green");
  EXPECT_NE((*updated)["metadata"]["resourceVersion"], created["metadata"]["resourceVersion"]);

  ASSERT_TRUE(admin_->Delete(ConfigMap("orders")).ok());
  const Status gone = admin_->Get(ConfigMap("orders")).status();
  EXPECT_EQ(gone.code(), Code::kNotFound);
  EXPECT_THAT(gone.message(), HasSubstr("configmaps \"orders\" not found"));
  EXPECT_EQ(ApiErrorOf(gone)->reason, "NotFound");
}

TEST_F(RestClientIntegrationTest, ListsPageByPageAndAllAtOnce) {
  for (int i = 1; i <= 5; ++i) {
    json object = NewConfigMap("item-" + std::to_string(i), {{"i", std::to_string(i)}});
    object["metadata"]["labels"] = {{"set", "paged"}};
    ASSERT_TRUE(admin_->Create(ConfigMaps(), object).ok());
  }
  CreateConfigMap("unlabelled", json::object());

  ListOptions options;
  options.label_selector = "set=paged";
  options.limit = 2;
  std::vector<std::string> seen;
  int pages = 0;
  while (pages < 10) {  // bounded: 3 pages expected
    Result<json> page = admin_->List(ConfigMaps(), options);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    ++pages;
    EXPECT_LE((*page)["items"].size(), 2u);
    for (const std::string& name : NamesOf(*page)) seen.push_back(name);
    options.continue_token = (*page)["metadata"].value("continue", "");
    if (options.continue_token.empty()) break;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_THAT(seen, ::testing::ElementsAre("item-1", "item-2", "item-3", "item-4", "item-5"));

  options.continue_token.clear();
  Result<json> all = admin_->ListAll(ConfigMaps(), options);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_THAT(NamesOf(*all), ::testing::ElementsAre("item-1", "item-2", "item-3", "item-4", "item-5"));
  EXPECT_FALSE((*all)["metadata"].contains("continue"));
  EXPECT_EQ((*all)["kind"], "ConfigMapList");

  ListOptions by_name;
  by_name.field_selector = "metadata.name=item-3";
  Result<json> one = admin_->ListAll(ConfigMaps(), by_name);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_THAT(NamesOf(*one), ::testing::ElementsAre("item-3"));
}

TEST_F(RestClientIntegrationTest, AppliesMergeAndJsonPatches) {
  CreateConfigMap("patched", {{"a", "1"}, {"b", "2"}});
  Result<json> merged = admin_->Patch(ConfigMap("patched"), PatchType::kMerge,
                                      {{"data", {{"a", nullptr}, {"c", "3"}}}});
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ((*merged)["data"], (json{{"b", "2"}, {"c", "3"}}));

  Result<json> json_patched = admin_->Patch(
      ConfigMap("patched"), PatchType::kJson,
      json::array({{{"op", "test"}, {"path", "/data/b"}, {"value", "2"}},
                   {{"op", "replace"}, {"path", "/data/b"}, {"value", "20"}},
                   {{"op", "remove"}, {"path", "/data/c"}}}));
  ASSERT_TRUE(json_patched.ok()) << json_patched.status().ToString();
  EXPECT_EQ((*json_patched)["data"], (json{{"b", "20"}}));

  const Status failed_test = admin_->Patch(ConfigMap("patched"), PatchType::kJson,
                                           json::array({{{"op", "test"}, {"path", "/data/b"}, {"value", "2"}}}))
                                 .status();
  EXPECT_EQ(failed_test.code(), Code::kInvalidArgument) << failed_test.ToString();
}

TEST_F(RestClientIntegrationTest, ServerSideApplyOwnsFieldsAndReportsConflicts) {
  ApplyOptions first;
  first.field_manager = "tk-first";
  Result<json> applied = admin_->Apply(ConfigMap("applied"), NewConfigMap("applied", {{"owner", "first"}}), first);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  ASSERT_TRUE((*applied)["metadata"]["managedFields"].is_array());
  const json& managed = (*applied)["metadata"]["managedFields"][0];
  EXPECT_EQ(managed["manager"], "tk-first");
  EXPECT_EQ(managed["operation"], "Apply");

  ApplyOptions second;
  second.field_manager = "tk-second";
  const Status conflict =
      admin_->Apply(ConfigMap("applied"), NewConfigMap("applied", {{"owner", "second"}}), second).status();
  EXPECT_EQ(conflict.code(), Code::kConflict) << conflict.ToString();
  EXPECT_THAT(conflict.message(), HasSubstr("tk-first"));

  second.force = true;
  Result<json> forced = admin_->Apply(ConfigMap("applied"), NewConfigMap("applied", {{"owner", "second"}}), second);
  ASSERT_TRUE(forced.ok()) << forced.status().ToString();
  EXPECT_EQ((*forced)["data"]["owner"], "second");
  std::vector<std::string> managers;
  for (const json& entry : (*forced)["metadata"]["managedFields"]) managers.push_back(entry["manager"]);
  EXPECT_THAT(managers, ::testing::Contains("tk-second"));
}

TEST_F(RestClientIntegrationTest, AStaleResourceVersionIsAConflict) {
  const json created = CreateConfigMap("raced", {{"v", "1"}});
  json first = created;
  first["data"]["v"] = "2";
  ASSERT_TRUE(admin_->Update(ConfigMap("raced"), first).ok());
  json stale = created;
  stale["data"]["v"] = "3";
  const Status conflict = admin_->Update(ConfigMap("raced"), stale).status();
  EXPECT_EQ(conflict.code(), Code::kConflict);
  EXPECT_THAT(conflict.message(), HasSubstr("the object has been modified"));
  EXPECT_EQ(ApiErrorOf(conflict)->http_status, 409);
}

TEST_F(RestClientIntegrationTest, DeletePreconditionsAreChecked) {
  const json created = CreateConfigMap("guarded", json::object());
  DeleteOptions wrong_uid;
  wrong_uid.precondition_uid = "00000000-0000-0000-0000-000000000000";
  const Status conflict = admin_->Delete(ConfigMap("guarded"), wrong_uid).status();
  EXPECT_EQ(conflict.code(), Code::kConflict);
  EXPECT_THAT(conflict.message(), HasSubstr("the UID in the precondition"));
  ASSERT_TRUE(admin_->Get(ConfigMap("guarded")).ok());  // still there

  DeleteOptions right;
  right.precondition_uid = created["metadata"]["uid"].get<std::string>();
  right.precondition_resource_version = created["metadata"]["resourceVersion"].get<std::string>();
  ASSERT_TRUE(admin_->Delete(ConfigMap("guarded"), right).ok());
  EXPECT_EQ(admin_->Get(ConfigMap("guarded")).status().code(), Code::kNotFound);
}

TEST_F(RestClientIntegrationTest, DeleteSendsThePropagationPolicy) {
  CreateConfigMap("foreground", json::object());
  DeleteOptions options;
  options.propagation_policy = "Foreground";
  Result<json> answer = admin_->Delete(ConfigMap("foreground"), options);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  // Foreground deletion waits on a finalizer that only the garbage collector
  // (not running in the test world) removes: the object is returned, marked.
  EXPECT_EQ((*answer)["kind"], "ConfigMap");
  EXPECT_THAT((*answer)["metadata"]["finalizers"], ::testing::Contains("foregroundDeletion"));
  EXPECT_TRUE((*answer)["metadata"].contains("deletionTimestamp"));
  ASSERT_TRUE(admin_->Patch(ConfigMap("foreground"), PatchType::kMerge, {{"metadata", {{"finalizers", nullptr}}}}).ok());
  EXPECT_EQ(admin_->Get(ConfigMap("foreground")).status().code(), Code::kNotFound);
}

TEST_F(RestClientIntegrationTest, MapsTheServersOtherErrors) {
  CreateConfigMap("twice", json::object());
  const Status exists = admin_->Create(ConfigMaps(), NewConfigMap("twice", json::object())).status();
  EXPECT_EQ(exists.code(), Code::kAlreadyExists);
  EXPECT_THAT(exists.message(), HasSubstr("already exists"));

  const Status invalid = admin_->Create(ConfigMaps(), NewConfigMap("Not_Valid", json::object())).status();
  EXPECT_EQ(invalid.code(), Code::kInvalidArgument);
  EXPECT_EQ(ApiErrorOf(invalid)->http_status, 422);
  EXPECT_THAT(invalid.message(), HasSubstr("Not_Valid"));

  const Status no_namespace = admin_->Get({testing::kConfigMaps, namespace_ + "-missing", "x", ""}).status();
  EXPECT_EQ(no_namespace.code(), Code::kNotFound);

  const Status no_kind = admin_->Get({{"example.invalid", "v1", "widgets"}, namespace_, "x", ""}).status();
  EXPECT_EQ(no_kind.code(), Code::kNotFound);
}

TEST(ControllerIdentityTest, IsRefusedSecretsWithTheServersMessage) {
  RestClient controller(testing::ControllerConfig());
  EXPECT_EQ(testing::WhoAmI(controller), "tablekeeper");
  const Status denied = controller.List({testing::kSecrets, "default", "", ""}).status();
  EXPECT_EQ(denied.code(), Code::kPermissionDenied);
  EXPECT_THAT(denied.message(),
              HasSubstr("secrets is forbidden: User \"tablekeeper\" cannot list resource \"secrets\""));
  EXPECT_EQ(ApiErrorOf(denied)->reason, "Forbidden");

  Result<json> namespaces = controller.ListAll({testing::kNamespaces, "", "", ""});  // allowed
  ASSERT_TRUE(namespaces.ok()) << namespaces.status().ToString();
}

TEST(ControllerIdentityTest, AWrongTokenIsUnauthenticated) {
  RestConfig config = testing::ControllerConfig();
  config.credentials = std::make_shared<StaticCredentialProvider>(Credentials{"not-a-token", "", ""});
  RestClient client(config);
  const Status status = client.Get({testing::kNamespaces, "", "default", ""}).status();
  EXPECT_EQ(status.code(), Code::kUnauthenticated);
  EXPECT_THAT(status.message(), ::testing::Not(HasSubstr("not-a-token")));
}

TEST(RateLimitIntegrationTest, QpsAndBurstPaceRealRequests) {
  RestConfig config = testing::AdminConfig();
  config.qps = 10;
  config.burst = 5;
  RestClient client(config);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(client.Get({testing::kNamespaces, "", "default", ""}).ok());
  }
  // 5 at once from the burst, 15 more at 10 per second: at least 1.5 s.
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1400));
}

}  // namespace
}  // namespace tk::kube
