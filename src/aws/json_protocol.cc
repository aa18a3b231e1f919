#include "aws/json_protocol.h"

#include <fmt/format.h>

#include "aws/response_excerpt.h"

namespace tk::aws {
namespace {

// The string member `name` of `object`, or "".
std::string StringMember(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

}  // namespace

std::string JsonContentType(const ServiceModel& model) {
  return fmt::format("application/x-amz-json-{}", model.json_version);
}

HttpHeaders JsonRequestHeaders(const ServiceModel& model, std::string_view operation) {
  return {
      {"X-Amz-Target", fmt::format("{}.{}", model.target_prefix, operation)},
      {"Content-Type", JsonContentType(model)},
  };
}

Result<std::string> JsonRequestBody(const nlohmann::json& input) {
  if (input.is_null()) return std::string("{}");
  if (!input.is_object()) {
    return Status(Code::kInvalidArgument,
                  fmt::format("the input of an AWS JSON operation must be an object, not {}",
                              input.type_name()));
  }
  try {
    return input.dump();
  } catch (const nlohmann::json::exception&) {
    return Status(Code::kInvalidArgument, "the input of an AWS JSON operation is not UTF-8");
  }
}

Result<nlohmann::json> ParseJsonOutput(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return nlohmann::json::object();
  }
  nlohmann::json output = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  // An operation without output answers an empty body on AWS and "null" on
  // moto; both mean success with nothing to read.
  if (output.is_null() && !output.is_discarded()) return nlohmann::json::object();
  if (!output.is_object()) {
    return Status(Code::kInternal,
                  fmt::format("the answer is not a JSON object: {}", ResponseExcerpt(body)));
  }
  return output;
}

std::string SanitizeErrorCode(std::string_view raw) {
  const std::size_t colon = raw.find(':');
  if (colon != std::string_view::npos) raw = raw.substr(0, colon);
  const std::size_t hash = raw.rfind('#');
  if (hash != std::string_view::npos) raw = raw.substr(hash + 1);
  while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) raw.remove_prefix(1);
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t')) raw.remove_suffix(1);
  return std::string(raw);
}

AwsError ParseJsonError(const http::Response& response) {
  AwsError error;
  error.http_status = response.status;
  error.request_id = response.Header("x-amzn-RequestId").value_or("");
  const nlohmann::json body =
      nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (const auto header = response.Header("x-amzn-ErrorType"); header && !header->empty()) {
    error.code = SanitizeErrorCode(*header);
  }
  if (body.is_object()) {
    if (error.code.empty()) error.code = SanitizeErrorCode(StringMember(body, "code"));
    if (error.code.empty()) error.code = SanitizeErrorCode(StringMember(body, "__type"));
    error.message = StringMember(body, "message");
    if (error.message.empty()) error.message = StringMember(body, "Message");
  } else {
    error.message = ResponseExcerpt(response.body);
  }
  return error;
}

}  // namespace tk::aws
