#include "kube/kubeconfig.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kube/base64.h"
#include "temp_dir.h"

namespace tk::kube {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;
using testing::TempDir;

constexpr const char* kFull = R"(
apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: prod
  cluster:
    server: https://prod.example:6443
    certificate-authority-data: Q0EtUEVN
- name: dev
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority: certs/ca.crt
    insecure-skip-tls-verify: false
- name: lab
  cluster:
    server: https://lab
    insecure-skip-tls-verify: true
users:
- name: alice
  user:
    client-certificate: certs/alice.crt
    client-key: /abs/alice.key
- name: bob
  user:
    client-certificate-data: Q0VSVA==
    client-key-data: S0VZ
- name: ci
  user:
    token: s3cret
    tokenFile: ../tokens/ci
- name: plugin
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/get-token
      args: [--cluster, dev]
      env:
      - name: MODE
        value: fast
      installHint: install get-token
      provideClusterInfo: true
      interactiveMode: Never
- name: oidc
  user:
    auth-provider:
      name: oidc
contexts:
- name: dev
  context: {cluster: dev, user: alice, namespace: team-a}
- name: prod
  context: {cluster: prod, user: bob}
)";

TEST(KubeconfigTest, ParsesClustersUsersAndContexts) {
  Result<Kubeconfig> config = ParseKubeconfig(kFull, "/home/me/.kube/config");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->current_context, "dev");
  ASSERT_EQ(config->clusters.size(), 3u);
  EXPECT_EQ(config->clusters.at("prod").server, "https://prod.example:6443");
  EXPECT_EQ(config->clusters.at("prod").certificate_authority_data, "CA-PEM");
  EXPECT_TRUE(config->clusters.at("lab").insecure_skip_tls_verify);
  EXPECT_EQ(config->clusters.at("dev").origin, "/home/me/.kube/config");
  EXPECT_EQ(config->users.at("bob").client_certificate_data, "CERT");
  EXPECT_EQ(config->users.at("bob").client_key_data, "KEY");
  EXPECT_EQ(config->users.at("ci").token, "s3cret");
  EXPECT_EQ(config->contexts.at("dev").namespace_name, "team-a");
  EXPECT_EQ(config->contexts.at("prod").user, "bob");
  EXPECT_THAT(config->users.at("oidc").unsupported, HasSubstr("auth-provider \"oidc\""));
}

TEST(KubeconfigTest, ResolvesRelativePathsAgainstTheFilesFolder) {
  Result<Kubeconfig> config = ParseKubeconfig(kFull, "/home/me/.kube/config");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->clusters.at("dev").certificate_authority, "/home/me/.kube/certs/ca.crt");
  EXPECT_EQ(config->users.at("alice").client_certificate, "/home/me/.kube/certs/alice.crt");
  EXPECT_EQ(config->users.at("alice").client_key, "/abs/alice.key");
  EXPECT_EQ(config->users.at("ci").token_file, "/home/me/tokens/ci");
  EXPECT_EQ(config->users.at("plugin").exec->command, "/home/me/.kube/bin/get-token");
}

TEST(KubeconfigTest, LeavesAnExecCommandWithoutSlashToPath) {
  Result<Kubeconfig> config = ParseKubeconfig(R"(
users:
- name: u
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws}
)", "/home/me/.kube/config");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->users.at("u").exec->command, "aws");
}

TEST(KubeconfigTest, ParsesExecStanza) {
  Result<Kubeconfig> config = ParseKubeconfig(kFull, "/k/config");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  const ExecConfig& exec = *config->users.at("plugin").exec;
  EXPECT_EQ(exec.api_version, "client.authentication.k8s.io/v1");
  EXPECT_THAT(exec.args, ElementsAre("--cluster", "dev"));
  EXPECT_THAT(exec.env, ElementsAre(Pair("MODE", "fast")));
  EXPECT_EQ(exec.install_hint, "install get-token");
  EXPECT_TRUE(exec.provide_cluster_info);
  EXPECT_EQ(exec.interactive_mode, "Never");
}

TEST(KubeconfigTest, AcceptsJsonAndEmptyDocuments) {
  Result<Kubeconfig> json = ParseKubeconfig(
      R"({"current-context":"c","contexts":[{"name":"c","context":{"cluster":"x","user":"y"}}]})", "/k");
  ASSERT_TRUE(json.ok()) << json.status().ToString();
  EXPECT_EQ(json->contexts.at("c").cluster, "x");
  Result<Kubeconfig> empty = ParseKubeconfig("", "/k");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->clusters.empty());
}

struct BadCase {
  const char* yaml;
  const char* expected;  // a piece of the message
};

TEST(KubeconfigTest, ErrorsNameTheFileEntryAndField) {
  const BadCase cases[] = {
      {"clusters: [", "not valid YAML at line"},
      {"- a\n- b\n", "not a YAML mapping"},
      {"clusters: {a: b}", "clusters: must be a list"},
      {"clusters:\n- cluster: {server: x}\n", "clusters[0]: has no name"},
      {"clusters:\n- name: a\n  cluster: {server: [x]}\n", "cluster \"a\": server: must be a string"},
      {"clusters:\n- name: a\n- name: a\n", "cluster \"a\": is defined twice"},
      {"clusters:\n- name: a\n  cluster: {insecure-skip-tls-verify: maybe}\n",
       "cluster \"a\": insecure-skip-tls-verify: must be true or false"},
      {"users:\n- name: u\n  user: {client-key-data: '!!!'}\n",
       "user \"u\": client-key-data: is not valid base64"},
      {"users:\n- name: u\n  user: {exec: {args: x}}\n", "user \"u\": exec: args: must be a list"},
      {"users:\n- name: u\n  user: {exec: {env: [{value: v}]}}\n", "user \"u\": exec: env[0]: has no name"},
      {"contexts:\n- name: c\n  context: [x]\n", "context \"c\": context: must be a mapping"},
  };
  for (const BadCase& bad : cases) {
    Result<Kubeconfig> config = ParseKubeconfig(bad.yaml, "/etc/kube/config");
    ASSERT_FALSE(config.ok()) << bad.yaml;
    EXPECT_EQ(config.status().code(), Code::kInvalidArgument) << bad.yaml;
    EXPECT_THAT(config.status().message(), HasSubstr("kubeconfig /etc/kube/config: ")) << bad.yaml;
    EXPECT_THAT(config.status().message(), HasSubstr(bad.expected)) << bad.yaml;
  }
}

TEST(KubeconfigTest, ErrorsNeverQuoteSecrets) {
  Result<Kubeconfig> config = ParseKubeconfig(
      "users:\n- name: u\n  user: {client-key-data: 'topsecret!'}\n", "/k");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.status().message(), Not(HasSubstr("topsecret")));
}

TEST(KubeconfigTest, MergeKeepsTheFirstEntryOfEachNameWhole) {
  Result<Kubeconfig> first = ParseKubeconfig(R"(
current-context: one
clusters:
- name: shared
  cluster: {server: https://first}
users:
- name: shared
  user: {token: first-token}
)", "/a/config");
  Result<Kubeconfig> second = ParseKubeconfig(R"(
current-context: two
clusters:
- name: shared
  cluster: {server: https://second, insecure-skip-tls-verify: true}
- name: only-second
  cluster: {server: https://only}
users:
- name: shared
  user: {token: second-token, tokenFile: t}
contexts:
- name: two
  context: {cluster: only-second}
)", "/b/config");
  ASSERT_TRUE(first.ok() && second.ok());
  Kubeconfig merged = *first;
  MergeKubeconfig(merged, *second);
  EXPECT_EQ(merged.current_context, "one");
  EXPECT_EQ(merged.clusters.at("shared").server, "https://first");
  EXPECT_FALSE(merged.clusters.at("shared").insecure_skip_tls_verify);  // not merged field by field
  EXPECT_EQ(merged.users.at("shared").token, "first-token");
  EXPECT_EQ(merged.users.at("shared").token_file, "");
  EXPECT_EQ(merged.clusters.at("only-second").origin, "/b/config");
  EXPECT_EQ(merged.contexts.at("two").cluster, "only-second");
}

TEST(KubeconfigTest, MergeTakesCurrentContextFromTheFirstFileThatHasOne) {
  Kubeconfig merged;
  Kubeconfig later;
  later.current_context = "later";
  MergeKubeconfig(merged, later);
  EXPECT_EQ(merged.current_context, "later");
}

TEST(KubeconfigTest, LoadsAColonSeparatedListSkippingMissingAndRepeatedFiles) {
  TempDir dir;
  const std::string a = dir.Write("a/config", "clusters:\n- name: c\n  cluster:\n    server: https://a\n"
                                              "    certificate-authority: ca.crt\n");
  const std::string b = dir.Write("b/config", "current-context: from-b\nclusters:\n- name: c\n  cluster:\n"
                                              "    server: https://b\n- name: d\n  cluster:\n"
                                              "    certificate-authority: ca.crt\n");
  const std::string missing = dir.path() + "/missing/config";
  Result<Kubeconfig> merged = LoadKubeconfigFiles(":" + missing + ":" + a + "::" + b + ":" + a);
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->current_context, "from-b");
  EXPECT_EQ(merged->clusters.at("c").server, "https://a");
  EXPECT_EQ(merged->clusters.at("c").certificate_authority, dir.path() + "/a/ca.crt");
  EXPECT_EQ(merged->clusters.at("d").certificate_authority, dir.path() + "/b/ca.crt");
}

TEST(KubeconfigTest, LoadingFailsWhenNoFileExists) {
  TempDir dir;
  Result<Kubeconfig> merged = LoadKubeconfigFiles(dir.path() + "/x:" + dir.path() + "/y");
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.status().code(), Code::kNotFound);
  EXPECT_THAT(merged.status().message(), HasSubstr(dir.path() + "/x"));
}

TEST(KubeconfigTest, LoadingFailsOnABrokenFileInTheList) {
  TempDir dir;
  const std::string good = dir.Write("good", "current-context: x\n");
  const std::string bad = dir.Write("bad", "clusters: 3\n");
  Result<Kubeconfig> merged = LoadKubeconfigFiles(good + ":" + bad);
  ASSERT_FALSE(merged.ok());
  EXPECT_THAT(merged.status().message(), HasSubstr(bad));
}

TEST(KubeconfigTest, LoadingOneMissingFileIsNotFound) {
  Result<Kubeconfig> config = LoadKubeconfigFile("/nonexistent/tk/config");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), Code::kNotFound);
  EXPECT_THAT(config.status().message(), HasSubstr("/nonexistent/tk/config"));
}

}  // namespace
}  // namespace tk::kube
