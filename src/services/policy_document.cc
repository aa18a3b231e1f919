#include "services/policy_document.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

namespace tk::services {
namespace {

using nlohmann::json;

// A string or a list of values as a sorted list without repeats.
json AsSet(const json& value) {
  const json list = value.is_array() ? value : json::array({value});
  std::vector<json> items(list.begin(), list.end());
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return json(std::move(items));
}

bool IsAccountId(const json& value) {
  if (!value.is_string()) return false;
  const std::string& text = value.get_ref<const std::string&>();
  return text.size() == 12 &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

// Principal and NotPrincipal: "*" stays as it is (it means anyone, and is no
// list); in the object form each value is a set of ids, an AWS account id
// written as its root ARN.
json CanonicalPrincipal(const json& principal) {
  if (!principal.is_object()) return principal;
  json canonical = json::object();
  for (const auto& [kind, value] : principal.items()) {
    json ids = AsSet(value);
    if (kind == "AWS") {
      for (json& id : ids) {
        if (IsAccountId(id)) id = "arn:aws:iam::" + id.get<std::string>() + ":root";
      }
      ids = AsSet(ids);  // sorted again: an id and its root ARN may both be there
    }
    canonical[kind] = std::move(ids);
  }
  return canonical;
}

// Condition: {operator: {key: value or [values]}}.
json CanonicalCondition(const json& condition) {
  if (!condition.is_object()) return condition;
  json canonical = json::object();
  for (const auto& [op, tests] : condition.items()) {
    if (!tests.is_object()) {
      canonical[op] = tests;
      continue;
    }
    json canonical_tests = json::object();
    for (const auto& [key, value] : tests.items()) canonical_tests[key] = AsSet(value);
    canonical[op] = std::move(canonical_tests);
  }
  return canonical;
}

json CanonicalStatement(const json& statement) {
  if (!statement.is_object()) return statement;
  json canonical = json::object();
  for (const auto& [name, value] : statement.items()) {
    if (name == "Action" || name == "NotAction" || name == "Resource" || name == "NotResource") {
      canonical[name] = AsSet(value);
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

Result<nlohmann::json> ParsePolicy(std::string_view text) {
  json document;
  try {
    document = json::parse(text);
  } catch (const json::parse_error& error) {
    // what() names the line and column; byte is the offset into the text.
    return Status(Code::kInvalidArgument,
                  fmt::format("the policy is not valid JSON: parsing stopped at byte {} ({})",
                              error.byte, error.what()));
  } catch (const json::exception& error) {
    return Status(Code::kInvalidArgument,
                  fmt::format("the policy is not valid JSON ({})", error.what()));
  }
  if (!document.is_object()) {
    return Status(Code::kInvalidArgument,
                  fmt::format("the policy is a JSON {}, not an object with Version and Statement",
                              document.type_name()));
  }
  return document;
}

nlohmann::json CanonicalPolicy(const nlohmann::json& document) {
  if (!document.is_object()) return document;
  json canonical = document;
  if (auto statements = document.find("Statement"); statements != document.end()) {
    const json as_list = statements->is_array() ? *statements : json::array({*statements});
    json list = json::array();
    for (const json& statement : as_list) list.push_back(CanonicalStatement(statement));
    canonical["Statement"] = AsSet(list);
  }
  return canonical;
}

bool SamePolicy(std::string_view a, std::string_view b) {
  const Result<nlohmann::json> first = ParsePolicy(a);
  if (!first.ok()) return false;
  const Result<nlohmann::json> second = ParsePolicy(b);
  if (!second.ok()) return false;
  return CanonicalPolicy(*first) == CanonicalPolicy(*second);
}

}  // namespace tk::services
