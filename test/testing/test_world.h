// TestWorld: what a C++ integration test needs to reach the real peers that
// testenv/up.sh started, read from the environment build/testenv/env.sh sets.
// A missing variable ends the test binary with a message saying to run
// `make env-up`, never a silent skip.
#pragma once

#include <string>
#include <string_view>

namespace tk::testing {

class TestWorld {
 public:
  // https://127.0.0.1:PORT of kube-apiserver.
  static std::string ApiServer();
  // A file of the test world's certificates folder (ca.crt, admin.crt, ...).
  static std::string CertPath(std::string_view name);
  // The bearer token of the `tablekeeper` identity.
  static std::string ControllerToken();
  // http://127.0.0.1:PORT of the AWS emulator.
  static std::string AwsEndpoint();
  // An Authorization header moto routes by (service and region in the
  // credential scope); moto does not check it outside signature mode.
  static std::string FakeAwsAuthorization(std::string_view service);
  // Posts a fault (JSON, see testenv/aws/README.md) to the emulator.
  static void InjectFault(std::string_view fault_json);

  static std::string ReadFile(const std::string& path);
};

}  // namespace tk::testing
