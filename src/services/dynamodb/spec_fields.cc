#include "services/dynamodb/spec_fields.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace tk::services::dynamodb {
namespace {

std::string_view JsonTypeName(const nlohmann::json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "a list";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return "an integer";
    case nlohmann::json::value_t::number_float: return "a number";
    default: return "an unexpected value";
  }
}

std::string JoinAllowed(std::initializer_list<std::string_view> allowed) {
  std::string joined;
  for (std::string_view value : allowed) {
    if (!joined.empty()) joined += ", ";
    joined += value;
  }
  return joined;
}

}  // namespace

Status WrongFieldType(const std::string& path, std::string_view what, const nlohmann::json& json) {
  return InvalidField(path, fmt::format("expected {}, got {}", what, JsonTypeName(json)));
}

Status InvalidField(const std::string& path, std::string_view message) {
  return Status(Code::kInvalidArgument, fmt::format("{}: {}", path, message));
}

std::string FieldPath(const std::string& parent, std::string_view name) {
  if (parent.empty()) return std::string(name);
  return fmt::format("{}.{}", parent, name);
}

std::string IndexPath(const std::string& parent, std::size_t index) {
  return fmt::format("{}[{}]", parent, index);
}

FieldReader::FieldReader(const nlohmann::json& object, std::string path)
    : object_(object), path_(std::move(path)) {
  if (!object_.is_object()) status_ = WrongFieldType(path_, "an object", object_);
}

const nlohmann::json* FieldReader::Member(std::string_view name) const {
  if (!status_.ok()) return nullptr;
  auto found = object_.find(name);
  if (found == object_.end() || found->is_null()) return nullptr;
  return &*found;
}

FieldReader& FieldReader::String(std::string_view name, std::optional<std::string>* out) {
  const nlohmann::json* member = Member(name);
  if (member == nullptr) return *this;
  if (!member->is_string()) {
    Fail(WrongFieldType(PathOf(name), "a string", *member));
    return *this;
  }
  *out = member->get_ref<const std::string&>();
  return *this;
}

FieldReader& FieldReader::Bool(std::string_view name, std::optional<bool>* out) {
  const nlohmann::json* member = Member(name);
  if (member == nullptr) return *this;
  if (!member->is_boolean()) {
    Fail(WrongFieldType(PathOf(name), "a boolean (true or false)", *member));
    return *this;
  }
  *out = member->get<bool>();
  return *this;
}

FieldReader& FieldReader::Integer(std::string_view name, std::optional<std::int64_t>* out) {
  const nlohmann::json* member = Member(name);
  if (member == nullptr) return *this;
  if (member->is_number_integer()) {
    if (member->is_number_unsigned() &&
        member->get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      Fail(InvalidField(PathOf(name), "the number is too large"));
      return *this;
    }
    *out = member->get<std::int64_t>();
    return *this;
  }
  if (member->is_number_float()) {
    const double value = member->get<double>();
    if (std::trunc(value) == value && std::fabs(value) < 9.0e15) {
      *out = static_cast<std::int64_t>(value);
      return *this;
    }
  }
  Fail(WrongFieldType(PathOf(name), "a whole number", *member));
  return *this;
}

FieldReader& FieldReader::Enum(std::string_view name,
                               std::initializer_list<std::string_view> allowed,
                               std::optional<std::string>* out) {
  std::optional<std::string> value;
  String(name, &value);
  if (!value) return *this;
  for (std::string_view candidate : allowed) {
    if (*value == candidate) {
      *out = std::move(value);
      return *this;
    }
  }
  Fail(InvalidField(PathOf(name), fmt::format("\"{}\" is not one of {} (AWS's spelling)", *value,
                                              JoinAllowed(allowed))));
  return *this;
}

const nlohmann::json* FieldReader::List(std::string_view name) {
  const nlohmann::json* member = Member(name);
  if (member == nullptr) return nullptr;
  if (!member->is_array()) {
    Fail(WrongFieldType(PathOf(name), "a list", *member));
    return nullptr;
  }
  return member;
}

const nlohmann::json* FieldReader::Object(std::string_view name) {
  const nlohmann::json* member = Member(name);
  if (member == nullptr) return nullptr;
  if (!member->is_object()) {
    Fail(WrongFieldType(PathOf(name), "an object", *member));
    return nullptr;
  }
  return member;
}

void FieldReader::Fail(Status status) {
  if (status_.ok() && !status.ok()) status_ = std::move(status);
}

}  // namespace tk::services::dynamodb
