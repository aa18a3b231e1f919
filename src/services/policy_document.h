// IAM policy documents compared by meaning (DESIGN.md section 3: every
// canonicalised value compares by meaning). KMS key policies and DynamoDB
// resource policies are both IAM policy documents, and AWS may give either
// back in another form than it was given: members reordered, whitespace
// dropped, a single value turned into a list, an account id turned into the
// account's root ARN. Comparing text would see a change after every
// PutKeyPolicy or PutResourcePolicy, so desired and observed are compared in
// one canonical form:
//
// - parsed: whitespace and the order of object members do not matter;
// - "Statement": one object equals a list holding that one object, and the
//   statements compare as a set (IAM gives their order no meaning);
// - in a statement, Action, NotAction, Resource and NotResource, each
//   principal list (Principal.AWS, .Service, ... and the same in
//   NotPrincipal) and each condition value are sets: a single string equals
//   a one-item list, and order and repeats do not matter;
// - a principal given as a 12-digit account id (Principal.AWS) equals
//   arn:aws:iam::<id>:root;
// - Principal "*" (anyone) stays as written: it is not the list ["*"].
// Anything else compares as written.
//
// Pure functions; thread-safe; nlohmann exceptions stay inside.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace tk::services {

// ParsePolicy()
//
// The policy document `text`, parsed (not canonicalised). kInvalidArgument
// when it is not a JSON object: the message says where parsing stopped, or
// which JSON type it is instead; callers add the field path.
Result<nlohmann::json> ParsePolicy(std::string_view text);

// CanonicalPolicy()
//
// The canonical form of a parsed policy document, as described above. Any
// JSON is accepted: parts that are not policy-shaped are kept as they are.
nlohmann::json CanonicalPolicy(const nlohmann::json& document);

// SamePolicy()
//
// Whether two policy texts mean the same policy. A text that ParsePolicy
// refuses equals nothing, itself included, so a broken policy is never
// taken as converged (callers validate the desired text first anyway).
// Never throws.
bool SamePolicy(std::string_view a, std::string_view b);

}  // namespace tk::services
