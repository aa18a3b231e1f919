// AwsClientPool: the AWS clients the resource managers call, one set per
// region, made on first use and kept for the life of the controller.
//
// Every client of one pool shares the credentials, the HTTP connections, the
// call metrics and the per-service token buckets (DESIGN.md section 3: a
// client-side bucket per AWS service bounds the call rate of the whole
// controller, whatever the region).
//
// Thread-safe. The clients returned live as long as the pool.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "aws/call_metrics.h"
#include "aws/credentials_source.h"
#include "aws/dynamodb_client.h"
#include "aws/kms_client.h"
#include "aws/service_client.h"
#include "http/http_client.h"
#include "util/status.h"
#include "util/token_bucket.h"

namespace tk::services {

class AwsClientPool {
 public:
  virtual ~AwsClientPool() = default;
  // kInvalidArgument for a malformed region (the message names it).
  virtual Result<aws::dynamodb::DynamoDbClient*> DynamoDb(const std::string& region) = 0;
  virtual Result<aws::kms::Client*> Kms(const std::string& region) = 0;
};

struct ServiceClientPoolOptions {
  // Per-client settings; `region`, `metrics` and `rate_limit` are set by
  // the pool.
  aws::ServiceClientOptions client;
  // Calls per second and burst of each service's bucket; zero: no bound.
  double dynamodb_qps = 0;
  double kms_qps = 0;
  int burst = 10;
};

// The pool over real service clients.
class ServiceClientPool final : public AwsClientPool {
 public:
  // `credentials` and `metrics` are borrowed and must outlive the pool.
  ServiceClientPool(ServiceClientPoolOptions options, aws::CredentialsSource& credentials,
                    aws::CallMetrics& metrics);
  ~ServiceClientPool() override;

  Result<aws::dynamodb::DynamoDbClient*> DynamoDb(const std::string& region) override;
  Result<aws::kms::Client*> Kms(const std::string& region) override;

 private:
  struct RegionClients;
  Result<RegionClients*> ClientsFor(const std::string& region);

  const ServiceClientPoolOptions options_;
  aws::CredentialsSource& credentials_;
  aws::CallMetrics& metrics_;
  http::HttpClient http_;
  std::unique_ptr<TokenBucket> dynamodb_bucket_;  // null: unbounded
  std::unique_ptr<TokenBucket> kms_bucket_;

  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<RegionClients>> regions_;  // guarded by mutex_
};

}  // namespace tk::services
