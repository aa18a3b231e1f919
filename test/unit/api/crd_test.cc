#include "api/crd.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "api/crd_yaml.h"

namespace tk::api {
namespace {

CustomResourceDefinition Widget() {
  CustomResourceDefinition crd;
  crd.group = "example.tablekeeper.io";
  crd.kind = "Widget";
  crd.plural = "widgets";
  crd.singular = "widget";
  crd.short_names = {"wd"};
  crd.categories = {"tablekeeper"};
  crd.schema_version = 7;
  crd.description = "A widget.";
  crd.spec = Object({{"size", Integer()}, {"name", String()}}).Require({"name"});
  crd.status = Object({{"phase", String()}});
  crd.object_rules = {{"has(self.spec)", "spec is needed"}};
  crd.printer_columns = {{"PHASE", "string", ".status.phase", "The phase.", 0},
                         {"SIZE", "integer", ".spec.size", "", 1}};
  return crd;
}

TEST(CrdTest, NamesFollowKubernetesAndAck) {
  CustomResourceDefinition crd = Widget();
  EXPECT_EQ(crd.Name(), "widgets.example.tablekeeper.io");
  EXPECT_EQ(crd.ListKind(), "WidgetList");
  EXPECT_EQ(crd.FileName(), "example.tablekeeper.io_widgets.yaml");
}

TEST(CrdTest, ObjectSchemaHoldsTheStandardFieldsSpecStatusAndRules) {
  Schema root = Widget().ObjectSchema();
  for (const char* field : {"apiVersion", "kind", "metadata", "spec", "status"}) {
    EXPECT_NE(root.FindProperty(field), nullptr) << field;
  }
  EXPECT_TRUE(root.FindProperty("metadata")->properties.empty());
  EXPECT_EQ(root.description, "A widget.");
  ASSERT_EQ(root.validations.size(), 1u);
  EXPECT_EQ(root.validations[0].rule, "has(self.spec)");
}

TEST(CrdTest, CheckAcceptsAWellFormedCrd) { EXPECT_TRUE(CheckCrd(Widget()).ok()); }

TEST(CrdTest, CheckRefusesARequiredNameThatIsNoProperty) {
  CustomResourceDefinition crd = Widget();
  crd.spec = Object({{"size", Integer()}}).Require({"colour"});
  Status s = CheckCrd(crd);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(".spec"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("colour"), std::string::npos) << s.message();
}

TEST(CrdTest, CheckRefusesAnArrayWithoutItemsAndMisplacedKeywords) {
  CustomResourceDefinition crd = Widget();
  Schema list;
  list.type = SchemaType::kArray;
  crd.spec = Object({{"list", list}});
  EXPECT_NE(CheckCrd(crd).message().find(".spec.list"), std::string::npos);

  crd.spec = Object({{"size", Integer().MaxLength(3)}});
  EXPECT_NE(CheckCrd(crd).message().find("strings only"), std::string::npos);

  crd.spec = Object({{"name", String().MaxItems(3)}});
  EXPECT_NE(CheckCrd(crd).message().find("arrays only"), std::string::npos);

  crd.spec = Object({{"flag", Boolean().Minimum(0)}});
  EXPECT_NE(CheckCrd(crd).message().find("integers only"), std::string::npos);

  Schema map = Map(String());
  map.properties.push_back({"x", String()});
  crd.spec = Object({{"labels", map}});
  EXPECT_NE(CheckCrd(crd).message().find(".spec.labels"), std::string::npos);

  crd.spec = Object({{"a", String()}, {"a", Integer()}});
  EXPECT_NE(CheckCrd(crd).message().find("twice"), std::string::npos);
}

TEST(CrdTest, CheckRefusesARuleWithoutAMessageAndMissingNames) {
  CustomResourceDefinition crd = Widget();
  crd.spec = Object({{"name", String().Validate("self == oldSelf", "")}});
  EXPECT_NE(CheckCrd(crd).message().find(".spec.name"), std::string::npos);

  crd = Widget();
  crd.plural.clear();
  EXPECT_FALSE(CheckCrd(crd).ok());

  crd = Widget();
  crd.schema_version = 0;
  EXPECT_FALSE(CheckCrd(crd).ok());
}

TEST(CrdYamlTest, WritesTheCrdKubernetesExpects) {
  YAML::Node doc = YAML::Load(CrdYaml(Widget()));
  EXPECT_EQ(doc["apiVersion"].as<std::string>(), "apiextensions.k8s.io/v1");
  EXPECT_EQ(doc["kind"].as<std::string>(), "CustomResourceDefinition");
  EXPECT_EQ(doc["metadata"]["name"].as<std::string>(), "widgets.example.tablekeeper.io");
  EXPECT_EQ(doc["metadata"]["annotations"]["tablekeeper.io/schema-version"].as<std::string>(),
            "7");
  EXPECT_EQ(doc["spec"]["group"].as<std::string>(), "example.tablekeeper.io");
  EXPECT_EQ(doc["spec"]["scope"].as<std::string>(), "Namespaced");
  YAML::Node names = doc["spec"]["names"];
  EXPECT_EQ(names["kind"].as<std::string>(), "Widget");
  EXPECT_EQ(names["listKind"].as<std::string>(), "WidgetList");
  EXPECT_EQ(names["plural"].as<std::string>(), "widgets");
  EXPECT_EQ(names["singular"].as<std::string>(), "widget");
  EXPECT_EQ(names["shortNames"][0].as<std::string>(), "wd");
  EXPECT_EQ(names["categories"][0].as<std::string>(), "tablekeeper");

  ASSERT_EQ(doc["spec"]["versions"].size(), 1u);
  YAML::Node version = doc["spec"]["versions"][0];
  EXPECT_EQ(version["name"].as<std::string>(), "v1alpha1");
  EXPECT_TRUE(version["served"].as<bool>());
  EXPECT_TRUE(version["storage"].as<bool>());
  EXPECT_TRUE(version["subresources"]["status"].IsMap());
  EXPECT_EQ(version["subresources"]["status"].size(), 0u);
  YAML::Node schema = version["schema"]["openAPIV3Schema"];
  EXPECT_EQ(schema["type"].as<std::string>(), "object");
  EXPECT_EQ(schema["properties"]["spec"]["required"][0].as<std::string>(), "name");
  EXPECT_EQ(schema["x-kubernetes-validations"][0]["rule"].as<std::string>(), "has(self.spec)");

  YAML::Node columns = version["additionalPrinterColumns"];
  ASSERT_EQ(columns.size(), 2u);
  EXPECT_EQ(columns[0]["name"].as<std::string>(), "PHASE");
  EXPECT_EQ(columns[0]["jsonPath"].as<std::string>(), ".status.phase");
  EXPECT_FALSE(columns[0]["priority"]);
  EXPECT_EQ(columns[1]["priority"].as<int>(), 1);
  EXPECT_EQ(columns[1]["type"].as<std::string>(), "integer");
}

TEST(CrdYamlTest, QuotesTheSchemaVersionSoItStaysAString) {
  EXPECT_NE(CrdYaml(Widget()).find("tablekeeper.io/schema-version: \"7\""), std::string::npos);
}

TEST(CrdYamlTest, StreamHasAHeaderAndOneDocumentPerCrd) {
  CustomResourceDefinition other = Widget();
  other.plural = "gadgets";
  const std::string stream = CrdStreamYaml({Widget(), other});
  EXPECT_EQ(stream.rfind("# Generated by `tablekeeper crds`", 0), 0u);
  std::vector<YAML::Node> docs = YAML::LoadAll(stream);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0]["metadata"]["name"].as<std::string>(), "widgets.example.tablekeeper.io");
  EXPECT_EQ(docs[1]["metadata"]["name"].as<std::string>(), "gadgets.example.tablekeeper.io");
}

}  // namespace
}  // namespace tk::api
