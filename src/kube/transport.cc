#include "kube/transport.h"

namespace tk::kube {
namespace {

class HttpTransport final : public Transport {
 public:
  explicit HttpTransport(const http::TlsOptions& tls) : client_(tls) {}
  Result<http::Response> Send(const http::Request& request) override { return client_.Send(request); }
  Result<http::Response> Stream(const http::Request& request, const http::BodySink& sink,
                                const std::function<bool()>& keep_going) override {
    return client_.Stream(request, sink, keep_going);
  }

 private:
  http::HttpClient client_;
};

}  // namespace

Result<http::Response> Transport::Stream(const http::Request& request, const http::BodySink& sink,
                                         const std::function<bool()>& keep_going) {
  Result<http::Response> response = Send(request);
  if (!response.ok()) return response;
  const std::string body = std::move(response->body);
  response->body.clear();
  if (!body.empty() && (!keep_going || keep_going())) (void)sink(body);
  return response;
}

TransportFactory HttpTransportFactory() {
  return [](const http::TlsOptions& tls) -> TransportPtr { return std::make_unique<HttpTransport>(tls); };
}

}  // namespace tk::kube
