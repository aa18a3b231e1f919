// Reading a custom resource's spec, given as JSON, one member at a time, with
// the member's field path in every error ("spec.sseSpecification.enabled:
// expected a boolean, got a string").
//
// The API server checks types against the CRD schema, so these errors meet
// objects only when the schema is looser than AWS (enums, ranges, a member
// AWS requires), or when a spec reaches us another way (`tablekeeper plan`
// on a file). Every error is kInvalidArgument: the spec cannot work as
// written, and the message says which field and what it must be.
//
//   FieldReader sse(spec.at("sseSpecification"), "spec.sseSpecification");
//   std::optional<bool> enabled;
//   std::optional<std::string> key;
//   sse.Bool("enabled", &enabled).String("kmsMasterKeyID", &key);
//   if (!sse.status().ok()) return sse.status();
//
// Absent and null members leave their output unset: in a spec, unset means
// unmanaged. Nothing here throws.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace tk::services::dynamodb {

// "expected <what>, got <json's type>" as a kInvalidArgument about `path`.
Status WrongFieldType(const std::string& path, std::string_view what, const nlohmann::json& json);

// A kInvalidArgument about `path`: "<path>: <message>".
Status InvalidField(const std::string& path, std::string_view message);

// "parent.name" ("name" when parent is empty) and "parent[index]".
std::string FieldPath(const std::string& parent, std::string_view name);
std::string IndexPath(const std::string& parent, std::size_t index);

// Reads members of one JSON object. The first failure is kept and later
// reads are skipped (their outputs stay unset).
class FieldReader {
 public:
  // `object` must outlive the reader. A value that is not an object fails.
  FieldReader(const nlohmann::json& object, std::string path);

  FieldReader& String(std::string_view name, std::optional<std::string>* out);
  FieldReader& Bool(std::string_view name, std::optional<bool>* out);
  // Accepts JSON integers, and floating-point numbers that hold a whole
  // number (YAML tooling sometimes writes 5.0).
  FieldReader& Integer(std::string_view name, std::optional<std::int64_t>* out);
  // A string member that must be one of `allowed` (AWS's spelling).
  FieldReader& Enum(std::string_view name, std::initializer_list<std::string_view> allowed,
                    std::optional<std::string>* out);

  // The member `name` when present and not null (else nullptr, also after a
  // failure), for objects and lists the caller reads itself.
  const nlohmann::json* Member(std::string_view name) const;
  // The member when present, not null and a list; fails (and answers
  // nullptr) for another type.
  const nlohmann::json* List(std::string_view name);
  // The member when present, not null and an object; fails for another type.
  const nlohmann::json* Object(std::string_view name);

  // Records a failure found by the caller (kept only if none came before).
  void Fail(Status status);

  std::string PathOf(std::string_view name) const { return FieldPath(path_, name); }
  const std::string& path() const { return path_; }
  const Status& status() const { return status_; }
  bool ok() const { return status_.ok(); }

 private:
  const nlohmann::json& object_;
  const std::string path_;
  Status status_;
};

}  // namespace tk::services::dynamodb
