#include "services/kms/key_policy.h"

#include <fmt/format.h>

#include <string>

namespace tk::services::kms {
namespace {

// A string as a one-item list; anything else unchanged.
nlohmann::json AsList(const nlohmann::json& value) {
  if (value.is_string()) return nlohmann::json::array({value});
  return value;
}

// Principal and NotPrincipal: "*" stays as it is (it means anyone, and is no
// list); in the object form each value is a string or a list of strings.
nlohmann::json CanonicalPrincipal(const nlohmann::json& principal) {
  if (!principal.is_object()) return principal;
  nlohmann::json canonical = nlohmann::json::object();
  for (const auto& [type, value] : principal.items()) canonical[type] = AsList(value);
  return canonical;
}

// Condition: {operator: {key: value or [values]}}.
nlohmann::json CanonicalCondition(const nlohmann::json& condition) {
  if (!condition.is_object()) return condition;
  nlohmann::json canonical = nlohmann::json::object();
  for (const auto& [op, keys] : condition.items()) {
    if (!keys.is_object()) {
      canonical[op] = keys;
      continue;
    }
    nlohmann::json values = nlohmann::json::object();
    for (const auto& [key, value] : keys.items()) values[key] = AsList(value);
    canonical[op] = std::move(values);
  }
  return canonical;
}

nlohmann::json CanonicalStatement(const nlohmann::json& statement) {
  if (!statement.is_object()) return statement;
  nlohmann::json canonical = nlohmann::json::object();
  for (const auto& [name, value] : statement.items()) {
    if (name == "Action" || name == "NotAction" || name == "Resource" || name == "NotResource") {
      canonical[name] = AsList(value);
    } else if (name == "Principal" || name == "NotPrincipal") {
      canonical[name] = CanonicalPrincipal(value);
    } else if (name == "Condition") {
      canonical[name] = CanonicalCondition(value);
    } else {
      canonical[name] = value;
    }
  }
  return canonical;
}

}  // namespace

Result<nlohmann::json> CanonicalPolicy(std::string_view text) {
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& error) {
    return Status(Code::kInvalidArgument,
                  fmt::format("the policy is not valid JSON ({})", error.what()));
  }
  if (!document.is_object()) {
    return Status(Code::kInvalidArgument,
                  fmt::format("the policy is a JSON {}, not an object with Version and Statement",
                              document.type_name()));
  }
  const auto statements = document.find("Statement");
  if (statements != document.end()) {
    nlohmann::json list = nlohmann::json::array();
    if (statements->is_array()) {
      for (const nlohmann::json& statement : *statements) {
        list.push_back(CanonicalStatement(statement));
      }
    } else {
      list.push_back(CanonicalStatement(*statements));
    }
    *statements = std::move(list);
  }
  return document;
}

bool SamePolicy(std::string_view a, std::string_view b) {
  Result<nlohmann::json> first = CanonicalPolicy(a);
  Result<nlohmann::json> second = CanonicalPolicy(b);
  return first.ok() && second.ok() && *first == *second;
}

}  // namespace tk::services::kms
