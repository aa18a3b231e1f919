// The generic controller (src/runtime) against the real kube-apiserver: a
// throwaway Widget CRD, and a resource manager whose "AWS" is a map in this
// process (FakeCloud), because these tests are about what the runtime does
// with any kind: finalizers, conditions, status writes, requeues, deletion
// and adoption policies, read-only, references, filters and the write-loop
// guard. The real managers are tested against the emulator elsewhere.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "kube/event_recorder_impl.h"
#include "kube/object_cache.h"
#include "kube/rest_client.h"
#include "kube_world.h"
#include "runtime/conditions.h"
#include "runtime/controller_manager.h"

namespace tk::runtime {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

// The "AWS" of the Widget kind: widgets by region and name.
class FakeCloud {
 public:
  struct Widget {
    long long size = 0;
    std::string ref_value;
  };

  void Put(const std::string& region, const std::string& name, Widget widget) {
    std::lock_guard lock(mutex_);
    widgets_[{region, name}] = widget;
  }
  std::optional<Widget> Find(const std::string& region, const std::string& name) const {
    std::lock_guard lock(mutex_);
    auto found = widgets_.find({region, name});
    if (found == widgets_.end()) return std::nullopt;
    return found->second;
  }
  void Erase(const std::string& region, const std::string& name) {
    std::lock_guard lock(mutex_);
    widgets_.erase({region, name});
  }
  // Counters of writes, by operation.
  void Count(const std::string& operation) {
    std::lock_guard lock(mutex_);
    ++writes_[operation];
  }
  int Writes(const std::string& operation) const {
    std::lock_guard lock(mutex_);
    auto found = writes_.find(operation);
    return found == writes_.end() ? 0 : found->second;
  }
  // Behaviours a test switches on.
  std::atomic<bool> ignore_updates{false};  // updates "succeed" without effect
  std::atomic<bool> throttle_updates{false};

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, Widget> widgets_;
  std::map<std::string, int> writes_;
};

// spec: {name, size, ref: {from: {name, namespace}}}; the reference resolves
// to the referenced Widget's ARN once it is Ready.
class WidgetManager final : public ResourceManager {
 public:
  WidgetManager(ResourceKind kind, FakeCloud& cloud) : kind_(std::move(kind)), cloud_(cloud) {}

  const ResourceKind& kind() const override { return kind_; }

  std::vector<ObjectReferenceField> ReferencesOf(const json& object) const override {
    const json from = object.value("/spec/ref/from"_json_pointer, json());
    if (!from.is_object() || !from.contains("name")) return {};
    return {{"spec.ref", "Widget", from.value("namespace", kube::NamespaceOf(object)), from.value("name", "")}};
  }

  Status ResolveReferences(json& object, const ReferenceLookup& lookup) const override {
    for (const auto& reference : ReferencesOf(object)) {
      auto target = lookup.Get("Widget", reference.namespace_name, reference.name);
      if (target == nullptr || !ConditionIsTrue(*target, kConditionReady)) {
        return Status(Code::kFailedPrecondition,
                      fmt::format("Widget {}/{} is not ready", reference.namespace_name, reference.name));
      }
      object["spec"]["refValue"] = (*target)["status"]["ackResourceMetadata"]["arn"];
    }
    return {};
  }

  Result<Observation> Observe(const ReconcileRequest& request) override {
    Observation observation;
    auto widget = cloud_.Find(request.region, NameOf(request));
    if (!widget) return observation;
    observation.exists = true;
    observation.status = {{"ackResourceMetadata", {{"arn", "arn:fake:" + NameOf(request)}}},
                          {"observedSize", widget->size}};
    observation.spec = {{"size", widget->size}};
    return observation;
  }

  Result<Observation> Create(const ReconcileRequest& request) override {
    cloud_.Count("Create");
    cloud_.Put(request.region, NameOf(request), Desired(request));
    return Observe(request);
  }

  Result<Plan> PlanChanges(const ReconcileRequest& request, const Observation&) override {
    const json& spec = request.object["spec"];
    if (spec.value("size", 0LL) < 0) return Status(Code::kInvalidArgument, "spec.size: must be 0 or more");
    auto widget = cloud_.Find(request.region, NameOf(request));
    Plan plan;
    FakeCloud::Widget desired = Desired(request);
    if ((spec.contains("size") && widget->size != desired.size) || widget->ref_value != desired.ref_value) {
      plan.steps.push_back({"UpdateWidget", {"spec.size"}, fmt::format("size {}", desired.size),
                            fmt::format("UpdateWidget:{}:{}", desired.size, desired.ref_value), json::object()});
    }
    return plan;
  }

  Result<json> Apply(const ReconcileRequest& request, const Observation&, const PlanStep&) override {
    if (cloud_.throttle_updates) return Status(Code::kThrottled, "LimitExceededException: too many updates");
    cloud_.Count("UpdateWidget");
    if (!cloud_.ignore_updates) cloud_.Put(request.region, NameOf(request), Desired(request));
    return json::object();
  }

  Result<DeleteOutcome> Delete(const ReconcileRequest& request, const Observation&) override {
    cloud_.Count("Delete");
    cloud_.Erase(request.region, NameOf(request));
    return DeleteOutcome{true, "", {}};
  }

 private:
  static std::string NameOf(const ReconcileRequest& request) {
    if (request.adoption_fields.is_object() && request.adoption_fields.contains("name")) {
      return request.adoption_fields["name"];
    }
    return request.object["spec"].value("name", kube::NameOf(request.object));
  }
  static FakeCloud::Widget Desired(const ReconcileRequest& request) {
    const json& spec = request.object["spec"];
    return {spec.value("size", 0LL), spec.value("refValue", "")};
  }

  const ResourceKind kind_;
  FakeCloud& cloud_;
};

class ControllerManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = std::make_unique<kube::RestClient>(kube::testing::AdminConfig());
    std::random_device random;
    group_ = fmt::format("tk-runtime-{:08x}.example.com", random());
    namespace_ = fmt::format("tk-runtime-{:08x}", random());
    other_namespace_ = namespace_ + "-other";
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
                         {"subresources", {{"status", json::object()}}},
                         {"schema",
                          {{"openAPIV3Schema",
                            {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}}}}}}})}}}};
    ASSERT_TRUE(admin_->Create(kCrds, crd).ok());
    ASSERT_EQ(kube::testing::Kubectl({"wait", "--for", "condition=established", "--timeout", "60s",
                                      "crd/widgets." + group_})
                  .exit_code,
              0);
    for (const auto& name : {namespace_, other_namespace_}) {
      ASSERT_TRUE(admin_
                      ->Create({{"", "v1", "namespaces"}, "", "", ""},
                               {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}})
                      .ok());
    }
    kind_ = ResourceKind{group_, "v1", "Widget", "widgets"};
    manager_ = std::make_unique<WidgetManager>(kind_, cloud_);
    events_ = std::make_unique<kube::EventRecorderImpl>(*admin_);
  }

  void TearDown() override {
    StopController();
    if (admin_) {
      (void)admin_->Delete({kCrds.gvr, "", "widgets." + group_, ""});
      (void)admin_->Delete({{"", "v1", "namespaces"}, "", namespace_, ""});
      (void)admin_->Delete({{"", "v1", "namespaces"}, "", other_namespace_, ""});
    }
  }

  ControllerManagerOptions DefaultOptions() const {
    ControllerManagerOptions options;
    options.workers = 2;
    options.reconciler.default_region = "us-test-1";
    options.reconciler.default_account_id = "111122223333";
    options.reconciler.requeue.progressing = 200ms;
    options.reconciler.requeue.reference_wait = 30s;  // dependents must move on the Key's change, not on this
    options.reconciler.requeue.throttle_base = 500ms;
    options.reconciler.requeue.resync = 3600s;
    return options;
  }

  void StartController(ControllerManagerOptions options) {
    controller_ = std::make_unique<ControllerManager>(*admin_, *events_, std::move(options));
    controller_->Register(*manager_);
    thread_ = std::jthread([this](std::stop_token stop) { run_result_ = controller_->Run(stop); });
    for (int i = 0; i < 600 && !controller_->Ready(); ++i) std::this_thread::sleep_for(50ms);
    ASSERT_TRUE(controller_->Ready());
  }
  void StopController() {
    if (thread_.joinable()) {
      thread_.request_stop();
      thread_.join();
    }
  }

  kube::ResourcePath Widget(const std::string& name, const std::string& ns = "") const {
    return {{group_, "v1", "widgets"}, ns.empty() ? namespace_ : ns, name, ""};
  }
  json CreateWidget(const std::string& name, const json& spec, const json& annotations = json::object(),
                    const std::string& ns = "", const json& labels = json::object()) {
    json object = {{"apiVersion", group_ + "/v1"},
                   {"kind", "Widget"},
                   {"metadata", {{"name", name}, {"namespace", ns.empty() ? namespace_ : ns}}},
                   {"spec", spec}};
    if (!annotations.empty()) object["metadata"]["annotations"] = annotations;
    if (!labels.empty()) object["metadata"]["labels"] = labels;
    auto collection = Widget("", ns);
    collection.name.clear();
    auto created = admin_->Create(collection, object);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : json();
  }
  // Polls the widget until `predicate` holds (true) or 30 s pass (false).
  bool WaitFor(const std::string& name, const std::function<bool(const Result<json>&)>& predicate,
               const std::string& ns = "") {
    for (int i = 0; i < 300; ++i) {
      if (predicate(admin_->Get(Widget(name, ns)))) return true;
      std::this_thread::sleep_for(100ms);
    }
    return false;
  }
  static bool HasCondition(const Result<json>& object, std::string_view type, std::string_view status,
                           std::string_view reason = "") {
    if (!object.ok() || !object->contains("status")) return false;
    auto condition = FindCondition((*object)["status"], type);
    return condition && condition->status == status && (reason.empty() || condition->reason == reason);
  }

  const kube::ResourcePath kCrds{{"apiextensions.k8s.io", "v1", "customresourcedefinitions"}, "", "", ""};
  std::unique_ptr<kube::RestClient> admin_;
  std::string group_, namespace_, other_namespace_;
  ResourceKind kind_;
  FakeCloud cloud_;
  std::unique_ptr<WidgetManager> manager_;
  std::unique_ptr<kube::EventRecorderImpl> events_;
  std::unique_ptr<ControllerManager> controller_;
  std::jthread thread_;
  Status run_result_;
};

TEST_F(ControllerManagerTest, CreatesUpdatesAndDeletesWithTheFinalizerAndConditions) {
  StartController(DefaultOptions());
  CreateWidget("w1", {{"size", 3}});
  ASSERT_TRUE(WaitFor("w1", [](const Result<json>& w) { return HasCondition(w, kConditionReady, "True"); }));
  auto widget = admin_->Get(Widget("w1"));
  ASSERT_TRUE(widget.ok());
  EXPECT_EQ((*widget)["metadata"]["finalizers"], json::array({"finalizers." + group_ + "/Widget"}));
  EXPECT_EQ((*widget)["status"]["ackResourceMetadata"]["region"], "us-test-1");
  EXPECT_EQ((*widget)["status"]["ackResourceMetadata"]["arn"], "arn:fake:w1");
  EXPECT_TRUE(HasCondition(widget, kConditionResourceSynced, "True"));
  EXPECT_EQ(cloud_.Find("us-test-1", "w1")->size, 3);
  EXPECT_EQ(cloud_.Writes("Create"), 1);

  // A spec change is one update; the status names the observed value.
  ASSERT_TRUE(admin_->Patch(Widget("w1"), kube::PatchType::kMerge, {{"spec", {{"size", 5}}}}).ok());
  ASSERT_TRUE(WaitFor("w1", [](const Result<json>& w) {
    return w.ok() && (*w)["status"].value("observedSize", 0) == 5 && HasCondition(w, kConditionReady, "True");
  }));
  EXPECT_EQ(cloud_.Writes("UpdateWidget"), 1);

  // Deleting deletes in "AWS", then the finalizer goes and the object with it.
  ASSERT_TRUE(admin_->Delete(Widget("w1")).ok());
  ASSERT_TRUE(WaitFor("w1", [](const Result<json>& w) { return !w.ok() && w.status().code() == Code::kNotFound; }));
  EXPECT_FALSE(cloud_.Find("us-test-1", "w1").has_value());
  EXPECT_EQ(cloud_.Writes("Delete"), 1);
}

TEST_F(ControllerManagerTest, RetainPolicyLeavesTheResourceAndReleasesTheObject) {
  StartController(DefaultOptions());
  CreateWidget("kept", {{"size", 1}}, {{"services.k8s.aws/deletion-policy", "retain"}});
  ASSERT_TRUE(WaitFor("kept", [](const Result<json>& w) { return HasCondition(w, kConditionReady, "True"); }));
  ASSERT_TRUE(admin_->Delete(Widget("kept")).ok());
  ASSERT_TRUE(WaitFor("kept", [](const Result<json>& w) { return !w.ok(); }));
  EXPECT_TRUE(cloud_.Find("us-test-1", "kept").has_value());
  EXPECT_EQ(cloud_.Writes("Delete"), 0);
}

TEST_F(ControllerManagerTest, BadInputEndsTerminalWithTheMessageAndNoWrite) {
  StartController(DefaultOptions());
  CreateWidget("bad", {{"size", 1}}, {{"services.k8s.aws/deletion-policy", "sometimes"}});
  ASSERT_TRUE(WaitFor("bad", [](const Result<json>& w) { return HasCondition(w, kConditionTerminal, "True"); }));
  auto widget = admin_->Get(Widget("bad"));
  auto terminal = FindCondition((*widget)["status"], kConditionTerminal);
  EXPECT_NE(terminal->message.find("services.k8s.aws/deletion-policy"), std::string::npos) << terminal->message;
  EXPECT_EQ(cloud_.Writes("Create"), 0);

  // A spec the manager refuses is Terminal too, with the manager's message.
  CreateWidget("negative", {{"size", 2}});
  ASSERT_TRUE(WaitFor("negative", [](const Result<json>& w) { return HasCondition(w, kConditionReady, "True"); }));
  ASSERT_TRUE(admin_->Patch(Widget("negative"), kube::PatchType::kMerge, {{"spec", {{"size", -1}}}}).ok());
  ASSERT_TRUE(WaitFor("negative", [](const Result<json>& w) {
    if (!HasCondition(w, kConditionTerminal, "True")) return false;
    return FindCondition((*w)["status"], kConditionTerminal)->message == "spec.size: must be 0 or more";
  }));
  EXPECT_EQ(cloud_.Find("us-test-1", "negative")->size, 2);
  EXPECT_TRUE(HasCondition(admin_->Get(Widget("negative")), kConditionReady, "False"));
}

TEST_F(ControllerManagerTest, TheWriteLoopGuardStopsIdenticalWritesThatHaveNoEffect) {
  StartController(DefaultOptions());
  CreateWidget("stuck", {{"size", 1}});
  ASSERT_TRUE(WaitFor("stuck", [](const Result<json>& w) { return HasCondition(w, kConditionReady, "True"); }));
  cloud_.ignore_updates = true;
  ASSERT_TRUE(admin_->Patch(Widget("stuck"), kube::PatchType::kMerge, {{"spec", {{"size", 9}}}}).ok());
  ASSERT_TRUE(WaitFor("stuck", [](const Result<json>& w) { return HasCondition(w, kConditionTerminal, "True", "WriteLoop"); }));
  std::this_thread::sleep_for(2s);  // ten progressing requeues' worth: no more writes
  EXPECT_EQ(cloud_.Writes("UpdateWidget"), 2);
  auto events = admin_->List({{"", "v1", "events"}, namespace_, "", ""});
  ASSERT_TRUE(events.ok());
  bool recorded = false;
  for (const auto& event : (*events)["items"]) recorded |= event.value("reason", "") == "WriteLoopStopped";
  EXPECT_TRUE(recorded);

  // Editing the spec lifts the stop.
  cloud_.ignore_updates = false;
  ASSERT_TRUE(admin_->Patch(Widget("stuck"), kube::PatchType::kMerge, {{"spec", {{"size", 10}}}}).ok());
  ASSERT_TRUE(WaitFor("stuck", [](const Result<json>& w) { return HasCondition(w, kConditionReady, "True"); }));
  EXPECT_EQ(cloud_.Find("us-test-1", "stuck")->size, 10);
}

TEST_F(ControllerManagerTest, ThrottlingBacksOffWithTheReasonOnTheCondition) {
  StartController(DefaultOptions());
  CreateWidget("busy", {{"size", 1}});
  ASSERT_TRUE(WaitFor("busy", [](const Result<json>& w) { return HasCondition(w, kConditionReady, "True"); }));
  cloud_.throttle_updates = true;
  ASSERT_TRUE(admin_->Patch(Widget("busy"), kube::PatchType::kMerge, {{"spec", {{"size", 2}}}}).ok());
  ASSERT_TRUE(WaitFor("busy", [](const Result<json>& w) { return HasCondition(w, kConditionRecoverable, "True", "Throttled"); }));
  const auto throttled_at = std::chrono::steady_clock::now();
  cloud_.throttle_updates = false;
  ASSERT_TRUE(WaitFor("busy", [](const Result<json>& w) { return HasCondition(w, kConditionReady, "True"); }));
  // The retry waited for the throttle back-off (500 ms here), not the 200 ms
  // progressing requeue.
  EXPECT_GE(std::chrono::steady_clock::now() - throttled_at, 300ms);
  EXPECT_FALSE(HasCondition(admin_->Get(Widget("busy")), kConditionRecoverable, "True"));
}

TEST_F(ControllerManagerTest, ReferencesWaitForTheirTargetAndMoveWhenItIsReady) {
  StartController(DefaultOptions());
  CreateWidget("dependent", {{"size", 1}, {"ref", {{"from", {{"name", "target"}}}}}});
  ASSERT_TRUE(WaitFor("dependent", [](const Result<json>& w) {
    return HasCondition(w, kConditionReferencesResolved, "False");
  }));
  EXPECT_EQ(cloud_.Writes("Create"), 0);
  // The target's change re-queues the dependent at once (reference_wait is 30 s).
  CreateWidget("target", {{"size", 1}});
  ASSERT_TRUE(WaitFor("dependent", [](const Result<json>& w) { return HasCondition(w, kConditionReady, "True"); }));
  EXPECT_TRUE(HasCondition(admin_->Get(Widget("dependent")), kConditionReferencesResolved, "True"));
  EXPECT_EQ(cloud_.Find("us-test-1", "dependent")->ref_value, "arn:fake:target");
  // The resolved value is not written into the user's spec.
  EXPECT_FALSE((*admin_->Get(Widget("dependent")))["spec"].contains("refValue"));

  // Another namespace is refused unless allowed.
  CreateWidget("crosser", {{"size", 1}, {"ref", {{"from", {{"name", "target"}, {"namespace", other_namespace_}}}}}});
  ASSERT_TRUE(WaitFor("crosser", [](const Result<json>& w) {
    return HasCondition(w, kConditionTerminal, "True", "CrossNamespaceReference");
  }));
}

TEST_F(ControllerManagerTest, ReadOnlyReportsDriftAndNeverWrites) {
  cloud_.Put("us-test-1", "observed", {7, ""});
  StartController(DefaultOptions());
  CreateWidget("observed", {{"size", 8}}, {{"services.k8s.aws/read-only", "true"}});
  ASSERT_TRUE(WaitFor("observed", [](const Result<json>& w) {
    return HasCondition(w, kConditionResourceSynced, "False", "ReadOnlyDrift");
  }));
  auto widget = admin_->Get(Widget("observed"));
  EXPECT_FALSE((*widget)["metadata"].contains("finalizers"));
  EXPECT_EQ((*widget)["status"]["observedSize"], 7);
  EXPECT_EQ(cloud_.Writes("UpdateWidget"), 0);
  ASSERT_TRUE(admin_->Delete(Widget("observed")).ok());
  ASSERT_TRUE(WaitFor("observed", [](const Result<json>& w) { return !w.ok(); }));
  EXPECT_TRUE(cloud_.Find("us-test-1", "observed").has_value());
}

TEST_F(ControllerManagerTest, AdoptionFillsTheSpecOrEndsTerminalWhenThereIsNothingToAdopt) {
  cloud_.Put("us-test-1", "existing", {4, ""});
  StartController(DefaultOptions());
  CreateWidget("adopter", json::object(),
               {{"services.k8s.aws/adoption-policy", "adopt"}, {"services.k8s.aws/adoption-fields", R"({"name": "existing"})"}});
  ASSERT_TRUE(WaitFor("adopter", [](const Result<json>& w) { return HasCondition(w, kConditionReady, "True"); }));
  EXPECT_EQ((*admin_->Get(Widget("adopter")))["spec"]["size"], 4);
  EXPECT_EQ(cloud_.Writes("Create"), 0);
  EXPECT_EQ(cloud_.Writes("UpdateWidget"), 0);

  CreateWidget("orphan", json::object(),
               {{"services.k8s.aws/adoption-policy", "adopt"}, {"services.k8s.aws/adoption-fields", R"({"name": "nothing"})"}});
  ASSERT_TRUE(WaitFor("orphan", [](const Result<json>& w) {
    return HasCondition(w, kConditionTerminal, "True", "AdoptionNotFound");
  }));
  EXPECT_EQ(cloud_.Writes("Create"), 0);
}

TEST_F(ControllerManagerTest, RegionComesFromTheObjectThenTheNamespaceThenTheFlag) {
  ASSERT_TRUE(admin_
                  ->Patch({{"", "v1", "namespaces"}, "", other_namespace_, ""}, kube::PatchType::kMerge,
                          {{"metadata", {{"annotations", {{"services.k8s.aws/default-region", "eu-test-2"}}}}}})
                  .ok());
  StartController(DefaultOptions());
  CreateWidget("annotated", {{"size", 1}}, {{"services.k8s.aws/region", "ap-test-3"}});
  CreateWidget("defaulted", {{"size", 1}}, json::object(), other_namespace_);
  CreateWidget("plain", {{"size", 1}});
  ASSERT_TRUE(WaitFor("annotated", [](const Result<json>& w) { return HasCondition(w, kConditionReady, "True"); }));
  ASSERT_TRUE(WaitFor("defaulted", [](const Result<json>& w) { return HasCondition(w, kConditionReady, "True"); },
                      other_namespace_));
  ASSERT_TRUE(WaitFor("plain", [](const Result<json>& w) { return HasCondition(w, kConditionReady, "True"); }));
  EXPECT_TRUE(cloud_.Find("ap-test-3", "annotated").has_value());
  EXPECT_TRUE(cloud_.Find("eu-test-2", "defaulted").has_value());
  EXPECT_TRUE(cloud_.Find("us-test-1", "plain").has_value());
}

TEST_F(ControllerManagerTest, NamespaceAndLabelFiltersLeaveOtherObjectsAlone) {
  ControllerManagerOptions options = DefaultOptions();
  options.watch_namespaces = {namespace_};
  options.label_selector = "team=orders";
  StartController(std::move(options));
  CreateWidget("watched", {{"size", 1}}, json::object(), "", {{"team", "orders"}});
  CreateWidget("unlabelled", {{"size", 1}});
  CreateWidget("elsewhere", {{"size", 1}}, json::object(), other_namespace_, {{"team", "orders"}});
  ASSERT_TRUE(WaitFor("watched", [](const Result<json>& w) { return HasCondition(w, kConditionReady, "True"); }));
  std::this_thread::sleep_for(1s);
  EXPECT_FALSE((*admin_->Get(Widget("unlabelled")))["metadata"].contains("finalizers"));
  EXPECT_FALSE((*admin_->Get(Widget("elsewhere", other_namespace_)))["metadata"].contains("finalizers"));
  EXPECT_EQ(cloud_.Writes("Create"), 1);
}

}  // namespace
}  // namespace tk::runtime
