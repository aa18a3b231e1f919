#include "kube/api_error.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include <nlohmann/json.hpp>

namespace tk::kube {
namespace {

constexpr size_t kMaxBodyInMessage = 200;
constexpr std::string_view kMarker = ": HTTP ";

std::string_view DefaultReason(int http_status) {
  switch (http_status) {
    case 400: return "BadRequest";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "NotFound";
    case 405: return "MethodNotAllowed";
    case 406: return "NotAcceptable";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "RequestEntityTooLarge";
    case 415: return "UnsupportedMediaType";
    case 422: return "Invalid";
    case 429: return "TooManyRequests";
    case 500: return "InternalError";
    case 503: return "ServiceUnavailable";
    case 504: return "Timeout";
    default: return "Unknown";
  }
}

// The start of a body that is not a Status, on one line.
std::string BodyExcerpt(const std::string& body) {
  std::string excerpt = body.substr(0, kMaxBodyInMessage);
  for (char& c : excerpt) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  while (!excerpt.empty() && std::isspace(static_cast<unsigned char>(excerpt.back()))) excerpt.pop_back();
  return excerpt.empty() ? "the server sent no message" : excerpt;
}

// A string member of a JSON object, or "".
std::string StringMember(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool IsReasonWord(std::string_view reason) {
  if (reason.empty()) return false;
  for (const char c : reason) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

Code CodeForHttpStatus(int http_status, std::string_view reason) {
  switch (http_status) {
    case 400: case 405: case 406: case 413: case 415: case 422: return Code::kInvalidArgument;
    case 401: return Code::kUnauthenticated;
    case 403: return Code::kPermissionDenied;
    case 404: return Code::kNotFound;
    case 409: return reason == "AlreadyExists" ? Code::kAlreadyExists : Code::kConflict;
    case 410: return Code::kFailedPrecondition;
    case 429: return Code::kThrottled;
    default: return http_status >= 500 && http_status <= 599 ? Code::kUnavailable : Code::kInternal;
  }
}

Status ApiErrorStatus(std::string_view method, std::string_view path, const http::Response& response) {
  std::string message;
  std::string reason;
  const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_object() && StringMember(body, "kind") == "Status") {
    message = StringMember(body, "message");
    reason = StringMember(body, "reason");
    if (!IsReasonWord(reason)) reason.clear();
  }
  if (message.empty()) message = BodyExcerpt(response.body);
  if (reason.empty()) reason = DefaultReason(response.status);
  return Status(CodeForHttpStatus(response.status, reason),
                fmt::format("{} ({} {}{}{} {})", message, method, path, kMarker, response.status, reason));
}

std::optional<ApiErrorInfo> ApiErrorOf(const Status& status) {
  const std::string& message = status.message();
  if (status.ok() || !message.ends_with(')')) return std::nullopt;
  const size_t marker = message.rfind(kMarker);
  if (marker == std::string::npos) return std::nullopt;
  const std::string_view rest =
      std::string_view(message).substr(marker + kMarker.size(), message.size() - 1 - marker - kMarker.size());
  const size_t space = rest.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  ApiErrorInfo info;
  const auto [end, error] = std::from_chars(rest.data(), rest.data() + space, info.http_status);
  if (error != std::errc() || end != rest.data() + space) return std::nullopt;
  info.reason = std::string(rest.substr(space + 1));
  if (!IsReasonWord(info.reason)) return std::nullopt;
  return info;
}

bool IsGone(const Status& status) {
  const std::optional<ApiErrorInfo> info = ApiErrorOf(status);
  return status.code() == Code::kFailedPrecondition && info && info->http_status == 410;
}

}  // namespace tk::kube
