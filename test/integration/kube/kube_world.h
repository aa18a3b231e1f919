// What the kube integration tests share: RestClients for the test world's two
// identities (admin from $KUBECONFIG, the controller from
// $TABLEKEEPER_KUBECONFIG), kubectl for setup and cross-checks, and a fixture
// that gives each test a fresh namespace. A missing variable ends the binary
// with a message, as testing::TestWorld does.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kube/rest_client.h"

namespace tk::kube::testing {

// An environment variable of the test world; exits when it is unset.
std::string WorldEnv(const char* name);

// The RestConfig of a kubeconfig file's current context; fails the test (and
// returns an empty config) when it cannot be loaded.
RestConfig ConfigFromKubeconfig(const std::string& path);
RestConfig AdminConfig();       // $KUBECONFIG
RestConfig ControllerConfig();  // $TABLEKEEPER_KUBECONFIG

// The user name the API server sees for `client` (a SelfSubjectReview), or
// the error.
std::string WhoAmI(RestClient& client);

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout then stderr
};

// Runs the test world's kubectl as admin with `args`, killed after `timeout`.
CommandResult Kubectl(const std::vector<std::string>& args,
                      std::chrono::seconds timeout = std::chrono::seconds(60));

inline const GroupVersionResource kConfigMaps{"", "v1", "configmaps"};
inline const GroupVersionResource kNamespaces{"", "v1", "namespaces"};
inline const GroupVersionResource kSecrets{"", "v1", "secrets"};

// Gives each test its own namespace "tk-kube-<random>" and an admin client.
// The namespace is deleted afterwards (with no namespace controller in the
// test world it stays Terminating; its name is never reused).
class NamespaceTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  ResourcePath ConfigMap(const std::string& name) const { return {kConfigMaps, namespace_, name, ""}; }
  ResourcePath ConfigMaps() const { return {kConfigMaps, namespace_, "", ""}; }
  // A ConfigMap object named `name` with `data`.
  nlohmann::json NewConfigMap(const std::string& name, const nlohmann::json& data) const;
  // Creates it, failing the test on error; returns the stored object.
  nlohmann::json CreateConfigMap(const std::string& name, const nlohmann::json& data);

  std::string namespace_;
  std::unique_ptr<RestClient> admin_;
};

}  // namespace tk::kube::testing
