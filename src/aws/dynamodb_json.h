// The JSON codec under the typed DynamoDB shapes (dynamodb_types.h,
// dynamodb_operations.h): how a C++ member becomes a JSON member and back,
// with the rules the whole typed layer shares.
//
// Decoding (JSON -> C++):
// - unknown members are ignored: AWS adds fields, and an answer we only
//   partly understand is still useful;
// - an absent or null member leaves an optional field unset (a list empty);
//   an absent required member, or a member of the wrong JSON type, is a
//   kInternal error naming the member's path from the top of the answer,
//   e.g. "Table.GlobalSecondaryIndexes[0].IndexStatus: expected a string,
//   got a number". Messages name types, never values.
// - integers (the model's long and integer) accept JSON integers, and
//   floating-point numbers that hold a whole number in range; timestamps
//   (the model's timestamp, epoch seconds) accept any number.
//
// Encoding (C++ -> JSON):
// - an unset std::optional is omitted, and so is an empty list of an optional
//   member; required members are always written (Field vs. RequiredList).
//
//   Status Decode(const nlohmann::json& json, const std::string& path, Tag* out) {
//     return ObjectDecoder(json, path)
//         .Required("Key", &out->key)
//         .Required("Value", &out->value)
//         .status();
//   }
//   nlohmann::json ToJson(const Tag& tag) {
//     return ObjectEncoder().Field("Key", tag.key).Field("Value", tag.value).Build();
//   }
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace tk::aws::dynamodb {

// "parent.name", or "name" at the top.
std::string MemberPath(const std::string& parent, std::string_view name);
// "parent[index]".
std::string ElementPath(const std::string& parent, std::size_t index);
// The kInternal error "<path>: expected <expected>, got <json's type>"
// (path "the answer" when empty).
Status WrongType(const std::string& path, std::string_view expected, const nlohmann::json& json);

// Scalars. Each fails with WrongType when `json` is not of its type.
Status Decode(const nlohmann::json& json, const std::string& path, std::string* out);
Status Decode(const nlohmann::json& json, const std::string& path, bool* out);
Status Decode(const nlohmann::json& json, const std::string& path, std::int64_t* out);
Status Decode(const nlohmann::json& json, const std::string& path, int* out);
Status Decode(const nlohmann::json& json, const std::string& path, double* out);

// A list: each element decoded with its index in the path.
template <typename T>
Status Decode(const nlohmann::json& json, const std::string& path, std::vector<T>* out) {
  if (!json.is_array()) return WrongType(path, "a list", json);
  std::vector<T> values(json.size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    Status status = Decode(json[i], ElementPath(path, i), &values[i]);
    if (!status.ok()) return status;
  }
  *out = std::move(values);
  return OkStatus();
}

// An optional value: null unsets it, anything else must decode as T.
template <typename T>
Status Decode(const nlohmann::json& json, const std::string& path, std::optional<T>* out) {
  if (json.is_null()) {
    out->reset();
    return OkStatus();
  }
  T value{};
  Status status = Decode(json, path, &value);
  if (!status.ok()) return status;
  *out = std::move(value);
  return OkStatus();
}

// Reads the members of one JSON object into a struct. The first failure is
// kept and later reads are skipped.
class ObjectDecoder {
 public:
  // Fails (status()) when `json` is not an object.
  ObjectDecoder(const nlohmann::json& json, std::string path);

  // An optional member (std::optional or a list): absent or null leaves *out
  // as it is.
  template <typename T>
  ObjectDecoder& Field(std::string_view name, T* out) {
    const nlohmann::json* member = Find(name);
    if (member != nullptr && !member->is_null()) {
      status_ = Decode(*member, MemberPath(path_, name), out);
    }
    return *this;
  }

  // A member the model marks required: absent or null is an error.
  template <typename T>
  ObjectDecoder& Required(std::string_view name, T* out) {
    if (!status_.ok()) return *this;
    const nlohmann::json* member = Find(name);
    if (member == nullptr || member->is_null()) {
      status_ = Missing(name);
    } else {
      status_ = Decode(*member, MemberPath(path_, name), out);
    }
    return *this;
  }

  // Whether the object has member `name` (not null). False after a failure.
  bool Has(std::string_view name) const;

  const std::string& path() const { return path_; }
  const Status& status() const { return status_; }

 private:
  // The member, or nullptr when absent or after a failure.
  const nlohmann::json* Find(std::string_view name) const;
  Status Missing(std::string_view name) const;

  const nlohmann::json& json_;
  const std::string path_;
  Status status_;
};

namespace internal {

template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};

}  // namespace internal

// Builds one JSON object from struct members.
class ObjectEncoder {
 public:
  // A member that is always written: a scalar, a struct (through ToJson) or
  // a required list (written even when empty).
  template <typename T>
  ObjectEncoder& Field(std::string_view name, const T& value) {
    if constexpr (internal::IsVector<T>::value) {
      if (value.empty()) return *this;  // an optional list: omitted when empty
    }
    json_[std::string(name)] = Encode(value);
    return *this;
  }

  // An optional member: omitted when unset.
  template <typename T>
  ObjectEncoder& Field(std::string_view name, const std::optional<T>& value) {
    if (value.has_value()) json_[std::string(name)] = Encode(*value);
    return *this;
  }

  // A list the model marks required: written even when empty.
  template <typename T>
  ObjectEncoder& RequiredList(std::string_view name, const std::vector<T>& values) {
    json_[std::string(name)] = Encode(values);
    return *this;
  }

  // The object built; the encoder is left empty.
  nlohmann::json Build() { return std::move(json_); }

 private:
  template <typename T>
  static nlohmann::json Encode(const T& value) {
    if constexpr (std::is_arithmetic_v<T> || std::is_same_v<T, std::string>) {
      return nlohmann::json(value);
    } else if constexpr (internal::IsVector<T>::value) {
      nlohmann::json array = nlohmann::json::array();
      for (const auto& element : value) array.push_back(Encode(element));
      return array;
    } else {
      return ToJson(value);  // found by argument-dependent lookup
    }
  }

  nlohmann::json json_ = nlohmann::json::object();
};

}  // namespace tk::aws::dynamodb
