// FakeLeaseServer: an in-memory stand-in for the API server's Lease endpoints
// (GET, POST, PUT with resourceVersion checks), for unit tests of LeaseLock,
// LeaderElectionState and LeaderElector through a real RestClient. It also
// does what no real server does on demand: fail every request, or let a rival
// write just before our next write. The real API server is in
// test/integration/kube. Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kube/lease_lock.h"
#include "kube/rest_client.h"
#include "kube/transport.h"

namespace tk::kube::testing {

class FakeLeaseServer {
 public:
  static constexpr const char* kHost = "https://kube.test";
  static constexpr const char* kPrefix = "/apis/coordination.k8s.io/v1/namespaces/";

  // A RestConfig for this server: anonymous, no rate limit.
  static RestConfig Config() {
    RestConfig config;
    config.host = kHost;
    config.qps = 0;
    return config;
  }

  TransportFactory Transports() {
    return [this](const http::TlsOptions&) { return std::make_unique<FakeTransport>(*this); };
  }

  // Sets the spec of Lease `name` (creating it), as another writer would.
  void SetLease(const std::string& name, const LeaderElectionRecord& record) {
    std::lock_guard lock(mutex_);
    nlohmann::json& lease = leases_[name];
    lease["apiVersion"] = "coordination.k8s.io/v1";
    lease["kind"] = "Lease";
    lease["metadata"]["name"] = name;
    lease["metadata"]["resourceVersion"] = std::to_string(++version_);
    lease["spec"] = LeaseSpecFromRecord(record);
  }

  std::optional<LeaderElectionRecord> Record(const std::string& name) const {
    std::lock_guard lock(mutex_);
    const auto it = leases_.find(name);
    if (it == leases_.end()) return std::nullopt;
    return RecordFromLeaseSpec(it->second["spec"]);
  }

  // Every request answers `http_status` (503, 403...) until Heal().
  void FailAll(int http_status) {
    std::lock_guard lock(mutex_);
    fail_status_ = http_status;
  }
  void Heal() { FailAll(0); }

  // Runs `hook` just before the next write (POST or PUT) is handled.
  void BeforeNextWrite(std::function<void()> hook) {
    std::lock_guard lock(mutex_);
    before_write_ = std::move(hook);
  }

  // Methods of the requests received, in order ("GET", "POST", "PUT").
  std::vector<std::string> Methods() const {
    std::lock_guard lock(mutex_);
    return methods_;
  }
  size_t Count(const std::string& method) const {
    std::lock_guard lock(mutex_);
    size_t count = 0;
    for (const std::string& m : methods_) count += m == method ? 1u : 0u;
    return count;
  }
  void ClearMethods() {
    std::lock_guard lock(mutex_);
    methods_.clear();
    timeouts_.clear();
  }
  // The timeouts the requests were sent with, in order.
  std::vector<std::chrono::milliseconds> Timeouts() const {
    std::lock_guard lock(mutex_);
    return timeouts_;
  }

 private:
  class FakeTransport final : public Transport {
   public:
    explicit FakeTransport(FakeLeaseServer& server) : server_(server) {}
    Result<http::Response> Send(const http::Request& request) override { return server_.Handle(request); }

   private:
    FakeLeaseServer& server_;
  };

  static http::Response Answer(int status, const nlohmann::json& body) {
    http::Response response;
    response.status = status;
    response.body = body.dump();
    return response;
  }
  static http::Response Failure(int status, const std::string& reason, const std::string& message) {
    return Answer(status, {{"kind", "Status"}, {"apiVersion", "v1"}, {"status", "Failure"},
                           {"reason", reason}, {"message", message}, {"code", status}});
  }

  http::Response Handle(const http::Request& request) {
    std::function<void()> hook;
    {
      std::lock_guard lock(mutex_);
      methods_.push_back(request.method);
      timeouts_.push_back(request.timeout);
      if (request.method != "GET") std::swap(hook, before_write_);
    }
    if (hook) hook();

    std::lock_guard lock(mutex_);
    if (fail_status_ != 0) return Failure(fail_status_, "Failed", "the test server fails every request");
    // .../namespaces/NS/leases[/NAME]
    std::string path = request.url.substr(std::string(kHost).size());
    const size_t query = path.find('?');
    if (query != std::string::npos) path.resize(query);
    const std::string rest = path.substr(std::string(kPrefix).size());
    const size_t leases = rest.find("/leases");
    const std::string name = rest.size() > leases + 8 ? rest.substr(leases + 8) : "";

    if (request.method == "GET") {
      const auto it = leases_.find(name);
      if (it == leases_.end()) return Failure(404, "NotFound", "leases \"" + name + "\" not found");
      return Answer(200, it->second);
    }
    nlohmann::json body = nlohmann::json::parse(request.body);
    const std::string body_name = body["metadata"]["name"];
    if (request.method == "POST") {
      if (leases_.count(body_name) != 0) {
        return Failure(409, "AlreadyExists", "leases \"" + body_name + "\" already exists");
      }
      body["metadata"]["resourceVersion"] = std::to_string(++version_);
      leases_[body_name] = body;
      return Answer(201, body);
    }
    if (request.method == "PUT") {
      const auto it = leases_.find(name);
      if (it == leases_.end()) return Failure(404, "NotFound", "leases \"" + name + "\" not found");
      if (body["metadata"].value("resourceVersion", "") != it->second["metadata"]["resourceVersion"]) {
        return Failure(409, "Conflict", "the object has been modified");
      }
      body["metadata"]["resourceVersion"] = std::to_string(++version_);
      it->second = body;
      return Answer(200, body);
    }
    return Failure(405, "MethodNotAllowed", request.method);
  }

  mutable std::mutex mutex_;
  std::map<std::string, nlohmann::json> leases_;
  int64_t version_ = 100;
  int fail_status_ = 0;
  std::function<void()> before_write_;
  std::vector<std::string> methods_;
  std::vector<std::chrono::milliseconds> timeouts_;
};

}  // namespace tk::kube::testing
