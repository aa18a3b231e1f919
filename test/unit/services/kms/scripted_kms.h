// Test support for the KMS managers' unit tests: a KMS that answers from a
// script, and an AwsClientPool whose kms::Clients talk to it. For cases no
// emulator produces (and plan logic); every manager also runs against the
// emulator in test/integration/services/kms_managers_test.cc.
#pragma once

#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/kms_client.h"
#include "services/aws_client_pool.h"

namespace tk::services::kms::testing {

struct SentCall {
  std::string region;
  std::string operation;
  nlohmann::json input;
};

inline aws::AwsError KmsError(std::string code, std::string message = "scripted") {
  aws::AwsError error;
  error.service = "kms";
  error.code = std::move(code);
  error.message = std::move(message);
  error.http_status = 400;
  return error;
}

// Answers KMS calls. Scripted answers (Answer) are used first, in order,
// whatever the operation: the test states the exact sequence of calls. Once
// they are used up, a handler set with Handle answers (it may block: the
// single-flight tests use that). A call neither can answer fails the test.
// Thread-safe.
class ScriptedKms {
 public:
  using Handler = std::function<aws::AwsResult<nlohmann::json>(const SentCall&)>;

  void Answer(std::string operation, nlohmann::json answer) {
    std::lock_guard lock(mutex_);
    script_.push_back({std::move(operation), aws::AwsResult<nlohmann::json>(std::move(answer))});
  }
  void Fail(std::string operation, aws::AwsError error) {
    error.operation = operation;
    std::lock_guard lock(mutex_);
    script_.push_back({std::move(operation), aws::AwsResult<nlohmann::json>(std::move(error))});
  }
  void Handle(Handler handler) {
    std::lock_guard lock(mutex_);
    handler_ = std::move(handler);
  }

  aws::AwsResult<nlohmann::json> Call(const std::string& region, std::string_view operation,
                                      const nlohmann::json& input) {
    SentCall call{region, std::string(operation), input};
    Handler handler;
    {
      std::lock_guard lock(mutex_);
      sent_.push_back(call);
      if (!script_.empty()) {
        Scripted next = std::move(script_.front());
        script_.pop_front();
        EXPECT_EQ(next.operation, operation) << "input " << input.dump();
        return std::move(next.answer);
      }
      handler = handler_;
    }
    if (handler) return handler(call);
    ADD_FAILURE() << "unscripted KMS call " << operation << " " << input.dump();
    return aws::AwsResult<nlohmann::json>(Status(Code::kInternal, "unscripted"));
  }

  std::vector<SentCall> sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  // The operations sent, in order.
  std::vector<std::string> operations() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> names;
    for (const SentCall& call : sent_) names.push_back(call.operation);
    return names;
  }
  size_t unused() const {
    std::lock_guard lock(mutex_);
    return script_.size();
  }

 private:
  struct Scripted {
    std::string operation;
    aws::AwsResult<nlohmann::json> answer;
  };
  mutable std::mutex mutex_;
  std::deque<Scripted> script_;
  Handler handler_;
  std::vector<SentCall> sent_;
};

// An AwsClientPool whose KMS clients, one per region, send to `kms`.
class ScriptedClientPool final : public AwsClientPool {
 public:
  explicit ScriptedClientPool(ScriptedKms& kms) : kms_(kms) {}

  Result<aws::dynamodb::DynamoDbClient*> DynamoDb(const std::string& region) override {
    return Status(Code::kInternal, "no DynamoDB in the KMS tests: " + region);
  }
  Result<aws::kms::Client*> Kms(const std::string& region) override {
    if (region.empty()) return Status(Code::kInvalidArgument, "region is empty");
    std::lock_guard lock(mutex_);
    std::unique_ptr<aws::kms::Client>& client = clients_[region];
    if (!client) {
      client = std::make_unique<aws::kms::Client>(
          [this, region](std::string_view operation, const nlohmann::json& input) {
            return kms_.Call(region, operation, input);
          });
    }
    return client.get();
  }

 private:
  ScriptedKms& kms_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<aws::kms::Client>> clients_;
};

inline constexpr char kRegion[] = "us-east-1";
inline constexpr char kAccount[] = "111122223333";
inline constexpr char kKeyId[] = "1234abcd-12ab-34cd-56ef-1234567890ab";
inline constexpr char kOtherKeyId[] = "0987dcba-09fe-87dc-65ba-ab0987654321";

inline std::string KeyArn(std::string_view key_id, std::string_view region = kRegion) {
  return "arn:aws:kms:" + std::string(region) + ":" + kAccount + ":key/" + std::string(key_id);
}

// A DescribeKey/CreateKey answer for an enabled symmetric key.
inline nlohmann::json KeyMetadataAnswer(std::string_view key_id, nlohmann::json extra = {}) {
  nlohmann::json metadata = {{"KeyId", key_id},
                             {"Arn", KeyArn(key_id)},
                             {"AWSAccountId", kAccount},
                             {"CreationDate", 1700000000.5},
                             {"Enabled", true},
                             {"Description", ""},
                             {"KeyUsage", "ENCRYPT_DECRYPT"},
                             {"KeyState", "Enabled"},
                             {"Origin", "AWS_KMS"},
                             {"KeyManager", "CUSTOMER"},
                             {"KeySpec", "SYMMETRIC_DEFAULT"},
                             {"CustomerMasterKeySpec", "SYMMETRIC_DEFAULT"},
                             {"EncryptionAlgorithms", {"SYMMETRIC_DEFAULT"}},
                             {"MultiRegion", false}};
  if (extra.is_object()) metadata.update(extra);
  return {{"KeyMetadata", metadata}};
}

}  // namespace tk::services::kms::testing
