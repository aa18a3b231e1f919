// Secrets never appear in error messages or log lines: every error path of
// the credential providers is driven with known secret values (secret keys,
// session tokens, web identity and container tokens, external ids, the text
// of files and answers that hold them), and no message may contain one.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "aws/container_provider.h"
#include "aws/credential_chain.h"
#include "aws/credential_role_cache.h"
#include "aws/credential_time.h"
#include "aws/environment_provider.h"
#include "aws/imds_provider.h"
#include "aws/process_provider.h"
#include "aws/profile_provider.h"
#include "aws/refreshing_credentials.h"
#include "aws/shared_config_parser.h"
#include "aws/web_identity_provider.h"
#include "credential_test_support.h"

namespace tk::aws {
namespace {

using testing::Answer;
using testing::FakeRoleAssumer;
using testing::ScriptedHttp;
using testing::TempDir;

constexpr const char* kSecretKey = "SECRETwJalrXUtnFEMIK7MDENG";
constexpr const char* kSessionToken = "TOKENFwoGZXIvYXdzEBYaDH";
constexpr const char* kWebToken = "WEBTOKENeyJhbGciOiJSUzI1";
constexpr const char* kAuthToken = "AUTHTOKENpodIdentity42";
constexpr const char* kExternalId = "EXTERNALIDconfused9";
constexpr const char* kImdsToken = "IMDSTOKENAQAEAGiw";

class CredentialSecretsTest : public ::testing::Test {
 protected:
  // Records the error `result` carries (the test fails if there is none).
  template <typename T>
  void Collect(const std::string& path, const Result<T>& result) {
    ASSERT_FALSE(result.ok()) << path << ": expected an error";
    messages_.push_back({path, result.status().ToString()});
  }
  void CollectStatus(const std::string& path, const Status& status) {
    ASSERT_FALSE(status.ok()) << path << ": expected an error";
    messages_.push_back({path, status.ToString()});
  }

  void TearDown() override {
    EXPECT_FALSE(messages_.empty());
    for (const auto& [path, message] : messages_) {
      for (const char* secret : {kSecretKey, kSessionToken, kWebToken, kAuthToken, kExternalId, kImdsToken}) {
        EXPECT_EQ(message.find(secret), std::string::npos)
            << path << " leaked a secret: " << message;
      }
    }
  }

  Result<ExpiringCredentials> Profile(std::map<std::string, std::string> extra_env = {}) {
    std::map<std::string, std::string> env{{"HOME", dir_.path()}};
    env.insert(extra_env.begin(), extra_env.end());
    ProfileProviderOptions options;
    options.env = EnvironmentFromMap(env);
    options.role_assumer = sts_;
    options.clock = &clock_;
    options.credential_source = [env](std::string_view) -> Result<CredentialProviderPtr> {
      return CredentialProviderPtr(std::make_shared<EnvironmentProvider>(EnvironmentFromMap(env)));
    };
    return ProfileProvider(std::move(options)).Fetch();
  }

  void Config(const std::string& text) { dir_.Write(".aws/config", text); }

  std::string Keys() const {
    return std::string("aws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = ") + kSecretKey +
           "\naws_session_token = " + kSessionToken + "\n";
  }

  std::string ProcessJson(const std::string& body) {
    return dir_.Script("process-" + std::to_string(++scripts_) + ".sh",
                       "cat <<'JSON'\n" + body + "\nJSON\n");
  }

  TempDir dir_;
  ManualClock clock_{*ParseCredentialTime("2030-01-01T00:00:00Z")};
  std::shared_ptr<FakeRoleAssumer> sts_ = std::make_shared<FakeRoleAssumer>();
  std::vector<std::pair<std::string, std::string>> messages_;
  int scripts_ = 0;
};

TEST_F(CredentialSecretsTest, EnvironmentErrors) {
  Collect("env: secret without key id",
          EnvironmentProvider(EnvironmentFromMap({{"AWS_SECRET_ACCESS_KEY", kSecretKey},
                                                  {"AWS_SESSION_TOKEN", kSessionToken}}))
              .Fetch());
  Collect("env: bad expiration",
          EnvironmentProvider(EnvironmentFromMap({{"AWS_ACCESS_KEY_ID", "AKID"},
                                                  {"AWS_SECRET_ACCESS_KEY", kSecretKey},
                                                  {"AWS_SESSION_TOKEN", kSessionToken},
                                                  {"AWS_CREDENTIAL_EXPIRATION", kSessionToken}}))
              .Fetch());
  Collect("env: key id without secret",
          EnvironmentProvider(EnvironmentFromMap({{"AWS_ACCESS_KEY_ID", "AKID"},
                                                  {"AWS_SESSION_TOKEN", kSessionToken}}))
              .Fetch());
}

TEST_F(CredentialSecretsTest, ConfigFileErrors) {
  const std::string s = kSecretKey;
  for (const std::string& text :
       {"[default]\naws_secret_access_key " + s + "\n", "[default] " + s + "\n", "[" + s + "\n",
        "aws_secret_access_key = " + s + "\n", "[default]\ns3 =\n  " + s + "\n",
        "[default]\n  " + s + " = x\n", "[default]\n = " + s + "\n", "[profile]" + s + "\n"}) {
    Collect("parser", ParseSharedFile(text, SharedFileKind::kConfig, "config"));
    Collect("parser (credentials)", ParseSharedFile(text, SharedFileKind::kCredentials, "credentials"));
  }
  Config("[default]\naws_secret_access_key " + s + "\n");
  Collect("profile: malformed file", Profile());
}

TEST_F(CredentialSecretsTest, ProfileErrors) {
  Config(std::string("[default]\naws_secret_access_key = ") + kSecretKey + "\naws_session_token = " +
         kSessionToken + "\n");
  Collect("profile: half a key pair", Profile());

  Config("[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = default\nduration_seconds = " +
         std::string(kSecretKey) + "\n" + Keys());
  Collect("profile: bad duration", Profile());

  Config("[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = k\nmfa_serial = " +
         std::string(kSecretKey) + "\nexternal_id = " + kExternalId + "\n[profile k]\n" + Keys());
  Collect("profile: mfa", Profile());

  Config("[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = k\nexternal_id = " +
         std::string(kExternalId) + "\n[profile k]\n" + Keys());
  sts_->on_assume_role = [](const AssumeRoleRequest&, const Credentials&) -> Result<ExpiringCredentials> {
    return Status(Code::kNotFound, "NoSuchEntity: role missing");
  };
  Collect("profile: AssumeRole refused", Profile());

  Config("[default]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Environment\nexternal_id = " +
         std::string(kExternalId) + "\n");
  Collect("profile: credential_source not configured",
          Profile({{"AWS_SECRET_ACCESS_KEY", kSecretKey}, {"AWS_SESSION_TOKEN", kSessionToken}}));

  const std::string token_file = dir_.Write("web-token", kWebToken);
  Config("[default]\nrole_arn = arn:aws:iam::1:role/web\nweb_identity_token_file = " + token_file + "\n");
  sts_->on_web_identity = [](const WebIdentityRequest&) -> Result<ExpiringCredentials> {
    return Status(Code::kUnauthenticated, "InvalidIdentityToken: expired");
  };
  Collect("profile: web identity refused", Profile());

  Config("[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
         "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\nexternal_id = " +
         std::string(kExternalId) + "\n");
  Collect("profile: cycle", Profile({{"AWS_PROFILE", "a"}}));
}

TEST_F(CredentialSecretsTest, CredentialProcessErrors) {
  const std::string s = kSecretKey;
  const std::string t = kSessionToken;
  const std::string good = R"({"Version":1,"AccessKeyId":"AKID","SecretAccessKey":")" + s +
                           R"(","SessionToken":")" + t + R"("})";
  Collect("process: exit 1 after printing",
          ProcessProvider(dir_.Script("exit.sh", "echo '" + good + "'\necho 'helper failed' >&2\nexit 1\n"),
                          "p")
              .Fetch());
  Collect("process: secret in the command line",
          ProcessProvider("false " + s + " " + t, "p").Fetch());
  Collect("process: bad JSON", ProcessProvider(ProcessJson(s + " " + t + " {"), "p").Fetch());
  Collect("process: truncated JSON", ProcessProvider(ProcessJson(good.substr(0, good.size() - 3)), "p").Fetch());
  Collect("process: no key id",
          ProcessProvider(ProcessJson(R"({"Version":1,"SecretAccessKey":")" + s + R"("})"), "p").Fetch());
  Collect("process: key id not a string",
          ProcessProvider(ProcessJson(R"({"Version":1,"AccessKeyId":1,"SecretAccessKey":")" + s + R"("})"), "p")
              .Fetch());
  Collect("process: secret not a string",
          ProcessProvider(ProcessJson(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":[")" + s + R"("]})"), "p")
              .Fetch());
  Collect("process: bad expiration",
          ProcessProvider(ProcessJson(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":")" + s +
                                      R"(","Expiration":")" + t + R"("})"),
                          "p")
              .Fetch());
  Collect("process: version",
          ProcessProvider(ProcessJson(R"({"Version":")" + s + R"(","AccessKeyId":"A"})"), "p").Fetch());
  CredentialProcessLimits limits;
  limits.max_output = 10;
  Collect("process: too much output", ProcessProvider(ProcessJson(good), "p", limits).Fetch());
  limits = {};
  limits.timeout = std::chrono::milliseconds(200);
  Collect("process: timeout",
          ProcessProvider(dir_.Script("slow.sh", "echo '" + s + "'\nsleep 20\n"), "p", limits).Fetch());
}

TEST_F(CredentialSecretsTest, WebIdentityErrors) {
  const std::string token_file = dir_.Write("token", kWebToken);
  std::map<std::string, std::string> env{{"AWS_ROLE_ARN", "arn:aws:iam::1:role/irsa"},
                                         {"AWS_WEB_IDENTITY_TOKEN_FILE", token_file}};
  sts_->on_web_identity = [](const WebIdentityRequest&) -> Result<ExpiringCredentials> {
    return Status(Code::kNotFound, "role not found");
  };
  Collect("web identity: STS", WebIdentityProvider(sts_, EnvironmentFromMap(env), clock_).Fetch());
  Collect("web identity: no STS", WebIdentityProvider(nullptr, EnvironmentFromMap(env), clock_).Fetch());
  env.erase("AWS_ROLE_ARN");
  Collect("web identity: no role", WebIdentityProvider(sts_, EnvironmentFromMap(env), clock_).Fetch());
}

TEST_F(CredentialSecretsTest, ContainerErrors) {
  ScriptedHttp http;
  const std::string s = kSecretKey;
  std::map<std::string, std::string> env{{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/creds"},
                                         {"AWS_CONTAINER_AUTHORIZATION_TOKEN", kAuthToken}};
  auto fetch = [&] { return ContainerProvider(http.sender(), EnvironmentFromMap(env)).Fetch(); };

  http.handler = [&](const http::Request&) -> Result<http::Response> {
    return Answer(200, R"({"AccessKeyId":"A","SecretAccessKey":")" + s + R"(","Token":)" + "\"" +
                           kSessionToken + "\",\"Expiration\":\"" + kSessionToken + "\"}");
  };
  Collect("container: bad expiration", fetch());
  http.handler = [&](const http::Request&) -> Result<http::Response> {
    return Answer(200, "{\"SecretAccessKey\":\"" + s + "\" " + kAuthToken);
  };
  Collect("container: bad JSON", fetch());
  http.handler = [&](const http::Request&) -> Result<http::Response> {
    return Answer(403, std::string("{\"code\":\"AccessDenied\",\"token\":\"") + kAuthToken + "\"}");
  };
  Collect("container: 403 with a body", fetch());
  http.handler = [&](const http::Request&) -> Result<http::Response> {
    return Answer(500, std::string("raw ") + kAuthToken + " " + s);
  };
  Collect("container: 500 with raw body", fetch());
  http.handler = [&](const http::Request&) -> Result<http::Response> {
    return Status(Code::kUnavailable, "GET http://127.0.0.1:1/creds: connection refused");
  };
  Collect("container: no answer", fetch());

  env["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = std::string(kAuthToken) + "\r\nX: " + s;
  Collect("container: token with a line break", fetch());
  env["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] =
      dir_.Write("auth", std::string(kAuthToken) + "\ninjected " + s);
  Collect("container: token file with a line break", fetch());
  env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://attacker.example/x";
  Collect("container: refused host", fetch());
}

TEST_F(CredentialSecretsTest, ImdsErrors) {
  ScriptedHttp http;
  const std::string s = kSecretKey;
  Result<http::Response> roles = Answer(200, "role");
  Result<http::Response> credentials = Answer(200, "");
  http.handler = [&](const http::Request& request) -> Result<http::Response> {
    if (request.method == "PUT") return Answer(200, kImdsToken);
    if (request.url.ends_with("/security-credentials/")) return roles;
    return credentials;
  };
  auto fetch = [&] { return ImdsProvider(http.sender(), EnvironmentFromMap({})).Fetch(); };

  credentials = Answer(200, "{\"Code\":\"Success\",\"SecretAccessKey\":\"" + s + "\"}");
  Collect("imds: no key id", fetch());
  credentials = Answer(200, "{\"Code\":\"Failure\",\"SecretAccessKey\":\"" + s + "\",\"Token\":\"" +
                                kSessionToken + "\"}");
  Collect("imds: code failure", fetch());
  credentials = Answer(200, s + " " + kSessionToken);
  Collect("imds: not JSON", fetch());
  credentials = Answer(200, "{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"" + s +
                                "\",\"Expiration\":\"" + kSessionToken + "\"}");
  Collect("imds: bad expiration", fetch());
  credentials = Answer(500, s);
  Collect("imds: 500", fetch());
  roles = Answer(200, std::string(kImdsToken) + "/../" + s);
  Collect("imds: bad role name", fetch());
  roles = Answer(503, s);
  Collect("imds: role list 503", fetch());
}

TEST_F(CredentialSecretsTest, RefreshAndRoleCacheMessages) {
  std::vector<std::string> warnings;
  RefreshOptions options;
  options.warn = [&](const std::string& message) { warnings.push_back(message); };
  int calls = 0;
  class Provider final : public CredentialProvider {
   public:
    explicit Provider(std::function<Result<ExpiringCredentials>()> answer) : answer_(std::move(answer)) {}
    std::string Name() const override { return "scripted"; }
    Result<ExpiringCredentials> Fetch() override { return answer_(); }

   private:
    std::function<Result<ExpiringCredentials>()> answer_;
  };
  auto provider = std::make_shared<Provider>([&]() -> Result<ExpiringCredentials> {
    if (++calls == 1) {
      return ExpiringCredentials{{"AKID", kSecretKey, kSessionToken},
                                 clock_.WallNow() + std::chrono::minutes(10)};
    }
    return Status(Code::kUnavailable, "endpoint down");
  });
  RefreshingCredentials source(provider, clock_, options);
  ASSERT_TRUE(source.Get().ok());
  clock_.Advance(std::chrono::minutes(6));
  ASSERT_TRUE(source.Get().ok());
  ASSERT_EQ(warnings.size(), 1u);
  CollectStatus("refresh: warning", Status(Code::kUnavailable, warnings[0]));
  clock_.Advance(std::chrono::minutes(5));
  Collect("refresh: expired", source.Get());

  AssumeRoleCredentialsCache cache(
      sts_, std::make_shared<StaticCredentialsSource>(Credentials{"AKID", kSecretKey, kSessionToken}), clock_);
  sts_->on_assume_role = [](const AssumeRoleRequest&, const Credentials&) -> Result<ExpiringCredentials> {
    return Status(Code::kPermissionDenied, "AccessDenied");
  };
  AssumeRoleRequest request;
  request.role_arn = "arn:aws:iam::2:role/x";
  request.external_id = kExternalId;
  Collect("role cache: refused", cache.For(request)->Get());
  AssumeRoleCredentialsCache no_base(
      sts_, std::make_shared<StaticCredentialsSource>(Credentials{"", kSecretKey, kSessionToken}), clock_);
  Collect("role cache: base without key id", no_base.For(request)->Get());
}

TEST_F(CredentialSecretsTest, ChainMessages) {
  ScriptedHttp http;
  http.handler = [](const http::Request&) -> Result<http::Response> {
    return Status(Code::kUnavailable, "timed out");
  };
  DefaultChainOptions options;
  options.env = EnvironmentFromMap({{"HOME", dir_.path()}, {"AWS_SESSION_TOKEN", kSessionToken},
                                    {"AWS_CONTAINER_AUTHORIZATION_TOKEN", kAuthToken}});
  options.http = http.sender();
  options.clock = &clock_;
  Collect("chain: nothing configured", NewDefaultCredentialChain(options)->Fetch());
  Collect("source: nothing configured", NewDefaultCredentialsSource(options)->Get());
}

}  // namespace
}  // namespace tk::aws
