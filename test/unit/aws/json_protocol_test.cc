#include "aws/json_protocol.h"

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

TEST(JsonProtocolTest, RequestHeadersNameTargetAndVersion) {
  const HttpHeaders dynamodb = JsonRequestHeaders(kDynamoDbModel, "DescribeTable");
  ASSERT_EQ(dynamodb.size(), 2u);
  EXPECT_EQ(dynamodb[0].name, "X-Amz-Target");
  EXPECT_EQ(dynamodb[0].value, "DynamoDB_20120810.DescribeTable");
  EXPECT_EQ(dynamodb[1].name, "Content-Type");
  EXPECT_EQ(dynamodb[1].value, "application/x-amz-json-1.0");

  const HttpHeaders kms = JsonRequestHeaders(kKmsModel, "CreateKey");
  EXPECT_EQ(kms[0].value, "TrentService.CreateKey");
  EXPECT_EQ(kms[1].value, "application/x-amz-json-1.1");
}

TEST(JsonProtocolTest, BodyIsTheInputObject) {
  EXPECT_EQ(*JsonRequestBody(nullptr), "{}");
  EXPECT_EQ(*JsonRequestBody(nlohmann::json::object()), "{}");
  EXPECT_EQ(*JsonRequestBody({{"TableName", "orders"}}), R"({"TableName":"orders"})");
  Result<std::string> array = JsonRequestBody(nlohmann::json::array());
  ASSERT_FALSE(array.ok());
  EXPECT_EQ(array.status().code(), Code::kInvalidArgument);
  Result<std::string> not_utf8 = JsonRequestBody({{"Name", std::string("\xff\xfe")}});
  ASSERT_FALSE(not_utf8.ok());
  EXPECT_EQ(not_utf8.status().code(), Code::kInvalidArgument);
}

TEST(JsonProtocolTest, OutputIsAnObjectAndAnEmptyBodyIsEmptyObject) {
  EXPECT_EQ(*ParseJsonOutput(""), nlohmann::json::object());
  EXPECT_EQ(*ParseJsonOutput(" \n"), nlohmann::json::object());
  EXPECT_EQ(*ParseJsonOutput("null"), nlohmann::json::object());  // moto, no output
  EXPECT_EQ((*ParseJsonOutput(R"({"Table":{"TableName":"t"}})"))["Table"]["TableName"], "t");
  for (const char* bad : {"[1]", "<xml/>", "{", "\"text\""}) {
    Result<nlohmann::json> output = ParseJsonOutput(bad);
    ASSERT_FALSE(output.ok()) << bad;
    EXPECT_EQ(output.status().code(), Code::kInternal);
  }
}

TEST(JsonProtocolTest, ErrorTypeWithNamespacePrefix) {
  const AwsError error = ParseJsonError(Answer(
      400,
      R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",)"
      R"("message":"Requested resource not found"})",
      {{"x-amzn-RequestId", "REQ1"}}));
  EXPECT_EQ(error.code, "ResourceNotFoundException");
  EXPECT_EQ(error.message, "Requested resource not found");
  EXPECT_EQ(error.http_status, 400);
  EXPECT_EQ(error.request_id, "REQ1");
}

TEST(JsonProtocolTest, ErrorTypeWithoutPrefixAndCapitalMessage) {
  const AwsError error = ParseJsonError(
      Answer(400, R"({"__type":"NotFoundException","Message":"Alias x is not found."})",
             {{"X-AMZN-REQUESTID", "REQ2"}}));
  EXPECT_EQ(error.code, "NotFoundException");
  EXPECT_EQ(error.message, "Alias x is not found.");
  EXPECT_EQ(error.request_id, "REQ2");
}

TEST(JsonProtocolTest, ErrorTypeHeaderWinsAndLosesItsUrl) {
  const AwsError error = ParseJsonError(
      Answer(400, R"({"__type":"SomethingElse","message":"m"})",
             {{"x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/"}}));
  EXPECT_EQ(error.code, "ValidationException");
  EXPECT_EQ(error.message, "m");
}

TEST(JsonProtocolTest, CodeMemberWinsOverType) {
  const AwsError error =
      ParseJsonError(Answer(400, R"({"code":"ThrottlingException","__type":"x#Other"})"));
  EXPECT_EQ(error.code, "ThrottlingException");
}

TEST(JsonProtocolTest, ErrorTypeWithNamespaceAndUrl) {
  EXPECT_EQ(SanitizeErrorCode("aws.protocoltests.restjson#FooError:http://internal.amazon.com/"),
            "FooError");
  EXPECT_EQ(SanitizeErrorCode("com.amazon.coral.service#InvalidSignatureException"),
            "InvalidSignatureException");
  EXPECT_EQ(SanitizeErrorCode(" FooError "), "FooError");
  EXPECT_EQ(SanitizeErrorCode(""), "");
}

TEST(JsonProtocolTest, NonJsonErrorKeepsTheStartOfTheBody) {
  const AwsError error = ParseJsonError(
      Answer(502, "<html><body>Bad\n\n Gateway</body></html>", {{"x-amzn-RequestId", "R"}}));
  EXPECT_EQ(error.code, "");
  EXPECT_EQ(error.http_status, 502);
  EXPECT_EQ(error.message, "<html><body>Bad Gateway</body></html>");
  EXPECT_EQ(error.request_id, "R");
  EXPECT_EQ(ParseJsonError(Answer(500, "")).message, "(empty body)");
}

}  // namespace
}  // namespace tk::aws
