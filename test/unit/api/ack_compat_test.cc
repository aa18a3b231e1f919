// Our CRDs accept every field of ACK's with the same type (DESIGN.md section
// 2): this test walks every field path of ACK's published CRDs
// (../shared/reference/ack-crds) and checks that the YAML we generate has the
// path, with the same type and format, an enum no narrower than ACK's, and no
// required field ACK does not require. Each difference is named by its path.
// Where our schema refuses values ACK's accepts (an enum, a length or count
// limit), the refusal must be on the reviewed list kDeliberateNarrowings.
// The CEL rules we add are tested in crd_definitions_test.cc and, on the real
// API server, in test/integration/test_crds.py.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/crd_yaml.h"
#include "api/crds.h"
#include "api_test_support.h"

namespace tk::api {
namespace {

std::string Scalar(const YAML::Node& node, const char* key) {
  return node[key] ? node[key].as<std::string>() : std::string();
}

std::set<std::string> StringSet(const YAML::Node& list) {
  std::set<std::string> out;
  if (list && list.IsSequence()) {
    for (const YAML::Node& item : list) out.insert(item.as<std::string>());
  }
  return out;
}

// Compares ACK's schema node `ack` with ours at `path`, recursing into
// properties and items, and appends one line per difference to `problems`.
void Compare(const YAML::Node& ack, const YAML::Node& ours, const std::string& path,
             std::vector<std::string>& problems) {
  if (!ours || !ours.IsMap()) {
    problems.push_back(path + ": missing");
    return;
  }
  const std::string ack_type = Scalar(ack, "type");
  const std::string our_type = Scalar(ours, "type");
  if (ack_type != our_type) {
    problems.push_back(path + ": type " + our_type + ", ACK has " + ack_type);
    return;
  }
  if (Scalar(ack, "format") != Scalar(ours, "format")) {
    problems.push_back(path + ": format '" + Scalar(ours, "format") + "', ACK has '" +
                       Scalar(ack, "format") + "'");
  }
  if (ack["x-kubernetes-preserve-unknown-fields"] &&
      !ours["x-kubernetes-preserve-unknown-fields"]) {
    problems.push_back(path + ": ACK preserves unknown fields here, we do not");
  }
  if (ours["enum"]) {
    const std::set<std::string> ack_enum = StringSet(ack["enum"]);
    const std::set<std::string> our_enum = StringSet(ours["enum"]);
    if (!ack_enum.empty()) {
      for (const std::string& value : ack_enum) {
        if (our_enum.count(value) == 0) {
          problems.push_back(path + ": enum lacks ACK's value " + value);
        }
      }
    }
  }
  const std::set<std::string> ack_required = StringSet(ack["required"]);
  for (const std::string& name : StringSet(ours["required"])) {
    if (ack_required.count(name) == 0) {
      problems.push_back(path + ": requires " + name + ", which ACK does not");
    }
  }
  if (ack["properties"]) {
    for (const auto& entry : ack["properties"]) {
      const std::string name = entry.first.as<std::string>();
      Compare(entry.second, ours["properties"] ? ours["properties"][name] : YAML::Node(),
              path + "." + name, problems);
    }
  }
  if (ack["items"]) Compare(ack["items"], ours["items"], path + "[]", problems);
  if (ack["additionalProperties"] && ack["additionalProperties"].IsMap()) {
    Compare(ack["additionalProperties"], ours["additionalProperties"], path + ".*", problems);
  }
}

// Constraints of ours at `path` and below that ACK's schema `ack` lacks, as
// "<path> <keyword>": each makes our CRD refuse values ACK's accepts.
void CollectNarrowings(const YAML::Node& ack, const YAML::Node& ours, const std::string& path,
                       std::vector<std::string>& out) {
  if (!ours || !ours.IsMap()) return;
  for (const char* keyword : {"enum", "pattern", "minLength", "maxLength", "minimum", "maximum",
                              "minItems", "maxItems"}) {
    if (ours[keyword] && !(ack && ack[keyword])) out.push_back(path + " " + keyword);
  }
  if (ours["properties"]) {
    for (const auto& entry : ours["properties"]) {
      const std::string name = entry.first.as<std::string>();
      const YAML::Node ack_child =
          ack && ack["properties"] ? ack["properties"][name] : YAML::Node();
      if (!ack_child) continue;  // a field of ours alone narrows nothing ACK accepts
      CollectNarrowings(ack_child, entry.second, path + "." + name, out);
    }
  }
  if (ours["items"] && ack && ack["items"]) {
    CollectNarrowings(ack["items"], ours["items"], path + "[]", out);
  }
}

YAML::Node OurCrd(const std::string& file_name) {
  for (const CustomResourceDefinition& crd : AllCrds()) {
    if (crd.FileName() == file_name) return YAML::Load(CrdYaml(crd));
  }
  return YAML::Node();
}

class AckCompatTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::filesystem::path path = testing::AckCrdDir() / GetParam();
    const std::string text = testing::ReadFile(path);
    ASSERT_FALSE(text.empty()) << "cannot read ACK's CRD " << path
                               << ": set TK_SHARED_DIR to the shared folder";
    ack_ = YAML::Load(text);
    ours_ = OurCrd(GetParam());
    ASSERT_TRUE(ours_) << "we generate no CRD named " << GetParam();
  }

  YAML::Node AckVersion() { return ack_["spec"]["versions"][0]; }
  YAML::Node OurVersion() { return ours_["spec"]["versions"][0]; }

  YAML::Node ack_;
  YAML::Node ours_;
};

TEST_P(AckCompatTest, NamesGroupScopeAndVersionMatch) {
  EXPECT_EQ(Scalar(ours_["metadata"], "name"), Scalar(ack_["metadata"], "name"));
  EXPECT_EQ(Scalar(ours_["spec"], "group"), Scalar(ack_["spec"], "group"));
  EXPECT_EQ(Scalar(ours_["spec"], "scope"), Scalar(ack_["spec"], "scope"));
  for (const char* key : {"kind", "listKind", "plural", "singular"}) {
    EXPECT_EQ(Scalar(ours_["spec"]["names"], key), Scalar(ack_["spec"]["names"], key)) << key;
  }
  ASSERT_EQ(ack_["spec"]["versions"].size(), 1u);
  ASSERT_EQ(ours_["spec"]["versions"].size(), 1u);
  EXPECT_EQ(Scalar(OurVersion(), "name"), Scalar(AckVersion(), "name"));
  EXPECT_EQ(Scalar(OurVersion(), "served"), Scalar(AckVersion(), "served"));
  EXPECT_EQ(Scalar(OurVersion(), "storage"), Scalar(AckVersion(), "storage"));
  EXPECT_EQ(static_cast<bool>(OurVersion()["subresources"]["status"]),
            static_cast<bool>(AckVersion()["subresources"]["status"]));
}

TEST_P(AckCompatTest, EveryAckFieldPathIsOursWithTheSameType) {
  std::vector<std::string> problems;
  Compare(AckVersion()["schema"]["openAPIV3Schema"], OurVersion()["schema"]["openAPIV3Schema"],
          "", problems);
  std::string listing;
  for (const std::string& problem : problems) listing += "\n  " + problem;
  EXPECT_TRUE(problems.empty()) << GetParam() << ": " << problems.size()
                                << " field paths differ from ACK's:" << listing;
}

// Where we refuse values ACK's schema accepts. Each is a value AWS refuses
// too (its API model's enums and limits), so no manifest that works with ACK
// is refused; the list keeps every such choice deliberate and reviewed.
const std::map<std::string, std::set<std::string>> kDeliberateNarrowings = {
    {"kms.services.k8s.aws_keys.yaml",
     {
         ".spec.customKeyStoreID maxLength",  // CustomKeyStoreIdType: at most 64
         ".spec.keySpec maxLength",           // enum values of at most 21 characters
         ".spec.keyUsage maxLength",
         ".spec.origin maxLength",
     }},
    {"kms.services.k8s.aws_aliases.yaml",
     {
         ".spec.name maxLength",  // AliasNameType: 1 to 256 characters
         ".spec.name pattern",    // AliasNameType's pattern
     }},
    {"dynamodb.services.k8s.aws_tables.yaml",
     {
         // DynamoDB's enums.
         ".spec.attributeDefinitions[].attributeType enum",
         ".spec.billingMode enum",
         ".spec.contributorInsights enum",
         ".spec.globalSecondaryIndexes[].keySchema[].keyType enum",
         ".spec.globalSecondaryIndexes[].projection.projectionType enum",
         ".spec.keySchema[].keyType enum",
         ".spec.localSecondaryIndexes[].keySchema[].keyType enum",
         ".spec.localSecondaryIndexes[].projection.projectionType enum",
         ".spec.sseSpecification.sseType enum",
         ".spec.streamSpecification.streamViewType enum",
         // DynamoDB's limits: names of at most 255 characters (table ARNs
         // 1024), keys of 1 or 2 attributes, 5 local indexes, 100 projected
         // attributes.
         ".spec.globalSecondaryIndexes[].indexName maxLength",
         ".spec.globalSecondaryIndexes[].keySchema maxItems",
         ".spec.globalSecondaryIndexes[].keySchema minItems",
         ".spec.globalSecondaryIndexes[].keySchema[].attributeName maxLength",
         ".spec.globalSecondaryIndexes[].projection.nonKeyAttributes maxItems",
         ".spec.globalSecondaryIndexes[].projection.nonKeyAttributes[] maxLength",
         ".spec.keySchema maxItems",
         ".spec.keySchema minItems",
         ".spec.keySchema[].attributeName maxLength",
         ".spec.localSecondaryIndexes maxItems",
         ".spec.localSecondaryIndexes[].indexName maxLength",
         ".spec.localSecondaryIndexes[].keySchema maxItems",
         ".spec.localSecondaryIndexes[].keySchema minItems",
         ".spec.localSecondaryIndexes[].keySchema[].attributeName maxLength",
         ".spec.localSecondaryIndexes[].projection.nonKeyAttributes maxItems",
         ".spec.localSecondaryIndexes[].projection.nonKeyAttributes[] maxLength",
         ".spec.tableName maxLength",
     }},
};

TEST_P(AckCompatTest, WeRefuseOnlyWhatIsListedAsDeliberate) {
  std::vector<std::string> found;
  CollectNarrowings(AckVersion()["schema"]["openAPIV3Schema"],
                    OurVersion()["schema"]["openAPIV3Schema"], "", found);
  const std::set<std::string> expected = kDeliberateNarrowings.at(GetParam());
  for (const std::string& narrowing : found) {
    EXPECT_EQ(expected.count(narrowing), 1u)
        << GetParam() << ": " << narrowing
        << " refuses values ACK's CRD accepts; if AWS refuses them too, add it to "
           "kDeliberateNarrowings with the reason";
  }
  for (const std::string& narrowing : expected) {
    EXPECT_NE(std::find(found.begin(), found.end(), narrowing), found.end())
        << GetParam() << ": " << narrowing << " is listed but no longer there: remove it";
  }
}

TEST_P(AckCompatTest, AckPrinterColumnsAreOurs) {
  for (const YAML::Node& column : AckVersion()["additionalPrinterColumns"]) {
    bool found = false;
    for (const YAML::Node& ours : OurVersion()["additionalPrinterColumns"]) {
      if (Scalar(ours, "name") == Scalar(column, "name")) {
        found = true;
        EXPECT_EQ(Scalar(ours, "jsonPath"), Scalar(column, "jsonPath")) << Scalar(column, "name");
        EXPECT_EQ(Scalar(ours, "type"), Scalar(column, "type")) << Scalar(column, "name");
      }
    }
    EXPECT_TRUE(found) << "printer column " << Scalar(column, "name") << " is missing";
  }
}

INSTANTIATE_TEST_SUITE_P(AckCrds, AckCompatTest,
                         ::testing::Values("kms.services.k8s.aws_keys.yaml",
                                           "kms.services.k8s.aws_aliases.yaml",
                                           "dynamodb.services.k8s.aws_tables.yaml"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param.substr(0, param.param.find(".yaml"));
                           std::replace_if(
                               name.begin(), name.end(),
                               [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
                               '_');
                           return name;
                         });

// The check itself: a schema missing a field, with another type, or with a
// narrower enum is caught and named.
TEST(AckCompareTest, NamesEachDifferenceByPath) {
  YAML::Node ack = YAML::Load(R"(
type: object
properties:
  spec:
    type: object
    properties:
      a: {type: string}
      b: {type: integer, format: int64}
      c: {type: string, enum: [X, Y]}
      d: {type: array, items: {type: object, properties: {e: {type: boolean}}}}
)");
  YAML::Node ours = YAML::Load(R"(
type: object
properties:
  spec:
    type: object
    required: [a]
    properties:
      b: {type: string}
      c: {type: string, enum: [X]}
      d: {type: array, items: {type: object}}
)");
  std::vector<std::string> problems;
  Compare(ack, ours, "", problems);
  EXPECT_EQ(problems, (std::vector<std::string>{
                          ".spec: requires a, which ACK does not",
                          ".spec.a: missing",
                          ".spec.b: type string, ACK has integer",
                          ".spec.c: enum lacks ACK's value Y",
                          ".spec.d[].e: missing",
                      }));
}

}  // namespace
}  // namespace tk::api
