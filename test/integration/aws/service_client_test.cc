// ServiceClient against the AWS emulator of the test world (moto with our
// patches): the JSON 1.0 (DynamoDB), JSON 1.1 (KMS) and query (STS)
// protocols, error mapping, and retries under injected faults, counted both
// by the client's CallMetrics and by the emulator's request log. Needs the
// environment of build/testenv/env.sh (`make env-up`).
#include "aws/service_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <string>

#include "aws/sts_caller_identity.h"
#include "emulator_control.h"
#include "testing/test_world.h"

namespace tk::aws {
namespace {

using tk::testing::TestWorld;
using std::chrono::milliseconds;

std::string ControlUrl() {
  const char* url = std::getenv("TESTENV_EMULATOR_CONTROL");
  return url != nullptr ? url : TestWorld::AwsEndpoint() + "/_emulator";
}

// A name no other test uses.
std::string UniqueName(std::string_view prefix) {
  static std::atomic<int> counter{0};
  return fmt::format("{}-{}-{}-{}", prefix, ::getpid(),
                     std::chrono::steady_clock::now().time_since_epoch().count(), ++counter);
}

nlohmann::json CreateTableInput(const std::string& name) {
  return {
      {"TableName", name},
      {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
      {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
      {"BillingMode", "PAY_PER_REQUEST"},
  };
}

class ServiceClientIntegrationTest : public ::testing::Test {
 protected:
  ServiceClientIntegrationTest() : emulator_(ControlUrl()) {}

  ServiceClientOptions Options() {
    ServiceClientOptions options;
    options.region = "us-east-1";
    options.endpoint.endpoint_url = TestWorld::AwsEndpoint();
    options.retry.base_delay = milliseconds(20);  // keep the tests quick
    options.attempt_timeout = std::chrono::seconds(20);
    options.metrics = &metrics_;
    return options;
  }

  std::unique_ptr<ServiceClient> Client(const ServiceModel& model) {
    return Client(model, Options());
  }

  std::unique_ptr<ServiceClient> Client(const ServiceModel& model, ServiceClientOptions options) {
    Result<std::unique_ptr<ServiceClient>> client =
        ServiceClient::Create(model, std::move(options), credentials_, http_);
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(*client) : nullptr;
  }

  StaticCredentialsSource credentials_{Credentials{"testing", "testing", ""}};
  http::HttpClient http_;
  CallMetrics metrics_;
  testing::EmulatorControl emulator_;
};

TEST_F(ServiceClientIntegrationTest, DescribeMissingTableIsNotFoundWithTheAwsCode) {
  auto dynamodb = Client(kDynamoDbModel);
  ASSERT_NE(dynamodb, nullptr);
  const std::string name = UniqueName("missing");
  AwsResult<nlohmann::json> table = dynamodb->Call("DescribeTable", {{"TableName", name}});
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), Code::kNotFound) << table.status().ToString();
  ASSERT_NE(table.error(), nullptr);
  EXPECT_EQ(table.error()->code, "ResourceNotFoundException");
  EXPECT_EQ(table.error()->service, "dynamodb");
  EXPECT_EQ(table.error()->operation, "DescribeTable");
  EXPECT_EQ(table.error()->http_status, 400);
  EXPECT_FALSE(table.error()->request_id.empty());
  EXPECT_TRUE(table.IsError("ResourceNotFoundException"));
  const std::string message = table.status().message();
  EXPECT_NE(message.find("dynamodb DescribeTable: ResourceNotFoundException"), std::string::npos)
      << message;
  EXPECT_EQ(message.find("testing"), std::string::npos) << "credentials leaked: " << message;
  EXPECT_EQ(metrics_.Calls("dynamodb", "DescribeTable", CallOutcome::kError), 1);
  EXPECT_EQ(metrics_.Attempts("dynamodb", "DescribeTable"), 1);
}

TEST_F(ServiceClientIntegrationTest, CreatesAndDescribesATableWithRawJson) {
  auto dynamodb = Client(kDynamoDbModel);
  ASSERT_NE(dynamodb, nullptr);
  const std::string name = UniqueName("orders");
  AwsResult<nlohmann::json> created = dynamodb->Call("CreateTable", CreateTableInput(name));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->at("TableDescription").at("TableName"), name);
  EXPECT_EQ(created->at("TableDescription").at("TableStatus"), "CREATING");

  AwsResult<nlohmann::json> described = dynamodb->Call("DescribeTable", {{"TableName", name}});
  ASSERT_TRUE(described.ok()) << described.status().ToString();
  const nlohmann::json& table = described->at("Table");
  EXPECT_EQ(table.at("TableName"), name);
  EXPECT_EQ(table.at("TableArn"),
            fmt::format("arn:aws:dynamodb:us-east-1:123456789012:table/{}", name));
  EXPECT_EQ(table.at("KeySchema").at(0).at("AttributeName"), "pk");

  // A second CreateTable of the same name: DynamoDB's ResourceInUseException.
  AwsResult<nlohmann::json> again = dynamodb->Call("CreateTable", CreateTableInput(name));
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(again.IsError("ResourceInUseException")) << again.status().ToString();
  EXPECT_EQ(again.status().code(), Code::kFailedPrecondition);

  // A malformed input: ValidationException, not retried.
  nlohmann::json provisioned_without_capacity = CreateTableInput(UniqueName("invalid"));
  provisioned_without_capacity["BillingMode"] = "PROVISIONED";
  AwsResult<nlohmann::json> invalid = dynamodb->Call("CreateTable", provisioned_without_capacity);
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.status().code(), Code::kInvalidArgument) << invalid.status().ToString();
  EXPECT_EQ(metrics_.Attempts("dynamodb", "CreateTable"), 3);
}

TEST_F(ServiceClientIntegrationTest, KmsSpeaksJson11) {
  auto kms = Client(kKmsModel);
  ASSERT_NE(kms, nullptr);
  AwsResult<nlohmann::json> created =
      kms->Call("CreateKey", {{"Description", "tablekeeper service client test"}});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const std::string key_id = created->at("KeyMetadata").at("KeyId").get<std::string>();
  const std::string arn = created->at("KeyMetadata").at("Arn").get<std::string>();
  EXPECT_EQ(arn, fmt::format("arn:aws:kms:us-east-1:123456789012:key/{}", key_id));

  AwsResult<nlohmann::json> described = kms->Call("DescribeKey", {{"KeyId", key_id}});
  ASSERT_TRUE(described.ok()) << described.status().ToString();
  EXPECT_EQ(described->at("KeyMetadata").at("Arn"), arn);
  EXPECT_EQ(described->at("KeyMetadata").at("KeyState"), "Enabled");

  AwsResult<nlohmann::json> missing =
      kms->Call("DescribeKey", {{"KeyId", "alias/" + UniqueName("no-such-alias")}});
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.IsError("NotFoundException")) << missing.status().ToString();
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
}

TEST_F(ServiceClientIntegrationTest, StsGetCallerIdentitySpeaksQueryAndXml) {
  auto sts = Client(kStsModel);
  ASSERT_NE(sts, nullptr);
  AwsResult<CallerIdentity> identity = GetCallerIdentity(*sts);
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->account, "123456789012");
  EXPECT_NE(identity->arn.find("arn:aws:"), std::string::npos) << identity->arn;
  EXPECT_EQ(metrics_.Calls("sts", "GetCallerIdentity", CallOutcome::kSuccess), 1);

  // The wrong protocol's method sends nothing.
  AwsResult<nlohmann::json> wrong = sts->Call("GetCallerIdentity");
  EXPECT_EQ(wrong.status().code(), Code::kInvalidArgument);
}

TEST_F(ServiceClientIntegrationTest, UnsignedCallsCarryNoSignature) {
  StaticCredentialsSource none{Credentials{}};  // would fail if it were asked
  Result<std::unique_ptr<ServiceClient>> sts =
      ServiceClient::Create(kStsModel, Options(), none, http_);
  ASSERT_TRUE(sts.ok()) << sts.status().ToString();
  CallOptions call;
  call.unsigned_request = true;
  const long long before = emulator_.Count("unknown:AssumeRoleWithWebIdentity") +
                           emulator_.Count("sts:AssumeRoleWithWebIdentity");
  AwsResult<QueryResult> assumed = (*sts)->CallQuery(
      "AssumeRoleWithWebIdentity",
      {{"RoleArn", "arn:aws:iam::123456789012:role/web"},
       {"RoleSessionName", "tablekeeper"},
       {"WebIdentityToken", "header.payload.signature"}},
      call);
  ASSERT_TRUE(assumed.ok()) << assumed.status().ToString();
  EXPECT_FALSE(assumed->Field("Credentials.AccessKeyId").empty());
  EXPECT_FALSE(assumed->Field("Credentials.SecretAccessKey").empty());
  EXPECT_FALSE(assumed->Field("Credentials.Expiration").empty());
  EXPECT_NE(assumed->Field("AssumedRoleUser.Arn").find("web/tablekeeper"), std::string::npos)
      << assumed->Field("AssumedRoleUser.Arn");
  // Unsigned, the emulator cannot read a credential scope: it logs no service.
  EXPECT_EQ(emulator_.Count("unknown:AssumeRoleWithWebIdentity") - before, 1);
}

TEST_F(ServiceClientIntegrationTest, StsErrorsAreParsedFromXml) {
  auto sts = Client(kStsModel);
  ASSERT_NE(sts, nullptr);
  emulator_.AddFault({{"match", "sts:GetCallerIdentity"},
                      {"error", "AccessDenied"},
                      {"status", 403},
                      {"message", "not allowed"},
                      {"count", 1}});
  AwsResult<CallerIdentity> identity = GetCallerIdentity(*sts);
  ASSERT_FALSE(identity.ok());
  ASSERT_NE(identity.error(), nullptr);
  EXPECT_EQ(identity.error()->code, "AccessDenied");
  EXPECT_EQ(identity.error()->message, "not allowed");
  EXPECT_EQ(identity.error()->http_status, 403);
  EXPECT_FALSE(identity.error()->request_id.empty());
  EXPECT_EQ(identity.status().code(), Code::kPermissionDenied);
}

TEST_F(ServiceClientIntegrationTest, ThrottlingIsRetriedAndSucceedsOnTheThirdAttempt) {
  AdaptiveRateLimiter limiter;
  ServiceClientOptions options = Options();
  options.adaptive_limiter = &limiter;
  auto dynamodb = Client(kDynamoDbModel, options);
  ASSERT_NE(dynamodb, nullptr);
  const std::string name = UniqueName("throttled");
  ASSERT_TRUE(dynamodb->Call("CreateTable", CreateTableInput(name)).ok());

  const long long before = emulator_.Count("dynamodb:DescribeTable");
  emulator_.AddFault({{"match", "dynamodb:DescribeTable"},
                      {"error", "ThrottlingException"},
                      {"status", 400},
                      {"count", 2}});
  AwsResult<nlohmann::json> table = dynamodb->Call("DescribeTable", {{"TableName", name}});
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->at("Table").at("TableName"), name);
  EXPECT_EQ(emulator_.Count("dynamodb:DescribeTable") - before, 3);
  EXPECT_EQ(metrics_.Calls("dynamodb", "DescribeTable", CallOutcome::kSuccess), 1);
  EXPECT_EQ(metrics_.Attempts("dynamodb", "DescribeTable"), 3);
  EXPECT_TRUE(limiter.enabled()) << "throttling should switch the adaptive limiter on";
  EXPECT_EQ(dynamodb->AvailableRetryQuota(), 500 - 5);  // two retries taken, the last refunded
}

TEST_F(ServiceClientIntegrationTest, LimitExceededIsThrottledButNeverRetried) {
  auto dynamodb = Client(kDynamoDbModel);
  ASSERT_NE(dynamodb, nullptr);
  const long long before = emulator_.Count("dynamodb:UpdateTable");
  emulator_.AddFault({{"match", "dynamodb:UpdateTable"},
                      {"error", "LimitExceededException"},
                      {"message", "encryption changes exhausted"},
                      {"count", 3}});
  AwsResult<nlohmann::json> updated =
      dynamodb->Call("UpdateTable", {{"TableName", UniqueName("quota")},
                                     {"SSESpecification", {{"Enabled", true}}}});
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.status().code(), Code::kThrottled) << updated.status().ToString();
  EXPECT_TRUE(updated.IsError("LimitExceededException"));
  EXPECT_EQ(emulator_.Count("dynamodb:UpdateTable") - before, 1);
  EXPECT_EQ(metrics_.Calls("dynamodb", "UpdateTable", CallOutcome::kThrottled), 1);
  EXPECT_EQ(metrics_.Attempts("dynamodb", "UpdateTable"), 1);
}

TEST_F(ServiceClientIntegrationTest, ServerErrorIsRetried) {
  auto kms = Client(kKmsModel);
  ASSERT_NE(kms, nullptr);
  const long long before = emulator_.Count("kms:ListKeys");
  emulator_.AddFault({{"match", "kms:ListKeys"},
                      {"error", "KMSInternalException"},
                      {"status", 500},
                      {"count", 1}});
  AwsResult<nlohmann::json> keys = kms->Call("ListKeys");
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  EXPECT_TRUE(keys->contains("Keys"));
  EXPECT_EQ(emulator_.Count("kms:ListKeys") - before, 2);
  EXPECT_EQ(metrics_.Attempts("kms", "ListKeys"), 2);
}

TEST_F(ServiceClientIntegrationTest, DroppedConnectionIsRetried) {
  auto dynamodb = Client(kDynamoDbModel);
  ASSERT_NE(dynamodb, nullptr);
  const long long before = emulator_.Count("dynamodb:ListTables");
  emulator_.AddFault({{"match", "dynamodb:ListTables"}, {"drop", true}, {"count", 1}});
  AwsResult<nlohmann::json> tables = dynamodb->Call("ListTables");
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  EXPECT_TRUE(tables->contains("TableNames"));
  EXPECT_EQ(emulator_.Count("dynamodb:ListTables") - before, 2);
  EXPECT_EQ(metrics_.Attempts("dynamodb", "ListTables"), 2);
}

TEST_F(ServiceClientIntegrationTest, GivesUpAfterMaxAttempts) {
  ServiceClientOptions options = Options();
  options.retry.max_attempts = 4;
  auto dynamodb = Client(kDynamoDbModel, options);
  ASSERT_NE(dynamodb, nullptr);
  const long long before = emulator_.Count("dynamodb:ListTables");
  emulator_.AddFault({{"match", "dynamodb:ListTables"},
                      {"error", "ServiceUnavailable"},
                      {"status", 503},
                      {"count", 10}});
  AwsResult<nlohmann::json> tables = dynamodb->Call("ListTables");
  emulator_.RemoveFaults();
  ASSERT_FALSE(tables.ok());
  EXPECT_EQ(tables.status().code(), Code::kUnavailable) << tables.status().ToString();
  EXPECT_TRUE(tables.IsError("ServiceUnavailable"));
  EXPECT_NE(tables.status().message().find("after 4 attempts"), std::string::npos)
      << tables.status().message();
  EXPECT_EQ(emulator_.Count("dynamodb:ListTables") - before, 4);
  EXPECT_EQ(metrics_.Calls("dynamodb", "ListTables", CallOutcome::kTransient), 1);
  EXPECT_EQ(metrics_.Attempts("dynamodb", "ListTables"), 4);
}

TEST_F(ServiceClientIntegrationTest, SlowAnswersTimeOutAndAreRetried) {
  ServiceClientOptions options = Options();
  options.attempt_timeout = milliseconds(300);
  auto dynamodb = Client(kDynamoDbModel, options);
  ASSERT_NE(dynamodb, nullptr);
  emulator_.AddFault({{"match", "dynamodb:ListTables"}, {"latency_ms", 1500}, {"count", 1}});
  AwsResult<nlohmann::json> tables = dynamodb->Call("ListTables");
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  EXPECT_EQ(metrics_.Attempts("dynamodb", "ListTables"), 2);
  EXPECT_EQ(dynamodb->AvailableRetryQuota(), 500);  // the timeout retry's 10 were refunded
}

TEST_F(ServiceClientIntegrationTest, UnreachableEndpointIsUnavailableAfterRetries) {
  // A port nobody listens on: bind one, note it, close it.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  socklen_t length = sizeof(address);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  ::close(fd);

  ServiceClientOptions options = Options();
  options.endpoint.endpoint_url = fmt::format("http://127.0.0.1:{}", ntohs(address.sin_port));
  auto dynamodb = Client(kDynamoDbModel, options);
  ASSERT_NE(dynamodb, nullptr);
  AwsResult<nlohmann::json> tables = dynamodb->Call("ListTables");
  ASSERT_FALSE(tables.ok());
  EXPECT_EQ(tables.status().code(), Code::kUnavailable);
  EXPECT_EQ(tables.error(), nullptr);
  EXPECT_NE(tables.status().message().find("dynamodb ListTables"), std::string::npos)
      << tables.status().message();
  EXPECT_EQ(metrics_.Calls("dynamodb", "ListTables", CallOutcome::kTransient), 1);
  EXPECT_EQ(metrics_.Attempts("dynamodb", "ListTables"), 3);
}

TEST_F(ServiceClientIntegrationTest, FindsTheEndpointInTheEnvironment) {
  ServiceClientOptions options = Options();
  options.endpoint.endpoint_url.clear();  // AWS_ENDPOINT_URL from env.sh
  auto sts = Client(kStsModel, options);
  ASSERT_NE(sts, nullptr);
  EXPECT_EQ(sts->endpoint().url, TestWorld::AwsEndpoint());
  EXPECT_TRUE(GetCallerIdentity(*sts).ok());
}

TEST_F(ServiceClientIntegrationTest, CredentialFailuresAreReturnedAndNothingIsSent) {
  StaticCredentialsSource empty{Credentials{}};
  Result<std::unique_ptr<ServiceClient>> client =
      ServiceClient::Create(kDynamoDbModel, Options(), empty, http_);
  ASSERT_TRUE(client.ok());
  const long long before = emulator_.Count("dynamodb:ListTables");
  AwsResult<nlohmann::json> tables = (*client)->Call("ListTables");
  ASSERT_FALSE(tables.ok());
  EXPECT_EQ(tables.status().code(), Code::kUnauthenticated);
  EXPECT_EQ(emulator_.Count("dynamodb:ListTables") - before, 0);
}

TEST_F(ServiceClientIntegrationTest, SharedRateLimitPacesCalls) {
  TokenBucket bucket(20.0, 1.0);  // real clock: the 2nd and 3rd call wait 50 ms each
  ServiceClientOptions options = Options();
  options.rate_limit = &bucket;
  auto dynamodb = Client(kDynamoDbModel, options);
  ASSERT_NE(dynamodb, nullptr);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(dynamodb->Call("ListTables").ok());
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(90));
}

}  // namespace
}  // namespace tk::aws
