// Test support for the Table unit tests: a fake KeyIdentity over a fixed key
// directory, and FakeDynamoDbTable, a model of how AWS reports one table
// after CreateTable and after each plan step has settled. The model follows
// the AWS documentation of DescribeTable (key ARNs for KMSMasterKeyArn,
// HASH before RANGE, only key attributes kept, BillingModeSummary, zero
// provisioned throughput for on-demand tables, no SSEDescription for the
// AWS owned key); it is a scripted fake for unit tests only. The real
// exchanges are in test/integration/services/dynamodb_managers_test.cc.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/resource_manager.h"
#include "services/dynamodb/create_table_input.h"
#include "services/dynamodb/observed_table.h"
#include "services/dynamodb/table_spec.h"
#include "services/dynamodb/update_planner.h"
#include "services/kms/key_identity.h"

namespace tk::services::dynamodb::testing {

namespace ddb = aws::dynamodb;
using nlohmann::json;

inline constexpr const char* kAccount = "111122223333";
inline constexpr const char* kRegion = "us-east-1";
inline constexpr const char* kOrdersKeyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
inline constexpr const char* kOrdersKeyArn =
    "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
inline constexpr const char* kOrdersAlias = "alias/orders";
inline constexpr const char* kOrdersAliasArn = "arn:aws:kms:us-east-1:111122223333:alias/orders";
inline constexpr const char* kBillingKeyArn =
    "arn:aws:kms:us-east-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321";
inline constexpr const char* kManagedKeyArn =
    "arn:aws:kms:us-east-1:111122223333:key/aaaabbbb-cccc-dddd-eeee-ffff00001111";

// Answers the key directory above; counts calls. Unknown names: kNotFound.
class FakeKeyIdentity final : public kms::KeyIdentity {
 public:
  FakeKeyIdentity() {
    for (const char* name : {kOrdersKeyId, kOrdersKeyArn, kOrdersAlias, kOrdersAliasArn}) {
      arns_[name] = kOrdersKeyArn;
    }
    arns_["alias/billing"] = kBillingKeyArn;
    arns_[kBillingKeyArn] = kBillingKeyArn;
    arns_["alias/aws/dynamodb"] = kManagedKeyArn;
    arns_[kManagedKeyArn] = kManagedKeyArn;
  }

  Result<std::string> KeyArnOf(const std::string& region, const std::string& key_name) override {
    (void)region;
    ++calls_;
    auto found = arns_.find(key_name);
    if (found == arns_.end()) {
      return Status(Code::kNotFound, "key " + key_name + " not found in " + region);
    }
    return found->second;
  }
  void InvalidateAlias(const std::string&, const std::string&) override {}

  int calls() const { return calls_; }

 private:
  std::map<std::string, std::string> arns_;
  int calls_ = 0;
};

// The canonical keys a manager would hand the planner, from the fake.
inline CanonicalKeys CanonicalKeysFor(const TableSpec& spec, const ObservedTable& observed) {
  FakeKeyIdentity identity;
  CanonicalKeys keys;
  Result<KeyNames> names = KeysToCanonicalise(spec, observed);
  EXPECT_TRUE(names.ok()) << names.status().ToString();
  if (!names.ok()) return keys;
  if (names->sse_key) {
    Result<std::string> arn = identity.KeyArnOf(kRegion, *names->sse_key);
    EXPECT_TRUE(arn.ok()) << arn.status().ToString();
    if (arn.ok()) keys.sse_key_arn = *arn;
  }
  for (const auto& [region, name] : names->replica_keys) {
    Result<std::string> arn = identity.KeyArnOf(region, name);
    if (arn.ok()) keys.replica_key_arns[region] = *arn;
  }
  return keys;
}

inline TableSpec MustParse(const json& spec) {
  Result<TableSpec> parsed = ParseTableSpec(spec);
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  return parsed.ok() ? *parsed : TableSpec{};
}

// Plans `spec` against `observed` with canonical keys from the fake.
inline runtime::Plan PlanFor(const json& spec, const ObservedTable& observed) {
  const TableSpec parsed = MustParse(spec);
  Result<runtime::Plan> plan = PlanTableUpdate(parsed, observed, CanonicalKeysFor(parsed, observed));
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  return plan.ok() ? *plan : runtime::Plan{};
}

inline std::string Describe(const runtime::Plan& plan) {
  std::string text = "waiting_for: " + plan.waiting_for + "\n";
  for (const auto& step : plan.steps) {
    text += step.operation + " " + step.request.dump() + "  # " + step.description + "\n";
  }
  return text;
}

// One table as AWS reports it once each write has settled.
class FakeDynamoDbTable {
 public:
  // The table CreateTable makes of `input`, already ACTIVE, with every
  // separate setting read (TTL and PITR off, no tags but the input's, no
  // contributor insights, no policy but the input's).
  explicit FakeDynamoDbTable(const ddb::CreateTableInput& input) {
    ddb::TableDescription& table = observed_.table;
    table.table_name = input.table_name;
    table.table_arn = std::string("arn:aws:dynamodb:us-east-1:111122223333:table/") + input.table_name;
    table.table_id = "11111111-2222-3333-4444-555555555555";
    table.table_status = "ACTIVE";
    table.creation_date_time = 1714564800.0;
    table.item_count = 0;
    table.table_size_bytes = 0;
    table.key_schema = InAwsKeyOrder(input.key_schema);
    const std::string mode = input.billing_mode.value_or("PROVISIONED");
    SetBillingMode(mode);
    if (mode == "PROVISIONED") {
      table.provisioned_throughput = Described(input.provisioned_throughput.value_or(ddb::ProvisionedThroughput{}));
    }
    if (input.on_demand_throughput) table.on_demand_throughput = input.on_demand_throughput;
    definitions_ = input.attribute_definitions;
    for (const auto& index : input.global_secondary_indexes) {
      AddIndex(index.index_name, index.key_schema, index.projection, index.provisioned_throughput,
               index.on_demand_throughput);
    }
    for (const auto& index : input.local_secondary_indexes) {
      ddb::LocalSecondaryIndexDescription local;
      local.index_name = index.index_name;
      local.key_schema = InAwsKeyOrder(index.key_schema);
      local.projection = index.projection;
      table.local_secondary_indexes.push_back(local);
    }
    if (input.stream_specification && input.stream_specification->stream_enabled) {
      table.stream_specification = input.stream_specification;
      table.latest_stream_arn = *table.table_arn + "/stream/2024-05-01T12:00:00.000";
      table.latest_stream_label = "2024-05-01T12:00:00.000";
    }
    if (input.sse_specification) ApplySse(*input.sse_specification);
    if (input.table_class) SetTableClass(*input.table_class);
    table.deletion_protection_enabled = input.deletion_protection_enabled.value_or(false);
    observed_.tags = input.tags;
    observed_.time_to_live = ddb::TimeToLiveDescription{"DISABLED", std::nullopt};
    observed_.continuous_backups = ddb::ContinuousBackupsDescription{
        "ENABLED", ddb::PointInTimeRecoveryDescription{"DISABLED", std::nullopt, std::nullopt,
                                                       std::nullopt}};
    observed_.contributor_insights = ddb::DescribeContributorInsightsOutput{};
    observed_.contributor_insights->contributor_insights_status = "DISABLED";
    observed_.resource_policy = ObservedPolicy{input.resource_policy};
    RefreshDefinitions();
  }

  const ObservedTable& observed() const { return observed_; }
  ObservedTable& mutable_observed() { return observed_; }
  int writes() const { return writes_; }

  // Applies one step as AWS would, once settled.
  void Apply(const runtime::PlanStep& step) {
    ++writes_;
    const json& request = step.request;
    if (step.operation == "UpdateTable") {
      ApplyUpdateTable(request);
    } else if (step.operation == "UpdateTimeToLive") {
      const json& spec = request.at("TimeToLiveSpecification");
      const bool enabled = spec.at("Enabled").get<bool>();
      observed_.time_to_live = ddb::TimeToLiveDescription{
          enabled ? "ENABLED" : "DISABLED",
          enabled ? std::optional<std::string>(spec.at("AttributeName").get<std::string>())
                  : std::nullopt};
    } else if (step.operation == "UpdateContinuousBackups") {
      const bool enabled =
          request.at("PointInTimeRecoverySpecification").at("PointInTimeRecoveryEnabled").get<bool>();
      observed_.continuous_backups->point_in_time_recovery_description->point_in_time_recovery_status =
          enabled ? "ENABLED" : "DISABLED";
    } else if (step.operation == "UpdateContributorInsights") {
      observed_.contributor_insights->contributor_insights_status =
          request.at("ContributorInsightsAction") == "ENABLE" ? "ENABLED" : "DISABLED";
    } else if (step.operation == "TagResource") {
      for (const auto& tag : request.at("Tags")) {
        const std::string key = tag.at("Key");
        auto& tags = *observed_.tags;
        tags.erase(std::remove_if(tags.begin(), tags.end(), [&](const auto& t) { return t.key == key; }),
                   tags.end());
        tags.push_back({key, tag.at("Value").get<std::string>()});
      }
    } else if (step.operation == "UntagResource") {
      for (const std::string key : request.at("TagKeys")) {
        auto& tags = *observed_.tags;
        tags.erase(std::remove_if(tags.begin(), tags.end(), [&](const auto& t) { return t.key == key; }),
                   tags.end());
      }
    } else if (step.operation == "PutResourcePolicy") {
      // AWS stores the document in its own form: compact, members reordered.
      observed_.resource_policy->document = json::parse(request.at("Policy").get<std::string>()).dump();
    } else if (step.operation == "DeleteResourcePolicy") {
      observed_.resource_policy->document.reset();
    } else {
      ADD_FAILURE() << "unexpected operation " << step.operation;
    }
  }

 private:
  static ddb::ProvisionedThroughputDescription Described(const ddb::ProvisionedThroughput& throughput) {
    ddb::ProvisionedThroughputDescription description;
    description.read_capacity_units = throughput.read_capacity_units;
    description.write_capacity_units = throughput.write_capacity_units;
    description.number_of_decreases_today = 0;
    return description;
  }

  void SetBillingMode(const std::string& mode) {
    ddb::TableDescription& table = observed_.table;
    table.billing_mode_summary = ddb::BillingModeSummary{mode, std::nullopt};
    if (mode == "PAY_PER_REQUEST") {
      table.provisioned_throughput = Described({0, 0});
      for (auto& index : table.global_secondary_indexes) index.provisioned_throughput = Described({0, 0});
    }
  }

  void SetTableClass(const std::string& table_class) {
    observed_.table.table_class_summary = ddb::TableClassSummary{table_class, 1714564900.0};
  }

  void AddIndex(const std::string& name, const std::vector<ddb::KeySchemaElement>& keys,
                const ddb::Projection& projection,
                const std::optional<ddb::ProvisionedThroughput>& provisioned,
                const std::optional<ddb::OnDemandThroughput>& on_demand) {
    ddb::GlobalSecondaryIndexDescription index;
    index.index_name = name;
    index.key_schema = InAwsKeyOrder(keys);
    index.projection = projection;
    index.index_status = "ACTIVE";
    index.index_arn = *observed_.table.table_arn + "/index/" + name;
    index.provisioned_throughput = Described(provisioned.value_or(ddb::ProvisionedThroughput{}));
    index.on_demand_throughput = on_demand;
    index.item_count = 0;
    index.index_size_bytes = 0;
    observed_.table.global_secondary_indexes.push_back(index);
  }

  // AWS keeps the definitions of key attributes only.
  void RefreshDefinitions() {
    std::set<std::string> used;
    const auto use = [&](const std::vector<ddb::KeySchemaElement>& keys) {
      for (const auto& key : keys) used.insert(key.attribute_name);
    };
    use(observed_.table.key_schema);
    for (const auto& index : observed_.table.global_secondary_indexes) use(index.key_schema);
    for (const auto& index : observed_.table.local_secondary_indexes) use(index.key_schema);
    observed_.table.attribute_definitions.clear();
    for (const auto& definition : definitions_) {
      if (used.count(definition.attribute_name) != 0) {
        observed_.table.attribute_definitions.push_back(definition);
      }
    }
  }

  void ApplySse(const ddb::SSESpecification& sse) {
    const bool enabled = sse.enabled.value_or(sse.sse_type.has_value());
    if (!enabled) {
      observed_.table.sse_description.reset();
      return;
    }
    FakeKeyIdentity keys;
    Result<std::string> arn = keys.KeyArnOf(kRegion, sse.kms_master_key_id.value_or("alias/aws/dynamodb"));
    ASSERT_TRUE(arn.ok()) << arn.status().ToString();
    observed_.table.sse_description = ddb::SSEDescription{"ENABLED", "KMS", *arn, std::nullopt};
  }

  void ApplyUpdateTable(const json& request) {
    Result<ddb::UpdateTableInput> decoded = ddb::FromJson<ddb::UpdateTableInput>(request);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    const ddb::UpdateTableInput& input = *decoded;
    ddb::TableDescription& table = observed_.table;
    for (const auto& definition : input.attribute_definitions) {
      auto found = std::find_if(definitions_.begin(), definitions_.end(), [&](const auto& d) {
        return d.attribute_name == definition.attribute_name;
      });
      if (found == definitions_.end()) {
        definitions_.push_back(definition);
      } else {
        *found = definition;
      }
    }
    if (input.billing_mode) SetBillingMode(*input.billing_mode);
    if (input.provisioned_throughput) table.provisioned_throughput = Described(*input.provisioned_throughput);
    if (input.on_demand_throughput) table.on_demand_throughput = input.on_demand_throughput;
    int creates_or_deletes = 0;
    for (const auto& update : input.global_secondary_index_updates) {
      if (const auto* create = std::get_if<ddb::CreateGlobalSecondaryIndexAction>(&update.action)) {
        ++creates_or_deletes;
        AddIndex(create->index_name, create->key_schema, create->projection,
                 create->provisioned_throughput, create->on_demand_throughput);
      } else if (const auto* remove = std::get_if<ddb::DeleteGlobalSecondaryIndexAction>(&update.action)) {
        ++creates_or_deletes;
        auto& indexes = table.global_secondary_indexes;
        indexes.erase(std::remove_if(indexes.begin(), indexes.end(),
                                     [&](const auto& i) { return i.index_name == remove->index_name; }),
                      indexes.end());
      } else {
        const auto& change = std::get<ddb::UpdateGlobalSecondaryIndexAction>(update.action);
        for (auto& index : table.global_secondary_indexes) {
          if (index.index_name != change.index_name) continue;
          if (change.provisioned_throughput) index.provisioned_throughput = Described(*change.provisioned_throughput);
          if (change.on_demand_throughput) index.on_demand_throughput = change.on_demand_throughput;
        }
      }
    }
    EXPECT_LE(creates_or_deletes, 1) << "AWS allows one index create or delete per UpdateTable";
    if (input.stream_specification) {
      if (input.stream_specification->stream_enabled) {
        EXPECT_FALSE(table.stream_specification && table.stream_specification->stream_enabled)
            << "AWS refuses to enable an enabled stream";
        table.stream_specification = input.stream_specification;
        table.latest_stream_arn = *table.table_arn + "/stream/2024-05-02T12:00:00.000";
        table.latest_stream_label = "2024-05-02T12:00:00.000";
      } else {
        table.stream_specification = ddb::StreamSpecification{false, std::nullopt};
      }
    }
    if (input.sse_specification) ApplySse(*input.sse_specification);
    if (input.table_class) SetTableClass(*input.table_class);
    if (input.deletion_protection_enabled) table.deletion_protection_enabled = input.deletion_protection_enabled;
    RefreshDefinitions();
  }

  ObservedTable observed_;
  std::vector<ddb::AttributeDefinition> definitions_;  // what AWS was told
  int writes_ = 0;
};

// Creates the table of `spec` in the fake, then applies plan steps one at a
// time until the plan is empty; fails the test after `max_steps`. Answers
// the fake, converged.
inline FakeDynamoDbTable CreateAndConverge(const json& spec, int max_steps = 10) {
  const TableSpec parsed = MustParse(spec);
  Result<ddb::CreateTableInput> input = CreateTableInputOf(parsed);
  EXPECT_TRUE(input.ok()) << input.status().ToString();
  FakeDynamoDbTable table(input.ok() ? *input : ddb::CreateTableInput{});
  for (int i = 0; i <= max_steps; ++i) {
    runtime::Plan plan = PlanFor(spec, table.observed());
    if (plan.steps.empty()) return table;
    table.Apply(plan.steps.front());
  }
  ADD_FAILURE() << "no convergence after " << max_steps << " steps: "
                << Describe(PlanFor(spec, table.observed()));
  return table;
}

// Applies the plans of `spec` to `table` until empty; the steps taken.
inline std::vector<runtime::PlanStep> Converge(const json& spec, FakeDynamoDbTable& table,
                                               int max_steps = 10) {
  std::vector<runtime::PlanStep> taken;
  for (int i = 0; i <= max_steps; ++i) {
    runtime::Plan plan = PlanFor(spec, table.observed());
    if (plan.steps.empty()) {
      EXPECT_TRUE(plan.Synced()) << Describe(plan);
      return taken;
    }
    taken.push_back(plan.steps.front());
    table.Apply(plan.steps.front());
  }
  ADD_FAILURE() << "no convergence after " << max_steps << " steps: "
                << Describe(PlanFor(spec, table.observed()));
  return taken;
}

}  // namespace tk::services::dynamodb::testing
