// KeyIdentityResolver over a scripted KMS: which names cost a call, the
// cache's lifetime and invalidation, errors, and single flight (concurrent
// callers for one name share one DescribeKey), with a transport that blocks
// and counts. The four forms against the emulator:
// test/integration/services/kms_managers_test.cc.
#include "services/kms/key_identity_resolver.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "scripted_kms.h"

namespace tk::services::kms {
namespace {

using testing::KeyArn;
using testing::KeyMetadataAnswer;
using testing::kKeyId;
using testing::kOtherKeyId;
using testing::kRegion;

// A gate the scripted KMS blocks on until the test opens it.
class Gate {
 public:
  void Open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  void Pass() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return open_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
};

// Polls `condition` until it holds; fails the test after 10 s.
template <typename Condition>
void Eventually(Condition condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!condition()) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "condition never held";
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

class KeyIdentityResolverTest : public ::testing::Test {
 protected:
  KeyIdentityResolverTest() {
    // By default every DescribeKey names kKeyId, counted.
    kms_.Handle([this](const testing::SentCall& call) {
      ++describes_;
      EXPECT_EQ(call.operation, "DescribeKey");
      return aws::AwsResult<nlohmann::json>(KeyMetadataAnswer(kKeyId));
    });
  }

  KeyIdentityResolverOptions Options() {
    KeyIdentityResolverOptions options;
    options.clock = &clock_;
    return options;
  }

  std::string Resolve(const std::string& name, const std::string& region = kRegion) {
    Result<std::string> arn = resolver_.KeyArnOf(region, name);
    EXPECT_TRUE(arn.ok()) << name << ": " << arn.status().ToString();
    return arn.ok() ? *arn : "";
  }

  ManualClock clock_;
  testing::ScriptedKms kms_;
  testing::ScriptedClientPool pool_{kms_};
  std::atomic<int> describes_{0};
  KeyIdentityResolver resolver_{pool_, Options()};
};

TEST_F(KeyIdentityResolverTest, AKeyArnIsAnsweredWithoutACall) {
  EXPECT_EQ(Resolve(KeyArn(kKeyId)), KeyArn(kKeyId));
  EXPECT_EQ(describes_, 0);
}

TEST_F(KeyIdentityResolverTest, EveryOtherFormCostsOneDescribeKeyPerLifetime) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Resolve("alias/orders"), KeyArn(kKeyId));
    EXPECT_EQ(Resolve("arn:aws:kms:us-east-1:111122223333:alias/orders"), KeyArn(kKeyId));
  }
  EXPECT_EQ(describes_, 2);
  EXPECT_EQ(Resolve(kKeyId), KeyArn(kKeyId));  // filled by the alias's answer
  EXPECT_EQ(describes_, 2);

  clock_.Advance(std::chrono::minutes(5) - std::chrono::milliseconds(1));
  Resolve("alias/orders");
  EXPECT_EQ(describes_, 2);
  clock_.Advance(std::chrono::milliseconds(1));
  Resolve("alias/orders");
  Resolve(kKeyId);  // refreshed by the alias's new answer
  EXPECT_EQ(describes_, 3);
  clock_.Advance(std::chrono::minutes(5));
  Resolve(kKeyId);
  EXPECT_EQ(describes_, 4);
}

TEST_F(KeyIdentityResolverTest, WhatIsSentIsTheNameAsGivenInItsOwnRegion) {
  Resolve("arn:aws:kms:eu-west-1:111122223333:alias/orders");
  Resolve("alias/orders", "ap-south-1");
  const std::vector<testing::SentCall> sent = kms_.sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].region, "eu-west-1");
  EXPECT_EQ(sent[0].input["KeyId"], "arn:aws:kms:eu-west-1:111122223333:alias/orders");
  EXPECT_EQ(sent[1].region, "ap-south-1");
  EXPECT_EQ(sent[1].input["KeyId"], "alias/orders");
}

TEST_F(KeyIdentityResolverTest, CachesArePerRegion) {
  Resolve("alias/orders", "us-east-1");
  Resolve("alias/orders", "us-west-2");
  EXPECT_EQ(describes_, 2);
}

TEST_F(KeyIdentityResolverTest, InvalidateAliasDropsTheAliasInBothFormsOnly) {
  Resolve("alias/orders");
  Resolve("arn:aws:kms:us-east-1:111122223333:alias/orders");
  Resolve("alias/other");
  EXPECT_EQ(describes_, 3);

  resolver_.InvalidateAlias(kRegion, "alias/orders");
  Resolve("alias/other");
  Resolve(kKeyId);
  EXPECT_EQ(describes_, 3);
  Resolve("alias/orders");
  Resolve("arn:aws:kms:us-east-1:111122223333:alias/orders");
  EXPECT_EQ(describes_, 5);

  resolver_.InvalidateAlias("us-west-2", "alias/orders");  // another region: kept
  Resolve("alias/orders");
  EXPECT_EQ(describes_, 5);
}

TEST_F(KeyIdentityResolverTest, ANewTargetIsSeenAfterInvalidation) {
  Resolve("alias/orders");
  kms_.Answer("DescribeKey", KeyMetadataAnswer(kOtherKeyId));
  resolver_.InvalidateAlias(kRegion, "alias/orders");
  EXPECT_EQ(Resolve("alias/orders"), KeyArn(kOtherKeyId));
}

TEST_F(KeyIdentityResolverTest, NotFoundNamesTheKeyAndIsNotCached) {
  kms_.Fail("DescribeKey", testing::KmsError("NotFoundException", "Alias not found"));
  Result<std::string> missing = resolver_.KeyArnOf(kRegion, "alias/missing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  EXPECT_NE(missing.status().message().find("\"alias/missing\" in us-east-1"), std::string::npos)
      << missing.status().message();
  EXPECT_NE(missing.status().message().find("no such key or alias"), std::string::npos);

  EXPECT_EQ(Resolve("alias/missing"), KeyArn(kKeyId));  // asked again, now there
}

TEST_F(KeyIdentityResolverTest, OtherErrorsKeepTheirCode) {
  aws::AwsError throttled = testing::KmsError("ThrottlingException");
  kms_.Fail("DescribeKey", throttled);
  Result<std::string> arn = resolver_.KeyArnOf(kRegion, "alias/orders");
  ASSERT_FALSE(arn.ok());
  EXPECT_EQ(arn.status().code(), Code::kThrottled);
}

TEST_F(KeyIdentityResolverTest, MalformedNamesAreRefusedWithoutACall) {
  for (const char* name : {"orders", "", "arn:aws:kms:us-east-1:1:key/x"}) {
    Result<std::string> arn = resolver_.KeyArnOf(kRegion, name);
    ASSERT_FALSE(arn.ok()) << name;
    EXPECT_EQ(arn.status().code(), Code::kInvalidArgument);
  }
  Result<std::string> no_region = resolver_.KeyArnOf("", "alias/orders");
  ASSERT_FALSE(no_region.ok());
  EXPECT_EQ(no_region.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(describes_, 0);
}

TEST_F(KeyIdentityResolverTest, ConcurrentCallersForOneNameShareOneDescribeKey) {
  Gate gate;
  kms_.Handle([&](const testing::SentCall&) {
    ++describes_;
    gate.Pass();
    return aws::AwsResult<nlohmann::json>(KeyMetadataAnswer(kKeyId));
  });
  constexpr int kCallers = 8;
  std::vector<std::string> answers(kCallers);
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] { answers[static_cast<size_t>(i)] = Resolve("alias/orders"); });
  }
  // One caller is in DescribeKey, every other one waits for its answer.
  Eventually([&] {
    return describes_ == 1 && resolver_.WaitingCallersForTest() == kCallers - 1;
  });
  gate.Open();
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(describes_, 1);
  for (const std::string& answer : answers) EXPECT_EQ(answer, KeyArn(kKeyId));
}

TEST_F(KeyIdentityResolverTest, WaitersShareAFailureToo) {
  Gate gate;
  kms_.Handle([&](const testing::SentCall&) {
    ++describes_;
    gate.Pass();
    return aws::AwsResult<nlohmann::json>(testing::KmsError("NotFoundException"));
  });
  std::vector<Code> codes(3);
  std::vector<std::thread> callers;
  for (size_t i = 0; i < codes.size(); ++i) {
    callers.emplace_back(
        [&, i] { codes[i] = resolver_.KeyArnOf(kRegion, "alias/x").status().code(); });
  }
  Eventually([&] { return describes_ == 1 && resolver_.WaitingCallersForTest() == 2; });
  gate.Open();
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(describes_, 1);
  for (Code code : codes) EXPECT_EQ(code, Code::kNotFound);
}

TEST_F(KeyIdentityResolverTest, ASlowNameDoesNotHoldUpOthers) {
  Gate gate;
  kms_.Handle([&](const testing::SentCall& call) {
    ++describes_;
    if (call.input["KeyId"] == "alias/slow") gate.Pass();
    return aws::AwsResult<nlohmann::json>(KeyMetadataAnswer(kKeyId));
  });
  std::thread slow([&] { Resolve("alias/slow"); });
  Eventually([&] { return describes_ == 1; });
  EXPECT_EQ(Resolve("alias/fast"), KeyArn(kKeyId));  // answered while alias/slow is out
  gate.Open();
  slow.join();
  EXPECT_EQ(describes_, 2);
}

TEST_F(KeyIdentityResolverTest, AnAnswerInFlightDuringInvalidationIsNotCached) {
  Gate gate;
  kms_.Handle([&](const testing::SentCall&) {
    const int call = ++describes_;
    if (call == 1) gate.Pass();
    return aws::AwsResult<nlohmann::json>(KeyMetadataAnswer(call == 1 ? kKeyId : kOtherKeyId));
  });
  std::thread first([&] { EXPECT_EQ(Resolve("alias/orders"), KeyArn(kKeyId)); });
  Eventually([&] { return describes_ == 1; });
  resolver_.InvalidateAlias(kRegion, "alias/orders");  // e.g. UpdateAlias just happened
  // A caller after the invalidation does not join the stale flight.
  EXPECT_EQ(Resolve("alias/orders"), KeyArn(kOtherKeyId));
  gate.Open();
  first.join();
  EXPECT_EQ(Resolve("alias/orders"), KeyArn(kOtherKeyId));  // the stale answer was not kept
  EXPECT_EQ(describes_, 2);
}

}  // namespace
}  // namespace tk::services::kms
