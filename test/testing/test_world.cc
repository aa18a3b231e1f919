#include "testing/test_world.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "http/http_client.h"

namespace tk::testing {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    std::fprintf(stderr, "%s is not set: run `make env-up` and source build/testenv/env.sh\n", name);
    std::exit(2);
  }
  return value;
}

}  // namespace

std::string TestWorld::ApiServer() { return Env("TESTENV_KUBE_APISERVER"); }

std::string TestWorld::CertPath(std::string_view name) {
  return fmt::format("{}/kube/certs/{}", Env("TESTENV_DIR"), name);
}

std::string TestWorld::ControllerToken() {
  const std::string line = ReadFile(CertPath("tokens.csv"));
  return line.substr(0, line.find(','));
}

std::string TestWorld::AwsEndpoint() { return Env("AWS_ENDPOINT_URL"); }

std::string TestWorld::FakeAwsAuthorization(std::string_view service) {
  return fmt::format(
      "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/{}/aws4_request, "
      "SignedHeaders=host, Signature=0",
      service);
}

void TestWorld::InjectFault(std::string_view fault_json) {
  http::HttpClient client;
  http::Request request;
  request.method = "POST";
  request.url = Env("TESTENV_EMULATOR_CONTROL") + "/faults";
  request.headers.emplace_back("Content-Type", "application/json");
  request.body = std::string(fault_json);
  Result<http::Response> response = client.Send(request);
  if (!response.ok() || response->status != 201) {
    std::fprintf(stderr, "could not inject fault %.*s\n", static_cast<int>(fault_json.size()),
                 fault_json.data());
    std::exit(2);
  }
}

std::string TestWorld::ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s: is the test world up (`make env-up`)?\n", path.c_str());
    std::exit(2);
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace tk::testing
