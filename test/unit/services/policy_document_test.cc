// ParsePolicy, CanonicalPolicy and SamePolicy: IAM policy documents compare by
// meaning, not by text. ResourcePolicyTest holds the cases written for
// DynamoDB resource policies, KeyPolicyTest those written for KMS key
// policies; both kinds now share one set of rules.
#include "services/policy_document.h"

#include <gtest/gtest.h>

#include <string>

namespace tk::services {
namespace {

// ---- DynamoDB resource policies -------------------------------------------

constexpr const char* kResourcePolicy = R"({
  "Version": "2012-10-17",
  "Statement": {
    "Sid": "readers",
    "Effect": "Allow",
    "Principal": {"AWS": "111122223333"},
    "Action": ["dynamodb:Query", "dynamodb:GetItem"],
    "Resource": "*",
    "Condition": {"StringEquals": {"aws:PrincipalTag/team": "shop"}}
  }
})";

TEST(ResourcePolicyTest, WhitespaceAndMemberOrderDoNotMatter) {
  EXPECT_TRUE(SamePolicy(kResourcePolicy,
                         R"({"Statement":{"Resource":"*","Effect":"Allow","Sid":"readers",
                             "Condition":{"StringEquals":{"aws:PrincipalTag/team":"shop"}},
                             "Action":["dynamodb:Query","dynamodb:GetItem"],
                             "Principal":{"AWS":"111122223333"}},"Version":"2012-10-17"})"));
}

TEST(ResourcePolicyTest, AwsReformattingIsTheSamePolicy) {
  // One statement as a list, single values as lists, actions reordered, the
  // account id as its root ARN.
  EXPECT_TRUE(SamePolicy(kResourcePolicy, R"({"Version":"2012-10-17","Statement":[{"Sid":"readers",
      "Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root"]},
      "Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":["*"],
      "Condition":{"StringEquals":{"aws:PrincipalTag/team":["shop"]}}}]})"));
}

TEST(ResourcePolicyTest, StatementOrderDoesNotMatter) {
  EXPECT_TRUE(SamePolicy(R"({"Statement":[{"Sid":"a","Effect":"Allow"},{"Sid":"b","Effect":"Deny"}]})",
                         R"({"Statement":[{"Sid":"b","Effect":"Deny"},{"Sid":"a","Effect":"Allow"}]})"));
}

TEST(ResourcePolicyTest, RealChangesAreDifferent) {
  EXPECT_FALSE(SamePolicy(kResourcePolicy, R"({"Version":"2012-10-17","Statement":{"Sid":"readers",
      "Effect":"Deny","Principal":{"AWS":"111122223333"},"Action":["dynamodb:Query","dynamodb:GetItem"],
      "Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"shop"}}}})"));
  EXPECT_FALSE(SamePolicy(kResourcePolicy, R"({"Version":"2012-10-17","Statement":{"Sid":"readers",
      "Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"dynamodb:Query",
      "Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"shop"}}}})"));
}

TEST(ResourcePolicyTest, TextThatIsNotJsonEqualsNothing) {
  // The DynamoDB rules compared such texts as text, so "{oops" equalled
  // itself. Now a text that does not parse equals nothing, itself included:
  // a broken policy is never taken as converged.
  EXPECT_FALSE(SamePolicy("{oops", "{oops"));
  EXPECT_FALSE(SamePolicy("{oops", kResourcePolicy));
  EXPECT_FALSE(SamePolicy(kResourcePolicy, "{oops"));
}

// ---- KMS key policies ------------------------------------------------------

constexpr char kKeyPolicy[] = R"({
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "Root",
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
    "Action": "kms:*",
    "Resource": "*"
  }]
})";

TEST(KeyPolicyTest, WhitespaceAndMemberOrderDoNotMatter) {
  EXPECT_TRUE(SamePolicy(
      kKeyPolicy,
      R"({"Statement":[{"Resource":"*","Action":"kms:*","Effect":"Allow",)"
      R"("Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Sid":"Root"}],)"
      R"("Version":"2012-10-17"})"));
}

TEST(KeyPolicyTest, ASingleStatementObjectEqualsAOneItemList) {
  EXPECT_TRUE(SamePolicy(
      kKeyPolicy,
      R"({"Version":"2012-10-17","Statement":{"Sid":"Root","Effect":"Allow",)"
      R"("Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}})"));
}

TEST(KeyPolicyTest, AStringEqualsAOneItemListWhereIamAllowsBoth) {
  EXPECT_TRUE(SamePolicy(
      kKeyPolicy,
      R"({"Version":"2012-10-17","Statement":[{"Sid":"Root","Effect":"Allow",)"
      R"("Principal":{"AWS":["arn:aws:iam::111122223333:root"]},"Action":["kms:*"],)"
      R"("Resource":["*"]}]})"));
  EXPECT_TRUE(SamePolicy(
      R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt",)"
      R"("Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"111122223333"}}}]})",
      R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt",)"
      R"("Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":["111122223333"]}}}]})"));
}

TEST(KeyPolicyTest, ReorderedStatementsAndListsAreTheSamePolicy) {
  // The KMS rules kept list order and reported a reordering as a change (one
  // PutKeyPolicy). IAM gives the order of statements and of values no
  // meaning, so key policies now compare them as sets, like resource
  // policies; repeats do not matter either, and an account id equals its
  // root ARN.
  constexpr char kTwoStatements[] =
      R"({"Version":"2012-10-17","Statement":[)"
      R"({"Sid":"Root","Effect":"Allow","Principal":{"AWS":"111122223333"},)"
      R"("Action":"kms:*","Resource":"*"},)"
      R"({"Sid":"Use","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:role/a",)"
      R"("arn:aws:iam::444455556666:role/b"]},"Action":["kms:Encrypt","kms:Decrypt"],)"
      R"("Resource":"*"}]})";
  EXPECT_TRUE(SamePolicy(
      kTwoStatements,
      R"({"Version":"2012-10-17","Statement":[)"
      R"({"Sid":"Use","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:role/b",)"
      R"("arn:aws:iam::444455556666:role/a"]},"Action":["kms:Decrypt","kms:Encrypt","kms:Decrypt"],)"
      R"("Resource":"*"},)"
      R"({"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},)"
      R"("Action":"kms:*","Resource":"*"}]})"));
}

TEST(KeyPolicyTest, DifferentMeaningsDiffer) {
  // Another action.
  EXPECT_FALSE(SamePolicy(
      kKeyPolicy,
      R"({"Version":"2012-10-17","Statement":[{"Sid":"Root","Effect":"Allow",)"
      R"("Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:Decrypt",)"
      R"("Resource":"*"}]})"));
  // A second statement.
  EXPECT_FALSE(SamePolicy(
      kKeyPolicy,
      R"({"Version":"2012-10-17","Statement":[{"Sid":"Root","Effect":"Allow",)"
      R"("Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},)"
      R"({"Effect":"Deny","Principal":"*","Action":"kms:Decrypt","Resource":"*"}]})"));
  // Principal "*" is not the list ["*"] of the object form: left as written.
  EXPECT_FALSE(SamePolicy(R"({"Statement":[{"Principal":"*"}]})",
                          R"({"Statement":[{"Principal":["*"]}]})"));
}

TEST(KeyPolicyTest, TextThatIsNotAJsonObjectIsInvalidAndEqualsNothing) {
  Result<nlohmann::json> broken = ParsePolicy("{\"Version\": ");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().code(), Code::kInvalidArgument);
  EXPECT_NE(broken.status().message().find("not valid JSON"), std::string::npos);

  Result<nlohmann::json> list = ParsePolicy("[]");
  ASSERT_FALSE(list.ok());
  EXPECT_NE(list.status().message().find("not an object"), std::string::npos);

  EXPECT_FALSE(SamePolicy("{", "{"));
}

// ---- The functions themselves ----------------------------------------------

TEST(ParsePolicyTest, SaysWhereParsingStopped) {
  Result<nlohmann::json> broken = ParsePolicy(R"({"Version": "2012-10-17", "Statement": ])");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().code(), Code::kInvalidArgument);
  EXPECT_NE(broken.status().message().find("parsing stopped at byte 40"), std::string::npos)
      << broken.status().message();
  EXPECT_NE(broken.status().message().find("line 1, column 40"), std::string::npos)
      << broken.status().message();
}

TEST(ParsePolicyTest, GivesTheDocumentAsWritten) {
  Result<nlohmann::json> parsed = ParsePolicy(kResourcePolicy);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  // Parsed, not canonicalised: the statement is still one object, the
  // principal still an account id.
  EXPECT_TRUE((*parsed)["Statement"].is_object());
  EXPECT_EQ((*parsed)["Statement"]["Principal"]["AWS"], "111122223333");
}

TEST(ParsePolicyTest, OtherJsonValuesAreNoPolicy) {
  for (const char* text : {"\"policy\"", "42", "null", "true", "[{}]", ""}) {
    Result<nlohmann::json> parsed = ParsePolicy(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().code(), Code::kInvalidArgument) << text;
    EXPECT_FALSE(SamePolicy(text, text)) << text;
  }
}

TEST(CanonicalPolicyTest, IsTheFormSamePolicyCompares) {
  const nlohmann::json canonical = CanonicalPolicy(*ParsePolicy(kResourcePolicy));
  EXPECT_EQ(canonical, nlohmann::json::parse(R"({"Version":"2012-10-17","Statement":[{
      "Sid":"readers","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root"]},
      "Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":["*"],
      "Condition":{"StringEquals":{"aws:PrincipalTag/team":["shop"]}}}]})"));
  // Canonical twice is canonical once.
  EXPECT_EQ(CanonicalPolicy(canonical), canonical);
}

TEST(CanonicalPolicyTest, KeepsWhatIsNotPolicyShaped) {
  EXPECT_EQ(CanonicalPolicy(nlohmann::json::array({1, 2})), nlohmann::json::array({1, 2}));
  EXPECT_EQ(CanonicalPolicy(nlohmann::json::parse(R"({"Version":"2012-10-17"})")),
            nlohmann::json::parse(R"({"Version":"2012-10-17"})"));
  // Only Principal.AWS holds account ids; a 12-digit Service name is kept.
  EXPECT_EQ(CanonicalPolicy(nlohmann::json::parse(
                R"({"Statement":{"Principal":{"Service":"111122223333"}}})")),
            nlohmann::json::parse(R"({"Statement":[{"Principal":{"Service":["111122223333"]}}]})"));
}

}  // namespace
}  // namespace tk::services
