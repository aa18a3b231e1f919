#include "kube/client_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scoped_env.h"
#include "temp_dir.h"

namespace tk::kube {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ScopedEnv;
using testing::TempDir;

// "CA-PEM", "CERT", "KEY" in base64.
constexpr const char* kConfig = R"(
current-context: main
clusters:
- name: main
  cluster:
    server: https://10.0.0.1:6443/
    certificate-authority-data: Q0EtUEVN
- name: bare
  cluster:
    server: 10.0.0.2:6443
    insecure-skip-tls-verify: true
users:
- name: cert
  user:
    client-certificate-data: Q0VSVA==
    client-key-data: S0VZ
- name: token
  user:
    token: abc123
contexts:
- name: main
  context: {cluster: main, user: cert, namespace: team-a}
- name: bare
  context: {cluster: bare, user: token}
- name: anonymous
  context: {cluster: main}
)";

Kubeconfig Parse(const std::string& yaml, const std::string& path = "/k/config") {
  Result<Kubeconfig> config = ParseKubeconfig(yaml, path);
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  return config.ok() ? *config : Kubeconfig{};
}

Credentials CredentialsOf(const RestConfig& config) {
  EXPECT_NE(config.credentials, nullptr);
  if (config.credentials == nullptr) return {};
  Result<Credentials> credentials = config.credentials->Get();
  EXPECT_TRUE(credentials.ok()) << credentials.status().ToString();
  return credentials.ok() ? *credentials : Credentials{};
}

Status ErrorOf(const std::string& yaml, std::string_view context = {}) {
  Result<RestConfig> config = RestConfigFromKubeconfig(Parse(yaml), context);
  EXPECT_FALSE(config.ok());
  return config.status();
}

TEST(ClientConfigTest, UsesTheCurrentContext) {
  Result<RestConfig> config = RestConfigFromKubeconfig(Parse(kConfig));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->host, "https://10.0.0.1:6443");
  EXPECT_EQ(config->tls.ca_pem, "CA-PEM");
  EXPECT_FALSE(config->tls.insecure_skip_verify);
  EXPECT_EQ(config->default_namespace, "team-a");
  const Credentials credentials = CredentialsOf(*config);
  EXPECT_EQ(credentials.client_cert_pem, "CERT");
  EXPECT_EQ(credentials.client_key_pem, "KEY");
  EXPECT_EQ(credentials.bearer_token, "");
}

TEST(ClientConfigTest, AnExplicitContextOverridesTheCurrentOne) {
  Result<RestConfig> config = RestConfigFromKubeconfig(Parse(kConfig), "bare");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->host, "https://10.0.0.2:6443");
  EXPECT_TRUE(config->tls.insecure_skip_verify);
  EXPECT_EQ(config->default_namespace, "default");
  EXPECT_EQ(CredentialsOf(*config).bearer_token, "abc123");
  EXPECT_FALSE(config->credentials->Invalidate(CredentialsOf(*config)));  // nothing else to try
}

TEST(ClientConfigTest, AContextWithoutUserIsAnonymous) {
  Result<RestConfig> config = RestConfigFromKubeconfig(Parse(kConfig), "anonymous");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->credentials, nullptr);
}

TEST(ClientConfigTest, ReadsCertificateFilesNamedRelativeToTheKubeconfig) {
  TempDir dir;
  dir.Write("kube/pki/ca.crt", "CA FROM FILE");
  dir.Write("kube/pki/me.crt", "CERT FROM FILE");
  dir.Write("kube/pki/me.key", "KEY FROM FILE");
  const std::string path = dir.Write("kube/config", R"(
current-context: c
clusters: [{name: c, cluster: {server: "https://x", certificate-authority: pki/ca.crt}}]
users: [{name: u, user: {client-certificate: pki/me.crt, client-key: pki/me.key}}]
contexts: [{name: c, context: {cluster: c, user: u}}]
)");
  Result<Kubeconfig> kubeconfig = LoadKubeconfigFile(path);
  ASSERT_TRUE(kubeconfig.ok()) << kubeconfig.status().ToString();
  Result<RestConfig> config = RestConfigFromKubeconfig(*kubeconfig);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->tls.ca_pem, "CA FROM FILE");
  EXPECT_EQ(CredentialsOf(*config).client_cert_pem, "CERT FROM FILE");
  EXPECT_EQ(CredentialsOf(*config).client_key_pem, "KEY FROM FILE");
}

TEST(ClientConfigTest, AMissingCertificateFileNamesTheFileAndField) {
  TempDir dir;
  const std::string path = dir.Write("config", R"(
current-context: c
clusters: [{name: c, cluster: {server: "https://x", certificate-authority: nowhere/ca.crt}}]
contexts: [{name: c, context: {cluster: c}}]
)");
  Result<RestConfig> config = RestConfigFromKubeconfig(*LoadKubeconfigFile(path));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), Code::kNotFound);
  EXPECT_THAT(config.status().message(), HasSubstr("cluster \"c\": certificate-authority"));
  EXPECT_THAT(config.status().message(), HasSubstr(dir.path() + "/nowhere/ca.crt"));
}

TEST(ClientConfigTest, ATokenFileIsReadAndReReadWhenItChanges) {
  TempDir dir;
  dir.Write("token", "first-token\n");
  const std::string path = dir.Write("config", R"(
current-context: c
clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: u, user: {tokenFile: token}}]
contexts: [{name: c, context: {cluster: c, user: u}}]
)");
  Result<RestConfig> config = RestConfigFromKubeconfig(*LoadKubeconfigFile(path));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(CredentialsOf(*config).bearer_token, "first-token");
  dir.Write("token", "second-token-longer\n");
  EXPECT_EQ(CredentialsOf(*config).bearer_token, "second-token-longer");
}

TEST(ClientConfigTest, AMissingTokenFileFailsAtOnce) {
  const Status status = ErrorOf(R"(
current-context: c
clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: u, user: {tokenFile: /nonexistent/token}}]
contexts: [{name: c, context: {cluster: c, user: u}}]
)");
  EXPECT_EQ(status.code(), Code::kUnauthenticated);
  EXPECT_THAT(status.message(), HasSubstr("user \"u\": tokenFile"));
  EXPECT_THAT(status.message(), HasSubstr("/nonexistent/token"));
}

TEST(ClientConfigTest, AnExecUserGetsItsCredentialsFromThePlugin) {
  TempDir dir;
  dir.Script("plugin.sh", R"(echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-plugin"}}')");
  const std::string path = dir.Write("config", R"(
current-context: c
clusters: [{name: c, cluster: {server: "https://x"}}]
users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: ./plugin.sh, interactiveMode: Never}}}]
contexts: [{name: c, context: {cluster: c, user: u}}]
)");
  Result<RestConfig> config = RestConfigFromKubeconfig(*LoadKubeconfigFile(path));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(CredentialsOf(*config).bearer_token, "from-plugin");
}

TEST(ClientConfigTest, RefusesWhatItCannotUse) {
  struct Case {
    std::string yaml;
    std::string_view context;
    std::string expected;
  };
  const std::string clusters = "clusters: [{name: c, cluster: {server: 'https://x'}}]\n";
  const Case cases[] = {
      {clusters, "", "no current-context"},
      {"current-context: nope\n" + clusters, "", "has no context \"nope\""},
      {"contexts: [{name: c, context: {cluster: gone}}]\n", "c", "cluster \"gone\" is not defined"},
      {clusters + "contexts: [{name: c, context: {cluster: c, user: gone}}]\n", "c",
       "user \"gone\" is not defined"},
      {"clusters: [{name: c, cluster: {}}]\ncontexts: [{name: c, context: {cluster: c}}]\n", "c",
       "cluster \"c\": server is empty"},
      {"clusters: [{name: c, cluster: {server: 'ftp://x'}}]\ncontexts: [{name: c, context: {cluster: c}}]\n",
       "c", "not an http or https URL"},
      {"clusters: [{name: c, cluster: {server: 'https://x', insecure-skip-tls-verify: true, "
       "certificate-authority-data: Q0E=}}]\ncontexts: [{name: c, context: {cluster: c}}]\n",
       "c", "insecure-skip-tls-verify is set together with a certificate authority"},
      {clusters + "users: [{name: u, user: {client-certificate-data: Q0VSVA==}}]\n"
                  "contexts: [{name: c, context: {cluster: c, user: u}}]\n",
       "c", "user \"u\": a client certificate needs both"},
      {clusters + "users: [{name: u, user: {token: t, exec: {apiVersion: "
                  "client.authentication.k8s.io/v1, command: x, interactiveMode: Never}}}]\n"
                  "contexts: [{name: c, context: {cluster: c, user: u}}]\n",
       "c", "exec is combined with a token"},
      {clusters + "users: [{name: u, user: {auth-provider: {name: gcp}}}]\n"
                  "contexts: [{name: c, context: {cluster: c, user: u}}]\n",
       "c", "auth-provider \"gcp\" is not supported"},
      {clusters + "users: [{name: u, user: {username: a, password: b}}]\n"
                  "contexts: [{name: c, context: {cluster: c, user: u}}]\n",
       "c", "basic authentication"},
      {clusters + "users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1alpha1, "
                  "command: x}}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\n",
       "c", "exec.apiVersion \"client.authentication.k8s.io/v1alpha1\" is not supported"},
  };
  for (const Case& c : cases) {
    const Status status = ErrorOf(c.yaml, c.context);
    EXPECT_EQ(status.code(), Code::kInvalidArgument) << c.yaml;
    EXPECT_THAT(status.message(), HasSubstr(c.expected)) << c.yaml;
    EXPECT_THAT(status.message(), Not(HasSubstr("password: b"))) << c.yaml;
  }
}

TEST(ClientConfigTest, LoadRestConfigPrefersAnExplicitPath) {
  TempDir dir;
  const std::string explicit_path = dir.Write("explicit", R"(
current-context: c
clusters: [{name: c, cluster: {server: "https://explicit"}}]
contexts: [{name: c, context: {cluster: c}}]
)");
  const std::string env_path = dir.Write("env", R"(
current-context: c
clusters: [{name: c, cluster: {server: "https://from-env"}}]
contexts: [{name: c, context: {cluster: c}}, {name: other, context: {cluster: c, namespace: o}}]
)");
  ScopedEnv env;
  env.Set("KUBECONFIG", dir.path() + "/missing:" + env_path);
  Result<RestConfig> config = LoadRestConfig(explicit_path);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->host, "https://explicit");

  Result<RestConfig> from_env = LoadRestConfig({}, "other");
  ASSERT_TRUE(from_env.ok()) << from_env.status().ToString();
  EXPECT_EQ(from_env->host, "https://from-env");
  EXPECT_EQ(from_env->default_namespace, "o");

  Result<RestConfig> missing = LoadRestConfig(dir.path() + "/missing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
}

TEST(ClientConfigTest, LoadRestConfigFallsBackToTheHomeKubeconfig) {
  TempDir dir;
  dir.Write(".kube/config", R"(
current-context: c
clusters: [{name: c, cluster: {server: "https://home"}}]
contexts: [{name: c, context: {cluster: c}}]
)");
  ScopedEnv env;
  env.Set("KUBECONFIG", std::nullopt);
  env.Set("KUBERNETES_SERVICE_HOST", std::nullopt);
  env.Set("HOME", dir.path());
  Result<RestConfig> config = LoadRestConfig();
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->host, "https://home");
}

TEST(ClientConfigTest, LoadRestConfigRefusesAContextInCluster) {
  ScopedEnv env;
  env.Set("KUBECONFIG", std::nullopt);
  env.Set("KUBERNETES_SERVICE_HOST", "10.0.0.1");
  env.Set("KUBERNETES_SERVICE_PORT", "443");
  Result<RestConfig> config = LoadRestConfig({}, "some-context");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), HasSubstr("context \"some-context\""));
}

}  // namespace
}  // namespace tk::kube
