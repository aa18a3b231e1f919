#include "api/schema.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "api/crd_yaml.h"

namespace tk::api {
namespace {

TEST(SchemaTest, BuildersSetTypeAndFormat) {
  EXPECT_EQ(String().type, SchemaType::kString);
  EXPECT_EQ(Boolean().type, SchemaType::kBoolean);
  EXPECT_EQ(Integer().type, SchemaType::kInteger);
  EXPECT_EQ(Integer().format, "int64");
  EXPECT_EQ(DateTime().type, SchemaType::kString);
  EXPECT_EQ(DateTime().format, "date-time");
  Schema list = Array(String());
  EXPECT_EQ(list.type, SchemaType::kArray);
  ASSERT_NE(list.items, nullptr);
  EXPECT_EQ(list.items->type, SchemaType::kString);
  Schema map = Map(Integer());
  EXPECT_EQ(map.type, SchemaType::kObject);
  ASSERT_NE(map.additional_properties, nullptr);
  EXPECT_EQ(map.additional_properties->type, SchemaType::kInteger);
}

TEST(SchemaTest, ModifiersChainOnTemporaries) {
  Schema s = String()
                 .Describe("a name")
                 .Enum({"A", "B"})
                 .Pattern("^[A-Z]$")
                 .MinLength(1)
                 .MaxLength(2)
                 .Validate("self != 'C'", "never C");
  EXPECT_EQ(s.description, "a name");
  EXPECT_EQ(s.enum_values, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(s.pattern, "^[A-Z]$");
  EXPECT_EQ(s.min_length, 1);
  EXPECT_EQ(s.max_length, 2);
  ASSERT_EQ(s.validations.size(), 1u);
  EXPECT_EQ(s.validations[0].rule, "self != 'C'");
  EXPECT_EQ(s.validations[0].message, "never C");
}

TEST(SchemaTest, FindWalksPropertiesAndItems) {
  Schema root = Object({
      {"spec", Object({
                   {"keySchema", Array(Object({{"keyType", String().Describe("kt")}}))},
                   {"ref", Object({{"from", Object({{"name", String().Describe("n")}})}})},
               })},
  });
  ASSERT_NE(root.Find("spec.keySchema[].keyType"), nullptr);
  EXPECT_EQ(root.Find("spec.keySchema[].keyType")->description, "kt");
  ASSERT_NE(root.Find("spec.ref.from.name"), nullptr);
  EXPECT_EQ(root.Find("spec.ref.from.name")->description, "n");
  EXPECT_EQ(root.Find(""), &root);
  EXPECT_EQ(root.Find("spec.missing"), nullptr);
  EXPECT_EQ(root.Find("spec.ref[]"), nullptr);
}

TEST(SchemaYamlTest, WritesKeysInAlphabeticalOrderAndPropertiesSorted) {
  Schema s = Object({
                 {"zeta", Integer().Minimum(1).Maximum(9)},
                 {"alpha", Array(String().MaxLength(3)).MinItems(1).MaxItems(2)},
             })
                 .Require({"zeta", "alpha"})
                 .Describe("Root.")
                 .Validate("has(self.alpha)", "alpha is needed");
  EXPECT_EQ(SchemaYaml(s),
            "description: Root.\n"
            "properties:\n"
            "  alpha:\n"
            "    items:\n"
            "      maxLength: 3\n"
            "      type: string\n"
            "    maxItems: 2\n"
            "    minItems: 1\n"
            "    type: array\n"
            "  zeta:\n"
            "    format: int64\n"
            "    maximum: 9\n"
            "    minimum: 1\n"
            "    type: integer\n"
            "required:\n"
            "  - alpha\n"
            "  - zeta\n"
            "type: object\n"
            "x-kubernetes-validations:\n"
            "  - message: alpha is needed\n"
            "    rule: has(self.alpha)\n");
}

TEST(SchemaYamlTest, WritesMapsAndPreservedUnknownFields) {
  EXPECT_EQ(SchemaYaml(Map(String())),
            "additionalProperties:\n"
            "  type: string\n"
            "type: object\n");
  EXPECT_EQ(SchemaYaml(Object({}).PreserveUnknownFields()),
            "type: object\n"
            "x-kubernetes-preserve-unknown-fields: true\n");
}

// Kubernetes reads YAML 1.1, where N, y, on and off are booleans: an enum of
// DynamoDB attribute types must come out quoted to stay strings.
TEST(SchemaYamlTest, QuotesScalarsYamlWouldReadAsOtherTypes) {
  Schema s = String().Enum({"S", "N", "B", "on", "Off", "yes", "null", "1", "-2", ".5", "", "ok"});
  const std::string yaml = SchemaYaml(s);
  for (const char* quoted : {"\"N\"", "\"on\"", "\"Off\"", "\"yes\"", "\"null\"", "\"1\"",
                             "\"-2\"", "\".5\"", "\"\""}) {
    EXPECT_NE(yaml.find(quoted), std::string::npos) << quoted << " in\n" << yaml;
  }
  EXPECT_NE(yaml.find("- S\n"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("- ok\n"), std::string::npos) << yaml;

  // And a reader gets back exactly the strings written.
  YAML::Node node = YAML::Load(yaml);
  ASSERT_EQ(node["enum"].size(), s.enum_values.size());
  for (size_t i = 0; i < s.enum_values.size(); ++i) {
    EXPECT_EQ(node["enum"][i].as<std::string>(), s.enum_values[i]);
  }
}

TEST(SchemaYamlTest, CelRulesAndPatternsSurviveARoundTrip) {
  const std::string rule = "!(has(self.a) && has(self.b)) || self.c.startsWith('alias/')";
  const std::string message = "spec: set a or b, not both; e.g. a: \"x\" # not a comment";
  Schema s = String().Pattern("^[a-zA-Z0-9:/_-]+$").Validate(rule, message);
  YAML::Node node = YAML::Load(SchemaYaml(s));
  EXPECT_EQ(node["pattern"].as<std::string>(), "^[a-zA-Z0-9:/_-]+$");
  EXPECT_EQ(node["x-kubernetes-validations"][0]["rule"].as<std::string>(), rule);
  EXPECT_EQ(node["x-kubernetes-validations"][0]["message"].as<std::string>(), message);
}

TEST(SchemaYamlTest, IsDeterministic) {
  auto make = [] {
    return Object({{"b", String()}, {"a", Array(Boolean())}, {"c", Map(DateTime())}})
        .Require({"b", "a"});
  };
  EXPECT_EQ(SchemaYaml(make()), SchemaYaml(make()));
}

}  // namespace
}  // namespace tk::api
