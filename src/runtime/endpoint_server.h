// EndpointServer: the controller's small HTTP server for probes and metrics
// (DESIGN.md section 4): GET /healthz, /readyz and /metrics on one address.
//
// /healthz and /readyz answer 200 "ok" when their check returns true, else
// 503 with the check's reason; /metrics answers the text the metrics
// function renders (Prometheus text exposition, version 0.0.4). Anything
// else is 404. Built on cpp-httplib (Debian's libcpp-httplib-dev); it serves
// on a thread of its own until Stop or destruction.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "util/status.h"

namespace httplib {
class Server;
}

namespace tk::runtime {

struct EndpointHandlers {
  // OK while the process works; the status message says what is wrong.
  std::function<Status()> healthy;
  // OK once it can do its job (caches synced, leading).
  std::function<Status()> ready;
  // The metrics text; empty function: no /metrics.
  std::function<std::string()> metrics;
};

class EndpointServer {
 public:
  explicit EndpointServer(EndpointHandlers handlers);
  ~EndpointServer();  // Stop()
  EndpointServer(const EndpointServer&) = delete;
  EndpointServer& operator=(const EndpointServer&) = delete;

  // Listens on `address` ("host:port", ":port" for every interface, port 0
  // for any free port) and serves on a new thread. kUnavailable when the
  // address cannot be bound, kInvalidArgument when it is malformed.
  Status Start(const std::string& address);
  // The port bound by Start.
  int port() const { return port_; }
  void Stop();

 private:
  const EndpointHandlers handlers_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace tk::runtime
