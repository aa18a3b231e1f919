// The four ways of naming a KMS key (DESIGN.md section 3, key identity), told
// apart and taken apart without calling KMS:
//
//   key id      1234abcd-12ab-34cd-56ef-1234567890ab
//               mrk-1234abcd12ab34cd56ef1234567890ab   (a multi-Region key)
//   key ARN     arn:aws:kms:us-east-1:111122223333:key/1234abcd-...
//   alias name  alias/orders
//   alias ARN   arn:aws:kms:us-east-1:111122223333:alias/orders
//
// ParseKeyName accepts exactly these forms, as KMS documents them, and fails
// with kInvalidArgument (saying which forms are accepted) for anything else,
// so a typo in a spec is reported without a call to AWS. The message names
// the string, not the field: callers add the field with Status::WithContext.
//
// Alias names follow CreateAlias's rules: "alias/" then letters, digits, "/",
// "_" and "-", at most 256 characters in all. ValidateAliasNameForCreate
// also refuses the "alias/aws/" prefix, which AWS reserves for the aliases of
// AWS-managed keys (they may still be named, e.g. alias/aws/dynamodb, to
// resolve a key).
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "util/status.h"

namespace tk::services::kms {

enum class KeyNameForm { kKeyId, kKeyArn, kAliasName, kAliasArn };

// "key id", "key ARN", "alias name" or "alias ARN", for messages.
std::string_view KeyNameFormName(KeyNameForm form);

// One key name, taken apart.
struct KeyName {
  KeyNameForm form = KeyNameForm::kKeyId;
  std::string text;  // as given

  // The ARN forms only (empty otherwise).
  std::string partition;  // "aws", "aws-cn", "aws-us-gov", ...
  std::string region;     // "us-east-1"
  std::string account;    // "111122223333"

  // kKeyId and kKeyArn: the key id. Empty for the alias forms.
  std::string key_id;
  // kAliasName and kAliasArn: "alias/orders". Empty for the key forms.
  std::string alias_name;

  bool IsArn() const { return form == KeyNameForm::kKeyArn || form == KeyNameForm::kAliasArn; }
  bool IsAlias() const {
    return form == KeyNameForm::kAliasName || form == KeyNameForm::kAliasArn;
  }
};

// Which of the four forms `text` is, and its parts. kInvalidArgument for a
// string that is none of them.
Result<KeyName> ParseKeyName(std::string_view text);

// Whether `text` is a key id: a UUID, or "mrk-" and 32 hex digits.
bool IsKeyId(std::string_view text);

// OK for an alias name CreateAlias accepts: "alias/" + [A-Za-z0-9/_-]+, at
// most 256 characters, not under "alias/aws/". kInvalidArgument saying what is
// wrong and what a valid name looks like.
Status ValidateAliasNameForCreate(std::string_view alias_name);

// "arn:<partition>:kms:<region>:<account>:alias/x" for `alias_name`
// ("alias/x") in the account and region of the key ARN `key_arn` (an alias and
// its key always share both). Empty when `key_arn` is not a key ARN.
std::string AliasArnFor(std::string_view key_arn, std::string_view alias_name);

}  // namespace tk::services::kms
