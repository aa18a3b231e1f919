#include "aws/dynamodb_json.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace tk::aws::dynamodb {
namespace {

// "a string", "an object", ... for messages.
std::string_view Described(const nlohmann::json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "a list";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "an integer";
    case nlohmann::json::value_t::number_float:
      return "a number with a fraction";
    case nlohmann::json::value_t::binary:
      return "binary data";
    case nlohmann::json::value_t::discarded:
      break;
  }
  return "an invalid value";
}

// A whole number within [min, max] held by `json`, if any.
std::optional<std::int64_t> WholeNumber(const nlohmann::json& json, std::int64_t min,
                                        std::int64_t max) {
  std::int64_t value = 0;
  if (json.is_number_integer() && !json.is_number_unsigned()) {
    value = json.get<std::int64_t>();
  } else if (json.is_number_unsigned()) {
    const std::uint64_t unsigned_value = json.get<std::uint64_t>();
    if (unsigned_value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return std::nullopt;
    }
    value = static_cast<std::int64_t>(unsigned_value);
  } else if (json.is_number_float()) {
    const double number = json.get<double>();
    // 2^63 is the first double above the int64 range.
    if (!std::isfinite(number) || std::trunc(number) != number || number < -9223372036854775808.0 ||
        number >= 9223372036854775808.0) {
      return std::nullopt;
    }
    value = static_cast<std::int64_t>(number);
  } else {
    return std::nullopt;
  }
  if (value < min || value > max) return std::nullopt;
  return value;
}

}  // namespace

std::string MemberPath(const std::string& parent, std::string_view name) {
  if (parent.empty()) return std::string(name);
  return fmt::format("{}.{}", parent, name);
}

std::string ElementPath(const std::string& parent, std::size_t index) {
  return fmt::format("{}[{}]", parent, index);
}

Status WrongType(const std::string& path, std::string_view expected, const nlohmann::json& json) {
  return Status(Code::kInternal, fmt::format("{}: expected {}, got {}",
                                             path.empty() ? "the answer" : path, expected,
                                             Described(json)));
}

Status Decode(const nlohmann::json& json, const std::string& path, std::string* out) {
  if (!json.is_string()) return WrongType(path, "a string", json);
  *out = json.get<std::string>();
  return OkStatus();
}

Status Decode(const nlohmann::json& json, const std::string& path, bool* out) {
  if (!json.is_boolean()) return WrongType(path, "a boolean", json);
  *out = json.get<bool>();
  return OkStatus();
}

Status Decode(const nlohmann::json& json, const std::string& path, std::int64_t* out) {
  std::optional<std::int64_t> value = WholeNumber(json, std::numeric_limits<std::int64_t>::min(),
                                                  std::numeric_limits<std::int64_t>::max());
  if (!value) return WrongType(path, "a 64-bit integer", json);
  *out = *value;
  return OkStatus();
}

Status Decode(const nlohmann::json& json, const std::string& path, int* out) {
  std::optional<std::int64_t> value =
      WholeNumber(json, std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
  if (!value) return WrongType(path, "a 32-bit integer", json);
  *out = static_cast<int>(*value);
  return OkStatus();
}

Status Decode(const nlohmann::json& json, const std::string& path, double* out) {
  if (!json.is_number()) return WrongType(path, "a number (epoch seconds)", json);
  *out = json.get<double>();
  return OkStatus();
}

ObjectDecoder::ObjectDecoder(const nlohmann::json& json, std::string path)
    : json_(json), path_(std::move(path)) {
  if (!json_.is_object()) status_ = WrongType(path_, "an object", json_);
}

bool ObjectDecoder::Has(std::string_view name) const {
  const nlohmann::json* member = Find(name);
  return member != nullptr && !member->is_null();
}

const nlohmann::json* ObjectDecoder::Find(std::string_view name) const {
  if (!status_.ok()) return nullptr;
  auto it = json_.find(name);
  return it == json_.end() ? nullptr : &*it;
}

Status ObjectDecoder::Missing(std::string_view name) const {
  return Status(Code::kInternal,
                fmt::format("{}: required member missing", MemberPath(path_, name)));
}

}  // namespace tk::aws::dynamodb
