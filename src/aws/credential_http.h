// CredentialHttp: how the container and EC2 metadata providers send HTTP
// requests: a function, so unit tests can script answers while production
// and integration tests use tk::http::HttpClient.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "http/http_client.h"

namespace tk::aws {

// Sends one request. Thread-safe. Errors are transport failures (kUnavailable).
using HttpSender = std::function<Result<http::Response>(const http::Request& request)>;

// Sends through `client`, which the returned function keeps alive.
inline HttpSender SenderFor(std::shared_ptr<http::HttpClient> client) {
  return [client = std::move(client)](const http::Request& request) {
    return client->Send(request);
  };
}

// Sends through a new HttpClient with default options.
inline HttpSender DefaultHttpSender() { return SenderFor(std::make_shared<http::HttpClient>()); }

// Sends `request` up to `attempts` times (at least once), again at once after
// a transport failure or an HTTP 5xx or 429 answer. Returns the last outcome:
// a transport error, or the last response whatever its status.
Result<http::Response> SendWithRetries(const HttpSender& http, const http::Request& request,
                                       int attempts);

// A short, secret-free description of an error answer's body for messages:
// the "code"/"Code" and "message"/"Message" strings of a JSON body, each cut
// to 200 characters; empty when the body has neither.
std::string DescribeErrorBody(const std::string& body);

}  // namespace tk::aws
