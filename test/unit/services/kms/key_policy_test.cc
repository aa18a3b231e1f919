#include "services/kms/key_policy.h"

#include <gtest/gtest.h>

namespace tk::services::kms {
namespace {

constexpr char kPolicy[] = R"({
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
      kPolicy,
      R"({"Statement":[{"Resource":"*","Action":"kms:*","Effect":"Allow",)"
      R"("Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Sid":"Root"}],)"
      R"("Version":"2012-10-17"})"));
}

TEST(KeyPolicyTest, ASingleStatementObjectEqualsAOneItemList) {
  EXPECT_TRUE(SamePolicy(
      kPolicy,
      R"({"Version":"2012-10-17","Statement":{"Sid":"Root","Effect":"Allow",)"
      R"("Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}})"));
}

TEST(KeyPolicyTest, AStringEqualsAOneItemListWhereIamAllowsBoth) {
  EXPECT_TRUE(SamePolicy(
      kPolicy,
      R"({"Version":"2012-10-17","Statement":[{"Sid":"Root","Effect":"Allow",)"
      R"("Principal":{"AWS":["arn:aws:iam::111122223333:root"]},"Action":["kms:*"],)"
      R"("Resource":["*"]}]})"));
  EXPECT_TRUE(SamePolicy(
      R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt",)"
      R"("Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"111122223333"}}}]})",
      R"({"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt",)"
      R"("Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":["111122223333"]}}}]})"));
}

TEST(KeyPolicyTest, DifferentMeaningsDiffer) {
  // Another action.
  EXPECT_FALSE(SamePolicy(
      kPolicy,
      R"({"Version":"2012-10-17","Statement":[{"Sid":"Root","Effect":"Allow",)"
      R"("Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:Decrypt",)"
      R"("Resource":"*"}]})"));
  // A second statement.
  EXPECT_FALSE(SamePolicy(
      kPolicy,
      R"({"Version":"2012-10-17","Statement":[{"Sid":"Root","Effect":"Allow",)"
      R"("Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},)"
      R"({"Effect":"Deny","Principal":"*","Action":"kms:Decrypt","Resource":"*"}]})"));
  // Principal "*" is not the list ["*"] of the object form: left as written.
  EXPECT_FALSE(SamePolicy(R"({"Statement":[{"Principal":"*"}]})",
                          R"({"Statement":[{"Principal":["*"]}]})"));
}

TEST(KeyPolicyTest, TextThatIsNotAJsonObjectIsInvalidAndEqualsNothing) {
  Result<nlohmann::json> broken = CanonicalPolicy("{\"Version\": ");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().code(), Code::kInvalidArgument);
  EXPECT_NE(broken.status().message().find("not valid JSON"), std::string::npos);

  Result<nlohmann::json> list = CanonicalPolicy("[]");
  ASSERT_FALSE(list.ok());
  EXPECT_NE(list.status().message().find("not an object"), std::string::npos);

  EXPECT_FALSE(SamePolicy("{", "{"));
}

}  // namespace
}  // namespace tk::services::kms
