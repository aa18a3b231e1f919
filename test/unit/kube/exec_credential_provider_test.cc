#include "kube/exec_credential_provider.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "kube/base64.h"
#include "kube/rfc3339.h"
#include "temp_dir.h"

namespace tk::kube {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::TempDir;

constexpr std::string_view kV1 = "client.authentication.k8s.io/v1";

ExecConfig Config(const std::string& command) {
  ExecConfig config;
  config.api_version = std::string(kV1);
  config.command = command;
  config.interactive_mode = "Never";
  return config;
}

std::shared_ptr<ExecCredentialProvider> Make(ExecConfig config, Clock& clock = SystemClock(),
                                             ExecClusterInfo cluster = {}) {
  auto provider = ExecCredentialProvider::Create(std::move(config), std::move(cluster),
                                                 "kubeconfig /k: user \"u\"", clock,
                                                 std::chrono::seconds(20));
  EXPECT_TRUE(provider.ok()) << provider.status().ToString();
  return provider.ok() ? *provider : nullptr;
}

// A plugin that counts its runs in `count` and answers token "token-<n>",
// with `status_extra` added to the status object.
std::string CountingPlugin(const TempDir& dir, const std::string& status_extra = "") {
  return dir.Script("plugin.sh", "n=$(cat " + dir.path() + "/count 2>/dev/null || echo 0)\n"
                                 "n=$((n+1)); echo $n > " + dir.path() + "/count\n"
                                 "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\","
                                 "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"token-%s\"" +
                                     status_extra + "}}' $n\n");
}

Status ErrorFrom(const TempDir& dir, const std::string& script_body) {
  auto provider = Make(Config(dir.Script("bad.sh", script_body)));
  Result<Credentials> credentials = provider->Get();
  EXPECT_FALSE(credentials.ok());
  return credentials.status();
}

TEST(ExecCredentialProviderTest, RunsThePluginAndCachesItsToken) {
  TempDir dir;
  auto provider = Make(Config(CountingPlugin(dir)));
  EXPECT_EQ(provider->Get()->bearer_token, "token-1");
  EXPECT_EQ(provider->Get()->bearer_token, "token-1");
}

TEST(ExecCredentialProviderTest, RunsAgainAfterTheExpirationTimestamp) {
  TempDir dir;
  ManualClock clock(*ParseRfc3339("2030-01-01T00:00:00Z"));
  auto provider = Make(Config(CountingPlugin(dir, ",\"expirationTimestamp\":\"2030-01-01T00:10:00Z\"")), clock);
  EXPECT_EQ(provider->Get()->bearer_token, "token-1");
  clock.Advance(std::chrono::minutes(9));
  EXPECT_EQ(provider->Get()->bearer_token, "token-1");
  clock.Advance(std::chrono::minutes(2));
  EXPECT_EQ(provider->Get()->bearer_token, "token-2");
}

TEST(ExecCredentialProviderTest, RunsAgainWhenTheServerRejectsTheCachedToken) {
  TempDir dir;
  auto provider = Make(Config(CountingPlugin(dir)));
  const Credentials first = *provider->Get();
  EXPECT_TRUE(provider->Invalidate(first));
  EXPECT_EQ(provider->Get()->bearer_token, "token-2");
  EXPECT_TRUE(provider->Invalidate(first));  // stale: the cache already moved on
  EXPECT_EQ(provider->Get()->bearer_token, "token-2");
}

TEST(ExecCredentialProviderTest, PassesArgsEnvAndExecInfoWithClusterInfo) {
  TempDir dir;
  const std::string info_file = dir.path() + "/info.json";
  ExecConfig config = Config(dir.Script(
      "plugin.sh", "echo \"$KUBERNETES_EXEC_INFO\" > " + info_file + "\n"
                   "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                   "\"status\":{\"token\":\"%s-%s\"}}' \"$1\" \"$FLAVOUR\"\n"));
  config.args = {"arg-one"};
  config.env = {{"FLAVOUR", "mint"}};
  config.provide_cluster_info = true;
  auto provider = Make(config, SystemClock(), {"https://10.0.0.1:6443", "CA PEM", false});
  EXPECT_EQ(provider->Get()->bearer_token, "arg-one-mint");

  const nlohmann::json info = nlohmann::json::parse(dir.Read(info_file), nullptr, false);
  ASSERT_TRUE(info.is_object()) << dir.Read(info_file);
  EXPECT_EQ(info["apiVersion"], kV1);
  EXPECT_EQ(info["kind"], "ExecCredential");
  EXPECT_EQ(info["spec"]["interactive"], false);
  EXPECT_EQ(info["spec"]["cluster"]["server"], "https://10.0.0.1:6443");
  EXPECT_EQ(info["spec"]["cluster"]["certificate-authority-data"], Base64Encode("CA PEM"));
}

TEST(ExecCredentialProviderTest, LeavesClusterInfoOutUnlessAsked) {
  TempDir dir;
  auto provider = Make(Config(dir.Script(
      "plugin.sh", "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                   "\"status\":{\"token\":\"%s\"}}' \"$(echo \"$KUBERNETES_EXEC_INFO\" | tr -d '\"{}:,')\"\n")));
  EXPECT_EQ(provider->Get()->bearer_token,
            "apiVersionclient.authentication.k8s.io/v1kindExecCredentialspecinteractivefalse");
}

TEST(ExecCredentialProviderTest, AcceptsAClientCertificate) {
  TempDir dir;
  auto provider = Make(Config(dir.Script(
      "plugin.sh", "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                   "\"status\":{\"clientCertificateData\":\"CERT\",\"clientKeyData\":\"KEY\"}}'\n")));
  Result<Credentials> credentials = provider->Get();
  ASSERT_TRUE(credentials.ok()) << credentials.status().ToString();
  EXPECT_EQ(*credentials, (Credentials{"", "CERT", "KEY"}));
}

TEST(ExecCredentialProviderTest, SpeaksV1Beta1WithoutInteractiveMode) {
  TempDir dir;
  ExecConfig config;
  config.api_version = "client.authentication.k8s.io/v1beta1";
  config.command = dir.Script(
      "plugin.sh", "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\","
                   "\"status\":{\"token\":\"beta\"}}'\n");
  auto provider = Make(config);
  EXPECT_EQ(provider->Get()->bearer_token, "beta");
}

TEST(ExecCredentialProviderTest, RefusesConfigsItCannotRun) {
  const std::pair<ExecConfig, std::string> cases[] = {
      {[] { ExecConfig c = Config("x"); c.interactive_mode = ""; return c; }(), "interactiveMode must be set"},
      {[] { ExecConfig c = Config("x"); c.interactive_mode = "Always"; return c; }(), "without a terminal"},
      {[] { ExecConfig c = Config("x"); c.interactive_mode = "Sometimes"; return c; }(), "is not one of"},
      {[] { ExecConfig c = Config(""); return c; }(), "exec.command is empty"},
      {[] { ExecConfig c = Config("x"); c.api_version = "v1"; return c; }(), "is not supported"},
  };
  for (const auto& [config, expected] : cases) {
    auto provider = ExecCredentialProvider::Create(config, {}, "kubeconfig /k: user \"u\"");
    ASSERT_FALSE(provider.ok()) << expected;
    EXPECT_EQ(provider.status().code(), Code::kInvalidArgument);
    EXPECT_THAT(provider.status().message(), HasSubstr("kubeconfig /k: user \"u\""));
    EXPECT_THAT(provider.status().message(), HasSubstr(expected));
  }
}

TEST(ExecCredentialProviderTest, ExplainsBadAnswersWithoutQuotingSecrets) {
  TempDir dir;
  const std::pair<std::string, std::string> cases[] = {
      {"echo '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\","
       "\"status\":{\"token\":\"secret-token\"}}'",
       "printed apiVersion \"client.authentication.k8s.io/v1beta1\", but the kubeconfig asks for"},
      {"echo 'not json secret-token'", "did not print an ExecCredential"},
      {"echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\"}'",
       "without a status object"},
      {"echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{}}'",
       "neither a token nor"},
      {"echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
       "\"status\":{\"clientCertificateData\":\"secret-token\"}}'",
       "only one of clientCertificateData and clientKeyData"},
      {"echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
       "\"status\":{\"token\":\"secret-token\",\"expirationTimestamp\":\"soon\"}}'",
       "expirationTimestamp \"soon\" is not an RFC 3339 time"},
      {"echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
       "\"status\":{\"token\":42}}'",
       "must be strings"},
      {"echo 'login required' >&2; exit 7", "exited with code 7: login required"},
  };
  for (const auto& [body, expected] : cases) {
    const Status status = ErrorFrom(dir, body + "\n");
    EXPECT_EQ(status.code(), Code::kUnauthenticated) << body;
    EXPECT_THAT(status.message(), HasSubstr("kubeconfig /k: user \"u\": exec plugin")) << body;
    EXPECT_THAT(status.message(), HasSubstr(expected)) << body;
    EXPECT_THAT(status.message(), Not(HasSubstr("secret-token"))) << body;
  }
}

TEST(ExecCredentialProviderTest, AMissingPluginShowsTheInstallHint) {
  ExecConfig config = Config("tk-no-such-credential-plugin");
  config.install_hint = "brew install tk-plugin";
  Result<Credentials> credentials = Make(config)->Get();
  ASSERT_FALSE(credentials.ok());
  EXPECT_THAT(credentials.status().message(), HasSubstr("tk-no-such-credential-plugin: not found"));
  EXPECT_THAT(credentials.status().message(), HasSubstr("brew install tk-plugin"));
}

TEST(ExecCredentialProviderTest, APluginThatHangsIsKilled) {
  TempDir dir;
  auto provider = ExecCredentialProvider::Create(Config(dir.Script("slow.sh", "sleep 30\n")), {},
                                                 "user \"u\"", SystemClock(), std::chrono::milliseconds(200));
  ASSERT_TRUE(provider.ok());
  Result<Credentials> credentials = (*provider)->Get();
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.status().code(), Code::kUnauthenticated);
  EXPECT_THAT(credentials.status().message(), HasSubstr("did not finish within 200 ms"));
}

}  // namespace
}  // namespace tk::kube
