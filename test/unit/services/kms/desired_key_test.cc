#include "services/kms/desired_key.h"

#include <gtest/gtest.h>

#include <string>

namespace tk::services::kms {
namespace {

nlohmann::json KeyObject(nlohmann::json spec) {
  return {{"apiVersion", "kms.services.k8s.aws/v1alpha1"},
          {"kind", "Key"},
          {"metadata", {{"name", "orders"}, {"namespace", "shop"}}},
          {"spec", std::move(spec)}};
}

nlohmann::json WithWindow(nlohmann::json annotation) {
  nlohmann::json object = KeyObject(nlohmann::json::object());
  object["metadata"]["annotations"] = {{"kms.services.k8s.aws/pending-window-in-days", annotation}};
  return object;
}

TEST(DesiredKeyTest, ReadsEveryAckSpecField) {
  Result<DesiredKey> key = DesiredKeyOf(KeyObject({
      {"description", "orders"},
      {"keySpec", "SYMMETRIC_DEFAULT"},
      {"keyUsage", "ENCRYPT_DECRYPT"},
      {"origin", "AWS_KMS"},
      {"multiRegion", false},
      {"customKeyStoreID", "cks-1"},
      {"policy", "{}"},
      {"bypassPolicyLockoutSafetyCheck", true},
      {"enableKeyRotation", true},
      {"tags", {{{"tagKey", "team"}, {"tagValue", "storage"}}, {{"tagKey", "empty"}}}},
  }));
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->description, "orders");
  EXPECT_EQ(key->key_spec, "SYMMETRIC_DEFAULT");
  EXPECT_EQ(key->key_usage, "ENCRYPT_DECRYPT");
  EXPECT_EQ(key->origin, "AWS_KMS");
  EXPECT_EQ(key->multi_region, false);
  EXPECT_EQ(key->custom_key_store_id, "cks-1");
  EXPECT_EQ(key->policy, "{}");
  EXPECT_EQ(key->bypass_policy_lockout_safety_check, true);
  EXPECT_EQ(key->enable_key_rotation, true);
  EXPECT_EQ(key->tags, (std::map<std::string, std::string>{{"team", "storage"}, {"empty", ""}}));
}

TEST(DesiredKeyTest, UnsetFieldsStayUnset) {
  Result<DesiredKey> key = DesiredKeyOf(KeyObject({{"description", nullptr}}));
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_FALSE(key->description);
  EXPECT_FALSE(key->tags);
  EXPECT_FALSE(key->enable_key_rotation);

  nlohmann::json no_spec = KeyObject({});
  no_spec.erase("spec");
  EXPECT_TRUE(DesiredKeyOf(no_spec).ok());
}

TEST(DesiredKeyTest, WrongTypesNameTheField) {
  Result<DesiredKey> key = DesiredKeyOf(KeyObject({{"enableKeyRotation", "yes"}}));
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), Code::kInvalidArgument);
  EXPECT_NE(key.status().message().find("spec.enableKeyRotation: expected true or false"),
            std::string::npos)
      << key.status().message();
}

TEST(DesiredKeyTest, TagsNeedAKeyAndNoDuplicates) {
  Result<DesiredKey> missing = DesiredKeyOf(KeyObject({{"tags", {{{"tagValue", "x"}}}}}));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("spec.tags[0].tagKey"), std::string::npos);

  Result<DesiredKey> twice = DesiredKeyOf(KeyObject(
      {{"tags", {{{"tagKey", "a"}, {"tagValue", "1"}}, {{"tagKey", "a"}, {"tagValue", "2"}}}}}));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().code(), Code::kInvalidArgument);
  EXPECT_NE(twice.status().message().find("spec.tags[1].tagKey: \"a\" appears twice"),
            std::string::npos)
      << twice.status().message();

  Result<DesiredKey> not_list = DesiredKeyOf(KeyObject({{"tags", "team=storage"}}));
  ASSERT_FALSE(not_list.ok());
  EXPECT_NE(not_list.status().message().find("spec.tags"), std::string::npos);
}

TEST(DesiredKeyTest, APolicyMustBeAJsonObject) {
  for (const char* policy : {"{\"Version\": ", "[]", "Allow everything"}) {
    Result<DesiredKey> key = DesiredKeyOf(KeyObject({{"policy", policy}}));
    ASSERT_FALSE(key.ok()) << policy;
    EXPECT_EQ(key.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(key.status().message().rfind("spec.policy: ", 0), 0u) << key.status().message();
  }
}

TEST(DesiredKeyTest, PendingWindowDefaultsToSevenDays) {
  EXPECT_EQ(PendingWindowInDaysOf(KeyObject({})).value(), 7);
}

TEST(DesiredKeyTest, PendingWindowFromTheAnnotation) {
  EXPECT_EQ(PendingWindowInDaysOf(WithWindow("7")).value(), 7);
  EXPECT_EQ(PendingWindowInDaysOf(WithWindow("30")).value(), 30);
  EXPECT_EQ(PendingWindowInDaysOf(WithWindow("12")).value(), 12);
}

TEST(DesiredKeyTest, PendingWindowOutsideSevenToThirtyIsRefusedNamingTheAnnotation) {
  for (const char* value : {"6", "31", "0", "-7", "7.5", " 7", "seven", ""}) {
    Result<int> window = PendingWindowInDaysOf(WithWindow(value));
    ASSERT_FALSE(window.ok()) << value;
    EXPECT_EQ(window.status().code(), Code::kInvalidArgument);
    EXPECT_NE(window.status().message().find("kms.services.k8s.aws/pending-window-in-days"),
              std::string::npos);
    EXPECT_NE(window.status().message().find("from 7 to 30"), std::string::npos)
        << window.status().message();
  }
  EXPECT_FALSE(PendingWindowInDaysOf(WithWindow(7)).ok());  // annotations are strings
}

TEST(DesiredKeyTest, TagListIsOrderedByKey) {
  EXPECT_EQ(TagListJson({{"b", "2"}, {"a", "1"}}),
            nlohmann::json::parse(
                R"([{"tagKey":"a","tagValue":"1"},{"tagKey":"b","tagValue":"2"}])"));
}

}  // namespace
}  // namespace tk::services::kms
