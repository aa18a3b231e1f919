// Shapes every ACK-compatible kind shares: the common status fields, the
// reference to another Kubernetes object, tag lists, and the CEL rules we add
// for immutable fields and for exclusive pairs of fields.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/crd.h"
#include "api/schema.h"

namespace tk::api {

// status.ackResourceMetadata{arn, ownerAccountID, region, partition}.
Schema AckResourceMetadata();

// status.conditions[]{type, status, reason, message, lastTransitionTime}.
Schema AckConditions();

// An object's status: ackResourceMetadata and conditions, then `fields`.
Schema AckStatus(std::vector<Property> fields);

// ACK's AWSResourceReferenceWrapper: {from: {name, namespace}}, naming a
// `kind` object whose identifier stands in for the field `literal_field`.
Schema ResourceReference(std::string_view kind, std::string_view literal_field);

// A list of tags whose items have the member names `key` and `value`
// (KMS says tagKey/tagValue, DynamoDB key/value).
Schema TagList(std::string_view key, std::string_view value);

// `field` with the transition rule self == oldSelf: once set, `path` (the
// field's path from the object, e.g. "spec.keySpec") cannot change.
// `why_and_what_to_do` completes the message, e.g. "KMS cannot change it;
// create a new Key instead".
Schema Immutable(Schema field, std::string_view path, std::string_view why_and_what_to_do);

// A rule for the parent object of an optional immutable field named `name`
// (at `path`): once set it cannot be removed. Without it, removing the field
// and adding it back with another value would get past self == oldSelf.
// Adding the field later stays allowed: adoption fills the spec from AWS.
ValidationRule NotRemovable(std::string_view name, std::string_view path);

// A rule for the parent object of `a` and `b` (at `parent_path`): at most one
// of the two is set.
ValidationRule OneOf(std::string_view parent_path, std::string_view a, std::string_view b);

// The rule on the whole object: spec, once there, cannot be removed (which
// would drop every immutable field at once).
ValidationRule SpecNotRemovable();

// Printer columns every kind ends with: Synced (ACK.ResourceSynced) and Age.
std::vector<PrinterColumn> SyncedAndAgeColumns();

}  // namespace tk::api
