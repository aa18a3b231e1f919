#include "aws/shared_config_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tk::aws {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Key;
using ::testing::Not;
using ::testing::Pair;

SharedFile Parse(std::string_view text, SharedFileKind kind = SharedFileKind::kConfig) {
  Result<SharedFile> file = ParseSharedFile(text, kind, "/home/u/.aws/config");
  EXPECT_TRUE(file.ok()) << file.status().ToString();
  return file.ok() ? *file : SharedFile{};
}

Status ParseError(std::string_view text, SharedFileKind kind = SharedFileKind::kConfig) {
  Result<SharedFile> file = ParseSharedFile(text, kind, "/home/u/.aws/config");
  EXPECT_FALSE(file.ok());
  return file.ok() ? OkStatus() : file.status();
}

TEST(SharedConfigParserTest, ReadsProfileSectionsOfTheConfigFile) {
  const SharedFile file = Parse(
      "[default]\n"
      "region = us-east-1\n"
      "[profile dev]\n"
      "role_arn = arn:aws:iam::111122223333:role/dev\n"
      "source_profile = default\n");
  EXPECT_THAT(file.profiles, ElementsAre(Key("default"), Key("dev")));
  EXPECT_THAT(file.profiles.at("default").properties, ElementsAre(Pair("region", "us-east-1")));
  EXPECT_THAT(file.profiles.at("dev").properties,
              ElementsAre(Pair("role_arn", "arn:aws:iam::111122223333:role/dev"),
                          Pair("source_profile", "default")));
}

TEST(SharedConfigParserTest, TheConfigFileIgnoresSectionsWithoutTheProfilePrefix) {
  const SharedFile file = Parse(
      "[dev]\n"
      "region = eu-west-1\n"
      "[sso-session corp]\n"
      "sso_region = us-east-1\n"
      "[services local]\n"
      "dynamodb =\n"
      "  endpoint_url = http://localhost:8000\n"
      "[profilex]\n"
      "region = x\n"
      "[profile ok]\n"
      "region = us-west-2\n");
  EXPECT_THAT(file.profiles, ElementsAre(Key("ok")));
}

TEST(SharedConfigParserTest, TheCredentialsFileNamesSectionsWithoutPrefix) {
  const SharedFile file = Parse(
      "[default]\n"
      "aws_access_key_id = AKIDDEFAULT\n"
      "[dev]\n"
      "aws_access_key_id = AKIDDEV\n",
      SharedFileKind::kCredentials);
  EXPECT_THAT(file.profiles, ElementsAre(Key("default"), Key("dev")));
  EXPECT_EQ(file.profiles.at("dev").properties.at("aws_access_key_id"), "AKIDDEV");
}

TEST(SharedConfigParserTest, DefaultAndProfileDefaultAreOneProfile) {
  const SharedFile file = Parse(
      "[default]\n"
      "region = us-east-1\n"
      "[profile default]\n"
      "output = json\n");
  EXPECT_THAT(file.profiles.at("default").properties,
              ElementsAre(Pair("output", "json"), Pair("region", "us-east-1")));
}

TEST(SharedConfigParserTest, SkipsCommentsAndBlankLines) {
  const SharedFile file = Parse(
      "# leading comment\n"
      "; another\n"
      "\n"
      "[profile a] # comment after the header\n"
      "   # an indented comment\n"
      "key = value ; inline comment\n"
      "other = value # inline comment\n"
      "url = http://host/#fragment;param\n"
      "hash =#not-a-comment\n"
      "\t\n"
      "[profile b];comment\n"
      "x = 1\n");
  EXPECT_THAT(file.profiles.at("a").properties,
              ElementsAre(Pair("hash", "#not-a-comment"), Pair("key", "value"),
                          Pair("other", "value"), Pair("url", "http://host/#fragment;param")));
  EXPECT_THAT(file.profiles.at("b").properties, ElementsAre(Pair("x", "1")));
}

TEST(SharedConfigParserTest, TrimsWhitespaceAndLowerCasesPropertyNames) {
  const SharedFile file = Parse(
      "[  profile   spaced  ]\r\n"
      "  \r\n"
      "AWS_Access_Key_ID\t=\t AKID \r\n"
      "empty =\r\n"
      "eq = a=b\r\n");
  ASSERT_THAT(file.profiles, ElementsAre(Key("spaced")));
  EXPECT_THAT(file.profiles.at("spaced").properties,
              ElementsAre(Pair("aws_access_key_id", "AKID"), Pair("empty", ""), Pair("eq", "a=b")));
}

TEST(SharedConfigParserTest, IndentedLinesAfterAnEmptyValueAreSubProperties) {
  const SharedFile file = Parse(
      "[profile a]\n"
      "s3 =\n"
      "  max_concurrent_requests = 20\n"
      "\n"
      "  Addressing_Style = path ; comment\n"
      "region = us-east-1\n"
      "aws_access_key_id = AKID\n");
  const ProfileSection& a = file.profiles.at("a");
  EXPECT_THAT(a.properties, ElementsAre(Pair("aws_access_key_id", "AKID"), Pair("region", "us-east-1"),
                                        Pair("s3", "")));
  EXPECT_THAT(a.sub_properties.at("s3"),
              ElementsAre(Pair("addressing_style", "path"), Pair("max_concurrent_requests", "20")));
}

TEST(SharedConfigParserTest, IndentedLinesAfterAValueContinueIt) {
  const SharedFile file = Parse(
      "[profile a]\n"
      "credential_process = /bin/tool\n"
      "   --flag value\n"
      "region = us-east-1\n");
  EXPECT_EQ(file.profiles.at("a").properties.at("credential_process"), "/bin/tool\n--flag value");
  EXPECT_EQ(file.profiles.at("a").properties.at("region"), "us-east-1");
}

TEST(SharedConfigParserTest, RepeatedSectionsMergeAndTheLaterValueWins) {
  const SharedFile file = Parse(
      "[profile a]\n"
      "region = us-east-1\n"
      "output = json\n"
      "[profile b]\n"
      "x = 1\n"
      "[profile a]\n"
      "region = eu-west-1\n");
  EXPECT_THAT(file.profiles.at("a").properties,
              ElementsAre(Pair("output", "json"), Pair("region", "eu-west-1")));
}

TEST(SharedConfigParserTest, AnEmptyFileHasNoProfiles) {
  EXPECT_THAT(Parse("").profiles, IsEmpty());
  EXPECT_THAT(Parse("\n# only a comment\n").profiles, IsEmpty());
}

TEST(SharedConfigParserTest, ErrorsNameTheFileAndLineButNotTheText) {
  Status status = ParseError("[profile a]\nregion = x\nAKIDSECRETLINE\n");
  EXPECT_EQ(status.code(), Code::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("/home/u/.aws/config line 3"));
  EXPECT_THAT(status.message(), Not(HasSubstr("AKIDSECRETLINE")));

  EXPECT_THAT(ParseError("key = value\n").message(), HasSubstr("line 1: a property comes before"));
  EXPECT_THAT(ParseError("[profile a\n").message(), HasSubstr("no ']'"));
  EXPECT_THAT(ParseError("[profile a] trailing\n").message(), HasSubstr("text follows"));
  EXPECT_THAT(ParseError("[ ]\n").message(), HasSubstr("no name"));
  EXPECT_THAT(ParseError("[profile]\n").message(), HasSubstr("[profile NAME]"));
  EXPECT_THAT(ParseError("[a]\n= value\n", SharedFileKind::kCredentials).message(),
              HasSubstr("line 2: a property has no name"));
  EXPECT_THAT(ParseError("[a]\n  indented = first\n", SharedFileKind::kCredentials).message(),
              HasSubstr("line 2: an indented line follows no property"));
  EXPECT_THAT(ParseError("[profile a]\ns3 =\n  no-equals-here\n").message(),
              HasSubstr("line 3: a sub-property of \"s3\" has no '='"));
}

TEST(SharedConfigParserTest, ErrorsInIgnoredSectionsStillCount) {
  EXPECT_THAT(ParseError("[sso-session x]\nbroken line\n").message(), HasSubstr("line 2"));
}

}  // namespace
}  // namespace tk::aws
