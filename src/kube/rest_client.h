// RestClient: calls on Kubernetes resources over the API server's REST API,
// with the client-side behaviour of client-go.
//
// - Objects are nlohmann::json values, sent and returned as the server
//   speaks them. A resource is addressed by a ResourcePath
//   (resource_path.h): group/version/resource, namespace, name, subresource.
//   Status writes are Update/Patch on a path with subresource "status".
// - Each attempt first takes a token from the QPS/burst bucket
//   (RestConfig::qps, burst), then asks the credential provider for
//   credentials. A 401 makes the provider invalidate them; if it may have
//   others (exec plugin, token file), the call is retried once. A 429, or a
//   5xx with Retry-After, is retried after Retry-After (see RestConfig).
// - A 2xx answer returns its decoded body. Any other answer is the Status
//   of api_error.h (kNotFound, kConflict, kPermissionDenied, ... carrying the
//   server's message and reason). Transport failures are kUnavailable and are
//   not retried here: the caller backs off. A body that is not JSON is
//   kInternal. Arguments that cannot make a valid request are
//   kInvalidArgument, and nothing is sent.
// - Watch streams events as they arrive, through the same rate limit,
//   credentials and retries as any call (a refused watch is retried like a
//   refused GET); once events flow, nothing is retried: the caller
//   re-watches (reflector.h does).
// - Credentials never appear in messages. Nothing throws.
// - Thread-safe: any number of threads may call at once.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "kube/resource_path.h"
#include "kube/rest_config.h"
#include "kube/rest_options.h"
#include "kube/transport.h"
#include "kube/watch_event.h"
#include "util/clock.h"
#include "util/token_bucket.h"

namespace tk::kube {

class RestClient {
 public:
  // `clock` paces the rate limit and Retry-After waits; `transports` makes the
  // connection to the server (tests pass scripted ones).
  explicit RestClient(RestConfig config, Clock& clock = SystemClock(),
                      TransportFactory transports = HttpTransportFactory());
  RestClient(const RestClient&) = delete;
  RestClient& operator=(const RestClient&) = delete;

  // REQUIRES for every call: `path` names an object where a name is said,
  // and a collection (no name, no subresource) for List, ListAll and Create.

  // The object at `path` (may be a subresource such as status).
  Result<nlohmann::json> Get(const ResourcePath& path, const GetOptions& options = {});

  // One page of the collection: a list object whose metadata.continue is the
  // token for the next page ("" or absent on the last).
  Result<nlohmann::json> List(const ResourcePath& collection, const ListOptions& options = {});

  // Every page, following continue tokens from the start (options.limit is
  // the page size, continue_token is ignored): one list object holding all
  // items, with the first page's metadata minus continue and
  // remainingItemCount. A continue token that expires while paging is
  // IsGone(): list again.
  Result<nlohmann::json> ListAll(const ResourcePath& collection, const ListOptions& options = {});

  // POSTs `object` to the collection; returns the object as stored.
  Result<nlohmann::json> Create(const ResourcePath& collection, const nlohmann::json& object,
                                const WriteOptions& options = {});

  // PUTs `object`. Its metadata.resourceVersion, if set, must be current:
  // else kConflict.
  Result<nlohmann::json> Update(const ResourcePath& path, const nlohmann::json& object,
                                const WriteOptions& options = {});

  // PATCHes with a merge patch (an object) or a JSON patch (an array).
  Result<nlohmann::json> Patch(const ResourcePath& path, PatchType type, const nlohmann::json& patch,
                               const WriteOptions& options = {});

  // Server-side apply of `configuration` (a full object with apiVersion,
  // kind and metadata.name) as options.field_manager, which is required.
  // Fields owned by another manager with another value: kConflict unless
  // options.force.
  Result<nlohmann::json> Apply(const ResourcePath& path, const nlohmann::json& configuration,
                               const ApplyOptions& options);

  // Deletes the object; returns what the server answers (the object while
  // finalizers hold it, else a Status). Failed preconditions: kConflict.
  Result<nlohmann::json> Delete(const ResourcePath& path, const DeleteOptions& options = {});

  // Watches the collection: hands each ADDED, MODIFIED, DELETED and BOOKMARK
  // event to `on_event`, in the server's order, on the calling thread, and
  // blocks until the watch ends. `keep_going` is asked about once a second
  // while the stream is idle (and between events); false ends the watch.
  // Returns:
  //   OK             the server ended the stream (options.timeout_seconds),
  //                  or `on_event` or `keep_going` returned false;
  //   IsGone()       options.resource_version is too old to serve, whether
  //                  the server says so with HTTP 410 or with an ERROR event
  //                  inside the stream: list again;
  //   another Status a refused watch (api_error.h: kPermissionDenied, ...),
  //                  any other ERROR event (its Status, as api_error.h maps
  //                  its code), a transport failure or a connection dropped
  //                  mid-stream (kUnavailable), a body that is not watch
  //                  events, or an `on_event` or `keep_going` that threw
  //                  (kInternal).
  // ERROR events are never handed to `on_event`. An exception thrown by
  // `on_event` or `keep_going` ends the watch; it never unwinds through the
  // transport, nor out of Watch.
  Status Watch(const ResourcePath& collection, const WatchOptions& options, const WatchEventHandler& on_event,
               const std::function<bool()>& keep_going = {});

  const RestConfig& config() const { return config_; }

 private:
  struct Call {
    std::string method;
    std::string url_path;  // without query; also names the call in messages
    QueryParams query;
    std::string body;
    std::string content_type;
    std::chrono::milliseconds timeout{0};
  };

  // Where a streamed answer's body goes (Watch).
  struct StreamTarget {
    http::BodySink sink;
    std::function<bool()> keep_going;
    // Called before each attempt, so a retried request starts a fresh stream.
    std::function<void()> restart;
    // The whole exchange's bound; zero: none.
    std::chrono::milliseconds timeout{0};
  };

  // Sends `call` with the rate limit, credentials and retries described
  // above; with `stream`, the body goes to stream->sink as it arrives.
  Result<http::Response> Send(const Call& call, const StreamTarget* stream = nullptr);
  // Send, then decode a 2xx body or map the error.
  Result<nlohmann::json> Execute(const Call& call);
  // How long to wait before retrying `response`, or nullopt not to retry.
  std::optional<Clock::Duration> RetryWait(const http::Response& response) const;
  // The transport for `credentials`' client certificate, made on change.
  std::shared_ptr<Transport> TransportFor(const Credentials& credentials);

  const RestConfig config_;
  Clock& clock_;
  const TransportFactory transports_;
  std::unique_ptr<TokenBucket> limiter_;  // null: no client-side limit

  std::mutex mutex_;
  std::shared_ptr<Transport> transport_;  // guarded by mutex_
  std::string transport_cert_;            // guarded by mutex_; the client cert transport_ uses
  std::string transport_key_;             // guarded by mutex_
};

using RestClientPtr = std::unique_ptr<RestClient>;

}  // namespace tk::kube
