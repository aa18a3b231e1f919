#include "kube/rest_client.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <exception>

#include "kube/api_error.h"

namespace tk::kube {
namespace {

using nlohmann::json;

constexpr int64_t kListAllPageSize = 500;
constexpr std::chrono::seconds kDefaultThrottleWait{1};
// How long a watch may outlive its timeoutSeconds before the client gives up.
constexpr std::chrono::seconds kWatchDeadlineGrace{30};
// The most of a refused watch's answer kept for its error message.
constexpr size_t kMaxWatchErrorBody = 64 * 1024;

std::string Dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

Status Invalid(std::string_view operation, std::string_view problem) {
  return Status(Code::kInvalidArgument, fmt::format("{}: {}", operation, problem));
}

// The URL path of an object (`want_name`) or a collection; else why not.
Result<std::string> UrlPathFor(std::string_view operation, const ResourcePath& path, bool want_name) {
  if (want_name && path.name.empty()) return Invalid(operation, "needs an object name");
  if (!want_name && (!path.name.empty() || !path.subresource.empty())) {
    return Invalid(operation, fmt::format("works on a collection, but name \"{}\" was given", path.name));
  }
  Result<std::string> url_path = BuildUrlPath(path);
  if (!url_path.ok()) return url_path.status().WithContext(operation);
  return url_path;
}

// Retry-After in seconds, the only form the API server sends.
std::optional<std::chrono::seconds> ParseRetryAfter(const http::Response& response) {
  const std::optional<std::string> header = response.Header("Retry-After");
  if (!header) return std::nullopt;
  std::string_view text(*header);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  int64_t seconds = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (error != std::errc() || end != text.data() + text.size() || seconds < 0) return std::nullopt;
  return std::chrono::seconds(seconds);
}

std::string StringAt(const json& object, const char* outer, const char* inner) {
  const auto first = object.find(outer);
  if (first == object.end() || !first->is_object()) return "";
  const auto second = first->find(inner);
  return second != first->end() && second->is_string() ? second->get<std::string>() : "";
}

}  // namespace

RestClient::RestClient(RestConfig config, Clock& clock, TransportFactory transports)
    : config_(std::move(config)), clock_(clock), transports_(std::move(transports)) {
  if (config_.qps > 0) {
    limiter_ = std::make_unique<TokenBucket>(config_.qps, std::max(1, config_.burst), clock_);
  }
}

std::shared_ptr<Transport> RestClient::TransportFor(const Credentials& credentials) {
  std::lock_guard lock(mutex_);
  if (!transport_ || transport_cert_ != credentials.client_cert_pem ||
      transport_key_ != credentials.client_key_pem) {
    http::TlsOptions tls = config_.tls;
    if (!credentials.client_cert_pem.empty()) {
      tls.client_cert_pem = credentials.client_cert_pem;
      tls.client_key_pem = credentials.client_key_pem;
    }
    transport_ = transports_(tls);
    transport_cert_ = credentials.client_cert_pem;
    transport_key_ = credentials.client_key_pem;
  }
  return transport_;
}

std::optional<Clock::Duration> RestClient::RetryWait(const http::Response& response) const {
  const std::optional<std::chrono::seconds> retry_after = ParseRetryAfter(response);
  std::optional<Clock::Duration> wait;
  if (response.status == 429) {
    wait = retry_after.value_or(kDefaultThrottleWait);
  } else if (response.status >= 500 && response.status <= 599 && retry_after) {
    wait = *retry_after;
  }
  if (wait) wait = std::min<Clock::Duration>(*wait, config_.max_retry_wait);
  return wait;
}

Result<http::Response> RestClient::Send(const Call& call, const StreamTarget* stream) {
  http::Request request;
  request.method = call.method;
  request.url = config_.host + call.url_path + EncodeQuery(call.query);
  request.body = call.body;
  request.timeout = call.timeout.count() > 0 ? call.timeout : config_.timeout;
  if (stream != nullptr) request.timeout = stream->timeout;

  bool credentials_renewed = false;
  int retries = 0;
  while (true) {
    if (limiter_) limiter_->Take();
    Credentials credentials;
    if (config_.credentials) {
      Result<Credentials> current = config_.credentials->Get();
      if (!current.ok()) return current.status().WithContext(fmt::format("{} {}", call.method, call.url_path));
      credentials = std::move(*current);
    }
    request.headers = {{"Accept", "application/json"}, {"User-Agent", config_.user_agent}};
    if (!call.content_type.empty()) request.headers.emplace_back("Content-Type", call.content_type);
    if (!credentials.bearer_token.empty()) {
      request.headers.emplace_back("Authorization", "Bearer " + credentials.bearer_token);
    }

    Result<http::Response> response = Status(Code::kInternal, "no answer");
    if (stream == nullptr) {
      response = TransportFor(credentials)->Send(request);
    } else {
      stream->restart();
      response = TransportFor(credentials)->Stream(request, stream->sink, stream->keep_going);
    }
    if (!response.ok()) return response;
    // A stream whose caller stopped it is not retried.
    if (stream != nullptr && !stream->keep_going()) return response;
    if (response->status == 401 && !credentials_renewed && config_.credentials &&
        config_.credentials->Invalidate(credentials)) {
      credentials_renewed = true;
      continue;
    }
    if (retries < config_.max_retries) {
      if (const std::optional<Clock::Duration> wait = RetryWait(*response)) {
        ++retries;
        clock_.SleepFor(*wait);
        continue;
      }
    }
    return response;
  }
}

Result<json> RestClient::Execute(const Call& call) {
  Result<http::Response> response = Send(call);
  if (!response.ok()) return response.status();
  if (response->status < 200 || response->status > 299) {
    return ApiErrorStatus(call.method, call.url_path, *response);
  }
  json body = json::parse(response->body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    return Status(Code::kInternal, fmt::format("{} {}: HTTP {} answer is not JSON", call.method,
                                               call.url_path, response->status));
  }
  return body;
}

Result<json> RestClient::Get(const ResourcePath& path, const GetOptions& options) {
  Result<std::string> url_path = UrlPathFor("Get", path, /*want_name=*/true);
  if (!url_path.ok()) return url_path.status();
  return Execute({"GET", *url_path, {}, "", "", options.timeout});
}

Result<json> RestClient::List(const ResourcePath& collection, const ListOptions& options) {
  Result<std::string> url_path = UrlPathFor("List", collection, /*want_name=*/false);
  if (!url_path.ok()) return url_path.status();
  QueryParams query;
  if (!options.label_selector.empty()) query.emplace_back("labelSelector", options.label_selector);
  if (!options.field_selector.empty()) query.emplace_back("fieldSelector", options.field_selector);
  if (options.limit > 0) query.emplace_back("limit", std::to_string(options.limit));
  if (!options.continue_token.empty()) query.emplace_back("continue", options.continue_token);
  return Execute({"GET", *url_path, std::move(query), "", "", options.timeout});
}

Result<json> RestClient::ListAll(const ResourcePath& collection, const ListOptions& options) {
  ListOptions page_options = options;
  page_options.limit = options.limit > 0 ? options.limit : kListAllPageSize;
  page_options.continue_token.clear();
  json combined;
  json items = json::array();
  while (true) {
    Result<json> page = List(collection, page_options);
    if (!page.ok()) return page.status();
    if (const auto page_items = page->find("items"); page_items != page->end() && page_items->is_array()) {
      for (json& item : *page_items) items.push_back(std::move(item));
    }
    const std::string next = StringAt(*page, "metadata", "continue");
    if (combined.is_null()) combined = std::move(*page);
    if (next.empty()) break;
    page_options.continue_token = next;
  }
  combined["items"] = std::move(items);
  if (const auto metadata = combined.find("metadata"); metadata != combined.end() && metadata->is_object()) {
    metadata->erase("continue");
    metadata->erase("remainingItemCount");
  }
  return combined;
}

Result<json> RestClient::Create(const ResourcePath& collection, const json& object,
                                const WriteOptions& options) {
  Result<std::string> url_path = UrlPathFor("Create", collection, /*want_name=*/false);
  if (!url_path.ok()) return url_path.status();
  if (!object.is_object()) return Invalid("Create", "the object must be a JSON object");
  QueryParams query;
  if (!options.field_manager.empty()) query.emplace_back("fieldManager", options.field_manager);
  return Execute({"POST", *url_path, std::move(query), Dump(object), "application/json", options.timeout});
}

Result<json> RestClient::Update(const ResourcePath& path, const json& object, const WriteOptions& options) {
  Result<std::string> url_path = UrlPathFor("Update", path, /*want_name=*/true);
  if (!url_path.ok()) return url_path.status();
  if (!object.is_object()) return Invalid("Update", "the object must be a JSON object");
  QueryParams query;
  if (!options.field_manager.empty()) query.emplace_back("fieldManager", options.field_manager);
  return Execute({"PUT", *url_path, std::move(query), Dump(object), "application/json", options.timeout});
}

Result<json> RestClient::Patch(const ResourcePath& path, PatchType type, const json& patch,
                               const WriteOptions& options) {
  Result<std::string> url_path = UrlPathFor("Patch", path, /*want_name=*/true);
  if (!url_path.ok()) return url_path.status();
  if (type == PatchType::kJson && !patch.is_array()) {
    return Invalid("Patch", "a JSON patch must be an array of operations");
  }
  if (type == PatchType::kMerge && !patch.is_object()) {
    return Invalid("Patch", "a merge patch must be a JSON object");
  }
  QueryParams query;
  if (!options.field_manager.empty()) query.emplace_back("fieldManager", options.field_manager);
  const char* content_type =
      type == PatchType::kJson ? "application/json-patch+json" : "application/merge-patch+json";
  return Execute({"PATCH", *url_path, std::move(query), Dump(patch), content_type, options.timeout});
}

Result<json> RestClient::Apply(const ResourcePath& path, const json& configuration,
                               const ApplyOptions& options) {
  Result<std::string> url_path = UrlPathFor("Apply", path, /*want_name=*/true);
  if (!url_path.ok()) return url_path.status();
  if (options.field_manager.empty()) {
    return Invalid("Apply", "server-side apply needs a field manager; set ApplyOptions::field_manager");
  }
  if (!configuration.is_object()) return Invalid("Apply", "the configuration must be a JSON object");
  QueryParams query{{"fieldManager", options.field_manager}};
  if (options.force) query.emplace_back("force", "true");
  // JSON is YAML: the apply content type takes it as it is.
  return Execute({"PATCH", *url_path, std::move(query), Dump(configuration), "application/apply-patch+yaml",
                  options.timeout});
}

Result<json> RestClient::Delete(const ResourcePath& path, const DeleteOptions& options) {
  Result<std::string> url_path = UrlPathFor("Delete", path, /*want_name=*/true);
  if (!url_path.ok()) return url_path.status();
  json body = {{"apiVersion", "v1"}, {"kind", "DeleteOptions"}};
  if (options.precondition_uid) body["preconditions"]["uid"] = *options.precondition_uid;
  if (options.precondition_resource_version) {
    body["preconditions"]["resourceVersion"] = *options.precondition_resource_version;
  }
  if (!options.propagation_policy.empty()) body["propagationPolicy"] = options.propagation_policy;
  if (options.grace_period_seconds) body["gracePeriodSeconds"] = *options.grace_period_seconds;
  return Execute({"DELETE", *url_path, {}, Dump(body), "application/json", options.timeout});
}

Status RestClient::Watch(const ResourcePath& collection, const WatchOptions& options,
                         const WatchEventHandler& on_event, const std::function<bool()>& keep_going) {
  Result<std::string> url_path = UrlPathFor("Watch", collection, /*want_name=*/false);
  if (!url_path.ok()) return url_path.status();
  QueryParams query{{"watch", "true"}};
  if (!options.resource_version.empty()) query.emplace_back("resourceVersion", options.resource_version);
  if (options.allow_bookmarks) query.emplace_back("allowWatchBookmarks", "true");
  if (options.timeout_seconds.count() > 0) {
    query.emplace_back("timeoutSeconds", std::to_string(options.timeout_seconds.count()));
  }
  if (!options.label_selector.empty()) query.emplace_back("labelSelector", options.label_selector);
  if (!options.field_selector.empty()) query.emplace_back("fieldSelector", options.field_selector);
  const Call call{"GET", *url_path, std::move(query), "", "", {}};

  // State of the current attempt; `restart` clears it before each one.
  WatchStreamDecoder decoder;
  std::string raw_answer;  // the body's start, until the first event: a refused watch's Status
  bool saw_event = false;
  bool stopped = false;     // on_event or keep_going said stop
  Status stream_error;      // an ERROR event, an undecodable body, a throwing handler

  // Asks the caller; once told to stop, stays stopped. Called from inside
  // the transport too, so nothing may unwind through it.
  const auto keep_watching = [&]() -> bool {
    if (stopped) return false;
    if (!keep_going) return true;
    try {
      if (keep_going()) return true;
    } catch (const std::exception& error) {
      stream_error = Status(Code::kInternal, fmt::format("GET {}: watch stop check threw: {}", *url_path,
                                                         error.what()));
    } catch (...) {
      stream_error = Status(Code::kInternal, fmt::format("GET {}: watch stop check threw", *url_path));
    }
    stopped = true;
    return false;
  };
  const auto on_object = [&](json value) -> bool {
    if (!value.is_object() || !value.contains("type")) {
      if (!saw_event) return true;  // not an event stream (a Status); kept in raw_answer
      stream_error = Status(Code::kInternal, fmt::format("GET {}: watch stream carried an object that is not an "
                                                         "event", *url_path));
      return false;
    }
    saw_event = true;
    raw_answer.clear();
    Result<WatchEvent> event = WatchEventFromJson(std::move(value));
    if (!event.ok()) {
      stream_error = event.status().WithContext(fmt::format("GET {}", *url_path));
      return false;
    }
    if (event->type == WatchEventType::kError) {
      stream_error = WatchErrorStatus(*event, *url_path);
      return false;
    }
    if (!on_event(std::move(*event))) stopped = true;
    return !stopped;
  };
  StreamTarget target;
  target.timeout = options.timeout_seconds.count() > 0
                       ? std::chrono::duration_cast<std::chrono::milliseconds>(options.timeout_seconds +
                                                                               kWatchDeadlineGrace)
                       : std::chrono::milliseconds(0);
  target.keep_going = keep_watching;
  target.restart = [&] {
    decoder.Reset();
    raw_answer.clear();
    saw_event = false;
    stream_error = OkStatus();
  };
  // Before the first event, an answer that is not events may be a refusal
  // in any form (a Status, or text from a proxy): read on to quote it.
  const auto still_reading_refusal = [&] { return !saw_event && raw_answer.size() < kMaxWatchErrorBody; };
  target.sink = [&](std::string_view chunk) -> bool {
    if (still_reading_refusal()) raw_answer.append(chunk.substr(0, kMaxWatchErrorBody - raw_answer.size()));
    // Called from inside the transport: nothing may unwind through it.
    try {
      if (!stream_error.ok()) return still_reading_refusal() && keep_watching();
      const Status fed = decoder.Feed(chunk, on_object);
      if (!fed.ok()) {
        stream_error = fed.WithContext(fmt::format("GET {}", *url_path));
        return still_reading_refusal() && keep_watching();
      }
      return stream_error.ok() && keep_watching();
    } catch (const std::exception& error) {
      stream_error = Status(Code::kInternal, fmt::format("GET {}: watch event handler threw: {}", *url_path,
                                                         error.what()));
      return false;
    } catch (...) {
      stream_error = Status(Code::kInternal, fmt::format("GET {}: watch event handler threw", *url_path));
      return false;
    }
  };

  Result<http::Response> response = Send(call, &target);
  if (!response.ok()) {
    // A transfer the caller stopped is not a failure, however it ended.
    if (stream_error.ok() && !keep_watching()) return OkStatus();
    return response.status().WithContext("watch");
  }
  if (!stream_error.ok() && (saw_event || stopped)) return stream_error;
  // Stopped by the caller: whatever the answer was (a throttled one waiting
  // for its retry, say), the caller wanted no more.
  if (!keep_watching()) return OkStatus();
  if (response->status < 200 || response->status > 299) {
    response->body = std::move(raw_answer);
    return ApiErrorStatus(call.method, call.url_path, *response);
  }
  if (!stream_error.ok()) return stream_error;
  if (decoder.HasPartialObject()) {
    return Status(Code::kUnavailable, fmt::format("GET {}: watch stream ended inside an event", *url_path));
  }
  return OkStatus();
}

}  // namespace tk::kube
