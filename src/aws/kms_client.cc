#include "aws/kms_client.h"

#include <fmt/format.h>

#include <utility>

namespace tk::aws::kms {
namespace {

// The failure of `answer` as an AwsResult<T>, keeping the AwsError.
template <typename T>
AwsResult<T> FailureOf(const AwsResult<nlohmann::json>& answer) {
  if (const AwsError* error = answer.error()) return AwsResult<T>(answer.status(), *error);
  return AwsResult<T>(answer.status());
}

// "kms DescribeKey alias/orders", or "kms ListAliases" without a subject.
std::string Context(std::string_view operation, std::string_view subject) {
  if (subject.empty()) return fmt::format("kms {}", operation);
  return fmt::format("kms {} {}", operation, subject);
}

// A decoded output, or kInternal naming the call and the member at fault.
template <typename T>
AwsResult<T> Decoded(Result<T> decoded, std::string_view operation, std::string_view subject) {
  if (!decoded.ok()) {
    return decoded.status().WithContext(
        fmt::format("{}: unreadable answer", Context(operation, subject)));
  }
  return std::move(*decoded);
}

// Whether `answer` is ServiceClient's refusal of the body "null": what moto
// answers for operations without output, where AWS answers an empty body.
// Walks the pages of a List* operation: `request` is the first page's input,
// `decode` turns an answer into (items, next marker or nullopt when done).
template <typename Item, typename DecodePage>
AwsResult<std::vector<Item>> AllPages(const Client::Transport& transport,
                                      std::string_view operation, std::string_view subject,
                                      nlohmann::json request, DecodePage decode) {
  std::vector<Item> items;
  for (int page = 0; page < Client::kMaxPages; ++page) {
    AwsResult<nlohmann::json> answer = transport(operation, request);
    if (!answer.ok()) return FailureOf<std::vector<Item>>(answer);
    std::optional<std::string> next;
    const Status decoded = decode(*answer, items, next);
    if (!decoded.ok()) {
      return decoded.WithContext(
          fmt::format("{}: unreadable answer (page {})", Context(operation, subject), page + 1));
    }
    if (!next) return items;
    if (request.contains("Marker") && request["Marker"] == *next) {
      return Status(Code::kInternal,
                    fmt::format("{}: page {} answered Truncated with the marker it was given; "
                                "stopping instead of asking for the same page again",
                                Context(operation, subject), page + 1));
    }
    request["Marker"] = std::move(*next);
  }
  return Status(Code::kInternal, fmt::format("{}: still Truncated after {} pages; giving up",
                                             Context(operation, subject), Client::kMaxPages));
}

// The marker of the next page from Truncated and NextMarker, or a failure
// when a truncated page names none.
Status NextMarker(const std::optional<bool>& truncated,
                  const std::optional<std::string>& next_marker,
                  std::optional<std::string>& next) {
  if (!truncated.value_or(false)) return Status();
  if (!next_marker || next_marker->empty()) {
    return Status(Code::kInternal, "Truncated is true but NextMarker is missing");
  }
  next = *next_marker;
  return Status();
}

}  // namespace

Client::Client(ServiceClient& kms)
    : transport_([&kms](std::string_view operation, const nlohmann::json& input) {
        return kms.Call(operation, input);
      }) {}

Client::Client(Transport transport) : transport_(std::move(transport)) {}

AwsResult<Done> Client::SendExpectingNothing(std::string_view operation,
                                             const nlohmann::json& input) {
  AwsResult<nlohmann::json> answer = transport_(operation, input);
  if (answer.ok()) return Done{};
  return FailureOf<Done>(answer);
}

AwsResult<KeyMetadata> Client::KeyMetadataOf(std::string_view operation,
                                             std::string_view subject,
                                             const nlohmann::json& input) {
  AwsResult<nlohmann::json> answer = transport_(operation, input);
  if (!answer.ok()) return FailureOf<KeyMetadata>(answer);
  const auto metadata = answer->find("KeyMetadata");
  if (metadata == answer->end() || metadata->is_null()) {
    return Status(Code::kInternal,
                  fmt::format("{}: the answer has no KeyMetadata", Context(operation, subject)));
  }
  return Decoded(DecodeKeyMetadata(*metadata, "KeyMetadata"), operation, subject);
}

AwsResult<KeyMetadata> Client::CreateKey(const CreateKeyRequest& request) {
  return KeyMetadataOf("CreateKey", "", EncodeCreateKeyRequest(request));
}

AwsResult<KeyMetadata> Client::DescribeKey(std::string_view key_id) {
  return KeyMetadataOf("DescribeKey", key_id, {{"KeyId", key_id}});
}

AwsResult<Done> Client::EnableKey(std::string_view key_id) {
  return SendExpectingNothing("EnableKey", {{"KeyId", key_id}});
}

AwsResult<Done> Client::DisableKey(std::string_view key_id) {
  return SendExpectingNothing("DisableKey", {{"KeyId", key_id}});
}

AwsResult<Done> Client::UpdateKeyDescription(std::string_view key_id, std::string_view description) {
  return SendExpectingNothing("UpdateKeyDescription", {{"KeyId", key_id}, {"Description", description}});
}

AwsResult<ScheduleKeyDeletionResponse> Client::ScheduleKeyDeletion(
    const ScheduleKeyDeletionRequest& request) {
  AwsResult<nlohmann::json> answer =
      transport_("ScheduleKeyDeletion", EncodeScheduleKeyDeletionRequest(request));
  if (!answer.ok()) return FailureOf<ScheduleKeyDeletionResponse>(answer);
  return Decoded(DecodeScheduleKeyDeletionResponse(*answer), "ScheduleKeyDeletion",
                 request.key_id);
}

AwsResult<CancelKeyDeletionResponse> Client::CancelKeyDeletion(std::string_view key_id) {
  AwsResult<nlohmann::json> answer = transport_("CancelKeyDeletion", {{"KeyId", key_id}});
  if (!answer.ok()) return FailureOf<CancelKeyDeletionResponse>(answer);
  return Decoded(DecodeCancelKeyDeletionResponse(*answer), "CancelKeyDeletion", key_id);
}

AwsResult<GetKeyPolicyResponse> Client::GetKeyPolicy(std::string_view key_id,
                                                     std::string_view policy_name) {
  AwsResult<nlohmann::json> answer =
      transport_("GetKeyPolicy", {{"KeyId", key_id}, {"PolicyName", policy_name}});
  if (!answer.ok()) return FailureOf<GetKeyPolicyResponse>(answer);
  return Decoded(DecodeGetKeyPolicyResponse(*answer), "GetKeyPolicy", key_id);
}

AwsResult<Done> Client::PutKeyPolicy(const PutKeyPolicyRequest& request) {
  return SendExpectingNothing("PutKeyPolicy", EncodePutKeyPolicyRequest(request));
}

AwsResult<Done> Client::EnableKeyRotation(const EnableKeyRotationRequest& request) {
  return SendExpectingNothing("EnableKeyRotation", EncodeEnableKeyRotationRequest(request));
}

AwsResult<Done> Client::DisableKeyRotation(std::string_view key_id) {
  return SendExpectingNothing("DisableKeyRotation", {{"KeyId", key_id}});
}

AwsResult<GetKeyRotationStatusResponse> Client::GetKeyRotationStatus(std::string_view key_id) {
  AwsResult<nlohmann::json> answer = transport_("GetKeyRotationStatus", {{"KeyId", key_id}});
  if (!answer.ok()) return FailureOf<GetKeyRotationStatusResponse>(answer);
  return Decoded(DecodeGetKeyRotationStatusResponse(*answer), "GetKeyRotationStatus", key_id);
}

AwsResult<Done> Client::TagResource(std::string_view key_id, const std::vector<Tag>& tags) {
  nlohmann::json list = nlohmann::json::array();
  for (const Tag& tag : tags) list.push_back(EncodeTag(tag));
  return SendExpectingNothing("TagResource", {{"KeyId", key_id}, {"Tags", list}});
}

AwsResult<Done> Client::UntagResource(std::string_view key_id,
                                      const std::vector<std::string>& tag_keys) {
  return SendExpectingNothing("UntagResource", {{"KeyId", key_id}, {"TagKeys", tag_keys}});
}

AwsResult<std::vector<Tag>> Client::ListResourceTags(const ListResourceTagsRequest& request) {
  return AllPages<Tag>(
      transport_, "ListResourceTags", request.key_id, EncodeListResourceTagsRequest(request),
      [](const nlohmann::json& answer, std::vector<Tag>& tags,
         std::optional<std::string>& next) -> Status {
        Result<ListResourceTagsResponse> page = DecodeListResourceTagsResponse(answer);
        if (!page.ok()) return page.status();
        if (page->tags) tags.insert(tags.end(), page->tags->begin(), page->tags->end());
        return NextMarker(page->truncated, page->next_marker, next);
      });
}

AwsResult<Done> Client::CreateAlias(std::string_view alias_name, std::string_view target_key_id) {
  return SendExpectingNothing("CreateAlias",
                              {{"AliasName", alias_name}, {"TargetKeyId", target_key_id}});
}

AwsResult<Done> Client::UpdateAlias(std::string_view alias_name, std::string_view target_key_id) {
  return SendExpectingNothing("UpdateAlias",
                              {{"AliasName", alias_name}, {"TargetKeyId", target_key_id}});
}

AwsResult<Done> Client::DeleteAlias(std::string_view alias_name) {
  return SendExpectingNothing("DeleteAlias", {{"AliasName", alias_name}});
}

AwsResult<std::vector<AliasListEntry>> Client::ListAliases(const ListAliasesRequest& request) {
  return AllPages<AliasListEntry>(
      transport_, "ListAliases", request.key_id.value_or(""), EncodeListAliasesRequest(request),
      [](const nlohmann::json& answer, std::vector<AliasListEntry>& aliases,
         std::optional<std::string>& next) -> Status {
        Result<ListAliasesResponse> page = DecodeListAliasesResponse(answer);
        if (!page.ok()) return page.status();
        if (page->aliases) {
          aliases.insert(aliases.end(), page->aliases->begin(), page->aliases->end());
        }
        return NextMarker(page->truncated, page->next_marker, next);
      });
}

}  // namespace tk::aws::kms
