// The Key and Alias managers against the AWS emulator (moto with our
// patches), driven directly, without Kubernetes: create, converge to an empty
// plan, change each managed field and converge in exactly the planned steps,
// adopt, retarget an alias, delete; and what happens behind our back (a key
// scheduled for deletion). Needs the environment of testenv/up.sh's env.sh.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "kms_test_world.h"
#include "services/kms/key_names.h"

namespace tk::services::kms::testing {
namespace {

using Writes = std::vector<std::string>;

std::map<std::string, std::string> TagMap(const std::vector<aws::kms::Tag>& tags) {
  std::map<std::string, std::string> map;
  for (const aws::kms::Tag& tag : tags) map[tag.tag_key] = tag.tag_value;
  return map;
}

class KmsManagersTest : public KmsWorld {
 protected:
  std::string KeyIdOf(const nlohmann::json& object) {
    return object["status"].value("keyID", std::string());
  }
  std::map<std::string, std::string> TagsOf(const std::string& key_id) {
    aws::AwsResult<std::vector<aws::kms::Tag>> tags = kms().ListResourceTags({key_id, {}, {}});
    EXPECT_TRUE(tags.ok()) << tags.status().ToString();
    return tags.ok() ? TagMap(*tags) : std::map<std::string, std::string>{};
  }
  bool RotationOf(const std::string& key_id) {
    auto rotation = kms().GetKeyRotationStatus(key_id);
    EXPECT_TRUE(rotation.ok()) << rotation.status().ToString();
    return rotation.ok() && rotation->key_rotation_enabled.value_or(false);
  }
  std::string KeyStateOf(const std::string& key_id) {
    auto key = kms().DescribeKey(key_id);
    EXPECT_TRUE(key.ok()) << key.status().ToString();
    return key.ok() ? key->key_state.value_or("") : "";
  }

  KeyResourceManager keys_{*pool_};
  KeyIdentityResolver resolver_{*pool_, {}};
  AliasResourceManager aliases_{*pool_, resolver_};
};

TEST_F(KmsManagersTest, KeyCreatesConvergesUpdatesEachFieldAndDeletes) {
  nlohmann::json key = NewObject("Key", {{"description", "tablekeeper managers key"},
                                         {"policy", RootPolicy("Root")},
                                         {"tags", {{{"tagKey", "team"}, {"tagValue", "storage"}}}},
                                         {"enableKeyRotation", true}});
  EXPECT_EQ(Converge(keys_, key), Writes{"Create"});
  const std::string key_id = KeyIdOf(key);
  ASSERT_TRUE(IsKeyId(key_id)) << key["status"].dump();
  EXPECT_EQ(key["status"]["ackResourceMetadata"]["arn"],
            fmt::format("arn:aws:kms:{}:{}:key/{}", kRegion, kAccount, key_id));
  EXPECT_EQ(key["status"]["ackResourceMetadata"]["ownerAccountID"], kAccount);
  EXPECT_EQ(key["status"]["keyState"], "Enabled");
  EXPECT_EQ(key["status"]["keyManager"], "CUSTOMER");
  EXPECT_TRUE(key["status"]["creationDate"].is_string());
  EXPECT_EQ(TagsOf(key_id), (std::map<std::string, std::string>{{"team", "storage"}}));
  EXPECT_TRUE(RotationOf(key_id));
  EXPECT_TRUE(PlanNow(keys_, key).Synced()) << "a converged key plans nothing";

  // The same policy written differently: still converged.
  key["spec"]["policy"] = nlohmann::json::parse(RootPolicy("Root")).dump(4);
  EXPECT_TRUE(PlanNow(keys_, key).Synced());

  // Each field, in the steps the plan names.
  key["spec"]["policy"] = RootPolicy("Changed");
  EXPECT_EQ(Converge(keys_, key), Writes{"PutKeyPolicy"});
  auto policy = kms().GetKeyPolicy(key_id);
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();
  EXPECT_EQ(nlohmann::json::parse(policy->policy.value_or("{}"))["Statement"][0]["Sid"], "Changed");

  key["spec"]["tags"] = {{{"tagKey", "team"}, {"tagValue", "payments"}},
                         {{"tagKey", "env"}, {"tagValue", "prod"}}};
  EXPECT_EQ(Converge(keys_, key), Writes{"TagResource"});
  key["spec"]["tags"] = {{{"tagKey", "env"}, {"tagValue", "prod"}}};
  EXPECT_EQ(Converge(keys_, key), Writes{"UntagResource"});
  EXPECT_EQ(TagsOf(key_id), (std::map<std::string, std::string>{{"env", "prod"}}));

  key["spec"]["enableKeyRotation"] = false;
  EXPECT_EQ(Converge(keys_, key), Writes{"DisableKeyRotation"});
  EXPECT_FALSE(RotationOf(key_id));

  // Several at once: one step each, in order.
  key["spec"]["policy"] = RootPolicy("Again");
  key["spec"]["tags"] = nlohmann::json::array();
  key["spec"]["enableKeyRotation"] = true;
  EXPECT_EQ(Converge(keys_, key), (Writes{"PutKeyPolicy", "UntagResource", "EnableKeyRotation"}));

  // The description is updatable (issue 5; ACK's CRD calls it immutable).
  key["spec"]["description"] = "another description";
  EXPECT_EQ(Converge(keys_, key), Writes{"UpdateKeyDescription"});

  // Unset fields are left alone.
  key["spec"] = {{"description", "another description"}};
  EXPECT_TRUE(PlanNow(keys_, key).Synced());

  // Delete: scheduled with the annotation's window; then it counts as gone.
  key["metadata"]["annotations"] = {{"kms.services.k8s.aws/pending-window-in-days", "9"}};
  runtime::DeleteOutcome deleted = DeleteNow(keys_, key);
  EXPECT_TRUE(deleted.gone);
  auto described = kms().DescribeKey(key_id);
  ASSERT_TRUE(described.ok()) << described.status().ToString();
  EXPECT_EQ(described->key_state, "PendingDeletion");
  ASSERT_TRUE(described->deletion_date.has_value());
  ASSERT_TRUE(described->creation_date.has_value());
  EXPECT_NEAR(*described->deletion_date - *described->creation_date, 9 * 86400.0, 3600.0);
  Result<runtime::Observation> after = keys_.Observe(RequestFor(key));
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_FALSE(after->exists);
  EXPECT_TRUE(DeleteNow(keys_, key).gone);
}

TEST_F(KmsManagersTest, AnInvalidWindowSchedulesNothing) {
  nlohmann::json key = NewObject("Key", {{"description", "tablekeeper window"}});
  ASSERT_EQ(Converge(keys_, key), Writes{"Create"});
  key["metadata"]["annotations"] = {{"kms.services.k8s.aws/pending-window-in-days", "31"}};
  MarkDeleted(key);
  const long long before = metrics_.Calls("kms", "ScheduleKeyDeletion");
  Result<runtime::Observation> observed = keys_.Observe(RequestFor(key));
  ASSERT_TRUE(observed.ok()) << observed.status().ToString();
  Result<runtime::DeleteOutcome> deleted = keys_.Delete(RequestFor(key), *observed);
  ASSERT_FALSE(deleted.ok());
  EXPECT_EQ(deleted.status().code(), Code::kInvalidArgument);
  EXPECT_NE(deleted.status().message().find("from 7 to 30"), std::string::npos);
  EXPECT_EQ(metrics_.Calls("kms", "ScheduleKeyDeletion"), before);
  EXPECT_EQ(KeyStateOf(KeyIdOf(key)), "Enabled");
}

TEST_F(KmsManagersTest, AKeyScheduledForDeletionBehindOurBackIsReportedAndNotWritten) {
  nlohmann::json key = NewObject("Key", {{"tags", nlohmann::json::array()}});
  ASSERT_EQ(Converge(keys_, key), Writes{"Create"});
  const std::string key_id = KeyIdOf(key);
  ASSERT_TRUE(kms().ScheduleKeyDeletion({key_id, 7}).ok());

  key["spec"]["tags"] = {{{"tagKey", "team"}, {"tagValue", "storage"}}};  // a change to make
  Result<runtime::Observation> observed = keys_.Observe(RequestFor(key));
  ASSERT_TRUE(observed.ok()) << observed.status().ToString();
  EXPECT_TRUE(observed->exists);
  EXPECT_EQ(observed->status["keyState"], "PendingDeletion");
  EXPECT_TRUE(observed->status["deletionDate"].is_string());
  Result<runtime::Plan> plan = keys_.PlanChanges(RequestFor(key), *observed);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_TRUE(plan->steps.empty());
  EXPECT_NE(plan->waiting_for.find("PendingDeletion"), std::string::npos) << plan->waiting_for;

  // Cancelled behind our back too: the key is Disabled, changes go on.
  ASSERT_TRUE(kms().CancelKeyDeletion(key_id).ok());
  EXPECT_EQ(Converge(keys_, key), Writes{"TagResource"});
  EXPECT_EQ(key["status"]["keyState"], "Disabled");
  EXPECT_TRUE(key["status"]["deletionDate"].is_null() || !key["status"].contains("deletionDate"))
      << "a cancelled deletion leaves no deletionDate: " << key["status"].dump();
  ASSERT_TRUE(kms().ScheduleKeyDeletion({key_id, 7}).ok());  // clean up
}

TEST_F(KmsManagersTest, AdoptionFillsTheSpecFromAwsAndThenPlansNothing) {
  aws::kms::KeyMetadata existing = NewKey("tablekeeper adopted");
  ASSERT_TRUE(kms().TagResource(existing.key_id, {{"team", "storage"}}).ok());
  nlohmann::json key = NewObject("Key", nlohmann::json::object());
  Result<runtime::Observation> observed =
      keys_.Observe(RequestFor(key, {{"keyID", existing.key_id}}));
  ASSERT_TRUE(observed.ok()) << observed.status().ToString();
  ASSERT_TRUE(observed->exists);
  EXPECT_EQ(observed->status["keyID"], existing.key_id);
  EXPECT_EQ(observed->spec["description"], "tablekeeper adopted");
  EXPECT_EQ(observed->spec["tags"],
            nlohmann::json::parse(R"([{"tagKey":"team","tagValue":"storage"}])"));
  EXPECT_EQ(observed->spec["enableKeyRotation"], false);
  EXPECT_TRUE(observed->spec["policy"].is_string());

  // The runtime fills the spec and writes the status; from then on: converged.
  key["spec"] = observed->spec;
  key["status"].merge_patch(observed->status);
  EXPECT_EQ(Converge(keys_, key), Writes{});
  EXPECT_TRUE(DeleteNow(keys_, key).gone);
}

TEST_F(KmsManagersTest, AliasCreatesConvergesRetargetsAndDeletes) {
  aws::kms::KeyMetadata first = NewKey("tablekeeper alias first");
  aws::kms::KeyMetadata second = NewKey("tablekeeper alias second");
  const std::string name = "alias/tk-" + Unique("managers");
  const std::string second_alias = "alias/tk-" + Unique("second");
  ASSERT_TRUE(kms().CreateAlias(second_alias, second.key_id).ok());

  nlohmann::json alias = NewObject("Alias", {{"name", name}, {"targetKeyID", first.key_id}});
  EXPECT_EQ(Converge(aliases_, alias), Writes{"Create"});
  EXPECT_EQ(alias["status"]["ackResourceMetadata"]["arn"],
            fmt::format("arn:aws:kms:{}:{}:{}", kRegion, kAccount, name));
  auto described = kms().DescribeKey(name);
  ASSERT_TRUE(described.ok()) << described.status().ToString();
  EXPECT_EQ(described->key_id, first.key_id);

  // The same key named by its ARN: converged.
  alias["spec"]["targetKeyID"] = *first.arn;
  EXPECT_TRUE(PlanNow(aliases_, alias).Synced());

  // Retarget, naming the new key by another alias; the resolver had the old
  // target cached and sees the new one at once.
  ASSERT_EQ(resolver_.KeyArnOf(kRegion, name).value(), *first.arn);
  alias["spec"]["targetKeyID"] = second_alias;
  EXPECT_EQ(Converge(aliases_, alias), Writes{"UpdateAlias"});
  described = kms().DescribeKey(name);
  ASSERT_TRUE(described.ok()) << described.status().ToString();
  EXPECT_EQ(described->key_id, second.key_id);
  EXPECT_EQ(resolver_.KeyArnOf(kRegion, name).value(), *second.arn);

  // Delete, then again: gone either way.
  EXPECT_TRUE(DeleteNow(aliases_, alias).gone);
  EXPECT_TRUE(kms().DescribeKey(name).IsError("NotFoundException"));
  EXPECT_EQ(resolver_.KeyArnOf(kRegion, name).status().code(), Code::kNotFound);
  EXPECT_TRUE(DeleteNow(aliases_, alias).gone);
}

TEST_F(KmsManagersTest, AliasNamesAwsReservesAreRefusedWithoutAWrite) {
  aws::kms::KeyMetadata key = NewKey("tablekeeper alias reserved");
  const long long before = metrics_.Calls("kms", "CreateAlias");
  for (const std::string& name : {std::string("alias/aws/tk-") + Unique("reserved"),
                                  std::string("tk-") + Unique("no-prefix")}) {
    nlohmann::json alias = NewObject("Alias", {{"name", name}, {"targetKeyID", key.key_id}});
    Result<runtime::Observation> created = aliases_.Create(RequestFor(alias));
    ASSERT_FALSE(created.ok()) << name;
    EXPECT_EQ(created.status().code(), Code::kInvalidArgument);
    EXPECT_NE(created.status().message().find("spec.name"), std::string::npos);
  }
  EXPECT_EQ(metrics_.Calls("kms", "CreateAlias"), before);
}

TEST_F(KmsManagersTest, AliasToAMissingKeyIsNotFoundNamingTheField) {
  nlohmann::json alias = NewObject("Alias", {{"name", "alias/tk-" + Unique("missing")},
                                             {"targetKeyID", "alias/tk-" + Unique("nothing")}});
  Result<runtime::Observation> created = aliases_.Create(RequestFor(alias));
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), Code::kNotFound);
  EXPECT_NE(created.status().message().find("spec.targetKeyID"), std::string::npos);
}

}  // namespace
}  // namespace tk::services::kms::testing
