// A small model of the OpenAPI v3 schemas Kubernetes accepts in a
// CustomResourceDefinition (structural schemas): objects with properties,
// arrays with items, maps, strings, integers, booleans, and CEL validation
// rules (x-kubernetes-validations).
//
// A Schema is a value built once, at start, from the field lists in
// src/api/*_crd.cc; crd_yaml.h turns it into YAML. Builders read as the
// schema they make:
//
//   Object({
//       {"name", String().Describe("The alias name.").MaxLength(256)},
//       {"targetKeyID", String()},
//   }).Require({"name"})
//
// Modifiers take the schema by rvalue and return it, so they chain on
// temporaries; for a named schema write `std::move(s).Describe(...)` or copy.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tk::api {

enum class SchemaType { kObject, kArray, kString, kInteger, kBoolean };

// "object", "array", "string", "integer" or "boolean".
std::string_view SchemaTypeName(SchemaType type);

// One x-kubernetes-validations entry: a CEL expression over `self` (and
// `oldSelf` for a transition rule, which runs only on updates where the old
// object had the field) and the message the API server returns when it is
// false. Messages name the field and say what to do.
struct ValidationRule {
  std::string rule;
  std::string message;
};

struct Property;

struct Schema {
  SchemaType type = SchemaType::kObject;
  std::string description;
  std::string format;  // "int64", "date-time", or empty

  // Strings.
  std::vector<std::string> enum_values;
  std::string pattern;
  std::optional<int64_t> min_length;
  std::optional<int64_t> max_length;

  // Integers.
  std::optional<int64_t> minimum;
  std::optional<int64_t> maximum;

  // Arrays. `items` is set for every array.
  std::shared_ptr<const Schema> items;
  std::optional<int64_t> min_items;
  std::optional<int64_t> max_items;

  // Objects. `properties` keep the order they were written in; the YAML is
  // sorted by name. A map is an object with `additional_properties` and no
  // properties. `preserve_unknown_fields` keeps fields the schema does not
  // name (x-kubernetes-preserve-unknown-fields).
  std::vector<Property> properties;
  std::vector<std::string> required;
  std::shared_ptr<const Schema> additional_properties;
  bool preserve_unknown_fields = false;

  std::vector<ValidationRule> validations;

  // Modifiers, for chaining on a temporary.
  Schema Describe(std::string text) &&;
  Schema Format(std::string value) &&;
  Schema Enum(std::vector<std::string> values) &&;
  Schema Pattern(std::string regex) &&;
  Schema MinLength(int64_t n) &&;
  Schema MaxLength(int64_t n) &&;
  Schema Minimum(int64_t n) &&;
  Schema Maximum(int64_t n) &&;
  Schema MinItems(int64_t n) &&;
  Schema MaxItems(int64_t n) &&;
  // Adds names to `required`; each must be one of the properties.
  Schema Require(std::vector<std::string> names) &&;
  Schema PreserveUnknownFields() &&;
  Schema Validate(std::string rule, std::string message) &&;
  Schema Validate(ValidationRule rule) &&;

  // The property named `name` of an object, or nullptr.
  const Schema* FindProperty(std::string_view name) const;
  // The node at a dotted path below this one: "sseSpecification.kmsMasterKeyRef",
  // with "[]" stepping into an array's items ("keySchema[].keyType"), or nullptr.
  const Schema* Find(std::string_view path) const;
};

struct Property {
  std::string name;
  Schema schema;
};

// Builders.
Schema String();
Schema Boolean();
// A 64-bit integer (format int64), as ACK declares every number.
Schema Integer();
// A string holding an RFC 3339 timestamp (format date-time).
Schema DateTime();
Schema Object(std::vector<Property> properties);
Schema Array(Schema items);
// An object whose keys are free and whose values all follow `values`.
Schema Map(Schema values);

}  // namespace tk::api
