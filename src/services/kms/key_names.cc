#include "services/kms/key_names.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace tk::services::kms {
namespace {

constexpr std::string_view kAliasPrefix = "alias/";
constexpr std::string_view kReservedAliasPrefix = "alias/aws/";
constexpr std::string_view kMultiRegionPrefix = "mrk-";
constexpr size_t kMaxAliasNameLength = 256;

constexpr std::string_view kAcceptedForms =
    "name a key by its key id (1234abcd-12ab-34cd-56ef-1234567890ab), key ARN "
    "(arn:aws:kms:REGION:ACCOUNT:key/KEY-ID), alias name (alias/NAME) or alias ARN "
    "(arn:aws:kms:REGION:ACCOUNT:alias/NAME)";

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool IsLowerAlnumOrDash(char c) {
  return (c >= 'a' && c <= 'z') || IsDigit(c) || c == '-';
}
bool IsAliasChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '/' || c == '_' || c == '-';
}

bool AllOf(std::string_view text, bool (*predicate)(char)) {
  return !text.empty() && std::all_of(text.begin(), text.end(), predicate);
}

// A UUID in its 8-4-4-4-12 hex form.
bool IsUuid(std::string_view text) {
  static constexpr size_t kGroups[] = {8, 4, 4, 4, 12};
  size_t position = 0;
  for (size_t group = 0; group < std::size(kGroups); ++group) {
    if (group > 0) {
      if (position >= text.size() || text[position] != '-') return false;
      ++position;
    }
    if (text.size() < position + kGroups[group]) return false;
    if (!AllOf(text.substr(position, kGroups[group]), IsHex)) return false;
    position += kGroups[group];
  }
  return position == text.size();
}

// The text after "alias/" is valid: CreateAlias's characters, total length.
bool IsAliasName(std::string_view text) {
  return text.size() > kAliasPrefix.size() && text.size() <= kMaxAliasNameLength &&
         text.starts_with(kAliasPrefix) && AllOf(text.substr(kAliasPrefix.size()), IsAliasChar);
}

std::vector<std::string_view> SplitArn(std::string_view text) {
  // arn:partition:service:region:account:resource; the resource may hold ':'
  // in other services, never in KMS's, so six parts exactly.
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (parts.size() < 5) {
    const size_t colon = text.find(':', start);
    if (colon == std::string_view::npos) break;
    parts.push_back(text.substr(start, colon - start));
    start = colon + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

bool IsPartition(std::string_view partition) {
  return partition == "aws" ||
         (partition.starts_with("aws-") && AllOf(partition.substr(4), IsLowerAlnumOrDash));
}

Status Invalid(std::string_view text, std::string_view why) {
  return Status(Code::kInvalidArgument,
                fmt::format("\"{}\" is not a KMS key name: {}; {}", text, why, kAcceptedForms));
}

Result<KeyName> ParseArn(std::string_view text) {
  const std::vector<std::string_view> parts = SplitArn(text);
  if (parts.size() != 6) return Invalid(text, "an ARN has six parts separated by ':'");
  if (!IsPartition(parts[1])) {
    return Invalid(text, fmt::format("unknown partition \"{}\"", parts[1]));
  }
  if (parts[2] != "kms") {
    return Invalid(text, fmt::format("the ARN is of service \"{}\", not kms", parts[2]));
  }
  if (!AllOf(parts[3], IsLowerAlnumOrDash)) {
    return Invalid(text, "the ARN has no valid region (e.g. us-east-1)");
  }
  if (parts[4].size() != 12 || !AllOf(parts[4], IsDigit)) {
    return Invalid(text, "the ARN's account is not 12 digits");
  }
  KeyName name;
  name.text = std::string(text);
  name.partition = std::string(parts[1]);
  name.region = std::string(parts[3]);
  name.account = std::string(parts[4]);
  const std::string_view resource = parts[5];
  if (resource.starts_with("key/")) {
    const std::string_view key_id = resource.substr(4);
    if (!IsKeyId(key_id)) {
      return Invalid(text, fmt::format("\"{}\" after key/ is not a key id", key_id));
    }
    name.form = KeyNameForm::kKeyArn;
    name.key_id = std::string(key_id);
    return name;
  }
  if (resource.starts_with(kAliasPrefix)) {
    if (!IsAliasName(resource)) {
      return Invalid(text,
                     "the alias name after alias/ may hold only letters, digits, '/', '_' and "
                     "'-', at most 256 characters with the prefix");
    }
    name.form = KeyNameForm::kAliasArn;
    name.alias_name = std::string(resource);
    return name;
  }
  return Invalid(text, "the ARN's resource starts with neither key/ nor alias/");
}

}  // namespace

std::string_view KeyNameFormName(KeyNameForm form) {
  switch (form) {
    case KeyNameForm::kKeyId:
      return "key id";
    case KeyNameForm::kKeyArn:
      return "key ARN";
    case KeyNameForm::kAliasName:
      return "alias name";
    case KeyNameForm::kAliasArn:
      return "alias ARN";
  }
  return "key name";
}

bool IsKeyId(std::string_view text) {
  if (text.starts_with(kMultiRegionPrefix)) {
    const std::string_view hex = text.substr(kMultiRegionPrefix.size());
    return hex.size() == 32 && AllOf(hex, IsHex);
  }
  return IsUuid(text);
}

Result<KeyName> ParseKeyName(std::string_view text) {
  if (text.empty()) return Invalid(text, "it is empty");
  if (text.starts_with("arn:")) return ParseArn(text);
  KeyName name;
  name.text = std::string(text);
  if (text.starts_with(kAliasPrefix)) {
    if (!IsAliasName(text)) {
      return Invalid(text,
                     "an alias name is alias/ then letters, digits, '/', '_' and '-', at most "
                     "256 characters in all");
    }
    name.form = KeyNameForm::kAliasName;
    name.alias_name = std::string(text);
    return name;
  }
  if (!IsKeyId(text)) {
    return Invalid(text, "it is neither a key id (a UUID, or mrk- and 32 hex digits), an ARN, "
                         "nor an alias name");
  }
  name.form = KeyNameForm::kKeyId;
  name.key_id = std::string(text);
  return name;
}

Status ValidateAliasNameForCreate(std::string_view alias_name) {
  if (!alias_name.starts_with(kAliasPrefix)) {
    return Status(Code::kInvalidArgument,
                  fmt::format("\"{}\" is not an alias name: it must start with alias/, e.g. "
                              "alias/orders",
                              alias_name));
  }
  if (alias_name.starts_with(kReservedAliasPrefix)) {
    return Status(Code::kInvalidArgument,
                  fmt::format("\"{}\" is reserved: names under alias/aws/ belong to AWS-managed "
                              "keys; choose a name outside alias/aws/",
                              alias_name));
  }
  if (!IsAliasName(alias_name)) {
    return Status(Code::kInvalidArgument,
                  fmt::format("\"{}\" is not a valid alias name: after alias/ only letters, "
                              "digits, '/', '_' and '-' are allowed, at most {} characters in "
                              "all",
                              alias_name, kMaxAliasNameLength));
  }
  return OkStatus();
}

std::string AliasArnFor(std::string_view key_arn, std::string_view alias_name) {
  Result<KeyName> key = ParseKeyName(key_arn);
  if (!key.ok() || key->form != KeyNameForm::kKeyArn) return "";
  return fmt::format("arn:{}:kms:{}:{}:{}", key->partition, key->region, key->account,
                     alias_name);
}

}  // namespace tk::services::kms
