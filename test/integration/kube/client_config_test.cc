// Configuration against the real kube-apiserver: the test world's
// kubeconfigs loaded and merged, exec credential plugins (token and client
// certificate, re-run after a 401), token files, relative paths.
#include "kube/client_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "kube/rest_client.h"
#include "kube/subprocess.h"
#include "kube_world.h"
#include "temp_dir.h"
#include "testing/test_world.h"

namespace tk::kube {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using testing::TempDir;
using tk::testing::TestWorld;

const ResourcePath kDefaultNamespace{testing::kNamespaces, "", "default", ""};

// A kubeconfig for the test world's server (CA by relative path, as
// "ca.crt" next to it) with `user_yaml` as its only user.
std::string WriteKubeconfig(const TempDir& dir, const std::string& user_yaml) {
  dir.Write("ca.crt", TestWorld::ReadFile(TestWorld::CertPath("ca.crt")));
  return dir.Write("config", "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
                             "clusters:\n- name: world\n  cluster:\n    server: " + TestWorld::ApiServer() +
                                 "\n    certificate-authority: ca.crt\n"
                                 "users:\n- name: u\n  user:\n" + user_yaml +
                                 "contexts:\n- name: c\n  context: {cluster: world, user: u}\n");
}

std::unique_ptr<RestClient> ClientFor(const std::string& kubeconfig_path) {
  Result<RestConfig> config = LoadRestConfig(kubeconfig_path);
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  return config.ok() ? std::make_unique<RestClient>(*config) : nullptr;
}

std::string ExecUser(const std::string& script) {
  return "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: ./" + script +
         "\n      interactiveMode: Never\n      provideClusterInfo: true\n";
}

TEST(ClientConfigIntegrationTest, LoadsBothIdentitiesOfTheTestWorld) {
  RestClient admin(testing::AdminConfig());
  EXPECT_EQ(testing::WhoAmI(admin), "testenv-admin");
  RestClient controller(testing::ControllerConfig());
  EXPECT_EQ(testing::WhoAmI(controller), "tablekeeper");
}

TEST(ClientConfigIntegrationTest, MergesKubeconfigListsAsKubectlDoes) {
  const std::string list = testing::WorldEnv("TABLEKEEPER_KUBECONFIG") + ":" + testing::WorldEnv("KUBECONFIG");
  Result<Kubeconfig> merged = LoadKubeconfigFiles(list);
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->current_context, "tablekeeper@testenv");  // the first file's

  Result<RestConfig> current = RestConfigFromKubeconfig(*merged);
  ASSERT_TRUE(current.ok()) << current.status().ToString();
  RestClient controller(*current);
  EXPECT_EQ(testing::WhoAmI(controller), "tablekeeper");

  Result<RestConfig> admin_context = RestConfigFromKubeconfig(*merged, "testenv-admin@testenv");
  ASSERT_TRUE(admin_context.ok()) << admin_context.status().ToString();
  RestClient admin(*admin_context);
  EXPECT_EQ(testing::WhoAmI(admin), "testenv-admin");

  // kubectl agrees on what the merged configuration's current context is.
  ProcessSpec spec;
  spec.argv = {"kubectl", "config", "current-context"};
  spec.env = {{"KUBECONFIG", list}};
  spec.timeout = std::chrono::seconds(30);
  Result<ProcessOutput> kubectl = RunProcess(spec);
  ASSERT_TRUE(kubectl.ok()) << kubectl.status().ToString();
  EXPECT_EQ(kubectl->stdout_text, merged->current_context + "\n");
}

TEST(ClientConfigIntegrationTest, AnExecPluginPrintingTheControllerTokenWorks) {
  TempDir dir;
  dir.Script("token-plugin.sh",
             "echo \"$KUBERNETES_EXEC_INFO\" > " + dir.path() + "/exec-info\n"
             "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
             "\"status\":{\"token\":\"" + TestWorld::ControllerToken() + "\"}}'\n");
  std::unique_ptr<RestClient> client = ClientFor(WriteKubeconfig(dir, ExecUser("token-plugin.sh")));
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(testing::WhoAmI(*client), "tablekeeper");
  ASSERT_TRUE(client->Get(kDefaultNamespace).ok());
  const json info = json::parse(dir.Read(dir.path() + "/exec-info"), nullptr, false);
  EXPECT_EQ(info["spec"]["cluster"]["server"], TestWorld::ApiServer());
}

TEST(ClientConfigIntegrationTest, AnExecPluginRunsAgainWhenTheServerRejectsItsToken) {
  TempDir dir;
  // First run: a token the server does not know; later runs: the real one.
  dir.Script("rotating-plugin.sh",
             "n=$(cat " + dir.path() + "/runs 2>/dev/null || echo 0); n=$((n+1)); echo $n > " + dir.path() +
                 "/runs\n"
                 "if [ $n -eq 1 ]; then token=expired-token; else token=" + TestWorld::ControllerToken() +
                 "; fi\n"
                 "echo \"{\\\"apiVersion\\\":\\\"client.authentication.k8s.io/v1\\\",\\\"kind\\\":\\\"ExecCredential\\\","
                 "\\\"status\\\":{\\\"token\\\":\\\"$token\\\"}}\"\n");
  std::unique_ptr<RestClient> client = ClientFor(WriteKubeconfig(dir, ExecUser("rotating-plugin.sh")));
  ASSERT_NE(client, nullptr);
  Result<json> object = client->Get(kDefaultNamespace);
  ASSERT_TRUE(object.ok()) << object.status().ToString();
  EXPECT_EQ(dir.Read(dir.path() + "/runs"), "2\n");
  ASSERT_TRUE(client->Get(kDefaultNamespace).ok());
  EXPECT_EQ(dir.Read(dir.path() + "/runs"), "2\n");  // cached since
}

TEST(ClientConfigIntegrationTest, AnExecPluginMayAnswerWithAClientCertificate) {
  TempDir dir;
  const json credential = {
      {"apiVersion", "client.authentication.k8s.io/v1"},
      {"kind", "ExecCredential"},
      {"status",
       {{"clientCertificateData", TestWorld::ReadFile(TestWorld::CertPath("admin.crt"))},
        {"clientKeyData", TestWorld::ReadFile(TestWorld::CertPath("admin.key"))}}}};
  dir.Write("credential.json", credential.dump());
  dir.Script("cert-plugin.sh", "cat " + dir.path() + "/credential.json\n");
  std::unique_ptr<RestClient> client = ClientFor(WriteKubeconfig(dir, ExecUser("cert-plugin.sh")));
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(testing::WhoAmI(*client), "testenv-admin");
}

TEST(ClientConfigIntegrationTest, ATokenFileIsReadAgainAfterItChanges) {
  TempDir dir;
  dir.Write("token", "wrong-token\n");
  std::unique_ptr<RestClient> client = ClientFor(WriteKubeconfig(dir, "    tokenFile: token\n"));
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(client->Get(kDefaultNamespace).status().code(), Code::kUnauthenticated);
  dir.Write("token", TestWorld::ControllerToken() + "\n");
  Result<json> object = client->Get(kDefaultNamespace);
  ASSERT_TRUE(object.ok()) << object.status().ToString();
  EXPECT_EQ(testing::WhoAmI(*client), "tablekeeper");
}

TEST(ClientConfigIntegrationTest, ClientCertificateFilesWork) {
  TempDir dir;
  dir.Write("pki/admin.crt", TestWorld::ReadFile(TestWorld::CertPath("admin.crt")));
  dir.Write("pki/admin.key", TestWorld::ReadFile(TestWorld::CertPath("admin.key")));
  std::unique_ptr<RestClient> client =
      ClientFor(WriteKubeconfig(dir, "    client-certificate: pki/admin.crt\n    client-key: pki/admin.key\n"));
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(testing::WhoAmI(*client), "testenv-admin");
}

TEST(ClientConfigIntegrationTest, AnUnknownCaIsRefused) {
  RestConfig config = testing::ControllerConfig();
  config.tls.ca_pem.clear();  // the system's CAs do not know the test world's
  RestClient client(config);
  const Status status = client.Get(kDefaultNamespace).status();
  EXPECT_EQ(status.code(), Code::kUnavailable);
  EXPECT_THAT(status.message(), ::testing::Not(HasSubstr(TestWorld::ControllerToken())));
}

}  // namespace
}  // namespace tk::kube
