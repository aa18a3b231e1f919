// Key policies compared by meaning (DESIGN.md section 3: every canonicalised
// value compares by meaning). KMS stores a policy document and may give it
// back reformatted, so the text the user wrote and the text GetKeyPolicy
// answers are compared in a canonical form:
//
// - parsed: whitespace and the order of object members do not matter;
// - "Statement" as a single object equals a list holding that one object;
// - in a statement, the elements IAM defines as "a string or a list of
//   strings" (Action, NotAction, Resource, NotResource, the values of
//   Principal and NotPrincipal, and condition values) equal a one-item list
//   when given as one string.
//
// Order inside lists is kept: reordering statements or actions is reported
// as a change (harmless: one PutKeyPolicy), never hidden.
//
// Pure functions; thread-safe; nlohmann exceptions stay inside.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace tk::services::kms {

// The canonical form of the policy document `text`. kInvalidArgument when it
// is not a JSON object (the message says where parsing stopped; callers add
// the field).
Result<nlohmann::json> CanonicalPolicy(std::string_view text);

// Whether two documents mean the same policy. A text that does not parse
// equals nothing, itself included.
bool SamePolicy(std::string_view a, std::string_view b);

}  // namespace tk::services::kms
