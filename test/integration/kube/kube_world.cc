#include "kube_world.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <random>

#include "kube/client_config.h"
#include "kube/subprocess.h"

namespace tk::kube::testing {

using nlohmann::json;

std::string WorldEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    std::fprintf(stderr, "%s is not set: run `make env-up` and source build/testenv/env.sh\n", name);
    std::exit(2);
  }
  return value;
}

RestConfig ConfigFromKubeconfig(const std::string& path) {
  Result<Kubeconfig> kubeconfig = LoadKubeconfigFile(path);
  EXPECT_TRUE(kubeconfig.ok()) << kubeconfig.status().ToString();
  if (!kubeconfig.ok()) return {};
  Result<RestConfig> config = RestConfigFromKubeconfig(*kubeconfig);
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  return config.ok() ? *config : RestConfig{};
}

RestConfig AdminConfig() { return ConfigFromKubeconfig(WorldEnv("KUBECONFIG")); }
RestConfig ControllerConfig() { return ConfigFromKubeconfig(WorldEnv("TABLEKEEPER_KUBECONFIG")); }

std::string WhoAmI(RestClient& client) {
  const ResourcePath reviews{{"authentication.k8s.io", "v1", "selfsubjectreviews"}, "", "", ""};
  Result<json> review = client.Create(
      reviews, {{"apiVersion", "authentication.k8s.io/v1"}, {"kind", "SelfSubjectReview"}});
  if (!review.ok()) return review.status().ToString();
  return review->value("/status/userInfo/username"_json_pointer, std::string("<no username>"));
}

CommandResult Kubectl(const std::vector<std::string>& args, std::chrono::seconds timeout) {
  ProcessSpec spec;
  spec.argv = {"kubectl", "--kubeconfig", WorldEnv("KUBECONFIG")};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.timeout = timeout;
  Result<ProcessOutput> output = RunProcess(spec);
  if (!output.ok()) return {-1, output.status().ToString()};
  return {output->exit_code, output->stdout_text + output->stderr_text};
}

void NamespaceTest::SetUp() {
  std::random_device random;
  namespace_ = fmt::format("tk-kube-{:08x}", random());
  admin_ = std::make_unique<RestClient>(AdminConfig());
  Result<json> created = admin_->Create(
      {kNamespaces, "", "", ""},
      {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", namespace_}}}});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
}

void NamespaceTest::TearDown() {
  if (admin_) (void)admin_->Delete({kNamespaces, "", namespace_, ""});
}

json NamespaceTest::NewConfigMap(const std::string& name, const json& data) const {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}, {"namespace", namespace_}}},
          {"data", data}};
}

json NamespaceTest::CreateConfigMap(const std::string& name, const json& data) {
  Result<json> created = admin_->Create(ConfigMaps(), NewConfigMap(name, data));
  EXPECT_TRUE(created.ok()) << created.status().ToString();
  return created.ok() ? *created : json();
}

}  // namespace tk::kube::testing
