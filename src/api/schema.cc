#include "api/schema.h"

#include <utility>

namespace tk::api {

std::string_view SchemaTypeName(SchemaType type) {
  switch (type) {
    case SchemaType::kObject:
      return "object";
    case SchemaType::kArray:
      return "array";
    case SchemaType::kString:
      return "string";
    case SchemaType::kInteger:
      return "integer";
    case SchemaType::kBoolean:
      return "boolean";
  }
  return "object";
}

Schema Schema::Describe(std::string text) && {
  description = std::move(text);
  return std::move(*this);
}

Schema Schema::Format(std::string value) && {
  format = std::move(value);
  return std::move(*this);
}

Schema Schema::Enum(std::vector<std::string> values) && {
  enum_values = std::move(values);
  return std::move(*this);
}

Schema Schema::Pattern(std::string regex) && {
  pattern = std::move(regex);
  return std::move(*this);
}

Schema Schema::MinLength(int64_t n) && {
  min_length = n;
  return std::move(*this);
}

Schema Schema::MaxLength(int64_t n) && {
  max_length = n;
  return std::move(*this);
}

Schema Schema::Minimum(int64_t n) && {
  minimum = n;
  return std::move(*this);
}

Schema Schema::Maximum(int64_t n) && {
  maximum = n;
  return std::move(*this);
}

Schema Schema::MinItems(int64_t n) && {
  min_items = n;
  return std::move(*this);
}

Schema Schema::MaxItems(int64_t n) && {
  max_items = n;
  return std::move(*this);
}

Schema Schema::Require(std::vector<std::string> names) && {
  for (auto& name : names) required.push_back(std::move(name));
  return std::move(*this);
}

Schema Schema::PreserveUnknownFields() && {
  preserve_unknown_fields = true;
  return std::move(*this);
}

Schema Schema::Validate(std::string rule, std::string message) && {
  validations.push_back(ValidationRule{std::move(rule), std::move(message)});
  return std::move(*this);
}

Schema Schema::Validate(ValidationRule rule) && {
  validations.push_back(std::move(rule));
  return std::move(*this);
}

const Schema* Schema::FindProperty(std::string_view name) const {
  for (const Property& property : properties) {
    if (property.name == name) return &property.schema;
  }
  return nullptr;
}

const Schema* Schema::Find(std::string_view path) const {
  const Schema* node = this;
  while (!path.empty() && node != nullptr) {
    if (path.front() == '.') {
      path.remove_prefix(1);
      continue;
    }
    if (path.starts_with("[]")) {
      node = node->items.get();
      path.remove_prefix(2);
      continue;
    }
    const size_t end = path.find_first_of(".[");
    node = node->FindProperty(path.substr(0, end));
    path.remove_prefix(end == std::string_view::npos ? path.size() : end);
  }
  return node;
}

Schema String() {
  Schema s;
  s.type = SchemaType::kString;
  return s;
}

Schema Boolean() {
  Schema s;
  s.type = SchemaType::kBoolean;
  return s;
}

Schema Integer() {
  Schema s;
  s.type = SchemaType::kInteger;
  s.format = "int64";
  return s;
}

Schema DateTime() { return String().Format("date-time"); }

Schema Object(std::vector<Property> properties) {
  Schema s;
  s.type = SchemaType::kObject;
  s.properties = std::move(properties);
  return s;
}

Schema Array(Schema items) {
  Schema s;
  s.type = SchemaType::kArray;
  s.items = std::make_shared<const Schema>(std::move(items));
  return s;
}

Schema Map(Schema values) {
  Schema s;
  s.type = SchemaType::kObject;
  s.additional_properties = std::make_shared<const Schema>(std::move(values));
  return s;
}

}  // namespace tk::api
