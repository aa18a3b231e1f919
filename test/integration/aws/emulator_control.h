// EmulatorControl: the AWS emulator's control endpoint (testenv/aws/README.md)
// as the integration tests of src/aws use it: faults that are removed again
// when the test ends, and per-call request counts read before and after a
// step, so tests do not depend on what ran before them.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/http_client.h"

namespace tk::aws::testing {

class EmulatorControl {
 public:
  // `control_url`: e.g. http://127.0.0.1:PORT/_emulator.
  explicit EmulatorControl(std::string control_url) : url_(std::move(control_url)) {}
  ~EmulatorControl() { RemoveFaults(); }
  EmulatorControl(const EmulatorControl&) = delete;
  EmulatorControl& operator=(const EmulatorControl&) = delete;

  // Adds a fault; it is removed by RemoveFaults() or the destructor.
  void AddFault(const nlohmann::json& fault) {
    Result<http::Response> response = Send("POST", "/faults", fault.dump());
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    ASSERT_EQ(response->status, 201) << response->body;
    fault_ids_.push_back(nlohmann::json::parse(response->body).at("id").get<std::string>());
  }

  // Removes the faults this object added (those not yet used up).
  void RemoveFaults() {
    for (const std::string& id : fault_ids_) (void)Send("DELETE", "/faults/" + id, "");
    fault_ids_.clear();
  }

  // How many calls named `call` ("dynamodb:DescribeTable") the emulator has
  // seen since its log was last cleared.
  long long Count(const std::string& call) {
    Result<http::Response> response = Send("GET", "/requests?match=" + call, "");
    EXPECT_TRUE(response.ok()) << response.status().ToString();
    if (!response.ok()) return -1;
    const nlohmann::json counts = nlohmann::json::parse(response->body).at("counts");
    return counts.value(call, 0LL);
  }

  // Resets the emulator: moto's state, faults, log (and the signature mode's
  // count of unchecked requests).
  void Reset() {
    Result<http::Response> response = Send("POST", "/reset", "");
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    ASSERT_EQ(response->status, 200) << response->body;
  }

 private:
  Result<http::Response> Send(const std::string& method, const std::string& path,
                              std::string body) {
    http::Request request;
    request.method = method;
    request.url = url_ + path;
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = std::move(body);
    request.timeout = std::chrono::seconds(30);
    return http_.Send(request);
  }

  const std::string url_;
  http::HttpClient http_;
  std::vector<std::string> fault_ids_;
};

}  // namespace tk::aws::testing
