// KeyIdentity: the one answer to "which KMS key is this?" (DESIGN.md
// section 3, key identity).
//
// A key can be named four ways: key id ("1234abcd-..."), key ARN
// ("arn:aws:kms:us-east-1:111122223333:key/1234abcd-..."), alias name
// ("alias/orders") and alias ARN ("arn:aws:kms:...:alias/orders"). Its
// canonical form is the key ARN. The DynamoDB controller compares desired and
// observed keys only in that form, so a table converges whichever way its
// spec names the key.
//
// Contract for implementations (key_identity_resolver.h is the real one):
// - KeyArnOf answers from a cache when it can; a resolution is kept for a
//   bounded lifetime, and an alias's is dropped at once by InvalidateAlias
//   (an Alias object we manage changed its target). Concurrent callers for
//   the same name share one DescribeKey.
// - A key ARN is answered without a call.
// - Errors: kNotFound when KMS has no such key or alias (the message names
//   it); kInvalidArgument for a string that is none of the four forms; KMS's
//   errors otherwise (kThrottled, kUnavailable, ...).
// - Thread-safe.
#pragma once

#include <string>

#include "util/status.h"

namespace tk::services::kms {

class KeyIdentity {
 public:
  virtual ~KeyIdentity() = default;

  // The key ARN of the key `key_name` names in `region` (an ARN's own region
  // wins over `region`).
  virtual Result<std::string> KeyArnOf(const std::string& region, const std::string& key_name) = 0;

  // Forgets what `alias_name` ("alias/x") resolved to in `region`.
  virtual void InvalidateAlias(const std::string& region, const std::string& alias_name) = 0;
};

}  // namespace tk::services::kms
