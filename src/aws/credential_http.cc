#include "aws/credential_http.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace tk::aws {

Result<http::Response> SendWithRetries(const HttpSender& http, const http::Request& request,
                                       int attempts) {
  for (int attempt = 1;; ++attempt) {
    Result<http::Response> response = http(request);
    const bool retryable =
        !response.ok() || response->status >= 500 || response->status == 429;
    if (!retryable || attempt >= attempts) return response;
  }
}

std::string DescribeErrorBody(const std::string& body) {
  const nlohmann::json document = nlohmann::json::parse(body, nullptr, false);
  if (!document.is_object()) return "";
  const auto text = [&](const char* lower, const char* upper) -> std::string {
    for (const char* name : {lower, upper}) {
      auto found = document.find(name);
      if (found != document.end() && found->is_string()) {
        return found->get<std::string>().substr(0, 200);
      }
    }
    return "";
  };
  const std::string code = text("code", "Code");
  const std::string message = text("message", "Message");
  if (code.empty()) return message;
  if (message.empty()) return code;
  return fmt::format("{}: {}", code, message);
}

}  // namespace tk::aws
