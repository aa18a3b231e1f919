#include "runtime/resource_policies.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

namespace tk::runtime {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// A Table named orders with these annotations.
json Annotated(const json& annotations) {
  return {{"apiVersion", "dynamodb.services.k8s.aws/v1alpha1"},
          {"kind", "Table"},
          {"metadata", {{"name", "orders"}, {"namespace", "shop"}, {"annotations", annotations}}},
          {"spec", {{"tableName", "orders"}}}};
}

json WithOne(std::string_view name, const std::string& value) { return Annotated({{std::string(name), value}}); }

// Reads the policies of an object carrying only `name: value`.
Result<ResourcePolicies> ReadOne(std::string_view name, const std::string& value,
                                 DeletionPolicy default_deletion = DeletionPolicy::kDelete) {
  return ReadResourcePolicies(WithOne(name, value), default_deletion);
}

// Expects `value` of annotation `name` to be refused with a message that names
// the annotation, quotes the value and says what is allowed.
void ExpectRefused(std::string_view name, const std::string& value, const std::string& allowed) {
  SCOPED_TRACE(std::string(name) + ": \"" + value + "\"");
  const Result<ResourcePolicies> policies = ReadOne(name, value);
  ASSERT_FALSE(policies.ok());
  EXPECT_EQ(policies.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(policies.status().message(), HasSubstr(std::string(name)));
  EXPECT_THAT(policies.status().message(), HasSubstr("\"" + value + "\""));
  EXPECT_THAT(policies.status().message(), HasSubstr(allowed));
}

TEST(ReadResourcePoliciesTest, WithoutAnnotationsEverythingIsTheDefault) {
  for (const json& object : {Annotated(json::object()),
                             json{{"metadata", {{"name", "orders"}}}},
                             json::object()}) {
    const Result<ResourcePolicies> policies = ReadResourcePolicies(object, DeletionPolicy::kDelete);
    ASSERT_TRUE(policies.ok()) << policies.status().ToString();
    EXPECT_EQ(policies->deletion, DeletionPolicy::kDelete);
    EXPECT_EQ(policies->adoption, AdoptionPolicy::kNone);
    EXPECT_TRUE(policies->adoption_fields.is_null());
    EXPECT_FALSE(policies->read_only);
    EXPECT_FALSE(policies->resync.has_value());
  }
}

TEST(ReadResourcePoliciesTest, TheDeletionFlagAppliesWhenTheAnnotationIsAbsent) {
  const Result<ResourcePolicies> policies =
      ReadResourcePolicies(Annotated(json::object()), DeletionPolicy::kRetain);
  ASSERT_TRUE(policies.ok());
  EXPECT_EQ(policies->deletion, DeletionPolicy::kRetain);
}

TEST(ReadResourcePoliciesTest, TheDeletionAnnotationOverridesTheFlag) {
  auto retain = ReadOne(kDeletionPolicyAnnotation, "retain", DeletionPolicy::kDelete);
  ASSERT_TRUE(retain.ok());
  EXPECT_EQ(retain->deletion, DeletionPolicy::kRetain);
  auto remove = ReadOne(kDeletionPolicyAnnotation, "delete", DeletionPolicy::kRetain);
  ASSERT_TRUE(remove.ok());
  EXPECT_EQ(remove->deletion, DeletionPolicy::kDelete);
}

TEST(ReadResourcePoliciesTest, RefusesAnyOtherDeletionPolicy) {
  for (const char* value : {"Retain", "DELETE", "keep", "", " delete"}) {
    ExpectRefused(kDeletionPolicyAnnotation, value, "\"delete\" or \"retain\"");
  }
}

TEST(ParseDeletionPolicyTest, ParsesBothValuesAndNamesTheAnnotationOtherwise) {
  EXPECT_EQ(*ParseDeletionPolicy("delete"), DeletionPolicy::kDelete);
  EXPECT_EQ(*ParseDeletionPolicy("retain"), DeletionPolicy::kRetain);
  const Result<DeletionPolicy> bad = ParseDeletionPolicy("orphan");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(bad.status().message(),
            "annotation services.k8s.aws/deletion-policy: \"orphan\" is not valid; use \"delete\" or \"retain\"");
}

TEST(ReadResourcePoliciesTest, ReadsBothAdoptionPolicies) {
  auto adopt = ReadOne(kAdoptionPolicyAnnotation, "adopt");
  ASSERT_TRUE(adopt.ok());
  EXPECT_EQ(adopt->adoption, AdoptionPolicy::kAdopt);
  auto adopt_or_create = ReadOne(kAdoptionPolicyAnnotation, "adopt-or-create");
  ASSERT_TRUE(adopt_or_create.ok());
  EXPECT_EQ(adopt_or_create->adoption, AdoptionPolicy::kAdoptOrCreate);
}

TEST(ReadResourcePoliciesTest, RefusesAnyOtherAdoptionPolicy) {
  for (const char* value : {"Adopt", "adopt_or_create", "create", "true", ""}) {
    ExpectRefused(kAdoptionPolicyAnnotation, value, "\"adopt\" or \"adopt-or-create\"");
  }
}

TEST(ReadResourcePoliciesTest, ParsesAdoptionFieldsAsAJsonObject) {
  auto policies = ReadOne(kAdoptionFieldsAnnotation, R"({"tableName": "orders", "region": "eu-west-1"})");
  ASSERT_TRUE(policies.ok()) << policies.status().ToString();
  EXPECT_EQ(policies->adoption_fields, json({{"tableName", "orders"}, {"region", "eu-west-1"}}));

  auto empty = ReadOne(kAdoptionFieldsAnnotation, "{}");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->adoption_fields, json::object());
}

TEST(ReadResourcePoliciesTest, RefusesAdoptionFieldsThatAreNotAJsonObject) {
  for (const char* value : {"tableName=orders", R"(["orders"])", R"("orders")", "42", "null", "", R"({"a": )"}) {
    ExpectRefused(kAdoptionFieldsAnnotation, value, "a JSON object");
  }
}

TEST(ReadResourcePoliciesTest, ReadsReadOnly) {
  auto on = ReadOne(kReadOnlyAnnotation, "true");
  ASSERT_TRUE(on.ok());
  EXPECT_TRUE(on->read_only);
  auto off = ReadOne(kReadOnlyAnnotation, "false");
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->read_only);
}

TEST(ReadResourcePoliciesTest, RefusesAnyOtherReadOnlyValue) {
  for (const char* value : {"True", "yes", "1", "", "on"}) {
    ExpectRefused(kReadOnlyAnnotation, value, "\"true\" or \"false\"");
  }
}

TEST(ReadResourcePoliciesTest, ReadsTheResyncPeriodInSeconds) {
  auto policies = ReadOne(kResyncSecondsAnnotation, "60");
  ASSERT_TRUE(policies.ok());
  EXPECT_EQ(policies->resync, std::chrono::seconds(60));
  auto smallest = ReadOne(kResyncSecondsAnnotation, "1");
  ASSERT_TRUE(smallest.ok());
  EXPECT_EQ(smallest->resync, std::chrono::seconds(1));
}

TEST(ReadResourcePoliciesTest, RefusesAResyncPeriodThatIsNotAWholePositiveNumberOfSeconds) {
  for (const char* value : {"0", "-5", "+5", "1.5", "10s", "1m", " 5", "5 ", "", "ten", "99999999999999999999999"}) {
    ExpectRefused(kResyncSecondsAnnotation, value, "a whole number of seconds from 1 to 31622400");
  }
}

TEST(ReadResourcePoliciesTest, ReadsEveryAnnotationTogether) {
  const json object = Annotated({{"services.k8s.aws/deletion-policy", "retain"},
                                 {"services.k8s.aws/adoption-policy", "adopt-or-create"},
                                 {"services.k8s.aws/adoption-fields", R"({"tableName": "legacy"})"},
                                 {"services.k8s.aws/read-only", "true"},
                                 {"tablekeeper.io/resync-seconds", "300"},
                                 {"unrelated.example.com/note", "hello"}});
  const Result<ResourcePolicies> policies = ReadResourcePolicies(object, DeletionPolicy::kDelete);
  ASSERT_TRUE(policies.ok()) << policies.status().ToString();
  EXPECT_EQ(policies->deletion, DeletionPolicy::kRetain);
  EXPECT_EQ(policies->adoption, AdoptionPolicy::kAdoptOrCreate);
  EXPECT_EQ(policies->adoption_fields, json({{"tableName", "legacy"}}));
  EXPECT_TRUE(policies->read_only);
  EXPECT_EQ(policies->resync, std::chrono::seconds(300));
}

TEST(ReadResourcePoliciesTest, OneBadAnnotationAmongGoodOnesIsStillAnError) {
  const json object = Annotated({{"services.k8s.aws/deletion-policy", "retain"},
                                 {"services.k8s.aws/read-only", "maybe"}});
  const Result<ResourcePolicies> policies = ReadResourcePolicies(object, DeletionPolicy::kDelete);
  ASSERT_FALSE(policies.ok());
  EXPECT_THAT(policies.status().message(), HasSubstr("services.k8s.aws/read-only"));
}

TEST(AnnotationOfTest, ReturnsAStringAnnotationOnly) {
  const json object = Annotated({{"a", "x"}, {"number", 5}, {"empty", ""}});
  EXPECT_EQ(AnnotationOf(object, "a"), "x");
  EXPECT_EQ(AnnotationOf(object, "empty"), "");
  EXPECT_FALSE(AnnotationOf(object, "number").has_value());
  EXPECT_FALSE(AnnotationOf(object, "missing").has_value());
}

TEST(AnnotationOfTest, IsEmptyWithoutMetadataOrAnnotations) {
  EXPECT_FALSE(AnnotationOf(json::object(), "a").has_value());
  EXPECT_FALSE(AnnotationOf(json{{"metadata", "junk"}}, "a").has_value());
  EXPECT_FALSE(AnnotationOf(json{{"metadata", {{"name", "x"}}}}, "a").has_value());
  EXPECT_FALSE(AnnotationOf(json{{"metadata", {{"annotations", json::array()}}}}, "a").has_value());
}

// Region: status, then the object's annotation, then the namespace's, then the flag.
class ResolveRegionTest : public ::testing::Test {
 protected:
  json object_ = Annotated({{"services.k8s.aws/region", "eu-west-1"}});
  json namespace_ = {{"apiVersion", "v1"},
                     {"kind", "Namespace"},
                     {"metadata",
                      {{"name", "shop"}, {"annotations", {{"services.k8s.aws/default-region", "ap-south-1"}}}}}};
  const std::string flag_ = "us-east-1";
};

TEST_F(ResolveRegionTest, TheStatusWinsOnceTheResourceExists) {
  object_["status"] = {{"ackResourceMetadata", {{"region", "us-west-2"}, {"arn", "arn:aws:dynamodb:..."}}}};
  EXPECT_EQ(*ResolveRegion(object_, &namespace_, flag_), "us-west-2");
}

TEST_F(ResolveRegionTest, ThenTheObjectsAnnotation) {
  EXPECT_EQ(*ResolveRegion(object_, &namespace_, flag_), "eu-west-1");
  // A status without a region does not count.
  object_["status"] = {{"ackResourceMetadata", {{"arn", "arn:aws:dynamodb:..."}}}};
  EXPECT_EQ(*ResolveRegion(object_, &namespace_, flag_), "eu-west-1");
  object_["status"] = {{"ackResourceMetadata", {{"region", ""}}}};
  EXPECT_EQ(*ResolveRegion(object_, &namespace_, flag_), "eu-west-1");
}

TEST_F(ResolveRegionTest, ThenTheNamespacesDefaultRegion) {
  object_["metadata"].erase("annotations");
  EXPECT_EQ(*ResolveRegion(object_, &namespace_, flag_), "ap-south-1");
  // An empty annotation on the object counts as none.
  object_["metadata"]["annotations"] = {{"services.k8s.aws/region", ""}};
  EXPECT_EQ(*ResolveRegion(object_, &namespace_, flag_), "ap-south-1");
}

TEST_F(ResolveRegionTest, ThenTheFlag) {
  object_["metadata"].erase("annotations");
  EXPECT_EQ(*ResolveRegion(object_, nullptr, flag_), "us-east-1");
  namespace_["metadata"].erase("annotations");
  EXPECT_EQ(*ResolveRegion(object_, &namespace_, flag_), "us-east-1");
  namespace_["metadata"]["annotations"] = {{"services.k8s.aws/default-region", ""}};
  EXPECT_EQ(*ResolveRegion(object_, &namespace_, flag_), "us-east-1");
}

TEST_F(ResolveRegionTest, TheObjectsRegionAnnotationIsNotReadOnTheNamespace) {
  object_["metadata"].erase("annotations");
  namespace_["metadata"]["annotations"] = {{"services.k8s.aws/region", "ap-south-1"}};
  EXPECT_EQ(*ResolveRegion(object_, &namespace_, flag_), "us-east-1");
}

TEST_F(ResolveRegionTest, WithoutAnyRegionTheErrorSaysWhereToSetOne) {
  object_["metadata"].erase("annotations");
  namespace_["metadata"].erase("annotations");
  for (const json* namespace_object : {static_cast<const json*>(&namespace_), static_cast<const json*>(nullptr)}) {
    const Result<std::string> region = ResolveRegion(object_, namespace_object, "");
    ASSERT_FALSE(region.ok());
    EXPECT_EQ(region.status().code(), Code::kInvalidArgument);
    EXPECT_THAT(region.status().message(), HasSubstr("services.k8s.aws/region"));
    EXPECT_THAT(region.status().message(), HasSubstr("services.k8s.aws/default-region"));
    EXPECT_THAT(region.status().message(), HasSubstr("--aws-region"));
  }
}

}  // namespace
}  // namespace tk::runtime
