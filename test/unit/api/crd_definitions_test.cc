// What our Key, Alias and Table CRDs add to ACK's: the CEL rules for
// immutable and exclusive fields, the alias name rules, and the bounds that
// keep the rules' cost low. The API server's verdict on the rules is tested
// in test/integration/test_crds.py.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "api/crds.h"

namespace tk::api {
namespace {

bool HasRule(const Schema& node, std::string_view rule) {
  return std::any_of(node.validations.begin(), node.validations.end(),
                     [&](const ValidationRule& r) { return r.rule == rule; });
}

const ValidationRule* FindRule(const Schema& node, std::string_view rule) {
  for (const ValidationRule& r : node.validations) {
    if (r.rule == rule) return &r;
  }
  return nullptr;
}

// `field` (below spec) is immutable once set, and, if `optional`, its parent
// forbids removing it; each message names the field's path.
void ExpectImmutable(const CustomResourceDefinition& crd, const std::string& field,
                     bool optional) {
  SCOPED_TRACE(crd.kind + " spec." + field);
  const Schema* node = crd.spec.Find(field);
  ASSERT_NE(node, nullptr);
  const ValidationRule* rule = FindRule(*node, "self == oldSelf");
  ASSERT_NE(rule, nullptr);
  EXPECT_NE(rule->message.find("spec." + field + " is immutable"), std::string::npos)
      << rule->message;
  const bool required = std::find(crd.spec.required.begin(), crd.spec.required.end(), field) !=
                        crd.spec.required.end();
  EXPECT_EQ(required, !optional);
  if (optional) {
    const ValidationRule* parent =
        FindRule(crd.spec, "!has(oldSelf." + field + ") || has(self." + field + ")");
    ASSERT_NE(parent, nullptr);
    EXPECT_NE(parent->message.find("spec." + field + " cannot be removed"), std::string::npos)
        << parent->message;
  }
}

TEST(KeyCrdTest, KeyMaterialChoicesAreImmutable) {
  CustomResourceDefinition key = KeyCrd();
  for (const char* field : {"keySpec", "keyUsage", "origin", "multiRegion", "customKeyStoreID"}) {
    ExpectImmutable(key, field, /*optional=*/true);
  }
}

// ACK fixes the description too; KMS can update it (UpdateKeyDescription), so
// we let it change.
TEST(KeyCrdTest, DescriptionAndPolicyStayUpdatable) {
  CustomResourceDefinition key = KeyCrd();
  EXPECT_TRUE(key.spec.Find("description")->validations.empty());
  EXPECT_TRUE(key.spec.Find("policy")->validations.empty());
  EXPECT_TRUE(key.spec.Find("enableKeyRotation")->validations.empty());
}

TEST(AliasCrdTest, NameIsImmutableAndMustBeACustomerAlias) {
  CustomResourceDefinition alias = AliasCrd();
  ExpectImmutable(alias, "name", /*optional=*/false);
  const Schema& name = *alias.spec.Find("name");
  const ValidationRule* prefix = FindRule(name, "self.startsWith('alias/') && self.size() > 6");
  ASSERT_NE(prefix, nullptr);
  EXPECT_NE(prefix->message.find("spec.name must be alias/"), std::string::npos);
  const ValidationRule* reserved = FindRule(name, "!self.startsWith('alias/aws/')");
  ASSERT_NE(reserved, nullptr);
  EXPECT_NE(reserved->message.find("alias/aws/"), std::string::npos);
  EXPECT_NE(reserved->message.find("choose another name"), std::string::npos);
  EXPECT_EQ(name.max_length, 256);
}

TEST(AliasCrdTest, TargetIsAKeyIdOrAReferenceNotBoth) {
  CustomResourceDefinition alias = AliasCrd();
  const ValidationRule* rule =
      FindRule(alias.spec, "!(has(self.targetKeyID) && has(self.targetKeyRef))");
  ASSERT_NE(rule, nullptr);
  EXPECT_NE(rule->message.find("targetKeyID or targetKeyRef, not both"), std::string::npos);
  EXPECT_NE(alias.spec.Find("targetKeyRef.from.name"), nullptr);
  EXPECT_NE(alias.spec.Find("targetKeyRef.from.namespace"), nullptr);
}

TEST(TableCrdTest, NameKeyAndLocalIndexesAreImmutable) {
  CustomResourceDefinition table = TableCrd();
  ExpectImmutable(table, "tableName", /*optional=*/false);
  ExpectImmutable(table, "keySchema", /*optional=*/false);
  ExpectImmutable(table, "localSecondaryIndexes", /*optional=*/true);
}

TEST(TableCrdTest, EncryptionKeyIsAnIdOrAReferenceNotBoth) {
  CustomResourceDefinition table = TableCrd();
  const Schema& sse = *table.spec.Find("sseSpecification");
  const ValidationRule* rule =
      FindRule(sse, "!(has(self.kmsMasterKeyID) && has(self.kmsMasterKeyRef))");
  ASSERT_NE(rule, nullptr);
  EXPECT_NE(rule->message.find("spec.sseSpecification: set kmsMasterKeyID or kmsMasterKeyRef"),
            std::string::npos);
}

TEST(AllCrdsTest, SpecCannotBeRemovedOnceSet) {
  for (const CustomResourceDefinition& crd : AllCrds()) {
    EXPECT_TRUE(HasRule(crd.ObjectSchema(), "!has(oldSelf.spec) || has(self.spec)")) << crd.kind;
  }
}

TEST(AllCrdsTest, AreWellFormedAndOrderedByFileName) {
  std::vector<std::string> files;
  for (const CustomResourceDefinition& crd : AllCrds()) {
    EXPECT_TRUE(CheckCrd(crd).ok()) << CheckCrd(crd).message();
    files.push_back(crd.FileName());
  }
  EXPECT_EQ(files, (std::vector<std::string>{"dynamodb.services.k8s.aws_tables.yaml",
                                             "kms.services.k8s.aws_aliases.yaml",
                                             "kms.services.k8s.aws_keys.yaml"}));
}

TEST(AllCrdsTest, ShowSyncedAndAgeInKubectlGet) {
  for (const CustomResourceDefinition& crd : AllCrds()) {
    std::vector<std::string> names;
    for (const PrinterColumn& column : crd.printer_columns) names.push_back(column.name);
    ASSERT_GE(names.size(), 2u) << crd.kind;
    EXPECT_EQ(names[names.size() - 2], "Synced") << crd.kind;
    EXPECT_EQ(names.back(), "Age") << crd.kind;
  }
}

// A rule comparing a value with its old self costs in proportion to the
// value's largest possible size; the API server refuses a CRD whose rules may
// cost too much. Every list and string under such a rule is bounded.
void ExpectBounded(const Schema& node, const std::string& path, std::vector<std::string>& out) {
  switch (node.type) {
    case SchemaType::kString:
      if (!node.max_length && node.enum_values.empty()) out.push_back(path + " (maxLength)");
      return;
    case SchemaType::kArray:
      if (!node.max_items) out.push_back(path + " (maxItems)");
      ExpectBounded(*node.items, path + "[]", out);
      return;
    case SchemaType::kObject:
      if (node.additional_properties) out.push_back(path + " (a map)");
      for (const Property& property : node.properties) {
        ExpectBounded(property.schema, path + "." + property.name, out);
      }
      return;
    case SchemaType::kInteger:
    case SchemaType::kBoolean:
      return;
  }
}

void CollectUnbounded(const Schema& node, const std::string& path,
                      std::vector<std::string>& out) {
  if (HasRule(node, "self == oldSelf")) ExpectBounded(node, path, out);
  if (node.items) CollectUnbounded(*node.items, path + "[]", out);
  for (const Property& property : node.properties) {
    CollectUnbounded(property.schema, path + "." + property.name, out);
  }
}

TEST(AllCrdsTest, ValuesComparedByTransitionRulesAreBounded) {
  for (const CustomResourceDefinition& crd : AllCrds()) {
    std::vector<std::string> unbounded;
    CollectUnbounded(crd.ObjectSchema(), "", unbounded);
    EXPECT_TRUE(unbounded.empty()) << crd.kind << ": unbounded under self == oldSelf: "
                                   << ::testing::PrintToString(unbounded);
  }
}

}  // namespace
}  // namespace tk::api
