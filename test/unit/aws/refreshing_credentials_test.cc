#include "aws/refreshing_credentials.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <future>
#include <thread>
#include <vector>

#include "aws/credential_time.h"

namespace tk::aws {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;
using std::chrono::minutes;
using std::chrono::seconds;

// Bounds every real-time wait of these tests: a bug fails, never hangs.
constexpr std::chrono::seconds kHangLimit{20};

// Answers with `answer(n)` at its n-th fetch (from 1).
class ScriptedProvider final : public CredentialProvider {
 public:
  explicit ScriptedProvider(std::function<Result<ExpiringCredentials>(int)> answer)
      : answer_(std::move(answer)) {}
  std::string Name() const override { return "scripted source"; }
  Result<ExpiringCredentials> Fetch() override { return answer_(++calls); }
  std::atomic<int> calls{0};

 private:
  std::function<Result<ExpiringCredentials>(int)> answer_;
};

class RefreshingCredentialsTest : public ::testing::Test {
 protected:
  // Credentials "K<n>" valid for `lifetime` from now.
  Result<ExpiringCredentials> Issue(int n, std::chrono::seconds lifetime = minutes(60)) {
    ExpiringCredentials credentials;
    credentials.credentials = {"K" + std::to_string(n), "secret-" + std::to_string(n),
                               "token-" + std::to_string(n)};
    credentials.expiration = clock_.WallNow() + lifetime;
    return credentials;
  }

  std::shared_ptr<RefreshingCredentials> Source(std::shared_ptr<ScriptedProvider> provider,
                                                RefreshOptions options = {}) {
    options.warn = [this](const std::string& message) {
      std::lock_guard lock(mutex_);
      warnings_.push_back(message);
    };
    return std::make_shared<RefreshingCredentials>(std::move(provider), clock_, std::move(options));
  }

  std::string KeyId(RefreshingCredentials& source) {
    Result<Credentials> credentials = source.Get();
    EXPECT_TRUE(credentials.ok()) << credentials.status().ToString();
    return credentials.ok() ? credentials->access_key_id : "";
  }

  std::vector<std::string> warnings() {
    std::lock_guard lock(mutex_);
    return warnings_;
  }

  ManualClock clock_{*ParseCredentialTime("2030-01-01T00:00:00Z")};
  std::mutex mutex_;
  std::vector<std::string> warnings_;
};

TEST_F(RefreshingCredentialsTest, ServesTheCacheUntilFiveMinutesBeforeExpiry) {
  auto provider = std::make_shared<ScriptedProvider>([&](int n) { return Issue(n); });
  auto source = Source(provider);
  EXPECT_EQ(KeyId(*source), "K1");
  clock_.Advance(minutes(54));
  EXPECT_EQ(KeyId(*source), "K1");
  clock_.Advance(seconds(59));
  EXPECT_EQ(KeyId(*source), "K1");
  EXPECT_EQ(provider->calls, 1);
  clock_.Advance(seconds(2));  // 55:01, less than 5 minutes left
  EXPECT_EQ(KeyId(*source), "K2");
  EXPECT_EQ(KeyId(*source), "K2");
  EXPECT_EQ(provider->calls, 2);
  clock_.Advance(minutes(55) + seconds(1));
  EXPECT_EQ(KeyId(*source), "K3");
}

TEST_F(RefreshingCredentialsTest, TheRefreshWindowIsConfigurable) {
  auto provider = std::make_shared<ScriptedProvider>([&](int n) { return Issue(n); });
  RefreshOptions options;
  options.refresh_before_expiry = minutes(1);
  auto source = Source(provider, options);
  EXPECT_EQ(KeyId(*source), "K1");
  clock_.Advance(minutes(58) + seconds(59));
  EXPECT_EQ(KeyId(*source), "K1");
  clock_.Advance(seconds(2));
  EXPECT_EQ(KeyId(*source), "K2");
}

TEST_F(RefreshingCredentialsTest, CredentialsWithoutExpirationAreFetchedOnce) {
  auto provider = std::make_shared<ScriptedProvider>([](int) -> Result<ExpiringCredentials> {
    return ExpiringCredentials{{"STATIC", "s", ""}, std::nullopt};
  });
  auto source = Source(provider);
  EXPECT_EQ(KeyId(*source), "STATIC");
  clock_.Advance(std::chrono::hours(24 * 365));
  EXPECT_EQ(KeyId(*source), "STATIC");
  EXPECT_EQ(provider->calls, 1);
}

TEST_F(RefreshingCredentialsTest, AFailedRefreshKeepsServingValidCredentialsAndWarns) {
  auto provider = std::make_shared<ScriptedProvider>([&](int n) -> Result<ExpiringCredentials> {
    if (n == 1) return Issue(1);
    return Status(Code::kUnavailable, "scripted source: endpoint timed out");
  });
  auto source = Source(provider);
  EXPECT_EQ(KeyId(*source), "K1");
  clock_.Advance(minutes(56));
  EXPECT_EQ(KeyId(*source), "K1");
  EXPECT_EQ(provider->calls, 2);
  ASSERT_THAT(warnings(), SizeIs(1));
  EXPECT_THAT(warnings()[0], HasSubstr("refreshing AWS credentials from scripted source failed"));
  EXPECT_THAT(warnings()[0], HasSubstr("expire at 2030-01-01T01:00:00Z"));
  EXPECT_THAT(warnings()[0], HasSubstr("endpoint timed out"));
  EXPECT_THAT(warnings()[0], Not(HasSubstr("secret-1")));
  EXPECT_THAT(warnings()[0], Not(HasSubstr("token-1")));

  // No new attempt within the retry interval (10 s), then one more.
  clock_.Advance(seconds(9));
  EXPECT_EQ(KeyId(*source), "K1");
  EXPECT_EQ(provider->calls, 2);
  clock_.Advance(seconds(2));
  EXPECT_EQ(KeyId(*source), "K1");
  EXPECT_EQ(provider->calls, 3);
  EXPECT_THAT(warnings(), SizeIs(2));

  // Once expired, the failure reaches the caller.
  clock_.Advance(minutes(5));
  Result<Credentials> credentials = source->Get();
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), Code::kUnavailable);
  EXPECT_THAT(credentials.status().message(), HasSubstr("endpoint timed out"));
}

TEST_F(RefreshingCredentialsTest, ErrorsUseTheCodesOfTheCredentialsSourceContract) {
  const std::vector<std::pair<Code, Code>> cases{
      {Code::kUnavailable, Code::kUnavailable},     {Code::kThrottled, Code::kUnavailable},
      {Code::kInvalidArgument, Code::kUnauthenticated}, {Code::kNotFound, Code::kUnauthenticated},
      {Code::kPermissionDenied, Code::kUnauthenticated}, {Code::kInternal, Code::kUnauthenticated}};
  for (const auto& [from, to] : cases) {
    auto provider = std::make_shared<ScriptedProvider>(
        [from = from](int) -> Result<ExpiringCredentials> { return Status(from, "failed"); });
    Result<Credentials> credentials = Source(provider)->Get();
    ASSERT_FALSE(credentials.ok());
    EXPECT_EQ(credentials.status().code(), to) << CodeName(from);
    EXPECT_EQ(credentials.status().message(), "failed");
  }
}

TEST_F(RefreshingCredentialsTest, WithoutUsableCredentialsEveryCallTriesAgain) {
  auto provider = std::make_shared<ScriptedProvider>([&](int n) -> Result<ExpiringCredentials> {
    if (n < 3) return Status(Code::kUnavailable, "down");
    return Issue(n);
  });
  auto source = Source(provider);
  EXPECT_FALSE(source->Get().ok());
  EXPECT_FALSE(source->Get().ok());
  EXPECT_EQ(KeyId(*source), "K3");
}

TEST_F(RefreshingCredentialsTest, CredentialsAlreadyDueAreFetchedAtMostOncePerRetryInterval) {
  auto provider = std::make_shared<ScriptedProvider>([&](int n) { return Issue(n, minutes(2)); });
  auto source = Source(provider);
  EXPECT_EQ(KeyId(*source), "K1");
  EXPECT_EQ(KeyId(*source), "K1");
  EXPECT_EQ(provider->calls, 1);
  clock_.Advance(seconds(10));
  EXPECT_EQ(KeyId(*source), "K2");
  EXPECT_EQ(provider->calls, 2);
}

TEST_F(RefreshingCredentialsTest, ConcurrentCallersShareOneFetch) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> entered{false};
  auto provider = std::make_shared<ScriptedProvider>([&](int n) {
    entered = true;
    released.wait_for(kHangLimit);
    return Issue(n);
  });
  auto source = Source(provider);

  constexpr int kThreads = 16;
  std::atomic<int> started{0};
  std::vector<std::future<Result<Credentials>>> results;
  for (int i = 0; i < kThreads; ++i) {
    results.push_back(std::async(std::launch::async, [&] {
      ++started;
      return source->Get();
    }));
  }
  const auto give_up = std::chrono::steady_clock::now() + kHangLimit;
  while ((started < kThreads || !entered) && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let the callers reach the wait
  release.set_value();
  for (auto& result : results) {
    ASSERT_EQ(result.wait_for(kHangLimit), std::future_status::ready);
    Result<Credentials> credentials = result.get();
    ASSERT_TRUE(credentials.ok());
    EXPECT_EQ(credentials->access_key_id, "K1");
  }
  EXPECT_EQ(provider->calls, 1);
}

TEST_F(RefreshingCredentialsTest, WhileOneCallerRefreshesOthersGetTheValidCredentialsAtOnce) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> refreshing{false};
  auto provider = std::make_shared<ScriptedProvider>([&](int n) {
    if (n == 2) {
      refreshing = true;
      released.wait_for(kHangLimit);
    }
    return Issue(n);
  });
  auto source = Source(provider);
  EXPECT_EQ(KeyId(*source), "K1");
  clock_.Advance(minutes(56));

  auto refresher = std::async(std::launch::async, [&] { return source->Get(); });
  const auto give_up = std::chrono::steady_clock::now() + kHangLimit;
  while (!refreshing && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_TRUE(refreshing);
  auto other = std::async(std::launch::async, [&] { return source->Get(); });
  ASSERT_EQ(other.wait_for(kHangLimit), std::future_status::ready);
  EXPECT_EQ(other.get()->access_key_id, "K1");  // did not wait for the refresh

  release.set_value();
  ASSERT_EQ(refresher.wait_for(kHangLimit), std::future_status::ready);
  EXPECT_EQ(refresher.get()->access_key_id, "K2");
  EXPECT_EQ(KeyId(*source), "K2");
  EXPECT_EQ(provider->calls, 2);
}

TEST_F(RefreshingCredentialsTest, CallersWaitingOnAFailedFetchShareItsError) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> entered{false};
  auto provider = std::make_shared<ScriptedProvider>([&](int) -> Result<ExpiringCredentials> {
    entered = true;
    released.wait_for(kHangLimit);
    return Status(Code::kUnauthenticated, "refused");
  });
  auto source = Source(provider);
  constexpr int kThreads = 8;
  std::atomic<int> started{0};
  std::vector<std::future<Result<Credentials>>> results;
  for (int i = 0; i < kThreads; ++i) {
    results.push_back(std::async(std::launch::async, [&] {
      ++started;
      return source->Get();
    }));
  }
  const auto give_up = std::chrono::steady_clock::now() + kHangLimit;
  while ((started < kThreads || !entered) && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  release.set_value();
  for (auto& result : results) {
    ASSERT_EQ(result.wait_for(kHangLimit), std::future_status::ready);
    Result<Credentials> credentials = result.get();
    ASSERT_FALSE(credentials.ok());
    EXPECT_EQ(credentials.status().message(), "refused");
  }
  // Callers that were waiting took the shared outcome; one that arrived
  // after it may have tried again.
  EXPECT_GE(provider->calls, 1);
  EXPECT_LT(provider->calls, kThreads);
}

}  // namespace
}  // namespace tk::aws
