// FieldReader and PutOptional: how the KMS shapes of kms_types.h and
// kms_operations.h travel to and from JSON. An implementation detail of the
// kms_* files, not an API for other layers.
//
// Decoding follows the AWS JSON protocol and stays lenient where AWS may
// evolve: members nobody asks for are ignored, a null member counts as absent
// (AWS omits unset members; moto sends some as null), enum values are kept as
// strings whatever their value. It is strict about types: a member of the
// wrong JSON type is kInternal naming its path,
//   "KeyMetadata.MultiRegionConfiguration.ReplicaKeys[1].Region: expected a
//    string, found a number".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace tk::aws::kms::internal {

// Reads the members of one JSON object, keeping the first failure. `path`
// names the object in messages ("KeyMetadata", "Aliases[2]"). Each reader
// method leaves `out` untouched when the member is absent or null, or when an
// earlier member failed.
class FieldReader {
 public:
  // A value that is not an object fails at once (see status()).
  FieldReader(const nlohmann::json& object, std::string path);

  // A required string: absent or null fails with "<path>.<name>: missing".
  void Required(std::string_view name, std::string& out);
  void Optional(std::string_view name, std::optional<std::string>& out);
  void Optional(std::string_view name, std::optional<bool>& out);
  // An integer that fits an int; a fraction or a larger number fails.
  void Optional(std::string_view name, std::optional<int>& out);
  // Any number: the JSON protocol's timestamps are epoch seconds, possibly
  // with a fraction.
  void Optional(std::string_view name, std::optional<double>& out);
  void Optional(std::string_view name, std::optional<std::vector<std::string>>& out);

  // A nested structure, decoded by `decode(json, path)` returning Result<T>.
  template <typename T, typename Decode>
  void OptionalObject(std::string_view name, std::optional<T>& out, Decode decode) {
    const nlohmann::json* member = Find(name);
    if (member == nullptr) return;
    Result<T> value = decode(*member, MemberPath(name));
    if (!value.ok()) {
      status_ = value.status();
      return;
    }
    out = std::move(*value);
  }

  // A list of structures, each decoded by `decode(json, path)`.
  template <typename T, typename Decode>
  void OptionalList(std::string_view name, std::optional<std::vector<T>>& out, Decode decode) {
    const nlohmann::json* member = Find(name);
    if (member == nullptr) return;
    const std::string path = MemberPath(name);
    if (!member->is_array()) {
      status_ = TypeError(path, "an array", *member);
      return;
    }
    std::vector<T> values;
    values.reserve(member->size());
    for (std::size_t i = 0; i < member->size(); ++i) {
      Result<T> value = decode((*member)[i], ElementPath(path, i));
      if (!value.ok()) {
        status_ = value.status();
        return;
      }
      values.push_back(std::move(*value));
    }
    out = std::move(values);
  }

  // OK, or the first failure (kInternal).
  const Status& status() const { return status_; }

  // "<path>: expected <expected>, found <type of actual>" as kInternal.
  static Status TypeError(std::string_view path, std::string_view expected,
                          const nlohmann::json& actual);

 private:
  // The member `name`, or nullptr when it is absent or null or the reader
  // has already failed.
  const nlohmann::json* Find(std::string_view name) const;
  std::string MemberPath(std::string_view name) const;
  static std::string ElementPath(std::string_view path, std::size_t index);

  const nlohmann::json& object_;
  const std::string path_;
  Status status_;
};

// Sets object[name] when `value` holds one; an unset optional is omitted.
template <typename T>
void PutOptional(nlohmann::json& object, const char* name, const std::optional<T>& value) {
  if (value) object[name] = *value;
}

// As above for nested structures, encoded by `encode(value)`.
template <typename T, typename Encode>
void PutOptional(nlohmann::json& object, const char* name, const std::optional<T>& value,
                 Encode encode) {
  if (value) object[name] = encode(*value);
}

// As above for lists of structures.
template <typename T, typename Encode>
void PutOptionalList(nlohmann::json& object, const char* name,
                     const std::optional<std::vector<T>>& values, Encode encode) {
  if (!values) return;
  nlohmann::json list = nlohmann::json::array();
  for (const T& value : *values) list.push_back(encode(value));
  object[name] = std::move(list);
}

}  // namespace tk::aws::kms::internal
