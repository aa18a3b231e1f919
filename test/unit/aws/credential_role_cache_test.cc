#include "aws/credential_role_cache.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/credential_time.h"
#include "credential_test_support.h"

namespace tk::aws {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;
using testing::FakeRoleAssumer;

class AssumeRoleCredentialsCacheTest : public ::testing::Test {
 protected:
  AssumeRoleCredentialsCacheTest() { sts_->expiration = clock_.WallNow() + std::chrono::hours(1); }

  AssumeRoleRequest Role(std::string arn, std::optional<std::string> external_id = std::nullopt,
                         std::string session = "") {
    AssumeRoleRequest request;
    request.role_arn = std::move(arn);
    request.external_id = std::move(external_id);
    request.role_session_name = std::move(session);
    return request;
  }

  ManualClock clock_{*ParseCredentialTime("2030-01-01T00:00:00Z")};
  std::shared_ptr<FakeRoleAssumer> sts_ = std::make_shared<FakeRoleAssumer>();
  CredentialsSourceSharedPtr base_ =
      std::make_shared<StaticCredentialsSource>(Credentials{"AKIDCONTROLLER", "controller-secret", ""});
  AssumeRoleCredentialsCache cache_{sts_, base_, clock_};
};

TEST_F(AssumeRoleCredentialsCacheTest, OneSourcePerRoleExternalIdAndSessionName) {
  auto a = cache_.For(Role("arn:aws:iam::1:role/a"));
  EXPECT_EQ(cache_.For(Role("arn:aws:iam::1:role/a")), a);
  EXPECT_EQ(cache_.For(Role("arn:aws:iam::1:role/a", std::nullopt, "tablekeeper")), a);
  EXPECT_NE(cache_.For(Role("arn:aws:iam::1:role/b")), a);
  EXPECT_NE(cache_.For(Role("arn:aws:iam::1:role/a", "ext")), a);
  EXPECT_NE(cache_.For(Role("arn:aws:iam::1:role/a", "")), a);  // empty id is not "no id"
  EXPECT_NE(cache_.For(Role("arn:aws:iam::1:role/a", std::nullopt, "other")), a);
  EXPECT_EQ(cache_.size(), 5u);
  EXPECT_THAT(sts_->assume_role_calls(), SizeIs(0));  // nothing fetched yet
}

TEST_F(AssumeRoleCredentialsCacheTest, AssumesWithTheBaseCredentialsOncePerRefresh) {
  auto first = cache_.For(Role("arn:aws:iam::2:role/team", "ext-9"));
  auto second = cache_.For(Role("arn:aws:iam::2:role/team", "ext-9"));
  Result<Credentials> credentials = first->Get();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "AKID:arn:aws:iam::2:role/team");
  EXPECT_EQ(second->Get()->access_key_id, "AKID:arn:aws:iam::2:role/team");

  auto calls = sts_->assume_role_calls();
  ASSERT_THAT(calls, SizeIs(1));
  EXPECT_EQ(calls[0].request.role_arn, "arn:aws:iam::2:role/team");
  EXPECT_EQ(calls[0].request.external_id, "ext-9");
  EXPECT_EQ(calls[0].request.role_session_name, "tablekeeper");
  EXPECT_EQ(calls[0].source.access_key_id, "AKIDCONTROLLER");

  clock_.Advance(std::chrono::minutes(56));
  sts_->expiration = clock_.WallNow() + std::chrono::hours(1);
  EXPECT_TRUE(second->Get().ok());
  EXPECT_THAT(sts_->assume_role_calls(), SizeIs(2));
}

TEST_F(AssumeRoleCredentialsCacheTest, FailuresNameTheRoleButNotTheExternalId) {
  sts_->on_assume_role = [](const AssumeRoleRequest&, const Credentials&) -> Result<ExpiringCredentials> {
    return Status(Code::kPermissionDenied, "AccessDenied: not authorized to perform sts:AssumeRole");
  };
  Result<Credentials> credentials = cache_.For(Role("arn:aws:iam::2:role/team", "hidden-external-id"))->Get();
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), Code::kUnauthenticated);
  EXPECT_THAT(credentials.status().message(), HasSubstr("AssumeRole of role arn:aws:iam::2:role/team"));
  EXPECT_THAT(credentials.status().message(), HasSubstr("AccessDenied"));
  EXPECT_THAT(credentials.status().message(), ::testing::Not(HasSubstr("hidden-external-id")));
}

TEST_F(AssumeRoleCredentialsCacheTest, BaseFailuresAreReported) {
  AssumeRoleCredentialsCache cache(sts_, std::make_shared<StaticCredentialsSource>(Credentials{}), clock_);
  Result<Credentials> credentials = cache.For(Role("arn:aws:iam::2:role/team"))->Get();
  ASSERT_FALSE(credentials.ok());
  EXPECT_THAT(credentials.status().message(), HasSubstr("no credentials to call STS with"));
  EXPECT_THAT(sts_->assume_role_calls(), SizeIs(0));
}

}  // namespace
}  // namespace tk::aws
