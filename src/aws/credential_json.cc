#include "aws/credential_json.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "aws/credential_time.h"

namespace tk::aws {
namespace {

using nlohmann::json;

Status Bad(std::string_view source, std::string_view what) {
  return Status(Code::kUnauthenticated, fmt::format("{}: {}", source, what));
}

// The string member `name`: nullopt when absent or null, an error when of
// another type or empty and `required`.
Result<std::optional<std::string>> StringMember(const json& document, const char* name,
                                                bool required, std::string_view source) {
  auto found = document.find(name);
  if (found == document.end() || found->is_null()) {
    if (required) return Bad(source, fmt::format("the answer has no \"{}\"", name));
    return std::optional<std::string>();
  }
  if (!found->is_string()) {
    return Bad(source, fmt::format("\"{}\" in the answer is a {}, not a string", name,
                                   found->type_name()));
  }
  std::string value = found->get<std::string>();
  if (value.empty() && required) {
    return Bad(source, fmt::format("\"{}\" in the answer is empty", name));
  }
  return std::optional<std::string>(std::move(value));
}

}  // namespace

Result<ExpiringCredentials> ParseCredentialJson(std::string_view text, CredentialJsonFormat format,
                                                std::string_view source) {
  json document;
  try {
    document = json::parse(text);
  } catch (const json::parse_error& error) {
    // error.what() quotes the text near the error; only the offset is safe.
    return Bad(source, fmt::format("the answer is not JSON (error at byte {} of {})", error.byte,
                                   text.size()));
  }
  if (!document.is_object()) return Bad(source, "the answer is not a JSON object");

  if (format == CredentialJsonFormat::kProcess) {
    auto version = document.find("Version");
    if (version == document.end()) return Bad(source, "the answer has no \"Version\" (must be 1)");
    if (!version->is_number_integer() || version->get<long long>() != 1) {
      return Bad(source, "\"Version\" in the answer must be the number 1");
    }
  }
  if (format == CredentialJsonFormat::kImds) {
    Result<std::optional<std::string>> code = StringMember(document, "Code", false, source);
    if (!code.ok()) return code.status();
    if (*code && **code != "Success") {
      // Codes are short words such as "Failure"; they hold no secret.
      return Bad(source, fmt::format("the answer's Code is \"{}\", not \"Success\"",
                                     code->value().substr(0, 64)));
    }
  }

  const char* token_name = format == CredentialJsonFormat::kProcess ? "SessionToken" : "Token";
  auto key_id = StringMember(document, "AccessKeyId", true, source);
  if (!key_id.ok()) return key_id.status();
  auto secret = StringMember(document, "SecretAccessKey", true, source);
  if (!secret.ok()) return secret.status();
  auto token = StringMember(document, token_name, false, source);
  if (!token.ok()) return token.status();
  auto expiration = StringMember(document, "Expiration", false, source);
  if (!expiration.ok()) return expiration.status();

  ExpiringCredentials result;
  result.credentials.access_key_id = std::move(**key_id);
  result.credentials.secret_access_key = std::move(**secret);
  if (*token) result.credentials.session_token = std::move(**token);
  if (*expiration) {
    result.expiration = ParseCredentialTime(**expiration);
    if (!result.expiration) {
      return Bad(source, "\"Expiration\" in the answer is not an RFC 3339 time such as "
                         "2026-05-01T12:00:00Z");
    }
  }
  return result;
}

}  // namespace tk::aws
