#include "api/crd.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

namespace tk::api {
namespace {

Status Invalid(const std::string& crd, std::string_view path, std::string_view what) {
  return Status(Code::kInvalidArgument,
                fmt::format("CRD {}: {}: {}", crd, path.empty() ? "." : path, what));
}

Status CheckRules(const std::string& crd, const std::string& path,
                  const std::vector<ValidationRule>& rules) {
  for (const ValidationRule& rule : rules) {
    if (rule.rule.empty() || rule.message.empty()) {
      return Invalid(crd, path, "a validation rule needs both an expression and a message");
    }
  }
  return OkStatus();
}

Status CheckNode(const std::string& crd, const std::string& path, const Schema& node) {
  if (Status s = CheckRules(crd, path, node.validations); !s.ok()) return s;
  const bool is_string = node.type == SchemaType::kString;
  if (!is_string && (!node.enum_values.empty() || !node.pattern.empty() ||
                     node.min_length || node.max_length)) {
    return Invalid(crd, path, "enum, pattern and length limits apply to strings only");
  }
  if (node.type != SchemaType::kInteger && (node.minimum || node.maximum)) {
    return Invalid(crd, path, "minimum and maximum apply to integers only");
  }
  if (node.type != SchemaType::kArray && (node.items || node.min_items || node.max_items)) {
    return Invalid(crd, path, "items and item counts apply to arrays only");
  }
  if (node.type != SchemaType::kObject &&
      (!node.properties.empty() || !node.required.empty() || node.additional_properties ||
       node.preserve_unknown_fields)) {
    return Invalid(crd, path, "properties, required and maps apply to objects only");
  }
  switch (node.type) {
    case SchemaType::kArray:
      if (!node.items) return Invalid(crd, path, "an array needs items");
      return CheckNode(crd, path + "[]", *node.items);
    case SchemaType::kObject: {
      if (node.additional_properties && !node.properties.empty()) {
        return Invalid(crd, path, "an object has either properties or additionalProperties");
      }
      std::vector<std::string> names;
      for (const Property& property : node.properties) {
        if (property.name.empty()) return Invalid(crd, path, "a property without a name");
        names.push_back(property.name);
      }
      std::sort(names.begin(), names.end());
      if (std::adjacent_find(names.begin(), names.end()) != names.end()) {
        return Invalid(crd, path, "a property is declared twice");
      }
      for (const std::string& name : node.required) {
        if (!std::binary_search(names.begin(), names.end(), name)) {
          return Invalid(crd, path, fmt::format("required names {}, which is no property", name));
        }
      }
      for (const Property& property : node.properties) {
        if (Status s = CheckNode(crd, path + "." + property.name, property.schema); !s.ok()) {
          return s;
        }
      }
      if (node.additional_properties) {
        return CheckNode(crd, path + ".*", *node.additional_properties);
      }
      return OkStatus();
    }
    case SchemaType::kString:
    case SchemaType::kInteger:
    case SchemaType::kBoolean:
      return OkStatus();
  }
  return OkStatus();
}

}  // namespace

std::string CustomResourceDefinition::Name() const { return plural + "." + group; }

std::string CustomResourceDefinition::ListKind() const { return kind + "List"; }

std::string CustomResourceDefinition::FileName() const {
  return group + "_" + plural + ".yaml";
}

Schema CustomResourceDefinition::ObjectSchema() const {
  Schema root = Object({
      {"apiVersion", String().Describe("The versioned schema of this object, "
                                       "e.g. " + group + "/" + version + ".")},
      {"kind", String().Describe("The kind of this object: " + kind + ".")},
      {"metadata", Object({})},
      {"spec", spec},
      {"status", status},
  });
  root.description = description;
  root.validations = object_rules;
  return root;
}

Status CheckCrd(const CustomResourceDefinition& crd) {
  const std::string name = crd.Name();
  if (crd.group.empty() || crd.kind.empty() || crd.plural.empty() || crd.singular.empty() ||
      crd.version.empty()) {
    return Invalid(name, "", "group, kind, plural, singular and version are all needed");
  }
  if (crd.schema_version < 1) return Invalid(name, "", "the schema version starts at 1");
  if (crd.spec.type != SchemaType::kObject || crd.status.type != SchemaType::kObject) {
    return Invalid(name, "", "spec and status are objects");
  }
  for (const PrinterColumn& column : crd.printer_columns) {
    if (column.name.empty() || column.type.empty() || column.json_path.empty()) {
      return Invalid(name, "", "a printer column needs a name, a type and a JSON path");
    }
  }
  return CheckNode(name, "", crd.ObjectSchema());
}

}  // namespace tk::api
