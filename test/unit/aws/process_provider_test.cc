#include "aws/process_provider.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/credential_time.h"
#include "credential_test_support.h"

namespace tk::aws {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::TempDir;

// A script printing `json` and exiting with `exit_code`.
std::string Printing(const TempDir& dir, const std::string& json, int exit_code = 0) {
  return dir.Script("process.sh", "cat <<'JSON'\n" + json + "\nJSON\nexit " +
                                      std::to_string(exit_code) + "\n");
}

Status FailureOf(const std::string& command, CredentialProcessLimits limits = {}) {
  Result<ExpiringCredentials> credentials = ProcessProvider(command, "dev", limits).Fetch();
  EXPECT_FALSE(credentials.ok());
  return credentials.ok() ? OkStatus() : credentials.status();
}

TEST(ProcessProviderTest, RunsTheCommandAndParsesItsOutput) {
  TempDir dir;
  const std::string script = Printing(dir, R"({"Version": 1, "AccessKeyId": "AKID",
      "SecretAccessKey": "process-secret", "SessionToken": "process-token",
      "Expiration": "2030-01-01T00:00:00Z"})");
  ProcessProvider provider(script + " --some-argument", "dev");
  EXPECT_EQ(provider.Name(), "credential_process of profile \"dev\"");
  Result<ExpiringCredentials> credentials = provider.Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->credentials.access_key_id, "AKID");
  EXPECT_EQ(credentials->credentials.secret_access_key, "process-secret");
  EXPECT_EQ(credentials->credentials.session_token, "process-token");
  EXPECT_EQ(credentials->expiration, ParseCredentialTime("2030-01-01T00:00:00Z"));
}

TEST(ProcessProviderTest, TokenAndExpirationAreOptional) {
  TempDir dir;
  const std::string script =
      Printing(dir, R"({"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "s"})");
  Result<ExpiringCredentials> credentials = ProcessProvider(script, "dev").Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->credentials.session_token, "");
  EXPECT_FALSE(credentials->expiration.has_value());
}

TEST(ProcessProviderTest, RunsThroughTheShellWithArguments) {
  TempDir dir;
  const std::string script = dir.Script(
      "args.sh", "printf '{\"Version\":1,\"AccessKeyId\":\"%s\",\"SecretAccessKey\":\"%s\"}' \"$1\" \"$2\"\n");
  Result<ExpiringCredentials> credentials =
      ProcessProvider(script + " 'AKID WITH SPACE' second", "dev").Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->credentials.access_key_id, "AKID WITH SPACE");
  EXPECT_EQ(credentials->credentials.secret_access_key, "second");
}

TEST(ProcessProviderTest, ANonZeroExitIsAnErrorNamingTheProfileAndCode) {
  TempDir dir;
  const Status status = FailureOf(
      Printing(dir, R"({"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"exit-secret"})", 3));
  EXPECT_EQ(status.code(), Code::kUnauthenticated);
  EXPECT_THAT(status.message(), HasSubstr("profile \"dev\""));
  EXPECT_THAT(status.message(), HasSubstr("exited with code 3"));
  EXPECT_THAT(status.message(), Not(HasSubstr("exit-secret")));
}

TEST(ProcessProviderTest, BadJsonIsAnErrorThatQuotesNothing) {
  TempDir dir;
  const Status status = FailureOf(Printing(dir, R"({"Version":1,"SecretAccessKey":"json-secret" oops)"));
  EXPECT_EQ(status.code(), Code::kUnauthenticated);
  EXPECT_THAT(status.message(), HasSubstr("credential_process of profile \"dev\": the answer is not JSON"));
  EXPECT_THAT(status.message(), Not(HasSubstr("json-secret")));
  EXPECT_THAT(status.message(), Not(HasSubstr("oops")));
}

TEST(ProcessProviderTest, TheDocumentMustHaveVersionOneAndBothKeys) {
  TempDir dir;
  EXPECT_THAT(FailureOf(Printing(dir, R"({"AccessKeyId":"A","SecretAccessKey":"s"})")).message(),
              HasSubstr("no \"Version\""));
  EXPECT_THAT(FailureOf(Printing(dir, R"({"Version":2,"AccessKeyId":"A","SecretAccessKey":"s"})")).message(),
              HasSubstr("must be the number 1"));
  EXPECT_THAT(FailureOf(Printing(dir, R"({"Version":1,"SecretAccessKey":"s"})")).message(),
              HasSubstr("no \"AccessKeyId\""));
  EXPECT_THAT(FailureOf(Printing(dir, R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":""})")).message(),
              HasSubstr("\"SecretAccessKey\" in the answer is empty"));
  EXPECT_THAT(FailureOf(Printing(dir, R"({"Version":1,"AccessKeyId":7,"SecretAccessKey":"s"})")).message(),
              HasSubstr("\"AccessKeyId\" in the answer is a number"));
  EXPECT_THAT(FailureOf(Printing(dir, R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"s","Expiration":"soon"})"))
                  .message(),
              HasSubstr("\"Expiration\" in the answer is not an RFC 3339 time"));
  EXPECT_THAT(FailureOf(Printing(dir, R"(["Version", 1])")).message(), HasSubstr("not a JSON object"));
}

TEST(ProcessProviderTest, ACommandThatRunsTooLongIsKilled) {
  TempDir dir;
  CredentialProcessLimits limits;
  limits.timeout = std::chrono::milliseconds(300);
  const auto start = std::chrono::steady_clock::now();
  const Status status = FailureOf(dir.Script("slow.sh", "sleep 30\n"), limits);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(status.code(), Code::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr("did not finish within 300 ms"));
}

TEST(ProcessProviderTest, TooMuchOutputIsAnError) {
  TempDir dir;
  CredentialProcessLimits limits;
  limits.max_output = 1000;
  const Status status = FailureOf(dir.Script("loud.sh", "yes secret-ish | head -c 100000\n"), limits);
  EXPECT_EQ(status.code(), Code::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("more than 1000 bytes"));
}

TEST(ProcessProviderTest, AMissingCommandFailsThroughTheShell) {
  const Status status = FailureOf("/nonexistent/credential-helper");
  EXPECT_EQ(status.code(), Code::kUnauthenticated);
  EXPECT_THAT(status.message(), HasSubstr("exited with code 127"));
}

}  // namespace
}  // namespace tk::aws
