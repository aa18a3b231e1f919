#include "aws/aws_error.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace tk::aws {
namespace {

TEST(AwsErrorTest, MapsCodesToStatusCodes) {
  struct Case {
    const char* service;
    const char* code;
    int http_status;
    Code expected;
  };
  const Case cases[] = {
      {"dynamodb", "ThrottlingException", 400, Code::kThrottled},
      {"dynamodb", "ProvisionedThroughputExceededException", 400, Code::kThrottled},
      {"dynamodb", "RequestLimitExceeded", 400, Code::kThrottled},
      {"dynamodb", "LimitExceededException", 400, Code::kThrottled},
      {"kms", "LimitExceededException", 400, Code::kThrottled},
      {"sts", "Throttling", 400, Code::kThrottled},
      {"kms", "", 429, Code::kThrottled},
      {"dynamodb", "InternalServerError", 500, Code::kUnavailable},
      {"kms", "KMSInternalException", 500, Code::kUnavailable},
      {"kms", "DependencyTimeoutException", 503, Code::kUnavailable},
      {"kms", "KeyUnavailableException", 500, Code::kUnavailable},
      {"dynamodb", "ReplicatedWriteConflictException", 409, Code::kUnavailable},
      {"sts", "IDPCommunicationError", 400, Code::kUnavailable},
      {"dynamodb", "ResourceNotFoundException", 400, Code::kNotFound},
      {"dynamodb", "TableNotFoundException", 400, Code::kNotFound},
      {"kms", "NotFoundException", 400, Code::kNotFound},
      {"iam", "NoSuchEntity", 404, Code::kNotFound},
      {"kms", "AlreadyExistsException", 400, Code::kAlreadyExists},
      {"dynamodb", "TableAlreadyExistsException", 400, Code::kAlreadyExists},
      {"dynamodb", "ResourceInUseException", 400, Code::kFailedPrecondition},
      {"dynamodb", "BackupInUseException", 400, Code::kFailedPrecondition},
      {"dynamodb", "ConditionalCheckFailedException", 400, Code::kFailedPrecondition},
      {"kms", "KMSInvalidStateException", 400, Code::kFailedPrecondition},
      {"kms", "DisabledException", 400, Code::kFailedPrecondition},
      {"dynamodb", "TransactionConflictException", 400, Code::kConflict},
      {"dynamodb", "UnrecognizedClientException", 400, Code::kUnauthenticated},
      {"dynamodb", "InvalidSignatureException", 400, Code::kUnauthenticated},
      {"sts", "SignatureDoesNotMatch", 403, Code::kUnauthenticated},
      {"sts", "InvalidClientTokenId", 403, Code::kUnauthenticated},
      {"sts", "ExpiredTokenException", 400, Code::kUnauthenticated},
      {"kms", "MissingAuthenticationTokenException", 400, Code::kUnauthenticated},
      {"dynamodb", "AccessDeniedException", 400, Code::kPermissionDenied},
      {"sts", "AccessDenied", 403, Code::kPermissionDenied},
      {"dynamodb", "ValidationException", 400, Code::kInvalidArgument},
      {"dynamodb", "SerializationException", 400, Code::kInvalidArgument},
      {"kms", "InvalidArnException", 400, Code::kInvalidArgument},
      {"kms", "InvalidAliasNameException", 400, Code::kInvalidArgument},
      {"kms", "MalformedPolicyDocumentException", 400, Code::kInvalidArgument},
      {"sts", "MalformedPolicyDocument", 400, Code::kInvalidArgument},
      {"kms", "SomeNewException", 400, Code::kInvalidArgument},
      {"kms", "SomeNewException", 403, Code::kPermissionDenied},
      {"kms", "SomeNewException", 404, Code::kNotFound},
      {"kms", "SomeNewException", 409, Code::kConflict},
      {"kms", "", 302, Code::kInternal},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CodeForAwsError(c.service, c.code, c.http_status), c.expected)
        << c.service << " " << c.code << " " << c.http_status << " -> "
        << CodeName(CodeForAwsError(c.service, c.code, c.http_status));
  }
}

AwsError NotFound() {
  AwsError error;
  error.service = "dynamodb";
  error.operation = "DescribeTable";
  error.code = "ResourceNotFoundException";
  error.message = "Requested resource not found: Table: orders not found";
  error.http_status = 400;
  error.request_id = "REQ";
  return error;
}

TEST(AwsErrorTest, StatusNamesServiceOperationCodeAndRequestId) {
  const Status status = NotFound().ToStatus();
  EXPECT_EQ(status.code(), Code::kNotFound);
  EXPECT_EQ(status.message(),
            "dynamodb DescribeTable: ResourceNotFoundException: Requested resource not found: "
            "Table: orders not found (HTTP 400, request id REQ)");

  AwsError bare;
  bare.service = "kms";
  bare.operation = "CreateKey";
  bare.http_status = 503;
  EXPECT_EQ(bare.ToStatus().message(), "kms CreateKey: error (HTTP 503)");
}

TEST(AwsErrorTest, ResultCarriesTheErrorOrTheValue) {
  AwsResult<nlohmann::json> failed(NotFound());
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), Code::kNotFound);
  ASSERT_NE(failed.error(), nullptr);
  EXPECT_EQ(failed.error()->request_id, "REQ");
  EXPECT_TRUE(failed.IsError("ResourceNotFoundException"));
  EXPECT_FALSE(failed.IsError("ResourceInUseException"));
  Result<nlohmann::json> plain = std::move(failed).ToResult();
  EXPECT_EQ(plain.status().code(), Code::kNotFound);

  AwsResult<nlohmann::json> transport(Status(Code::kUnavailable, "connection refused"));
  EXPECT_FALSE(transport.ok());
  EXPECT_EQ(transport.error(), nullptr);
  EXPECT_FALSE(transport.IsError("ResourceNotFoundException"));

  AwsResult<nlohmann::json> worded(Status(Code::kThrottled, "custom"), NotFound());
  EXPECT_EQ(worded.status().message(), "custom");
  EXPECT_EQ(worded.error()->code, "ResourceNotFoundException");

  AwsResult<nlohmann::json> value(nlohmann::json{{"a", 1}});
  ASSERT_TRUE(value.ok());
  EXPECT_TRUE(value.status().ok());
  EXPECT_EQ(value.error(), nullptr);
  EXPECT_EQ((*value)["a"], 1);
  EXPECT_EQ((*std::move(value).ToResult())["a"], 1);
}

}  // namespace
}  // namespace tk::aws
