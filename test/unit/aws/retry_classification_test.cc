#include "aws/retry_classification.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace tk::aws {
namespace {

nlohmann::json RetryTable() {
  const char* shared = std::getenv("TK_SHARED_DIR");
  const std::filesystem::path path =
      std::filesystem::path(shared != nullptr ? shared : TK_DEFAULT_SHARED_DIR) / "reference" /
      "aws-api-models" / "_retry.json";
  std::ifstream in(path);
  EXPECT_TRUE(in) << path << " is missing; set TK_SHARED_DIR to the shared directory";
  if (!in) return nlohmann::json::object();
  return nlohmann::json::parse(in);
}

// A policy's "applies_when", following a {"$ref": name} to the definitions.
nlohmann::json AppliesWhen(const nlohmann::json& table, const nlohmann::json& policy) {
  if (policy.contains("$ref")) {
    return table.at("definitions").at(policy.at("$ref").get<std::string>()).at("applies_when");
  }
  return policy.at("applies_when");
}

// Policies named for throttling must classify as throttling; the others
// (server errors, sockets, conflicts) may be either retryable class.
bool NamedForThrottling(const std::string& name) {
  for (const char* word : {"throttl", "too_many", "limit_exceeded", "throughput"}) {
    if (name.find(word) != std::string::npos) return true;
  }
  return false;
}

// Checks every policy that applies to `service`: __default__'s and its own.
void ExpectRetriedLikeTheTable(const nlohmann::json& table, const std::string& service) {
  const nlohmann::json& retry = table.at("retry");
  nlohmann::json policies = retry.at("__default__").at("policies");
  if (retry.contains(service)) {
    for (const auto& [name, policy] : retry.at(service).at("__default__").at("policies").items()) {
      policies[name] = policy;
    }
  }
  int checked = 0;
  for (const auto& [name, policy] : policies.items()) {
    SCOPED_TRACE(service + " policy " + name);
    const nlohmann::json when = AppliesWhen(table, policy);
    if (when.contains("socket_errors")) {
      const RetryClass retry_class =
          ClassifyTransportError(Status(Code::kUnavailable, "POST http://x/: Connection refused"));
      EXPECT_EQ(retry_class, RetryClass::kTransient);
      ++checked;
      continue;
    }
    const nlohmann::json& response = when.at("response");
    if (response.contains("crc32body")) continue;  // not implemented; see retry_classification.h
    const std::string code = response.value("service_error_code", "");
    const int status = response.value("http_status_code", 0);
    const RetryClass retry_class = ClassifyAwsError(service, code, status);
    EXPECT_TRUE(IsRetryable(retry_class)) << code << " " << status << " is "
                                          << RetryClassName(retry_class);
    if (NamedForThrottling(name)) {
      EXPECT_EQ(retry_class, RetryClass::kThrottling) << code;
    }
    ++checked;
  }
  EXPECT_GE(checked, 12);
}

TEST(RetryClassificationTest, RetriesEverythingTheSdkRetryTableRetries) {
  const nlohmann::json table = RetryTable();
  ASSERT_TRUE(table.contains("retry"));
  for (const char* service : {"dynamodb", "kms", "sts"}) ExpectRetriedLikeTheTable(table, service);
}

TEST(RetryClassificationTest, LimitExceededIsAQuotaNeverRetried) {
  // The table retries LimitExceededException only for kinesis; DynamoDB's and
  // KMS's are quotas the controller backs off from (DESIGN.md section 3).
  EXPECT_EQ(ClassifyAwsError("dynamodb", "LimitExceededException", 400), RetryClass::kQuota);
  EXPECT_EQ(ClassifyAwsError("kms", "LimitExceededException", 400), RetryClass::kQuota);
  EXPECT_FALSE(IsRetryable(RetryClass::kQuota));
}

TEST(RetryClassificationTest, ServiceSpecificCodesStayWithTheirService) {
  EXPECT_EQ(ClassifyAwsError("dynamodb", "ReplicatedWriteConflictException", 409),
            RetryClass::kTransient);
  EXPECT_EQ(ClassifyAwsError("kms", "ReplicatedWriteConflictException", 409),
            RetryClass::kNotRetryable);
  EXPECT_EQ(ClassifyAwsError("sts", "IDPCommunicationError", 400), RetryClass::kTransient);
  EXPECT_EQ(ClassifyAwsError("dynamodb", "IDPCommunicationError", 400),
            RetryClass::kNotRetryable);
}

TEST(RetryClassificationTest, ClientErrorsAreNotRetried) {
  for (const char* code : {"ResourceNotFoundException", "ValidationException",
                           "ResourceInUseException", "AccessDeniedException",
                           "UnrecognizedClientException", "ConditionalCheckFailedException"}) {
    EXPECT_EQ(ClassifyAwsError("dynamodb", code, 400), RetryClass::kNotRetryable) << code;
  }
  EXPECT_EQ(ClassifyAwsError("kms", "", 404), RetryClass::kNotRetryable);
  EXPECT_EQ(ClassifyAwsError("kms", "", 501), RetryClass::kNotRetryable);
}

TEST(RetryClassificationTest, TransportFailures) {
  EXPECT_EQ(ClassifyTransportError(Status(Code::kUnavailable, "POST http://x/: Empty reply")),
            RetryClass::kTransient);
  EXPECT_EQ(ClassifyTransportError(Status(Code::kUnavailable,
                                          "POST http://x/: Operation timed out after 100 ms")),
            RetryClass::kTimeout);
  EXPECT_EQ(ClassifyTransportError(Status(Code::kInternal, "no handle")),
            RetryClass::kNotRetryable);
}

}  // namespace
}  // namespace tk::aws
