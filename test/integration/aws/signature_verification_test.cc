// Our SigV4 signatures as moto checks them: a second emulator of our own,
// started with --verify-signatures 3 (testenv/aws/README.md, "Signature
// mode"). The three unchecked requests create an IAM user, its policy and an
// access key, sent with this client's own query protocol; after that moto
// verifies every signature against the keys it knows.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "aws/service_client.h"
#include "aws/sts_caller_identity.h"

extern char** environ;

namespace tk::aws {
namespace {

using std::chrono::milliseconds;

constexpr ServiceModel kIamModel{"iam", Protocol::kQuery, "", "", "2010-05-08"};
constexpr std::string_view kReadyPrefix = "emulator ready on ";

std::filesystem::path SourceRoot() {
  if (const char* root = std::getenv("TK_SOURCE_DIR")) return root;
  // test/integration/aws/<this file> -> the project folder.
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path().parent_path();
}

// An emulator process of our own, stopped (SIGTERM, then SIGKILL) when the
// suite ends, and killed by the kernel if the test binary dies first.
class SigningEmulator {
 public:
  // Starts it and waits up to 60 s for its ready line; url() is empty when
  // that failed, with the reason in error().
  explicit SigningEmulator(int unchecked_requests) {
    const std::filesystem::path root = SourceRoot();
    const std::string python = (root / "build" / "venv" / "bin" / "python").string();
    const std::string pythonpath = "PYTHONPATH=" + (root / "testenv" / "aws").string();
    const std::string count = std::to_string(unchecked_requests);
    int out[2];
    if (::pipe(out) != 0) {
      error_ = "pipe failed";
      return;
    }
    std::vector<std::string> env_strings;
    for (char** variable = environ; *variable != nullptr; ++variable) {
      if (std::string_view(*variable).starts_with("PYTHONPATH=")) continue;
      env_strings.emplace_back(*variable);
    }
    env_strings.push_back(pythonpath);
    std::vector<char*> envp;
    for (std::string& variable : env_strings) envp.push_back(variable.data());
    envp.push_back(nullptr);
    std::vector<std::string> args = {python, "-m", "emulator", "--host", "127.0.0.1",
                                     "--port", "0", "--verify-signatures", count};
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (::access(python.c_str(), X_OK) != 0) {
      ::close(out[0]);
      ::close(out[1]);
      error_ = "cannot run " + python + ": run scripts/python-env.sh";
      return;
    }
    pid_ = ::fork();
    if (pid_ == 0) {
      // The child: only async-signal-safe calls until exec. It dies with the
      // test binary, even one that crashes.
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      ::execve(python.c_str(), argv.data(), envp.data());
      ::_exit(127);
    }
    ::close(out[1]);
    if (pid_ < 0) {
      ::close(out[0]);
      error_ = "fork failed";
      return;
    }
    ReadReadyLine(out[0]);
    ::close(out[0]);
  }

  ~SigningEmulator() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 100; ++i) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
      ::usleep(100 * 1000);
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }

  SigningEmulator(const SigningEmulator&) = delete;
  SigningEmulator& operator=(const SigningEmulator&) = delete;

  const std::string& url() const { return url_; }
  const std::string& error() const { return error_; }

 private:
  void ReadReadyLine(int fd) {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd poll_fd{fd, POLLIN, 0};
      if (::poll(&poll_fd, 1, 500) <= 0) continue;
      char c = 0;
      if (::read(fd, &c, 1) != 1) break;  // the process ended
      if (c == '\n') {
        if (line.starts_with(kReadyPrefix)) {
          url_ = line.substr(kReadyPrefix.size());
          return;
        }
        line.clear();
      } else {
        line += c;
      }
    }
    error_ = "the signing emulator printed no ready line within 60 s";
  }

  pid_t pid_ = -1;
  std::string url_;
  std::string error_;
};

class SignatureVerificationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    emulator_ = new SigningEmulator(3);
    if (emulator_->url().empty()) return;
    // The three unchecked requests, sent by our own client.
    StaticCredentialsSource anyone(Credentials{"testing", "testing", ""});
    http::HttpClient http;
    auto iam = MakeClient(kIamModel, anyone, http);
    if (iam == nullptr) return;
    const std::string policy =
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
        R"("Action":["dynamodb:*","kms:*","sts:GetCallerIdentity"],"Resource":"*"}]})";
    if (!iam->CallQuery("CreateUser", {{"UserName", "controller"}}).ok()) return;
    if (!iam->CallQuery("PutUserPolicy", {{"UserName", "controller"},
                                          {"PolicyName", "tables"},
                                          {"PolicyDocument", policy}})
             .ok()) {
      return;
    }
    AwsResult<QueryResult> key = iam->CallQuery("CreateAccessKey", {{"UserName", "controller"}});
    if (!key.ok()) {
      setup_error_ = key.status().ToString();
      return;
    }
    key_ = new Credentials{key->Field("AccessKey.AccessKeyId"),
                           key->Field("AccessKey.SecretAccessKey"), ""};
  }

  static void TearDownTestSuite() {
    delete key_;
    key_ = nullptr;
    delete emulator_;
    emulator_ = nullptr;
  }

  void SetUp() override {
    ASSERT_FALSE(emulator_->url().empty()) << emulator_->error();
    ASSERT_NE(key_, nullptr) << "could not create the IAM user and key: " << setup_error_;
    ASSERT_FALSE(key_->access_key_id.empty());
    ASSERT_FALSE(key_->secret_access_key.empty());
  }

  static std::unique_ptr<ServiceClient> MakeClient(const ServiceModel& model,
                                                   CredentialsSource& credentials,
                                                   http::HttpClient& http,
                                                   CallMetrics* metrics = nullptr) {
    ServiceClientOptions options;
    options.region = "us-east-1";
    options.endpoint.endpoint_url = emulator_->url();
    options.retry.base_delay = milliseconds(20);
    options.attempt_timeout = std::chrono::seconds(20);
    options.metrics = metrics;
    Result<std::unique_ptr<ServiceClient>> client =
        ServiceClient::Create(model, std::move(options), credentials, http);
    if (!client.ok()) {
      setup_error_ = client.status().ToString();
      return nullptr;
    }
    return std::move(*client);
  }

  static SigningEmulator* emulator_;
  static Credentials* key_;
  static std::string setup_error_;
  http::HttpClient http_;
  CallMetrics metrics_;
};

SigningEmulator* SignatureVerificationTest::emulator_ = nullptr;
Credentials* SignatureVerificationTest::key_ = nullptr;
std::string SignatureVerificationTest::setup_error_;

TEST_F(SignatureVerificationTest, MotoAcceptsOurSignaturesForEveryProtocol) {
  StaticCredentialsSource signed_in(*key_);
  auto dynamodb = MakeClient(kDynamoDbModel, signed_in, http_);
  auto kms = MakeClient(kKmsModel, signed_in, http_);
  auto sts = MakeClient(kStsModel, signed_in, http_);
  ASSERT_TRUE(dynamodb && kms && sts) << setup_error_;

  AwsResult<nlohmann::json> tables = dynamodb->Call("ListTables");
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  EXPECT_TRUE(tables->contains("TableNames"));

  AwsResult<nlohmann::json> key = kms->Call("CreateKey", {{"Description", "signed"}});
  ASSERT_TRUE(key.ok()) << key.status().ToString();

  AwsResult<CallerIdentity> identity = GetCallerIdentity(*sts);
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->arn, "arn:aws:iam::123456789012:user/controller");
}

TEST_F(SignatureVerificationTest, WrongSecretIsUnauthenticatedAndNotRetried) {
  StaticCredentialsSource wrong(Credentials{key_->access_key_id, "not-the-secret", ""});
  auto dynamodb = MakeClient(kDynamoDbModel, wrong, http_, &metrics_);
  ASSERT_NE(dynamodb, nullptr) << setup_error_;
  AwsResult<nlohmann::json> tables = dynamodb->Call("ListTables");
  ASSERT_FALSE(tables.ok());
  EXPECT_EQ(tables.status().code(), Code::kUnauthenticated) << tables.status().ToString();
  EXPECT_TRUE(tables.IsError("InvalidSignatureException")) << tables.status().ToString();
  EXPECT_EQ(tables.status().message().find("not-the-secret"), std::string::npos)
      << "secret leaked: " << tables.status().message();
  EXPECT_EQ(metrics_.Attempts("dynamodb", "ListTables"), 1);
}

TEST_F(SignatureVerificationTest, UnknownKeyIsUnauthenticated) {
  StaticCredentialsSource unknown(Credentials{"AKIDUNKNOWN", "whatever", ""});
  auto kms = MakeClient(kKmsModel, unknown, http_);
  auto sts = MakeClient(kStsModel, unknown, http_);
  ASSERT_TRUE(kms && sts) << setup_error_;
  AwsResult<nlohmann::json> keys = kms->Call("ListKeys");
  ASSERT_FALSE(keys.ok());
  EXPECT_TRUE(keys.IsError("UnrecognizedClientException")) << keys.status().ToString();
  EXPECT_EQ(keys.status().code(), Code::kUnauthenticated);

  AwsResult<CallerIdentity> identity = GetCallerIdentity(*sts);
  ASSERT_FALSE(identity.ok());
  EXPECT_EQ(identity.status().code(), Code::kUnauthenticated) << identity.status().ToString();
  EXPECT_TRUE(identity.IsError("InvalidClientTokenId")) << identity.status().ToString();
}

TEST_F(SignatureVerificationTest, PerCallCredentialsReplaceTheClients) {
  StaticCredentialsSource unknown(Credentials{"AKIDUNKNOWN", "whatever", ""});
  StaticCredentialsSource signed_in(*key_);
  auto sts = MakeClient(kStsModel, unknown, http_);
  ASSERT_NE(sts, nullptr) << setup_error_;
  CallOptions call;
  call.credentials = &signed_in;
  AwsResult<QueryResult> identity = sts->CallQuery("GetCallerIdentity", {}, call);
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->Field("Arn"), "arn:aws:iam::123456789012:user/controller");
}

TEST_F(SignatureVerificationTest, PolicyDenialIsPermissionDenied) {
  StaticCredentialsSource signed_in(*key_);
  auto iam = MakeClient(kIamModel, signed_in, http_);
  ASSERT_NE(iam, nullptr) << setup_error_;
  AwsResult<QueryResult> users = iam->CallQuery("ListUsers");
  ASSERT_FALSE(users.ok());
  EXPECT_EQ(users.status().code(), Code::kPermissionDenied) << users.status().ToString();
  ASSERT_NE(users.error(), nullptr);
  EXPECT_EQ(users.error()->code, "AccessDenied") << users.status().ToString();
  EXPECT_EQ(users.error()->http_status, 403);
}

}  // namespace
}  // namespace tk::aws
