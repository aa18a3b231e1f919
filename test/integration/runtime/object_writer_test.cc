// ObjectWriter (src/runtime/object_writer.h) against the real kube-apiserver,
// on a throwaway Gadget CRD with a status subresource: every write starts
// from a stale copy (someone else changed the object since it was read), so
// the first PUT meets 409 Conflict; the writer must re-read, re-apply its one
// change and keep what the other writer did. The client under test counts its
// requests so the tests can see the conflict and the retry.
#include "runtime/object_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "kube/object_cache.h"
#include "kube/rest_client.h"
#include "kube/transport.h"
#include "kube_world.h"

namespace tk::runtime {
namespace {

using json = nlohmann::json;
using ::testing::ElementsAre;

// "METHOD /path -> status" of each request a client sends, query left out.
class RequestLog {
 public:
  void Add(const http::Request& request, const Result<http::Response>& response) {
    std::string path = request.url;
    if (auto scheme = path.find("://"); scheme != std::string::npos) {
      auto slash = path.find('/', scheme + 3);
      path = slash == std::string::npos ? "/" : path.substr(slash);
    }
    if (auto query = path.find('?'); query != std::string::npos) path.resize(query);
    std::lock_guard lock(mutex_);
    lines_.push_back(fmt::format("{} {} -> {}", request.method, path,
                                 response.ok() ? std::to_string(response->status) : response.status().ToString()));
  }
  std::vector<std::string> Take() {
    std::lock_guard lock(mutex_);
    return std::exchange(lines_, {});
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> lines_;
};

class LoggingTransport final : public kube::Transport {
 public:
  LoggingTransport(kube::TransportPtr inner, RequestLog& log) : inner_(std::move(inner)), log_(log) {}
  Result<http::Response> Send(const http::Request& request) override {
    auto response = inner_->Send(request);
    log_.Add(request, response);
    return response;
  }
  Result<http::Response> Stream(const http::Request& request, const http::BodySink& sink,
                                const std::function<bool()>& keep_going) override {
    auto response = inner_->Stream(request, sink, keep_going);
    log_.Add(request, response);
    return response;
  }

 private:
  kube::TransportPtr inner_;
  RequestLog& log_;
};

std::vector<std::string> FinalizersOf(const json& object) {
  const json finalizers = object.value("/metadata/finalizers"_json_pointer, json::array());
  return finalizers.get<std::vector<std::string>>();
}

class ObjectWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = std::make_unique<kube::RestClient>(kube::testing::AdminConfig());
    std::random_device random;
    group_ = fmt::format("tk-writer-{:08x}.example.com", random());
    namespace_ = fmt::format("tk-writer-{:08x}", random());
    const json crd = {
        {"apiVersion", "apiextensions.k8s.io/v1"},
        {"kind", "CustomResourceDefinition"},
        {"metadata", {{"name", "gadgets." + group_}}},
        {"spec",
         {{"group", group_},
          {"scope", "Namespaced"},
          {"names", {{"plural", "gadgets"}, {"singular", "gadget"}, {"kind", "Gadget"}, {"listKind", "GadgetList"}}},
          {"versions",
           json::array({{{"name", "v1"},
                         {"served", true},
                         {"storage", true},
                         {"subresources", {{"status", json::object()}}},
                         {"schema",
                          {{"openAPIV3Schema",
                            {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}}}}}}})}}}};
    auto created_crd = admin_->Create(kCrds, crd);
    ASSERT_TRUE(created_crd.ok()) << created_crd.status().ToString();
    ASSERT_EQ(kube::testing::Kubectl({"wait", "--for", "condition=established", "--timeout", "60s",
                                      "crd/gadgets." + group_})
                  .exit_code,
              0);
    auto created_namespace =
        admin_->Create({{"", "v1", "namespaces"}, "", "", ""},
                       {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", namespace_}}}});
    ASSERT_TRUE(created_namespace.ok()) << created_namespace.status().ToString();

    kind_ = ResourceKind{group_, "v1", "Gadget", "gadgets"};
    client_ = std::make_unique<kube::RestClient>(
        kube::testing::AdminConfig(), SystemClock(),
        [log = &log_, inner = kube::HttpTransportFactory()](const http::TlsOptions& tls) -> kube::TransportPtr {
          return std::make_unique<LoggingTransport>(inner(tls), *log);
        });
    writer_ = std::make_unique<ObjectWriter>(*client_, kind_, "tablekeeper-test");
  }

  void TearDown() override {
    if (!admin_) return;
    // Finalizers left by a failed test would hold the CRD's deletion.
    if (auto gadgets = admin_->List(Gadgets()); gadgets.ok()) {
      for (const json& gadget : (*gadgets)["items"]) {
        (void)admin_->Patch(Gadget(kube::NameOf(gadget)), kube::PatchType::kMerge,
                            {{"metadata", {{"finalizers", nullptr}}}});
      }
    }
    (void)admin_->Delete({kCrds.gvr, "", "gadgets." + group_, ""});
    (void)admin_->Delete({{"", "v1", "namespaces"}, "", namespace_, ""});
  }

  kube::ResourcePath Gadget(const std::string& name) const {
    return {{group_, "v1", "gadgets"}, namespace_, name, ""};
  }
  kube::ResourcePath Gadgets() const { return {{group_, "v1", "gadgets"}, namespace_, "", ""}; }

  // Creates a Gadget as another writer would; returns it as stored.
  json CreateGadget(const std::string& name, const json& spec, const std::vector<std::string>& finalizers = {}) {
    json object = {{"apiVersion", group_ + "/v1"},
                   {"kind", "Gadget"},
                   {"metadata", {{"name", name}, {"namespace", namespace_}}},
                   {"spec", spec}};
    if (!finalizers.empty()) object["metadata"]["finalizers"] = finalizers;
    auto created = admin_->Create(Gadgets(), object);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : json();
  }
  // Another writer's merge patch; returns the object as stored.
  json PatchAsSomeoneElse(const std::string& name, const json& patch) {
    auto patched = admin_->Patch(Gadget(name), kube::PatchType::kMerge, patch);
    EXPECT_TRUE(patched.ok()) << patched.status().ToString();
    return patched.ok() ? *patched : json();
  }
  json Read(const std::string& name) {
    auto read = admin_->Get(Gadget(name));
    EXPECT_TRUE(read.ok()) << read.status().ToString();
    return read.ok() ? *read : json();
  }
  // The request lines of a write that met one conflict and then succeeded.
  std::vector<std::string> ConflictThenSuccess(const std::string& name, const std::string& subresource = "") const {
    const std::string object = fmt::format("/apis/{}/v1/namespaces/{}/gadgets/{}", group_, namespace_, name);
    const std::string target = subresource.empty() ? object : object + "/" + subresource;
    return {"PUT " + target + " -> 409", "GET " + object + " -> 200", "PUT " + target + " -> 200"};
  }

  const kube::ResourcePath kCrds{{"apiextensions.k8s.io", "v1", "customresourcedefinitions"}, "", "", ""};
  std::unique_ptr<kube::RestClient> admin_;
  std::string group_, namespace_;
  ResourceKind kind_;
  RequestLog log_;
  std::unique_ptr<kube::RestClient> client_;  // the writer's, logged
  std::unique_ptr<ObjectWriter> writer_;
};

TEST_F(ObjectWriterTest, TheFinalizerIsAcks) {
  EXPECT_EQ(writer_->finalizer(), "finalizers." + group_ + "/Gadget");
  EXPECT_EQ(FinalizerFor({"dynamodb.services.k8s.aws", "v1alpha1", "Table", "tables"}),
            "finalizers.dynamodb.services.k8s.aws/Table");
  EXPECT_TRUE(HasFinalizer(json{{"metadata", {{"finalizers", json::array({"a", "b"})}}}}, "b"));
  EXPECT_FALSE(HasFinalizer(json{{"metadata", {{"finalizers", json::array({"a"})}}}}, "b"));
  EXPECT_FALSE(HasFinalizer(json{{"metadata", {{"name", "x"}}}}, "b"));
  EXPECT_FALSE(HasFinalizer(json::object(), "b"));
}

TEST_F(ObjectWriterTest, WriteStatusFromAStaleCopyRetriesOnConflictAndKeepsTheOtherWritersSpec) {
  const json stale = CreateGadget("g1", {{"size", 1}, {"color", "blue"}});
  PatchAsSomeoneElse("g1", {{"spec", {{"size", 2}}}});
  log_.Take();

  const json status = {{"observedSize", 1}, {"ackResourceMetadata", {{"arn", "arn:fake:g1"}}}};
  auto written = writer_->WriteStatus(stale, status);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_THAT(log_.Take(), ::testing::ElementsAreArray(ConflictThenSuccess("g1", "status")));
  EXPECT_EQ((*written)["status"], status);
  EXPECT_EQ((*written)["spec"], json({{"size", 2}, {"color", "blue"}}));

  // The server has it so, too: the stale spec (size 1) was not written back.
  const json stored = Read("g1");
  EXPECT_EQ(stored["status"], status);
  EXPECT_EQ(stored["spec"], json({{"size", 2}, {"color", "blue"}}));
  EXPECT_EQ(kube::ResourceVersionOf(stored), kube::ResourceVersionOf(*written));
}

TEST_F(ObjectWriterTest, WriteStatusReplacesTheWholeStatusAndSkipsAnUnchangedOne) {
  const json created = CreateGadget("g1", {{"size", 1}});
  auto first = writer_->WriteStatus(created, {{"observedSize", 1}, {"phase", "Creating"}});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  log_.Take();

  // The same status again: nothing is sent.
  auto same = writer_->WriteStatus(*first, {{"observedSize", 1}, {"phase", "Creating"}});
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(log_.Take().empty());
  EXPECT_EQ(kube::ResourceVersionOf(*same), kube::ResourceVersionOf(*first));

  // A new status replaces the old one: fields it lacks are gone.
  auto second = writer_->WriteStatus(*first, {{"observedSize", 2}});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(Read("g1")["status"], json({{"observedSize", 2}}));
}

TEST_F(ObjectWriterTest, WriteStatusOfAGoneObjectIsNotFound) {
  const json created = CreateGadget("g1", {{"size", 1}});
  ASSERT_TRUE(admin_->Delete(Gadget("g1")).ok());
  auto written = writer_->WriteStatus(created, {{"observedSize", 1}});
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.status().code(), Code::kNotFound) << written.status().ToString();
}

TEST_F(ObjectWriterTest, AddAndRemoveFinalizerFromStaleCopiesKeepTheOtherFinalizers) {
  const std::string ours = writer_->finalizer();
  const json stale = CreateGadget("g1", {{"size", 1}}, {"example.com/first"});
  PatchAsSomeoneElse("g1", {{"metadata", {{"finalizers", {"example.com/first", "example.com/second"}}}}});
  log_.Take();

  auto added = writer_->AddFinalizer(stale);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_THAT(log_.Take(), ::testing::ElementsAreArray(ConflictThenSuccess("g1")));
  EXPECT_THAT(FinalizersOf(*added), ElementsAre("example.com/first", "example.com/second", ours));
  EXPECT_THAT(FinalizersOf(Read("g1")), ElementsAre("example.com/first", "example.com/second", ours));

  // Already there: nothing is sent.
  auto again = writer_->AddFinalizer(*added);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(log_.Take().empty());
  EXPECT_EQ(kube::ResourceVersionOf(*again), kube::ResourceVersionOf(*added));

  // Someone else drops theirs and labels the object; our copy is stale again.
  PatchAsSomeoneElse("g1", {{"metadata", {{"finalizers", {"example.com/second", ours}}, {"labels", {{"team", "a"}}}}}});
  log_.Take();
  ASSERT_TRUE(writer_->RemoveFinalizer(*added).ok());
  EXPECT_THAT(log_.Take(), ::testing::ElementsAreArray(ConflictThenSuccess("g1")));
  const json stored = Read("g1");
  EXPECT_THAT(FinalizersOf(stored), ElementsAre("example.com/second"));
  EXPECT_EQ(stored["metadata"]["labels"], json({{"team", "a"}}));

  // Not there: nothing is sent.
  ASSERT_TRUE(writer_->RemoveFinalizer(stored).ok());
  EXPECT_TRUE(log_.Take().empty());

  PatchAsSomeoneElse("g1", {{"metadata", {{"finalizers", nullptr}}}});
}

TEST_F(ObjectWriterTest, RemovingTheLastFinalizerOfADeletedObjectLetsItGo) {
  const json created = CreateGadget("g1", {{"size", 1}});
  auto added = writer_->AddFinalizer(created);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  ASSERT_TRUE(admin_->Delete(Gadget("g1")).ok());
  EXPECT_TRUE(Read("g1")["metadata"].contains("deletionTimestamp"));
  log_.Take();

  // `added` predates the deletion: a conflict, then the removal.
  ASSERT_TRUE(writer_->RemoveFinalizer(*added).ok());
  EXPECT_THAT(log_.Take(), ::testing::ElementsAreArray(ConflictThenSuccess("g1")));
  EXPECT_EQ(admin_->Get(Gadget("g1")).status().code(), Code::kNotFound);

  // Gone: removing again is no error.
  EXPECT_TRUE(writer_->RemoveFinalizer(*added).ok());
}

TEST_F(ObjectWriterTest, FillSpecSetsOnlyTheFieldsTheSpecLacks) {
  const json created = CreateGadget("g1", {{"size", 1}, {"color", "blue"}});
  const json observed = {{"size", 9},
                         {"color", "red"},
                         {"shape", "round"},
                         {"zone", nullptr},
                         {"tags", {{"team", "orders"}}}};
  auto filled = writer_->FillSpec(created, observed);
  ASSERT_TRUE(filled.ok()) << filled.status().ToString();
  const json expected = {{"size", 1}, {"color", "blue"}, {"shape", "round"}, {"tags", {{"team", "orders"}}}};
  EXPECT_EQ((*filled)["spec"], expected);
  EXPECT_EQ(Read("g1")["spec"], expected);

  // Nothing left to fill: nothing is sent.
  log_.Take();
  auto unchanged = writer_->FillSpec(*filled, observed);
  ASSERT_TRUE(unchanged.ok());
  EXPECT_TRUE(log_.Take().empty());
  EXPECT_EQ(kube::ResourceVersionOf(*unchanged), kube::ResourceVersionOf(*filled));
}

TEST_F(ObjectWriterTest, FillSpecFromAStaleCopyKeepsWhatTheUserSetMeanwhile) {
  const json stale = CreateGadget("g1", {{"size", 1}});
  PatchAsSomeoneElse("g1", {{"spec", {{"material", "steel"}}}});
  log_.Take();

  auto filled = writer_->FillSpec(stale, {{"material", "wood"}, {"weight", 3}});
  ASSERT_TRUE(filled.ok()) << filled.status().ToString();
  EXPECT_THAT(log_.Take(), ::testing::ElementsAreArray(ConflictThenSuccess("g1")));
  const json expected = {{"size", 1}, {"material", "steel"}, {"weight", 3}};
  EXPECT_EQ((*filled)["spec"], expected);
  EXPECT_EQ(Read("g1")["spec"], expected);
}

TEST_F(ObjectWriterTest, FillSpecNeverTouchesStatus) {
  const json created = CreateGadget("g1", {{"size", 1}});
  auto with_status = writer_->WriteStatus(created, {{"observedSize", 1}});
  ASSERT_TRUE(with_status.ok()) << with_status.status().ToString();
  auto filled = writer_->FillSpec(*with_status, {{"shape", "round"}});
  ASSERT_TRUE(filled.ok()) << filled.status().ToString();
  EXPECT_EQ(Read("g1")["status"], json({{"observedSize", 1}}));
}

}  // namespace
}  // namespace tk::runtime
