#include "services/kms/key_names.h"

#include <gtest/gtest.h>

#include <string>

namespace tk::services::kms {
namespace {

constexpr char kUuid[] = "1234abcd-12ab-34cd-56ef-1234567890ab";
constexpr char kMrk[] = "mrk-1234abcd12ab34cd56ef1234567890ab";

TEST(KeyNamesTest, KeyIdsAreUuidsOrMultiRegionIds) {
  EXPECT_TRUE(IsKeyId(kUuid));
  EXPECT_TRUE(IsKeyId("1234ABCD-12AB-34CD-56EF-1234567890AB"));
  EXPECT_TRUE(IsKeyId(kMrk));
  EXPECT_FALSE(IsKeyId(""));
  EXPECT_FALSE(IsKeyId("1234abcd-12ab-34cd-56ef-1234567890a"));    // one digit short
  EXPECT_FALSE(IsKeyId("1234abcd-12ab-34cd-56ef-1234567890abc"));  // one too many
  EXPECT_FALSE(IsKeyId("1234abcd_12ab-34cd-56ef-1234567890ab"));
  EXPECT_FALSE(IsKeyId("1234abcg-12ab-34cd-56ef-1234567890ab"));
  EXPECT_FALSE(IsKeyId("mrk-1234"));
  EXPECT_FALSE(IsKeyId("orders"));
}

TEST(KeyNamesTest, ParsesAKeyId) {
  Result<KeyName> name = ParseKeyName(kUuid);
  ASSERT_TRUE(name.ok()) << name.status().ToString();
  EXPECT_EQ(name->form, KeyNameForm::kKeyId);
  EXPECT_EQ(name->key_id, kUuid);
  EXPECT_FALSE(name->IsArn());
  EXPECT_FALSE(name->IsAlias());
  EXPECT_TRUE(name->region.empty());
}

TEST(KeyNamesTest, ParsesAKeyArnIntoItsParts) {
  const std::string arn = std::string("arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/") + kMrk;
  Result<KeyName> name = ParseKeyName(arn);
  ASSERT_TRUE(name.ok()) << name.status().ToString();
  EXPECT_EQ(name->form, KeyNameForm::kKeyArn);
  EXPECT_EQ(name->text, arn);
  EXPECT_EQ(name->partition, "aws-us-gov");
  EXPECT_EQ(name->region, "us-gov-west-1");
  EXPECT_EQ(name->account, "111122223333");
  EXPECT_EQ(name->key_id, kMrk);
  EXPECT_TRUE(name->alias_name.empty());
}

TEST(KeyNamesTest, ParsesAnAliasName) {
  Result<KeyName> name = ParseKeyName("alias/team/orders_v2-prod");
  ASSERT_TRUE(name.ok()) << name.status().ToString();
  EXPECT_EQ(name->form, KeyNameForm::kAliasName);
  EXPECT_EQ(name->alias_name, "alias/team/orders_v2-prod");
  EXPECT_TRUE(name->IsAlias());
  EXPECT_FALSE(name->IsArn());
}

TEST(KeyNamesTest, AwsManagedAliasesCanBeNamed) {
  Result<KeyName> name = ParseKeyName("alias/aws/dynamodb");
  ASSERT_TRUE(name.ok()) << name.status().ToString();
  EXPECT_EQ(name->form, KeyNameForm::kAliasName);
}

TEST(KeyNamesTest, ParsesAnAliasArnAndItsAliasName) {
  Result<KeyName> name = ParseKeyName("arn:aws:kms:eu-west-1:111122223333:alias/orders");
  ASSERT_TRUE(name.ok()) << name.status().ToString();
  EXPECT_EQ(name->form, KeyNameForm::kAliasArn);
  EXPECT_EQ(name->alias_name, "alias/orders");
  EXPECT_EQ(name->region, "eu-west-1");
  EXPECT_EQ(name->account, "111122223333");
  EXPECT_EQ(name->partition, "aws");
  EXPECT_TRUE(name->key_id.empty());
}

TEST(KeyNamesTest, RefusesWhatIsNoneOfTheFourFormsWithAMessageListingThem) {
  for (const char* text : {"", "orders", "alias/", "alias/has space", "key/1234",
                           "arn:aws:kms:us-east-1:111122223333:key/not-a-key-id",
                           "arn:aws:s3:us-east-1:111122223333:key/1234",
                           "arn:aws:kms:us-east-1:1111:alias/orders",
                           "arn:aws:kms::111122223333:alias/orders",
                           "arn:aws:kms:us-east-1:111122223333:grant/x",
                           "arn:other:kms:us-east-1:111122223333:alias/orders",
                           "arn:aws:kms:us-east-1:111122223333"}) {
    Result<KeyName> name = ParseKeyName(text);
    ASSERT_FALSE(name.ok()) << text;
    EXPECT_EQ(name.status().code(), Code::kInvalidArgument) << text;
    EXPECT_NE(name.status().message().find("alias name (alias/NAME)"), std::string::npos)
        << name.status().message();
  }
}

TEST(KeyNamesTest, AliasNamesLongerThan256CharactersAreRefused) {
  const std::string longest = "alias/" + std::string(250, 'a');
  EXPECT_TRUE(ParseKeyName(longest).ok());
  EXPECT_FALSE(ParseKeyName(longest + "a").ok());
}

TEST(KeyNamesTest, AliasNamesForCreateMustStartWithAliasAndNotBeReserved) {
  EXPECT_TRUE(ValidateAliasNameForCreate("alias/orders").ok());
  EXPECT_TRUE(ValidateAliasNameForCreate("alias/awsome").ok());

  Status no_prefix = ValidateAliasNameForCreate("orders");
  EXPECT_EQ(no_prefix.code(), Code::kInvalidArgument);
  EXPECT_NE(no_prefix.message().find("must start with alias/"), std::string::npos);

  Status reserved = ValidateAliasNameForCreate("alias/aws/orders");
  EXPECT_EQ(reserved.code(), Code::kInvalidArgument);
  EXPECT_NE(reserved.message().find("reserved"), std::string::npos);

  Status characters = ValidateAliasNameForCreate("alias/orders!");
  EXPECT_EQ(characters.code(), Code::kInvalidArgument);
  EXPECT_NE(characters.message().find("only letters"), std::string::npos);
}

TEST(KeyNamesTest, AliasArnForAKeyArnUsesItsPartitionAccountAndRegion) {
  EXPECT_EQ(AliasArnFor(std::string("arn:aws-cn:kms:cn-north-1:111122223333:key/") + kUuid,
                        "alias/orders"),
            "arn:aws-cn:kms:cn-north-1:111122223333:alias/orders");
  EXPECT_EQ(AliasArnFor("alias/other", "alias/orders"), "");
}

TEST(KeyNamesTest, FormNamesReadAsInMessages) {
  EXPECT_EQ(KeyNameFormName(KeyNameForm::kKeyId), "key id");
  EXPECT_EQ(KeyNameFormName(KeyNameForm::kAliasArn), "alias ARN");
}

}  // namespace
}  // namespace tk::services::kms
