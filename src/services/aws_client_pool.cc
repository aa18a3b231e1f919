#include "services/aws_client_pool.h"

#include <utility>

#include "aws/service_model.h"

namespace tk::services {

struct ServiceClientPool::RegionClients {
  std::unique_ptr<aws::ServiceClient> dynamodb_service;
  std::unique_ptr<aws::ServiceClient> kms_service;
  std::unique_ptr<aws::dynamodb::DynamoDbClient> dynamodb;
  std::unique_ptr<aws::kms::Client> kms;
};

namespace {

std::unique_ptr<TokenBucket> BucketFor(double qps, int burst) {
  if (qps <= 0) return nullptr;
  return std::make_unique<TokenBucket>(qps, burst > 0 ? burst : 1);
}

}  // namespace

ServiceClientPool::ServiceClientPool(ServiceClientPoolOptions options, aws::CredentialsSource& credentials,
                                     aws::CallMetrics& metrics)
    : options_(std::move(options)),
      credentials_(credentials),
      metrics_(metrics),
      dynamodb_bucket_(BucketFor(options_.dynamodb_qps, options_.burst)),
      kms_bucket_(BucketFor(options_.kms_qps, options_.burst)) {}

ServiceClientPool::~ServiceClientPool() = default;

Result<ServiceClientPool::RegionClients*> ServiceClientPool::ClientsFor(const std::string& region) {
  std::lock_guard lock(mutex_);
  auto found = regions_.find(region);
  if (found != regions_.end()) return found->second.get();

  auto clients = std::make_unique<RegionClients>();
  aws::ServiceClientOptions dynamodb_options = options_.client;
  dynamodb_options.region = region;
  dynamodb_options.metrics = &metrics_;
  dynamodb_options.rate_limit = dynamodb_bucket_.get();
  auto dynamodb = aws::ServiceClient::Create(aws::kDynamoDbModel, dynamodb_options, credentials_, http_);
  if (!dynamodb.ok()) return dynamodb.status();

  aws::ServiceClientOptions kms_options = options_.client;
  kms_options.region = region;
  kms_options.metrics = &metrics_;
  kms_options.rate_limit = kms_bucket_.get();
  auto kms = aws::ServiceClient::Create(aws::kKmsModel, kms_options, credentials_, http_);
  if (!kms.ok()) return kms.status();

  clients->dynamodb_service = std::move(dynamodb).value();
  clients->kms_service = std::move(kms).value();
  clients->dynamodb = std::make_unique<aws::dynamodb::DynamoDbClient>(*clients->dynamodb_service);
  clients->kms = std::make_unique<aws::kms::Client>(*clients->kms_service);
  RegionClients* result = clients.get();
  regions_.emplace(region, std::move(clients));
  return result;
}

Result<aws::dynamodb::DynamoDbClient*> ServiceClientPool::DynamoDb(const std::string& region) {
  auto clients = ClientsFor(region);
  if (!clients.ok()) return clients.status();
  return (*clients)->dynamodb.get();
}

Result<aws::kms::Client*> ServiceClientPool::Kms(const std::string& region) {
  auto clients = ClientsFor(region);
  if (!clients.ok()) return clients.status();
  return (*clients)->kms.get();
}

}  // namespace tk::services
