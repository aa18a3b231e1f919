// KeyIdentityResolver against the AWS emulator: the four names of a key give
// the same key ARN, with one DescribeKey per name within the cache lifetime
// (counted by the controller's call metrics and seen by the emulator).
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "kms_test_world.h"

namespace tk::services::kms::testing {
namespace {

class KmsKeyIdentityTest : public KmsWorld {};

TEST_F(KmsKeyIdentityTest, FourNamesOneArnOneDescribeKeyPerName) {
  aws::kms::KeyMetadata key = NewKey("tablekeeper identity");
  ASSERT_TRUE(key.arn.has_value());
  const std::string alias = "alias/tk-" + Unique("identity");
  ASSERT_TRUE(kms().CreateAlias(alias, key.key_id).ok());
  const std::string alias_arn = fmt::format("arn:aws:kms:{}:{}:{}", kRegion, kAccount, alias);

  KeyIdentityResolver resolver(*pool_, {});
  const long long metrics_before = metrics_.Calls("kms", "DescribeKey");
  const long long emulator_before = emulator_.Count("kms:DescribeKey");
  // The key id first: an alias's answer would fill its entry for free.
  for (int round = 0; round < 3; ++round) {
    for (const std::string& name : {key.key_id, alias, alias_arn, *key.arn}) {
      Result<std::string> arn = resolver.KeyArnOf(kRegion, name);
      ASSERT_TRUE(arn.ok()) << name << ": " << arn.status().ToString();
      EXPECT_EQ(*arn, *key.arn) << name;
    }
  }
  // Key id, alias name and alias ARN once each; the key ARN never.
  EXPECT_EQ(metrics_.Calls("kms", "DescribeKey") - metrics_before, 3);
  EXPECT_GE(emulator_.Count("kms:DescribeKey") - emulator_before, 3);
}

TEST_F(KmsKeyIdentityTest, ConcurrentCallersShareOneDescribeKey) {
  aws::kms::KeyMetadata key = NewKey("tablekeeper identity concurrent");
  const std::string alias = "alias/tk-" + Unique("concurrent");
  ASSERT_TRUE(kms().CreateAlias(alias, key.key_id).ok());
  // Each DescribeKey takes 300 ms, so the callers overlap.
  emulator_.AddFault({{"match", "kms:DescribeKey"}, {"latency_ms", 300}});

  KeyIdentityResolver resolver(*pool_, {});
  const long long before = metrics_.Calls("kms", "DescribeKey");
  std::vector<std::thread> callers;
  std::vector<std::string> answers(6);
  for (size_t i = 0; i < answers.size(); ++i) {
    callers.emplace_back([&, i] {
      Result<std::string> arn = resolver.KeyArnOf(kRegion, alias);
      answers[i] = arn.ok() ? *arn : arn.status().ToString();
    });
  }
  for (std::thread& caller : callers) caller.join();
  emulator_.RemoveFaults();
  for (const std::string& answer : answers) EXPECT_EQ(answer, *key.arn);
  EXPECT_EQ(metrics_.Calls("kms", "DescribeKey") - before, 1);
}

TEST_F(KmsKeyIdentityTest, MissingNamesAreNotFound) {
  KeyIdentityResolver resolver(*pool_, {});
  for (const std::string& name : {"alias/tk-" + Unique("missing"),
                                  std::string("00000000-0000-4000-8000-000000000000")}) {
    Result<std::string> arn = resolver.KeyArnOf(kRegion, name);
    ASSERT_FALSE(arn.ok()) << name;
    EXPECT_EQ(arn.status().code(), Code::kNotFound) << arn.status().ToString();
  }
}

}  // namespace
}  // namespace tk::services::kms::testing
