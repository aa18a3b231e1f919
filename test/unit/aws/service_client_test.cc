// What ServiceClient decides before anything reaches the network. Its
// exchanges with a service are tested against the AWS emulator in
// test/integration/aws/service_client_test.cc.
#include "aws/service_client.h"

#include <gtest/gtest.h>

namespace tk::aws {
namespace {

// An endpoint that must never be reached: nothing listens on port 9 of the
// TEST-NET-1 documentation address, and the tests below stop before sending.
constexpr const char* kUnreachable = "http://192.0.2.1:9";

ServiceClientOptions Options() {
  ServiceClientOptions options;
  options.region = "us-east-1";
  options.endpoint.endpoint_url = kUnreachable;
  options.endpoint.env = [](std::string_view) { return std::optional<std::string>(); };
  options.connect_timeout = std::chrono::milliseconds(1);
  options.retry.max_attempts = 1;
  return options;
}

class ServiceClientTest : public ::testing::Test {
 protected:
  Result<std::unique_ptr<ServiceClient>> Create(const ServiceModel& model,
                                                ServiceClientOptions options) {
    return ServiceClient::Create(model, std::move(options), credentials_, http_);
  }

  StaticCredentialsSource credentials_{Credentials{"AKID", "secret", ""}};
  http::HttpClient http_;
  CallMetrics metrics_;
};

TEST_F(ServiceClientTest, CreateResolvesTheEndpointAndRegion) {
  ServiceClientOptions options = Options();
  options.endpoint.endpoint_url.clear();
  options.region = "eu-central-1";
  Result<std::unique_ptr<ServiceClient>> client = Create(kKmsModel, options);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  EXPECT_EQ((*client)->endpoint().url, "https://kms.eu-central-1.amazonaws.com");
  EXPECT_EQ((*client)->region(), "eu-central-1");
  EXPECT_EQ((*client)->model().target_prefix, "TrentService");
  EXPECT_EQ((*client)->AvailableRetryQuota(), 500);
}

TEST_F(ServiceClientTest, CreateRefusesBadOptions) {
  ServiceClientOptions no_region = Options();
  no_region.region.clear();
  ServiceClientOptions no_attempts = Options();
  no_attempts.retry.max_attempts = 0;
  ServiceClientOptions bad_url = Options();
  bad_url.endpoint.endpoint_url = "localhost:4566";
  for (const ServiceClientOptions& options : {no_region, no_attempts, bad_url}) {
    Result<std::unique_ptr<ServiceClient>> client = Create(kDynamoDbModel, options);
    ASSERT_FALSE(client.ok());
    EXPECT_EQ(client.status().code(), Code::kInvalidArgument);
    EXPECT_NE(client.status().message().find("dynamodb"), std::string::npos)
        << client.status().message();
  }
}

TEST_F(ServiceClientTest, EachProtocolHasItsOwnMethod) {
  ServiceClientOptions options = Options();
  options.metrics = &metrics_;
  auto sts = Create(kStsModel, options);
  auto dynamodb = Create(kDynamoDbModel, options);
  ASSERT_TRUE(sts.ok() && dynamodb.ok());
  AwsResult<nlohmann::json> json = (*sts)->Call("GetCallerIdentity");
  EXPECT_EQ(json.status().code(), Code::kInvalidArgument);
  EXPECT_NE(json.status().message().find("CallQuery"), std::string::npos);
  AwsResult<QueryResult> query = (*dynamodb)->CallQuery("ListTables");
  EXPECT_EQ(query.status().code(), Code::kInvalidArgument);
  EXPECT_TRUE(metrics_.Snapshot().empty()) << "nothing was called";
}

TEST_F(ServiceClientTest, InputMustBeAnObject) {
  auto dynamodb = Create(kDynamoDbModel, Options());
  ASSERT_TRUE(dynamodb.ok());
  AwsResult<nlohmann::json> result = (*dynamodb)->Call("ListTables", nlohmann::json::array());
  EXPECT_EQ(result.status().code(), Code::kInvalidArgument);
  EXPECT_NE(result.status().message().find("dynamodb ListTables"), std::string::npos);
}

TEST_F(ServiceClientTest, CredentialsFailureEndsTheCallBeforeSending) {
  StaticCredentialsSource none{Credentials{}};
  ServiceClientOptions options = Options();
  options.metrics = &metrics_;
  options.retry.max_attempts = 3;
  auto kms = ServiceClient::Create(kKmsModel, options, none, http_);
  ASSERT_TRUE(kms.ok());
  AwsResult<nlohmann::json> result = (*kms)->Call("ListKeys");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Code::kUnauthenticated) << result.status().ToString();
  EXPECT_EQ(result.error(), nullptr);
  EXPECT_NE(result.status().message().find("kms ListKeys: credentials"), std::string::npos)
      << result.status().message();
  EXPECT_EQ(metrics_.Calls("kms", "ListKeys", CallOutcome::kError), 1);
  EXPECT_EQ(metrics_.Attempts("kms", "ListKeys"), 1);
}

}  // namespace
}  // namespace tk::aws
