#include "runtime/reconciler.h"

#include <charconv>
#include <optional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "runtime/conditions.h"

namespace tk::runtime {

namespace {

using Kind = ReconcileOutcome::Kind;

int64_t GenerationOf(const nlohmann::json& object) {
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object()) return 0;
  auto generation = metadata->find("generation");
  return generation != metadata->end() && generation->is_number_integer() ? generation->get<int64_t>() : 0;
}

bool IsBeingDeleted(const nlohmann::json& object) {
  auto metadata = object.find("metadata");
  return metadata != object.end() && metadata->is_object() && metadata->contains("deletionTimestamp");
}

std::string Join(const std::vector<std::string>& items) {
  std::string joined;
  for (const auto& item : items) {
    if (!joined.empty()) joined += ", ";
    joined += item;
  }
  return joined;
}

// status merged with `update` (RFC 7386: null removes a field).
void MergeStatus(nlohmann::json& status, const nlohmann::json& update) {
  if (update.is_object() && !update.empty()) status.merge_patch(update);
}

}  // namespace

std::string_view OutcomeName(ReconcileOutcome::Kind kind) {
  switch (kind) {
    case Kind::kSynced: return "Synced";
    case Kind::kProgressing: return "Progressing";
    case Kind::kTerminal: return "Terminal";
    case Kind::kRetry: return "Retry";
    case Kind::kThrottled: return "Throttled";
    case Kind::kGone: return "Gone";
  }
  return "Unknown";
}

struct Reconciler::Pass {
  nlohmann::json object;   // the latest stored copy (changes after our writes)
  nlohmann::json status;   // the status we mean to write
  std::string key;         // "namespace/name", for logs
  std::string uid;
  ResourcePolicies policies;
  ReconcileRequest request;
  std::string account;     // the namespace's owner-account-id, else the controller's
};

Reconciler::Reconciler(ResourceManager& manager, ObjectWriter& writer, const ReferenceLookup& references,
                       NamespaceLookup namespaces, kube::EventRecorder& events, ReconcilerOptions options,
                       Clock& clock)
    : manager_(manager),
      writer_(writer),
      references_(references),
      namespaces_(std::move(namespaces)),
      events_(events),
      options_(std::move(options)),
      clock_(clock),
      write_guard_(options_.write_loop_limit),
      throttle_(options_.requeue),
      random_(std::random_device{}()) {}

ReconcileOutcome Reconciler::Reconcile(const kube::ObjectPtr& cached) {
  if (cached == nullptr) return {Kind::kGone, {}, {}};
  ReconcileOutcome outcome = ReconcileObject(cached);
  if (outcome.kind == Kind::kGone) Forget(kube::UidOf(*cached));
  return outcome;
}

ReconcileOutcome Reconciler::ReconcileObject(const kube::ObjectPtr& cached) {
  Pass pass;
  pass.object = FresherOf(*cached);
  pass.key = kube::ObjectKeyOf(pass.object);
  pass.uid = kube::UidOf(pass.object);
  auto status = pass.object.find("status");
  pass.status = status != pass.object.end() && status->is_object() ? *status : nlohmann::json::object();

  auto policies = ReadResourcePolicies(pass.object, options_.default_deletion);
  if (!policies.ok()) {
    if (IsBeingDeleted(pass.object)) {
      // A malformed annotation must not block deletion: fall back to the
      // safe reading (retain: AWS keeps the resource).
      pass.policies.deletion = DeletionPolicy::kRetain;
    } else {
      return Terminal(pass, "InvalidAnnotation", policies.status().message());
    }
  } else {
    pass.policies = std::move(policies).value();
  }
  return IsBeingDeleted(pass.object) ? Delete(pass) : Sync(pass);
}

ReconcileOutcome Reconciler::Delete(Pass& pass) {
  if (!HasFinalizer(pass.object, writer_.finalizer())) {
    write_guard_.Reset(pass.uid);
    throttle_.Reset(pass.uid);
    return {Kind::kGone, {}, {}};
  }
  auto remove_finalizer = [&]() -> ReconcileOutcome {
    Status removed = writer_.RemoveFinalizer(pass.object);
    if (!removed.ok()) return {Kind::kRetry, {}, removed};
    write_guard_.Reset(pass.uid);
    throttle_.Reset(pass.uid);
    return {Kind::kGone, {}, {}};
  };
  if (pass.policies.read_only || pass.policies.deletion == DeletionPolicy::kRetain) {
    spdlog::info("{} {}: deleted with policy retain (or read-only); the AWS resource stays", manager_.kind().kind,
                 pass.key);
    return remove_finalizer();
  }

  const nlohmann::json* namespace_object = nullptr;
  kube::ObjectPtr namespace_ptr = namespaces_ ? namespaces_(kube::NamespaceOf(pass.object)) : nullptr;
  if (namespace_ptr) namespace_object = namespace_ptr.get();
  auto region = ResolveRegion(pass.object, namespace_object, options_.default_region);
  if (!region.ok()) {
    // Nothing was made in AWS without a region: let the object go.
    const std::string arn = pass.status.value("/ackResourceMetadata/arn"_json_pointer, std::string());
    if (arn.empty()) return remove_finalizer();
    return Terminal(pass, "NoRegion", region.status().message());
  }
  pass.request = ReconcileRequest{pass.object, *region, pass.policies.adoption_fields};
  // References are resolved when they can be (an Alias needs no key to be
  // deleted, but a manager may read them); an unresolved one does not block.
  (void)manager_.ResolveReferences(pass.request.object, references_);

  auto observed = manager_.Observe(pass.request);
  if (!observed.ok()) return Failed(pass, observed.status(), "reading the AWS resource to delete it");
  if (!observed->exists) return remove_finalizer();

  auto deleted = manager_.Delete(pass.request, *observed);
  if (!deleted.ok()) return Failed(pass, deleted.status(), "deleting the AWS resource");
  if (deleted->gone) {
    spdlog::info("{} {}: deleted the AWS resource", manager_.kind().kind, pass.key);
    Record(pass, kube::EventType::kNormal, "Deleted", "deleted the AWS resource");
    return remove_finalizer();
  }
  SetCondition(pass.status,
               {std::string(kConditionResourceSynced), "False", "Deleting",
                deleted->waiting_for.empty() ? "deleting the AWS resource" : deleted->waiting_for},
               clock_.WallNow());
  SetCondition(pass.status, {std::string(kConditionReady), "False", "Deleting", ""}, clock_.WallNow());
  auto delay = deleted->requeue_after.count() > 0 ? deleted->requeue_after : options_.requeue.progressing;
  return Finish(pass, {Kind::kProgressing, delay, {}});
}

ReconcileOutcome Reconciler::Sync(Pass& pass) {
  const auto now = clock_.WallNow();
  // Without a region nothing can happen in AWS: no finalizer either, so such
  // an object can always be deleted.
  kube::ObjectPtr namespace_ptr = namespaces_ ? namespaces_(kube::NamespaceOf(pass.object)) : nullptr;
  auto region = ResolveRegion(pass.object, namespace_ptr.get(), options_.default_region);
  if (!region.ok()) return Terminal(pass, "NoRegion", region.status().message());

  // The finalizer goes on before anything can be created in AWS.
  if (!pass.policies.read_only && !HasFinalizer(pass.object, writer_.finalizer())) {
    auto updated = writer_.AddFinalizer(pass.object);
    if (!updated.ok()) {
      if (updated.status().code() == Code::kNotFound) return {Kind::kGone, {}, {}};
      return {Kind::kRetry, {}, updated.status().WithContext("adding the finalizer")};
    }
    pass.object = std::move(updated).value();
    Remember(pass.object);
  }
  pass.account = OwnerAccountOf(namespace_ptr.get());
  pass.request = ReconcileRequest{pass.object, *region, pass.policies.adoption_fields};

  // References.
  const auto references = manager_.ReferencesOf(pass.object);
  for (const auto& reference : references) {
    if (reference.namespace_name != kube::NamespaceOf(pass.object) &&
        !options_.allow_cross_namespace_references) {
      return Terminal(pass, "CrossNamespaceReference",
                      fmt::format("{}: refers to {} {}/{} in another namespace; refer to one in namespace {}, "
                                  "or start the controller with --allow-cross-namespace-references",
                                  reference.field, reference.kind, reference.namespace_name, reference.name,
                                  kube::NamespaceOf(pass.object)));
    }
  }
  Status resolved = manager_.ResolveReferences(pass.request.object, references_);
  if (!resolved.ok()) {
    if (resolved.code() == Code::kFailedPrecondition) {
      SetCondition(pass.status, {std::string(kConditionReferencesResolved), "False", "ReferenceNotReady",
                                 resolved.message()},
                   now);
      SetCondition(pass.status, {std::string(kConditionResourceSynced), "False", "ReferencesUnresolved",
                                 "waiting for referenced objects: " + resolved.message()},
                   now);
      SetCondition(pass.status, {std::string(kConditionReady), "False", "ReferencesUnresolved", ""}, now);
      RemoveCondition(pass.status, kConditionTerminal);
      return Finish(pass, {Kind::kProgressing, options_.requeue.reference_wait, resolved});
    }
    SetCondition(pass.status, {std::string(kConditionReferencesResolved), "False", "InvalidReference",
                               resolved.message()},
                 now);
    return Failed(pass, resolved, "resolving references");
  }
  if (references.empty()) {
    RemoveCondition(pass.status, kConditionReferencesResolved);
  } else {
    SetCondition(pass.status, {std::string(kConditionReferencesResolved), "True", "Resolved", ""}, now);
  }

  auto observed = manager_.Observe(pass.request);
  if (!observed.ok()) return Failed(pass, observed.status(), "reading the AWS resource");
  if (observed->exists) return SyncExisting(pass, std::move(observed).value());

  if (pass.policies.read_only) {
    return Terminal(pass, "NotFound",
                    fmt::format("read-only: no such {} in AWS region {}; create it in AWS, or remove the {} "
                                "annotation to let the controller create it",
                                manager_.kind().kind, pass.request.region, kReadOnlyAnnotation));
  }
  if (pass.policies.adoption == AdoptionPolicy::kAdopt) {
    return Terminal(pass, "AdoptionNotFound",
                    fmt::format("adoption-policy adopt: no {} in AWS region {} matches {}; fix {} or use "
                                "adoption-policy adopt-or-create",
                                manager_.kind().kind, pass.request.region,
                                pass.policies.adoption_fields.is_null() ? std::string("the spec")
                                                                        : pass.policies.adoption_fields.dump(),
                                kAdoptionFieldsAnnotation));
  }
  if (!write_guard_.Allow(pass.uid, GenerationOf(pass.object), "Create")) {
    return Terminal(pass, "WriteLoop",
                    fmt::format("stopped creating the {}: it was created {} times and still cannot be "
                                "found; check the spec and the controller's logs",
                                manager_.kind().kind, options_.write_loop_limit));
  }
  auto created = manager_.Create(pass.request);
  if (!created.ok()) {
    write_guard_.Uncount(pass.uid);
    return Failed(pass, created.status(), "creating the AWS resource", /*out_of_sync=*/true);
  }
  spdlog::info("{} {}: created in AWS region {}", manager_.kind().kind, pass.key, pass.request.region);
  Record(pass, kube::EventType::kNormal, "Created",
         fmt::format("created the {} in AWS region {}", manager_.kind().kind, pass.request.region));
  MergeStatus(pass.status, created->status);
  SetCondition(pass.status, {std::string(kConditionResourceSynced), "False", "Creating", "created; settling"},
               now);
  SetCondition(pass.status, {std::string(kConditionReady), "False", "Creating", ""}, now);
  RemoveCondition(pass.status, kConditionTerminal);
  RemoveCondition(pass.status, kConditionRecoverable);
  throttle_.Reset(pass.uid);
  return Finish(pass, {Kind::kProgressing, options_.requeue.progressing, {}});
}

ReconcileOutcome Reconciler::SyncExisting(Pass& pass, Observation observed) {
  const auto now = clock_.WallNow();
  MergeStatus(pass.status, observed.status);

  // Adoption fills the spec fields the user left unset, once.
  const bool adopting = pass.policies.adoption != AdoptionPolicy::kNone && !pass.policies.read_only;
  if (adopting && !observed.spec.empty()) {
    auto filled = writer_.FillSpec(pass.object, observed.spec);
    if (!filled.ok()) return Failed(pass, filled.status(), "filling the spec of the adopted resource");
    if (kube::ResourceVersionOf(*filled) != kube::ResourceVersionOf(pass.object)) {
      spdlog::info("{} {}: adopted; spec filled from AWS", manager_.kind().kind, pass.key);
      Record(pass, kube::EventType::kNormal, "Adopted", "adopted the existing AWS resource");
      for (const auto& [field, value] : observed.spec.items()) {
        if (!pass.request.object["spec"].contains(field)) pass.request.object["spec"][field] = value;
      }
      pass.object = std::move(filled).value();
      Remember(pass.object);
    }
  }

  auto plan = manager_.PlanChanges(pass.request, observed);
  if (!plan.ok()) return Failed(pass, plan.status(), "comparing the spec with AWS");

  if (plan->advisories.empty()) {
    RemoveCondition(pass.status, kConditionAdvisory);
  } else {
    SetCondition(pass.status, {std::string(kConditionAdvisory), "True", "Advisory", Join(plan->advisories)}, now);
  }
  // Failures are cleared only by an outcome that is not one.
  auto clear_failures = [&] {
    RemoveCondition(pass.status, kConditionRecoverable);
    RemoveCondition(pass.status, kConditionTerminal);
    throttle_.Reset(pass.uid);
  };

  if (plan->Synced()) {
    clear_failures();
    write_guard_.Reset(pass.uid);
    SetCondition(pass.status, {std::string(kConditionResourceSynced), "True", "Synced", "the AWS resource matches the spec"},
                 now);
    SetCondition(pass.status, {std::string(kConditionReady), "True", "Synced", ""}, now);
    return Finish(pass, {Kind::kSynced, ResyncDelay(pass), {}});
  }
  const auto progress_delay =
      plan->requeue_after.count() > 0 ? plan->requeue_after : options_.requeue.progressing;

  if (pass.policies.read_only) {
    clear_failures();
    std::vector<std::string> fields;
    for (const auto& step : plan->steps) fields.insert(fields.end(), step.fields.begin(), step.fields.end());
    SetCondition(pass.status, {std::string(kConditionResourceSynced), "False", "ReadOnlyDrift",
                               fmt::format("read-only: AWS differs from the spec in {}; nothing is changed",
                                           fields.empty() ? plan->waiting_for : Join(fields))},
                 now);
    SetCondition(pass.status, {std::string(kConditionReady), "False", "ReadOnlyDrift", ""}, now);
    return Finish(pass, {Kind::kSynced, ResyncDelay(pass), {}});
  }
  if (!plan->waiting_for.empty() || plan->steps.empty()) {
    clear_failures();
    SetCondition(pass.status, {std::string(kConditionResourceSynced), "False", "Waiting", plan->waiting_for}, now);
    SetCondition(pass.status, {std::string(kConditionReady), "False", "Waiting", ""}, now);
    return Finish(pass, {Kind::kProgressing, progress_delay, {}});
  }

  const PlanStep& step = plan->steps.front();
  if (!write_guard_.Allow(pass.uid, GenerationOf(pass.object), step.fingerprint)) {
    const std::string message = fmt::format(
        "stopped writing: {} ({}) was sent {} times and AWS still differs from the spec in {}; check that "
        "the spec can be met, then edit the object to try again",
        step.operation, step.description, options_.write_loop_limit, Join(step.fields));
    Record(pass, kube::EventType::kWarning, "WriteLoopStopped", message);
    return Terminal(pass, "WriteLoop", message);
  }
  spdlog::info("{} {}: {} {} (fields: {})", manager_.kind().kind, pass.key, step.operation, step.description,
               Join(step.fields));
  auto applied = manager_.Apply(pass.request, observed, step);
  if (!applied.ok()) {
    write_guard_.Uncount(pass.uid);
    return Failed(pass, applied.status(), step.operation + " (" + Join(step.fields) + ")", /*out_of_sync=*/true);
  }
  Record(pass, kube::EventType::kNormal, "Updated", fmt::format("{}: {}", step.operation, step.description));
  clear_failures();
  MergeStatus(pass.status, *applied);
  SetCondition(pass.status, {std::string(kConditionResourceSynced), "False", "Updating",
                             fmt::format("{}: {}", step.operation, step.description)},
               now);
  SetCondition(pass.status, {std::string(kConditionReady), "False", "Updating", ""}, now);
  return Finish(pass, {Kind::kProgressing, progress_delay, {}});
}

ReconcileOutcome Reconciler::Failed(Pass& pass, const Status& error, std::string_view during, bool out_of_sync) {
  const auto now = clock_.WallNow();
  const std::string message = fmt::format("{}: {}", during, error.message());
  auto mark_out_of_sync = [&](std::string_view reason) {
    if (!out_of_sync) return;
    SetCondition(pass.status, {std::string(kConditionResourceSynced), "False", std::string(reason), message}, now);
    SetCondition(pass.status, {std::string(kConditionReady), "False", std::string(reason), ""}, now);
  };
  switch (error.code()) {
    case Code::kInvalidArgument:
      return Terminal(pass, "InvalidSpec", error.message());
    case Code::kThrottled: {
      const auto delay = throttle_.Next(pass.uid);
      const std::string throttled =
          fmt::format("{}; retrying in {} s", message, std::chrono::duration_cast<std::chrono::seconds>(delay).count());
      SetCondition(pass.status, {std::string(kConditionRecoverable), "True", "Throttled", throttled}, now);
      Record(pass, kube::EventType::kWarning, "Throttled", throttled);
      mark_out_of_sync("Throttled");
      if (!FindCondition(pass.status, kConditionResourceSynced)) {
        SetCondition(pass.status, {std::string(kConditionResourceSynced), "Unknown", "Throttled", ""}, now);
      }
      return Finish(pass, {Kind::kThrottled, delay, error});
    }
    case Code::kFailedPrecondition:
      SetCondition(pass.status, {std::string(kConditionResourceSynced), "False", "Waiting", message}, now);
      SetCondition(pass.status, {std::string(kConditionReady), "False", "Waiting", ""}, now);
      return Finish(pass, {Kind::kProgressing, options_.requeue.progressing, error});
    default:
      SetCondition(pass.status, {std::string(kConditionRecoverable), "True", "Error", message}, now);
      mark_out_of_sync("Error");
      if (!FindCondition(pass.status, kConditionResourceSynced)) {
        SetCondition(pass.status, {std::string(kConditionResourceSynced), "Unknown", "Error", ""}, now);
      }
      return Finish(pass, {Kind::kRetry, {}, error});
  }
}

ReconcileOutcome Reconciler::Terminal(Pass& pass, std::string_view reason, const std::string& message) {
  const auto now = clock_.WallNow();
  const auto previous = FindCondition(pass.status, kConditionTerminal);
  const bool already = previous && previous->status == "True";
  SetCondition(pass.status, {std::string(kConditionTerminal), "True", std::string(reason), message}, now);
  SetCondition(pass.status, {std::string(kConditionResourceSynced), "False", "Terminal", ""}, now);
  SetCondition(pass.status, {std::string(kConditionReady), "False", "Terminal", ""}, now);
  RemoveCondition(pass.status, kConditionRecoverable);
  if (!already && reason != "WriteLoop") Record(pass, kube::EventType::kWarning, reason, message);
  spdlog::warn("{} {}: terminal: {}", manager_.kind().kind, pass.key, message);
  return Finish(pass, {Kind::kTerminal, ResyncDelay(pass), Status(Code::kInvalidArgument, message)});
}

std::string Reconciler::OwnerAccountOf(const nlohmann::json* namespace_object) const {
  if (namespace_object != nullptr) {
    if (auto account = AnnotationOf(*namespace_object, kNamespaceOwnerAccountAnnotation); account && !account->empty()) {
      return *account;
    }
  }
  return options_.default_account_id;
}

void Reconciler::StampResourceMetadata(Pass& pass) const {
  if (pass.request.region.empty()) return;
  nlohmann::json& metadata = pass.status["ackResourceMetadata"];
  if (!metadata.is_object()) metadata = nlohmann::json::object();
  if (!metadata.contains("ownerAccountID") && !pass.account.empty()) metadata["ownerAccountID"] = pass.account;
  // The CRD requires ownerAccountID and region together: without an
  // account yet (no ARN, no known account), write neither.
  if (!metadata.contains("ownerAccountID")) {
    pass.status.erase("ackResourceMetadata");
    return;
  }
  metadata["region"] = pass.request.region;
}

ReconcileOutcome Reconciler::Finish(Pass& pass, ReconcileOutcome outcome) {
  StampResourceMetadata(pass);
  auto current = pass.object.find("status");
  if (current != pass.object.end() && *current == pass.status) return outcome;
  auto written = writer_.WriteStatus(pass.object, pass.status);
  if (written.ok()) {
    pass.object = std::move(written).value();
    Remember(pass.object);
    return outcome;
  }
  if (written.status().code() == Code::kNotFound) return {Kind::kGone, {}, {}};
  return {Kind::kRetry, {}, written.status().WithContext("writing status")};
}

void Reconciler::Record(const Pass& pass, kube::EventType type, std::string_view reason,
                        const std::string& message) {
  events_.Record(kube::ReferenceTo(pass.object), type, reason, message);
}

namespace {

// The resourceVersion as a number, when it is one (etcd's revisions are).
std::optional<unsigned long long> NumericVersion(const nlohmann::json& object) {
  const std::string version = kube::ResourceVersionOf(object);
  if (version.empty()) return std::nullopt;
  unsigned long long value = 0;
  auto [end, error] = std::from_chars(version.data(), version.data() + version.size(), value);
  if (error != std::errc() || end != version.data() + version.size()) return std::nullopt;
  return value;
}

}  // namespace

nlohmann::json Reconciler::FresherOf(const nlohmann::json& cached) {
  std::lock_guard lock(written_mutex_);
  auto found = written_.find(kube::UidOf(cached));
  if (found == written_.end()) return cached;
  auto cached_version = NumericVersion(cached);
  auto written_version = NumericVersion(found->second);
  if (cached_version && written_version && *written_version > *cached_version) return found->second;
  // The cache caught up (or versions are not comparable): it is the truth.
  written_.erase(found);
  return cached;
}

void Reconciler::Remember(const nlohmann::json& written) {
  std::lock_guard lock(written_mutex_);
  written_[kube::UidOf(written)] = written;
}

void Reconciler::Forget(const std::string& uid) {
  std::lock_guard lock(written_mutex_);
  written_.erase(uid);
}

std::chrono::milliseconds Reconciler::ResyncDelay(const Pass& pass) {
  double unit = 0;
  {
    std::lock_guard lock(random_mutex_);
    unit = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
  }
  return runtime::ResyncDelay(options_.requeue, pass.policies.resync, unit);
}

}  // namespace tk::runtime
