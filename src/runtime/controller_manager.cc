#include "runtime/controller_manager.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace tk::runtime {

namespace {

constexpr std::string_view kReferencesIndex = "references";

// "Kind/namespace/name" for the queue and for the references index.
std::string QueueKey(std::string_view kind, const std::string& namespace_name, const std::string& name) {
  return fmt::format("{}/{}/{}", kind, namespace_name, name);
}

struct SplitKey {
  std::string kind;
  std::string namespace_name;
  std::string name;
};

std::optional<SplitKey> Split(const ObjectKey& key) {
  auto first = key.find('/');
  if (first == std::string::npos) return std::nullopt;
  auto second = key.find('/', first + 1);
  if (second == std::string::npos) return std::nullopt;
  return SplitKey{key.substr(0, first), key.substr(first + 1, second - first - 1), key.substr(second + 1)};
}

// The parts of an object whose change is worth a reconcile (not status).
nlohmann::json ActionableParts(const nlohmann::json& object) {
  nlohmann::json parts = nlohmann::json::object();
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return parts;
  for (const char* field : {"generation", "labels", "annotations", "finalizers", "deletionTimestamp"}) {
    auto value = metadata->find(field);
    if (value != metadata->end()) parts[field] = *value;
  }
  return parts;
}

}  // namespace

// One kind: its manager, reconciler, writer and watches.
struct ControllerManager::KindController {
  ResourceManager* manager = nullptr;
  std::unique_ptr<ObjectWriter> writer;
  std::unique_ptr<Reconciler> reconciler;
  // One informer per watched namespace ("" for all).
  std::vector<std::pair<std::string, std::unique_ptr<kube::Informer>>> informers;

  const std::string& kind() const { return manager->kind().kind; }
};

class ControllerManager::CacheLookup final : public ReferenceLookup {
 public:
  explicit CacheLookup(const ControllerManager& owner) : owner_(owner) {}
  std::shared_ptr<const nlohmann::json> Get(std::string_view kind, const std::string& namespace_name,
                                            const std::string& name) const override {
    return owner_.Get(kind, namespace_name, name);
  }

 private:
  const ControllerManager& owner_;
};

class ControllerManager::QueueingHandler final : public kube::ResourceEventHandler {
 public:
  QueueingHandler(ControllerManager& owner, const KindController& controller)
      : owner_(owner), controller_(controller) {}

  void OnAdd(const kube::ObjectPtr& object) override {
    owner_.Enqueue(controller_, *object);
    owner_.EnqueueDependents(controller_, *object);
  }
  void OnUpdate(const kube::ObjectPtr& old_object, const kube::ObjectPtr& new_object) override {
    if (ActionableParts(*old_object) != ActionableParts(*new_object)) owner_.Enqueue(controller_, *new_object);
    owner_.EnqueueDependents(controller_, *new_object);
  }
  void OnDelete(const kube::ObjectPtr& last_known) override {
    owner_.Enqueue(controller_, *last_known);
    owner_.EnqueueDependents(controller_, *last_known);
  }

 private:
  ControllerManager& owner_;
  const KindController& controller_;
};

ControllerManager::ControllerManager(kube::RestClient& client, kube::EventRecorder& events,
                                     ControllerManagerOptions options, Clock& clock)
    : client_(client),
      events_(events),
      options_(std::move(options)),
      clock_(clock),
      queue_(DefaultControllerRateLimiter(options_.retry_limits, clock), clock),
      lookup_(std::make_unique<CacheLookup>(*this)) {}

ControllerManager::~ControllerManager() {
  queue_.ShutDown();
  workers_.clear();  // joins
  for (auto& controller : controllers_) {
    for (auto& [namespace_name, informer] : controller->informers) informer->Stop();
  }
  if (namespaces_) namespaces_->Stop();
}

void ControllerManager::Register(ResourceManager& manager) {
  auto controller = std::make_unique<KindController>();
  controller->manager = &manager;
  controller->writer = std::make_unique<ObjectWriter>(client_, manager.kind(), options_.field_manager);
  ReconcilerOptions reconciler_options = options_.reconciler;
  if (auto resync = options_.resync_by_kind.find(manager.kind().kind); resync != options_.resync_by_kind.end()) {
    reconciler_options.requeue.resync = resync->second;
  }
  controller->reconciler = std::make_unique<Reconciler>(
      manager, *controller->writer, *lookup_,
      [this](const std::string& name) { return namespaces_ ? namespaces_->Get(name) : nullptr; }, events_,
      reconciler_options, clock_);
  controllers_.push_back(std::move(controller));
}

void ControllerManager::BuildWatches() {
  kube::InformerOptions informer_options;
  informer_options.label_selector = options_.label_selector;
  // The controller never reads managedFields; without them 10,000 cached
  // objects take about half the memory.
  informer_options.reflector.transform = kube::StripManagedFields;
  std::vector<std::string> namespaces = options_.watch_namespaces;
  if (namespaces.empty()) namespaces.push_back("");

  for (auto& controller : controllers_) {
    const ResourceKind& kind = controller->manager->kind();
    for (const auto& namespace_name : namespaces) {
      auto informer = std::make_unique<kube::Informer>(
          client_, kube::ResourcePath{{kind.group, kind.version, kind.plural}, namespace_name, "", ""},
          informer_options);
      ResourceManager* manager = controller->manager;
      (void)informer->AddIndex(std::string(kReferencesIndex), [manager](const nlohmann::json& object) {
        std::vector<std::string> values;
        for (const auto& reference : manager->ReferencesOf(object)) {
          values.push_back(QueueKey(reference.kind, reference.namespace_name, reference.name));
        }
        return values;
      });
      (void)informer->AddEventHandler(std::make_shared<QueueingHandler>(*this, *controller));
      (void)informer->SetErrorHandler([kind_name = kind.kind, namespace_name](const Status& error) {
        spdlog::warn("watch of {} in {}: {}", kind_name, namespace_name.empty() ? "all namespaces" : namespace_name,
                     error.ToString());
      });
      controller->informers.emplace_back(namespace_name, std::move(informer));
    }
  }
  // Namespaces are read for their annotations, whatever their labels.
  kube::InformerOptions namespace_options;
  namespace_options.reflector.transform = kube::StripManagedFields;
  namespaces_ = std::make_unique<kube::Informer>(client_, kube::ResourcePath{{"", "v1", "namespaces"}, "", "", ""},
                                                 namespace_options);
}

void ControllerManager::Enqueue(const KindController& controller, const nlohmann::json& object) {
  queue_.Add(QueueKey(controller.kind(), kube::NamespaceOf(object), kube::NameOf(object)));
}

void ControllerManager::EnqueueDependents(const KindController& changed, const nlohmann::json& object) {
  const std::string referenced = QueueKey(changed.kind(), kube::NamespaceOf(object), kube::NameOf(object));
  for (const auto& controller : controllers_) {
    for (const auto& [namespace_name, informer] : controller->informers) {
      auto dependents = informer->ByIndex(kReferencesIndex, referenced);
      if (!dependents.ok()) continue;
      for (const auto& dependent : *dependents) Enqueue(*controller, *dependent);
    }
  }
}

ControllerManager::KindController* ControllerManager::ControllerFor(std::string_view kind) {
  for (auto& controller : controllers_) {
    if (controller->kind() == kind) return controller.get();
  }
  return nullptr;
}

kube::ObjectPtr ControllerManager::Get(std::string_view kind, const std::string& namespace_name,
                                       const std::string& name) const {
  for (const auto& controller : controllers_) {
    if (controller->kind() != kind) continue;
    for (const auto& [watched, informer] : controller->informers) {
      if (watched.empty() || watched == namespace_name) return informer->Get(namespace_name + "/" + name);
    }
  }
  return nullptr;
}

void ControllerManager::Work() {
  while (auto key = queue_.Get()) {
    auto split = Split(*key);
    KindController* controller = split ? ControllerFor(split->kind) : nullptr;
    if (controller == nullptr) {
      queue_.Forget(*key);
      queue_.Done(*key);
      continue;
    }
    const auto started = clock_.Now();
    ReconcileOutcome outcome = controller->reconciler->Reconcile(Get(split->kind, split->namespace_name, split->name));
    stats_.Record(split->kind, outcome.kind, clock_.Now() - started);
    switch (outcome.kind) {
      case ReconcileOutcome::Kind::kRetry:
        spdlog::warn("{}: {}; retrying with back-off", *key, outcome.error.ToString());
        queue_.AddRateLimited(*key);
        break;
      case ReconcileOutcome::Kind::kGone:
        queue_.Forget(*key);
        break;
      default:
        if (!outcome.error.ok()) spdlog::info("{}: {}: {}", *key, OutcomeName(outcome.kind), outcome.error.message());
        queue_.Forget(*key);
        queue_.AddAfter(*key, outcome.requeue_after);
        break;
    }
    queue_.Done(*key);
  }
}

Status ControllerManager::Run(std::stop_token stop) {
  if (ran_.exchange(true)) return Status(Code::kFailedPrecondition, "ControllerManager::Run called twice");
  BuildWatches();
  if (Status started = namespaces_->Start(); !started.ok()) return started;
  for (auto& controller : controllers_) {
    for (auto& [namespace_name, informer] : controller->informers) {
      if (Status started = informer->Start(); !started.ok()) return started;
    }
  }

  const auto deadline = clock_.Now() + options_.cache_sync_timeout;
  auto all_synced = [&] {
    if (!namespaces_->HasSynced()) return false;
    for (auto& controller : controllers_) {
      for (auto& [namespace_name, informer] : controller->informers) {
        if (!informer->HasSynced()) return false;
      }
    }
    return true;
  };
  while (!all_synced()) {
    if (stop.stop_requested()) return {};
    if (clock_.Now() >= deadline) {
      return Status(Code::kUnavailable,
                    "the caches did not fill in time: check that the CRDs are installed and that the "
                    "controller may list and watch them (deploy/rbac)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  caches_synced_ = true;
  spdlog::info("caches synced for {} kinds", controllers_.size());

  std::unique_ptr<kube::LeaderElector> elector;
  std::atomic<bool> leading{options_.leader_election.lease_name.empty()};
  std::atomic<bool> lost{false};
  if (!leading) {
    kube::LeaderElectionConfig config = options_.leader_election;
    config.callbacks.on_started_leading = [&leading] { leading = true; };
    config.callbacks.on_stopped_leading = [&lost, &leading] {
      if (leading) lost = true;
    };
    auto created = kube::LeaderElector::New(client_, config, clock_);
    if (!created.ok()) return created.status();
    elector = std::move(created).value();
    elector->Start();
    spdlog::info("waiting to lead (lease {}/{})", config.lease_namespace, config.lease_name);
    while (!leading && !stop.stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }

  Status result;
  if (leading && !stop.stop_requested()) {
    const int workers = std::max(1, options_.workers);
    for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { Work(); });
    workers_running_ = true;
    spdlog::info("started {} workers", workers);
    while (!stop.stop_requested() && !lost) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (lost) result = Status(Code::kUnavailable, "lost leadership; exiting so another instance takes over");
  }

  workers_running_ = false;
  queue_.ShutDownWithDrain();
  workers_.clear();
  if (elector) elector->Stop();
  for (auto& controller : controllers_) {
    for (auto& [namespace_name, informer] : controller->informers) informer->Stop();
  }
  namespaces_->Stop();
  return result;
}

}  // namespace tk::runtime
