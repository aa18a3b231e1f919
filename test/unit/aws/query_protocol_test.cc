#include "aws/query_protocol.h"

#include <gtest/gtest.h>

namespace tk::aws {
namespace {

http::Response Answer(int status, std::string body, http::Headers headers = {}) {
  http::Response response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

TEST(QueryProtocolTest, BodyIsFormEncodedWithActionAndVersionFirst) {
  EXPECT_EQ(QueryRequestBody(kStsModel, "GetCallerIdentity", {}),
            "Action=GetCallerIdentity&Version=2011-06-15");
  EXPECT_EQ(QueryRequestBody(kStsModel, "AssumeRole",
                             {{"RoleArn", "arn:aws:iam::1:role/a b"},
                              {"RoleSessionName", "x+y/z=&"}}),
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fa%20b"
            "&RoleSessionName=x%2By%2Fz%3D%26");
  const HttpHeaders headers = QueryRequestHeaders();
  ASSERT_EQ(headers.size(), 1u);
  EXPECT_EQ(headers[0].name, "Content-Type");
  EXPECT_EQ(headers[0].value, "application/x-www-form-urlencoded; charset=utf-8");
}

TEST(QueryProtocolTest, ReadsTheResultFieldsAndRequestId) {
  Result<QueryResult> result = ParseQueryResponse("GetCallerIdentity", R"(<?xml version="1.0"?>
<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:sts::123456789012:user/moto</Arn>
    <UserId>AKIAIOSFODNN7EXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>)");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->Field("Arn"), "arn:aws:sts::123456789012:user/moto");
  EXPECT_EQ(result->Field("Account"), "123456789012");
  EXPECT_EQ(result->Field("UserId"), "AKIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(result->Field("Missing"), "");
  EXPECT_EQ(result->request_id, "c6104cbe-af31-11e0-8154-cbc7ccf896c7");
}

TEST(QueryProtocolTest, FlattensStructuresAndNumbersMembers) {
  Result<QueryResult> result = ParseQueryResponse("AssumeRole", R"(
<AssumeRoleResponse><AssumeRoleResult>
  <Credentials>
    <AccessKeyId>ASIA</AccessKeyId><Expiration>2026-01-01T00:00:00Z</Expiration>
  </Credentials>
  <Tags><member><Key>a</Key></member><member><Key><![CDATA[b&c]]></Key></member></Tags>
  <Empty/>
</AssumeRoleResult></AssumeRoleResponse>)");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->Field("Credentials.AccessKeyId"), "ASIA");
  EXPECT_EQ(result->Field("Credentials.Expiration"), "2026-01-01T00:00:00Z");
  EXPECT_EQ(result->Field("Tags.member.1.Key"), "a");
  EXPECT_EQ(result->Field("Tags.member.2.Key"), "b&c");
  EXPECT_EQ(result->fields.count("Empty"), 1u);
  EXPECT_EQ(result->request_id, "");
}

TEST(QueryProtocolTest, RefusesAnswersThatAreNotTheActionsResponse) {
  for (const char* body : {"not xml <", "<OtherResponse/>", ""}) {
    Result<QueryResult> result = ParseQueryResponse("GetCallerIdentity", body);
    ASSERT_FALSE(result.ok()) << body;
    EXPECT_EQ(result.status().code(), Code::kInternal);
    EXPECT_NE(result.status().message().find("GetCallerIdentity"), std::string::npos);
  }
}

TEST(QueryProtocolTest, ParsesErrorResponse) {
  const AwsError error = ParseQueryError(Answer(403, R"(<?xml version="1.0" encoding="UTF-8"?>
<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>
    <Message>The security token included in the request is invalid.</Message></Error>
  <RequestId>4fbd1ab5-example</RequestId>
</ErrorResponse>)"));
  EXPECT_EQ(error.code, "InvalidClientTokenId");
  EXPECT_EQ(error.message, "The security token included in the request is invalid.");
  EXPECT_EQ(error.http_status, 403);
  EXPECT_EQ(error.request_id, "4fbd1ab5-example");
}

TEST(QueryProtocolTest, ParsesABareErrorAndKeepsTheHeaderRequestId) {
  const AwsError error =
      ParseQueryError(Answer(
          400, "<Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error>",
          {{"x-amzn-RequestId", "HDR"}}));
  EXPECT_EQ(error.code, "Throttling");
  EXPECT_EQ(error.message, "Rate exceeded");
  EXPECT_EQ(error.request_id, "HDR");
}

TEST(QueryProtocolTest, ParsesNestedErrorsAsMotoSendsThem) {
  const AwsError error = ParseQueryError(Answer(403, R"(<?xml version="1.0" encoding="utf-8"?>
<ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code>
<Message>The security token included in the request is invalid.</Message><Type>Sender</Type>
</Error></Errors><RequestID>MOTO1</RequestID></ErrorResponse>)"));
  EXPECT_EQ(error.code, "InvalidClientTokenId");
  EXPECT_EQ(error.message, "The security token included in the request is invalid.");
  EXPECT_EQ(error.request_id, "MOTO1");
}

TEST(QueryProtocolTest, NonXmlErrorKeepsTheStartOfTheBody) {
  const AwsError error = ParseQueryError(Answer(503, "Service Unavailable"));
  EXPECT_EQ(error.code, "");
  EXPECT_EQ(error.message, "Service Unavailable");
  EXPECT_EQ(ParseQueryError(Answer(500, "<Other/>")).message, "<Other/>");
}

}  // namespace
}  // namespace tk::aws
