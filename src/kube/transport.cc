#include "kube/transport.h"

namespace tk::kube {
namespace {

class HttpTransport final : public Transport {
 public:
  explicit HttpTransport(const http::TlsOptions& tls) : client_(tls) {}
  Result<http::Response> Send(const http::Request& request) override { return client_.Send(request); }

 private:
  http::HttpClient client_;
};

}  // namespace

TransportFactory HttpTransportFactory() {
  return [](const http::TlsOptions& tls) -> TransportPtr { return std::make_unique<HttpTransport>(tls); };
}

}  // namespace tk::kube
