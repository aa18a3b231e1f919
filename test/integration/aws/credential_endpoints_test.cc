// The container and EC2 metadata credential providers over real HTTP, with
// tk::http::HttpClient, against credential_endpoints.py on loopback.
//
// Why a Python stand-in and not a peer of the test world: the EC2 instance
// metadata service and the ECS / EKS Pod Identity credential endpoints exist
// only inside AWS, and moto does not serve them the way the SDKs reach them.
// The stand-in follows their documented HTTP contract; it is the one place
// this project accepts a hand-written server in an integration test.
//
// Bounded: the server is started once per suite, its port read within
// kStartLimit, and it is killed in teardown (it also exits when its stdin
// closes, so a crashed test binary does not leave it behind).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "aws/container_provider.h"
#include "aws/credential_chain.h"
#include "aws/credential_http.h"
#include "aws/imds_provider.h"
#include "http/http_client.h"

extern char** environ;

namespace tk::aws {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::chrono::seconds kStartLimit{20};
constexpr const char* kFirstToken = "pod-identity-token-1";

std::string SourceDir() {
  const std::string file = __FILE__;
  return file.substr(0, file.rfind('/'));
}

// The project's Python if it has been set up, else python3 on the PATH; the
// server needs only the standard library.
std::string Python() {
  const std::string venv = SourceDir() + "/../../../build/venv/bin/python";
  if (::access(venv.c_str(), X_OK) == 0) return venv;
  return "python3";
}

// credential_endpoints.py as a child process.
class EndpointServer {
 public:
  static std::unique_ptr<EndpointServer> Start() {
    auto server = std::unique_ptr<EndpointServer>(new EndpointServer());
    return server->Spawn() ? std::move(server) : nullptr;
  }

  ~EndpointServer() {
    if (stdin_write_ >= 0) ::close(stdin_write_);  // the server exits on EOF
    if (stdout_read_ >= 0) ::close(stdout_read_);
    if (pid_ <= 0) return;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > give_up) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Sends a control request; fails the test unless it is accepted.
  std::string Control(const std::string& method, const std::string& path, std::string body = "") {
    http::Request request;
    request.method = method;
    request.url = base() + path;
    request.body = std::move(body);
    request.timeout = std::chrono::seconds(10);
    Result<http::Response> response = client_.Send(request);
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    if (!response.ok()) return "";
    EXPECT_LT(response->status, 300) << path;
    return response->body;
  }

  // The requests served since the last reset (control requests excluded).
  nlohmann::json Requests() { return nlohmann::json::parse(Control("GET", "/control/requests")); }

 private:
  EndpointServer() = default;

  bool Spawn() {
    std::array<int, 2> in{};
    std::array<int, 2> out{};
    if (::pipe2(in.data(), O_CLOEXEC) != 0 || ::pipe2(out.data(), O_CLOEXEC) != 0) return false;
    stdin_write_ = in[1];
    stdout_read_ = out[0];
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    std::vector<std::string> args{Python(), SourceDir() + "/credential_endpoints.py",
                                  "--container-token", kFirstToken, "--lifetime", "600"};
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    const int error = ::posix_spawnp(&pid_, args[0].c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    ::close(out[1]);
    if (error != 0) {
      ADD_FAILURE() << "cannot start " << args[0] << ": " << std::strerror(error);
      pid_ = -1;
      return false;
    }
    // Read "PORT <n>\n" within kStartLimit.
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + kStartLimit;
    while (line.find('\n') == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        ADD_FAILURE() << "credential_endpoints.py printed no port within " << kStartLimit.count() << " s";
        return false;
      }
      pollfd fd{stdout_read_, POLLIN, 0};
      if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) continue;
      std::array<char, 256> buffer{};
      const ssize_t count = ::read(stdout_read_, buffer.data(), buffer.size());
      if (count <= 0) {
        ADD_FAILURE() << "credential_endpoints.py exited before printing its port";
        return false;
      }
      line.append(buffer.data(), static_cast<size_t>(count));
    }
    if (line.rfind("PORT ", 0) != 0) {
      ADD_FAILURE() << "unexpected first line from credential_endpoints.py: " << line;
      return false;
    }
    port_ = std::stoi(line.substr(5));
    return port_ > 0;
  }

  pid_t pid_ = -1;
  int stdin_write_ = -1;
  int stdout_read_ = -1;
  int port_ = 0;
  http::HttpClient client_;
};

// A temporary folder for token files and $HOME, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tk-cred-it-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& content) const {
    const std::string file = path_ + "/" + name;
    std::ofstream(file, std::ios::binary | std::ios::trunc) << content;
    return file;
  }

 private:
  std::string path_;
};

class CredentialEndpointsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = EndpointServer::Start(); }
  static void TearDownTestSuite() { server_.reset(); }

  void SetUp() override {
    ASSERT_NE(server_, nullptr) << "the loopback endpoint server did not start";
    server_->Control("POST", "/control/reset");
    server_->Control("POST", "/control/container-token", kFirstToken);
  }

  std::map<std::string, std::string> ImdsEnv() const {
    return {{"HOME", home_.path()}, {"AWS_EC2_METADATA_SERVICE_ENDPOINT", server_->base()}};
  }

  static std::unique_ptr<EndpointServer> server_;
  HttpSender http_ = SenderFor(std::make_shared<http::HttpClient>());
  TempDir home_;
};

std::unique_ptr<EndpointServer> CredentialEndpointsTest::server_;

TEST_F(CredentialEndpointsTest, ImdsV2TokenThenRoleThenCredentials) {
  ImdsProvider provider(http_, EnvironmentFromMap(ImdsEnv()));
  Result<ExpiringCredentials> credentials = provider.Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->credentials.access_key_id, "ASIAIMDSINTEGRATION");
  EXPECT_EQ(credentials->credentials.secret_access_key, "imds-integration-secret");
  EXPECT_EQ(credentials->credentials.session_token, "imds-integration-session-token");
  ASSERT_TRUE(credentials->expiration.has_value());
  EXPECT_GT(*credentials->expiration, std::chrono::system_clock::now() + std::chrono::hours(5));

  const nlohmann::json requests = server_->Requests();
  ASSERT_EQ(requests.size(), 3u) << requests.dump();
  EXPECT_EQ(requests[0]["method"], "PUT");
  EXPECT_EQ(requests[0]["path"], "/latest/api/token");
  EXPECT_EQ(requests[0]["headers"]["x-aws-ec2-metadata-token-ttl-seconds"], "21600");
  EXPECT_EQ(requests[1]["path"], "/latest/meta-data/iam/security-credentials/");
  EXPECT_EQ(requests[2]["path"], "/latest/meta-data/iam/security-credentials/tablekeeper-node-role");
  EXPECT_TRUE(requests[2]["headers"].contains("x-aws-ec2-metadata-token"));
}

TEST_F(CredentialEndpointsTest, ImdsRetriesOnceAfterAServerError) {
  server_->Control("POST", "/control/fail?status=500&count=1");
  Result<ExpiringCredentials> credentials = ImdsProvider(http_, EnvironmentFromMap(ImdsEnv())).Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(server_->Requests().size(), 4u);

  server_->Control("POST", "/control/fail?status=503&count=2");
  credentials = ImdsProvider(http_, EnvironmentFromMap(ImdsEnv())).Fetch();
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), Code::kUnavailable);
  EXPECT_THAT(credentials.status().message(), HasSubstr("HTTP 503"));
}

TEST_F(CredentialEndpointsTest, ImdsGivesUpWithinItsShortTimeouts) {
  server_->Control("POST", "/control/stall?seconds=5&count=2");
  const auto start = std::chrono::steady_clock::now();
  Result<ExpiringCredentials> credentials = ImdsProvider(http_, EnvironmentFromMap(ImdsEnv())).Fetch();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(credentials.ok());
  EXPECT_TRUE(IsNotConfigured(credentials.status())) << credentials.status().ToString();
  EXPECT_THAT(credentials.status().message(), HasSubstr("no answer from " + server_->base()));
  EXPECT_LT(elapsed, std::chrono::milliseconds(4500));  // two 1 s attempts, not two 5 s stalls
  EXPECT_EQ(server_->Requests().size(), 2u);
}

TEST_F(CredentialEndpointsTest, ImdsOnAClosedPortIsNotConfigured) {
  std::map<std::string, std::string> env = ImdsEnv();
  env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:1";  // nothing listens on port 1
  Result<ExpiringCredentials> credentials = ImdsProvider(http_, EnvironmentFromMap(env)).Fetch();
  ASSERT_FALSE(credentials.ok());
  EXPECT_TRUE(IsNotConfigured(credentials.status())) << credentials.status().ToString();
}

TEST_F(CredentialEndpointsTest, ContainerEndpointWithATokenFileReadAtEachFetch) {
  const std::string token_file = home_.Write("pod-identity-token", std::string(kFirstToken) + "\n");
  ContainerProvider provider(
      http_, EnvironmentFromMap({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", server_->base() + "/v1/credentials"},
                                 {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file}}));
  Result<ExpiringCredentials> credentials = provider.Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->credentials.access_key_id, "ASIACONTAINERINTEGRATION");
  EXPECT_EQ(credentials->credentials.secret_access_key, "container-integration-secret");
  EXPECT_EQ(credentials->credentials.session_token, "container-integration-session-token");
  EXPECT_TRUE(credentials->expiration.has_value());

  // The agent rotates the token: the file and the endpoint change together.
  server_->Control("POST", "/control/container-token", "pod-identity-token-2");
  home_.Write("pod-identity-token", "pod-identity-token-2");
  credentials = provider.Fetch();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  const nlohmann::json requests = server_->Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0]["headers"]["authorization"], kFirstToken);
  EXPECT_EQ(requests[1]["headers"]["authorization"], "pod-identity-token-2");
}

TEST_F(CredentialEndpointsTest, ContainerEndpointRefusingTheTokenIsAnError) {
  ContainerProvider provider(
      http_, EnvironmentFromMap({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", server_->base() + "/v1/credentials"},
                                 {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "stale-token-value"}}));
  Result<ExpiringCredentials> credentials = provider.Fetch();
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), Code::kUnauthenticated);
  EXPECT_THAT(credentials.status().message(),
              HasSubstr("answered HTTP 401: AccessDeniedException: invalid authorization token"));
  EXPECT_THAT(credentials.status().message(), Not(HasSubstr("stale-token-value")));
  EXPECT_EQ(server_->Requests().size(), 1u);  // a 4xx is not retried
}

TEST_F(CredentialEndpointsTest, TheDefaultChainPrefersTheContainerEndpointToImds) {
  std::map<std::string, std::string> env = ImdsEnv();
  env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = server_->base() + "/v1/credentials";
  env["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = kFirstToken;
  DefaultChainOptions options;
  options.env = EnvironmentFromMap(env);
  options.http = http_;
  std::shared_ptr<RefreshingCredentials> source = NewDefaultCredentialsSource(options);
  Result<Credentials> credentials = source->Get();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASIACONTAINERINTEGRATION");
  EXPECT_EQ(source->Get()->access_key_id, "ASIACONTAINERINTEGRATION");
  EXPECT_EQ(server_->Requests().size(), 1u);  // cached

  options.env = EnvironmentFromMap(ImdsEnv());
  credentials = NewDefaultCredentialsSource(options)->Get();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(credentials->access_key_id, "ASIAIMDSINTEGRATION");
}

TEST_F(CredentialEndpointsTest, TheDefaultChainWithImdsDisabledReportsEverySource) {
  std::map<std::string, std::string> env = ImdsEnv();
  env["AWS_EC2_METADATA_DISABLED"] = "true";
  DefaultChainOptions options;
  options.env = EnvironmentFromMap(env);
  options.http = http_;
  Result<Credentials> credentials = NewDefaultCredentialsSource(options)->Get();
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), Code::kUnauthenticated);
  EXPECT_THAT(credentials.status().message(), HasSubstr("disabled by AWS_EC2_METADATA_DISABLED"));
  EXPECT_EQ(server_->Requests().size(), 0u);
}

}  // namespace
}  // namespace tk::aws
