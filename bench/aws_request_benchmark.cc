// CPU cost of the AWS request path outside the network, for one DynamoDB
// DescribeTable, the call the controller makes on every reconcile of a Table:
//   SignDescribeTable           SigV4 over a built request (headers, JSON body)
//   EncodeAndSignDescribeTable  input object -> body and headers -> request -> signed
//   ParseDescribeTableAnswer    a ~2 KB answer (GSIs, SSEDescription) -> nlohmann::json
//   DecodeDescribeTableTyped    the same answer -> dynamodb::TableDescription
//   DescribeTableRequestPath    encode + sign + parse, what ServiceClient spends per call
//   DescribeTableTypedPath      encode + sign + parse + typed decode
//   DecodeKmsDescribeKey        a KMS DescribeKey answer -> kms::KeyMetadata
// The steps are those of ServiceClient::Call (service_client.cc) and the JSON
// protocol (json_protocol.h), called directly so that no socket is involved.
// Benchmarks measure, they assert nothing; run from the release preset:
//   cmake --preset release && cmake --build --preset release --target aws_request_benchmark
//   build/release/bench/aws_request_benchmark
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "aws/credentials.h"
#include "aws/dynamodb_types.h"
#include "aws/http_request.h"
#include "aws/json_protocol.h"
#include "aws/kms_types.h"
#include "aws/service_model.h"
#include "aws/sigv4_signer.h"

namespace tk::aws {
namespace {

// A DescribeTable answer as DynamoDB gives it for a provisioned table with two
// global secondary indexes, a stream and a customer-managed KMS key.
constexpr char kDescribeTableAnswer[] = R"({"Table":{
"AttributeDefinitions":[{"AttributeName":"customerId","AttributeType":"S"},
{"AttributeName":"orderDate","AttributeType":"S"},{"AttributeName":"orderId","AttributeType":"S"},
{"AttributeName":"status","AttributeType":"S"}],
"TableName":"orders",
"KeySchema":[{"AttributeName":"orderId","KeyType":"HASH"},
{"AttributeName":"orderDate","KeyType":"RANGE"}],
"TableStatus":"ACTIVE","CreationDateTime":1700000000.123,
"ProvisionedThroughput":{"LastIncreaseDateTime":1700003600.5,"LastDecreaseDateTime":1700007200.25,
"NumberOfDecreasesToday":1,"ReadCapacityUnits":25,"WriteCapacityUnits":10},
"TableSizeBytes":52428800,"ItemCount":184233,
"TableArn":"arn:aws:dynamodb:us-east-1:111122223333:table/orders",
"TableId":"4f1c8d2a-6b7e-4c3d-9a8b-1e2f3a4b5c6d",
"GlobalSecondaryIndexes":[
{"IndexName":"byCustomer","KeySchema":[{"AttributeName":"customerId","KeyType":"HASH"},
{"AttributeName":"orderDate","KeyType":"RANGE"}],
"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["status","total","currency"]},
"IndexStatus":"ACTIVE","ProvisionedThroughput":{"NumberOfDecreasesToday":0,"ReadCapacityUnits":10,
"WriteCapacityUnits":5},"IndexSizeBytes":10485760,"ItemCount":184233,
"IndexArn":"arn:aws:dynamodb:us-east-1:111122223333:table/orders/index/byCustomer"},
{"IndexName":"byStatus","KeySchema":[{"AttributeName":"status","KeyType":"HASH"},
{"AttributeName":"orderDate","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"},
"IndexStatus":"ACTIVE","Backfilling":false,"ProvisionedThroughput":{"NumberOfDecreasesToday":0,
"ReadCapacityUnits":5,"WriteCapacityUnits":5},"IndexSizeBytes":4194304,"ItemCount":184233,
"IndexArn":"arn:aws:dynamodb:us-east-1:111122223333:table/orders/index/byStatus"}],
"StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"},
"LatestStreamLabel":"2023-11-14T22:13:20.123",
"LatestStreamArn":
"arn:aws:dynamodb:us-east-1:111122223333:table/orders/stream/2023-11-14T22:13:20.123",
"SSEDescription":{"Status":"ENABLED","SSEType":"KMS",
"KMSMasterKeyArn":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
"TableClassSummary":{"TableClass":"STANDARD"},
"DeletionProtectionEnabled":true,
"WarmThroughput":{"ReadUnitsPerSecond":12000,"WriteUnitsPerSecond":4000,"Status":"ACTIVE"}}})";

// A KMS DescribeKey answer for a customer-managed symmetric key.
constexpr char kDescribeKeyAnswer[] = R"({"KeyMetadata":{"AWSAccountId":"111122223333",
"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab",
"Arn":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
"CreationDate":1700000000.123,"Enabled":true,"Description":"orders table key",
"KeyUsage":"ENCRYPT_DECRYPT","KeyState":"Enabled","Origin":"AWS_KMS","KeyManager":"CUSTOMER",
"CustomerMasterKeySpec":"SYMMETRIC_DEFAULT","KeySpec":"SYMMETRIC_DEFAULT",
"EncryptionAlgorithms":["SYMMETRIC_DEFAULT"],"MultiRegion":false}})";

const Credentials kCredentials{"ASIAEXAMPLEACCESSKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                               "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENFORIRSAxxxxxxxxxxxxxxxxxxxxxx"
                               "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};
const std::chrono::system_clock::time_point kSigningTime{std::chrono::seconds(1700000000)};
constexpr char kHost[] = "dynamodb.us-east-1.amazonaws.com";

const SigV4Signer& Signer() {
  static const SigV4Signer signer = [] {
    Result<SigV4Signer> created = SigV4Signer::Create("us-east-1", "dynamodb");
    if (!created.ok()) std::abort();
    return *created;
  }();
  return signer;
}

// What ServiceClient::Send builds before signing.
HttpRequest BuildRequest(const nlohmann::json& input) {
  Result<std::string> body = JsonRequestBody(input);
  if (!body.ok()) std::abort();
  HttpRequest request;
  request.method = "POST";
  request.path = "/";
  request.headers.push_back({"Host", kHost});
  for (HttpHeader& header : JsonRequestHeaders(kDynamoDbModel, "DescribeTable")) {
    request.headers.push_back(std::move(header));
  }
  request.body = std::move(*body);
  return request;
}

void SignInPlace(HttpRequest& request) {
  Result<SigningResult> signing = Signer().Sign(request, kCredentials, kSigningTime);
  if (!signing.ok()) std::abort();
  signing->ApplyTo(request);
}

nlohmann::json ParseAnswer(std::string_view body) {
  Result<nlohmann::json> output = ParseJsonOutput(body);
  if (!output.ok()) std::abort();
  return std::move(*output);
}

dynamodb::TableDescription DecodeTable(const nlohmann::json& answer) {
  dynamodb::TableDescription table;
  const Status status = dynamodb::Decode(answer.at("Table"), "Table", &table);
  if (!status.ok()) std::abort();
  return table;
}

void SignDescribeTable(benchmark::State& state) {
  const HttpRequest request = BuildRequest({{"TableName", "orders"}});
  for (auto _ : state) {
    Result<SigningResult> signing = Signer().Sign(request, kCredentials, kSigningTime);
    benchmark::DoNotOptimize(signing);
  }
}
BENCHMARK(SignDescribeTable);

void EncodeAndSignDescribeTable(benchmark::State& state) {
  for (auto _ : state) {
    const nlohmann::json input = {{"TableName", "orders"}};
    HttpRequest request = BuildRequest(input);
    SignInPlace(request);
    benchmark::DoNotOptimize(request);
  }
}
BENCHMARK(EncodeAndSignDescribeTable);

void ParseDescribeTableAnswer(benchmark::State& state) {
  const std::string body = kDescribeTableAnswer;
  for (auto _ : state) {
    nlohmann::json answer = ParseAnswer(body);
    benchmark::DoNotOptimize(answer);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(body.size()));
  state.SetLabel(std::to_string(body.size()) + " bytes");
}
BENCHMARK(ParseDescribeTableAnswer);

void DecodeDescribeTableTyped(benchmark::State& state) {
  const nlohmann::json answer = ParseAnswer(kDescribeTableAnswer);
  for (auto _ : state) {
    dynamodb::TableDescription table = DecodeTable(answer);
    benchmark::DoNotOptimize(table);
  }
}
BENCHMARK(DecodeDescribeTableTyped);

void DescribeTableRequestPath(benchmark::State& state) {
  const std::string body = kDescribeTableAnswer;
  for (auto _ : state) {
    HttpRequest request = BuildRequest({{"TableName", "orders"}});
    SignInPlace(request);
    benchmark::DoNotOptimize(request);
    nlohmann::json answer = ParseAnswer(body);
    benchmark::DoNotOptimize(answer);
  }
}
BENCHMARK(DescribeTableRequestPath);

void DescribeTableTypedPath(benchmark::State& state) {
  const std::string body = kDescribeTableAnswer;
  for (auto _ : state) {
    HttpRequest request = BuildRequest({{"TableName", "orders"}});
    SignInPlace(request);
    benchmark::DoNotOptimize(request);
    dynamodb::TableDescription table = DecodeTable(ParseAnswer(body));
    benchmark::DoNotOptimize(table);
  }
}
BENCHMARK(DescribeTableTypedPath);

void DecodeKmsDescribeKey(benchmark::State& state) {
  const std::string body = kDescribeKeyAnswer;
  for (auto _ : state) {
    nlohmann::json answer = ParseAnswer(body);
    Result<kms::KeyMetadata> key = kms::DecodeKeyMetadata(answer.at("KeyMetadata"));
    if (!key.ok()) std::abort();
    benchmark::DoNotOptimize(key);
  }
}
BENCHMARK(DecodeKmsDescribeKey);

}  // namespace
}  // namespace tk::aws
