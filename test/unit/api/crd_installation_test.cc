// The CRD check at controller start, without a cluster: the schema walk and
// the decision on an installed CRD (the e2e test test_crd_lifecycle.py runs
// it against the API server).
#include "api/crd_installation.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "api/crds.h"

namespace tk::api {
namespace {

nlohmann::json Schema(const CustomResourceDefinition& crd) {
  return CrdJson(crd)["spec"]["versions"][0]["schema"]["openAPIV3Schema"];
}

TEST(CrdInstallationTest, CrdJsonKeepsTypesAndTheAnnotation) {
  const CustomResourceDefinition table = TableCrd();
  nlohmann::json crd = CrdJson(table);
  EXPECT_EQ(crd["metadata"]["name"], table.Name());
  EXPECT_EQ(crd["metadata"]["annotations"][std::string(kSchemaVersionAnnotation)],
            std::to_string(table.schema_version));
  EXPECT_EQ(crd["spec"]["versions"][0]["served"], true);
  EXPECT_TRUE(Schema(table)["properties"]["spec"]["properties"].contains("tableName"));
}

TEST(CrdInstallationTest, SameSchemaLacksNothing) {
  const nlohmann::json schema = Schema(TableCrd());
  EXPECT_TRUE(SchemaFieldsMissing(schema, schema).empty());
}

TEST(CrdInstallationTest, NamesTheTopMostMissingFieldsAndTypeChanges) {
  const nlohmann::json ours = Schema(TableCrd());
  nlohmann::json installed = ours;
  installed["properties"]["spec"]["properties"].erase("tableClass");
  installed["properties"]["spec"]["properties"].erase("sseSpecification");
  installed["properties"]["spec"]["properties"]["keySchema"]["items"]["properties"].erase("keyType");
  installed["properties"]["spec"]["properties"]["tableName"]["type"] = "integer";
  EXPECT_EQ(SchemaFieldsMissing(ours, installed),
            (std::vector<std::string>{"spec.keySchema[].keyType", "spec.sseSpecification", "spec.tableClass",
                                      "spec.tableName (type string, installed integer)"}));
}

TEST(CrdInstallationTest, RefusesAMissingCrd) {
  Status s = CompareInstalledCrd(KeyCrd(), std::nullopt);
  EXPECT_EQ(s.code(), Code::kFailedPrecondition);
  EXPECT_NE(s.message().find("keys.kms.services.k8s.aws is not installed"), std::string::npos) << s.message();
}

TEST(CrdInstallationTest, RefusesAnOlderCrdNamingVersionsAndFields) {
  const CustomResourceDefinition ours = TableCrd();
  nlohmann::json installed = CrdJson(ours);
  installed["metadata"]["annotations"][std::string(kSchemaVersionAnnotation)] = "0";
  installed["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["properties"].erase("tableClass");
  Status s = CompareInstalledCrd(ours, installed);
  EXPECT_EQ(s.code(), Code::kFailedPrecondition);
  EXPECT_NE(s.message().find(ours.Name()), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(fmt::format("required {}", ours.schema_version)), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("spec.tableClass"), std::string::npos) << s.message();
}

TEST(CrdInstallationTest, AcceptsACurrentOrNewerCrd) {
  const CustomResourceDefinition ours = AliasCrd();
  nlohmann::json installed = CrdJson(ours);
  EXPECT_TRUE(CompareInstalledCrd(ours, installed).ok());
  installed["metadata"]["annotations"][std::string(kSchemaVersionAnnotation)] =
      std::to_string(ours.schema_version + 1);
  EXPECT_TRUE(CompareInstalledCrd(ours, installed).ok());
  installed["metadata"]["annotations"].erase(std::string(kSchemaVersionAnnotation));
  EXPECT_FALSE(CompareInstalledCrd(ours, installed).ok());
}

TEST(CrdInstallationTest, ParsesThePolicy) {
  EXPECT_EQ(*ParseCrdPolicy("apply"), CrdPolicy::kApply);
  EXPECT_FALSE(ParseCrdPolicy("upgrade").ok());
}

}  // namespace
}  // namespace tk::api
