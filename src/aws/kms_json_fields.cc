#include "aws/kms_json_fields.h"

#include <fmt/format.h>

#include <cstdint>
#include <limits>

namespace tk::aws::kms::internal {
namespace {

// "a string", "a number", ... for messages.
std::string Described(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return "a number";
    case nlohmann::json::value_t::null:
      return "null";
    default:
      return "an unexpected value";
  }
}

}  // namespace

FieldReader::FieldReader(const nlohmann::json& object, std::string path)
    : object_(object), path_(std::move(path)) {
  if (!object_.is_object()) {
    status_ = TypeError(path_.empty() ? "the answer" : path_, "an object", object_);
  }
}

Status FieldReader::TypeError(std::string_view path, std::string_view expected,
                              const nlohmann::json& actual) {
  return Status(Code::kInternal,
                fmt::format("{}: expected {}, found {}", path, expected, Described(actual)));
}

const nlohmann::json* FieldReader::Find(std::string_view name) const {
  if (!status_.ok()) return nullptr;
  const auto member = object_.find(name);
  if (member == object_.end() || member->is_null()) return nullptr;
  return &*member;
}

std::string FieldReader::MemberPath(std::string_view name) const {
  return path_.empty() ? std::string(name) : fmt::format("{}.{}", path_, name);
}

std::string FieldReader::ElementPath(std::string_view path, std::size_t index) {
  return fmt::format("{}[{}]", path, index);
}

void FieldReader::Required(std::string_view name, std::string& out) {
  if (!status_.ok()) return;
  const nlohmann::json* member = Find(name);
  if (member == nullptr) {
    status_ = Status(Code::kInternal, fmt::format("{}: missing", MemberPath(name)));
    return;
  }
  if (!member->is_string()) {
    status_ = TypeError(MemberPath(name), "a string", *member);
    return;
  }
  out = member->get<std::string>();
}

void FieldReader::Optional(std::string_view name, std::optional<std::string>& out) {
  const nlohmann::json* member = Find(name);
  if (member == nullptr) return;
  if (!member->is_string()) {
    status_ = TypeError(MemberPath(name), "a string", *member);
    return;
  }
  out = member->get<std::string>();
}

void FieldReader::Optional(std::string_view name, std::optional<bool>& out) {
  const nlohmann::json* member = Find(name);
  if (member == nullptr) return;
  if (!member->is_boolean()) {
    status_ = TypeError(MemberPath(name), "a boolean", *member);
    return;
  }
  out = member->get<bool>();
}

void FieldReader::Optional(std::string_view name, std::optional<int>& out) {
  const nlohmann::json* member = Find(name);
  if (member == nullptr) return;
  if (member->is_number_unsigned()) {
    const auto value = member->get<std::uint64_t>();
    if (value <= static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
      out = static_cast<int>(value);
      return;
    }
  } else if (member->is_number_integer()) {
    const auto value = member->get<std::int64_t>();
    if (value >= std::numeric_limits<int>::min() && value <= std::numeric_limits<int>::max()) {
      out = static_cast<int>(value);
      return;
    }
  }
  status_ = TypeError(MemberPath(name), "an integer within int's range", *member);
}

void FieldReader::Optional(std::string_view name, std::optional<double>& out) {
  const nlohmann::json* member = Find(name);
  if (member == nullptr) return;
  if (!member->is_number()) {
    status_ = TypeError(MemberPath(name), "a number", *member);
    return;
  }
  out = member->get<double>();
}

void FieldReader::Optional(std::string_view name, std::optional<std::vector<std::string>>& out) {
  const nlohmann::json* member = Find(name);
  if (member == nullptr) return;
  const std::string path = MemberPath(name);
  if (!member->is_array()) {
    status_ = TypeError(path, "an array", *member);
    return;
  }
  std::vector<std::string> values;
  values.reserve(member->size());
  for (std::size_t i = 0; i < member->size(); ++i) {
    const nlohmann::json& element = (*member)[i];
    if (!element.is_string()) {
      status_ = TypeError(ElementPath(path, i), "a string", element);
      return;
    }
    values.push_back(element.get<std::string>());
  }
  out = std::move(values);
}

}  // namespace tk::aws::kms::internal
