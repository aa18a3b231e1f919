#include "services/dynamodb/table_resource_manager.h"

#include <fmt/format.h>

#include <utility>

#include "runtime/resource_policies.h"
#include "services/dynamodb/create_table_input.h"
#include "services/dynamodb/observed_table.h"
#include "services/dynamodb/table_spec.h"
#include "services/dynamodb/table_steps.h"
#include "services/dynamodb/update_planner.h"
#include "services/kms/key_reference.h"

namespace tk::services::dynamodb {
namespace {

using nlohmann::json;

constexpr const char* kKeyRefField = "spec.sseSpecification.kmsMasterKeyRef";

// The member at `path` of `object` when every step is an object member, or
// nullptr.
const json* Find(const json& object, std::initializer_list<std::string_view> path) {
  const json* node = &object;
  for (std::string_view name : path) {
    if (!node->is_object()) return nullptr;
    auto found = node->find(name);
    if (found == node->end() || found->is_null()) return nullptr;
    node = &*found;
  }
  return node;
}

std::string StringAt(const json& object, std::initializer_list<std::string_view> path) {
  const json* value = Find(object, path);
  return value != nullptr && value->is_string() ? value->get<std::string>() : "";
}

const json& SpecOfObject(const json& object) {
  static const json kEmpty = json::object();
  const json* spec = Find(object, {"spec"});
  return spec != nullptr ? *spec : kEmpty;
}

// spec.tableName, or adoption_fields.tableName when the spec has none.
Result<std::string> TableNameOf(const runtime::ReconcileRequest& request) {
  const json& spec = SpecOfObject(request.object);
  if (Find(spec, {"tableName"}) == nullptr && request.adoption_fields.is_object()) {
    const std::string adopted = StringAt(request.adoption_fields, {"tableName"});
    if (!adopted.empty()) return adopted;
  }
  return ParseTableName(spec);
}

// Whether the object asks to adopt a table it is not bound to yet: then
// Observe reads everything, for the spec adoption fills. Once bound
// (status.ackResourceMetadata.arn written), the annotations stay but the
// reads follow the spec again, so an adopted table's steady state is as
// cheap as any other's.
bool Adopting(const runtime::ReconcileRequest& request) {
  const bool asks = !request.adoption_fields.is_null() ||
                    runtime::AnnotationOf(request.object, runtime::kAdoptionPolicyAnnotation);
  return asks && StringAt(request.object, {"status", "ackResourceMetadata", "arn"}).empty();
}

Result<const ObservedTable*> ObservedOf(const runtime::Observation& observation) {
  const ObservedTable* observed = std::any_cast<ObservedTable>(&observation.details);
  if (observed == nullptr) {
    return Status(Code::kInternal, "Table: the observation was not made by the Table manager");
  }
  return observed;
}

runtime::Observation ObservationOf(ObservedTable observed) {
  runtime::Observation observation;
  observation.exists = true;
  observation.status = StatusOf(observed);
  observation.spec = SpecOf(observed);
  observation.busy = !BusyReason(observed.table).empty();
  observation.details = std::move(observed);
  return observation;
}

// Reads the separate APIs' settings the spec manages (all when adopting).
Status ReadSeparateSettings(aws::dynamodb::DynamoDbClient& client, const json& spec, bool all,
                            ObservedTable& observed) {
  const std::string name = observed.table.table_name.value_or("");
  const std::string arn = observed.table.table_arn.value_or("");
  const auto wanted = [&](std::string_view member) {
    return all || Find(spec, {member}) != nullptr;
  };
  if (wanted("timeToLive")) {
    auto ttl = client.DescribeTimeToLive(name);
    if (!ttl.ok()) return ttl.status().WithContext("reading spec.timeToLive");
    observed.time_to_live = std::move(ttl).value();
  }
  if (wanted("continuousBackups")) {
    auto backups = client.DescribeContinuousBackups(name);
    if (!backups.ok()) return backups.status().WithContext("reading spec.continuousBackups");
    observed.continuous_backups = std::move(backups).value();
  }
  if (wanted("contributorInsights")) {
    auto insights = client.DescribeContributorInsights(name);
    if (!insights.ok()) return insights.status().WithContext("reading spec.contributorInsights");
    observed.contributor_insights = std::move(insights).value();
  }
  if (wanted("tags") && !arn.empty()) {
    auto tags = client.ListTagsOfResource(arn);
    if (!tags.ok()) return tags.status().WithContext("reading spec.tags");
    observed.tags = std::move(tags).value();
  }
  if (wanted("resourcePolicy") && !arn.empty()) {
    auto policy = client.GetResourcePolicy(arn);
    if (policy.IsError("PolicyNotFoundException")) {
      observed.resource_policy = ObservedPolicy{};
    } else if (!policy.ok()) {
      return policy.status().WithContext("reading spec.resourcePolicy");
    } else {
      observed.resource_policy = ObservedPolicy{policy->policy};
    }
  }
  return OkStatus();
}

}  // namespace

const runtime::ResourceKind& TableKind() {
  static const runtime::ResourceKind kKind{"dynamodb.services.k8s.aws", "v1alpha1", "Table",
                                           "tables"};
  return kKind;
}

TableResourceManager::TableResourceManager(AwsClientPool& pool, kms::KeyIdentity& key_identity)
    : pool_(pool), key_identity_(key_identity) {}

const runtime::ResourceKind& TableResourceManager::kind() const { return TableKind(); }

std::vector<runtime::ObjectReferenceField> TableResourceManager::ReferencesOf(
    const nlohmann::json& object) const {
  const std::string name =
      StringAt(object, {"spec", "sseSpecification", "kmsMasterKeyRef", "from", "name"});
  if (name.empty()) return {};
  std::string namespace_name =
      StringAt(object, {"spec", "sseSpecification", "kmsMasterKeyRef", "from", "namespace"});
  if (namespace_name.empty()) namespace_name = StringAt(object, {"metadata", "namespace"});
  return {{kKeyRefField, std::string(kms::kKeyKind), namespace_name, name}};
}

Status TableResourceManager::ResolveReferences(nlohmann::json& object,
                                               const runtime::ReferenceLookup& lookup) const {
  const std::vector<runtime::ObjectReferenceField> references = ReferencesOf(object);
  if (references.empty()) return OkStatus();
  const runtime::ObjectReferenceField& reference = references.front();
  json& sse = object["spec"]["sseSpecification"];
  if (!StringAt(sse, {"kmsMasterKeyID"}).empty()) {
    return Status(Code::kInvalidArgument,
                  "spec.sseSpecification: kmsMasterKeyID and kmsMasterKeyRef are both set; name "
                  "the key one way: remove one of them");
  }
  Result<std::string> arn = kms::UsableKeyArn(lookup, reference.namespace_name, reference.name);
  if (!arn.ok()) return arn.status().WithContext(kKeyRefField);
  sse["kmsMasterKeyID"] = *arn;
  sse.erase("kmsMasterKeyRef");
  return OkStatus();
}

Result<runtime::Observation> TableResourceManager::Observe(const runtime::ReconcileRequest& request) {
  Result<std::string> name = TableNameOf(request);
  if (!name.ok()) return name.status();
  auto client = pool_.DynamoDb(request.region);
  if (!client.ok()) return client.status();
  auto described = (*client)->DescribeTable(*name);
  if (described.IsError("ResourceNotFoundException")) return runtime::Observation{};
  if (!described.ok()) return described.status();

  ObservedTable observed;
  observed.table = std::move(described).value();
  const bool adopting = Adopting(request);
  const bool deleting = Find(request.object, {"metadata", "deletionTimestamp"}) != nullptr;
  const bool settled = BusyReason(observed.table).empty();
  if (!deleting && (settled || adopting) &&
      observed.table.table_status != aws::dynamodb::table_status::kDeleting) {
    if (Status status =
            ReadSeparateSettings(**client, SpecOfObject(request.object), adopting, observed);
        !status.ok()) {
      return status;
    }
  }
  return ObservationOf(std::move(observed));
}

Result<runtime::Observation> TableResourceManager::Create(const runtime::ReconcileRequest& request) {
  Result<TableSpec> spec = ParseTableSpec(SpecOfObject(request.object));
  if (!spec.ok()) return spec.status();
  Result<aws::dynamodb::CreateTableInput> input = CreateTableInputOf(*spec);
  if (!input.ok()) return input.status();
  // A key named by alias may not exist yet (its Alias object is applied
  // with the table): wait for it, instead of a CreateTable that AWS refuses
  // and that would end Terminal.
  if (spec->encryption() == Encryption::kCustomerKey && spec->sse_specification->kms_master_key_id) {
    Result<std::string> arn = key_identity_.KeyArnOf(request.region, *spec->sse_specification->kms_master_key_id);
    if (!arn.ok() && arn.status().code() == Code::kNotFound) {
      return Status(Code::kFailedPrecondition,
                    fmt::format("spec.sseSpecification.kmsMasterKeyID: KMS has no key named {} in {} yet; "
                                "waiting for it (create the key or alias, or fix the name)",
                                *spec->sse_specification->kms_master_key_id, request.region));
    }
    if (!arn.ok()) return arn.status().WithContext("spec.sseSpecification.kmsMasterKeyID");
  }
  auto client = pool_.DynamoDb(request.region);
  if (!client.ok()) return client.status();
  auto created = (*client)->CreateTable(*input);
  if (created.IsError("ResourceInUseException")) {
    return Status(Code::kAlreadyExists,
                  fmt::format("spec.tableName: a table named {} exists already in {}; to take it "
                              "over, annotate the object with services.k8s.aws/adoption-policy: "
                              "adopt, or choose another tableName",
                              spec->table_name, request.region));
  }
  if (!created.ok()) return created.status();
  ObservedTable observed;
  observed.table = std::move(created).value();
  return ObservationOf(std::move(observed));
}

Result<runtime::Plan> TableResourceManager::PlanChanges(const runtime::ReconcileRequest& request,
                                                        const runtime::Observation& observation) {
  Result<TableSpec> spec = ParseTableSpec(SpecOfObject(request.object));
  if (!spec.ok()) return spec.status();
  Result<const ObservedTable*> observed = ObservedOf(observation);
  if (!observed.ok()) return observed.status();
  if (!BusyReason((*observed)->table).empty()) {
    return PlanTableUpdate(*spec, **observed, CanonicalKeys{});  // waits; no key needed
  }
  Result<KeyNames> names = KeysToCanonicalise(*spec, **observed);
  if (!names.ok()) return names.status();
  CanonicalKeys keys;
  if (names->sse_key) {
    Result<std::string> arn = key_identity_.KeyArnOf(request.region, *names->sse_key);
    if (!arn.ok()) {
      return arn.status().WithContext(spec->encryption() == Encryption::kAwsManagedKey
                                          ? "spec.sseSpecification (the AWS managed key)"
                                          : "spec.sseSpecification.kmsMasterKeyID");
    }
    keys.sse_key_arn = *arn;
  }
  for (const auto& [region, key_name] : names->replica_keys) {
    Result<std::string> arn = key_identity_.KeyArnOf(region, key_name);
    if (!arn.ok()) {
      return arn.status().WithContext(
          fmt::format("spec.tableReplicas (region {}).kmsMasterKeyID", region));
    }
    keys.replica_key_arns[region] = *arn;
  }
  return PlanTableUpdate(*spec, **observed, keys);
}

Result<nlohmann::json> TableResourceManager::Apply(const runtime::ReconcileRequest& request,
                                                   const runtime::Observation& observation,
                                                   const runtime::PlanStep& step) {
  (void)observation;
  auto client = pool_.DynamoDb(request.region);
  if (!client.ok()) return client.status();
  Result<StepOutcome> outcome = SendStep(**client, step);
  if (!outcome.ok()) {
    return outcome.status().WithContext(fmt::format("{} ({})", step.operation, step.description));
  }
  if (!outcome->table) return json::object();
  ObservedTable observed;
  observed.table = std::move(*outcome->table);
  return StatusOf(observed);
}

Result<runtime::DeleteOutcome> TableResourceManager::Delete(const runtime::ReconcileRequest& request,
                                                            const runtime::Observation& observation) {
  runtime::DeleteOutcome outcome;
  if (!observation.exists) {
    outcome.gone = true;
    return outcome;
  }
  Result<const ObservedTable*> observed = ObservedOf(observation);
  if (!observed.ok()) return observed.status();
  const aws::dynamodb::TableDescription& table = (*observed)->table;
  const std::string name = table.table_name.value_or("");
  const std::string status = table.table_status.value_or("");
  if (status == aws::dynamodb::table_status::kDeleting) {
    outcome.waiting_for = fmt::format("table {} is DELETING", name);
    return outcome;
  }
  auto client = pool_.DynamoDb(request.region);
  if (!client.ok()) return client.status();

  if (table.deletion_protection_enabled.value_or(false)) {
    const json* wanted = Find(SpecOfObject(request.object), {"deletionProtectionEnabled"});
    const bool spec_turns_it_off = wanted != nullptr && wanted->is_boolean() && !wanted->get<bool>();
    if (!spec_turns_it_off) {
      return Status(Code::kInvalidArgument,
                    fmt::format("table {} has deletion protection on, so it is not deleted. To "
                                "delete it, set spec.deletionProtectionEnabled: false (the "
                                "controller turns protection off, then deletes the table); to "
                                "keep the table and let the object go, annotate it with "
                                "services.k8s.aws/deletion-policy: retain",
                                name));
    }
    if (status != aws::dynamodb::table_status::kActive) {
      outcome.waiting_for = fmt::format("table {} is {}; its deletion protection is turned off "
                                        "once it is ACTIVE",
                                        name, status);
      return outcome;
    }
    aws::dynamodb::UpdateTableInput input;
    input.table_name = name;
    input.deletion_protection_enabled = false;
    auto updated = (*client)->UpdateTable(input);
    if (!updated.ok() && !updated.IsError("ResourceInUseException")) {
      return updated.status().WithContext("turning deletion protection off before deleting");
    }
    outcome.waiting_for =
        fmt::format("turning deletion protection of table {} off before deleting it", name);
    return outcome;
  }

  auto deleted = (*client)->DeleteTable(name);
  if (deleted.IsError("ResourceNotFoundException")) {
    outcome.gone = true;
    return outcome;
  }
  if (deleted.IsError("ResourceInUseException")) {
    outcome.waiting_for = fmt::format("table {} is {}; it is deleted once AWS allows it", name,
                                      status.empty() ? "busy" : status);
    return outcome;
  }
  if (!deleted.ok()) return deleted.status();
  outcome.waiting_for = fmt::format("table {} is {}", name,
                                    deleted->table_status.value_or(std::string("DELETING")));
  return outcome;
}

}  // namespace tk::services::dynamodb
