// HttpClient: the one HTTP transport of tablekeeper, on libcurl, shared by the
// Kubernetes client (src/kube) and the AWS client (src/aws).
//
// Contract:
// - TLS is verified by default, against the system's CAs or the CA given in
//   TlsOptions; client certificates may be given as PEM text or files.
// - Connections are reused: easy handles are pooled per client, and libcurl
//   keeps each handle's connections alive between requests.
// - A non-2xx answer is not an error: it comes back as a Response and the
//   caller decides what it means. Only transport failures (DNS, connect, TLS,
//   time-outs, a dropped connection) are errors, with code kUnavailable and a
//   message naming the method and the URL without its query, never headers,
//   query or body (they may hold credentials).
// - Thread-safe: any number of threads may Send at once.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"

namespace tk::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct TlsOptions {
  // Trusted CAs as PEM text, or a file holding them; both empty: the system's.
  std::string ca_pem;
  std::string ca_file;
  // A client certificate and its key, as PEM text or files (text wins).
  std::string client_cert_pem;
  std::string client_key_pem;
  std::string client_cert_file;
  std::string client_key_file;
  // Skip server certificate verification. Only for test clusters that ask for
  // it (kubeconfig's insecure-skip-tls-verify).
  bool insecure_skip_verify = false;
};

struct Request {
  std::string method = "GET";
  std::string url;
  Headers headers;
  std::string body;
  // The whole exchange must finish within `timeout`; zero means no limit
  // (for long-lived streams, which bound themselves).
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  // Whether the proxy of the environment (http_proxy, https_proxy, no_proxy)
  // applies. Link-local metadata services (EC2 IMDS, container credentials)
  // must be reached directly, as the AWS SDKs do.
  bool use_environment_proxy = true;
};

struct Response {
  int status = 0;
  Headers headers;  // names as the server sent them
  std::string body;
  // Connections opened for this exchange: 0 when an idle one was reused.
  int new_connections = 0;

  // The first header named `name`, compared case-insensitively.
  std::optional<std::string> Header(std::string_view name) const;
};

// Receives a streamed body piece by piece; returning false stops the transfer.
using BodySink = std::function<bool(std::string_view chunk)>;

class HttpClient {
 public:
  explicit HttpClient(TlsOptions tls = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `request` and returns the whole answer.
  Result<Response> Send(const Request& request);

  // Sends `request` and hands the body to `sink` as it arrives; the returned
  // Response has status and headers and an empty body. `keep_going` is polled
  // about once a second while the stream is idle; when it returns false the
  // transfer ends and Stream returns the Response so far. A sink returning
  // false also ends it. Both endings are not errors.
  Result<Response> Stream(const Request& request, const BodySink& sink,
                          const std::function<bool()>& keep_going);

 private:
  class HandlePool;
  Result<Response> Perform(const Request& request, const BodySink* sink,
                           const std::function<bool()>* keep_going);

  const TlsOptions tls_;
  std::unique_ptr<HandlePool> pool_;
};

}  // namespace tk::http
