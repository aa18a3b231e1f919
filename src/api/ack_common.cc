#include "api/ack_common.h"

#include <utility>

#include <fmt/format.h>

namespace tk::api {

Schema AckResourceMetadata() {
  return Object({
             {"arn", String().Describe("The Amazon Resource Name of the AWS resource, set once "
                                       "the controller has created or adopted it.")},
             {"ownerAccountID", String().Describe("The AWS account that owns the resource.")},
             {"partition", String().Describe("The AWS partition of the resource, e.g. aws.")},
             {"region", String().Describe("The AWS Region of the resource.")},
         })
      .Require({"ownerAccountID", "region"})
      .Describe("Identity of the AWS resource this object manages.");
}

Schema AckConditions() {
  Schema condition =
      Object({
          {"lastTransitionTime",
           DateTime().Describe("When the condition last changed its status.")},
          {"message", String().Describe("What happened, written for a person.")},
          {"reason", String().Describe("A short machine-readable cause of the last change.")},
          {"status", String().Describe("True, False or Unknown.")},
          {"type", String().Describe("The condition's type, e.g. ACK.ResourceSynced, "
                                     "ACK.Terminal, ACK.ReferencesResolved.")},
      })
          .Require({"status", "type"})
          .Describe("One aspect of the object's state.");
  return Array(std::move(condition))
      .Describe("The state of this object and of its AWS resource: synced, terminal, "
                "recoverable, references resolved.");
}

Schema AckStatus(std::vector<Property> fields) {
  std::vector<Property> all;
  all.push_back({"ackResourceMetadata", AckResourceMetadata()});
  all.push_back({"conditions", AckConditions()});
  for (Property& field : fields) all.push_back(std::move(field));
  return Object(std::move(all));
}

Schema ResourceReference(std::string_view kind, std::string_view literal_field) {
  return Object({
             {"from",
              Object({
                  {"name", String().Describe(fmt::format("The name of the {} object.", kind))},
                  {"namespace",
                   String().Describe("Its namespace; this object's namespace when unset.")},
              })
                  .Describe(fmt::format("The {} object to refer to.", kind))},
         })
      .Describe(fmt::format("A reference to a {} object in Kubernetes, used instead of {}.", kind,
                            literal_field));
}

Schema TagList(std::string_view key, std::string_view value) {
  return Array(Object({
                   {std::string(key), String().Describe("The tag's key.")},
                   {std::string(value), String().Describe("The tag's value; may be empty.")},
               }).Describe("A tag: a key and a value."))
      .Describe("Tags of the AWS resource.");
}

Schema Immutable(Schema field, std::string_view path, std::string_view why_and_what_to_do) {
  return std::move(field).Validate("self == oldSelf",
                                   fmt::format("{} is immutable: {}", path, why_and_what_to_do));
}

ValidationRule NotRemovable(std::string_view name, std::string_view path) {
  return ValidationRule{
      fmt::format("!has(oldSelf.{0}) || has(self.{0})", name),
      fmt::format("{} cannot be removed once set: it is immutable; put the previous value back",
                  path)};
}

ValidationRule OneOf(std::string_view parent_path, std::string_view a, std::string_view b) {
  return ValidationRule{
      fmt::format("!(has(self.{}) && has(self.{}))", a, b),
      fmt::format("{0}: set {1} or {2}, not both; remove one of them", parent_path, a, b)};
}

ValidationRule SpecNotRemovable() {
  return ValidationRule{"!has(oldSelf.spec) || has(self.spec)",
                        "spec cannot be removed once set: it holds immutable fields; put it "
                        "back, or delete the object"};
}

std::vector<PrinterColumn> SyncedAndAgeColumns() {
  return {
      PrinterColumn{"Synced", "string",
                    R"(.status.conditions[?(@.type=="ACK.ResourceSynced")].status)",
                    "Whether the AWS resource matches the spec.", 0},
      PrinterColumn{"Age", "date", ".metadata.creationTimestamp", "", 0},
  };
}

}  // namespace tk::api
