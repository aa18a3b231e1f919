// Transport: the seam between the RestClient and the wire. In production an
// HttpClient (src/http); unit tests script answers for what no real API
// server can be made to do on demand (429 with Retry-After, 503, a watch
// stream cut at a chosen byte).
#pragma once

#include <functional>
#include <memory>

#include "http/http_client.h"

namespace tk::kube {

class Transport {
 public:
  virtual ~Transport() = default;
  // Sends one request; as http::HttpClient::Send. Thread-safe.
  virtual Result<http::Response> Send(const http::Request& request) = 0;
  // Streams the answer's body to `sink`; as http::HttpClient::Stream (the
  // Response has an empty body; `keep_going` false or `sink` false end the
  // transfer without an error). Thread-safe. The default sends `request` with
  // Send and hands the whole body to `sink` at once, for scripted transports.
  virtual Result<http::Response> Stream(const http::Request& request, const http::BodySink& sink,
                                        const std::function<bool()>& keep_going);
};

using TransportPtr = std::unique_ptr<Transport>;

// Makes a transport for one set of TLS options. The RestClient calls it again
// when the client certificate its credentials carry changes.
using TransportFactory = std::function<TransportPtr(const http::TlsOptions& tls)>;

// Transports on tk::http::HttpClient.
TransportFactory HttpTransportFactory();

}  // namespace tk::kube
