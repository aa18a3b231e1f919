// kms::Client: the KMS operations tablekeeper uses, typed, over a
// ServiceClient of kKmsModel.
//
//   aws::kms::Client kms(*kms_service_client);
//   AwsResult<aws::kms::KeyMetadata> key = kms.DescribeKey("alias/orders");
//   if (key.IsError("NotFoundException")) ...
//   if (!key.ok()) return key.status();
//   const std::string canonical = key->arn.value_or("");
//
// Each method sends one operation (List* send one per page) through
// ServiceClient::Call, which signs, rate-limits and retries (throttling and
// transient errors; never LimitExceededException). Outcomes:
// - success: the decoded output (kms_types.h, kms_operations.h), or Done for
//   operations that have none;
// - an AWS error answer: the failure of ServiceClient::Call unchanged, so
//   AwsResult::IsError("NotFoundException") and error() work, and status()
//   has the tk::Code of aws_error.h (NotFoundException -> kNotFound,
//   KMSInvalidStateException -> kFailedPrecondition, ...);
// - a transport or credentials failure: as ServiceClient::Call;
// - an answer that does not decode: kInternal naming the operation, the key
//   (or alias) and the member at fault.
// A `key_id` is a key id or a key ARN, as KMS documents for these operations;
// DescribeKey also takes an alias name ("alias/orders") or alias ARN.
//
// Thread-safe when the transport is (a ServiceClient is). The ServiceClient is
// borrowed and must outlive the Client.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/aws_error.h"
#include "aws/kms_operations.h"
#include "aws/kms_types.h"
#include "aws/service_client.h"

namespace tk::aws::kms {

// The output of an operation that has none. Such an operation also succeeds
// on the body "null" that moto answers for it (see IsNullAnswer in
// kms_client.cc).
struct Done {};

class Client {
 public:
  // Sends `operation` with `input` and returns the answer, with the contract
  // of ServiceClient::Call.
  using Transport =
      std::function<AwsResult<nlohmann::json>(std::string_view operation,
                                              const nlohmann::json& input)>;

  // The most pages one List* call follows before it fails with kInternal: a
  // guard against a service that keeps answering Truncated.
  static constexpr int kMaxPages = 1000;

  // REQUIRES: `kms` is a client of kKmsModel.
  explicit Client(ServiceClient& kms);
  // Over any transport: unit tests script answers with it, e.g. the pages of
  // a listing no emulator produces.
  explicit Client(Transport transport);

  // --- Keys ---

  // Creates a key; its metadata. A CreateKeyRequest{} makes a symmetric
  // encryption key with the default policy.
  AwsResult<KeyMetadata> CreateKey(const CreateKeyRequest& request);

  // The key `key_id` (any of its four names) names. KeyMetadata::arn is the
  // key's canonical name (DESIGN.md §3). NotFoundException when no key or
  // alias has that name.
  AwsResult<KeyMetadata> DescribeKey(std::string_view key_id);

  // Enables a Disabled key (KeyState -> Enabled). AWS answers
  // KMSInvalidStateException for a key pending deletion (moto does not).
  AwsResult<Done> EnableKey(std::string_view key_id);
  // Disables an Enabled key (KeyState -> Disabled).
  AwsResult<Done> DisableKey(std::string_view key_id);
  // Replaces the key's description.
  AwsResult<Done> UpdateKeyDescription(std::string_view key_id, std::string_view description);

  // Schedules the key's deletion after request.pending_window_in_days (7 to
  // 30, AWS's default 30); KeyState becomes PendingDeletion. The response
  // carries the key ARN and the DeletionDate. A window outside 7..30 is
  // ValidationException.
  AwsResult<ScheduleKeyDeletionResponse> ScheduleKeyDeletion(
      const ScheduleKeyDeletionRequest& request);
  // Cancels a scheduled deletion; the key is then Disabled, not Enabled.
  // AWS answers with the key ARN (moto echoes the name it was given).
  AwsResult<CancelKeyDeletionResponse> CancelKeyDeletion(std::string_view key_id);

  // --- Key policy ---

  // The key policy document, as KMS stores it: compare it parsed, never as
  // text (DESIGN.md §3).
  AwsResult<GetKeyPolicyResponse> GetKeyPolicy(std::string_view key_id,
                                               std::string_view policy_name = kDefaultPolicyName);
  // Replaces the key policy. MalformedPolicyDocumentException for a document
  // KMS refuses.
  AwsResult<Done> PutKeyPolicy(const PutKeyPolicyRequest& request);

  // --- Automatic rotation (symmetric encryption keys only) ---

  AwsResult<Done> EnableKeyRotation(const EnableKeyRotationRequest& request);
  AwsResult<Done> DisableKeyRotation(std::string_view key_id);
  AwsResult<GetKeyRotationStatusResponse> GetKeyRotationStatus(std::string_view key_id);

  // --- Tags ---

  // Adds `tags`, overwriting the value of a tag key already there.
  AwsResult<Done> TagResource(std::string_view key_id, const std::vector<Tag>& tags);
  // Removes the tags named `tag_keys`; naming a tag that is not there is not
  // an error.
  AwsResult<Done> UntagResource(std::string_view key_id, const std::vector<std::string>& tag_keys);
  // Every tag of the key: follows NextMarker while Truncated, from
  // request.marker (normally unset), request.limit tags per page.
  AwsResult<std::vector<Tag>> ListResourceTags(const ListResourceTagsRequest& request);

  // --- Aliases ---

  // Creates `alias_name` ("alias/..."; "alias/aws/" is reserved) for the key
  // `target_key_id`. AlreadyExistsException when the
  // alias exists, whatever key it names.
  AwsResult<Done> CreateAlias(std::string_view alias_name, std::string_view target_key_id);
  // Points an existing alias at another key. NotFoundException when the
  // alias does not exist.
  AwsResult<Done> UpdateAlias(std::string_view alias_name, std::string_view target_key_id);
  // Deletes the alias, not the key. NotFoundException when it does not exist.
  AwsResult<Done> DeleteAlias(std::string_view alias_name);
  // Every alias (of request.key_id when set), following NextMarker while
  // Truncated, request.limit per page. AliasListEntry::target_key_id is a
  // key id, not an ARN.
  AwsResult<std::vector<AliasListEntry>> ListAliases(const ListAliasesRequest& request = {});

 private:
  // Sends an operation without output. AWS's error messages name the key or
  // alias, so no subject is added to them.
  AwsResult<Done> SendExpectingNothing(std::string_view operation, const nlohmann::json& input);
  // DescribeKey and CreateKey: the answer's KeyMetadata; `subject` (the key
  // name asked for) goes into messages.
  AwsResult<KeyMetadata> KeyMetadataOf(std::string_view operation, std::string_view subject,
                                       const nlohmann::json& input);

  const Transport transport_;
};

}  // namespace tk::aws::kms
