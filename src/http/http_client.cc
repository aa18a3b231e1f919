#include "http/http_client.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <mutex>

namespace tk::http {
namespace {

constexpr size_t kMaxIdleHandles = 16;

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

// Everything one transfer's callbacks need.
struct Transfer {
  Response response;
  const BodySink* sink = nullptr;
  const std::function<bool()>* keep_going = nullptr;
  bool stopped_by_caller = false;
};

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    transfer->response.headers.clear();  // a new response (after 100 Continue)
  } else if (const size_t colon = line.find(':'); colon != std::string_view::npos) {
    transfer->response.headers.emplace_back(std::string(Trim(line.substr(0, colon))),
                                            std::string(Trim(line.substr(colon + 1))));
  }
  return size * count;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::string_view chunk(data, size * count);
  if (transfer->sink == nullptr) {
    transfer->response.body.append(chunk);
  } else if (!(*transfer->sink)(chunk)) {
    transfer->stopped_by_caller = true;
    return 0;  // makes libcurl end the transfer
  }
  return chunk.size();
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* transfer = static_cast<Transfer*>(user);
  if (transfer->keep_going != nullptr && !(*transfer->keep_going)()) {
    transfer->stopped_by_caller = true;
    return 1;  // makes libcurl end the transfer
  }
  return 0;
}

void SetBlob(CURL* handle, CURLoption option, const std::string& pem) {
  curl_blob blob{const_cast<char*>(pem.data()), pem.size(), CURL_BLOB_COPY};
  curl_easy_setopt(handle, option, &blob);
}

void ApplyTls(CURL* handle, const TlsOptions& tls) {
  if (!tls.ca_pem.empty()) SetBlob(handle, CURLOPT_CAINFO_BLOB, tls.ca_pem);
  else if (!tls.ca_file.empty()) curl_easy_setopt(handle, CURLOPT_CAINFO, tls.ca_file.c_str());
  if (!tls.client_cert_pem.empty()) SetBlob(handle, CURLOPT_SSLCERT_BLOB, tls.client_cert_pem);
  else if (!tls.client_cert_file.empty()) curl_easy_setopt(handle, CURLOPT_SSLCERT, tls.client_cert_file.c_str());
  if (!tls.client_key_pem.empty()) SetBlob(handle, CURLOPT_SSLKEY_BLOB, tls.client_key_pem);
  else if (!tls.client_key_file.empty()) curl_easy_setopt(handle, CURLOPT_SSLKEY, tls.client_key_file.c_str());
  curl_easy_setopt(handle, CURLOPT_SSLCERTTYPE, "PEM");
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, tls.insecure_skip_verify ? 0L : 1L);
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, tls.insecure_skip_verify ? 0L : 2L);
}

}  // namespace

std::optional<std::string> Response::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return std::nullopt;
}

// Idle easy handles, each keeping its live connections for the next request.
class HttpClient::HandlePool {
 public:
  ~HandlePool() {
    for (CURL* handle : idle_) curl_easy_cleanup(handle);
  }

  CURL* Acquire() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        CURL* handle = idle_.back();
        idle_.pop_back();
        curl_easy_reset(handle);  // keeps live connections and caches
        return handle;
      }
    }
    return curl_easy_init();
  }

  void Release(CURL* handle) {
    std::lock_guard lock(mutex_);
    if (idle_.size() < kMaxIdleHandles) {
      idle_.push_back(handle);
    } else {
      curl_easy_cleanup(handle);
    }
  }

 private:
  std::mutex mutex_;
  std::vector<CURL*> idle_;
};

HttpClient::HttpClient(TlsOptions tls) : tls_(std::move(tls)), pool_(std::make_unique<HandlePool>()) {
  GlobalInitOnce();
}

HttpClient::~HttpClient() = default;

Result<Response> HttpClient::Send(const Request& request) {
  return Perform(request, nullptr, nullptr);
}

Result<Response> HttpClient::Stream(const Request& request, const BodySink& sink,
                                    const std::function<bool()>& keep_going) {
  return Perform(request, &sink, &keep_going);
}

Result<Response> HttpClient::Perform(const Request& request, const BodySink* sink,
                                     const std::function<bool()>* keep_going) {
  CURL* handle = pool_->Acquire();
  if (handle == nullptr) return Status(Code::kInternal, "libcurl could not create a handle");

  Transfer transfer;
  transfer.sink = sink;
  transfer.keep_going = keep_going;
  char error_text[CURL_ERROR_SIZE] = {0};

  curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  if (!request.use_environment_proxy) curl_easy_setopt(handle, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_text);
  if (request.method == "GET") {
    curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
      request.method == "PATCH") {
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }

  curl_slist* header_list = curl_slist_append(nullptr, "Expect:");  // no 100-continue round trip
  for (const auto& [name, value] : request.headers) {
    header_list = curl_slist_append(header_list, fmt::format("{}: {}", name, value).c_str());
  }
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, header_list);

  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count()));
  ApplyTls(handle, tls_);

  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
  if (keep_going != nullptr) {
    curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, OnProgress);
    curl_easy_setopt(handle, CURLOPT_XFERINFODATA, &transfer);
  }

  const CURLcode result = curl_easy_perform(handle);
  long status = 0;
  long new_connections = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(handle, CURLINFO_NUM_CONNECTS, &new_connections);
  curl_slist_free_all(header_list);
  pool_->Release(handle);

  if (result != CURLE_OK && !transfer.stopped_by_caller) {
    // The query is left out: a presigned URL carries a session token there.
    const std::string_view url = std::string_view(request.url).substr(0, request.url.find('?'));
    return Status(Code::kUnavailable,
                  fmt::format("{} {}: {}", request.method, url,
                              error_text[0] != '\0' ? error_text : curl_easy_strerror(result)));
  }
  transfer.response.status = static_cast<int>(status);
  transfer.response.new_connections = static_cast<int>(new_connections);
  return std::move(transfer.response);
}

}  // namespace tk::http
