#include "runtime/endpoint_server.h"

#include <charconv>

#include <fmt/format.h>
#include <httplib.h>

namespace tk::runtime {

namespace {

void AnswerCheck(const std::function<Status()>& check, httplib::Response& response) {
  Status status = check ? check() : Status();
  if (status.ok()) {
    response.set_content("ok\n", "text/plain");
  } else {
    response.status = 503;
    response.set_content(status.message() + "\n", "text/plain");
  }
}

}  // namespace

EndpointServer::EndpointServer(EndpointHandlers handlers)
    : handlers_(std::move(handlers)), server_(std::make_unique<httplib::Server>()) {
  server_->Get("/healthz", [this](const httplib::Request&, httplib::Response& response) {
    AnswerCheck(handlers_.healthy, response);
  });
  server_->Get("/readyz", [this](const httplib::Request&, httplib::Response& response) {
    AnswerCheck(handlers_.ready, response);
  });
  if (handlers_.metrics) {
    server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
      response.set_content(handlers_.metrics(), "text/plain; version=0.0.4; charset=utf-8");
    });
  }
}

EndpointServer::~EndpointServer() { Stop(); }

Status EndpointServer::Start(const std::string& address) {
  const auto colon = address.rfind(':');
  if (colon == std::string::npos) {
    return Status(Code::kInvalidArgument, fmt::format("address \"{}\": use host:port or :port", address));
  }
  std::string host = address.substr(0, colon);
  if (host.empty()) host = "0.0.0.0";
  int port = 0;
  const std::string port_text = address.substr(colon + 1);
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535) {
    return Status(Code::kInvalidArgument, fmt::format("address \"{}\": the port must be 0 to 65535", address));
  }
  if (port == 0) {
    port_ = server_->bind_to_any_port(host);
    if (port_ < 0) return Status(Code::kUnavailable, fmt::format("cannot listen on {}", address));
  } else {
    if (!server_->bind_to_port(host, port)) {
      return Status(Code::kUnavailable, fmt::format("cannot listen on {}: in use or not allowed", address));
    }
    port_ = port;
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  return {};
}

void EndpointServer::Stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace tk::runtime
